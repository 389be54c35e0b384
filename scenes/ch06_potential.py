"""Chapter 6: why integrating one coordinate at a time is allowed (g = y - t is a gradient).

The cost is seen as a surface over a plane of two logits, with chapter 5's
slice cut out of it; from above the surface becomes a map with contour lines
and the arrows of -g. Two paths from the plane's origin to the example's
logits, walked with their integrals running, end at the same value, the
cost's rise; the staircase's legs are chapter 5's steps. A swirled field h,
walked along the same paths, gives two different values. The Jacobian tells
the two apart: symmetric for y - t, not for h.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circumscribe,
    Create,
    DashedVMobject,
    DecimalNumber,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    SurroundingRectangle,
    Transform,
    TransformMatchingTex,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from mathcore.outline import chapter_named
from mathcore.potential import field_terms
from mathcore.views.plane import field_data, field_plane
from scenes.base import LectureScene, arrange_in_width
from scenes.components.cost_surface import MAP_OPACITY, CostSurface
from scenes.components.field_plot import FieldPlot
from scenes.components.pacing import until


class OneCoordinateAtATime(LectureScene):
    """Line integrals of y - t do not depend on the path; those of a swirled field do."""

    chapter = chapter_named("potential")
    display_data = field_data
    formula_terms = tuple(field_terms())
    formula_size = 40
    top_line = 2.45
    line_spacing = 1.0
    formula_width = 12.0
    plane_width = 7.4
    plane_left = -6.15
    column_left = 2.05
    column_width = 4.7
    legend_size = 32
    surface_lift = 3.0  # screen height of the surface's highest point above its lowest
    surface_view = (0.5, 0.98)  # azimuth and tilt (radians) of the oblique view
    surface_turn = 0.25  # how far the view turns while the surface is described
    surface_drop = -1.1  # the oblique surface sits this much lower (room for its heights)

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.plane = field_plane(self.example)
        self.formulas = self.plane.latex
        self._show_surface()
        self._show_map()
        self._show_straight_walk()
        self._show_staircase_walk()
        self._show_swirl()
        self._show_symmetric_jacobian()

    # ------------------------------------------------------------------
    # Words that depend on the example.

    def _axis_names(self) -> tuple[str, str]:
        first, second = (index + 1 for index in self.plane.axes)
        return f"z_{first}", f"z_{second}"

    def _plane_words(self) -> str:
        example, plane = self.example, self.plane
        first, second = self._axis_names()
        if example.n_classes == 2:
            return (f"over the plane of {first} and {second}. With two classes this plane is "
                    f"the only plane there is: the whole space")
        target, rival = (f"z_{index + 1}" for index in
                         sorted(plane.axes, key=lambda index: index != plane.target))
        held = ("the other logit" if example.n_classes == 3 else "every other logit")
        return (f"over the plane of {target}, the target's logit, and {rival}, its strongest "
                f"rival's, with {held} held at the example's values")

    # ------------------------------------------------------------------

    def _column(self, *rows: VMobject, top: float | None = None) -> VGroup:
        """Rows stacked in the right-hand column, from the plot's top."""
        column = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        arrange_in_width(column, self.column_width)
        column.align_to([self.column_left, 0, 0], LEFT)
        column.align_to([0, self.plot.frame.get_top()[1] if top is None else top, 0], UP)
        return column

    def _legend_line(self, color: str, tex: str, words: str | None = None,
                     stroke_width: float = 5) -> VGroup:
        sample = Line(LEFT * 0.3, RIGHT * 0.3, color=color, stroke_width=stroke_width)
        parts = [sample]
        if words:
            parts.append(self.text(words, size=24, color=self.theme.muted))
        parts.append(self.math(tex, size=self.legend_size, color=color))
        return VGroup(*parts).arrange(RIGHT, buff=0.2)

    def _fixed_caption(self) -> VGroup:
        """Which logits stay fixed in the plane (none for two classes)."""
        fixed = self.formulas["fixed"]
        if not fixed:
            return VGroup(self.text("two classes: the plane is", size=24, color=self.theme.muted),
                          self.text("the whole space", size=24, color=self.theme.muted)
                          ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        entries = [self.math(tex, size=30, color=self.theme.logit) for tex in fixed]
        rows = VGroup(*[VGroup(*entries[start:start + 2]).arrange(RIGHT, buff=0.4)
                        for start in range(0, len(entries), 2)])
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        title = self.text("held fixed:", size=24, color=self.theme.muted)
        return VGroup(title, rows).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    # ------------------------------------------------------------------

    def _show_surface(self) -> None:
        """The cost as a surface over the plane, and chapter 5's slice cut out of it."""
        plane, example = self.plane, self.example
        first, second = self._axis_names()
        self.beat(f"Chapter five integrated one logit at a time and glued the pieces "
                  f"together. Why is that allowed? Picture the cost as a surface "
                  f"{self._plane_words()}. Its height is C. Chapter five's slice lets {first} "
                  f"move while {second} stays at {example.fmt(plane.end[1])}: a curve cut out "
                  f"of the surface, and the cost's rise along it is the integral of y minus t.")
        plot = FieldPlot(plane, self.plane_width)
        plot.shift([self.plane_left - plot.frame.get_left()[0],
                    self.header_bottom - 0.55 - plot.frame.get_top()[1], 0])
        self.plot = plot
        azimuth, tilt = self.surface_view
        surface = CostSurface(plot, plane, self.surface_lift, azimuth, tilt).follow_view()
        surface.offset.set_value(self.surface_drop)
        surface.opacity.set_value(0.0)
        x1, y0 = plane.x_range[1], plane.y_range[0]
        first_label = self.math(self.formulas["first"], size=34, color=self.theme.logit)
        second_label = self.math(self.formulas["second"], size=34, color=self.theme.logit)
        # Each axis named at the middle of the surface's front and right edges, on the surface.
        heights = plane.surface_heights
        middle_column, middle_row = heights.shape[1] // 2, heights.shape[0] // 2
        surface.pin(first_label, float(plane.surface_x[middle_column]), y0,
                    float(heights[0, middle_column]), buff=0.15)
        surface.pin(second_label, x1, float(plane.surface_y[middle_row]),
                    float(heights[middle_row, -1]), buff=0.2)
        height = VGroup(self.text("height:", size=24, color=self.theme.muted),
                        self.math(self.formulas["contour"], size=self.legend_size,
                                  color=self.theme.cost)).arrange(RIGHT, buff=0.2)
        self.column = self._column(height, self._fixed_caption())
        self.add(surface)
        turn = until(self, "Chapter five's slice", least=0.0)
        self.play(surface.opacity.animate.set_value(0.92),
                  surface.azimuth.animate.set_value(azimuth - self.surface_turn / 2),
                  FadeIn(first_label), FadeIn(second_label), FadeIn(self.column),
                  run_time=max(2.0, min(turn, 6.0)), rate_func=linear)
        rest = until(self, "Chapter five's slice", least=0.0)
        if rest > 0.5:
            self.play(surface.azimuth.animate.set_value(azimuth - self.surface_turn),
                      run_time=rest, rate_func=linear)
        self.wait_for("Chapter five's slice")
        values = plane.slice_values
        fixed = np.full_like(values, plane.end[1])
        wall = surface.wall(values, fixed, plane.slice_heights, self.theme.highlight, 0.1)
        curve = surface.curve(values, fixed, plane.slice_heights, self.theme.cost, 7)
        dot, along = surface.dot_along(values, fixed, plane.slice_heights, self.theme.text)
        slice_legend = self._legend_line(self.theme.cost, self.formulas["slice_fixed"],
                                         "slice:")
        slice_legend.next_to(self.column, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(FadeIn(wall), Create(curve), FadeIn(slice_legend), run_time=1.5)
        self.add(dot)
        self.play(along.animate.set_value(1.0), run_time=until(self, least=2.0),
                  rate_func=linear)
        self.surface, self.surface_labels = surface, VGroup(first_label, second_label)
        self.slice_parts = VGroup(wall, curve, dot, slice_legend)

    def _show_map(self) -> None:
        """From above, the surface is a map: contour lines of C and the arrows of -g."""
        plot, surface = self.plot, self.surface
        self.beat("Seen from above, the surface becomes a map, coloured by height. Its "
                  "contour lines join points of equal cost, and the arrows are minus g, the "
                  "way down. They cross every contour at a right angle, because g is the "
                  "cost's gradient.")
        flatten = max(2.0, min(until(self, "contour lines", least=0.0), 5.0))
        self.play(surface.azimuth.animate.set_value(0.0), surface.tilt.animate.set_value(0.0),
                  surface.offset.animate.set_value(0.0),
                  surface.opacity.animate.set_value(MAP_OPACITY),
                  FadeOut(self.slice_parts), FadeOut(self.surface_labels),
                  run_time=flatten)
        surface.hold_view()
        self.remove(*self.slice_parts, *self.surface_labels)
        self.play(FadeIn(plot.base), run_time=0.6)
        self.wait_for("contour lines")
        self.play(Create(plot.contours), run_time=until(self, "the arrows", least=1.5))
        self.wait_for("the arrows")
        self.play(plot.show_field(), run_time=until(self, "They cross", least=2.0))
        arrow = Arrow(LEFT * 0.35, RIGHT * 0.35, buff=0, color=self.theme.gradient,
                      stroke_width=4, tip_length=0.15)
        legend = VGroup(
            VGroup(arrow, self.math(self.formulas["arrow"], size=self.legend_size,
                                    color=self.theme.gradient)).arrange(RIGHT, buff=0.25),
            self._legend_line(self.theme.cost, self.formulas["contour"], "contour lines of"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.wait_for("They cross")
        column = self._column(*legend, *self.column.submobjects)
        self.play(FadeIn(legend, shift=LEFT * 0.2), Transform(self.column, column[2:]))
        arrows = plot.arrows
        picks = [arrows[index] for index in np.linspace(0, len(arrows) - 1, 4).astype(int)]
        for piece in picks if len(arrows) else []:
            self.play(Indicate(piece, color=self.theme.highlight, scale_factor=1.8),
                      run_time=0.7)
        self.legend = VGroup(legend, self.column)

    # ------------------------------------------------------------------
    # Walks: a dot moves along a path, its trail drawn, the integral running.

    def _walk(self, walk, color: str, lhs_tex: str, full_tex: str, at: np.ndarray,
              run_time: float, start: float = 0.0, stop: float = 1.0,
              readout: tuple | None = None) -> tuple:
        """Walk ``walk`` from ``start`` to ``stop`` (shares of its length), its value running.

        Returns the trail, the dot and the readout (lhs, number), kept for the next leg.
        """
        plot = self.plot
        progress = ValueTracker(start)
        trail = VMobject(stroke_color=color, stroke_width=6)

        def draw(line: VMobject) -> None:
            line.set_points_as_corners([plot.point(*vertex)
                                        for vertex in walk.trail(progress.get_value())])

        draw(trail)
        trail.add_updater(draw)
        dot = plot.dot(*walk.at(start)[0], color)
        dot.add_updater(lambda mobject: mobject.move_to(
            plot.point(*walk.at(progress.get_value())[0])))
        if readout is None:
            lhs = self.math(lhs_tex, size=self.legend_size, color=color)
            number = DecimalNumber(0.0, num_decimal_places=3, font_size=self.legend_size,
                                   color=color)
            lhs.move_to(at, aligned_edge=LEFT)
            number.next_to(lhs, RIGHT, buff=0.15)
            self.play(FadeIn(lhs), FadeIn(number), run_time=0.4)
        else:
            lhs, number = readout
        number.add_updater(lambda mobject: mobject.set_value(walk.at(progress.get_value())[1]))
        self.add(trail, dot)
        self.play(progress.animate.set_value(stop), run_time=run_time, rate_func=linear)
        for mobject in (trail, dot, number):
            mobject.clear_updaters()
        return trail, dot, (lhs, number), progress

    def _settle(self, readout: tuple, full_tex: str, color: str) -> VMobject:
        """Swap a running readout for mathcore's printed value (tiny values never read 0.000)."""
        lhs, number = readout
        final = self.math(full_tex, size=self.legend_size, color=color)
        final.move_to(lhs, aligned_edge=LEFT)
        self.remove(lhs, number)
        self.add(final)
        return final

    def _ends(self) -> VGroup:
        """Dots at the plane's origin and at the example's logits, labelled."""
        plane, plot = self.plane, self.plot
        start = plot.dot(0.0, 0.0, self.theme.text)
        end = plot.dot(*plane.end, self.theme.text)
        vertices = list(plane.paths.values())
        start_label = plot.point_label(
            self.math(self.formulas["origin"], size=30), (0.0, 0.0),
            [path[1] - path[0] for path in vertices])
        end_label = plot.point_label(
            self.math(self.formulas["end_point"], size=34), plane.end,
            [path[-2] - path[-1] for path in vertices])
        return VGroup(start, end, start_label, end_label)

    def _show_straight_walk(self) -> None:
        """The straight path from 0 to z, its integral growing to the cost's rise."""
        example, plane = self.example, self.plane
        first_name = next(iter(plane.paths))
        self.beat(f"Now walk from the origin of the plane to the example's logits, adding up "
                  f"g along the way. Along the straight path the sum comes to "
                  f"{example.fmt(plane.integrals[first_name])}: the change of the cost between "
                  f"the two ends.")
        self.ends = self._ends()
        self.play(FadeOut(self.legend), self.plot.arrows.animate.set_opacity(0.3),
                  FadeIn(self.ends), run_time=0.8)
        # The two ends, named as the narration names them.
        ahead = until(self, "Along the straight path", least=0.0)
        if ahead > 1.0:
            self.play(Indicate(VGroup(self.ends[0], self.ends[2]), color=self.theme.highlight),
                      run_time=ahead / 2)
            self.play(Indicate(VGroup(self.ends[1], self.ends[3]), color=self.theme.highlight),
                      run_time=ahead / 2)
        color = self.theme.logit
        at = np.array([self.column_left, self.plot.frame.get_top()[1] - 0.3, 0.0])
        self.wait_for("Along the straight path")
        trail, dot, readout, _ = self._walk(
            plane.walks[first_name], color, self.formulas["integral_lhs"][first_name],
            self.formulas["integrals"][first_name], at,
            run_time=until(self, "the change of", least=2.5))
        value = self._settle(readout, self.formulas["integrals"][first_name], color)
        rise = self.math(self.formulas["cost_rise"], size=self.legend_size, color=self.theme.cost)
        rise.next_to(value, DOWN, buff=0.35, aligned_edge=LEFT)
        arrange_in_width(rise, self.column_width)
        self.wait_for("the change of")
        self.play(Write(rise), Indicate(self.ends[1], color=self.theme.highlight,
                                        scale_factor=1.6), run_time=until(self, least=1.0))
        self.straight = VGroup(trail, dot)
        self.values = VGroup(value, rise)

    def _show_staircase_walk(self) -> None:
        """The staircase: one logit at a time, as chapter 5 integrated; the same value."""
        example, plane = self.example, self.plane
        first, second = self._axis_names()
        name = list(plane.paths)[1]
        walk = plane.walks[name]
        total = example.fmt(plane.integrals[name])
        if name == "coordinatewise":
            legs = walk.legs
            self.beat(f"Chapter five's way is one logit at a time. First along {first}, with "
                      f"{second} held at 0: this leg adds {example.fmt(legs[0])}. Then along "
                      f"{second}, with {first} held at {example.fmt(plane.end[0])}: this leg "
                      f"adds {example.fmt(legs[1])}. Together {total} again. Both paths give "
                      f"the change of the cost; only the end points matter.")
        else:
            self.beat(f"Here one logit at a time would retrace the straight path, so take a "
                      f"detour instead. It adds up to {total} again. Both paths give the change "
                      f"of the cost; only the end points matter.")
        color = self.theme.highlight
        at = np.array([self.column_left, self.values.get_bottom()[1] - 0.6, 0.0])
        lhs_tex, full_tex = (self.formulas["integral_lhs"][name],
                             self.formulas["integrals"][name])
        shown = VGroup()
        # The path to come, faint, while the narration says which it is.
        preview = DashedVMobject(self.plot.path(plane.paths[name], color, 3), num_dashes=30)
        first_words = "First along" if name == "coordinatewise" else "It adds up"
        self.play(Create(preview), run_time=until(self, first_words, least=1.0))
        shown.add(preview)
        if name == "coordinatewise":
            self.wait_for("First along")
            leg_one = walk.leg_ends[1]
            trail, dot, readout, _ = self._walk(walk, color, lhs_tex, full_tex, at,
                                                until(self, "Then along", least=2.0),
                                                stop=leg_one)
            legs = VGroup(*[self.math(tex, size=30, color=color)
                            for tex in self.formulas["legs"]])
            held = VGroup(*[self.math(tex, size=26, color=self.theme.muted)
                            for tex in self.formulas["leg_held"]])
            rows = VGroup(*[VGroup(leg, hold).arrange(RIGHT, buff=0.3)
                            for leg, hold in zip(legs, held, strict=True)])
            rows.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
            arrange_in_width(rows, self.column_width)
            rows.next_to(readout[0], DOWN, buff=0.45, aligned_edge=LEFT)
            self.play(FadeIn(rows[0]), run_time=0.5)
            self.wait_for("Then along")
            self.remove(trail, dot)
            trail, dot, readout, _ = self._walk(walk, color, lhs_tex, full_tex, at,
                                                until(self, "Together", least=2.0),
                                                start=leg_one, readout=readout)
            self.play(FadeIn(rows[1]), run_time=0.5)
            shown.add(rows)
            # Together: the two legs make the path's value.
            self.play(Circumscribe(rows, color=color),
                      run_time=until(self, "Both paths", least=1.0))
        else:
            self.wait_for("It adds up")
            trail, dot, readout, _ = self._walk(walk, color, lhs_tex, full_tex, at,
                                                until(self, "Both paths", least=2.5))
        value = self._settle(readout, full_tex, color)
        self.wait_for("Both paths")
        frame = SurroundingRectangle(VGroup(self.values, value), color=self.theme.cost,
                                     buff=0.12)
        self.play(Create(frame), Indicate(self.ends[1], color=self.theme.highlight,
                                          scale_factor=1.6))
        ending = until(self, least=1.2)
        self.play(Circumscribe(self.values[0], color=color, run_time=ending),
                  Circumscribe(value, color=color, run_time=ending))
        self.staircase = VGroup(trail, dot)
        self.values.add(value, frame, shown)

    # ------------------------------------------------------------------

    def _show_swirl(self) -> None:
        """A swirled field h: the same two paths give two different values."""
        example, plane, plot = self.example, self.plane, self.plot
        first_name, second_name = plane.paths
        straight, other = (example.fmt(plane.swirl_integrals[name]) for name in plane.paths)
        second_words = ("one logit at a time" if second_name == "coordinatewise"
                        else "along the detour")
        self.beat(f"Not every field allows this. Add a swirl to g: h is g plus omega times "
                  f"minus {self._axis_names()[1]}, {self._axis_names()[0]}, with omega equal "
                  f"to {example.fmt(plane.omega)}. Walk the same two paths. Straight, the "
                  f"swirl pushes sideways and adds nothing: {straight}. Then {second_words}: "
                  f"{other}. Two paths, two answers, so no height fits h: it is the gradient "
                  f"of no cost.")
        swirl = self.math(self.formulas["swirl"], size=34, color=self.theme.gradient)
        omega = self.math(self.formulas["omega"], size=30, color=self.theme.gradient)
        header = VGroup(swirl, omega).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        arrange_in_width(header, self.column_width)
        header.align_to([self.column_left, 0, 0], LEFT)
        header.align_to([0, plot.frame.get_top()[1], 0], UP)
        new_arrows = plot.swirl_arrows().set_opacity(0.9)
        self.play(FadeOut(self.values), FadeOut(self.straight), FadeOut(self.staircase),
                  run_time=0.6)
        self.play(Write(swirl), run_time=1.5)
        self.play(FadeIn(omega), run_time=0.6)
        # The arrows turn into those of h while the swirl is described.
        self.play(Transform(plot.arrows, new_arrows),
                  run_time=until(self, "Walk the same", least=2.0))
        self.play(plot.arrows.animate.set_opacity(0.3),
                  run_time=until(self, "Straight, the", least=0.5))
        top = header.get_bottom()[1] - 0.8
        results = []
        for index, (name, color, phrase, next_phrase) in enumerate((
                (first_name, self.theme.logit, "Straight, the", "Then "),
                (second_name, self.theme.highlight, "Then ", "Two paths"))):
            self.wait_for(phrase)
            at = np.array([self.column_left, top - 1.0 * index, 0.0])
            trail, dot, readout, _ = self._walk(
                plane.swirl_walks[name], color, self.formulas["swirl_integral_lhs"][name],
                self.formulas["swirl_integrals"][name], at,
                run_time=until(self, next_phrase, least=2.0))
            results.append((self._settle(readout, self.formulas["swirl_integrals"][name],
                                         color), trail, dot))
        self.wait_for("Two paths")
        values = VGroup(*[value for value, _, _ in results])
        self.play(*[Indicate(value, color=self.theme.cost) for value in values],
                  Indicate(self.ends[1], color=self.theme.cost, scale_factor=1.6),
                  run_time=1.5)
        apart = SurroundingRectangle(values, color=self.theme.cost, buff=0.12)
        self.play(Create(apart), run_time=until(self, least=1.0))
        values.add(apart)
        self.swirl_parts = VGroup(header, values, *[VGroup(trail, dot)
                                                    for _, trail, dot in results])

    def _show_symmetric_jacobian(self) -> None:
        """The Jacobian tells them apart: not symmetric for h, symmetric diag(y) - y y^T for g."""
        self.beat("What tells the two fields apart is the Jacobian. For h, the cross "
                  "derivatives differ by two omega: the swirl. For g equal to y minus t, entry "
                  "m n is y m times delta m n minus y n: diag y minus y y transpose, which is "
                  "symmetric. So g has no swirl, every path gives the same integral, and its "
                  "potential, the cost, exists and is unique up to a constant.")
        formulas = self.formulas
        self.play(FadeOut(VGroup(self.plot, self.surface, self.ends, self.swirl_parts)),
                  run_time=0.8)
        swirl_curl = self.math(formulas["swirl_curl"], size=38, color=self.theme.gradient)
        swirl_curl.move_to([0, self.line_y(0), 0])
        self.play(Write(swirl_curl), run_time=1.5)
        self.play(Circumscribe(swirl_curl, color=self.theme.cost),
                  run_time=until(self, "For g equal", least=1.0))
        self.wait_for("For g equal")
        field = self.math(formulas["field"], size=self.formula_size, color=self.theme.gradient)
        entry = self.formula(formulas["field_entry"], color=self.theme.gradient)
        heading = VGroup(field, entry).arrange(RIGHT, buff=1.2)
        heading.move_to([0, self.line_y(1.1), 0])
        self.play(FadeIn(field), FadeIn(entry, shift=RIGHT * 0.2), run_time=0.8)
        derivative = self.formula(formulas["jacobian_entry"], self.line_y(2.15))
        self.play(TransformMatchingTex(entry.copy(), derivative), run_time=1.2)
        # The quotient rule's result, read as the narration says it.
        equals = [index for index, part in enumerate(derivative.submobjects)
                  if part.get_tex_string().strip() == "="]
        self.play(Circumscribe(VGroup(*derivative.submobjects[equals[-1] + 1:]),
                               color=self.theme.highlight),
                  run_time=until(self, "diag y", least=1.0))
        expanded = self.formula(formulas["jacobian_rest"], self.line_y(3.2))
        arrange_in_width(expanded, self.formula_width)
        self.wait_for("diag y")
        self.play(TransformMatchingTex(derivative.copy(), expanded), run_time=1.2)
        symmetry = self.formula(formulas["field_curl"], self.line_y(4.25),
                                color=self.theme.gradient)
        symmetric = self.text("symmetric: no swirl", size=26, color=self.theme.muted)
        row = VGroup(symmetry, symmetric).arrange(RIGHT, buff=0.5)
        row.move_to([0, self.line_y(4.25), 0])
        self.wait_for("symmetric")
        self.play(Write(symmetry), FadeIn(symmetric), run_time=1.2)
        self.play(Circumscribe(expanded, color=self.theme.highlight), run_time=1.2)
        cost = self.math(formulas["potential_cost"], size=36, color=self.theme.cost)
        words = self.text("the potential, unique up to a constant:", size=24,
                          color=self.theme.muted)
        conclusion = VGroup(words, cost).arrange(RIGHT, buff=0.3)
        arrange_in_width(conclusion, self.formula_width)
        conclusion.move_to([0, self.line_y(5.3), 0])
        self.wait_for("So g has")
        self.play(FadeIn(words), Write(cost), run_time=until(self, "potential,", least=1.5))
        self.play(Indicate(cost, color=self.theme.highlight), run_time=1.2)
        self.play(Circumscribe(cost, color=self.theme.cost),
                  run_time=until(self, least=1.0))
