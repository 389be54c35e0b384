"""Chapter 4: the gradient of log sum e^z - z_T, term by term, is y - t; checked numerically."""

from __future__ import annotations

from typing import Any

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    Dot,
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

from mathcore.cost import finite_difference_latex, gradient_moves
from mathcore.derivations import forward_derivation
from mathcore.example import formulas
from mathcore.outline import chapter_named
from mathcore.views.cost_curve import chapter_data
from scenes.base import LectureScene, arrange_in_width
from scenes.components.bar_rows import BarRows, example_rows
from scenes.components.bars import ClassBars
from scenes.components.carried import CAPTION_GAP, probability_panel
from scenes.components.matching import MovePieces, align_equals, part, pieces_of
from scenes.components.pacing import until_end_of

__all__ = ["MagicGradient"]


class MagicGradient(LectureScene):
    """Differentiate term by term, combine into y - t, see it as bars, check it numerically."""

    chapter = chapter_named("gradient")
    display_data = chapter_data
    formula_size = 42
    column_x = (-3.5, 3.6)  # the "=" of the two columns: log-sum term, target term
    # forward_derivation() steps: the split, each term's two steps, the result.
    split_step = "split"
    softmax_steps = ("chain_rule", "softmax_output")
    one_hot_steps = ("target_slope", "one_hot")
    result_step = "gradient"
    band_height = 1.5  # the top band (result, finite-difference legend) in the bars beats
    rows_max_unit = 1.6
    rows_bottom = -3.65  # the rows' names stay clear of the frame's safe margin
    thumbnail_width = 3.6  # the small y and t bars under the derivation's columns
    thumbnail_height = 1.4

    def construct(self) -> None:
        """Play the chapter's beats."""
        self._show_term_by_term()
        self._show_combined()
        self._show_bar_rows()
        self._show_finite_differences()

    # ------------------------------------------------------------------

    def _tint(self, formula: Any) -> Any:
        """y_m in the probability colour, t_m in the target colour, wherever they appear."""
        moves = gradient_moves()
        return self.tint(formula, {
            **{key: self.theme.probability for key in moves["softmax"].values()},
            **{key: self.theme.target for key in moves["one_hot"].values()}})

    def _term(self, formula: Any, kind: str) -> Any:
        """The part of ``formula`` that is y_m (``kind`` "softmax") or t_m ("one_hot")."""
        return part(formula, next(iter(gradient_moves()[kind].values())))

    def _thumbnail(self, vector: str, center_x: float, top: float, bottom: float) -> ClassBars:
        """Small bars of y or t (no labels) under the formula column that derives them."""
        example, theme = self.example, self.theme
        values, color = {"probabilities": (example.probabilities, theme.probability),
                         "one_hot": (example.one_hot, theme.target)}[vector]
        bars = ClassBars(example.shown(values), example.classes, color, self.thumbnail_width,
                         max(0.6, top - bottom), value_range=(0.0, 1.0), show_names=False,
                         show_values=False)
        bars.shift([center_x, (top + bottom) / 2, 0])
        return bars

    def _show_term_by_term(self) -> None:
        """d/dz_m log sum e^z = y_m and dz_T/dz_m = 1_{m=T} = t_m, each beside its bars."""
        example, latex, theme = self.example, self.example.latex, self.theme
        self.beat("Differentiate the rewritten cost one term at a time. By the chain rule, "
                  "the derivative of log of the sum is e to the z_m over the sum: that is "
                  "y_m. The derivative of z_T with respect to z_m is one when m is the "
                  "target and zero otherwise: that is t_m.")
        derivation = forward_derivation()
        moves = gradient_moves()
        cost = self.formula(formulas()["cost_rewritten"])
        split = self.formula(derivation.step(self.split_step).latex)
        top = self.header_bottom - 0.2
        align_equals([cost, split], top=top, x=0.0, gap=0.45)
        VGroup(cost, split).move_to([0, VGroup(cost, split).get_center()[1], 0])
        softmax = [self._tint(self.formula(derivation.step(name).latex))
                   for name in self.softmax_steps]
        one_hot = [self._tint(self.formula(derivation.step(name).latex))
                   for name in self.one_hot_steps]
        column_top = split.get_bottom()[1] - 0.55
        left = align_equals(softmax, top=column_top, x=self.column_x[0], gap=0.3)
        right = align_equals(one_hot, top=column_top, x=self.column_x[1], gap=0.3)
        for column, edge in ((left, LEFT), (right, RIGHT)):
            # Keep each column on screen (a long first step pushes it past the edge).
            limit = config.frame_width / 2 - 0.3
            overshoot = abs(column.get_edge_center(edge)[0]) - limit
            if overshoot > 0:
                column.shift(-edge * overshoot)
        # The y and t bars under the columns, in the band above the result's place.
        band_top = min(left.get_bottom()[1], right.get_bottom()[1]) - 0.35
        band_bottom = band_top - self.thumbnail_height
        # Outer edges at the safe margin: the result will stand between them.
        edge = config.frame_width / 2 - 0.6 - self.thumbnail_width / 2
        self.y_thumb = self._thumbnail("probabilities", -edge, band_top, band_bottom)
        self.t_thumb = self._thumbnail("one_hot", edge, band_top, band_bottom)
        # Chapter 2's probabilities, where it left them, shrink to the y bars.
        panel = probability_panel(example)
        caption = self.labelled("probabilities", latex["probabilities_symbol"],
                                theme.probability)
        caption.move_to([panel.origin()[0], panel.area_top() + CAPTION_GAP, 0])
        self.add(panel, caption)
        opening = until_end_of(self, "Differentiate the rewritten cost", 0.5)
        self.play(Write(cost), ReplacementTransform(panel.bars, self.y_thumb.bars),
                  ReplacementTransform(panel.baseline, self.y_thumb.baseline),
                  FadeOut(panel.value_labels), FadeOut(panel.name_labels), FadeOut(caption),
                  run_time=opening)
        self.remove(panel)
        self.add(self.y_thumb)
        self.play(MovePieces(cost.copy(), split, key_map=moves["cost"]),
                  run_time=until_end_of(self, "Differentiate the rewritten cost", shortest=1.5))
        first, second = softmax
        self.wait_for("the derivative of log of the sum")
        span = until_end_of(self, "the derivative of log of the sum")
        self.play(TransformMatchingTex(pieces_of(split, _lhs_keys(first)), first),
                  run_time=span * 0.45)
        self.play(MovePieces(pieces_of(first, _rhs_keys(first)), second,
                             key_map=moves["softmax"]), run_time=span * 0.3)
        self.play(Indicate(self._term(second, "softmax"), color=theme.highlight),
                  Indicate(self.y_thumb.bars, color=theme.highlight, scale_factor=1.05),
                  run_time=until_end_of(self, "the derivative of log of the sum", shortest=1.0))
        first, second = one_hot
        self.wait_for("The derivative of z_T")
        self.play(TransformMatchingTex(pieces_of(split, _lhs_keys(first)), first),
                  run_time=until_end_of(self, "The derivative of z_T", 0.8))
        self.wait_for("when m is the target")
        span = until_end_of(self, "when m is the target")
        self.play(MovePieces(pieces_of(first, _rhs_keys(first)), second,
                             key_map=moves["one_hot"]),
                  FadeIn(self.t_thumb.baseline),
                  LaggedStart(*[GrowFromEdge(bar, DOWN) for bar in self.t_thumb.bars],
                              lag_ratio=0.2), run_time=span * 0.6)
        self.add(self.t_thumb)
        self.play(Indicate(self._term(second, "one_hot"), color=theme.highlight),
                  Indicate(self.t_thumb.bars[example.target], color=theme.highlight),
                  run_time=until_end_of(self, "when m is the target", shortest=1.0))
        self.derivation = VGroup(cost, split, *softmax, *one_hot)
        self.split, self.softmax_lines, self.one_hot_lines = split, softmax, one_hot

    def _show_combined(self) -> None:
        """Together: dC/dz_m = y_m - t_m, each term beside its bars."""
        theme = self.theme
        self.beat("Put the two terms together: the derivative of the cost with respect to "
                  "each logit is y_m minus t_m. No magic: the log undid the exponential of "
                  "softmax, and what is left is the probability minus the target.")
        result = self._tint(self.formula(forward_derivation().step(self.result_step).latex))
        result.scale(1.15)
        # Between the y bars and the t bars, level with them.
        result.move_to([0, self.y_thumb.origin()[1], 0])
        lhs = _lhs_keys(result)
        sources = VGroup(pieces_of(self.split, lhs), pieces_of(self.softmax_lines[1],
                                                               _rhs_keys(result)),
                         pieces_of(self.one_hot_lines[1], _rhs_keys(result)))
        self.play(TransformMatchingTex(sources, result),
                  run_time=until_end_of(self, "Put the two terms", 0.9, shortest=1.5))
        self.box = SurroundingRectangle(result, color=theme.gradient, buff=0.18)
        self.wait_for("the derivative of the cost with respect")
        self.play(Create(self.box), run_time=until_end_of(
            self, "the derivative of the cost with respect", 0.5))
        self.wait_for("No magic")
        # The log undid the exponential: the softmax column's fraction is y_m itself.
        self.play(Indicate(self.softmax_lines[0], color=theme.highlight, scale_factor=1.0),
                  run_time=until_end_of(self, "No magic", 0.9))
        self.wait_for("and what is left")
        span = until_end_of(self, "and what is left")
        self.play(Indicate(self._term(result, "softmax"), color=theme.highlight),
                  Indicate(self.y_thumb.bars, color=theme.highlight, scale_factor=1.05),
                  run_time=span * 0.5)
        self.play(Indicate(self._term(result, "one_hot"), color=theme.highlight),
                  Indicate(self.t_thumb.bars, color=theme.highlight, scale_factor=1.05),
                  run_time=span * 0.5)
        self.result = result

    def _show_bar_rows(self) -> None:
        """Three rows on one scale: y, t, and y - t made from them (y's bars, less t's)."""
        example, theme = self.example, self.theme
        others = ("the other class is" if example.n_classes == 2
                  else "every other class is")
        self.beat(f"Here it is for these {example.n_classes} classes: the probabilities y, "
                  f"the one-hot target t, and their difference y minus t, all on one scale. "
                  f"The target's bar is pulled down, {others} pushed up, and "
                  f"they add up to zero.")
        band_top = self.header_bottom - 0.05
        band_bottom = band_top - self.band_height
        identity = VGroup(self.result, self.box)
        target_height = min(identity.height, self.band_height - 0.2)
        self.rows = BarRows(example_rows(example, "probabilities", "one_hot", "gradient"),
                            example.classes, top=band_bottom - 0.1, bottom=self.rows_bottom,
                            center_x=0.3, max_unit=self.rows_max_unit)
        y_row, t_row, gradient_row = self.rows.rows
        left = -config.frame_width / 2 + 0.4
        self.play(FadeOut(self.derivation),
                  identity.animate.scale(target_height / identity.height).move_to(
                      [left + identity.width * target_height / identity.height / 2,
                       (band_top + band_bottom) / 2, 0]),
                  *[ReplacementTransform(getattr(thumb, part), getattr(row, part))
                    for thumb, row in ((self.y_thumb, y_row), (self.t_thumb, t_row))
                    for part in ("bars", "baseline")],
                  run_time=until_end_of(self, "Here it is", 0.45))
        # The thumbnails' groups now hold the rows' bars (Manim swapped them in): keep those.
        self.remove(self.y_thumb, self.t_thumb)
        self.add(y_row.baseline, y_row.bars, t_row.baseline, t_row.bars)
        self.play(FadeIn(self.rows.captions[0]), FadeIn(y_row.value_labels),
                  run_time=until_end_of(self, "Here it is", 0.3, shortest=0.8))
        self.wait_for("the one-hot target t")
        self.play(FadeIn(self.rows.captions[1]), FadeIn(t_row.value_labels), run_time=0.8)
        self.add(y_row, t_row)
        # y - t: y's bars come down to the third row, then t's bars take their share away.
        self.wait_for("and their difference")
        span = until_end_of(self, "and their difference")
        start = gradient_row.like(example.shown(example.probabilities))
        self.play(FadeIn(gradient_row.baseline), FadeIn(self.rows.captions[2]),
                  ReplacementTransform(y_row.bars.copy(), start.bars), run_time=span * 0.4)
        # The target's t bar (one unit tall) comes down onto the target's y bar from its top.
        taken = t_row.bars[example.target].copy()
        self.play(taken.animate.move_to(start.bars[example.target].get_top(), aligned_edge=UP)
                  .set_opacity(0.5), run_time=span * 0.25)
        self.play(ReplacementTransform(start.bars, gradient_row.bars), FadeOut(taken),
                  FadeIn(gradient_row.value_labels), FadeIn(gradient_row.name_labels),
                  run_time=span * 0.35)
        self.add(self.rows)
        self.wait_for("The target's bar is pulled down")
        self.play(Indicate(gradient_row.bars[example.target], color=theme.highlight),
                  run_time=until_end_of(self, "The target's bar is pulled down", 0.5))
        self.wait_for(f"{others} pushed up")
        self.play(Indicate(VGroup(*[bar for index, bar in enumerate(gradient_row.bars)
                                    if index != example.target]), color=theme.highlight,
                           scale_factor=1.05),
                  run_time=until_end_of(self, f"{others} pushed up", 0.6))
        self.band = (band_top, band_bottom)

    def _show_finite_differences(self) -> None:
        """Central differences of C land on the y - t bars; the largest error is printed."""
        example, latex, theme = self.example, self.example.latex, self.theme
        self.beat(f"Check it without any calculus: nudge each logit by a tiny h both ways and "
                  f"difference the cost. These estimates, the dots, land on the bars of y "
                  f"minus t. The largest disagreement is "
                  f"{example.fmt(example.finite_difference_error)}.")
        texts = finite_difference_latex()
        marker = Dot(radius=0.09, color=theme.highlight)
        definition = self.math(texts["definition"], size=32)
        step = self.math(texts["step"], size=32, color=theme.muted)
        legend = VGroup(marker, definition, step).arrange(RIGHT, buff=0.3)
        error = self.math(latex["finite_difference_error"], size=32, color=theme.gradient)
        panel = VGroup(legend, error).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        band_top, band_bottom = self.band
        left = self.box.get_right()[0] + 0.5
        right = config.frame_width / 2 - 0.35
        arrange_in_width(panel, right - left)
        if panel.height > band_top - band_bottom:
            panel.scale_to_fit_height(band_top - band_bottom)
        panel.move_to([(left + right) / 2, (band_top + band_bottom) / 2, 0])
        marks = self.rows.dots(2, example.finite_difference, color=theme.highlight,
                               radius=0.065, beside=True)
        self.play(FadeIn(legend, shift=LEFT * 0.2),
                  run_time=until_end_of(self, "Check it without", 0.8))
        self.wait_for("nudge each logit")
        self.play(Indicate(definition, color=theme.highlight, scale_factor=1.0),
                  Indicate(step, color=theme.highlight),
                  run_time=until_end_of(self, "nudge each logit", 0.9))
        self.wait_for("These estimates")
        self.play(LaggedStart(*[FadeIn(mark, scale=2.5) for mark in marks], lag_ratio=0.3),
                  run_time=until_end_of(self, "These estimates", 0.9))
        self.wait_for("The largest disagreement")
        self.play(Write(error), run_time=until_end_of(self, "The largest disagreement", 0.5))
        self.play(Indicate(error, color=theme.highlight, scale_factor=1.0),
                  run_time=until_end_of(self, "The largest disagreement", shortest=0.8))
        self.dots = VGroup(*[mark[1] for mark in marks])
        self.marks = marks


def _lhs_keys(formula: Any) -> list[str]:
    """The LaTeX of the pieces before the formula's first "="."""
    keys = []
    for piece in formula.submobjects:
        if piece.tex_string == "=":
            break
        keys.append(piece.tex_string)
    return keys


def _rhs_keys(formula: Any) -> list[str]:
    """The LaTeX of the pieces after the formula's first "="."""
    keys = [piece.tex_string for piece in formula.submobjects]
    return keys[keys.index("=") + 1:] if "=" in keys else keys

