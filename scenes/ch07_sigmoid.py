"""Chapter 7: the same trick for a sigmoid neuron (Nielsen's derivation)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Indicate,
    MoveAlongPath,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    VMobject,
    Write,
    smooth,
)

from mathcore.canonical import sigmoid_formulas, sigmoid_terms
from mathcore.outline import chapter_named
from mathcore.views.sigmoid import chapter7_data, two_class_plots
from scenes.base import LectureScene, arrange_in_width
from scenes.components.bars import display_name
from scenes.components.function_plot import FunctionPlot
from scenes.components.pacing import until


class SigmoidNeuron(LectureScene):
    """Require dC/dz = a - t for a = sigma(z); integrate; find the cross-entropy inside softmax."""

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
    marker_size = 30
    tick_size = 30  # tick labels readable at 480p (about 9 px tall)
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
        """The requirement's a - t in the gradient colour."""
        self.tint(formula, {self.formulas["gradient_term"]: self.theme.gradient})

    def _morph(self, formula, tex: str, run_time: float | None = None):
        """Morph ``formula`` into ``tex`` term by term; return the new formula."""
        new = self.formula(tex)
        new.move_to(formula)
        self._colour_terms(new)
        self.play(TransformMatchingTex(formula, new),
                  run_time=max(self.morph_time, run_time or 0.0))
        return new

    def _plot_label(self, plot: FunctionPlot, x: float, y: float, tex: str, rising: bool,
                    color: str, guides: VGroup):
        """A value beside a marked point, clear of the curve and its guide lines."""
        label = self.math(tex, size=self.marker_size, color=color)
        plot.label_at(x, y, label, rising=rising, lines=list(guides))
        return label

    # ------------------------------------------------------------------

    def _rival_words(self) -> str:
        """How the narration names the rival: "the other class" when there are only two."""
        rival = self.reduction.names[1]
        if self.example.n_classes == 2:
            return f"the other class, {rival}"
        return f"its closest rival, {rival}"

    def _show_neuron_and_requirement(self) -> None:
        """The neuron a = sigma(z), and the requirement dC/dz = a - t."""
        fmt, reduction = self.example.fmt, self.reduction
        where = (
            "The dot marks it; it comes back at the end."
            if reduction.at_example else
            f"That is far out, where the curve is flat, so the dot stops at "
            f"z = {fmt(reduction.point)}, where it still slopes; the example comes back at the "
            f"end.")
        self.beat(
            "Nielsen's trick, for a single sigmoid neuron with output a = sigma of z: ask for a "
            "cost whose slope in z is simply a minus t, output minus target. Take our target, "
            f"{reduction.names[0]}, and {self._rival_words()}, as a two-class softmax: z is the "
            f"difference of their logits, {fmt(reduction.difference)}. {where}")
        self.neuron = self.formula(self.formulas["neuron"], self.rows[0],
                                   color=self.theme.probability)
        self.requirement = self.formula(self.formulas["requirement"], self.rows[1])
        self._colour_terms(self.requirement)
        self.requirement_frame = SurroundingRectangle(self.requirement, color=self.theme.gradient,
                                                      buff=0.15)
        curve = reduction.sigmoid_curve
        self.sigma_plot = FunctionPlot(curve, self.theme.probability, self.plot_width,
                                       self.plot_height, x_label=self.formulas["z_axis"],
                                       y_label=self.formulas["sigma_axis"],
                                       tick_size=self.tick_size)
        self.sigma_plot.shift(self.sigma_plot_center - self.sigma_plot.box_center())
        self.sigma_dot = self.sigma_plot.dot(reduction.point, reduction.point_activation,
                                             color=self.theme.highlight)
        self.sigma_guides = self.sigma_plot.guides(reduction.point, reduction.point_activation)
        self.point_label = self._plot_label(
            self.sigma_plot, reduction.point, reduction.point_activation, self.numbers["point"],
            True, self.theme.probability, self.sigma_guides)
        self.play(Write(self.neuron),
                  FadeIn(self.sigma_plot.axes), Create(self.sigma_plot.graph),
                  run_time=until(self, "ask for a cost"))
        self.play(Write(self.requirement), run_time=until(self, "output minus target", 0.7))
        self.wait_for("output minus target")
        self.play(Create(self.requirement_frame), run_time=until(self, "Take our target", 0.9))
        # The two classes, and their logits' difference: the sigmoid's input.
        self.wait_for("Take our target")
        pair = self._pair_line()
        pair.move_to([self.formula_x, self.rows[2], 0])
        self.play(FadeIn(pair[1], shift=UP * 0.1),
                  run_time=until(self, "difference of their logits", 0.5))
        self.play(Write(pair[0]), run_time=until(self, "difference of their logits", 0.95))
        self.pair_line = pair
        self.wait_for("difference of their logits")
        # The dot walks from z = 0 out to its point while the sentence says where it is.
        walker = self.sigma_plot.dot(0.0, 0.5, color=self.theme.highlight)
        self.play(GrowFromCenter(walker), run_time=0.4)
        self.play(MoveAlongPath(walker, self._sigmoid_path(0.0, reduction.point)),
                  run_time=until(self, None, 0.6), rate_func=smooth)
        self.remove(walker)
        self.add(self.sigma_dot)
        self.play(Create(self.sigma_guides), FadeIn(self.point_label),
                  run_time=until(self, None, 0.8))

    def _pair_line(self) -> VGroup:
        """``z_1 - z_2 = d`` and "(target vs rival)", side by side."""
        first, second = self.reduction.names
        names = self.text(f"({display_name(first)} vs {display_name(second)})", size=26,
                          color=self.theme.muted)
        difference = self.math(self.numbers["difference"], size=self.numbers_size,
                               color=self.theme.logit)
        row = VGroup(difference, names).arrange(RIGHT, buff=0.3)
        return arrange_in_width(row, self.formula_width)

    def _sigmoid_path(self, start: float, end: float) -> VMobject:
        """The stretch of the sigma curve from z = ``start`` to z = ``end``, as a path."""
        curve = self.reduction.sigmoid_curve
        low, high = sorted((start, end))
        inside = (curve.x >= low) & (curve.x <= high)
        xs = np.concatenate([[low], curve.x[inside], [high]])
        ys = 1.0 / (1.0 + np.exp(-xs))
        if end < start:
            xs, ys = xs[::-1], ys[::-1]
        path = VMobject()
        path.set_points_as_corners([self.sigma_plot.point(x, y) for x, y in zip(xs, ys,
                                                                               strict=True)])
        return path

    def _show_chain_rule(self) -> None:
        """Chain rule with sigma' = a(1 - a): dC/da = (a - t) / (a(1 - a))."""
        fmt, reduction = self.example.fmt, self.reduction
        self.beat(
            "By the chain rule, the slope in z is the slope in a times the sigmoid's slope, "
            f"a times one minus a: {fmt(reduction.point_slope)} at the dot. Divide the "
            "requirement by it, and the slope of C in a is a minus t over a times one minus a.")
        slope = self.formula(self.formulas["slope"], self.rows[2], color=self.theme.probability)
        tangent = self.sigma_plot.tangent(reduction.point, reduction.point_activation,
                                          reduction.point_slope, self.theme.highlight)
        # The slope's value sits beside its formula: inside a steep plot it has no room.
        slope_value = self.math(self.numbers["slope_value"], size=self.numbers_size,
                                color=self.theme.highlight)
        slope_value.next_to(slope, RIGHT, buff=0.6)
        row = VGroup(slope, slope_value)
        arrange_in_width(row, self.formula_width)
        row.move_to([self.formula_x, self.rows[2], 0])
        self.play(FadeOut(self.requirement_frame), FadeOut(self.pair_line), run_time=0.4)
        formula = self._morph(self.requirement, self.formulas["chain"],
                              until(self, "the sigmoid's slope"))
        self.wait_for("the sigmoid's slope")
        self.play(Write(slope), run_time=until(self, "at the dot", 0.8))
        formula = self._morph(formula, self.formulas["chain_slope"], self.morph_time)
        self.wait_for("at the dot")
        self.play(Create(tangent), FadeIn(slope_value), run_time=until(self, "Divide", 0.8))
        self.wait_for("Divide")
        formula = self._morph(formula, self.formulas["cost_slope"],
                              until(self, "the slope of C in a", 0.9))
        self.wait_for("the slope of C in a")
        self.play(Circumscribe(formula, color=self.theme.highlight),
                  run_time=until(self, None, 0.8))
        self.derivative = formula
        self.slope, self.tangent, self.slope_value = slope, tangent, slope_value

    def _show_integration(self) -> None:
        """Integrate in a: the cross-entropy, plus a constant."""
        fmt, reduction = self.example.fmt, self.reduction
        label = int(reduction.label)
        self.beat(
            "Integrate in a. Partial fractions give two pieces, each the slope of a logarithm: "
            "the cost is the cross-entropy, plus a constant, and it passes the check. Drawn for "
            f"t = {label}, it is chapter 3's curve, minus log a: zero at a = t, steep away from "
            f"it; at the dot, C = {fmt(reduction.point_cost)}.")
        self.play(FadeOut(self.slope), FadeOut(self.tangent), FadeOut(self.slope_value),
                  run_time=0.5)
        formula = self.derivative
        formula = self._morph(formula, self.formulas["partial_fractions"],
                              until(self, "the cost is the cross-entropy", 0.45))
        formula = self._morph(formula, self.formulas["integral"],
                              until(self, "the cost is the cross-entropy", 0.9))
        self.wait_for("the cost is the cross-entropy")
        formula = self._morph(formula, self.formulas["cross_entropy"], self.morph_time)
        self.cross_entropy = formula
        frame = SurroundingRectangle(formula, color=self.theme.cost, buff=0.15)
        check = self.formula(self.formulas["check"], self.rows[2], size=34)
        self.play(Create(frame), Write(check), run_time=until(self, "Drawn for", 0.9))

        curve = reduction.cost_curve
        plot = FunctionPlot(curve, self.theme.cost, self.plot_width, self.plot_height,
                            x_label=self.formulas["a_axis"], y_label=self.formulas["cost_axis"],
                            tick_size=self.tick_size)
        plot.shift(self.cost_plot_center - plot.box_center())
        rising = reduction.point_activation > reduction.label
        dot = plot.dot(reduction.point_activation, reduction.point_cost,
                       color=self.theme.highlight)
        guides = plot.guides(reduction.point_activation, reduction.point_cost)
        value = self._plot_label(plot, reduction.point_activation, reduction.point_cost,
                                 self.numbers["cost_value"], rising, self.theme.cost, guides)
        title = self.math(self.numbers["label_short"], size=self.marker_size,
                          color=self.theme.target)
        high_on_left = curve.y[0] > curve.y[-1]
        corner = plot.high_corner.get_center() if high_on_left else np.array(
            [plot.low_corner.get_center()[0], plot.high_corner.get_center()[1], 0.0])
        title.next_to(corner, DOWN + (LEFT if high_on_left else RIGHT), buff=0.15)
        self.wait_for("Drawn for")
        self.play(FadeIn(plot.axes), Create(plot.graph), FadeIn(title),
                  run_time=until(self, "zero at a = t", 0.9))
        # A dot from the bottom of the curve (a near t) out to the example's a: the cost
        # grows away from the target.
        self.wait_for("zero at a = t")
        start = float(curve.x[np.argmin(curve.y)])
        walker = plot.dot(start, float(np.min(curve.y)), color=self.theme.highlight)
        path = VMobject()
        low, high = sorted((start, reduction.point_activation))
        inside = (curve.x >= low) & (curve.x <= high)
        points = [plot.point(x, y) for x, y in zip(curve.x[inside], curve.y[inside],
                                                    strict=True)]
        if start > reduction.point_activation:
            points = points[::-1]
        path.set_points_as_corners([walker.get_center(), *points, dot.get_center()])
        self.play(GrowFromCenter(walker), run_time=0.4)
        self.play(MoveAlongPath(walker, path), run_time=until(self, "at the dot", 0.9),
                  rate_func=smooth)
        self.remove(walker)
        self.add(dot)
        self.wait_for("at the dot")
        self.play(Create(guides), FadeIn(value), Indicate(self.sigma_dot),
                  run_time=until(self, None, 0.7))
        self.cost_group = VGroup(plot, dot, guides, value, title)
        self.integration = VGroup(frame, check)

    def _show_two_class_softmax(self) -> None:
        """Two-class softmax is a sigmoid of z_1 - z_2: chapter 5 contains this result."""
        fmt, reduction = self.example.fmt, self.reduction
        first, second = reduction.names
        self.beat(
            f"Softmax with two classes is a sigmoid of z_1 minus z_2: with {first} as class 1 "
            f"and {second} as class 2, both give {fmt(reduction.activation)}. With t = t_1, the "
            "two-class softmax cost is exactly this cross-entropy, so chapter 5 already "
            "contains Nielsen's result.")
        self.play(FadeOut(self.neuron), FadeOut(self.cross_entropy), FadeOut(self.integration),
                  FadeOut(self.cost_group), run_time=0.6)
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
        self.play(Write(two_class), run_time=until(self, "with", 0.9))
        self.play(FadeIn(numbers[0], shift=UP * 0.1), FadeIn(names), run_time=0.8)
        # The dot goes back to the example's own difference (where it was stopped short).
        point = self.sigma_plot.point(reduction.difference, reduction.activation)
        if reduction.at_example:
            move = Indicate(self.sigma_dot, scale_factor=1.6)
        else:
            move = MoveAlongPath(self.sigma_dot,
                                 self._sigmoid_path(reduction.point, reduction.difference))
        self.play(FadeOut(self.sigma_guides), FadeOut(self.point_label), run_time=0.3)
        self.play(FadeIn(numbers[1:3], shift=UP * 0.1), move,
                  run_time=until(self, "With t = t_1", 0.9))
        self.sigma_dot.move_to(point)
        self.wait_for("With t = t_1")
        self.play(FadeIn(heading), Write(cost_lhs), run_time=until(self, "so chapter 5", 0.5))
        self.play(Write(cost_rhs), run_time=until(self, "so chapter 5", 0.9))
        self.wait_for("so chapter 5")
        self.play(Circumscribe(VGroup(cost_lhs, cost_rhs), color=self.theme.highlight),
                  run_time=until(self, None, 0.8))
