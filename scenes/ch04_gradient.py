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
    LaggedStart,
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
from scenes.components.matching import MovePieces, align_equals, pieces_of

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

    def _show_term_by_term(self) -> None:
        """d/dz_m log sum e^z = y_m and dz_T/dz_m = 1_{m=T} = t_m."""
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
        self.play(Write(cost))
        self.play(MovePieces(cost.copy(), split, key_map=moves["cost"]), run_time=1.8)
        first, second = softmax
        self.play(TransformMatchingTex(pieces_of(split, _lhs_keys(first)), first), run_time=1.6)
        self.play(MovePieces(pieces_of(first, _rhs_keys(first)), second,
                             key_map=moves["softmax"]), run_time=1.4)
        first, second = one_hot
        self.play(TransformMatchingTex(pieces_of(split, _lhs_keys(first)), first), run_time=1.6)
        self.play(MovePieces(pieces_of(first, _rhs_keys(first)), second,
                             key_map=moves["one_hot"]), run_time=1.4)
        self.derivation = VGroup(cost, split, *softmax, *one_hot)
        self.split, self.softmax_lines, self.one_hot_lines = split, softmax, one_hot

    def _show_combined(self) -> None:
        """Together: dC/dz_m = y_m - t_m."""
        self.beat("Put the two terms together: the derivative of the cost with respect to "
                  "each logit is y_m minus t_m. No magic: the log undid the exponential of "
                  "softmax, and what is left is the probability minus the target.")
        result = self._tint(self.formula(forward_derivation().step(self.result_step).latex))
        result.scale(1.15)
        bottom = VGroup(*self.softmax_lines, *self.one_hot_lines).get_bottom()[1]
        result.move_to([0, (bottom + -config.frame_height / 2) / 2, 0])
        lhs = _lhs_keys(result)
        sources = VGroup(pieces_of(self.split, lhs), pieces_of(self.softmax_lines[1],
                                                               _rhs_keys(result)),
                         pieces_of(self.one_hot_lines[1], _rhs_keys(result)))
        self.play(TransformMatchingTex(sources, result), run_time=2)
        self.box = SurroundingRectangle(result, color=self.theme.gradient, buff=0.18)
        self.play(Create(self.box))
        self.result = result

    def _show_bar_rows(self) -> None:
        """Three rows: y, t, and y - t on the same scale."""
        example = self.example
        self.beat(f"Here it is for these {example.n_classes} classes: the probabilities y, "
                  f"the one-hot target t, and their difference y minus t, all on one scale. "
                  f"The target's bar is pulled down, every other class is pushed up, and "
                  f"they add up to zero.")
        band_top = self.header_bottom - 0.05
        band_bottom = band_top - self.band_height
        identity = VGroup(self.result, self.box)
        target_height = min(identity.height, self.band_height - 0.2)
        self.rows = BarRows(example_rows(example, "probabilities", "one_hot", "gradient"),
                            example.classes, top=band_bottom - 0.1, bottom=-3.8, center_x=0.3,
                            max_unit=self.rows_max_unit)
        left = -config.frame_width / 2 + 0.4
        self.play(FadeOut(self.derivation),
                  identity.animate.scale(target_height / identity.height).move_to(
                      [left + identity.width * target_height / identity.height / 2,
                       (band_top + band_bottom) / 2, 0]))
        self.play(LaggedStart(*[FadeIn(self.rows.row(index), shift=UP * 0.2)
                                for index in range(3)], lag_ratio=0.6), run_time=2.4)
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
        right = config.frame_width / 2 - 0.3
        arrange_in_width(panel, right - left)
        if panel.height > band_top - band_bottom:
            panel.scale_to_fit_height(band_top - band_bottom)
        panel.move_to([(left + right) / 2, (band_top + band_bottom) / 2, 0])
        dots = self.rows.dots(2, example.finite_difference, color=theme.highlight, radius=0.065)
        self.play(FadeIn(legend, shift=LEFT * 0.2))
        self.play(LaggedStart(*[FadeIn(dot, scale=2.5) for dot in dots], lag_ratio=0.15),
                  run_time=1.8)
        self.play(Write(error))
        self.dots = dots


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

