"""Chapter 6's plane: arrows of -g, contour lines of C, and paths from 0 to z.

:class:`FieldPlot` draws a :class:`mathcore.views.plane.FieldPlane` with equal units
on both axes (so the arrows cross the contour lines at right angles): a frame
with round ticks, the axes through 0, the arrows and the contour lines. It
returns animations and mobjects; the scene decides when to show them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Create,
    Dot,
    LaggedStart,
    Line,
    MathTex,
    Rectangle,
    Text,
    VGroup,
    VMobject,
)

from mathcore.views.plane import MIN_ARROW_SHARE, FieldPlane

from ..theme import current_theme
from .plot_area import PlotArea

__all__ = ["FieldPlot"]

TICK_SIZE = 24
AXIS_LABEL_SIZE = 34
ARROW_FILL = 0.8  # the longest arrow spans this fraction of a grid cell


class FieldPlot(PlotArea):
    """The (z_1, z_2) plane with the field's arrows and the cost's contour lines.

    Parameters
    ----------
    plane : FieldPlane
        Everything computed by :func:`mathcore.views.plane.field_plane`.
    width : float
        Width of the plotted plane on screen; the height follows from its aspect.
    """

    def __init__(self, plane: FieldPlane, width: float = 8.0) -> None:
        (x0, x1), (y0, y1) = plane.x_range, plane.y_range
        unit = width / (x1 - x0)  # equal units on both axes
        height = (y1 - y0) * unit
        super().__init__(plane.x_range, plane.y_range, width, height, lower_left=ORIGIN)
        theme = current_theme()
        self.plane = plane
        self.unit = unit
        self.size = (width, height)
        self.frame = Rectangle(width=width, height=height, color=theme.grid, stroke_width=2)
        self.frame.move_to([width / 2, height / 2, 0])
        self.axes = VGroup(
            Line(self.point(x0, 0.0), self.point(x1, 0.0), color=theme.muted, stroke_width=2),
            Line(self.point(0.0, y0), self.point(0.0, y1), color=theme.muted, stroke_width=2),
        )
        self.ticks = self._ticks(plane)
        labels = plane.latex
        self.first_label = MathTex(labels["first"], font_size=AXIS_LABEL_SIZE, color=theme.logit)
        # Clear of a tick that may sit at the very corner (its label centred on it).
        self.first_label.next_to(self.frame.get_corner(DOWN + RIGHT), RIGHT, buff=0.3)
        self.second_label = MathTex(labels["second"], font_size=AXIS_LABEL_SIZE,
                                    color=theme.logit)
        self.second_label.next_to(self.frame.get_corner(UP + LEFT), UP + RIGHT, buff=0.12)
        self.contours = self._contours(plane.contours, theme.cost, 2.5, 0.7)
        self.arrows = self._arrows(plane, theme.gradient)
        self.base = VGroup(self.frame, self.axes, self.ticks, self.first_label,
                           self.second_label)
        # The arrows and contours belong to the plot (they move with it) but are
        # shown by their own animations.
        self.add(self.base, self.contours, self.arrows)

    # ------------------------------------------------------------------

    def _ticks(self, plane: FieldPlane) -> VGroup:
        theme = current_theme()
        ticks = VGroup()
        (x0, _), (y0, _) = plane.x_range, plane.y_range
        # Along the bottom edge, then the left one: a mark pointing in, its label outside.
        sides = ((plane.x_ticks, plane.latex["x_ticks"], lambda value: self.point(value, y0),
                  UP, DOWN),
                 (plane.y_ticks, plane.latex["y_ticks"], lambda value: self.point(x0, value),
                  RIGHT, LEFT))
        for values, texts, base_of, inward, outward in sides:
            for value, text in zip(values, texts, strict=True):
                base = base_of(value)
                mark = Line(base, base + inward * 0.1, color=theme.muted, stroke_width=2)
                label = Text(text, font=theme.font, font_size=TICK_SIZE, color=theme.muted)
                label.next_to(base, outward, buff=0.1)
                ticks.add(VGroup(mark, label))
        return ticks

    def _contours(self, levels: Sequence[Sequence[np.ndarray]], color: str,
                  stroke_width: float, opacity: float) -> VGroup:
        group = VGroup()
        for polylines in levels:
            group.add(self.polylines(polylines, color, stroke_width, opacity))
        return group

    def polylines(self, polylines: Sequence[np.ndarray], color: str, stroke_width: float = 3,
                  opacity: float = 1.0) -> VMobject:
        """One level's contour lines (several pieces) as one mobject."""
        shape = VMobject(stroke_color=color, stroke_width=stroke_width, stroke_opacity=opacity)
        for polyline in polylines:
            if len(polyline) < 2:
                continue
            piece = VMobject()
            piece.set_points_as_corners([self.point(*vertex) for vertex in polyline])
            shape.append_points(piece.points)
        return shape

    def _arrows(self, plane: FieldPlane, color: str, vectors: np.ndarray | None = None
                ) -> VGroup:
        columns = len(np.unique(plane.arrow_points[:, 0]))
        rows = len(np.unique(plane.arrow_points[:, 1]))
        cell = min(self.size[0] / columns, self.size[1] / rows)
        # One scale for -g and -h (the swirled field), so a change of field is seen.
        longest = plane.arrow_longest
        scale = ARROW_FILL * cell / longest if longest > 0 else 0.0
        arrows = VGroup()
        field = plane.arrow_vectors if vectors is None else vectors
        for point, vector in zip(plane.arrow_points, field, strict=True):
            if np.linalg.norm(vector) < MIN_ARROW_SHARE * longest:
                continue
            offset = np.array([vector[0], vector[1], 0.0]) * scale
            centre = self.point(*point)
            arrows.add(Arrow(centre - offset / 2, centre + offset / 2, buff=0, color=color,
                             stroke_width=3, tip_length=0.12,
                             max_tip_length_to_length_ratio=0.4,
                             max_stroke_width_to_length_ratio=8))
        return arrows

    def swirl_arrows(self) -> VGroup:
        """Arrows of -h, the swirled field, on the same grid and scale as those of -g."""
        return self._arrows(self.plane, current_theme().gradient, self.plane.swirl_vectors)

    # ------------------------------------------------------------------

    def show_field(self) -> LaggedStart:
        """Animation: the arrows grow in."""
        return LaggedStart(*[Create(arrow) for arrow in self.arrows], lag_ratio=0.01)

    def path(self, vertices: np.ndarray, color: str, stroke_width: float = 6) -> VMobject:
        """A path through plane points, as straight pieces."""
        line = VMobject(stroke_color=color, stroke_width=stroke_width)
        line.set_points_as_corners([self.point(*vertex) for vertex in vertices])
        return line

    def point_label(self, label: MathTex, at: Sequence[float],
                    away_from: Sequence[np.ndarray]) -> MathTex:
        """Put ``label`` beside the plane point ``at``, opposite the directions paths leave it.

        ``away_from`` are plane vectors (the first leg of each path from the
        point); the label goes where none of them points.
        """
        directions = [np.asarray(vector, dtype=float) for vector in away_from]
        directions = [vector / np.linalg.norm(vector) for vector in directions
                      if np.linalg.norm(vector) > 0]
        away = -np.sum(directions, axis=0) if directions else np.array([-1.0, -1.0])
        if np.linalg.norm(away) < 1e-9:  # paths leave in opposite directions
            away = np.array([-directions[0][1], directions[0][0]])
        away = away / np.linalg.norm(away)
        label.next_to(self.point(*at), np.array([away[0], away[1], 0.0]), buff=0.12)
        return label

    def dot(self, first: float, second: float, color: str) -> Dot:
        """A dot at plane coordinates."""
        return Dot(self.point(first, second), color=color, radius=0.08)
