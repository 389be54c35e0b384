r"""The curve :math:`C = -\log y_T` on axes that mathcore fitted to the example.

:class:`NegLogCurve` draws a :class:`mathcore.views.cost_curve.CostCurve`: its two
axes with mathcore's ticks and labels, the curve through mathcore's samples
(with a tip where it leaves the axes: it goes on growing), and a dot at the
example's :math:`y_T` with dashed drop lines to both axes. The dot's place is a
tracker on the probability axis; :meth:`NegLogCurve.slide_to` returns the
animation that moves it, and everything attached to the dot follows.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    Line,
    MathTex,
    Text,
    TipableVMobject,
    ValueTracker,
    VGroup,
    always_redraw,
)

from mathcore.views.cost_curve import CostCurve, DotStop

from ..theme import current_theme
from .plot_area import PlotArea

__all__ = ["NegLogCurve"]

TICK_SIZE = 0.08
TICK_LABEL_SIZE = 26
AXIS_LABEL_SIZE = 36


class NegLogCurve(PlotArea):
    r"""Axes, the curve :math:`C = -\log y_T`, and a dot that can slide along it.

    Parameters
    ----------
    curve : CostCurve
        From :func:`mathcore.views.cost_curve.cost_curve`: axes, samples, stops.
    probability_label, cost_label : str
        LaTeX of the axis names (from mathcore).
    width, height : float
        Size of the plotting area (tick labels and axis names lie outside it).
    log_note : str
        Words under the probability axis when it is logarithmic.
    """

    def __init__(self, curve: CostCurve, probability_label: str, cost_label: str,
                 width: float = 6.0, height: float = 4.0, log_note: str = "log scale") -> None:
        probability, cost = curve.probability_axis, curve.cost_axis
        super().__init__((probability.low, probability.high), (cost.low, cost.high), width,
                         height)
        theme = current_theme()
        self.curve = curve
        self.x_axis = Line(self.point(probability.low, 0.0), self.point(probability.high, 0.0),
                           color=theme.muted, stroke_width=2.5)
        self.y_axis = Line(self.point(probability.low, 0.0), self.point(probability.low,
                                                                          cost.high),
                           color=theme.muted, stroke_width=2.5)
        self.ticks = VGroup()
        self.tick_labels = VGroup()
        for tick, label in zip(probability.ticks, probability.labels, strict=True):
            foot = self.point(tick, 0.0)
            self.ticks.add(Line(foot + DOWN * TICK_SIZE, foot + UP * TICK_SIZE,
                                color=theme.muted, stroke_width=2))
            text = MathTex(label, font_size=TICK_LABEL_SIZE, color=theme.muted)
            text.next_to(foot, DOWN, buff=0.15)
            self.tick_labels.add(text)
        for tick, label in zip(cost.ticks, cost.labels, strict=True):
            foot = self.point(probability.low, tick)
            self.ticks.add(Line(foot + LEFT * TICK_SIZE, foot + RIGHT * TICK_SIZE,
                                color=theme.muted, stroke_width=2))
            text = MathTex(label, font_size=TICK_LABEL_SIZE, color=theme.muted)
            text.next_to(foot, LEFT, buff=0.15)
            self.tick_labels.add(text)
        self.probability_name = MathTex(probability_label, font_size=AXIS_LABEL_SIZE,
                                        color=theme.probability)
        self.probability_name.next_to(self.x_axis.get_end(), RIGHT, buff=0.2)
        self.cost_name = MathTex(cost_label, font_size=AXIS_LABEL_SIZE, color=theme.cost)
        self.cost_name.next_to(self.y_axis.get_end(), UP, buff=0.15)
        self.scale_note = VGroup()
        if curve.scale == "log":
            note = Text(log_note, font=theme.font, font_size=22, color=theme.muted)
            note.next_to(self.tick_labels[: len(probability.ticks)], DOWN, buff=0.12)
            note.align_to(self.x_axis, RIGHT)
            self.scale_note.add(note)
        self.graph = TipableVMobject(color=theme.cost, stroke_width=4)
        self.graph.set_points_smoothly([self.point(u, c) for u, c in curve.samples])
        self.graph.add_tip(at_start=True, tip_length=0.18, tip_width=0.18)
        self.axes = VGroup(self.x_axis, self.y_axis, self.ticks, self.tick_labels,
                           self.probability_name, self.cost_name, self.scale_note)
        self.add(self.axes, self.graph)

        # The dot: a tracker on the probability axis; its height is mathcore's cost there.
        self.tracker = ValueTracker(curve.target.coordinate)
        self.dot = Dot(radius=0.09, color=theme.cost)
        self.dot.add_updater(lambda dot: dot.move_to(self.point_at(self.tracker.get_value())))
        self.dot.update()
        self.drops = always_redraw(self._drop_lines)
        self.marker = VGroup(self.drops, self.dot)

    # ------------------------------------------------------------------

    def point_at(self, coordinate: float) -> np.ndarray:
        """The point of the curve above ``coordinate`` (the cost is mathcore's)."""
        return self.point(coordinate, self.curve.cost_at(coordinate))

    def _drop_lines(self) -> VGroup:
        theme = current_theme()
        coordinate = self.tracker.get_value()
        point = self.point_at(coordinate)
        foot = self.point(coordinate, 0.0)
        side = self.point(self.curve.probability_axis.low, self.curve.cost_at(coordinate))
        return VGroup(
            DashedLine(foot, point, color=theme.probability, stroke_width=2.5, dash_length=0.08),
            DashedLine(side, point, color=theme.cost, stroke_width=2.5, dash_length=0.08),
        )

    @property
    def dot_position(self) -> np.ndarray:
        """Where the dot is now."""
        return self.dot.get_center()

    # ------------------------------------------------------------------
    # Animations.

    def create(self, **kwargs) -> Animation:
        """The axes, then the curve drawn from the top-left (y_T near 0) to y_T = 1."""
        return AnimationGroup(FadeIn(self.axes), Create(self.graph), lag_ratio=0.5, **kwargs)

    def show_dot(self, **kwargs) -> Animation:
        """The dot at the example's y_T, with its drop lines."""
        return FadeIn(self.marker, scale=0.5, **kwargs)

    def slide_to(self, stop: DotStop, **kwargs) -> Animation:
        """The dot slides along the curve to ``stop``."""
        return self.tracker.animate(**kwargs).set_value(stop.coordinate)

    def probability_readout(self, label: str, size: float = 40) -> VGroup:
        r""""y_T = 0.659" whose number follows the dot.

        On a linear axis ``label`` is :math:`y_T =` and the number is
        :math:`y_T` (three decimals: the dot never goes below
        :math:`e^{-5} \approx 0.007`). On a log axis ``label`` is
        :math:`y_T = 10` and the number, set as its exponent, is
        :math:`\log_{10} y_T` (one decimal), so a probability of
        :math:`10^{-12}` never reads as 0.000.
        """
        theme = current_theme()
        name = MathTex(label, font_size=size, color=theme.probability)
        power = self.curve.scale == "log"
        number = DecimalNumber(self._probability_shown(), num_decimal_places=1 if power else 3,
                               font_size=size * (0.7 if power else 1.0),
                               color=theme.probability)

        def follow(decimal: DecimalNumber) -> None:
            decimal.set_value(self._probability_shown())
            if power:  # an exponent: up and to the right of the 10
                decimal.next_to(name, RIGHT, buff=0.06)
                decimal.align_to(name, UP).shift(UP * 0.12)
            else:
                decimal.next_to(name, RIGHT, buff=0.2)
                decimal.align_to(name, DOWN)

        follow(number)
        number.add_updater(follow)
        return VGroup(name, number)

    def _probability_shown(self) -> float:
        """What the probability readout shows: y_T, or log10 y_T on a log axis."""
        return float(self.tracker.get_value())  # the axis' own coordinate: y_T or log10 y_T

    def cost_readout(self, label: str, size: float = 40) -> VGroup:
        """"C = 0.417" whose number follows the dot (mathcore's cost where the dot is)."""
        theme = current_theme()
        name = MathTex(label, font_size=size, color=theme.cost)
        number = DecimalNumber(self.curve.cost_at(self.tracker.get_value()), num_decimal_places=3,
                               font_size=size, color=theme.cost)
        readout = VGroup(name, number).arrange(RIGHT, buff=0.2)

        def follow(decimal: DecimalNumber) -> None:
            decimal.set_value(self.curve.cost_at(self.tracker.get_value()))
            decimal.next_to(name, RIGHT, buff=0.2)
            decimal.align_to(name, DOWN)

        number.add_updater(follow)
        return readout
