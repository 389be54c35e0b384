"""Chapter 7: the same trick for a sigmoid neuron (Nielsen's derivation)."""

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
    GrowFromCenter,
    Indicate,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from mathcore.canonical import sigmoid_formulas, sigmoid_terms
from mathcore.outline import chapter_named
from mathcore.views.sigmoid import chapter7_data, two_class_plots
from scenes.base import LectureScene, arrange_in_width
from scenes.components.bars import display_name
from scenes.components.function_plot import FunctionPlot


class SigmoidNeuron(LectureScene):
    """Require dC/dz = a - y for a = sigma(z); integrate; find the cross-entropy inside softmax."""

    chapter = chapter_named("sigmoid")
    display_data = chapter7_data
    formula_terms = tuple(sigmoid_terms())

    formula_x = -2.65  # centre of the formula column
    formula_width = 7.6
    formula_size = 46
    rows = (2.3, 0.8, -0.85, -2.3)  # y of the formula column's rows
    plot_width = 4.4
    plot_height = 2.2
    sigma_plot_center = np.array([4.25, 1.3, 0.0])
    cost_plot_center = np.array([4.25, -1.95, 0.0])
    marker_size = 26
    numbers_size = 38
    bottom_left = -6.6  # the two-class cost, across the whole frame
    bottom_rows = (-2.2, -3.2)
    bottom_width = 13.0
    morph_time = 1.3

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.reduction = two_class_plots(self.example)
        self.formulas = sigmoid_formulas()
        self.numbers = self.mathcore_data(self.example)["latex"]
        self._show_neuron_and_requirement()
        self._show_chain_rule()
        self._show_integration()
        self._show_two_class_softmax()

    # ------------------------------------------------------------------

    def _colour_terms(self, formula) -> None:
        """The requirement's a - y in the gradient colour."""
        self.tint(formula, {self.formulas["gradient_term"]: self.theme.gradient})

    def _morph(self, formula, tex: str):
        """Morph ``formula`` into ``tex`` term by term; return the new formula."""
        new = self.formula(tex)
        new.move_to(formula)
        self._colour_terms(new)
        self.play(TransformMatchingTex(formula, new), run_time=self.morph_time)
        return new

    def _plot_label(self, plot: FunctionPlot, x: float, y: float, tex: str, rising: bool,
                    color: str, guides: VGroup):
        """A value beside a marked point, clear of the curve and its guide lines."""
        label = self.math(tex, size=self.marker_size, color=color)
        plot.label_at(x, y, label, rising=rising, lines=list(guides))
        return label

    # ------------------------------------------------------------------

    def _show_neuron_and_requirement(self) -> None:
        """The neuron a = sigma(z), and the requirement dC/dz = a - y."""
        fmt, reduction = self.example.fmt, self.reduction
        self.beat(
            "Nielsen's trick, for a single sigmoid neuron with output a = sigma of z: ask for a "
            "cost whose slope in z is simply a minus y, output minus target. The dot marks "
            f"z = {fmt(reduction.difference)}, the difference of our example's first two "
            "logits; it comes back at the end.")
        self.neuron = self.formula(self.formulas["neuron"], self.rows[0],
                                   color=self.theme.probability)
        self.requirement = self.formula(self.formulas["requirement"], self.rows[1])
        self._colour_terms(self.requirement)
        self.requirement_frame = SurroundingRectangle(self.requirement, color=self.theme.gradient,
                                                      buff=0.15)
        curve = reduction.sigmoid_curve
        self.sigma_plot = FunctionPlot(curve, self.theme.probability, self.plot_width,
                                       self.plot_height, x_label=self.formulas["z_axis"],
                                       y_label=self.formulas["sigma_axis"])
        self.sigma_plot.shift(self.sigma_plot_center - self.sigma_plot.box_center())
        self.sigma_dot = self.sigma_plot.dot(reduction.difference, reduction.activation,
                                             color=self.theme.highlight)
        self.sigma_guides = self.sigma_plot.guides(reduction.difference, reduction.activation)
        self.point_label = self._plot_label(
            self.sigma_plot, reduction.difference, reduction.activation, self.numbers["point"],
            True, self.theme.probability, self.sigma_guides)
        self.play(Write(self.neuron))
        self.play(FadeIn(self.sigma_plot.axes), Create(self.sigma_plot.graph), run_time=1.5)
        self.play(GrowFromCenter(self.sigma_dot), Create(self.sigma_guides),
                  FadeIn(self.point_label))
        self.play(Write(self.requirement))
        self.play(Create(self.requirement_frame))

    def _show_chain_rule(self) -> None:
        """Chain rule with sigma' = a(1 - a): dC/da = (a - y) / (a(1 - a))."""
        fmt, reduction = self.example.fmt, self.reduction
        self.beat(
            "By the chain rule, the slope in z is the slope in a times the sigmoid's slope, "
            f"a times one minus a: {fmt(reduction.slope)} at the dot. Divide the requirement by "
            "it, and the slope of C in a is a minus y over a times one minus a.")
        slope = self.formula(self.formulas["slope"], self.rows[2], color=self.theme.probability)
        tangent = self.sigma_plot.tangent(reduction.difference, reduction.activation,
                                          reduction.slope, self.theme.highlight)
        # The slope's value sits beside its formula: inside a steep plot it has no room.
        slope_value = self.math(self.numbers["slope_value"], size=self.numbers_size,
                                color=self.theme.highlight)
        slope_value.next_to(slope, RIGHT, buff=0.6)
        row = VGroup(slope, slope_value)
        arrange_in_width(row, self.formula_width)
        row.move_to([self.formula_x, self.rows[2], 0])
        self.play(FadeOut(self.requirement_frame), Write(slope))
        self.play(Create(tangent), FadeIn(slope_value))
        formula = self.requirement
        for key in ("chain", "chain_slope", "cost_slope"):
            formula = self._morph(formula, self.formulas[key])
        self.play(Indicate(formula, color=self.theme.highlight, scale_factor=1.05))
        self.derivative = formula
        self.slope, self.tangent, self.slope_value = slope, tangent, slope_value

    def _show_integration(self) -> None:
        """Integrate in a: the cross-entropy, plus a constant."""
        fmt, reduction = self.example.fmt, self.reduction
        label = int(reduction.label)
        self.beat(
            "Integrate in a. Partial fractions give two pieces, each the slope of a logarithm: "
            "the cost is the cross-entropy, plus a constant, and it passes the check. Drawn for "
            f"y = {label}: zero at a = y, steep away from it; at the dot, "
            f"C = {fmt(reduction.cost)}.")
        self.play(FadeOut(self.slope), FadeOut(self.tangent), FadeOut(self.slope_value))
        formula = self.derivative
        for key in ("partial_fractions", "integral", "cross_entropy"):
            formula = self._morph(formula, self.formulas[key])
        self.cross_entropy = formula
        frame = SurroundingRectangle(formula, color=self.theme.cost, buff=0.15)
        check = self.formula(self.formulas["check"], self.rows[2], size=34)
        self.play(Create(frame))
        self.play(Write(check))

        curve = reduction.cost_curve
        plot = FunctionPlot(curve, self.theme.cost, self.plot_width, self.plot_height,
                            x_label=self.formulas["a_axis"], y_label=self.formulas["cost_axis"])
        plot.shift(self.cost_plot_center - plot.box_center())
        rising = reduction.activation > reduction.label
        dot = plot.dot(reduction.activation, reduction.cost, color=self.theme.highlight)
        guides = plot.guides(reduction.activation, reduction.cost)
        value = self._plot_label(plot, reduction.activation, reduction.cost,
                                 self.numbers["cost_value"], rising, self.theme.cost, guides)
        title = self.math(self.numbers["label_short"], size=self.marker_size,
                          color=self.theme.target)
        high_on_left = curve.y[0] > curve.y[-1]
        corner = plot.high_corner.get_center() if high_on_left else np.array(
            [plot.low_corner.get_center()[0], plot.high_corner.get_center()[1], 0.0])
        title.next_to(corner, DOWN + (LEFT if high_on_left else RIGHT), buff=0.15)
        self.play(FadeIn(plot.axes), Create(plot.graph), FadeIn(title), run_time=1.5)
        self.play(GrowFromCenter(dot), Create(guides), FadeIn(value))
        self.cost_group = VGroup(plot, dot, guides, value, title)
        self.integration = VGroup(frame, check)

    def _show_two_class_softmax(self) -> None:
        """Two-class softmax is a sigmoid of z_1 - z_2: chapter 5 contains this result."""
        fmt, reduction = self.example.fmt, self.reduction
        first, second = reduction.names
        self.beat(
            "Softmax with two classes is a sigmoid of z_1 minus z_2: for "
            f"{first} and {second} both give {fmt(reduction.activation)}. With y = t_1, the "
            "two-class softmax cost is exactly this cross-entropy, so chapter 5 already "
            "contains Nielsen's result.")
        self.play(FadeOut(self.neuron), FadeOut(self.cross_entropy), FadeOut(self.integration),
                  FadeOut(self.cost_group))
        two_class = self.formula(self.formulas["two_class"], self.rows[0], size=42)
        numbers = VGroup(*[
            self.math(self.numbers[key], size=self.numbers_size, color=color)
            for key, color in (("difference", self.theme.logit),
                               ("activation", self.theme.probability),
                               ("softmax_probability", self.theme.probability))
        ]).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        names = self.text(f"({display_name(first)} vs {display_name(second)})", size=26,
                          color=self.theme.muted)
        names.next_to(numbers[0], RIGHT, buff=0.3)
        numbers.add(names)
        arrange_in_width(numbers, self.formula_width)
        numbers.next_to(two_class, DOWN, buff=0.35)
        numbers.set_x(self.formula_x)
        caption = self.text("the two-class softmax cost, with", size=28, color=self.theme.muted)
        label = self.math(self.numbers["label"], size=34, color=self.theme.target)
        heading = VGroup(caption, label).arrange(RIGHT, buff=0.25, aligned_edge=DOWN)
        cost_lhs = self.math(self.formulas["two_class_cost_lhs"], size=36)
        cost_rhs = self.math(self.formulas["two_class_cost_rhs"], size=36,
                             color=self.theme.cost)
        for formula, y in zip((cost_lhs, cost_rhs), self.bottom_rows, strict=True):
            arrange_in_width(formula, self.bottom_width)
            formula.move_to([0, y, 0]).align_to([self.bottom_left, 0, 0], LEFT)
        cost_rhs.shift(RIGHT * 0.6)
        heading.next_to(cost_lhs, UP, buff=0.25).align_to(cost_lhs, LEFT)
        self.play(Write(two_class))
        self.play(FadeIn(numbers[0], shift=UP * 0.1), FadeIn(names))
        self.play(FadeIn(numbers[1:3], shift=UP * 0.1), Indicate(self.sigma_dot))
        self.play(FadeIn(heading), Write(cost_lhs))
        self.play(Write(cost_rhs))
        self.play(Indicate(cost_rhs, color=self.theme.highlight, scale_factor=1.03))
