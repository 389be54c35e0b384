"""Chapter 2: logits to probabilities, one operation at a time."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    UP,
    AnimationGroup,
    FadeIn,
    FadeOut,
    Indicate,
    ReplacementTransform,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from mathcore.outline import chapter_named
from scenes.base import LectureScene
from scenes.components.bars import ClassBars


class LogitsToProbabilities(LectureScene):
    """Logits become e^z, then a sum, then probabilities; a common shift changes nothing."""

    chapter = chapter_named("probabilities")
    bars_width = 6.4
    bars_height = 3.2
    bars_center = np.array([-3.3, -0.3, 0.0])
    formula_size = 50
    formula_x = 4.1
    formula_y = 0.9
    note_center = np.array([4.1, -0.9, 0.0])
    panel_width = 5.6
    panel_height = 2.8
    caption_gap = 0.95  # above the plotting area: room for two staggered rows of values

    def construct(self) -> None:
        """Play the chapter's beats."""
        self._show_logits()
        self._show_exponentials()
        self._show_sum()
        self._show_probabilities()
        self._show_shift_invariance()

    def _caption(self, words: str, symbol: str, color: str, bars: ClassBars) -> VGroup:
        caption = self.labelled(words, self.example.latex[symbol], color)
        caption.move_to([bars.get_center()[0], bars.area_top() + self.caption_gap, 0])
        return caption

    def _show_logits(self) -> None:
        """Bars of the logits with class names."""
        example = self.example
        names = ", ".join(example.classes)
        self.beat(f"The network ends in one number per class, its logits z: "
                  f"one for each of {names}. They can be any real numbers.")
        self.logit_bars = ClassBars(example.shown(example.logits), example.classes,
                                    self.theme.logit, self.bars_width, self.bars_height)
        self.logit_bars.shift(self.bars_center)
        self.caption = self._caption("logits", "logits_symbol", self.theme.logit,
                                     self.logit_bars)
        self.play(FadeIn(self.logit_bars, shift=UP * 0.2), FadeIn(self.caption))

    def _show_exponentials(self) -> None:
        """Each bar becomes e^{z_k}."""
        example, latex = self.example, self.example.latex
        self.beat("Exponentiate each one. Every e to the z is positive, and the "
                  "largest logit pulls ahead.")
        self.shown_formula = self.formula(latex["exponential"], self.formula_y)
        animation = self.logit_bars.animate_to(
            example.shown(example.exponentials), color=self.theme.exponential,
            value_range=(0.0, float(np.max(example.exponentials))))
        new_caption = self._caption("exponentials", "exponentials_symbol",
                                    self.theme.exponential, self.logit_bars)
        self.play(animation, ReplacementTransform(self.caption, new_caption),
                  Write(self.shown_formula), run_time=2)
        self.caption = new_caption

    def _show_sum(self) -> None:
        """The bars stack into the sum."""
        example, latex = self.example, self.example.latex
        self.beat(f"Stack them up: the total is the sum of e to the z_k, "
                  f"here {example.fmt(example.partition)}.")
        bars = self.logit_bars.bars
        column_x = self.logit_bars.get_right()[0] + 0.55
        bottom = self.logit_bars.area_bottom()
        scale = self.bars_height / example.partition
        self.stack = VGroup()
        height_so_far = 0.0
        moves = []
        for bar, value in zip(bars, example.exponentials, strict=True):
            piece = bar.copy()
            height = max(value * scale, 1e-3)
            piece.stretch_to_fit_height(height)
            piece.stretch_to_fit_width(0.5)
            piece.move_to([column_x, bottom + height_so_far + height / 2, 0])
            height_so_far += height
            moves.append(ReplacementTransform(bar.copy(), piece))
            self.stack.add(piece)
        self.sum_label = self.math(latex["partition_value"], size=40,
                                   color=self.theme.exponential)
        self.sum_label.move_to(self.note_center)
        new_formula = self.formula(latex["softmax_fraction"], self.formula_y)
        self.play(AnimationGroup(*moves, lag_ratio=0.15), run_time=2)
        self.play(FadeIn(self.sum_label, shift=DOWN * 0.2),
                  TransformMatchingTex(self.shown_formula, new_formula))
        self.shown_formula = new_formula

    def _show_probabilities(self) -> None:
        """Each bar divided by the sum: probabilities that sum to one."""
        example, latex = self.example, self.example.latex
        self.beat("Divide each one by that sum. Each piece of the stack becomes a "
                  "probability y, and together they add up to exactly one.")
        target = self.logit_bars.like(example.shown(example.probabilities),
                                      color=self.theme.probability, value_range=(0.0, 1.0))
        new_caption = self._caption("probabilities", "probabilities_symbol",
                                    self.theme.probability, target)
        formula = self.formula(latex["softmax"], self.formula_y)
        check = self.math(latex["probabilities_sum"], size=44, color=self.theme.probability)
        check.move_to(self.note_center)
        self.play(
            ReplacementTransform(self.stack, target.bars),
            FadeOut(self.logit_bars.bars),
            ReplacementTransform(self.logit_bars.value_labels, target.value_labels),
            ReplacementTransform(self.logit_bars.baseline, target.baseline),
            ReplacementTransform(self.logit_bars.name_labels, target.name_labels),
            FadeOut(self.sum_label),
            ReplacementTransform(self.caption, new_caption),
            TransformMatchingTex(self.shown_formula, formula),
            run_time=2,
        )
        self.remove(self.logit_bars)
        self.add(target)
        self.probability_bars = target
        self.caption = new_caption
        self.shown_formula = formula
        self.play(Write(check))
        self.play(Indicate(check, color=self.theme.highlight))
        self.sum_check = check

    def _show_shift_invariance(self) -> None:
        """Adding the same c to every logit moves the logits, not the probabilities."""
        example, latex = self.example, self.example.latex
        self.beat(f"Add the same constant to every logit, here "
                  f"{example.fmt(example.shift)}. The logits move; the "
                  f"probabilities do not. Softmax only sees differences of logits, which is "
                  f"why a constant of integration will appear later.")
        self.play(FadeOut(self.shown_formula), FadeOut(self.sum_check), FadeOut(self.caption))
        shifted = example.shifted_logits
        both = np.concatenate([example.logits, shifted])
        value_range = (min(0.0, float(both.min())), max(0.0, float(both.max())))
        logits = ClassBars(example.shown(example.logits), example.classes, self.theme.logit,
                           self.panel_width, self.panel_height, value_range=value_range)
        logits.shift([-3.6, -0.4, 0])
        probabilities = ClassBars(example.shown(example.probabilities), example.classes,
                                  self.theme.probability, self.panel_width, self.panel_height,
                                  value_range=(0.0, 1.0))
        probabilities.shift([3.6, -0.4, 0])
        logit_title = self._caption("logits", "logits_symbol", self.theme.logit, logits)
        prob_title = self._caption("probabilities", "probabilities_symbol",
                                   self.theme.probability, probabilities)
        self.play(ReplacementTransform(self.probability_bars, probabilities), FadeIn(logits),
                  FadeIn(logit_title), FadeIn(prob_title))
        shift_label = self.math(latex["shift"], size=40, color=self.theme.logit)
        shift_label.move_to([logit_title.get_center()[0], logit_title.get_top()[1] + 0.55, 0])
        invariance = self.math(latex["shift_invariance"], size=40,
                               color=self.theme.probability)
        invariance.move_to([prob_title.get_center()[0], shift_label.get_center()[1], 0])
        self.play(Write(shift_label))
        self.play(logits.animate_to(example.shown(shifted)),
                  probabilities.animate_to(example.shown(example.shifted_probabilities)),
                  run_time=2.5)
        frame = SurroundingRectangle(probabilities.bars, color=self.theme.probability,
                                     buff=0.12)
        self.play(FadeIn(frame), Write(invariance))
