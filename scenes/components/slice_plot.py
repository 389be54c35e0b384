"""Chapter 5's slice: the integrand y_m - t_m with a sweeping area, and C rising beside it.

:class:`SlicePlot` stacks two panels that share the z_m axis: above, the curve
y_m(z_m) - t_m (samples from :mod:`mathcore.slices`) on its true scale, -1 to
1; below, C(z_m) - C(a). Given a ValueTracker holding the moving end b, it
builds the pieces that follow it: the shaded area from a to b, a cursor
through both panels, and the rise of C drawn as a vertical segment whose
length is the area. The scene plays them. Both of the example's slices share
the panels' ranges, so :meth:`SlicePlot.morph_parts` of one plot turn into the
other's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    DashedLine,
    Dot,
    Line,
    MathTex,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

from mathcore.views.slice import SliceCurves

from ..speedups import number_text
from ..theme import current_theme
from .plot_area import PlotArea

__all__ = ["PlotPanel", "SlicePlot"]

LABEL_SIZE = 30
TICK_SIZE = 26
NUMBER_SIZE = 30


class PlotPanel(PlotArea):
    """A plotting area with a horizontal axis at value 0 and a vertical axis at its left.

    Parameters
    ----------
    x_range, y_range : (float, float)
        The values the area spans (``y_range`` must include 0).
    width, height : float
        Its size on screen.
    """

    def __init__(self, x_range: Sequence[float], y_range: Sequence[float],
                 width: float, height: float) -> None:
        super().__init__(x_range, y_range, width, height, lower_left=ORIGIN)
        theme = current_theme()
        self.size = (width, height)
        self.x_axis = Line(self.point(self.x_range[0], 0.0), self.point(self.x_range[1], 0.0),
                           color=theme.muted, stroke_width=2)
        self.y_axis = Line(self.point(self.x_range[0], self.y_range[0]),
                           self.point(self.x_range[0], self.y_range[1]),
                           color=theme.muted, stroke_width=2)
        self.add(self.x_axis, self.y_axis)


class SlicePlot(VGroup):
    """The integrand above, the cost's rise below, on one z_m axis.

    Parameters
    ----------
    curves : SliceCurves
        Everything computed by :func:`mathcore.views.slice.slice_curves`.
    width : float
        Width of both panels.
    panel_height : float
        Height of each panel.
    gap : float
        Space between the panels (for the upper panel's tick labels).
    """

    def __init__(self, curves: SliceCurves, width: float = 7.0, panel_height: float = 2.3,
                 gap: float = 0.9) -> None:
        super().__init__()
        theme = current_theme()
        self.curves = curves
        labels = curves.latex
        self.upper = PlotPanel(curves.window, curves.gradient_range, width, panel_height)
        self.lower = PlotPanel(curves.window, curves.rise_range, width, panel_height)
        self.upper.shift(UP * (gap / 2))
        self.lower.shift(DOWN * (gap / 2 + panel_height))
        self.integrand = self.upper.polyline(curves.grid, curves.gradient, theme.gradient)
        self.rise_curve = self.lower.polyline(curves.grid, curves.rise, theme.cost)

        def math(tex: str, size: float = LABEL_SIZE, color: str | None = None) -> MathTex:
            return MathTex(tex, font_size=size, color=color or theme.text)

        self.integrand_label = math(labels["integrand"], color=theme.gradient)
        self.integrand_label.next_to(self.upper.y_axis, UP, buff=0.12).align_to(
            self.upper.y_axis, LEFT)
        self.rise_label = math(labels["rise_axis"], color=theme.cost)
        self.rise_label.next_to(self.lower.y_axis, UP, buff=0.12).align_to(
            self.lower.y_axis, LEFT)
        self.variable_label = math(labels["variable"])
        self.variable_label.next_to(self.lower.point(curves.window[1], 0.0), RIGHT, buff=0.15)
        self.upper_variable = math(labels["variable"])
        self.upper_variable.next_to(self.upper.point(curves.window[1], 0.0), RIGHT, buff=0.15)
        # The integrand's true scale: ticks at -1 and 1 (every y_m - t_m lies between).
        self.scale_ticks = VGroup()
        for value, text in zip((-1.0, 1.0), labels["ticks"], strict=True):
            at = self.upper.point(curves.window[0], value)
            self.scale_ticks.add(VGroup(
                Line(at + LEFT * 0.08, at + RIGHT * 0.08, color=theme.muted, stroke_width=2),
                math(text, size=TICK_SIZE, color=theme.muted).next_to(at, LEFT, buff=0.12)))
        # a and b by the axis, on the side away from the curve (below it for y_m > 0,
        # above it for y_T - 1 < 0), where the area never reaches.
        side = UP if curves.along_target else DOWN
        self.ticks = VGroup()
        for value, name in ((curves.start, "start"), (curves.end, "end")):
            at = self.upper.point(value, 0.0)
            self.ticks.add(VGroup(
                Line(at + DOWN * 0.08, at + UP * 0.08, color=theme.muted, stroke_width=2),
                math(labels[name], size=TICK_SIZE).next_to(at, side, buff=0.14)))
        self.level = DashedLine(self.lower.point(curves.window[0], 0.0),
                                self.lower.point(curves.window[1], 0.0),
                                color=theme.muted, stroke_width=2, dash_length=0.08)
        self.add(self.upper, self.lower, self.level, self.integrand, self.rise_curve,
                 self.integrand_label, self.rise_label, self.variable_label,
                 self.upper_variable, self.scale_ticks, self.ticks)

    def morph_parts(self) -> list[VMobject]:
        """What changes from one slice to the other: curves, their labels, the a and b ticks."""
        return [self.integrand, self.rise_curve, self.integrand_label, self.rise_label,
                self.variable_label, self.upper_variable, self.ticks]

    # ------------------------------------------------------------------
    # Pieces that follow the moving end b (a ValueTracker).

    def area(self, end: ValueTracker) -> VMobject:
        """The region between the integrand and the axis from a to b, redrawn as b moves."""
        theme = current_theme()
        curves, panel = self.curves, self.upper

        def region() -> VMobject:
            b = end.get_value()
            values, heights = curves.samples_between(curves.start, max(b, curves.start))
            outline = [panel.point(values[0], 0.0)]
            outline += [panel.point(x, y) for x, y in zip(values, heights, strict=True)]
            outline.append(panel.point(values[-1], 0.0))
            shape = VMobject(stroke_width=0, fill_color=theme.gradient, fill_opacity=0.35)
            shape.set_points_as_corners(outline + [outline[0]])
            return shape

        return always_redraw(region)

    def cursor(self, end: ValueTracker) -> VMobject:
        """A vertical line at b through both panels; in the upper one, on the curve's side only.

        On the other side of that axis sit the labels a and b, which it would strike.
        """
        theme = current_theme()
        curves = self.curves
        low, high = curves.gradient_range
        upper = (0.0, low) if curves.along_target else (high, 0.0)

        def line() -> VMobject:
            b = end.get_value()
            return VGroup(*[
                DashedLine(panel.point(b, top), panel.point(b, bottom), color=theme.muted,
                           stroke_width=2, dash_length=0.1)
                for panel, top, bottom in (
                    (self.upper, *upper),
                    (self.lower, curves.rise_range[1], curves.rise_range[0]))
            ])

        return always_redraw(line)

    def rise(self, end: ValueTracker) -> VMobject:
        """C's rise from a to b: a vertical segment from the level of C(a), and a dot on C."""
        theme = current_theme()
        curves, panel = self.curves, self.lower

        def segment() -> VGroup:
            b = end.get_value()
            top = panel.point(b, curves.rise_at(b))
            bottom = panel.point(b, 0.0)
            return VGroup(Line(bottom, top, color=theme.cost, stroke_width=7),
                          Dot(top, color=theme.cost, radius=0.07))

        return always_redraw(segment)

    def start_dot(self) -> Dot:
        """The dot on C at a, where the rise begins."""
        return Dot(self.lower.point(self.curves.start, 0.0), color=current_theme().cost,
                   radius=0.07)

    def running_number(self, end: ValueTracker, value_of: Callable[[float], float],
                       formatter: Callable[[float], str], place: Callable[[Text], None],
                       color: str) -> VGroup:
        """A number that follows b (Text, so no LaTeX per frame); ``place`` positions it.

        The holder swaps in a new Text each frame rather than morphing one (as
        ``always_redraw`` does), so what it holds always says what it shows; the
        Text swapped out is made invisible (see ``refresh``).
        """
        font = current_theme().font

        def number() -> Text:
            text = number_text(formatter(value_of(end.get_value())), font=font,
                               font_size=NUMBER_SIZE, color=color)
            place(text)
            return text

        def refresh(holder: VGroup) -> None:
            # A play draws the family the scene had when it began (Manim flattens it
            # then), so the first Text would stay drawn beside its successors: hide
            # what is swapped out.
            for old in holder.submobjects:
                old.set_opacity(0.0)
            holder.submobjects = [number()]

        holder = VGroup(number())
        holder.add_updater(refresh)
        return holder
