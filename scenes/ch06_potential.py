"""Chapter 6: why integrating one coordinate at a time is allowed (g = y - t is a gradient)."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    Indicate,
    Line,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from mathcore.outline import chapter_named
from mathcore.potential import field_terms
from mathcore.views.plane import field_data, field_plane
from scenes.base import LectureScene, arrange_in_width
from scenes.components.field_plot import FieldPlot


class OneCoordinateAtATime(LectureScene):
    """The Jacobian of y - t is symmetric, so line integrals of it do not depend on the path."""

    chapter = chapter_named("potential")
    display_data = field_data
    formula_terms = tuple(field_terms())
    formula_size = 42
    top_line = 2.45
    line_spacing = 1.12
    formula_width = 12.4
    plane_width = 8.3
    plane_left = -6.85
    column_x = 4.85
    column_width = 4.3
    legend_size = 34

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.plane = field_plane(self.example)
        self.formulas = self.plane.latex
        self._show_symmetric_jacobian()
        self._show_plane()
        self._show_paths()

    # ------------------------------------------------------------------

    def _show_symmetric_jacobian(self) -> None:
        """The field y - t has the symmetric Jacobian diag(y) - y y^T: it is a gradient."""
        self.beat("Chapter five integrated one logit at a time and glued the pieces together. "
                  "That is allowed because the field g equal to y minus t has a symmetric "
                  "Jacobian, diag y minus y y transpose. A field with a symmetric Jacobian on "
                  "all of R^K is a gradient, and its potential, the cost, is unique up to a "
                  "constant.")
        formulas = self.formulas
        field = self.math(formulas["field"], size=self.formula_size, color=self.theme.gradient)
        entry = self.formula(formulas["field_entry"], self.line_y(0), color=self.theme.gradient)
        heading = VGroup(field, entry).arrange(RIGHT, buff=1.2)
        heading.move_to([0, self.line_y(0), 0])
        self.play(Write(field))
        self.play(FadeIn(entry, shift=RIGHT * 0.2))
        derivative = self.formula(formulas["jacobian_entry"], self.line_y(1.15))
        self.play(TransformMatchingTex(entry.copy(), derivative))
        expanded = self.formula(formulas["jacobian_rest"], self.line_y(2.25))
        expanded.align_to(derivative.get_part_by_tex(formulas["softmax_slope"]),
                          LEFT).shift(LEFT * 0.45)
        arrange_in_width(expanded, self.formula_width)
        self.play(TransformMatchingTex(derivative.copy(), expanded))
        symmetry = self.formula(formulas["symmetry"], self.line_y(3.35), color=self.theme.gradient)
        symmetric = self.text("symmetric", size=28, color=self.theme.muted)
        symmetric.next_to(symmetry, RIGHT, buff=0.5)
        self.play(TransformMatchingTex(derivative.copy(), symmetry), FadeIn(symmetric))
        potential = self.math(formulas["potential"], size=38, color=self.theme.gradient)
        cost = self.math(formulas["potential_cost"], size=38, color=self.theme.cost)
        words = self.text("a gradient field, whose potential is", size=26,
                          color=self.theme.muted)
        unique = self.text("unique up to a constant", size=26, color=self.theme.muted)
        conclusion = VGroup(potential, words, cost).arrange(RIGHT, buff=0.35)
        arrange_in_width(conclusion, self.formula_width)
        conclusion.move_to([0, self.line_y(4.5), 0])
        unique.next_to(cost, DOWN, buff=0.15)
        self.play(FadeIn(potential), FadeIn(words))
        self.play(Write(cost), FadeIn(unique))
        self.play(Indicate(cost, color=self.theme.highlight))
        self.derivation = VGroup(heading, derivative, expanded, symmetry, symmetric, conclusion,
                                 unique)

    def _fixed_caption(self) -> VGroup:
        """Which logits stay fixed in the plane (none for two classes)."""
        fixed = self.formulas["fixed"]
        if not fixed:
            return VGroup(self.text("two classes: the plane is", size=24, color=self.theme.muted),
                          self.text("the whole space", size=24, color=self.theme.muted)
                          ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        entries = [self.math(tex, size=32, color=self.theme.logit) for tex in fixed]
        rows = VGroup(*[VGroup(*entries[start:start + 2]).arrange(RIGHT, buff=0.4)
                        for start in range(0, len(entries), 2)])
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        title = self.text("held fixed:", size=24, color=self.theme.muted)
        return VGroup(title, rows).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def _show_plane(self) -> None:
        """Arrows of -g and contour lines of C on the (z_1, z_2) plane."""
        example = self.example
        names = example.classes
        if example.n_classes == 2:
            setting = "With two classes the plane of z_1 and z_2 is the whole space."
        elif example.n_classes == 3:
            setting = (f"Hold z_3, the logit of {names[2]}, at "
                       f"{example.fmt(example.logits[2])}, and look at the plane of "
                       f"z_1 and z_2.")
        else:
            setting = ("Hold every logit but z_1 and z_2 at the example's values, and look at "
                       "their plane.")
        self.beat(f"{setting} The arrows are minus g, the way down; the curves are contour "
                  f"lines of the cost. The arrows cross every contour at a right angle: "
                  f"the field is the cost's gradient.")
        self.play(FadeOut(self.derivation))
        plot = FieldPlot(self.plane, self.plane_width)
        plot.shift([self.plane_left - plot.get_left()[0],
                     self.header_bottom - 0.6 - plot.frame.get_top()[1], 0])
        self.play(FadeIn(plot.base))
        self.play(Create(plot.contours), run_time=1.5)
        self.play(plot.show_field(), run_time=2)
        arrow = Arrow(LEFT * 0.35, RIGHT * 0.35, buff=0, color=self.theme.gradient,
                      stroke_width=4, tip_length=0.15)
        contour = Line(LEFT * 0.35, RIGHT * 0.35, color=self.theme.cost, stroke_width=3)
        legend = VGroup(
            VGroup(arrow, self.math(self.formulas["arrow"], size=self.legend_size,
                                    color=self.theme.gradient)).arrange(RIGHT, buff=0.25),
            VGroup(contour, self.text("contour lines of", size=24, color=self.theme.muted),
                   self.math(self.formulas["contour"], size=self.legend_size,
                             color=self.theme.cost)).arrange(RIGHT, buff=0.2),
            self._fixed_caption(),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        arrange_in_width(legend, self.column_width)
        legend.move_to([self.column_x, 0, 0]).align_to([0, plot.frame.get_top()[1], 0], UP)
        self.play(FadeIn(legend, shift=LEFT * 0.2))
        self.field_plot = plot
        self.legend = legend

    def _show_paths(self) -> None:
        """Two paths from 0 to z: equal line integrals, equal to C(z) - C(0)."""
        example, plane, plot = self.example, self.plane, self.field_plot
        first, second = plane.paths
        second_words = ("one coordinate at a time" if second == "coordinatewise"
                        else "a detour")
        integrals = plane.integrals
        self.beat(f"Walk from the origin of the plane to the example's logits along two "
                  f"different paths: straight, and {second_words}. Adding up g along each "
                  f"gives {example.fmt(integrals[first])} and "
                  f"{example.fmt(integrals[second])}, and both equal the rise of the cost, "
                  f"{example.fmt(plane.cost_rise)}. Only the end points matter.")
        colors = {first: self.theme.logit, second: self.theme.highlight}
        paths = {name: plot.path(plane.paths[name], colors[name]) for name in (first, second)}
        start = plot.dot(0.0, 0.0, self.theme.text)
        end = plot.dot(*plane.end, self.theme.text)
        vertices = [plane.paths[name] for name in (first, second)]
        start_label = plot.point_label(
            self.math(self.formulas["origin"], size=30), (0.0, 0.0),
            [path[1] - path[0] for path in vertices])
        end_label = plot.point_label(
            self.math(self.formulas["end_point"], size=34), plane.end,
            [path[-2] - path[-1] for path in vertices])
        labels = VGroup()
        for number, (name, words) in enumerate(((first, "straight"), (second, second_words)),
                                               start=1):
            sample = Line(LEFT * 0.3, RIGHT * 0.3, color=colors[name], stroke_width=6)
            symbol = self.math(self.formulas["path_names"][number - 1], size=self.legend_size,
                               color=colors[name])
            labels.add(VGroup(sample, symbol, self.text(words, size=24, color=self.theme.muted)
                              ).arrange(RIGHT, buff=0.2))
        labels.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        values = VGroup(*[self.math(self.formulas["integrals"][name], size=self.legend_size,
                                    color=colors[name]) for name in (first, second)],
                        self.math(self.formulas["cost_rise"], size=self.legend_size,
                                  color=self.theme.cost))
        values.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        arrange_in_width(labels, self.column_width)
        arrange_in_width(values, self.column_width - 0.3)
        column = VGroup(labels, values).arrange(DOWN, aligned_edge=LEFT, buff=0.6)
        column.move_to([self.column_x, 0, 0]).align_to([0, plot.frame.get_top()[1], 0], UP)
        self.play(FadeOut(self.legend), plot.arrows.animate.set_opacity(0.35),
                  FadeIn(start), FadeIn(end), FadeIn(start_label), FadeIn(end_label))
        for index, name in enumerate((first, second)):
            self.play(Create(paths[name]), FadeIn(labels[index]), run_time=1.5)
            self.play(Write(values[index]))
        self.play(Write(values[2]))
        frame = SurroundingRectangle(values, color=self.theme.cost, buff=0.15)
        self.play(Create(frame))
        self.play(Indicate(end, color=self.theme.highlight, scale_factor=1.6),
                  *[Indicate(paths[name], color=self.theme.highlight) for name in paths])
        self.paths = paths
