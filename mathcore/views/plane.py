r"""Chapter 6's picture: the plane of :math:`z_1, z_2`, arrows of :math:`-g`, contours of :math:`C`.

:func:`field_plane` lays the plane out for one example: its extent (holding
the origin and the example's :math:`(z_1, z_2)`, with equal units on both
axes, :data:`PLANE_ASPECT`), its ticks, a grid of arrows of :math:`-g = t - y`,
contour lines of the cost traced by marching squares
(:func:`marching_squares`) on a grid of exact cost values, and the two paths
with their line integrals. The mathematics (the cost and field on the plane,
the paths and the integrals along them, the chapter's formulas) is in
:mod:`mathcore.potential`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray

from .. import notation as nt
from ..notation import format_number
from ..potential import (
    PLANE_AXES,
    field_latex,
    path_integrals,
    plane_cost,
    plane_field,
    plane_paths,
)
from .axes import nice_step, range_with_zero, tick_label, ticks

__all__ = [
    "ARROW_COLUMNS",
    "ARROW_ROWS",
    "CONTOUR_COUNT",
    "PLANE_ASPECT",
    "FieldPlane",
    "field_data",
    "field_plane",
    "marching_squares",
    "plane_extent",
]

Array = NDArray[np.float64]

PLANE_ASPECT = 1.45  # width / height of the plotted plane (equal units on both axes)
ARROW_COLUMNS, ARROW_ROWS = 15, 9
CONTOUR_COLUMNS, CONTOUR_ROWS = 121, 73  # grid of cost values the contours are traced on
CONTOUR_COUNT = 9
MIN_PAD = 0.75  # the plane reaches at least this far beyond 0 and z (units of z)
PAD_FRACTION = 0.2  # ... or this fraction of the larger span
MAX_TICKS = 6  # at most this many ticks inside the x axis (the y axis shares its step)


def plane_extent(
    end: ArrayLike, aspect: float = PLANE_ASPECT, min_pad: float = MIN_PAD,
    pad_fraction: float = PAD_FRACTION,
) -> tuple[tuple[float, float], tuple[float, float]]:
    r"""Ranges of the two plane coordinates that hold :math:`(0, 0)` and ``end``, padded.

    The box is widened about its centre until width / height = ``aspect``, so
    that one unit of :math:`z_1` and of :math:`z_2` can be drawn the same length
    (and the arrows of :math:`-g` meet the contour lines at right angles).

    Returns
    -------
    (x_low, x_high), (y_low, y_high)
    """
    # Each coordinate's range holds 0 and the end (just 0 when the end is there).
    low, high = np.array([range_with_zero([value], empty=(0.0, 0.0))
                          for value in np.asarray(end, dtype=np.float64)]).T
    pad = max(min_pad, pad_fraction * float(np.max(high - low)))
    low, high = low - pad, high + pad
    width, height = float(high[0] - low[0]), float(high[1] - low[1])
    if width < aspect * height:
        grow = (aspect * height - width) / 2
        low[0], high[0] = low[0] - grow, high[0] + grow
    else:
        grow = (width / aspect - height) / 2
        low[1], high[1] = low[1] - grow, high[1] + grow
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def marching_squares(xs: ArrayLike, ys: ArrayLike, values: ArrayLike, level: float
                     ) -> list[Array]:
    r"""Contour lines :math:`\{(x, y): f(x, y) = \text{level}\}` of gridded values.

    Each grid cell whose corners lie on both sides of the level gets one
    segment (two at a saddle, split by the cell's mean), between points found
    by linear interpolation along the cell's edges. Segments sharing an edge
    point are joined into polylines.

    Parameters
    ----------
    xs : array_like, shape (nx,)
        Increasing x coordinates of the grid columns.
    ys : array_like, shape (ny,)
        Increasing y coordinates of the grid rows.
    values : array_like, shape (ny, nx)
        :math:`f` at ``(xs[i], ys[j])`` in ``values[j, i]``.
    level : float

    Returns
    -------
    list of ndarray, each shape (P, 2)
        Polylines; a closed one repeats its first point at the end.
    """
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    f = np.asarray(values, dtype=np.float64)
    if f.shape != (y.size, x.size):
        raise ValueError(f"values must have shape {(y.size, x.size)}, got {f.shape}")
    above = f > level

    def crossing(edge: tuple[str, int, int]) -> Array:
        kind, i, j = edge
        if kind == "h":  # from (i, j) to (i + 1, j)
            f0, f1 = f[j, i], f[j, i + 1]
            w = (level - f0) / (f1 - f0)
            return np.array([x[i] + w * (x[i + 1] - x[i]), y[j]])
        f0, f1 = f[j, i], f[j + 1, i]  # "v": from (i, j) to (i, j + 1)
        w = (level - f0) / (f1 - f0)
        return np.array([x[i], y[j] + w * (y[j + 1] - y[j])])

    segments: list[tuple[tuple[str, int, int], tuple[str, int, int]]] = []
    # Only cells whose corners are not all on one side can hold a line.
    corners = (above[:-1, :-1].astype(int) + above[:-1, 1:] + above[1:, 1:] + above[1:, :-1])
    for j, i in zip(*np.nonzero((corners > 0) & (corners < 4)), strict=True):
        bottom, right = ("h", i, j), ("v", i + 1, j)
        top, left = ("h", i, j + 1), ("v", i, j)
        c0, c1, c2, c3 = above[j, i], above[j, i + 1], above[j + 1, i + 1], above[j + 1, i]
        crossed = [edge for edge, (p, q) in
                   ((bottom, (c0, c1)), (right, (c1, c2)), (top, (c3, c2)), (left, (c0, c3)))
                   if p != q]
        if len(crossed) == 2:
            segments.append((crossed[0], crossed[1]))
        else:  # a saddle: opposite corners agree
            centre_above = (f[j, i] + f[j, i + 1] + f[j + 1, i + 1] + f[j + 1, i]) / 4 > level
            if centre_above == c0:  # c0 and c2 connect through the centre
                segments += [(bottom, right), (top, left)]
            else:
                segments += [(bottom, left), (top, right)]
    return [np.array([crossing(edge) for edge in chain]) for chain in _chains(segments)]


def _chains(segments: Sequence[tuple[Any, Any]]) -> list[list[Any]]:
    """Join segments (pairs of edge ids) that share an edge into chains of edge ids."""
    touching: dict[Any, list[int]] = {}
    for number, (first, second) in enumerate(segments):
        touching.setdefault(first, []).append(number)
        touching.setdefault(second, []).append(number)
    used = [False] * len(segments)

    def walk(chain: list[Any]) -> None:
        while True:
            following = [s for s in touching[chain[-1]] if not used[s]]
            if not following:
                return
            used[following[0]] = True
            first, second = segments[following[0]]
            chain.append(second if first == chain[-1] else first)

    chains = []
    # Open lines first, from an end (an edge on the grid's border, touched once).
    order = sorted(range(len(segments)),
                   key=lambda s: min(len(touching[edge]) for edge in segments[s]))
    for number in order:
        if used[number]:
            continue
        used[number] = True
        first, second = segments[number]
        if len(touching[second]) == 1 and len(touching[first]) > 1:
            first, second = second, first
        chain = [first, second]
        walk(chain)
        chain.reverse()
        walk(chain)
        chains.append(chain)
    return chains


@dataclass(frozen=True)
class FieldPlane:
    r"""The :math:`(z_1, z_2)` plane of chapter 6, fully computed.

    Attributes
    ----------
    base : ndarray, shape (K,)
        The example's logits; all but the two plane coordinates stay at these.
    target : int
        :math:`T` (0-based).
    axes : (int, int)
        The plane's logits (0-based): :data:`mathcore.potential.PLANE_AXES`.
    end : ndarray, shape (2,)
        :math:`(z_1, z_2)` of the example, where the paths end.
    x_range, y_range : (float, float)
        The plotted extent (:func:`plane_extent`); width / height is the aspect.
    x_ticks, y_ticks : ndarray
        Round values for the axes, one step for both (:func:`mathcore.views.axes.ticks`).
    arrow_points : ndarray, shape (rows * columns, 2)
        Where arrows start: the centres of a ``columns`` x ``rows`` grid of cells.
    arrow_vectors : ndarray, shape (rows * columns, 2)
        :math:`-g` there, its two plane components :math:`t_i - y_i`.
    contour_levels : ndarray
        Evenly spaced cost values strictly between the plane's least and greatest.
    contours : list of list of ndarray
        For each level, its polylines (each shape (P, 2)).
    end_contours, start_contours : list of ndarray
        Contour lines through ``end`` and through the origin.
    paths : dict of str to ndarray
        Two paths from the origin to ``end`` (:func:`mathcore.potential.plane_paths`),
        vertices (P, 2).
    integrals : dict of str to float
        :math:`\int_\gamma g \cdot dz` along each path, by quadrature.
    cost_start, cost_end : float
        :math:`C(0, 0)` and :math:`C(z_1, z_2)` (other logits fixed).
    cost_rise : float
        ``cost_end - cost_start``.
    latex : dict of str
    """

    base: Array = field(repr=False)
    target: int
    axes: tuple[int, int]
    end: Array
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_ticks: Array = field(repr=False)
    y_ticks: Array = field(repr=False)
    arrow_points: Array = field(repr=False)
    arrow_vectors: Array = field(repr=False)
    contour_levels: Array = field(repr=False)
    contours: list[list[Array]] = field(repr=False)
    start_contours: list[Array] = field(repr=False)
    end_contours: list[Array] = field(repr=False)
    paths: dict[str, Array] = field(repr=False)
    integrals: dict[str, float]
    cost_start: float
    cost_end: float
    cost_rise: float
    latex: dict[str, Any] = field(repr=False)


def field_plane(
    example: Any,
    aspect: float = PLANE_ASPECT,
    arrows: tuple[int, int] = (ARROW_COLUMNS, ARROW_ROWS),
    contour_grid: tuple[int, int] = (CONTOUR_COLUMNS, CONTOUR_ROWS),
    contour_count: int = CONTOUR_COUNT,
) -> FieldPlane:
    r"""Compute chapter 6's plane for ``example`` (a :class:`mathcore.example.WorkedExample`).

    Parameters
    ----------
    example : WorkedExample
    aspect : float
        Width / height of the plotted plane.
    arrows : (int, int)
        Columns and rows of arrows.
    contour_grid : (int, int)
        Columns and rows of the grid the contours are traced on.
    contour_count : int
        Number of evenly spaced contour levels.
    """
    base = np.array(example.logits, dtype=np.float64)
    target = int(example.target)
    axes = PLANE_AXES
    end = base[list(axes)].copy()
    x_range, y_range = plane_extent(end, aspect)

    def cost_at(first: ArrayLike, second: ArrayLike) -> Array:
        return plane_cost(base, target, first, second, axes)

    columns, rows = arrows
    xs = x_range[0] + (np.arange(columns) + 0.5) * (x_range[1] - x_range[0]) / columns
    ys = y_range[0] + (np.arange(rows) + 0.5) * (y_range[1] - y_range[0]) / rows
    grid_x, grid_y = np.meshgrid(xs, ys)
    arrow_points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    arrow_vectors = -plane_field(base, target, arrow_points, axes)

    cx = np.linspace(*x_range, contour_grid[0])
    cy = np.linspace(*y_range, contour_grid[1])
    mesh_x, mesh_y = np.meshgrid(cx, cy)
    costs = cost_at(mesh_x, mesh_y)
    low, high = float(costs.min()), float(costs.max())
    levels = np.linspace(low, high, contour_count + 2)[1:-1]
    contours = [marching_squares(cx, cy, costs, level) for level in levels]
    cost_start = float(cost_at(0.0, 0.0))
    cost_end = float(cost_at(end[0], end[1]))

    paths = plane_paths(end, (x_range, y_range))
    integrals = path_integrals(base, target, paths, axes)
    cost_rise = cost_end - cost_start
    latex = field_latex()
    latex["path_names"] = [nt.latex(sp.Symbol(f"gamma_{number}"))
                           for number in range(1, len(paths) + 1)]
    latex["integrals"] = {
        name: rf"\int_{{{symbol}}} g \cdot dz = {format_number(value)}"
        for symbol, (name, value) in zip(latex["path_names"], integrals.items(), strict=True)
    }
    latex["cost_rise"] = f"{latex['cost_rise_lhs']} = {format_number(cost_rise)}"
    latex["fixed"] = [f"{nt.latex(nt.z[index + 1])} = {format_number(value)}"
                      for index, value in enumerate(base) if index not in axes]
    # One step on both axes: they share their unit.
    step = nice_step(*x_range, MAX_TICKS)
    x_ticks, y_ticks = np.array(ticks(*x_range, step)), np.array(ticks(*y_range, step))
    latex["x_ticks"] = [tick_label(value) for value in x_ticks]
    latex["y_ticks"] = [tick_label(value) for value in y_ticks]
    return FieldPlane(
        base=base,
        target=target,
        axes=axes,
        end=end,
        x_range=x_range,
        y_range=y_range,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        arrow_points=arrow_points,
        arrow_vectors=arrow_vectors,
        contour_levels=levels,
        contours=contours,
        start_contours=marching_squares(cx, cy, costs, cost_start),
        end_contours=marching_squares(cx, cy, costs, cost_end),
        paths=paths,
        integrals=integrals,
        cost_start=cost_start,
        cost_end=cost_end,
        cost_rise=cost_rise,
        latex=latex,
    )


def field_data(example: Any) -> dict[str, Any]:
    """The numbers and strings chapter 6 shows beyond the example's own."""
    plane = field_plane(example)
    return {
        "latex": plane.latex,
        "integrals": dict(plane.integrals),
        "cost_rise": plane.cost_rise,
        "fixed": plane.latex["fixed"],
    }
