"""Rows of class bars stacked on one scale: y over t over y - t.

:class:`BarRows` stacks :class:`~scenes.components.bars.ClassBars` rows one
above the other, every row with the same height per unit of value, so a bar
of ``y - t`` is visibly the ``y`` bar above it minus the ``t`` bar. The class
names hang under the last row only (the columns name every row); each row has
its symbol on the left, in its colour. :func:`example_rows` makes the rows of
an example's vectors (y, t, y - t), each bar with its label from one
:class:`~mathcore.notation.Shown`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import LEFT, RIGHT, UP, Dot, Line, MathTex, SurroundingRectangle, VGroup

from mathcore.example import WorkedExample
from mathcore.notation import Shown
from mathcore.views.cost_curve import bar_range

from ..theme import current_theme
from .bars import ClassBars

__all__ = ["BarRow", "BarRows", "example_rows"]

CAPTION_SIZE = 40
ROW_GAP = 0.3
DOT_GAP = 0.05  # between a bar's right edge and a dot set beside it


@dataclass(frozen=True)
class BarRow:
    """What one row shows: its values (each with its text), colour, symbol and value range."""

    shown: Sequence[Shown]
    color: str
    caption: str  # LaTeX of the row's symbol (from mathcore)
    value_range: tuple[float, float]


class BarRows(VGroup):
    """Rows of bars, top to bottom, in a box from ``top`` to ``bottom`` (y coordinates).

    The common unit (height per unit of value) is the largest that fits, at most
    ``max_unit``; the rows are centred in the box when they need less.

    Parameters
    ----------
    rows : sequence of BarRow
    names : sequence of str
        Class names, shown under the last row.
    top, bottom : float
        The vertical room, labels included.
    center_x : float
        Where the bars' area is centred horizontally.
    max_unit : float
        The most height a unit of value may take.
    width : float, optional
        Width of the bars' area (the captions stand to its left); by default
        :attr:`width_per_class` per class and a margin, at most :attr:`max_width`.
    """

    width_per_class = 1.5
    max_width = 11.0

    def __init__(self, rows: Sequence[BarRow], names: Sequence[str], top: float,
                 bottom: float, center_x: float = 0.0, max_unit: float = 1.6,
                 width: float | None = None) -> None:
        super().__init__()
        self.specs = list(rows)
        self.names = list(names)
        if width is None:
            width = min(self.max_width, self.width_per_class * len(self.names) + 1.5)
        self.bars_width = width
        spans = [row.value_range[1] - row.value_range[0] for row in self.specs]
        # Labels above and names below do not scale with the unit: measure them once.
        trial = self._build(1.0)
        above = [bars.get_top()[1] - bars.area_top() for bars in trial]
        below = max(0.0, trial[-1].area_bottom() - trial[-1].get_bottom()[1])
        fixed = sum(max(0.0, value) for value in above) + below + ROW_GAP * (len(rows) - 1)
        unit = min(max_unit, max(0.1, (top - bottom - fixed) / sum(spans)))
        self.unit = unit
        self.rows = self._build(unit)
        cursor = top - (top - bottom - fixed - unit * sum(spans)) / 2
        for bars, overhang in zip(self.rows, above, strict=True):
            area_top = cursor - max(0.0, overhang)
            bars.shift([center_x - bars.origin()[0], area_top - bars.area_top(), 0])
            cursor = bars.area_bottom() - ROW_GAP
        self.captions = VGroup()
        for spec, bars in zip(self.specs, self.rows, strict=True):
            caption = MathTex(spec.caption, font_size=CAPTION_SIZE, color=spec.color)
            caption.next_to([center_x - width / 2, bars.origin()[1], 0], LEFT, buff=0.35)
            self.captions.add(caption)
        self.add(*self.rows, self.captions)

    def _build(self, unit: float) -> list[ClassBars]:
        built = []
        last = len(self.specs) - 1
        for index, spec in enumerate(self.specs):
            low, high = spec.value_range
            built.append(ClassBars(spec.shown, self.names, spec.color,
                                   self.bars_width, (high - low) * unit,
                                   value_range=spec.value_range, show_names=index == last))
        return built

    # ------------------------------------------------------------------

    def row(self, index: int) -> VGroup:
        """Row ``index`` with its caption."""
        return VGroup(self.rows[index], self.captions[index])

    def value_point(self, row: int, column: int, value: float) -> np.ndarray:
        """Where ``value`` lies on the scale of row ``row``, above column ``column``."""
        bars = self.rows[row]
        baseline = bars.baseline.get_center()[1]
        x = bars.bars[column].get_center()[0]
        return np.array([x, baseline + value * bars.unit, 0.0])

    def dots(self, row: int, values: Sequence[float], color: str | None = None,
             radius: float = 0.07, beside: bool = False) -> VGroup:
        """A dot per column at ``values`` on row ``row``'s scale (e.g. estimates of its bars).

        With ``beside`` each dot stands just right of its bar, at the value's
        height, and a thin line marks that height across the bar: the bar's end
        stays visible and the dot clears the value and name labels.
        """
        theme = current_theme()
        marks = VGroup()
        for column, value in enumerate(values):
            point = self.value_point(row, column, value)
            if not beside:
                marks.add(Dot(point, radius=radius, color=color or theme.highlight))
                continue
            bar = self.rows[row].bars[column]
            right = float(bar.get_right()[0])
            dot = Dot([right + radius + DOT_GAP, point[1], 0], radius=radius,
                      color=color or theme.highlight)
            level = Line([float(bar.get_left()[0]), point[1], 0], [right + DOT_GAP, point[1], 0],
                         color=color or theme.highlight, stroke_width=2.5)
            marks.add(VGroup(level, dot))
        return marks

    def column_frame(self, column: int, rows: Sequence[int] | None = None,
                     color: str | None = None) -> SurroundingRectangle:
        """A frame around one column's bars, values and name (e.g. the target's)."""
        theme = current_theme()
        chosen = range(len(self.rows)) if rows is None else rows
        parts = VGroup()
        for index in chosen:
            bars = self.rows[index]
            parts.add(bars.bars[column])
            if len(bars.value_labels):
                parts.add(bars.value_labels[column])
            if len(bars.name_labels):
                parts.add(bars.name_labels[column])
            # The column's full height on this row, so a zero bar still gets a frame.
            x = bars.bars[column].get_center()[0]
            parts.add(Dot([x, bars.area_top(), 0], radius=0.001),
                      Dot([x, bars.area_bottom(), 0], radius=0.001))
        return SurroundingRectangle(parts, color=color or theme.highlight, buff=0.1,
                                    corner_radius=0.08)

    def edge_above(self) -> float:
        """The y of the top of everything (labels included)."""
        return float(self.get_top()[1])

    def right_edge(self) -> float:
        """The x of the right edge of everything."""
        return float(self.get_edge_center(RIGHT)[0])

    def top_of_row(self, index: int) -> float:
        """The top of a row, its labels included."""
        return float(self.rows[index].get_edge_center(UP)[1])


def example_rows(example: WorkedExample, *vectors: str) -> list[BarRow]:
    """Rows of the example's ``probabilities`` (y), ``one_hot`` (t) or ``gradient`` (y - t).

    Each in its meaning's colour, with its symbol, on a value range that holds
    it (probabilities on 0 to 1).
    """
    theme, latex = current_theme(), example.latex
    table = {
        "probabilities": (example.probabilities, theme.probability, "probabilities_symbol"),
        "one_hot": (example.one_hot, theme.target, "target_symbol"),
        "gradient": (example.gradient, theme.gradient, "gradient_symbol"),
    }
    rows = []
    for vector in vectors:
        values, color, symbol = table[vector]
        value_range = (0.0, 1.0) if vector == "probabilities" else bar_range(values)
        rows.append(BarRow(example.shown(values), color, latex[symbol], value_range))
    return rows
