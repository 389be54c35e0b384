"""The box a plot draws in: from data coordinates to points on screen.

:class:`PlotArea` is the base of every plot of the lecture (the function
plots of chapters 7 and 8, chapter 3's cost curve, chapter 5's slice panels,
chapter 6's plane, chapter 9's cost per step). It holds two invisible points at
the box's lower-left and upper-right corners; they move and scale with the
group, so :meth:`PlotArea.point` puts a data point in the right place wherever
the plot has been moved since it was built.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import VectorizedPoint, VGroup, VMobject

__all__ = ["PlotArea"]


class PlotArea(VGroup):
    """A ``width`` x ``height`` box that shows ``x_range`` across and ``y_range`` up.

    Parameters
    ----------
    x_range, y_range : (float, float)
        The data values at the box's left and right, bottom and top edges.
    width, height : float
        The box's size on screen.
    lower_left : sequence of float, optional
        Where the box's lower-left corner starts; by default the box is
        centred on the origin.
    """

    def __init__(self, x_range: Sequence[float], y_range: Sequence[float], width: float,
                 height: float, lower_left: Sequence[float] | None = None) -> None:
        super().__init__()
        self.x_range = (float(x_range[0]), float(x_range[1]))
        self.y_range = (float(y_range[0]), float(y_range[1]))
        corner = (np.array([-width / 2, -height / 2, 0.0]) if lower_left is None
                  else np.array([float(lower_left[0]), float(lower_left[1]), 0.0]))
        self.low_corner = VectorizedPoint(corner)
        self.high_corner = VectorizedPoint(corner + np.array([width, height, 0.0]))
        self.add(self.low_corner, self.high_corner)

    def fractions(self, x: float, y: float) -> tuple[float, float]:
        """Where (x, y) lies in the box, 0 to 1 along each axis."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (float(x) - x0) / (x1 - x0), (float(y) - y0) / (y1 - y0)

    def point(self, x: float, y: float) -> np.ndarray:
        """The screen point of the data point (x, y), wherever the plot is now."""
        low = self.low_corner.get_center()
        high = self.high_corner.get_center()
        fraction_x, fraction_y = self.fractions(x, y)
        return np.array([low[0] + fraction_x * (high[0] - low[0]),
                         low[1] + fraction_y * (high[1] - low[1]), 0.0])

    def box_center(self) -> np.ndarray:
        """The centre of the box (not of the labels around it)."""
        return (self.low_corner.get_center() + self.high_corner.get_center()) / 2

    def polyline(self, xs: Sequence[float], ys: Sequence[float], color: str,
                 stroke_width: float = 4.0) -> VMobject:
        """A curve through data points (dense samples: straight pieces suffice)."""
        curve = VMobject(color=color, stroke_width=stroke_width)
        curve.set_points_as_corners([self.point(x, y) for x, y in zip(xs, ys, strict=True)])
        return curve
