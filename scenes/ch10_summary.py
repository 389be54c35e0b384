"""Chapter 10: the summary: the lecture's chain of identities, each with its chapter's picture.

Each beat reads one identity. It appears large on the right, under its
chapter's title, with that chapter's own picture in small below it, built from
the same components and mathcore data as the chapter (the bars of chapter 2,
the curve of chapter 3, the field of chapter 6, ...), and the picture moves as
the voice reads. When the next identity comes, the line moves into a compact
list on the left, so the chain builds up on one screen.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Indicate,
    MoveAlongPath,
    Polygon,
    ReplacementTransform,
    SurroundingRectangle,
    VGroup,
    VMobject,
    Write,
    smooth,
)

from mathcore.outline import chapter_named
from mathcore.summary import SummaryLine, summary_chain
from mathcore.views.canonical import log_partition_slice
from mathcore.views.cost_curve import axis_latex, cost_curve
from mathcore.views.plane import field_plane
from mathcore.views.sigmoid import two_class_plots
from mathcore.views.slice import slice_curves
from mathcore.views.summary import summary_display
from mathcore.views.training import training_display
from scenes.base import LectureScene, arrange_in_width
from scenes.components.bars import ClassBars
from scenes.components.cost_plot import CostPlot
from scenes.components.curves import NegLogCurve
from scenes.components.field_plot import FieldPlot
from scenes.components.function_plot import FunctionPlot
from scenes.components.pacing import until
from scenes.components.plot_area import PlotArea


class Summary(LectureScene):
    """The chain of identities, one line at a time, each beside its chapter's picture."""

    chapter = chapter_named("summary")
    display_data = summary_display

    formula_size = 38
    title_size = 24
    note_size = 24
    list_size = 30
    list_number_size = 20
    list_left = -6.45  # the compact list: its left edge, width, first row and pitch
    list_width = 5.6
    list_top = 2.75
    list_pitch = 0.82
    list_height = 0.62  # the most a listed formula may be tall
    panel_x = 3.45  # the current identity and its picture: centre, width
    panel_width = 6.3
    title_y = 2.85
    formula_y = 2.05
    picture_center = np.array([3.45, -1.05, 0.0])
    picture_size = (5.2, 2.9)
    highlighted = ("gradient", "backwards")  # the gradient, and the cost integrated back

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.chain = summary_chain()
        self.listed: dict[str, VGroup] = {}
        self.current: tuple[SummaryLine, VGroup, VGroup] | None = None
        for row, line in enumerate(self.chain):
            self._show_line(row, line)
        self._show_both_directions()

    # ------------------------------------------------------------------
    # Layout.

    def _cell(self, line: SummaryLine) -> VGroup:
        """The chapter's number and title, and below it the identity (and a note)."""
        chapter = line.outline
        title = self.text(f"{chapter.number}. {chapter.title}", size=self.title_size,
                          color=self.theme.muted)
        formula = self.math(line.latex, size=self.formula_size)
        arrange_in_width(formula, self.panel_width)
        title.move_to([self.panel_x, self.title_y, 0])
        formula.move_to([self.panel_x, self.formula_y, 0])
        cell = VGroup(title, formula)
        cell.title, cell.formula = title, formula
        if line.note:
            note = self.text(line.note, size=self.note_size, color=self.theme.muted)
            note.next_to(formula, DOWN, buff=0.2)
            cell.add(note)
        return cell

    def _list_row(self, row: int, line: SummaryLine) -> VGroup:
        """The compact form of line ``row``: its chapter's number, then the identity."""
        number = self.text(f"{line.outline.number}.", size=self.list_number_size,
                           color=self.theme.muted)
        formula = self.math(line.latex, size=self.list_size)
        room = self.list_width - 0.55
        if formula.width > room or formula.height > self.list_height:
            formula.scale(min(room / formula.width, self.list_height / formula.height))
        y = self.list_top - row * self.list_pitch
        number.move_to([self.list_left, y, 0], aligned_edge=LEFT)
        formula.move_to([self.list_left + 0.55, y, 0], aligned_edge=LEFT)
        entry = VGroup(number, formula)
        entry.formula = formula
        return entry

    def _fit_picture(self, picture: VGroup) -> VGroup:
        """Scale ``picture`` into the picture box and centre it there."""
        width, height = self.picture_size
        picture.scale(min(width / picture.width, height / picture.height))
        picture.move_to(self.picture_center)
        return picture

    # ------------------------------------------------------------------
    # The chapters' pictures, in small: (what appears, a function that plays its motion).

    def _picture(self, slug: str):
        return getattr(self, f"_picture_{slug}")()

    def _picture_probabilities(self):
        example = self.example
        logits = example.shown(example.logits)
        low, high = min(0.0, *example.logits), max(0.0, *example.logits)
        bars = ClassBars(logits, example.classes, self.theme.logit, 5.0, 2.6,
                         value_range=(low, high), show_names=False, show_values=False)
        picture = self._fit_picture(VGroup(bars))

        def motion(run_time: float) -> None:
            self.play(bars.animate_to(example.shown(example.probabilities),
                                      color=self.theme.probability, value_range=(0.0, 1.0)),
                      run_time=run_time)
        return picture, motion

    def _picture_cost(self):
        labels = axis_latex()
        curve = NegLogCurve(cost_curve(self.example.cost), labels["probability"],
                            labels["cost"], width=5.0, height=2.6)
        curve.axes.remove(curve.tick_labels, curve.scale_note)
        picture = self._fit_picture(VGroup(curve))

        def motion(run_time: float) -> None:
            stops = curve.curve.stops[1:] or (curve.curve.target,)
            self.play(curve.show_dot(), run_time=0.5)
            self.add(curve.marker)
            for stop in stops:
                self.play(curve.slide_to(stop), run_time=max(0.5, (run_time - 0.5) / len(stops)),
                          rate_func=smooth)
            self.remove(curve.tracker)
            picture.add(curve.marker)
        return picture, motion

    def _picture_gradient(self):
        example = self.example
        bars = ClassBars(example.shown(example.probabilities), example.classes,
                         self.theme.probability, 5.0, 2.6, value_range=(-1.0, 1.0),
                         show_names=False, show_values=False)
        picture = self._fit_picture(VGroup(bars))

        def motion(run_time: float) -> None:
            self.play(bars.animate_to(example.shown(example.gradient), color=self.theme.gradient),
                      run_time=run_time)
        return picture, motion

    def _picture_backwards(self):
        curves = slice_curves(self.example)
        panel = PlotArea(curves.window, curves.gradient_range, 5.0, 2.6)
        zero = panel.polyline(curves.window, (0.0, 0.0), self.theme.muted, 2.0)
        integrand = panel.polyline(curves.grid, curves.gradient, self.theme.gradient)
        inside = (curves.grid >= curves.start) & (curves.grid <= curves.end)
        xs, ys = curves.grid[inside], curves.gradient[inside]
        picture = self._fit_picture(VGroup(panel, zero, integrand))

        def motion(run_time: float) -> None:
            # The area from a to b: the cost's rise on the slice (built where the panel is now).
            corners = [(xs[0], 0.0), *zip(xs, ys, strict=True), (xs[-1], 0.0)]
            area = Polygon(*[panel.point(x, y) for x, y in corners], stroke_width=0)
            area.set_fill(self.theme.cost, opacity=0.45)
            self.play(FadeIn(area, shift=UP * 0.05), run_time=run_time)
            picture.add(area)
        return picture, motion

    def _picture_potential(self):
        plot = FieldPlot(field_plane(self.example), width=4.4)
        plot.base.remove(plot.ticks)
        picture = self._fit_picture(VGroup(plot))
        # The arrows are fitted with the plot, then held back for their own animation.
        arrows = plot.arrows
        plot.remove(arrows)

        def motion(run_time: float) -> None:
            self.play(plot.show_field(), run_time=run_time)
            picture.add(arrows)
        return picture, motion

    def _picture_sigmoid(self):
        plots = two_class_plots(self.example)
        plot = FunctionPlot(plots.sigmoid_curve, self.theme.probability, 5.0, 2.6)
        plot.axes.remove(plot.x_tick_labels, plot.y_tick_labels)
        picture = self._fit_picture(VGroup(plot))

        def motion(run_time: float) -> None:
            dot = plot.dot(0.0, 0.5)
            low, high = sorted((0.0, plots.point))
            inside = (plots.sigmoid_curve.x >= low) & (plots.sigmoid_curve.x <= high)
            points = [plot.point(x, y) for x, y in zip(
                plots.sigmoid_curve.x[inside], plots.sigmoid_curve.y[inside], strict=True)]
            if plots.point < 0:
                points = points[::-1]
            path = VMobject().set_points_as_corners(
                [dot.get_center(), *points, plot.point(plots.point, plots.point_activation)])
            self.play(GrowFromCenter(dot), run_time=0.4)
            self.play(MoveAlongPath(dot, path), run_time=max(0.6, run_time - 0.4),
                      rate_func=smooth)
            picture.add(dot)
        return picture, motion

    def _picture_deeper(self):
        slice_ = log_partition_slice(self.example)
        plot = FunctionPlot(slice_.curve, self.theme.exponential, 5.0, 2.6)
        plot.axes.remove(plot.x_tick_labels, plot.y_tick_labels)
        picture = self._fit_picture(VGroup(plot))

        def motion(run_time: float) -> None:
            dot = plot.dot(slice_.point, slice_.value)
            tangent = plot.tangent(slice_.point, slice_.value, slice_.slope,
                                   self.theme.probability)
            self.play(GrowFromCenter(dot), run_time=0.4)
            self.play(Create(tangent), run_time=max(0.6, run_time - 0.4))
            picture.add(dot, tangent)
        return picture, motion

    def _picture_training(self):
        example, display = self.example, training_display(self.example)
        plot = CostPlot(display["steps"], example.shown(display["cost_values"]),
                        example.shown([display["cost_top"]])[0], display["step_ticks"],
                        display["cost_symbol"], width=5.0, height=2.6)
        plot.remove(plot.x_numbers, plot.top_number, plot.x_label)
        picture = self._fit_picture(VGroup(plot))

        def motion(run_time: float) -> None:
            count = len(display["steps"]) - 1
            for index in range(1, count + 1):
                self.play(plot.advance_to(index), run_time=max(run_time / count, 1 / 15))
            picture.add(*plot.trail)
        return picture, motion

    # ------------------------------------------------------------------
    # Beats.

    def _show_line(self, row: int, line: SummaryLine) -> None:
        """One identity, large, with its chapter's picture; the one before joins the list."""
        self.beat(self._narration(line))
        cell = self._cell(line)
        picture, motion = self._picture(line.outline.slug)
        moves = [FadeIn(cell.title, shift=UP * 0.1)]
        if self.current is not None:
            previous_row, previous, previous_picture = self.current
            entry = self._list_row(previous_row, self.chain[previous_row])
            moves += [ReplacementTransform(previous.formula, entry.formula),
                      FadeIn(entry[0]), FadeOut(previous.title), FadeOut(previous_picture),
                      *[FadeOut(part) for part in previous[2:]]]
            self.listed[self.chain[previous_row].outline.slug] = entry
        self.play(*moves, run_time=0.8)
        self.play(Write(VGroup(*cell[1:])), FadeIn(picture),
                  run_time=until(self, None, 0.35))
        motion(until(self, None, 0.9))
        # What the motion put on screen on its own now belongs to the picture (it fades with it).
        family = set(map(id, picture.get_family()))
        self.remove(*[mobject for mobject in self.mobjects
                      if mobject is not picture and id(mobject) in family])
        self.add(picture)
        self.current = (row, cell, picture)

    def _narration(self, line: SummaryLine) -> str:
        """One or two sentences that read the identity aloud."""
        target = self.example.target_name
        sentences = {
            "probabilities":
                "Softmax turns logits into probabilities: y_m is e to the z_m over the sum of "
                "all e to the z_k.",
            "cost":
                f"The cost is minus the log of the probability of the target, here {target}, "
                f"which rewrites as the log of that sum minus z_T.",
            "gradient": "Differentiate it, and the gradient is simply y_m minus t_m.",
            "backwards":
                "Run it backwards: integrate y_m minus t_m over z_m, and minus log y_T comes "
                "back, up to a constant.",
            "potential":
                "That is allowed because the Jacobian of y minus t is symmetric: y minus t is "
                "the gradient of a potential, the cost.",
            "sigmoid": "The same trick for a sigmoid neuron gives Nielsen's cross-entropy.",
            "deeper":
                "The deeper reason: softmax is the gradient of A, the log of the sum of "
                "exponentials, and the cost is A minus t dot z, for any target distribution.",
            "training":
                "And training just follows that gradient downhill: each logit moves by eta "
                "times y minus t.",
        }
        return sentences[line.outline.slug]

    def _show_both_directions(self) -> None:
        """Forwards and backwards: the gradient and the cost it integrates to."""
        self.beat("Forwards, the cost gives the gradient y minus t. Backwards, y minus t gives "
                  "the cost. Softmax and the negative log-likelihood are made for each other: "
                  "that is the magic, removed.")
        row, cell, picture = self.current
        entry = self._list_row(row, self.chain[row])
        self.play(ReplacementTransform(cell.formula, entry.formula), FadeIn(entry[0]),
                  FadeOut(cell.title), FadeOut(picture), *[FadeOut(part) for part in cell[2:]],
                  run_time=0.8)
        self.listed[self.chain[row].outline.slug] = entry
        by_slug = {line.outline.slug: line for line in self.chain}
        cost = self.math(by_slug["cost"].latex, size=self.formula_size)
        gradient = self.math(by_slug["gradient"].latex, size=self.formula_size,
                             color=self.theme.gradient)
        for formula in (cost, gradient):
            arrange_in_width(formula, self.panel_width)
        cost.move_to([self.panel_x, 1.6, 0])
        gradient.move_to([self.panel_x, -1.6, 0])
        down = Arrow(cost.get_bottom() + LEFT * 0.6, gradient.get_top() + LEFT * 0.6, buff=0.15,
                     color=self.theme.muted)
        up = Arrow(gradient.get_top() + RIGHT * 0.6, cost.get_bottom() + RIGHT * 0.6, buff=0.15,
                   color=self.theme.gradient)
        forwards = self.text("differentiate", size=24, color=self.theme.muted)
        forwards.next_to(down, LEFT, buff=0.2)
        backwards = self.text("integrate", size=24, color=self.theme.gradient)
        backwards.next_to(up, RIGHT, buff=0.2)
        chosen = [self.listed[slug] for slug in self.highlighted]
        frames = [SurroundingRectangle(entry.formula, color=self.theme.gradient, buff=0.08,
                                       stroke_width=3) for entry in chosen]
        self.play(FadeIn(cost), run_time=0.6)
        self.play(GrowFromCenter(down), FadeIn(forwards), FadeIn(gradient, shift=DOWN * 0.1),
                  Create(frames[0]), chosen[0].formula.animate.set_color(self.theme.gradient),
                  run_time=until(self, "Backwards", 0.9))
        self.wait_for("Backwards")
        self.play(GrowFromCenter(up), FadeIn(backwards), Create(frames[1]),
                  chosen[1].formula.animate.set_color(self.theme.gradient),
                  Indicate(cost, color=self.theme.highlight),
                  run_time=until(self, "Softmax and the negative", 0.9))
        self.wait_for("Softmax and the negative")
        self.play(Indicate(VGroup(*[entry.formula for entry in self.listed.values()]),
                           scale_factor=1.03, color=self.theme.highlight),
                  run_time=until(self, None, 0.8))
