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
    Mobject,
    ReplacementTransform,
    SurroundingRectangle,
    TransformMatchingTex,
    ValueTracker,
    VGroup,
    Write,
)

from mathcore.derivations import reverse_derivation
from mathcore.notation import split_formula
from mathcore.outline import chapter_named
from mathcore.slices import constant_stages, reverse_latex, reverse_terms
from mathcore.views.axes import tick_label
from mathcore.views.slice import readout, reverse_data, slice_curves
from scenes.base import LectureScene, arrange_in_width, cue_saying
from scenes.components.bars import display_name
from scenes.components.matching import MovePieces
from scenes.components.pacing import swap
from scenes.components.slice_plot import SlicePlot


def parts(formula: MathTex, tex: str) -> list[Mobject]:
    """Every part of ``formula`` whose LaTeX is ``tex``, left to right."""
    found = [piece for piece in formula.submobjects if piece.tex_string == tex]
    if not found:
        raise KeyError(f"{tex!r} is not a part of {formula.get_tex_string()!r}")
    return found


class RunningItBackwards(LectureScene):
    """Integrate the requirement dC/dz_m = y_m - t_m one coordinate at a time."""

    chapter = chapter_named("backwards")
    display_data = reverse_data
    formula_terms = tuple(reverse_terms())
    formula_size = 44
    line_spacing = 1.25
    top_line = 2.35
    formula_width = 12.6
    plot_width = 6.4
    plot_panel_height = 2.45
    plot_gap = 0.95
    plot_center = np.array([-2.9, -0.35, 0.0])
    plot_left_limit = -6.6
    column_x = 4.2
    column_width = 4.8
    slice_formula_size = 36

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.reverse = reverse_derivation()
        self.formulas = reverse_latex()
        self._show_requirement()
        self._show_integration()
        self._show_constants()
        self._show_cost()
        self._show_slice()
        self._show_target_slice()

    # ------------------------------------------------------------------
    # Pacing: animations start with the words that name them and last as long.

    def _fill(self, phrase: str, least: float = 1.0) -> float:
        """Seconds from now to the end of the cue that says ``phrase`` (at least ``least``)."""
        index = cue_saying(self.timing.chunks, phrase)
        return max(least, self.timing.ends[index] - self.beat_elapsed())

    def _carry_parts(self, target: MathTex, moves: list[tuple[Mobject, Mobject]],
                     held: tuple[Mobject, ...] = (), **kwargs) -> None:
        """Copies of source parts fly into parts of ``target``; the rest fades in but ``held``."""
        moved = [piece for _, piece in moves]
        rest = [piece for piece in target.submobjects
                if all(piece is not other for other in [*moved, *held])]
        self.play(*[ReplacementTransform(source.copy(), piece) for source, piece in moves],
                  FadeIn(VGroup(*rest), shift=DOWN * 0.1), **kwargs)
        if not held:
            self._whole(target)

    def _whole(self, target: MathTex) -> None:
        """Hand the pieces the animations put on screen back to the formula they belong to."""
        self.remove(*target.submobjects)
        self.add(target)

    # ------------------------------------------------------------------

    def _show_requirement(self) -> None:
        """Start from the requirement dC/dz_m = y_m - t_m, written out."""
        self.beat("Now run chapter four backwards. Ask only that the cost's gradient be "
                  "y_m minus t_m, and look for the cost that has it. Written out, that is "
                  "the softmax output, e to the z_m over the sum, minus the one-hot target, "
                  "which is one when m is the target.")
        formulas = self.formulas
        requirement = self.formula(formulas["requirement"], self.line_y(0),
                                   color=self.theme.gradient)
        label = self.text("required", size=26, color=self.theme.muted)
        label.next_to(requirement, LEFT, buff=0.5)
        self.play(Write(requirement), FadeIn(label, shift=RIGHT * 0.2), run_time=2.5)
        self.play(Circumscribe(requirement, color=self.theme.highlight),
                  run_time=self._fill("and look for the cost", 1.5))
        self.wait_for("Written out")
        written_out = self.formula(self.reverse.step("written_out").latex, self.line_y(1))
        self.play(TransformMatchingTex(requirement.copy(), written_out), run_time=1.5)
        softmax = VGroup(*parts(written_out, formulas["sum_exp"]),
                         *parts(written_out, formulas["numerator"]))
        self.play(Circumscribe(softmax, color=self.theme.probability),
                  run_time=max(1.0, self._fill("Written out") - 0.2))
        self.wait_for("minus the one-hot target")
        indicator = parts(written_out, formulas["indicator"])[0]
        self.play(Circumscribe(indicator, color=self.theme.target),
                  Indicate(indicator, color=self.theme.target),
                  run_time=self._fill("minus the one-hot target", 1.5))
        self.requirement = VGroup(label, requirement)
        self.line = written_out

    def _show_integration(self) -> None:
        """Integrate over z_m: with u = sum e^z the softmax term is du/u; 1_{m=T} gives z_T + g."""
        formulas = self.formulas
        self.beat("Integrate over z_m, one term at a time. For the first, let u be the sum of "
                  "e to the z_k. Only its term with k equal to m holds z_m, so du is e to the "
                  "z_m dz_m. The integrand is then du over u, whose integral is log u, plus "
                  "some f that holds no z_m. Put the sum back in for u. The indicator "
                  "integrates to z_T, plus some g.")
        integral = self.formula(self.reverse.step("integral").latex, self.line_y(1))
        self.play(TransformMatchingTex(self.line, integral),
                  run_time=self._fill("Integrate over z_m", 1.5))
        self.line = integral
        small = 36
        substitution = self.math(*self._pieces(formulas["substitution"]), size=small,
                                 color=self.theme.muted)
        differential = self.math(*self._pieces(formulas["differential"]), size=small,
                                 color=self.theme.muted)
        VGroup(substitution, differential).arrange(RIGHT, buff=1.2).move_to(
            [0, self.line_y(2), 0])
        # u is the sum in the denominator.
        self.wait_for("let u be the sum")
        total = parts(integral, formulas["sum_exp"])[0]
        self.play(Indicate(total, color=self.theme.highlight), run_time=1.2)
        self._carry_parts(substitution, [(total, parts(substitution, formulas["sum_exp"])[0])],
                          run_time=max(1.0, self._fill("let u be the sum") - 0.1))
        # du is the numerator with dz_m.
        self.wait_for("Only its term")
        numerator = parts(integral, formulas["numerator"])[0]
        dz = parts(integral, formulas["dz"])[0]
        self.play(Indicate(VGroup(numerator, dz), color=self.theme.highlight), run_time=1.2)
        self._carry_parts(differential, [(numerator, parts(differential, numerator.tex_string)[0]),
                                         (dz, parts(differential, dz.tex_string)[0])],
                          run_time=max(1.0, self._fill("Only its term") - 0.1))
        # The softmax term is du/u: its integral is log u + f.
        self.wait_for("The integrand is then")
        first = self.formula(formulas["du_over_u"], self.line_y(3))
        tail = tuple(first.submobjects[-3:])  # = log u + f
        # The softmax term's integral itself comes from the line above: the parts after its "=".
        source = integral.submobjects
        equals = parts(integral, "=")[0]
        after = source[source.index(equals) + 1:]
        moves = [(old, new) for old, new in zip(after, first.submobjects, strict=False)
                 if old.tex_string == new.tex_string and new.tex_string != "="][:7]
        moves += [(substitution.submobjects[0], parts(first, formulas["one_over_u"])[0]),
                  (differential.submobjects[0], parts(first, formulas["du"])[0])]
        self._carry_parts(first, moves, held=tail, run_time=2.0)
        self.play(FadeIn(VGroup(*tail), shift=LEFT * 0.2),
                  run_time=max(1.0, self._fill("whose integral is log u") - 0.3))
        self._whole(first)
        self.play(Indicate(parts(first, formulas["plus_f"])[0], color=self.theme.highlight),
                  run_time=self._fill("plus some f", 1.0) * 0.5)
        # log u turns into the sum it stands for; the other terms stay as they are.
        self.wait_for("Put the sum back")
        first_back = self.formula(formulas["integral_back"], self.line_y(3))
        self.play(MovePieces(first, first_back,
                             key_map={formulas["log_u"]: formulas["log_sum_exp"]}),
                  run_time=1.5)
        self.wait_for("The indicator integrates")
        second = self.formula(self.reverse.step("indicator_integral").latex, self.line_y(4))
        indicator = parts(integral, formulas["indicator"])[0]
        self.play(Indicate(indicator, color=self.theme.highlight), run_time=1.0)
        self._carry_parts(second, [(indicator, parts(second, formulas["indicator"])[0])],
                          run_time=self._fill("The indicator integrates", 1.5))
        self.substitution = VGroup(substitution, differential)
        self.results = VGroup(first_back, second)

    def _pieces(self, tex: str) -> tuple[str, ...]:
        """``tex`` cut at the chapter's terms and at "=", as :meth:`formula` cuts it."""
        return split_formula(tex, [*self.formula_terms, "="])

    def _show_constants(self) -> None:
        """F and g may hold the other logits; f - g is the same for every m, so it holds none."""
        example, formulas = self.example, self.formulas
        classes = "both classes" if example.n_classes == 2 else f"all {example.n_classes} classes"
        self.beat("But f and g are constant only along z_m: each may still hold every other "
                  "logit. So f minus g is the cost, minus log of the sum, plus z_T, and no m "
                  "is left in that. Integrating along z_m showed that it holds no z_m, for "
                  f"any m. Run m over {classes}, and one by one the logits drop out of its "
                  "list. So f minus g holds no logit at all: it is a constant, c.")
        self.play(FadeOut(self.line), FadeOut(self.substitution), FadeOut(self.requirement),
                  run_time=0.8)
        first, second = self.results
        self.play(first.animate.move_to([0, self.line_y(0), 0]),
                  second.animate.move_to([0, self.line_y(1), 0]), run_time=1.2)
        # f and g: functions of every logit but z_m.
        self.wait_for("each may still hold")
        first_args = self.formula(formulas["integral_back_args"], self.line_y(0))
        second_args = self.formula(formulas["indicator_args"], self.line_y(1))
        self.play(MovePieces(first, first_args), MovePieces(second, second_args), run_time=1.5)
        others = VGroup(parts(first_args, formulas["other_logits"])[0],
                        parts(second_args, formulas["other_logits"])[0])
        self.play(Circumscribe(others, color=self.theme.highlight),
                  run_time=max(1.0, self._fill("each may still hold") - 0.2))
        # Their difference is the cost less the terms found: no m in it.
        self.wait_for("So f minus g is the cost")
        difference = self.formula(formulas["difference"], self.line_y(2.1))
        self._carry_parts(difference, [
            (parts(first_args, formulas["log_sum_exp"])[0],
             parts(difference, formulas["log_sum_exp"])[0]),
            (parts(second_args, formulas["target_logit"])[0],
             parts(difference, formulas["target_logit"])[0]),
        ], run_time=self._fill("So f minus g is the cost", 1.5))
        # m runs over the classes: each logit in turn drops out of what f - g may hold.
        self.wait_for("Integrating along z_m showed")
        stages = [self.math(*stage, size=self.formula_size) for stage in
                  constant_stages(example.n_classes)]
        for stage in stages:
            arrange_in_width(stage, self.formula_width).move_to([0, self.line_y(3.3), 0])
        self.play(FadeIn(stages[0], shift=UP * 0.2),
                  run_time=self._fill("Integrating along z_m showed", 1.5))
        self.wait_for(f"Run m over {classes}")
        step = max(0.6, self._fill(f"Run m over {classes}") / max(1, len(stages) - 1))
        for current, following in zip(stages, stages[1:], strict=False):
            leaving = current.submobjects[2]  # the first logit left in the list
            self.play(Indicate(leaving, color=self.theme.highlight), run_time=step * 0.45)
            self.play(TransformMatchingTex(current, following), run_time=step * 0.55)
        self.wait_for("So f minus g holds no logit")
        last = stages[-1]
        constant = self.formula(formulas["constant"], self.line_y(3.3))
        self.play(Indicate(last.submobjects[2], color=self.theme.highlight), run_time=0.8)
        self.play(MovePieces(last, constant, key_map={last.submobjects[0].tex_string:
                                                      constant.submobjects[0].tex_string}),
                  run_time=1.2)
        self.play(Circumscribe(constant, color=self.theme.highlight),
                  run_time=max(1.0, self._fill("So f minus g holds no logit") - 0.2))
        self.results = VGroup(first_args, second_args)
        self.constant_group = VGroup(difference, constant)

    def _show_cost(self) -> None:
        """Collect the terms: C = log sum e^z - z_T (+ c) = -log y_T."""
        self.beat("Collect the terms. The cost is log of the sum of e to the z_k, minus z_T, "
                  "plus c, and that is minus log y_T: the negative log-likelihood of chapter "
                  "three. Choosing c equal to zero makes a perfect prediction cost nothing.")
        first, second = self.results
        formulas, cost = self.formulas, self.theme.cost
        difference, constant = self.constant_group
        self.play(FadeOut(difference), run_time=0.6)
        collected = self.formula(formulas["cost_steps"], self.line_y(2.1), color=cost)
        self._carry_parts(collected, [
            (parts(first, formulas["log_sum_exp"])[0],
             parts(collected, formulas["log_sum_exp"])[0]),
            (parts(second, formulas["target_logit"])[0],
             parts(collected, formulas["target_logit"])[0]),
        ], run_time=self._fill("The cost is log of the sum", 1.5))
        self.play(FadeOut(constant), run_time=0.5)
        self.wait_for("and that is minus log y_T")
        result = self.formula(formulas["result"], self.line_y(3.3), size=50, color=cost)
        self.play(TransformMatchingTex(collected.copy(), result),
                  run_time=self._fill("and that is minus log y_T", 1.5))
        frame = SurroundingRectangle(result, color=self.theme.cost, buff=0.2)
        self.wait_for("Choosing c")
        constants = parts(collected, formulas["plus_c"])
        self.play(Indicate(VGroup(*constants), color=self.theme.highlight), FadeIn(frame),
                  run_time=1.5)
        self.play(Indicate(result, color=self.theme.highlight),
                  run_time=self._fill("Choosing c", 1.5))
        self.derivation = VGroup(first, second, collected, result, frame)
        self.result = result

    # ------------------------------------------------------------------
    # The slices.

    def _slice_caption(self, name: str, variable: str, color: str) -> VGroup:
        """"only the logit of NAME moves: z_m", for the column."""
        moving = VGroup(self.text(display_name(name), size=30, color=color),
                        self.text("moves:", size=26, color=self.theme.muted),
                        self.math(variable, size=36, color=self.theme.logit))
        moving.arrange(RIGHT, buff=0.2)
        caption = VGroup(self.text("only the logit of", size=26, color=self.theme.muted), moving)
        caption.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        return arrange_in_width(caption, self.column_width)

    def _readouts(self, plot: SlicePlot, end: ValueTracker) -> VGroup:
        """The area so far and the cost's rise so far, each beside its panel, following b."""
        curves = plot.curves
        rows = VGroup()
        for panel, tex, value_of, color in (
                (plot.upper, curves.latex["area"], curves.area_to, self.theme.gradient),
                (plot.lower, curves.latex["rise"], curves.rise_at, self.theme.cost)):
            left = self.math(tex, "=", size=self.slice_formula_size, color=color)
            left.move_to([0, panel.box_center()[1], 0]).align_to(
                [self.column_x - self.column_width / 2, 0, 0], LEFT)

            def place(text, left=left) -> None:
                text.next_to(left, RIGHT, buff=0.2)

            number = plot.running_number(end, value_of, readout, place, color)
            rows.add(VGroup(left, number))
        return rows

    def _sweep(self, plot: SlicePlot, run_time: float) -> VGroup:
        """Slide b from a to its end: the area fills, C rises beside it; readouts follow."""
        curves = plot.curves
        end = ValueTracker(curves.start)
        pieces = VGroup(plot.area(end), plot.cursor(end), plot.rise(end), plot.start_dot())
        readouts = self._readouts(plot, end)
        self.add(pieces, readouts)
        self.play(end.animate.set_value(curves.end), run_time=run_time)
        self.remove(end)  # a tracker keeps its value as a point: not part of the picture
        for piece in [*pieces, *[row[1] for row in readouts]]:
            piece.update()  # at b itself, also when animations are skipped
            piece.clear_updaters()
        return VGroup(pieces, readouts)

    def _values(self, plot: SlicePlot, readouts: VGroup) -> VGroup:
        """The readouts become the equations with their bounds and values."""
        latex = plot.curves.latex
        formulas = VGroup()
        for row, tex, color in ((readouts[0], latex["area_value"], self.theme.gradient),
                                (readouts[1], latex["rise_value"], self.theme.cost)):
            formula = self.math(tex, size=self.slice_formula_size, color=color)
            arrange_in_width(formula, self.column_width)
            formula.move_to([self.column_x, row.get_center()[1], 0])
            formulas.add(formula)
        # Swapped, not morphed: a running number morphing into a formula scrambles both.
        self.play(*[swap(row, formula)
                    for row, formula in zip(readouts, formulas, strict=True)], run_time=1.2)
        return formulas

    def _show_slice(self) -> None:
        """One slice along the likeliest rival: the area under y_m from a to b is C's rise."""
        example = self.example
        curves = slice_curves(example, "other")
        name = example.classes[curves.index]
        which = ("the other class" if example.n_classes == 2
                 else "the likeliest class that is not the target")
        self.beat(f"See it on one slice. Keep every logit fixed but the one of {name}, {which}, "
                  f"and slide it from a = {tick_label(curves.start)} to "
                  f"b = {tick_label(curves.end)}. The integrand y_m is positive, so the area "
                  f"grows, to {example.fmt(curves.area)}, and the cost rises by exactly as "
                  f"much: {example.fmt(curves.total_rise)}.")
        self.play(FadeOut(self.derivation), run_time=0.8)
        plot = SlicePlot(curves, self.plot_width, self.plot_panel_height, self.plot_gap)
        plot.move_to(self.plot_center)
        top = self.header_bottom - 0.1
        if plot.get_top()[1] > top:
            plot.shift(DOWN * (plot.get_top()[1] - top))
        if plot.get_left()[0] < self.plot_left_limit:
            plot.shift(RIGHT * (self.plot_left_limit - plot.get_left()[0]))
        caption = self._slice_caption(name, curves.latex["variable"], self.theme.logit)
        caption.move_to([self.column_x, 0, 0]).align_to([0, top - 0.1, 0], UP)
        self.play(FadeIn(plot), FadeIn(caption), run_time=self._fill("See it on one slice", 1.5))
        self.wait_for("and slide it from")
        swept = self._sweep(plot, self._fill("so the area", 3.0))
        self.wait_for("and the cost rises by exactly")
        pieces, readouts = swept
        rise = pieces[2]
        self.play(Indicate(rise, color=self.theme.highlight), run_time=1.0)
        values = self._values(plot, readouts)
        self.play(AnimationGroup(*[Indicate(value, color=self.theme.highlight)
                                   for value in values], lag_ratio=0.4),
                  run_time=self._fill("and the cost rises by exactly", 1.5))
        self.plot, self.caption = plot, caption
        self.swept, self.values = pieces, values

    def _show_target_slice(self) -> None:
        """The slice along the target: the integrand y_T - 1 is negative and C falls."""
        example = self.example
        curves = slice_curves(example, "target")
        name = example.classes[curves.index]
        self.beat(f"Now slide the target's own logit, that of {name}, from "
                  f"a = {tick_label(curves.start)} to b = {tick_label(curves.end)}. Along z_T "
                  "the integrand is y_T minus one: the minus t_m term at work. It is negative, "
                  f"so the area is {example.fmt(curves.area)}, and the cost falls by as much. "
                  "That is where the minus z_T in the cost comes from.")
        old = self.plot
        plot = SlicePlot(curves, self.plot_width, self.plot_panel_height, self.plot_gap)
        plot.shift(old.upper.box_center() - plot.upper.box_center())
        caption = self._slice_caption(name, curves.latex["variable"], self.theme.target)
        caption.move_to(self.caption.get_center()).align_to(self.caption, UP)
        self.play(FadeOut(self.swept), FadeOut(self.values), run_time=0.8)
        self.play(*[ReplacementTransform(before, after) for before, after in
                    zip(old.morph_parts(), plot.morph_parts(), strict=True)],
                  swap(self.caption, caption),
                  run_time=self._fill("Now slide the target's own logit", 2.0))
        self.remove(old)
        self.add(plot)
        self.wait_for("Along z_T")
        self.play(Circumscribe(plot.integrand_label, color=self.theme.highlight),
                  Indicate(plot.integrand_label, color=self.theme.highlight),
                  run_time=self._fill("Along z_T", 1.5))
        self.wait_for("It is negative")
        pieces, readouts = self._sweep(plot, self._fill("It is negative", 3.0))
        values = self._values(plot, readouts)
        self.wait_for("That is where")
        # The cost itself takes the caption's place: its - z_T is what this slice showed.
        result = self.result.copy().set(font_size=34)
        arrange_in_width(result, self.column_width)
        result.move_to(caption.get_center())
        self.play(swap(caption, result), run_time=1.0)
        target_logit = parts(result, self.formulas["target_logit"])[0]
        self.play(Circumscribe(target_logit, color=self.theme.highlight),
                  Indicate(values[1], color=self.theme.highlight),
                  run_time=self._fill("That is where", 1.5))
