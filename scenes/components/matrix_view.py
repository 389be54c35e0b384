"""A K x K matrix: its numbers for small K, a heat map of signs and sizes for larger K.

``MatrixView`` shows the entries mathcore formatted, in brackets, when the
matrix is small enough to read (``max_numbers`` rows, 4 by default); beyond
that, each entry is a square coloured by its sign, its opacity growing with
its size, so the pattern (a positive diagonal, negative elsewhere) reads at a
glance. Either way it is one mobject the scene moves and fades.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Line,
    MathTex,
    Square,
    Text,
    VGroup,
)

from ..theme import current_theme

__all__ = ["MatrixView"]

ENTRY_SIZE = 28
MIN_OPACITY = 0.25  # a nonzero entry is never fainter than this in the heat map


class MatrixView(VGroup):
    """A square matrix as numbers (small) or a heat map (large).

    Parameters
    ----------
    values : array_like, shape (K, K)
        The entries (for the heat map's colours and opacities).
    strings : sequence of sequence of str
        The entries as mathcore formatted them (LaTeX), shown when K is small.
    positive_color, negative_color : str
        Theme colours of positive and negative entries.
    max_numbers : int
        Largest K shown as numbers.
    width : float
        Width of the heat map (numbers take the width they need, scaled down to
        at most this).
    """

    def __init__(self, values, strings: Sequence[Sequence[str]], positive_color: str,
                 negative_color: str, max_numbers: int = 4, width: float = 4.0,
                 entry_size: float = ENTRY_SIZE) -> None:
        super().__init__()
        theme = current_theme()
        matrix = np.asarray(values, dtype=float)
        size = matrix.shape[0]
        self.as_numbers = size <= max_numbers
        self.colours = (positive_color, negative_color)
        if self.as_numbers:
            self.entries = self._numbers(matrix, strings, positive_color, negative_color,
                                         entry_size)
        else:
            self.entries = self._heat_map(matrix, width, positive_color, negative_color)
        self.brackets = self._brackets(self.entries, theme.text)
        self.add(self.entries, self.brackets)
        if self.as_numbers and self.width > width:
            self.scale_to_fit_width(width)

    @staticmethod
    def _numbers(matrix: np.ndarray, strings: Sequence[Sequence[str]], positive: str,
                 negative: str, entry_size: float) -> VGroup:
        size = matrix.shape[0]
        cells = [[MathTex(strings[row][column], font_size=entry_size,
                          color=positive if matrix[row, column] > 0 else negative)
                  for column in range(size)] for row in range(size)]
        column_width = max(cell.width for row in cells for cell in row) + 0.35
        row_height = max(cell.height for row in cells for cell in row) + 0.28
        grid = VGroup()
        for row in range(size):
            for column in range(size):
                cell = cells[row][column]
                # Right-aligned, like numbers in a table.
                cell.move_to([column * column_width, -row * row_height, 0], aligned_edge=RIGHT)
                grid.add(cell)
        return grid

    @staticmethod
    def _heat_map(matrix: np.ndarray, width: float, positive: str, negative: str) -> VGroup:
        size = matrix.shape[0]
        side = width / size
        largest = float(np.max(np.abs(matrix))) or 1.0
        grid = VGroup()
        for row in range(size):
            for column in range(size):
                value = matrix[row, column]
                square = Square(side_length=side * 0.92, stroke_width=0)
                if value != 0:
                    opacity = MIN_OPACITY + (1 - MIN_OPACITY) * abs(value) / largest
                    square.set_fill(positive if value > 0 else negative, opacity=opacity)
                square.move_to([column * side, -row * side, 0])
                grid.add(square)
        return grid

    @staticmethod
    def _brackets(entries: VGroup, color: str) -> VGroup:
        top, bottom = entries.get_top()[1] + 0.12, entries.get_bottom()[1] - 0.12
        left, right = entries.get_left()[0] - 0.18, entries.get_right()[0] + 0.18
        arm = 0.14

        def bracket(x: float, inward: np.ndarray) -> VGroup:
            return VGroup(
                Line([x, top, 0], [x, bottom, 0], color=color, stroke_width=2.5),
                Line([x, top, 0], np.array([x, top, 0]) + inward * arm, color=color,
                     stroke_width=2.5),
                Line([x, bottom, 0], np.array([x, bottom, 0]) + inward * arm, color=color,
                     stroke_width=2.5),
            )

        return VGroup(bracket(left, RIGHT), bracket(right, LEFT))

    def legend(self, positive_label: str, negative_label: str, size: float = 24) -> VGroup:
        """Two colour swatches with words: what the heat map's colours mean."""
        theme = current_theme()
        rows = VGroup()
        for label, colour in ((positive_label, self.colours[0]),
                              (negative_label, self.colours[1])):
            swatch = Square(side_length=0.22, stroke_width=0).set_fill(colour, opacity=1)
            words = Text(label, font=theme.font, font_size=size, color=theme.text)
            rows.add(VGroup(swatch, words).arrange(RIGHT, buff=0.15))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        return rows
