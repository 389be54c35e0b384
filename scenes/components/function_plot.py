"""Small axes with a function curve: ticks and labels, marked points, tangent lines.

``FunctionPlot`` draws a curve that mathcore sampled (``mathcore.views.axes.Curve``
or anything with ``x``, ``y``, ``x_range``, ``y_range``, ``x_ticks``,
``y_ticks``, ``x_tick_labels`` and ``y_tick_labels``) in a box of a given size,
with its axes along the box's left and bottom edges, so an axis never cuts
through the curve whatever the ranges. Points are placed in data coordinates
with :meth:`~scenes.components.plot_area.PlotArea.point`, which follows the
plot when it moves. Markers
and tangents are returned as mobjects; the scene decides how to animate them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DashedLine,
    Dot,
    Line,
    MathTex,
    VGroup,
)

from ..theme import current_theme
from .plot_area import PlotArea

__all__ = ["FunctionPlot", "empty_sides"]

TICK_SIZE = 22
AXIS_LABEL_SIZE = 32
TICK_LENGTH = 0.08


def empty_sides(rising: bool) -> tuple[np.ndarray, np.ndarray]:
    """The two diagonals beside a point of a monotone curve that the curve leaves empty.

    Left of a point on a rising curve the curve runs below it, right of it above:
    up-left and down-right are empty. For a falling curve: up-right and down-left.
    """
    return (UP + LEFT, DOWN + RIGHT) if rising else (UP + RIGHT, DOWN + LEFT)


def _boxes_overlap(first, second) -> bool:
    return bool(first.get_left()[0] < second.get_right()[0]
                and second.get_left()[0] < first.get_right()[0]
                and first.get_bottom()[1] < second.get_top()[1]
                and second.get_bottom()[1] < first.get_top()[1])


class FunctionPlot(PlotArea):
    """Axes along the left and bottom of a ``width`` x ``height`` box, and a curve.

    Parameters
    ----------
    curve
        The samples and axes from mathcore.
    color : str
        The curve's colour (a theme colour by meaning).
    width, height : float
        Size of the plotting box; tick and axis labels lie outside it.
    x_label, y_label : str
        LaTeX of the axis names (from mathcore), at the end of each axis.
    """

    spill_right = 0.5  # how far a point's label may reach past the box's right edge

    def __init__(self, curve, color: str, width: float = 4.5, height: float = 2.4,
                 x_label: str | None = None, y_label: str | None = None,
                 stroke_width: float = 4.0, tick_size: float = TICK_SIZE) -> None:
        super().__init__(curve.x_range, curve.y_range, width, height)
        theme = current_theme()
        bottom_left = self.low_corner.get_center()
        self.x_axis = Line(bottom_left, bottom_left + RIGHT * width, color=theme.muted,
                           stroke_width=2)
        self.y_axis = Line(bottom_left, bottom_left + UP * height, color=theme.muted,
                           stroke_width=2)
        self.ticks = VGroup()
        self.x_tick_labels = VGroup()
        self.y_tick_labels = VGroup()
        for value, text in zip(curve.x_ticks, curve.x_tick_labels, strict=True):
            base = self.point(value, self.y_range[0])
            self.ticks.add(Line(base, base + DOWN * TICK_LENGTH, color=theme.muted,
                                stroke_width=2))
            label = MathTex(text, font_size=tick_size, color=theme.muted)
            label.next_to(base, DOWN, buff=TICK_LENGTH + 0.06)
            self.x_tick_labels.add(label)
        for value, text in zip(curve.y_ticks, curve.y_tick_labels, strict=True):
            base = self.point(self.x_range[0], value)
            self.ticks.add(Line(base, base + LEFT * TICK_LENGTH, color=theme.muted,
                                stroke_width=2))
            label = MathTex(text, font_size=tick_size, color=theme.muted)
            label.next_to(base, LEFT, buff=TICK_LENGTH + 0.06)
            self.y_tick_labels.add(label)
        self.axis_labels = VGroup()
        if x_label is not None:
            label = MathTex(x_label, font_size=AXIS_LABEL_SIZE, color=theme.text)
            label.next_to(self.x_axis.get_end(), RIGHT, buff=0.15)
            self.axis_labels.add(label)
        if y_label is not None:
            label = MathTex(y_label, font_size=AXIS_LABEL_SIZE, color=theme.text)
            label.next_to(self.y_axis.get_end(), UP, buff=0.15)
            self.axis_labels.add(label)
        self.graph = self.polyline(curve.x, curve.y, color, stroke_width)
        self.axes = VGroup(self.x_axis, self.y_axis, self.ticks, self.x_tick_labels,
                           self.y_tick_labels, self.axis_labels)
        self.add(self.axes, self.graph)

    # ------------------------------------------------------------------

    def dot(self, x: float, y: float, color: str | None = None, radius: float = 0.08) -> Dot:
        """A dot at (x, y)."""
        return Dot(self.point(x, y), radius=radius, color=color or current_theme().highlight)

    def guides(self, x: float, y: float, color: str | None = None) -> VGroup:
        """Dashed lines from (x, y) down to the x axis and across to the y axis."""
        color = color or current_theme().muted
        target = self.point(x, y)
        return VGroup(
            DashedLine(target, self.point(x, self.y_range[0]), color=color, stroke_width=2,
                       dash_length=0.06),
            DashedLine(target, self.point(self.x_range[0], y), color=color, stroke_width=2,
                       dash_length=0.06),
        )

    def inside(self, mobject, margin: float = 0.02, spill_right: float = 0.0) -> bool:
        """Whether ``mobject`` lies inside the plotting box (or ``spill_right`` past its right)."""
        low = self.low_corner.get_center()
        high = self.high_corner.get_center()
        return bool(mobject.get_left()[0] >= low[0] + margin
                    and mobject.get_right()[0] <= high[0] - margin + spill_right
                    and mobject.get_bottom()[1] >= low[1] + margin
                    and mobject.get_top()[1] <= high[1] - margin)

    def crosses_curve(self, mobject, pad: float = 0.05, lines: Sequence = ()) -> bool:
        """Whether the curve (or one of ``lines``) passes through ``mobject``'s box (padded)."""
        pieces = [self.graph.points]
        for line in lines:
            start, end = line.get_start(), line.get_end()
            pieces.append(start + np.linspace(0, 1, 60)[:, None] * (end - start))
        points = np.concatenate(pieces)
        left, bottom = mobject.get_corner(DOWN + LEFT)[:2] - pad
        right, top = mobject.get_corner(UP + RIGHT)[:2] + pad
        inside = ((points[:, 0] >= left) & (points[:, 0] <= right)
                  & (points[:, 1] >= bottom) & (points[:, 1] <= top))
        return bool(np.any(inside))

    def label_at(self, x: float, y: float, label, rising: bool = True,
                 buff: float = 0.15, avoid: Sequence = (), lines: Sequence = ()
                 ) -> np.ndarray:
        """Put ``label`` beside the point (x, y), inside the box, off the curve.

        Tries the two sides a monotone curve leaves empty first, then the other
        directions, near and then farther away; the first place inside the box
        (which a label may overrun by :attr:`spill_right` on the right, where
        nothing but the x axis's name is)
        that neither the curve nor any mobject in ``avoid`` crosses wins (else
        the first place inside the box clear of ``avoid``, else the side facing
        the box's centre).
        ``lines`` (straight, such as a tangent) must not cross it either.
        Returns the direction used.
        """
        target = self.point(x, y)
        centre = self.box_center()
        inward = np.sign(centre - target)
        inward = np.array([inward[0] or 1.0, inward[1] or 1.0, 0.0])
        directions = (*empty_sides(rising), UP, DOWN, RIGHT, LEFT, inward)
        fallback = None
        avoid = [*avoid, *self.axis_labels]
        for distance in (buff, buff + 0.3, buff + 0.6):
            for direction in directions:
                label.next_to(target, direction, buff=distance)
                if not self.inside(label, spill_right=self.spill_right) or any(
                        _boxes_overlap(label, other) for other in avoid):
                    continue
                if not self.crosses_curve(label, lines=lines):
                    return direction
                fallback = fallback or (direction, distance)
        direction, distance = fallback or (inward, buff)
        label.next_to(target, direction, buff=distance)
        return direction

    def tangent(self, x: float, y: float, slope: float, color: str,
                half_width: float | None = None, stroke_width: float = 3.0) -> Line:
        """The tangent line at (x, y) with ``slope`` (in data units), kept inside the box."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        half = half_width if half_width is not None else 0.18 * (x1 - x0)
        left, right = float(x) - half, float(x) + half
        # Shorten the segment where it would leave the box vertically.
        if slope != 0:
            for bound in (y0, y1):
                crossing = float(x) + (bound - float(y)) / slope
                if crossing < x and crossing > left:
                    left = crossing
                if crossing > x and crossing < right:
                    right = crossing
        left, right = max(left, x0), min(right, x1)
        return Line(self.point(left, y + slope * (left - x)),
                    self.point(right, y + slope * (right - x)),
                    color=color, stroke_width=stroke_width)
