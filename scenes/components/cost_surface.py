"""Chapter 6's cost surface: the heights of C over the plane, seen at an angle or from above.

:class:`CostSurface` draws :class:`mathcore.views.plane.FieldPlane`'s grid of
heights as coloured cells over a :class:`~scenes.components.field_plot.FieldPlot`
(the colour of a cell is its height, from the theme's panel colour to its cost
colour). The view is a rotation of the plane about its centre by an azimuth and
a tilt (0: seen from above, where every cell lies exactly on the plot's own
cell, so the surface becomes a height-coloured map of the plot). A Manim scene
of a slide is two-dimensional, so the surface projects itself and sorts its
cells far to near (the painter's order) whenever the view changes. Curves and
points on the surface (chapter 5's slice) are registered with it and follow
the view.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    Dot,
    ManimColor,
    Mobject,
    Polygon,
    ValueTracker,
    VGroup,
    VMobject,
    interpolate_color,
)

from mathcore.views.plane import FieldPlane

from ..theme import current_theme
from .field_plot import FieldPlot

__all__ = ["CostSurface"]

CELL_OPACITY = 0.92
MAP_OPACITY = 0.5  # seen from above, the cells are a tint under the arrows and contours


class CostSurface(VGroup):
    """The cost's surface over a field plot, with a view that can turn.

    Parameters
    ----------
    plot : FieldPlot
        The plot whose plane the surface stands on (its position and scale).
    plane : FieldPlane
        The heights and their colours (:attr:`FieldPlane.surface_heights`).
    height : float
        Screen height of the highest point above the lowest, seen side-on.
    azimuth, tilt : float
        The starting view (radians): turned about the vertical, tipped back.
    """

    def __init__(self, plot: FieldPlot, plane: FieldPlane, height: float = 3.0,
                 azimuth: float = 0.0, tilt: float = 0.0) -> None:
        super().__init__()
        theme = current_theme()
        self.plot, self.plane, self.lift = plot, plane, height
        self.azimuth = ValueTracker(azimuth)
        self.tilt = ValueTracker(tilt)
        self.opacity = ValueTracker(CELL_OPACITY)
        self.offset = ValueTracker(0.0)  # screen y added to the view (room for the heights)
        low, high = ManimColor(theme.panel), ManimColor(theme.cost)
        rows, columns = plane.cell_heights.shape
        self.cells = VGroup(*[
            Polygon(*[np.zeros(3)] * 4, stroke_color=theme.grid, stroke_width=0.6,
                    fill_color=interpolate_color(low, high, float(plane.cell_heights[j, i])),
                    fill_opacity=CELL_OPACITY)
            for j in range(rows) for i in range(columns)])
        self.add(self.cells)
        self._grid_cells = list(self.cells.submobjects)  # row by row, as the heights
        self._drawn_opacity: float | None = None
        self._curves: list[tuple[VMobject, np.ndarray, bool]] = []
        self._dots: list[tuple[Dot, ValueTracker, np.ndarray, np.ndarray, np.ndarray]] = []
        self._pins: list[tuple[Mobject, np.ndarray, float]] = []
        self.refresh()

    def follow_view(self) -> CostSurface:
        """Re-project every frame (while the view or a dot on the surface moves)."""
        self.add_updater(lambda surface: surface.refresh())
        return self

    def hold_view(self) -> CostSurface:
        """Stop re-projecting: a still surface is drawn once, not once per frame."""
        self.clear_updaters()
        return self

    # ------------------------------------------------------------------

    def project(self, xs: Sequence[float] | np.ndarray, ys: Sequence[float] | np.ndarray,
                heights: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Screen points of plane points with heights (shares 0 to 1), and their depths."""
        centre = self.plot.box_center()
        low = self.plot.low_corner.get_center()
        high = self.plot.high_corner.get_center()
        (x0, x1), (y0, y1) = self.plot.x_range, self.plot.y_range
        flat_x = low[0] + (np.asarray(xs, dtype=float) - x0) / (x1 - x0) * (high[0] - low[0])
        flat_y = low[1] + (np.asarray(ys, dtype=float) - y0) / (y1 - y0) * (high[1] - low[1])
        across, up = flat_x - centre[0], flat_y - centre[1]
        turn, tip = self.azimuth.get_value(), self.tilt.get_value()
        turned_x = across * np.cos(turn) - up * np.sin(turn)
        turned_y = across * np.sin(turn) + up * np.cos(turn)
        lifted = np.asarray(heights, dtype=float) * self.lift
        screen_y = turned_y * np.cos(tip) + lifted * np.sin(tip) + self.offset.get_value()
        depth = turned_y * np.sin(tip) - lifted * np.cos(tip)
        points = np.stack([centre[0] + turned_x, centre[1] + screen_y,
                           np.zeros_like(turned_x)], axis=-1)
        return points, depth

    def refresh(self) -> CostSurface:
        """Project every cell, curve and dot for the current view; sort the cells far to near."""
        plane = self.plane
        grid_x, grid_y = np.meshgrid(plane.surface_x, plane.surface_y)
        nodes, depth = self.project(grid_x, grid_y, plane.surface_heights)
        cell_depth = (depth[:-1, :-1] + depth[1:, :-1] + depth[:-1, 1:] + depth[1:, 1:]) / 4
        # Every cell's four straight edges as cubic Bezier points at once (what
        # set_points_as_corners makes one cell at a time): it runs every frame.
        corners = np.stack([nodes[:-1, :-1], nodes[:-1, 1:], nodes[1:, 1:], nodes[1:, :-1]],
                           axis=2).reshape(-1, 4, 3)
        starts, ends = corners, np.roll(corners, -1, axis=1)
        thirds = np.linspace(0.0, 1.0, 4)[None, None, :, None]
        edges = starts[:, :, None, :] + thirds * (ends - starts)[:, :, None, :]
        cells = self._grid_cells
        for cell, points in zip(cells, edges.reshape(len(cells), 16, 3), strict=True):
            cell.points = points
        opacity = self.opacity.get_value()
        if opacity != self._drawn_opacity:
            for cell in cells:
                cell.set_fill(opacity=opacity)
                cell.set_stroke(opacity=min(1.0, opacity / CELL_OPACITY) * 0.7)
            self._drawn_opacity = opacity
        order = np.argsort(-cell_depth.ravel(), kind="stable")
        self.cells.submobjects = [cells[index] for index in order]
        for curve, points, closed in self._curves:
            screen, _ = self.project(points[:, 0], points[:, 1], points[:, 2])
            curve.set_points_as_corners([*screen, screen[0]] if closed else list(screen))
        for dot, tracker, xs, ys, heights in self._dots:
            share = float(np.clip(tracker.get_value(), 0.0, 1.0))
            point = [np.interp(share, np.linspace(0, 1, len(xs)), values)
                     for values in (xs, ys, heights)]
            dot.move_to(self.project(*[np.array([value]) for value in point])[0][0])
        middle = self.project(np.array([np.mean(plane.surface_x)]),
                              np.array([np.mean(plane.surface_y)]),
                              np.array([np.mean(plane.surface_heights)]))[0][0]
        for mobject, where, buff in self._pins:
            point = self.project(*[np.array([value]) for value in where])[0][0]
            away = point - middle  # outwards, off the surface
            length = float(np.linalg.norm(away))
            mobject.next_to(point, away / length if length > 0 else np.array([0.0, -1.0, 0.0]),
                            buff=buff)
        return self

    def pin(self, mobject: Mobject, x: float, y: float, height: float,
            buff: float = 0.15) -> Mobject:
        """Keep ``mobject`` beside the surface's point (x, y, height), outwards, as it turns."""
        self._pins.append((mobject, np.array([x, y, height], dtype=float), buff))
        self.refresh()
        return mobject

    def curve(self, xs: np.ndarray, ys: np.ndarray, heights: np.ndarray, color: str,
              stroke_width: float = 6, closed: bool = False, fill_opacity: float = 0.0
              ) -> VMobject:
        """A curve on (or above) the surface, through plane points with height shares."""
        line = VMobject(stroke_color=color, stroke_width=stroke_width, fill_color=color,
                        fill_opacity=fill_opacity)
        points = np.column_stack([xs, ys, heights]).astype(float)
        self._curves.append((line, points, closed))
        self.refresh()
        return line

    def wall(self, xs: np.ndarray, ys: np.ndarray, heights: np.ndarray, color: str,
             opacity: float = 0.2) -> VMobject:
        """The vertical cut under a curve on the surface: from the curve down to height 0."""
        outline_x = np.concatenate([xs, xs[::-1]])
        outline_y = np.concatenate([ys, ys[::-1]])
        outline_h = np.concatenate([heights, np.zeros_like(heights)])
        return self.curve(outline_x, outline_y, outline_h, color, stroke_width=0, closed=True,
                          fill_opacity=opacity)

    def dot_along(self, xs: np.ndarray, ys: np.ndarray, heights: np.ndarray, color: str
                  ) -> tuple[Dot, ValueTracker]:
        """A dot on a curve of the surface, placed by a tracker from 0 (start) to 1 (end)."""
        tracker = ValueTracker(0.0)
        dot = Dot(color=color, radius=0.09)
        self._dots.append((dot, tracker, np.asarray(xs, float), np.asarray(ys, float),
                           np.asarray(heights, float)))
        self.refresh()
        return dot, tracker
