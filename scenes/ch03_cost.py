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
    Indicate,
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
from scenes.components.curves import NegLogCurve
from scenes.components.matching import MovePieces, align_equals


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
        """The one-hot target under the probability bars; y_T highlighted."""
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
        self.play(FadeIn(self.rows.row(0), shift=UP * 0.2))
        self.play(FadeIn(self.rows.row(1), shift=UP * 0.2), Write(target_is), Write(one_hot))
        self.play(Create(self.frame), FadeIn(self.target_probability, shift=LEFT * 0.2))
        self.play(Indicate(self.rows.rows[0].value_labels[example.target],
                           color=theme.highlight))
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
                  self.target_probability.animate.move_to(legend[0]))
        self.remove(self.target_probability)
        self.add(legend[0])
        self.play(self.curve.create(run_time=2.5))
        self.add(self.curve.marker)
        self.play(self.curve.show_dot(), Write(cost_value))
        self.play(FadeIn(self.limits, shift=UP * 0.2))
        self.legend = legend

    def _show_sliding_dot(self) -> None:
        """The dot slides: the cost falls to 0 as y_T -> 1 and grows without bound as y_T -> 0."""
        theme = self.theme
        self.beat("Slide y_T. As it goes to one, the cost falls to zero: a sure, right answer "
                  "costs nothing. As it goes to zero, the cost grows without bound: a "
                  "confident wrong answer costs a lot.", loop=True)
        readout = self.curve.cost_readout(axis_latex()["readout"], size=44)
        readout.move_to(self.legend, aligned_edge=LEFT)
        self.play(FadeOut(self.legend), FadeIn(readout))
        curve, span = self.curve_data, self.curve_data.probability_axis.span
        previous = curve.target
        for stop in curve.stops[1:]:
            distance = abs(stop.coordinate - previous.coordinate) / span
            run_time = 0.8 + self.slide_seconds * distance
            motion = [self.curve.slide_to(stop, run_time=run_time)]
            if stop is not curve.target:
                limit = self.limits[0] if stop.cost < previous.cost else self.limits[1]
                motion.append(Indicate(limit, color=theme.highlight, run_time=run_time))
            self.play(*motion)
            previous = stop
        self.play(FadeOut(readout), FadeIn(self.legend))
        readout[1].clear_updaters()
        # The tracker is a point at its value: off screen on a log axis, and no drawing.
        self.remove(readout, self.curve.tracker)

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
                  FadeOut(self.limits))
        self.remove(self.curve.marker)
        self.curve.dot.clear_updaters()
        self.play(Write(lines[0]))
        moves = rewrite_moves()
        for index in range(1, len(lines)):
            move = moves[index - 1]
            if move:  # a term turns into another: y_T into e^{z_T}, e^{z_T} into z_T
                animation = MovePieces(lines[index - 1].copy(), lines[index], key_map=move)
            else:  # the same terms, moved: log sum e^{z_k} and z_T trade places
                animation = TransformMatchingTex(lines[index - 1].copy(), lines[index])
            self.play(animation, run_time=1.8)
            self.wait(0.4)
        result = SurroundingRectangle(lines[-1], color=theme.cost, buff=0.15)
        self.play(Create(result))
