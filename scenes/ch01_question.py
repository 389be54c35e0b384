"""Chapter 1: the question, the pipeline, and the roadmap."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circumscribe,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    RoundedRectangle,
    VGroup,
    Write,
)

from mathcore.example import formulas
from mathcore.outline import CHAPTERS, chapter_named
from scenes.base import LectureScene
from scenes.components.pacing import until_end_of


class TheQuestion(LectureScene):
    """Why does the negative log-likelihood go with softmax? Why is its gradient so simple."""

    chapter = chapter_named("question")
    highlighted = "backwards"  # the roadmap's answer: run the derivation backwards
    # The roadmap's entries marked as the plan's words name them: (phrase, chapter slugs).
    roadmap_marks = (("Here is the plan", ("cost", "gradient")),
                     ("then run the derivation backwards", ("backwards", "potential", "deeper")))

    def construct(self) -> None:
        """Play the chapter's beats."""
        self._show_title_and_pipeline()
        self._show_roadmap()

    def _box(self, tex: str, color: str) -> VGroup:
        label = self.math(tex, size=40, color=color)
        box = RoundedRectangle(corner_radius=0.15, width=max(label.width + 0.6, 1.3),
                               height=label.height + 0.6, color=color, stroke_width=3)
        box.set_fill(self.theme.panel, opacity=1)
        label.move_to(box)
        return VGroup(box, label)

    def _show_title_and_pipeline(self) -> None:
        """Title, the pipeline z -> softmax -> y -> C, and the identity."""
        table = formulas()
        self.beat("A classifier turns logits into probabilities with softmax, and is trained "
                  "with the negative log-likelihood cost. Its gradient comes out as simply "
                  "y minus t. Why so simple? And where does the cost come from?")
        title = self.text("Removing the magic", size=56)
        subtitle = self.text("where the negative log-likelihood comes from", size=30,
                             color=self.theme.muted)
        heading = VGroup(title, subtitle).arrange(DOWN, buff=0.2)
        heading.move_to([0, 2.2, 0])
        boxes = VGroup(
            self._box(table["logits_symbol"], self.theme.logit),
            self._box(table["softmax_name"], self.theme.text),
            self._box(table["probabilities_symbol"], self.theme.probability),
            self._box(table["cost"], self.theme.cost),
        ).arrange(RIGHT, buff=1.0)
        boxes.move_to([0, 0.1, 0])
        arrows = VGroup(*[
            Arrow(boxes[index].get_right(), boxes[index + 1].get_left(), buff=0.12,
                  color=self.theme.muted, stroke_width=4)
            for index in range(len(boxes) - 1)
        ])
        identity = self.math(table["gradient_formula"], size=54, color=self.theme.gradient)
        identity.move_to([0, -2.1, 0])
        question = self.text("why so simple?", size=32, color=self.theme.highlight)
        question.next_to(identity, RIGHT, buff=0.6)
        group = VGroup(identity, question)
        group.move_to([0, -2.1, 0])
        # The pipeline is drawn as the first sentences name its parts.
        first = until_end_of(self, "A classifier turns logits")
        self.play(Write(title), FadeIn(subtitle, shift=UP * 0.2), run_time=first * 0.3)
        self.play(LaggedStart(*[FadeIn(box, shift=RIGHT * 0.2) for box in boxes[:3]],
                              lag_ratio=0.5),
                  LaggedStart(*[GrowArrow(arrow) for arrow in arrows[:2]], lag_ratio=0.5),
                  run_time=until_end_of(self, "A classifier turns logits", shortest=1.5))
        self.wait_for("and is trained with")
        self.play(GrowArrow(arrows[2]), FadeIn(boxes[3], shift=RIGHT * 0.2),
                  run_time=until_end_of(self, "and is trained with", 0.6))
        self.wait_for("Its gradient comes out")
        self.play(Write(identity), run_time=until_end_of(self, "Its gradient comes out", 0.8))
        self.wait_for("Why so simple?")
        span = until_end_of(self, "Why so simple?")
        self.play(FadeIn(question, shift=LEFT * 0.2), run_time=span * 0.35)
        # "And where does the cost come from?": the cost's box.
        self.play(Circumscribe(boxes[3], color=self.theme.highlight), run_time=span * 0.6)
        self.opening = VGroup(heading, boxes, arrows, group)

    def _show_roadmap(self) -> None:
        """The chapters ahead, each marked as the plan names it."""
        self.beat("Here is the plan: build the cost, differentiate it, then run the "
                  "derivation backwards, and see why it had to be this way.")
        self.play(FadeOut(self.opening), run_time=0.6)
        entries = VGroup(*[
            self.text(f"{chapter.number}.  {chapter.title}", size=28,
                      color=self.theme.gradient if chapter.slug == self.highlighted
                      else self.theme.text)
            for chapter in CHAPTERS[1:]
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        entries.move_to([0, -0.2, 0])
        self.play(LaggedStart(*[FadeIn(entry, shift=RIGHT * 0.2) for entry in entries],
                              lag_ratio=0.15), run_time=1.6)
        by_slug = {chapter.slug: entry for chapter, entry in zip(CHAPTERS[1:], entries,
                                                                  strict=True)}
        for phrase, slugs in self.roadmap_marks:
            self.wait_for(phrase)
            self.play(*[Indicate(by_slug[slug], color=self.theme.highlight, scale_factor=1.1)
                        for slug in slugs], run_time=until_end_of(self, phrase, 0.45))
