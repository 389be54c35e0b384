"""Chapter 3: the cost -log y_T, its curve, and its rewrite as log sum e^z - z_T."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
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
    config,
)

from mathcore.cost import limits_latex, rewrite_moves
from mathcore.derivations import forward_derivation
from mathcore.example import formulas
from mathcore.outline import chapter_named
from mathcore.views.cost_curve import axis_latex, chapter_data, cost_curve
from scenes.base import LectureScene, arrange_in_width
from scenes.components.bar_rows import BarRows, example_rows
from scenes.components.carried import CAPTION_GAP, probability_panel
from scenes.components.curves import NegLogCurve
from scenes.components.matching import MovePieces, align_equals
from scenes.components.pacing import swap, until_end_of


class TheCost(LectureScene):
    """The one-hot target, the cost -log y_T as a curve, and its rewrite."""

    chapter = chapter_named("cost")
    display_data = chapter_data
    rows_center_x = 0.3
    rows_max_unit = 1.9
    curve_width = 6.0
    curve_height = 4.9
    curve_center = np.array([-2.7, -0.45, 0.0])
    panel_left = 1.5  # the right-hand column (legend, limits) starts here
    # forward_derivation() steps shown, in order
    rewrite_steps = ("cost", "softmax", "log_of_quotient", "distribute")
    rewrite_top = 2.5
    formula_size = 50
    slide_seconds = 2.2  # a slide across the whole axis

    def construct(self) -> None:
        """Play the chapter's beats."""
        self._show_target()
        self._show_curve()
        self._show_sliding_dot()
        self._show_rewrite()

    # ------------------------------------------------------------------

    def _panel_width(self) -> float:
        return config.frame_width / 2 - 0.3 - self.panel_left

    def _panel_x(self) -> float:
        return self.panel_left + self._panel_width() / 2

    def _show_target(self) -> None:
        """Chapter 2's probabilities become the y row; the one-hot target under them; y_T framed."""
        example, latex, theme = self.example, self.example.latex, self.theme
        self.beat(f"To train, we need a cost. The right answer is one class, "
                  f"{example.target_name}: the one-hot target t is 1 there and 0 everywhere "
                  f"else. The probability the network gives it is y_T, here "
                  f"{example.fmt(example.probabilities[example.target])}.")
        target_is = self.math(latex["target_is"], size=40, color=theme.target)
        one_hot = self.math(formulas()["one_hot_formula"], size=40, color=theme.target)
        self.target_probability = self.math(latex["target_probability"], size=44,
                                            color=theme.probability)
        notes = VGroup(target_is, one_hot, self.target_probability).arrange(
            RIGHT, buff=1.1, aligned_edge=DOWN)
        arrange_in_width(notes, config.frame_width - 1.0)
        notes.move_to([0, self.header_bottom - 0.35 - notes.height / 2, 0])
        self.rows = BarRows(example_rows(example, "probabilities", "one_hot"), example.classes,
                            top=notes.get_bottom()[1] - 0.35, bottom=-3.75,
                            center_x=self.rows_center_x, max_unit=self.rows_max_unit)
        self.frame = self.rows.column_frame(example.target, color=theme.highlight)
        # Where chapter 2 left the probabilities.
        panel = probability_panel(example)
        caption = self.labelled("probabilities", latex["probabilities_symbol"],
                                theme.probability)
        caption.move_to([panel.origin()[0], panel.area_top() + CAPTION_GAP, 0])
        self.add(panel, caption)
        y_row, t_row = self.rows.rows
        self.play(ReplacementTransform(panel.bars, y_row.bars),
                  ReplacementTransform(panel.baseline, y_row.baseline),
                  ReplacementTransform(panel.value_labels, y_row.value_labels),
                  ReplacementTransform(panel.name_labels, t_row.name_labels),
                  swap(caption, self.rows.captions[0]),
                  run_time=until_end_of(self, "To train", 0.5))
        # The panel's group now holds the rows' parts (Manim swapped them in): keep those.
        self.remove(panel)
        self.add(y_row, t_row.name_labels)
        self.play(Write(target_is), Indicate(t_row.name_labels[example.target],
                                             color=theme.highlight),
                  run_time=until_end_of(self, "To train", shortest=1.0))
        self.wait_for("the one-hot target t")
        self.play(FadeIn(t_row.baseline), FadeIn(self.rows.captions[1]), Write(one_hot),
                  LaggedStart(*[GrowFromEdge(bar, DOWN) for bar in t_row.bars], lag_ratio=0.3),
                  FadeIn(t_row.value_labels), run_time=until_end_of(self, "the one-hot target t",
                                                                    0.8))
        self.add(self.rows)
        self.wait_for("The probability the network gives it")
        self.play(Create(self.frame), FadeIn(self.target_probability, shift=LEFT * 0.2),
                  run_time=1.5)
        self.play(Indicate(y_row.value_labels[example.target], color=theme.highlight),
                  Indicate(self.target_probability, color=theme.highlight),
                  run_time=until_end_of(self, "The probability the network gives it", 0.9))
        self.notes = VGroup(target_is, one_hot)

    def _show_curve(self) -> None:
        """The curve C = -log y_T, with a dot at the example's y_T."""
        example, latex, theme = self.example, self.example.latex, self.theme
        self.curve_data = cost_curve(example.cost)
        scale_words = ("" if self.curve_data.scale == "linear" else
                       " The target's probability is so small that its axis is drawn on a "
                       "log scale.")
        self.beat(f"The cost is minus the log of that probability: C equals minus log y_T, "
                  f"here {example.fmt(example.cost)}. Plotted against y_T it is this "
                  f"curve.{scale_words}")
        names = axis_latex()
        self.curve = NegLogCurve(self.curve_data, names["probability"], names["cost"],
                                 self.curve_width, self.curve_height)
        self.curve.shift(self.curve_center)
        cost_value = self.math(latex["cost_value"], size=44, color=theme.cost)
        legend = VGroup(self.target_probability.copy(), cost_value)
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        limit_texts = limits_latex()
        self.limits = VGroup(
            self.math(limit_texts["to_one"], size=36, color=theme.text),
            self.math(limit_texts["to_zero"], size=36, color=theme.text),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        column = VGroup(legend, self.limits).arrange(DOWN, aligned_edge=LEFT, buff=0.8)
        arrange_in_width(column, self._panel_width())
        column.move_to([self._panel_x(), self.curve.get_center()[1] + 0.4, 0])
        self.play(FadeOut(self.rows), FadeOut(self.frame), FadeOut(self.notes),
                  self.target_probability.animate.move_to(legend[0]), run_time=1.2)
        self.remove(self.target_probability)
        self.add(legend[0])
        self.play(Write(cost_value), run_time=until_end_of(self, "The cost is minus", 0.8))
        self.wait_for("Plotted against")
        self.play(self.curve.create(run_time=until_end_of(self, "Plotted against", 0.7,
                                                          shortest=2.0)))
        self.add(self.curve.marker)
        self.play(self.curve.show_dot(), Indicate(cost_value, color=theme.highlight),
                  run_time=1.5)
        self.legend = legend

    def _show_sliding_dot(self) -> None:
        """The dot slides: the cost falls to 0 as y_T -> 1 and grows without bound as y_T -> 0.

        Each limit appears with the sentence that says it; two readouts, y_T and C,
        follow the dot where the legend was.
        """
        self.beat("Slide y_T. As it goes to one, the cost falls to zero: a sure, right answer "
                  "costs nothing. As it goes to zero, the cost grows without bound: a "
                  "confident wrong answer costs a lot.", loop=True)
        names = axis_latex()
        probability_label = names["power_readout" if self.curve_data.scale == "log"
                                  else "probability_readout"]
        readouts = VGroup(self.curve.probability_readout(probability_label, size=44),
                          self.curve.cost_readout(names["readout"], size=44))
        for readout, entry in zip(readouts, self.legend, strict=True):
            readout.move_to(entry, aligned_edge=LEFT)
        self.play(FadeOut(self.legend), FadeIn(readouts), run_time=1.0)
        curve = self.curve_data
        # The stops towards 1 and towards 0 (an example already near an end skips it).
        towards = {"to_one": None, "to_zero": None}
        for stop in curve.stops[1:-1]:
            towards["to_one" if stop.cost < curve.target.cost else "to_zero"] = stop
        legs = (("As it goes to one", self.limits[0], towards["to_one"]),
                ("As it goes to zero", self.limits[1], towards["to_zero"]),
                ("a confident wrong answer", None, curve.target))
        for phrase, limit, stop in legs:
            self.wait_for(phrase)
            if limit is not None:
                self.play(FadeIn(limit, shift=UP * 0.2), run_time=0.8)
            if stop is not None:
                self.play(self.curve.slide_to(stop, run_time=until_end_of(self, phrase, 0.9,
                                                                          shortest=1.2)))
        self.play(FadeOut(readouts), FadeIn(self.legend))
        for readout in readouts:
            readout[1].clear_updaters()
        # The tracker is a point at its value: off screen on a log axis, and no drawing.
        self.remove(readouts, self.curve.tracker)

    def _show_rewrite(self) -> None:
        """-log y_T = -(z_T - log sum e^z) = log sum e^z - z_T, one step at a time."""
        theme = self.theme
        self.beat("Now write y_T out as softmax: e to the z_T over the sum. The log of a "
                  "quotient is a difference, the log of e to the z_T is z_T, and the minus "
                  "sign distributes: the cost is log of the sum of e to the z_k, minus z_T.")
        derivation = forward_derivation()
        lines = [self.formula(derivation.step(name).latex) for name in self.rewrite_steps]
        chain = align_equals(lines, top=self.rewrite_top, x=0.0, gap=0.35)
        chain.move_to([0, chain.get_center()[1], 0])
        self.play(FadeOut(self.curve), FadeOut(self.curve.marker), FadeOut(self.legend),
                  FadeOut(self.limits), run_time=0.8)
        self.remove(self.curve.marker)
        self.curve.dot.clear_updaters()
        self.play(Write(lines[0]), run_time=1.2)
        moves = rewrite_moves()
        # Each step with the words that give its reason.
        phrases = ("Now write y_T out", "The log of a quotient", "and the minus sign")
        for index in range(1, len(lines)):
            move = moves[index - 1]
            phrase = phrases[min(index - 1, len(phrases) - 1)]
            self.wait_for(phrase)
            if move:  # a term turns into another: y_T into e^{z_T}, e^{z_T} into z_T
                animation = MovePieces(lines[index - 1].copy(), lines[index], key_map=move)
            else:  # the same terms, moved: log sum e^{z_k} and z_T trade places
                animation = TransformMatchingTex(lines[index - 1].copy(), lines[index])
            self.play(animation, run_time=until_end_of(self, phrase, 0.8, shortest=1.5))
        self.wait_for("the cost is log of the sum")
        result = SurroundingRectangle(lines[-1], color=theme.cost, buff=0.15)
        self.play(Create(result), run_time=1.0)
        self.play(Indicate(lines[-1], color=theme.highlight, scale_factor=1.0),
                  run_time=until_end_of(self, "the cost is log of the sum", 0.9))
