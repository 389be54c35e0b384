"""Chapter 5: running it backwards, from the required gradient y - t to the cost -log y_T."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Circumscribe,
    FadeIn,
    FadeOut,
    Indicate,
    MathTex,
    ReplacementTransform,
    SurroundingRectangle,
    TransformMatchingTex,
    ValueTracker,
    VGroup,
    Write,
)

from mathcore.derivations import reverse_derivation
from mathcore.outline import chapter_named
from mathcore.slices import reverse_latex, reverse_terms
from mathcore.views.slice import reverse_data, slice_curves, slice_data
from scenes.base import LectureScene, arrange_in_width
from scenes.components.bars import display_name
from scenes.components.matching import MovePieces
from scenes.components.slice_plot import SlicePlot


class RunningItBackwards(LectureScene):
    """Integrate the requirement dC/dz_m = y_m - t_m one coordinate at a time."""

    chapter = chapter_named("backwards")
    display_data = reverse_data
    formula_terms = tuple(reverse_terms())
    formula_size = 44
    line_spacing = 1.25
    top_line = 2.35
    formula_width = 12.6
    plot_width = 6.6
    plot_panel_height = 2.45
    plot_gap = 0.95
    plot_center = np.array([-2.9, -0.35, 0.0])
    plot_left_limit = -6.85
    column_x = 4.35
    column_width = 5.0
    sweep_time = 4.0
    slice_formula_size = 38

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.reverse = reverse_derivation()
        self.formulas = reverse_latex()
        self._show_requirement()
        self._show_integration()
        self._show_constants()
        self._show_cost()
        self._show_slice()

    # ------------------------------------------------------------------

    def _carry_over(self, pieces: list[tuple[MathTex, str]], target: MathTex,
                    **kwargs) -> None:
        """Terms of ``target`` fly in from the same terms of earlier formulas; the rest fades in."""
        moves, carried = [], []
        for source, term in pieces:
            part = target.get_part_by_tex(term)
            moves.append(ReplacementTransform(source.get_part_by_tex(term).copy(), part))
            carried.append(part)
        rest = VGroup(*[part for part in target.submobjects
                        if all(part is not piece for piece in carried)])
        self.play(*moves, FadeIn(rest, shift=DOWN * 0.1), **kwargs)
        # The animations put the pieces on screen one by one; hand them back to
        # the whole formula, so the scene holds the formula itself.
        self.remove(rest, *carried)
        self.add(target)

    def _show_requirement(self) -> None:
        """Start from the requirement dC/dz_m = y_m - t_m, written out."""
        self.beat("Now run chapter four backwards. Ask only that the cost's gradient be "
                  "y_m minus t_m, the softmax output minus the one-hot target, and look "
                  "for the cost that has it.")
        requirement = self.formula(self.formulas["requirement"], self.line_y(0),
                                   color=self.theme.gradient)
        label = self.text("required", size=26, color=self.theme.muted)
        label.next_to(requirement, LEFT, buff=0.5)
        self.play(Write(requirement), FadeIn(label, shift=RIGHT * 0.2))
        written_out = self.formula(self.reverse.step("written_out").latex, self.line_y(1))
        self.play(TransformMatchingTex(requirement.copy(), written_out))
        self.requirement = VGroup(label, requirement)
        self.line = written_out

    def _show_integration(self) -> None:
        """Integrate over z_m: a u-substitution for the softmax term, z_T + g for the other."""
        formulas = self.formulas
        self.beat("Integrate over z_m, one term at a time. With u the sum of e to the z_k, "
                  "du is e to the z_m dz_m, so the first term is du over u: log u plus some f. "
                  "The indicator integrates to z_T plus some g.")
        integral = self.formula(self.reverse.step("integral").latex, self.line_y(1))
        self.play(TransformMatchingTex(self.line, integral))
        self.line = integral
        substitution = VGroup(self.math(self.formulas["substitution"], size=36),
                              self.math(self.reverse.step("substitution").latex, size=36))
        substitution.arrange(RIGHT, buff=0.9)
        substitution.set_color(self.theme.muted)
        substitution.move_to([0, self.line_y(2), 0])
        self.play(FadeIn(substitution, shift=DOWN * 0.2))
        first = self.formula(self.reverse.step("softmax_integral").latex, self.line_y(3))
        self._carry_over([(integral, formulas["sum_exp"])], first)
        first_back = self.formula(self.formulas["integral_back"], self.line_y(3))
        # log u turns into the sum it stands for; the other terms stay as they are.
        self.play(MovePieces(first, first_back,
                             key_map={formulas["log_u"]: formulas["log_sum_exp"]}))
        second = self.formula(self.reverse.step("indicator_integral").latex, self.line_y(4))
        self._carry_over([(integral, formulas["indicator"])], second)
        self.substitution = substitution
        self.results = VGroup(first_back, second)

    def _show_constants(self) -> None:
        """F and g hold no z_m, and that is true for every m: they are constants."""
        self.beat("f and g may still depend on the other logits. But the same holds for "
                  "every m: the cost's derivative along each z_n is already y_n minus t_n, "
                  "so f minus g can hold no logit at all. It is a constant, c.")
        self.play(FadeOut(self.line), FadeOut(self.substitution), FadeOut(self.requirement))
        first, second = self.results
        self.play(first.animate.move_to([0, self.line_y(0), 0]),
                  second.animate.move_to([0, self.line_y(1), 0]))
        constants = VGroup(first.get_part_by_tex(self.formulas["plus_f"]),
                           second.get_part_by_tex(self.formulas["plus_g"]))
        self.play(*[Circumscribe(part, color=self.theme.highlight) for part in constants])
        check = self.formula(self.reverse.step("every_logit").latex, self.line_y(2.2),
                             color=self.theme.gradient)
        every = self.text("for every n", size=28, color=self.theme.muted)
        every.next_to(check, RIGHT, buff=0.4)
        constant = self.formula(self.formulas["constant"], self.line_y(3.3))
        self.play(Write(check), FadeIn(every))
        self.play(ReplacementTransform(constants.copy(), constant))
        self.constant_group = VGroup(check, every, constant)

    def _show_cost(self) -> None:
        """Collect the terms: C = log sum e^z - z_T (+ c) = -log y_T."""
        self.beat("Collect the terms. The cost is log of the sum of e to the z_k minus z_T, "
                  "plus c, and that is minus log y_T: the negative log-likelihood of chapter "
                  "three. Choosing c equal to zero makes a perfect prediction cost nothing.")
        first, second = self.results
        formulas, cost = self.formulas, self.theme.cost
        self.play(FadeOut(self.constant_group))
        collected = self.formula(formulas["cost_steps"], self.line_y(2.1), color=cost)
        pieces = [(first, formulas["log_sum_exp"]), (second, formulas["target_logit"])]
        self._carry_over(pieces, collected, run_time=1.5)
        result = self.formula(formulas["result"], self.line_y(3.3), size=50, color=cost)
        self.play(TransformMatchingTex(collected.copy(), result))
        frame = SurroundingRectangle(result, color=self.theme.cost, buff=0.2)
        self.play(FadeIn(frame))
        self.play(Indicate(result, color=self.theme.highlight))
        self.derivation = VGroup(first, second, collected, result, frame)
        self.result = result

    def _show_slice(self) -> None:
        """One slice: the area under y_m - t_m from a to b is the rise of C."""
        example = self.example
        curves = slice_curves(example)
        data = slice_data(example)
        name = example.classes[curves.index]
        self.beat(f"See it on one slice: keep every logit fixed except the one of {name}, "
                  f"and slide it from a = {example.fmt(curves.start)} to "
                  f"b = {example.fmt(curves.end)}. The area under y_m minus t_m is "
                  f"{example.fmt(curves.area)}, and the cost rises by exactly "
                  f"{example.fmt(curves.total_rise)}.")
        self.play(FadeOut(self.derivation))
        plot = SlicePlot(curves, data["peak"], self.plot_width, self.plot_panel_height,
                         self.plot_gap)
        plot.move_to(self.plot_center)
        top = self.header_bottom - 0.1
        if plot.get_top()[1] > top:
            plot.shift(DOWN * (plot.get_top()[1] - top))
        if plot.get_left()[0] < self.plot_left_limit:  # a long tick label, e.g. 8.5e-17
            plot.shift(RIGHT * (self.plot_left_limit - plot.get_left()[0]))
        variable = self.math(curves.latex["variable"], size=36, color=self.theme.logit)
        moving = VGroup(self.text(display_name(name), size=30, color=self.theme.logit),
                        self.text("moves:", size=26, color=self.theme.muted), variable)
        moving.arrange(RIGHT, buff=0.2)
        caption = VGroup(self.text("only the logit of", size=26, color=self.theme.muted), moving)
        caption.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        arrange_in_width(caption, self.column_width)
        result = self.result.copy().set(font_size=34)
        arrange_in_width(result, self.column_width)
        column = VGroup(result, caption).arrange(DOWN, buff=0.5)
        column.move_to([self.column_x, 0, 0]).align_to([0, top - 0.1, 0], UP)
        self.play(FadeIn(plot), FadeIn(column))

        end = ValueTracker(curves.start)
        area = plot.area(end)
        cursor = plot.cursor(end)
        rise = plot.rise(end)
        start_dot = plot.start_dot()
        area_number = plot.running_number(
            end, curves.area_to, example.fmt,
            lambda text: text.move_to(plot.area_label_point(end.get_value(), text)),
            self.theme.text)
        rise_number = plot.running_number(
            end, curves.rise_at, example.fmt,
            lambda text: text.move_to(plot.rise_label_point(end.get_value(), text)),
            self.theme.cost)
        self.add(area, cursor, rise, start_dot, area_number, rise_number)
        self.play(end.animate.set_value(curves.end), run_time=self.sweep_time)
        self.remove(end)  # a tracker keeps its value as a point: not part of the picture
        for piece in (area, cursor, rise, area_number, rise_number):
            piece.update()  # at b itself, also when animations are skipped
            piece.clear_updaters()

        area_formula = self.math(example.latex["slice_area"], size=self.slice_formula_size,
                                 color=self.theme.gradient)
        rise_formula = self.math(curves.latex["rise"], size=self.slice_formula_size,
                                 color=self.theme.cost)
        # Each beside its own panel: the area by the curve, the rise by C.
        for formula, panel in ((area_formula, plot.upper), (rise_formula, plot.lower)):
            arrange_in_width(formula, self.column_width)
            formula.move_to([self.column_x, panel.y_axis.get_center()[1], 0])
            room = column.get_bottom()[1] - 0.4
            if formula.get_top()[1] > room:
                formula.shift(DOWN * (formula.get_top()[1] - room))
        self.play(ReplacementTransform(area_number.copy(), area_formula))
        self.play(ReplacementTransform(rise_number.copy(), rise_formula))
        self.play(AnimationGroup(Indicate(area_formula, color=self.theme.highlight),
                                 Indicate(rise_formula, color=self.theme.highlight),
                                 lag_ratio=0.4))
