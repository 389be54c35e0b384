"""Chapter 2: logits to probabilities, one operation at a time."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Brace,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    ReplacementTransform,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from mathcore.outline import chapter_named
from scenes.base import LectureScene
from scenes.components.bars import ClassBars
from scenes.components.carried import (
    CAPTION_GAP,
    PANEL_CENTER,
    PANEL_HEIGHT,
    PANEL_WIDTH,
    probability_panel,
)
from scenes.components.pacing import swap, until_end_of


class LogitsToProbabilities(LectureScene):
    """Logits become e^z, then a sum, then probabilities; a common shift changes nothing."""

    chapter = chapter_named("probabilities")
    bars_width = 8.2
    bars_height = 3.2
    bars_center = np.array([-2.6, -0.5, 0.0])
    formula_size = 50
    formula_x = 4.4  # the formula stands over the stack's label, right of the bars
    formula_y = 2.1
    stack_gap = 0.6  # from the bars' right edge to the stack's centre
    stack_width = 0.5
    panel_width = PANEL_WIDTH
    panel_height = PANEL_HEIGHT
    panel_y = PANEL_CENTER[1]
    caption_gap = CAPTION_GAP  # above the plotting area: room for lifted values

    def construct(self) -> None:
        """Play the chapter's beats."""
        self._show_logits()
        self._show_exponentials()
        self._show_sum()
        self._show_probabilities()
        self._show_shift_invariance()

    def _caption(self, words: str, symbol: str, color: str, bars: ClassBars,
                 shown: tuple | None = None,
                 value_range: tuple[float, float] | None = None) -> VGroup:
        """The row's name over its plotting area, and over its values when they stand high.

        ``shown`` and ``value_range``: what the bars are about to show (their
        labels may be lifted over a tall neighbour).
        """
        caption = self.labelled(words, self.example.latex[symbol], color)
        labels = (bars.like(shown, value_range=value_range).value_labels if shown is not None
                  else bars.value_labels)
        lowest = labels.get_top()[1] + 0.12 + caption.height / 2 if len(labels) else -np.inf
        caption.move_to([bars.origin()[0], max(bars.area_top() + self.caption_gap, lowest), 0])
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
        bars = self.logit_bars
        self.play(FadeIn(bars.baseline), FadeIn(self.caption),
                  LaggedStart(*[GrowFromEdge(bar, DOWN if value >= 0 else UP)
                                for bar, value in zip(bars.bars, bars.values, strict=True)],
                              lag_ratio=0.2),
                  FadeIn(bars.value_labels), run_time=until_end_of(self, "its logits z", 0.8))
        self.add(bars)
        self.wait_for("one for each of")
        # The names appear as the narration reads them out.
        self.play(LaggedStart(*[FadeIn(name, shift=UP * 0.15) for name in bars.name_labels],
                              lag_ratio=0.6),
                  run_time=until_end_of(self, "one for each of", 0.55))

    def _shared_range(self) -> tuple[float, float]:
        """One scale for the logits and their exponentials, up to the sum of the exponentials.

        The stack of the next beat then fits it, and the probabilities (each
        exponential over the sum) keep the exponentials' heights on 0 to 1.
        """
        example = self.example
        return (min(0.0, min(example.logits)), float(example.partition))

    def _show_exponentials(self) -> None:
        """Each bar becomes e^{z_k}, on the logits' own scale: the largest pulls ahead."""
        example, latex = self.example, self.example.latex
        self.beat("Exponentiate each one. Every e to the z is positive, and the "
                  "largest logit pulls ahead.")
        bars = self.logit_bars
        low, high = self._shared_range()
        self.shown_formula = self.formula(latex["exponential"], self.formula_y)
        new_caption = self._caption("exponentials", "exponentials_symbol",
                                    self.theme.exponential, bars,
                                    example.shown(example.exponentials), (low, high))
        # First the scale opens up to hold the exponentials (the logits keep their values),
        self.play(bars.animate_to(bars.shown, value_range=(low, high)),
                  swap(self.caption, new_caption), Write(self.shown_formula),
                  run_time=until_end_of(self, "Exponentiate each one", 0.9))
        self.caption = new_caption
        # then each bar grows to its exponential on that same scale.
        self.wait_for("Every e to the z")
        self.play(bars.animate_to(example.shown(example.exponentials),
                                  color=self.theme.exponential),
                  run_time=until_end_of(self, "Every e to the z", 0.7))
        self.play(Indicate(bars.bars[int(np.argmax(example.logits))],
                           color=self.theme.highlight, scale_factor=1.08))
        if low < 0:
            # No exponential is negative: the room below the baseline goes, the unit stays.
            self.play(bars.animate_to(bars.shown, value_range=(0.0, high),
                                      height=high * bars.unit), run_time=1.0)

    def _show_sum(self) -> None:
        """The bars stack into the sum, on the same scale; the stack is labelled with its total."""
        example, latex = self.example, self.example.latex
        self.beat(f"Stack them up: the total is the sum of e to the z_k, "
                  f"here {example.fmt(example.partition)}.")
        bars = self.logit_bars
        column_x = bars.get_right()[0] + self.stack_gap
        baseline = bars.baseline.get_center()[1]
        self.stack = VGroup()
        height_so_far = 0.0
        moves = []
        for bar, value in zip(bars.bars, example.exponentials, strict=True):
            piece = bar.copy()
            height = max(value * bars.unit, 1e-3)
            piece.stretch_to_fit_height(height)
            piece.stretch_to_fit_width(self.stack_width)
            piece.move_to([column_x, baseline + height_so_far + height / 2, 0])
            height_so_far += height
            moves.append(ReplacementTransform(bar.copy(), piece))
            self.stack.add(piece)
        self.brace = Brace(self.stack, RIGHT, buff=0.1, color=self.theme.exponential)
        self.sum_label = self.math(latex["partition_value"], size=40,
                                   color=self.theme.exponential)
        self.sum_label.next_to(self.brace, RIGHT, buff=0.12)
        new_formula = self.formula(latex["softmax_fraction"], self.formula_y)
        self.play(AnimationGroup(*moves, lag_ratio=0.3),
                  run_time=until_end_of(self, "Stack them up", 0.6))
        self.play(GrowFromEdge(self.brace, LEFT), FadeIn(self.sum_label, shift=LEFT * 0.2),
                  TransformMatchingTex(self.shown_formula, new_formula), run_time=1.5)
        self.shown_formula = new_formula

    def _show_probabilities(self) -> None:
        """Each bar divided by the sum: probabilities that sum to one, at the same heights."""
        example, latex = self.example, self.example.latex
        self.beat("Divide each one by that sum. Each piece of the stack becomes a "
                  "probability y, and together they add up to exactly one.")
        bars = self.logit_bars
        new_caption = self._caption("probabilities", "probabilities_symbol",
                                    self.theme.probability, bars,
                                    example.shown(example.probabilities), (0.0, 1.0))
        formula = self.formula(latex["softmax"], self.formula_y)
        check = self.math(latex["probabilities_sum"], size=40, color=self.theme.probability)
        check.next_to(self.brace, RIGHT, buff=0.12)
        # Over the sum, on 0 to 1: every bar keeps its height; only the scale's meaning changes.
        self.play(bars.animate_to(example.shown(example.probabilities),
                                  color=self.theme.probability, value_range=(0.0, 1.0)),
                  swap(self.caption, new_caption),
                  TransformMatchingTex(self.shown_formula, formula),
                  run_time=until_end_of(self, "Divide each one", 0.8))
        self.caption, self.shown_formula = new_caption, formula
        self.play(self.stack.animate.set_fill(self.theme.probability),
                  self.brace.animate.set_color(self.theme.probability),
                  run_time=1.2)
        self.wait_for("and together they add up")
        self.play(swap(self.sum_label, check), run_time=1.2)
        self.play(Indicate(VGroup(self.brace, check), color=self.theme.highlight))
        self.probability_bars = bars
        self.sum_check = check

    def _show_shift_invariance(self) -> None:
        """Adding the same c to every logit moves the logits, not the probabilities."""
        example, latex = self.example, self.example.latex
        self.beat(f"Add the same constant to every logit, here "
                  f"{example.fmt(example.shift)}. The logits move; the "
                  f"probabilities do not. Softmax only sees differences of logits, which is "
                  f"why a constant of integration will appear later.")
        self.play(FadeOut(self.shown_formula), FadeOut(self.sum_check), FadeOut(self.caption),
                  FadeOut(self.stack), FadeOut(self.brace))
        shifted = example.shifted_logits
        both = np.concatenate([example.logits, shifted])
        value_range = (min(0.0, float(both.min())), max(0.0, float(both.max())))
        logits = ClassBars(example.shown(example.logits), example.classes, self.theme.logit,
                           self.panel_width, self.panel_height, value_range=value_range)
        logits.shift([-3.6, self.panel_y, 0])
        probabilities = probability_panel(example)
        logit_title = self._caption("logits", "logits_symbol", self.theme.logit, logits)
        prob_title = self._caption("probabilities", "probabilities_symbol",
                                   self.theme.probability, probabilities)
        self.play(ReplacementTransform(self.probability_bars, probabilities), FadeIn(logits),
                  FadeIn(logit_title), FadeIn(prob_title), run_time=1.5)
        shift_label = self.math(latex["shift"], size=40, color=self.theme.logit)
        shift_label.move_to([logit_title.get_center()[0], logit_title.get_top()[1] + 0.55, 0])
        invariance = self.math(latex["shift_invariance"], size=40,
                               color=self.theme.probability)
        invariance.move_to([prob_title.get_center()[0], shift_label.get_center()[1], 0])
        self.play(Write(shift_label))
        self.wait_for("The logits move")
        # The probabilities are recomputed from the shifted logits: they stay where they are.
        self.play(logits.animate_to(example.shown(shifted)),
                  probabilities.animate_to(example.shown(example.shifted_probabilities)),
                  run_time=until_end_of(self, "The logits move", 0.6))
        frame = SurroundingRectangle(probabilities, color=self.theme.probability, buff=0.15,
                                     corner_radius=0.08)
        self.wait_for("Softmax only sees differences")
        self.play(Create(frame), Write(invariance), run_time=1.5)
        self.wait_for("which is why a constant")
        self.play(Indicate(shift_label, color=self.theme.highlight),
                  run_time=until_end_of(self, "which is why a constant", 0.6))
