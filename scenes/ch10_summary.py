"""Chapter 10: the summary: the lecture's chain of identities, each with its chapter."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UR,
    Create,
    FadeIn,
    SurroundingRectangle,
    VGroup,
    Write,
    config,
)

from mathcore.outline import chapter_named
from mathcore.summary import SummaryLine, summary_chain
from mathcore.views.summary import summary_display
from scenes.base import LectureScene


class Summary(LectureScene):
    """The chain of identities on one screen, one line at a time."""

    chapter = chapter_named("summary")
    display_data = summary_display

    formula_size = 38
    title_size = 22
    note_size = 22
    columns = 2
    column_gap = 0.7
    row_gap = 0.3  # the least gap between rows
    max_row_gap = 0.75
    title_gap = 0.2
    indent = 0.35
    bottom = -3.35  # above the slide marker in the bottom-right corner
    side_margin = 0.35
    highlighted = ("gradient", "backwards")  # the gradient, and the cost integrated back

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.chain = summary_chain()
        self.cells = self._layout([self._cell(line) for line in self.chain])
        for line, cell in zip(self.chain, self.cells, strict=True):
            self._show_line(line, cell)
        self._show_both_directions()

    # ------------------------------------------------------------------
    # Layout.

    def _cell(self, line: SummaryLine) -> VGroup:
        """The chapter's number and title, and below it the identity (and a note)."""
        chapter = line.outline
        title = self.text(f"{chapter.number}. {chapter.title}", size=self.title_size,
                          color=self.theme.muted)
        formula = self.math(line.latex, size=self.formula_size)
        body = VGroup(formula)
        if line.note:
            note = self.text(line.note, size=self.note_size, color=self.theme.muted)
            note.next_to(formula, RIGHT, buff=0.35)
            body.add(note)
        body.next_to(title, DOWN, buff=self.title_gap, aligned_edge=LEFT)
        body.shift(RIGHT * self.indent)
        cell = VGroup(title, body)
        cell.title, cell.formula, cell.body = title, formula, body
        return cell

    def _layout(self, cells: list[VGroup]) -> list[VGroup]:
        """Cells in columns (top to bottom, then the next column), fitted to the frame.

        Rows line up across columns, each as tall as its tallest cell; the table
        is scaled down to fit the width, and its rows spread to fill the height.
        """
        rows = -(-len(cells) // self.columns)
        columns = [cells[index * rows:(index + 1) * rows] for index in range(self.columns)]
        x = 0.0
        for column in columns:
            for cell in column:
                cell.move_to([x, 0, 0], aligned_edge=LEFT)
            x = max(cell.get_right()[0] for cell in column) + self.column_gap
        width = x - self.column_gap
        room = config.frame_width - 2 * self.side_margin
        top, bottom = self.header_bottom - 0.1, self.bottom
        heights = [max(column[row].height for column in columns if row < len(column))
                   for row in range(rows)]
        scale = min(1.0, room / width, (top - bottom) / (sum(heights) + self.row_gap
                                                       * (rows - 1)))
        for cell in cells:
            cell.scale(scale, about_point=[0, 0, 0])
        heights = [height * scale for height in heights]
        gap = min(self.max_row_gap, (top - bottom - sum(heights)) / max(rows - 1, 1))
        left = -width * scale / 2
        for column in columns:
            y = top
            for row, cell in enumerate(column):
                cell.shift([left, y - cell.get_top()[1], 0])
                y -= heights[row] + gap
        return cells

    # ------------------------------------------------------------------
    # Beats.

    def _show_line(self, line: SummaryLine, cell: VGroup) -> None:
        """One identity, with the chapter it came from."""
        self.beat(self._narration(line))
        self.play(FadeIn(cell.title, shift=UR * 0.1))
        self.play(Write(cell.body), run_time=1.2)

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
        chosen = [cell for line, cell in zip(self.chain, self.cells, strict=True)
                  if line.outline.slug in self.highlighted]
        frames = [SurroundingRectangle(cell.body, color=self.theme.gradient, buff=0.08,
                                       stroke_width=3) for cell in chosen]
        self.play(*[Create(frame) for frame in frames],
                  *[cell.formula.animate.set_color(self.theme.gradient) for cell in chosen],
                  run_time=1.5)
