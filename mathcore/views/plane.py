r"""Chapter 6's picture: a plane of two logits, the cost's surface over it, arrows and contours.

:func:`field_plane` lays the plane out for one example: its two logits
(:func:`mathcore.potential.plane_axes`: the target's and its strongest
rival's), its extent (holding the origin and the example's point, with equal
units on both axes, :data:`PLANE_ASPECT`), its ticks, a grid of arrows of
:math:`-g = t - y` and of the swirled :math:`-h`, contour lines of the cost
traced by marching squares (:func:`marching_squares`) on a grid of exact cost
values, the cost surface's grid of heights (shares of the plane's range of
costs, which also colour it), chapter 5's slice on that surface, and the two
paths walked with their integrals running (of :math:`g` and of :math:`h`). The
mathematics (the cost and fields on the plane, the paths, walks and integrals,
the curl proof, the chapter's formulas) is in :mod:`mathcore.potential`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray

from .. import notation as nt
from ..notation import format_number, number_latex
from ..potential import (
    PathWalk,
    curl_proof,
    field_latex,
    plane_axes,
    plane_cost,
    plane_field,
    plane_paths,
    swirl_field,
    swirl_omega,
    walk_path,
)
from .axes import nice_step, range_with_zero, tick_label, ticks

__all__ = [
    "ARROW_COLUMNS",
    "ARROW_ROWS",
    "CONTOUR_COUNT",
    "MIN_ARROW_SHARE",
    "PLANE_ASPECT",
    "SURFACE_COLUMNS",
    "SURFACE_ROWS",
    "arrow_coverage",
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
MIN_PAD = 0.5  # the plane reaches at least this far beyond 0 and z (units of z)
PAD_FRACTION = 0.15  # ... or this fraction of the larger span
MAX_TICKS = 6  # at most this many ticks inside the x axis (the y axis shares its step)
# The cost surface's grid of heights: modest, as it is redrawn every frame it moves.
SURFACE_COLUMNS, SURFACE_ROWS = 17, 12
SLICE_SAMPLES = 81  # points of chapter 5's slice drawn on the surface
MIN_ARROW_SHARE = 0.12  # arrows shorter than this share of the longest are left out


def arrow_coverage(vectors: ArrayLike, longest: float | None = None,
                   share: float = MIN_ARROW_SHARE) -> float:
    """The share of a grid's arrows long enough to be drawn (at least ``share`` of the longest).

    ``longest`` is the length the arrows are scaled by (by default the longest
    of ``vectors``); a field that is nearly zero over most of the plane covers
    little of it.
    """
    lengths = np.linalg.norm(np.asarray(vectors, dtype=np.float64), axis=-1)
    reference = float(lengths.max()) if longest is None else float(longest)
    if reference <= 0:
        return 0.0
    return float(np.mean(lengths >= share * reference))


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
    r"""The plane of chapter 6, fully computed.

    Attributes
    ----------
    base : ndarray, shape (K,)
        The example's logits; all but the two plane coordinates stay at these.
    target : int
        :math:`T` (0-based).
    axes : (int, int)
        The plane's logits (0-based): :func:`mathcore.potential.plane_axes`,
        the target's and its likeliest rival's.
    end : ndarray, shape (2,)
        The example's values of the two logits, where the paths end.
    x_range, y_range : (float, float)
        The plotted extent (:func:`plane_extent`); width / height is the aspect.
    x_ticks, y_ticks : ndarray
        Round values for the axes, one step for both (:func:`mathcore.views.axes.ticks`).
    arrow_points : ndarray, shape (rows * columns, 2)
        Where arrows start: the centres of a ``columns`` x ``rows`` grid of cells.
    arrow_vectors : ndarray, shape (rows * columns, 2)
        :math:`-g` there, its two plane components :math:`t_i - y_i`.
    swirl_vectors : ndarray, shape (rows * columns, 2)
        :math:`-h` there, :math:`h` the swirled field (:func:`mathcore.potential.swirl_field`).
    arrow_longest : float
        The longest of both grids' arrows: both are drawn to this one scale.
    contour_levels : ndarray
        Evenly spaced cost values strictly between the plane's least and greatest.
    contours : list of list of ndarray
        For each level, its polylines (each shape (P, 2)).
    end_contours, start_contours : list of ndarray
        Contour lines through ``end`` and through the origin.
    surface_x, surface_y : ndarray
        The nodes of the cost surface's grid (columns, rows) over the extent.
    surface_heights : ndarray, shape (rows, columns)
        :math:`C` at the nodes as a share of the plane's range of costs, 0 to 1.
    cell_heights : ndarray, shape (rows - 1, columns - 1)
        Each cell's mean height share: what colours it.
    cost_low, cost_high : float
        The least and greatest cost on the surface's grid (heights 0 and 1).
    slice_values, slice_heights : ndarray
        Chapter 5's slice on the surface: the first logit running over the
        extent, the second held at the example's value, and the height share
        of :math:`C` along it.
    paths : dict of str to ndarray
        Two paths from the origin to ``end`` (:func:`mathcore.potential.plane_paths`),
        vertices (P, 2).
    walks, swirl_walks : dict of str to PathWalk
        Each path walked with :math:`\int g \cdot dz` (and :math:`\int h \cdot dz`)
        accumulated on the way.
    integrals, swirl_integrals : dict of str to float
        :math:`\int_\gamma g \cdot dz` and :math:`\int_\gamma h \cdot dz` along each path.
    omega : float
        The swirl's rate (:func:`mathcore.potential.swirl_omega`).
    cost_start, cost_end : float
        :math:`C` at the plane's origin and at ``end`` (other logits fixed).
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
    swirl_vectors: Array = field(repr=False)
    arrow_longest: float
    contour_levels: Array = field(repr=False)
    contours: list[list[Array]] = field(repr=False)
    start_contours: list[Array] = field(repr=False)
    end_contours: list[Array] = field(repr=False)
    surface_x: Array = field(repr=False)
    surface_y: Array = field(repr=False)
    surface_heights: Array = field(repr=False)
    cell_heights: Array = field(repr=False)
    cost_low: float
    cost_high: float
    slice_values: Array = field(repr=False)
    slice_heights: Array = field(repr=False)
    paths: dict[str, Array] = field(repr=False)
    walks: dict[str, PathWalk] = field(repr=False)
    swirl_walks: dict[str, PathWalk] = field(repr=False)
    integrals: dict[str, float]
    swirl_integrals: dict[str, float]
    omega: float
    cost_start: float
    cost_end: float
    cost_rise: float
    latex: dict[str, Any] = field(repr=False)

    def height(self, cost: ArrayLike) -> Array:
        """A cost as a share of the surface's range of costs (its height, 0 to 1)."""
        span = self.cost_high - self.cost_low
        return (np.asarray(cost, dtype=np.float64) - self.cost_low) / (span if span > 0 else 1.0)


def field_plane(
    example: Any,
    aspect: float = PLANE_ASPECT,
    arrows: tuple[int, int] = (ARROW_COLUMNS, ARROW_ROWS),
    contour_grid: tuple[int, int] = (CONTOUR_COLUMNS, CONTOUR_ROWS),
    contour_count: int = CONTOUR_COUNT,
    surface_grid: tuple[int, int] = (SURFACE_COLUMNS, SURFACE_ROWS),
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
    surface_grid : (int, int)
        Columns and rows of nodes of the cost surface.
    """
    base = np.array(example.logits, dtype=np.float64)
    target = int(example.target)
    axes = plane_axes(base, target)
    end = base[list(axes)].copy()
    x_range, y_range = plane_extent(end, aspect)

    def cost_at(first: ArrayLike, second: ArrayLike) -> Array:
        return plane_cost(base, target, first, second, axes)

    def field_at(points: Array) -> Array:
        return plane_field(base, target, points, axes)

    paths = plane_paths(end, (x_range, y_range))
    omega = swirl_omega((x_range, y_range))

    def swirl_at(points: Array) -> Array:
        return swirl_field(base, target, points, omega, axes)

    columns, rows = arrows
    xs = x_range[0] + (np.arange(columns) + 0.5) * (x_range[1] - x_range[0]) / columns
    ys = y_range[0] + (np.arange(rows) + 0.5) * (y_range[1] - y_range[0]) / rows
    grid_x, grid_y = np.meshgrid(xs, ys)
    arrow_points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    arrow_vectors = -field_at(arrow_points)
    swirl_vectors = -swirl_at(arrow_points)
    arrow_longest = float(max(np.linalg.norm(arrow_vectors, axis=1).max(),
                              np.linalg.norm(swirl_vectors, axis=1).max()))

    cx = np.linspace(*x_range, contour_grid[0])
    cy = np.linspace(*y_range, contour_grid[1])
    mesh_x, mesh_y = np.meshgrid(cx, cy)
    costs = cost_at(mesh_x, mesh_y)
    low, high = float(costs.min()), float(costs.max())
    levels = np.linspace(low, high, contour_count + 2)[1:-1]
    contours = [marching_squares(cx, cy, costs, level) for level in levels]
    cost_start = float(cost_at(0.0, 0.0))
    cost_end = float(cost_at(end[0], end[1]))

    surface_x = np.linspace(*x_range, surface_grid[0])
    surface_y = np.linspace(*y_range, surface_grid[1])
    surface_costs = cost_at(*np.meshgrid(surface_x, surface_y))
    cost_low, cost_high = float(surface_costs.min()), float(surface_costs.max())
    span = cost_high - cost_low if cost_high > cost_low else 1.0
    surface_heights = (surface_costs - cost_low) / span
    cell_heights = (surface_heights[:-1, :-1] + surface_heights[1:, :-1]
                    + surface_heights[:-1, 1:] + surface_heights[1:, 1:]) / 4
    slice_values = np.linspace(*x_range, SLICE_SAMPLES)
    slice_heights = (cost_at(slice_values, np.full_like(slice_values, end[1])) - cost_low) / span

    walks = {name: walk_path(field_at, path) for name, path in paths.items()}
    swirl_walks = {name: walk_path(swirl_at, path) for name, path in paths.items()}
    integrals = {name: walk.total for name, walk in walks.items()}
    swirl_integrals = {name: walk.total for name, walk in swirl_walks.items()}
    cost_rise = cost_end - cost_start
    latex = _plane_latex(base, axes, end, paths, walks, integrals, swirl_integrals, omega,
                         cost_rise)
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
        swirl_vectors=swirl_vectors,
        arrow_longest=arrow_longest,
        contour_levels=levels,
        contours=contours,
        start_contours=marching_squares(cx, cy, costs, cost_start),
        end_contours=marching_squares(cx, cy, costs, cost_end),
        surface_x=surface_x,
        surface_y=surface_y,
        surface_heights=surface_heights,
        cell_heights=cell_heights,
        cost_low=cost_low,
        cost_high=cost_high,
        slice_values=slice_values,
        slice_heights=slice_heights,
        paths=paths,
        walks=walks,
        swirl_walks=swirl_walks,
        integrals=integrals,
        swirl_integrals=swirl_integrals,
        omega=omega,
        cost_start=cost_start,
        cost_end=cost_end,
        cost_rise=cost_rise,
        latex=latex,
    )


def _number(value: float) -> str:
    """A number for a formula, as the lecture prints it."""
    return number_latex(format_number(value))


def _bound(value: float) -> str:
    """An integration bound: a whole number as digits (2, not 2.000), else as printed."""
    return tick_label(value) if float(value).is_integer() else _number(value)


def _plane_latex(base: Array, axes: tuple[int, int], end: Array, paths: dict[str, Array],
                 walks: dict[str, PathWalk], integrals: dict[str, float],
                 swirl_integrals: dict[str, float], omega: float, cost_rise: float
                 ) -> dict[str, Any]:
    """The chapter's formulas for this plane, printed from sympy with mathcore's numbers."""
    latex = field_latex(axes)
    first, second = (nt.z[index + 1] for index in axes)
    g_parts = [nt.g_field[index + 1] for index in axes]
    h_parts = [sp.IndexedBase("h")[index + 1] for index in axes]
    latex["path_names"] = [nt.latex(sp.Symbol(f"gamma_{number}"))
                           for number in range(1, len(paths) + 1)]
    symbols = dict(zip(paths, latex["path_names"], strict=True))
    latex["integrals"] = {name: rf"\int_{{{symbols[name]}}} g \cdot dz = {_number(value)}"
                          for name, value in integrals.items()}
    latex["swirl_integrals"] = {name: rf"\int_{{{symbols[name]}}} h \cdot dz = {_number(value)}"
                                for name, value in swirl_integrals.items()}
    latex["integral_lhs"] = {name: rf"\int_{{{symbols[name]}}} g \cdot dz =" for name in paths}
    latex["swirl_integral_lhs"] = {name: rf"\int_{{{symbols[name]}}} h \cdot dz ="
                                   for name in paths}
    latex["cost_rise"] = f"{latex['cost_rise_lhs']} = {_number(cost_rise)}"
    latex["rise_value"] = _number(cost_rise)
    latex["fixed"] = [f"{nt.latex(nt.z[index + 1])} = {_number(value)}"
                      for index, value in enumerate(base) if index not in axes]
    latex["slice_fixed"] = f"{nt.latex(second)} = {_number(end[1])}"
    latex["end_values"] = [_number(value) for value in end]
    # The staircase's legs: one logit at a time, the other held (chapter 5's step).
    if "coordinatewise" in walks:
        legs = walks["coordinatewise"].legs
        latex["legs"] = [
            f"{nt.latex(sp.Integral(g_parts[0], (first, 0, sp.Symbol(_bound(end[0])))))} = "
            f"{_number(legs[0])}",
            f"{nt.latex(sp.Integral(g_parts[1], (second, 0, sp.Symbol(_bound(end[1])))))} = "
            f"{_number(legs[1])}",
        ]
        latex["leg_held"] = [f"{nt.latex(second)} = 0",
                             f"{nt.latex(first)} = {_bound(end[0])}"]
    omega_symbol = sp.Symbol("omega")
    proof = curl_proof()
    latex["omega"] = f"{nt.latex(omega_symbol)} = {_number(omega)}"
    latex["swirl"] = (f"h = g + {nt.latex(omega_symbol)} "
                      f"{nt.latex(sp.Matrix([-second, first]))}")
    swirl_curl = proof["swirl"].subs(proof["omega"], omega_symbol)
    latex["swirl_curl"] = (
        f"{nt.latex(_minus(sp.Derivative(h_parts[1], first), sp.Derivative(h_parts[0], second)))}"
        f" = {nt.latex(swirl_curl)} = {_number(float(proof['swirl'].subs(proof['omega'], omega)))}")
    latex["field_curl"] = (
        f"{nt.latex(_minus(sp.Derivative(g_parts[1], first), sp.Derivative(g_parts[0], second)))}"
        f" = {nt.latex(proof['field'])}")
    return latex


def _minus(left: sp.Expr, right: sp.Expr) -> sp.Expr:
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


def field_data(example: Any) -> dict[str, Any]:
    """The numbers and strings chapter 6 shows beyond the example's own."""
    plane = field_plane(example)
    return {
        "latex": plane.latex,
        "integrals": dict(plane.integrals),
        "swirl_integrals": dict(plane.swirl_integrals),
        "cost_rise": plane.cost_rise,
        "omega": plane.omega,
        "fixed": plane.latex["fixed"],
    }
