"""Chapter 8: the deeper reason, a cost paired with its canonical output function."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowFromCenter,
    Indicate,
    LaggedStart,
    Line,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from mathcore.canonical import (
    deeper_formulas,
    deeper_terms,
    hessian_spectrum,
    soft_label_example,
)
from mathcore.outline import chapter_named
from mathcore.views.canonical import canonical_pairs, chapter8_data, log_partition_slice
from scenes.base import LectureScene, arrange_in_width
from scenes.components.bars import ClassBars
from scenes.components.function_plot import FunctionPlot
from scenes.components.matrix_view import MatrixView
from scenes.components.pacing import until


class DeeperReason(LectureScene):
    """A = log sum e^z: its gradient is softmax, its Hessian is PSD, and C = A - t^T z."""

    chapter = chapter_named("deeper")
    display_data = chapter8_data
    formula_terms = tuple(deeper_terms())

    formula_x = -3.45  # centre of the left column
    formula_width = 6.7
    formula_size = 44
    rows = (2.35, 1.2, 0.1)  # y of the left column's formula rows
    variance_y = -0.1
    plot_width = 4.9
    plot_height = 2.5
    plot_center = np.array([-3.05, -1.95, 0.0])
    marker_size = 28
    right_x = 3.75  # centre of the right column
    bars_width = 6.0
    bars_height = 2.6
    bars_center = np.array([3.55, -0.45, 0.0])
    matrix_width = 5.0  # numbers, K <= 4
    heat_map_width = 3.0  # colours, K > 4
    matrix_entry_size = 40
    right_width = 5.8
    matrix_center = np.array([3.75, 1.0, 0.0])
    most_bar_values = 5  # more classes than this, and a row's value labels would not fit
    soft_bars_heights = (1.3, 2.2)
    soft_bars_centers = (np.array([3.55, 1.45, 0.0]), np.array([3.55, -1.55, 0.0]))
    table_top = 1.35
    table_first_gap = 1.05
    table_row_height = 1.3
    # Centres and widths: name, output, A, cost, gradient. The cost column is the
    # widest cell's own width (the sigmoid's cross-entropy is never shrunk), and the
    # table keeps 0.35 from the frame's sides.
    table_columns = (-5.95, -3.75, -1.45, 2.25, 5.9)
    table_widths = (1.6, 2.2, 1.8, 5.0, 1.7)
    right_edge = 6.75
    tick_size = 30
    table_size = 36
    morph_time = 1.3

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.formulas = deeper_formulas()
        self.numbers = self.mathcore_data(self.example)["latex"]
        self._show_log_partition()
        self._show_convexity()
        self._show_soft_labels()
        self._show_canonical_pairs()

    # ------------------------------------------------------------------

    def _colour_terms(self, formula) -> None:
        """Probabilities y_m in their colour, targets t_m in theirs."""
        self.tint(formula, {self.formulas["probability_term"]: self.theme.probability,
                            self.formulas["target_term"]: self.theme.target})

    def _caption(self, words: str, tex: str, color: str, bars: ClassBars):
        """A caption above the bars, clear of their value labels."""
        caption = self.labelled(words, tex, color, size=28)
        top = max(bars.area_top(), bars.value_labels.get_top()[1])
        caption.next_to([bars.get_center()[0], top, 0], UP, buff=0.15)
        return caption

    # ------------------------------------------------------------------

    def _show_log_partition(self) -> None:
        """A(z) = log sum_k e^{z_k}; its gradient is the softmax."""
        example, latex = self.example, self.example.latex
        slice_ = log_partition_slice(example)
        target = example.classes[example.target]
        self.beat(
            "Call the log of the softmax denominator A; here A = "
            f"{example.fmt(slice_.value)}. Its slope along each logit z_m is exactly y_m, so the "
            f"gradient of A is the softmax itself. Below, A along the {target} logit, with slope "
            f"y_T = {example.fmt(slice_.slope)} at our example.")
        self.definition = self.formula(self.formulas["log_partition"], self.rows[0],
                                        color=self.theme.exponential)
        self.gradient = self.formula(self.formulas["gradient"], self.rows[1])
        self._colour_terms(self.gradient)
        plot = FunctionPlot(slice_.curve, self.theme.exponential, self.plot_width,
                            self.plot_height, x_label=self.formulas["slice_axis"],
                            y_label=self.formulas["value_axis"], tick_size=self.tick_size)
        plot.shift(self.plot_center - plot.box_center())
        dot = plot.dot(slice_.point, slice_.value, color=self.theme.highlight)
        guides = plot.guides(slice_.point, slice_.value)
        tangent = plot.tangent(slice_.point, slice_.value, slice_.slope,
                               self.theme.probability)
        value = self.math(self.numbers["log_partition_value"], size=self.marker_size,
                          color=self.theme.exponential)
        plot.label_at(slice_.point, slice_.value, value, lines=[*guides, tangent])
        slope = self.math(self.numbers["slope_value"], size=self.marker_size,
                          color=self.theme.probability)
        plot.label_at(slice_.point, slice_.value, slope, avoid=[value],
                      lines=[*guides, tangent])
        # Values over the bars while they fit their slots; beyond, the plot prints y_T.
        bars = ClassBars(example.shown(example.probabilities), example.classes,
                         self.theme.probability, self.bars_width, self.bars_height,
                         value_range=(0.0, 1.0),
                         show_values=example.n_classes <= self.most_bar_values)
        bars.shift(self.bars_center)
        caption = self._caption("slopes of A: probabilities", latex["probabilities_symbol"],
                                self.theme.probability, bars)
        self.play(Write(self.definition), run_time=until(self, "Its slope", 0.9))
        self.wait_for("Its slope")
        self.play(Write(self.gradient), run_time=until(self, "gradient of A is", 0.9))
        self.wait_for("gradient of A is")
        self.play(FadeIn(bars, shift=UP * 0.2), FadeIn(caption),
                  run_time=until(self, "Below", 0.9))
        self.wait_for("Below")
        self.play(FadeIn(plot.axes), Create(plot.graph), run_time=until(self, "with slope", 0.6))
        self.play(GrowFromCenter(dot), Create(guides), FadeIn(value),
                  run_time=until(self, "with slope", 0.95))
        self.wait_for("with slope")
        # The slope at the dot is the target's bar: y_T.
        self.play(Create(tangent), FadeIn(slope), run_time=until(self, None, 0.4))
        self.play(Indicate(bars.bars[example.target], color=self.theme.highlight),
                  Indicate(slope, color=self.theme.highlight), run_time=until(self, None, 0.8))
        self.plot = VGroup(plot, dot, guides, tangent, value, slope)
        self.slice_plot = plot
        self.bars, self.bars_caption = bars, caption

    def _show_convexity(self) -> None:
        """The Hessian diag(y) - y y^T is positive semi-definite: C is convex in z."""
        example = self.example
        spectrum = hessian_spectrum(example.logits)
        count = example.n_classes
        shown = "Here are its entries" if count <= 4 else "Here are its entries as colours"
        self.beat(
            f"Its Hessian H is diag(y) minus y y transpose. {shown}, and its eigenvalues: none "
            "negative, and one zero, along (1, ..., 1). For any direction v, v transpose H v "
            "is a variance under y. So A, and the cost, are convex in the logits.")
        hessian = self.formula(self.formulas["hessian"], self.rows[0])
        self._colour_terms(hessian)
        semidefinite = self.formula(self.formulas["semidefinite"], self.rows[1],
                                    color=self.theme.curvature)
        variance = VGroup(self.formula(self.formulas["variance_lhs"], size=32),
                          self.formula(self.formulas["variance_rhs"], size=32))
        variance.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        variance[1].shift(RIGHT * 0.6)
        arrange_in_width(variance, self.formula_width)
        variance.next_to(semidefinite, DOWN, buff=0.3).set_x(self.formula_x)
        # The word the narration uses, under the sum it names.
        brace = Brace(variance[1], DOWN, buff=0.08, color=self.theme.muted)
        word = self.labelled("a variance under", self.example.latex["probabilities_symbol"],
                             self.theme.muted, size=26)
        word.next_to(brace, DOWN, buff=0.08)
        self.play(FadeOut(self.definition), FadeOut(self.bars), FadeOut(self.bars_caption),
                  FadeOut(self.plot), run_time=0.5)
        self.play(TransformMatchingTex(self.gradient, hessian),
                  run_time=max(self.morph_time, until(self, shown, 0.9)))
        right = self._hessian_panel(spectrum)
        convex = self.text("so A, and the cost, are convex in the logits", size=28,
                           color=self.theme.text)
        arrange_in_width(convex, self.formula_width)
        convex.next_to(word, DOWN, buff=0.2).set_x(self.formula_x)
        self.wait_for(shown)
        self.play(FadeIn(right[0]), FadeIn(right[1]), run_time=until(self, "and its eigenvalues"))
        self.wait_for("and its eigenvalues")
        self.play(Write(right[2]), run_time=until(self, "none negative", 0.9))
        self.wait_for("none negative")
        self.play(Write(semidefinite), run_time=until(self, "along (1", 0.9))
        self.wait_for("along (1")
        self.play(FadeIn(right[3], shift=UP * 0.1),
                  Indicate(right[2][0][0][:3], color=self.theme.highlight),
                  run_time=until(self, "For any direction", 0.9))
        self.wait_for("For any direction")
        self.play(Write(variance), run_time=until(self, "is a variance", 0.9))
        self.wait_for("is a variance")
        self.play(GrowFromCenter(brace), FadeIn(word, shift=UP * 0.1),
                  run_time=until(self, "So A, and the cost", 0.9))
        self.wait_for("So A, and the cost")
        self.play(FadeIn(convex, shift=UP * 0.1), run_time=until(self, None, 0.7))
        self.hessian_group = VGroup(hessian, semidefinite, variance, brace, word, convex)
        self.right = right

    def _hessian_panel(self, spectrum) -> VGroup:
        """The matrix (numbers or colours), its eigenvalues, and H 1 = 0."""
        count = self.example.n_classes
        matrix = MatrixView(spectrum.matrix, self.numbers["matrix"], self.theme.curvature,
                            self.theme.muted, entry_size=self.matrix_entry_size,
                            width=self.matrix_width if count <= 4 else self.heat_map_width)
        matrix.move_to(self.matrix_center)
        title = self.text("the Hessian of A", size=26, color=self.theme.muted)
        title.next_to(matrix, UP, buff=0.2)
        notes = VGroup(title)
        below = VGroup()
        if not matrix.as_numbers:
            legend = matrix.legend("positive", "negative", size=22)
            legend.next_to(matrix, RIGHT, buff=0.3)
            low, high = self.numbers["matrix_range"]
            extent = self.text(f"entries from {low} to {high}", size=22, color=self.theme.muted)
            extent.next_to(matrix, DOWN, buff=0.2)
            notes.add(legend, extent)
            below = extent
        eigenvalues = VGroup(*[self.math(line, size=36, color=self.theme.curvature)
                               for line in self.numbers["eigenvalue_lines"]])
        eigenvalues.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        arrange_in_width(eigenvalues, self.right_width)
        eigenvalues.next_to(VGroup(matrix, below), DOWN, buff=0.35)
        null = self.math(self.formulas["null_direction"], size=38)
        null.next_to(eigenvalues, DOWN, buff=0.3)
        panel = VGroup(matrix, notes, eigenvalues, null)
        panel.set_x(self.right_x)
        for part in (eigenvalues, null):
            part.set_x(self.right_x)
        # A legend beside a heat map keeps clear of the frame's right side.
        overflow = VGroup(matrix, notes).get_right()[0] - self.right_edge
        if overflow > 0:
            VGroup(matrix, notes).shift(LEFT * overflow)
        return panel

    def _show_soft_labels(self) -> None:
        """C = A(z) - t^T z for any target distribution t, so the gradient is y - t."""
        example = self.example
        soft = soft_label_example(example)
        latex = self.example.latex
        self.beat(
            "For any target distribution t, one-hot or soft, the cost, minus the sum of t_k log "
            "y_k, equals A minus t transpose z, so its gradient is y minus t. Here the target "
            f"is smoothed by {example.fmt(soft.smoothing)}, giving C = {example.fmt(soft.cost)}.")
        self.play(FadeOut(self.hessian_group), FadeOut(self.right), run_time=0.5)
        soft_cost = self.formula(self.formulas["soft_cost"], self.rows[0])
        soft_gradient = self.formula(self.formulas["soft_gradient"])
        soft_gradient.next_to(soft_cost, DOWN, buff=0.55).set_x(self.formula_x)
        self._colour_terms(soft_cost)
        self._colour_terms(soft_gradient)
        value = self.math(self.numbers["soft_cost_value"], size=40, color=self.theme.cost)
        value.next_to(soft_gradient, DOWN, buff=0.6).set_x(self.formula_x)
        # First the one-hot target and its gradient; they move to the smoothed ones.
        top = ClassBars(example.shown(example.one_hot), example.classes,
                        self.theme.target, self.bars_width, self.soft_bars_heights[0],
                        value_range=(0.0, 1.0), show_names=False)
        top.shift(self.soft_bars_centers[0])
        bottom = ClassBars(example.shown(example.gradient), example.classes,
                           self.theme.gradient, self.bars_width, self.soft_bars_heights[1],
                           value_range=(-1.0, 1.0))
        bottom.shift(self.soft_bars_centers[1])
        top_caption = self._caption("target", latex["target_symbol"], self.theme.target,
                                    top)
        bottom_caption = self._caption("gradient", latex["gradient_symbol"],
                                       self.theme.gradient, bottom)
        self.play(Write(soft_cost), FadeIn(top, shift=UP * 0.2), FadeIn(top_caption),
                  run_time=until(self, "so its gradient", 0.9))
        self.wait_for("so its gradient")
        self.play(TransformMatchingTex(soft_cost.copy(), soft_gradient),
                  FadeIn(bottom, shift=UP * 0.2), FadeIn(bottom_caption),
                  run_time=max(self.morph_time, until(self, "Here the target", 0.9)))
        self.wait_for("Here the target")
        soft_caption = self._caption("soft target", latex["target_symbol"], self.theme.target,
                                     top.like(example.shown(soft.target)))
        self.play(top.animate_to(example.shown(soft.target)),
                  bottom.animate_to(example.shown(soft.gradient)),
                  FadeTransform(top_caption, soft_caption),
                  run_time=until(self, "giving C", 0.9))
        self.wait_for("giving C")
        self.play(Write(value), run_time=until(self, None, 0.7))
        self.soft_group = VGroup(soft_cost, soft_gradient, value, top, bottom, soft_caption,
                                 bottom_caption)

    def _show_canonical_pairs(self) -> None:
        """The same pattern for a sigmoid and a linear output: the pairing is the magic."""
        self.beat(
            "The same pattern holds elsewhere: a sigmoid has A = log of one plus e to the z, a "
            "linear output A = z squared over two. Each time the output is the slope of A, the "
            "cost is A minus t z, and the gradient is output minus target. The magic is the "
            "pairing of a cost with its canonical output function.")
        self.play(FadeOut(self.soft_group), run_time=0.5)
        slopes = VGroup(self.math(self.formulas["sigmoid_slope"], size=36),
                        self.math(self.formulas["linear_slope"], size=36))
        slopes.arrange(RIGHT, buff=1.2)
        arrange_in_width(slopes, 13.0)
        slopes.move_to([0, self.rows[0] + 0.1, 0])
        table = self._table()
        rows = table["rows"]
        self.play(FadeIn(rows[0]), FadeIn(rows[1], shift=UP * 0.1),
                  run_time=until(self, "a sigmoid has", 0.9))
        self.wait_for("a sigmoid has")
        self.play(Write(slopes[0]), FadeIn(rows[2], shift=UP * 0.1),
                  run_time=until(self, "linear output", 0.9))
        self.wait_for("linear output")
        self.play(Write(slopes[1]), FadeIn(rows[3], shift=UP * 0.1),
                  run_time=until(self, "Each time", 0.9))
        self.wait_for("Each time")
        columns = [VGroup(*[row[index] for row in rows[1:]]) for index in range(1, 5)]
        self.play(Circumscribe(columns[0], color=self.theme.probability),
                  Circumscribe(columns[1], color=self.theme.exponential),
                  run_time=until(self, "cost is A minus", 0.9))
        self.wait_for("cost is A minus")
        self.play(Indicate(rows[0][2], color=self.theme.cost), Circumscribe(columns[2],
                  color=self.theme.cost), run_time=until(self, "output minus target", 0.9))
        frame = SurroundingRectangle(columns[3], color=self.theme.highlight, buff=0.15)
        note = self.text("output \u2212 target", size=28, color=self.theme.highlight)
        note.next_to(frame, DOWN, buff=0.2)
        if note.get_right()[0] > self.right_edge:
            note.shift(LEFT * (note.get_right()[0] - self.right_edge))
        self.wait_for("output minus target")
        self.play(Create(frame), FadeIn(note), run_time=until(self, "The magic", 0.9))
        self.wait_for("The magic")
        self.play(LaggedStart(*[Indicate(VGroup(row[1], row[3]), scale_factor=1.05)
                                for row in rows[1:]], lag_ratio=0.5),
                  run_time=until(self, None, 0.8))

    def _table(self) -> dict[str, VGroup]:
        """Rows: output function, A(z), cost, gradient, for softmax, sigmoid and linear."""
        theme = self.theme
        pairs = canonical_pairs(self.example)
        headers = VGroup(
            self.text("output", size=26, color=theme.probability),
            self.math(self.formulas["table_log_partition"], size=34, color=theme.exponential),
            self.labelled("cost", self.formulas["table_cost_rule"], theme.cost, size=26),
            self.math(self.formulas["table_gradient"], size=34, color=theme.gradient),
        )
        for cell, x, width in zip(headers, self.table_columns[1:], self.table_widths[1:],
                                  strict=True):
            arrange_in_width(cell, width)
            cell.move_to([x, self.table_top, 0])
        rows = [headers]
        for index, pair in enumerate(pairs):
            row = VGroup(
                self.text(pair.name, size=28, color=theme.muted),
                self.math(pair.output_latex, size=self.table_size, color=theme.probability),
                self.math(pair.log_partition_latex, size=self.table_size,
                          color=theme.exponential),
                self.math(pair.cost_latex, size=self.table_size, color=theme.cost),
                self.math(pair.gradient_latex, size=self.table_size, color=theme.gradient),
            )
            y = self.table_top - self.table_first_gap - index * self.table_row_height
            for cell, x, width in zip(row, self.table_columns, self.table_widths, strict=True):
                arrange_in_width(cell, width)
                cell.move_to([x, y, 0])
            rows.append(row)
        rule = Line([-self.right_edge, 0, 0], [self.right_edge, 0, 0], color=theme.grid,
                    stroke_width=2)
        rule.set_y((headers.get_bottom()[1] + rows[1].get_top()[1]) / 2)
        headers.add(rule)
        return {"rows": VGroup(*rows)}
