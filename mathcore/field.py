r"""Chapter 6's plane: the field :math:`-g = t - y`, contour lines of :math:`C`, two paths.

The plane is spanned by :math:`z_1` and :math:`z_2`; every other logit keeps
the worked example's value (for two classes the plane is all of
:math:`\mathbb{R}^2`). On it the cost :math:`C = \log\sum_k e^{z_k} - z_T` is
a function of two variables whose gradient is the first two components of
:math:`g = y - t`, so

.. math::

    \int_\gamma g \cdot dz = C(z_1, z_2) - C(0, 0)

for every path :math:`\gamma` in the plane from :math:`(0, 0)` to
:math:`(z_1, z_2)`. :func:`field_plane` computes two such integrals by
quadrature (:func:`mathcore.numerics.line_integral`) and the difference of
costs directly, so a viewer can see the three agree.

Contour lines are traced by marching squares (:func:`marching_squares`) on a
grid of exact cost values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray
from sympy.matrices.expressions.diagonal import DiagMatrix

from . import notation as nt
from .derivations import potential_derivation, reverse_derivation
from .notation import format_number
from .numerics import line_integral, nll, nll_gradient

__all__ = [
    "ARROW_COLUMNS",
    "ARROW_ROWS",
    "CONTOUR_COUNT",
    "PLANE_ASPECT",
    "PLANE_AXES",
    "FieldPlane",
    "field_data",
    "field_latex",
    "field_plane",
    "field_terms",
    "marching_squares",
    "nice_step",
    "nice_ticks",
    "plane_extent",
    "plane_paths",
    "plane_points",
    "tick_label",
]

Array = NDArray[np.float64]

PLANE_AXES = (0, 1)  # z_1 and z_2 (0-based indices)
PLANE_ASPECT = 1.45  # width / height of the plotted plane (equal units on both axes)
ARROW_COLUMNS, ARROW_ROWS = 15, 9
CONTOUR_COLUMNS, CONTOUR_ROWS = 121, 73  # grid of cost values the contours are traced on
CONTOUR_COUNT = 9
MIN_PAD = 0.75  # the plane reaches at least this far beyond 0 and z (units of z)
PAD_FRACTION = 0.2  # ... or this fraction of the larger span


def plane_points(base: ArrayLike, first: ArrayLike, second: ArrayLike,
                 axes: tuple[int, int] = PLANE_AXES) -> Array:
    r"""Full logit vectors for plane coordinates: ``base`` with :math:`z_{a_1}, z_{a_2}` replaced.

    Parameters
    ----------
    base : array_like, shape (K,)
        The logits that stay fixed.
    first, second : array_like, same shape S
        Values of the two plane coordinates.
    axes : (int, int)
        The two logits spanning the plane (0-based).

    Returns
    -------
    ndarray, shape S + (K,)
    """
    z = np.asarray(base, dtype=np.float64)
    u = np.asarray(first, dtype=np.float64)
    v = np.asarray(second, dtype=np.float64)
    points = np.broadcast_to(z, u.shape + z.shape).copy()
    points[..., axes[0]] = u
    points[..., axes[1]] = v
    return points


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
    point = np.asarray(end, dtype=np.float64)
    low = np.minimum(point, 0.0)
    high = np.maximum(point, 0.0)
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


def nice_step(low: float, high: float, count: int = 5) -> float:
    r"""The smallest of 1, 2 or 5 times a power of ten giving at most ``count`` ticks.

    The ticks are the multiples of the step inside :math:`[\ell, h]`.
    """
    if not high > low:
        raise ValueError("need low < high")
    raw = (high - low) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        step = multiple * power
        if math.floor(high / step + 1e-9) - math.ceil(low / step - 1e-9) + 1 <= count:
            return step
    return 10 * power  # not reached: a step of 10 ** k >= raw always fits


def nice_ticks(low: float, high: float, count: int = 5, step: float | None = None) -> Array:
    r"""Round tick values inside :math:`[\ell, h]`: the multiples of ``step`` there.

    ``step`` defaults to :func:`nice_step` for ``count`` ticks. Each tick is
    an integer multiple of the step, computed as ``index * step`` so that
    0 is exactly 0.
    """
    if not high > low:
        raise ValueError("need low < high")
    if step is None:
        step = nice_step(low, high, count)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return np.arange(first, last + 1) * step


def tick_label(value: float) -> str:
    """A tick's label: as short as it can be written (``-20``, ``0.5``, ``2.5e-05``)."""
    rounded = round(value)
    if abs(value - rounded) < 1e-9 * max(1.0, abs(value)):
        return str(int(rounded))
    return f"{value:.6g}"


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


def plane_paths(end: ArrayLike, extent: tuple[tuple[float, float], tuple[float, float]]
                ) -> dict[str, Array]:
    r"""Two different paths in the plane from :math:`(0, 0)` to ``end``.

    ``"straight"``: the segment. ``"coordinatewise"``: first along :math:`z_1`
    to :math:`(z_1, 0)`, then along :math:`z_2`, one coordinate at a time. If
    that corner lies on the segment (:math:`z_1 = 0` or :math:`z_2 = 0`), the
    second path is a ``"detour"`` through a point off the segment instead (a
    loop when ``end`` is the origin).
    """
    point = np.asarray(end, dtype=np.float64)
    origin = np.zeros(2)
    straight = np.array([origin, point])
    corner = np.array([point[0], 0.0])
    span = max(extent[0][1] - extent[0][0], extent[1][1] - extent[1][0])
    tiny = 1e-9 * max(1.0, span)
    if abs(point[0]) > tiny and abs(point[1]) > tiny:
        return {"straight": straight, "coordinatewise": np.array([origin, corner, point])}
    # Off the segment by a quarter of the plane, towards the plane's centre.
    centre = np.array([sum(extent[0]) / 2, sum(extent[1]) / 2])
    length = float(np.hypot(*point))
    normal = np.array([-point[1], point[0]]) / length if length > tiny else np.array([0.0, 1.0])
    if normal @ (centre - point / 2) < 0:
        normal = -normal
    detour = point / 2 + normal * span / 4
    if length <= tiny:
        other = detour + np.array([normal[1], -normal[0]]) * span / 4
        return {"straight": straight, "detour": np.array([origin, detour, other, point])}
    return {"straight": straight, "detour": np.array([origin, detour, point])}


def field_latex() -> dict[str, str]:
    r"""The chapter's own formulas, printed from sympy, and steps of the potential derivation.

    ``jacobian_entry`` joins steps 2 and 3 of :func:`potential_derivation`
    (:math:`\partial g_m/\partial z_n = \partial y_m/\partial z_n =
    (\delta_{mn} - y_n) y_m`), ``jacobian_rest`` continues it with step 4 and the
    matrix form :math:`\operatorname{diag}(y) - y y^\top`; ``potential_cost``
    is the potential found in chapter 5, :math:`C = \log\sum_k e^{z_k} - z_T + c`;
    ``softmax_slope`` is the term :math:`\partial y_m/\partial z_n` that the
    chapter lines the next row up with.
    """
    steps = potential_derivation().steps
    zs, ts = sp.Symbol("z", real=True), sp.Symbol("t")
    y_of, g_of = sp.Function("y"), sp.Function("g")
    cost = sp.Function("C")
    z1, z2 = nt.z[PLANE_AXES[0] + 1], nt.z[PLANE_AXES[1] + 1]
    vector = sp.MatrixSymbol("y", nt.K, 1)
    jacobian = nt.latex(sp.MatAdd(_Diag(vector), -vector * vector.T))
    return {
        "field": f"{nt.latex(g_of(zs))} = {nt.latex(_minus(y_of(zs), ts))}",
        "field_entry": steps[0].latex,
        "jacobian_entry": f"{steps[1].latex} {steps[2].latex}",
        "jacobian_rest": f"{steps[3].latex} = {jacobian}",
        "jacobian_matrix": f"= {jacobian}",
        "symmetry": steps[4].latex,
        "potential": (f"{nt.latex(sp.Derivative(nt.C, nt.z[nt.m]))} = "
                      f"{nt.latex(_minus(nt.y[nt.m], nt.t[nt.m]))}"),
        "potential_cost": reverse_derivation().steps[6].latex,
        "arrow": nt.latex(sp.Mul(-1, sp.Symbol("g"), evaluate=False)),
        "contour": nt.latex(sp.Symbol("C")),
        "first": nt.latex(z1),
        "second": nt.latex(z2),
        "origin": nt.latex(sp.Integer(0)),
        "end_point": nt.latex(zs),
        "cost_rise_lhs": nt.latex(_minus(cost(z1, z2), cost(0, 0))),
        "softmax_slope": nt.latex(sp.Derivative(nt.y[nt.m], nt.z[nt.n])),
    }


def field_terms() -> list[str]:
    r"""Terms that move between chapter 6's formulas (for matching morphs)."""
    m, n = nt.m, nt.n
    terms = [
        sp.Derivative(nt.g_field[m], nt.z[n]), sp.Derivative(nt.g_field[n], nt.z[m]),
        sp.Derivative(nt.y[m], nt.z[n]), sp.KroneckerDelta(m, n), nt.y[m], nt.y[n],
        nt.t[m], nt.g_field[m],
    ]
    return [nt.latex(term) for term in terms]


class _Diag(DiagMatrix):
    r"""``DiagMatrix`` printed as :math:`\operatorname{diag}(y)`."""

    def _lecture_latex(self, printer: Any) -> str:
        return rf"\operatorname{{diag}}\left({printer._print(self.args[0])}\right)"


def _minus(left: sp.Expr, right: sp.Expr) -> sp.Expr:
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


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
        The plane's logits (0-based): :data:`PLANE_AXES`.
    end : ndarray, shape (2,)
        :math:`(z_1, z_2)` of the example, where the paths end.
    x_range, y_range : (float, float)
        The plotted extent (:func:`plane_extent`); width / height is the aspect.
    x_ticks, y_ticks : ndarray
        Round values for the axes (:func:`nice_ticks`).
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
        Two paths from the origin to ``end`` (:func:`plane_paths`), vertices (P, 2).
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
        return nll(plane_points(base, first, second, axes), target)

    def field_at(points: Array) -> Array:
        full = plane_points(base, points[..., 0], points[..., 1], axes)
        return nll_gradient(full, target)[..., list(axes)]

    columns, rows = arrows
    xs = x_range[0] + (np.arange(columns) + 0.5) * (x_range[1] - x_range[0]) / columns
    ys = y_range[0] + (np.arange(rows) + 0.5) * (y_range[1] - y_range[0]) / rows
    grid_x, grid_y = np.meshgrid(xs, ys)
    arrow_points = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    arrow_vectors = -field_at(arrow_points)

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
    integrals = {name: line_integral(field_at, path) for name, path in paths.items()}
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
    step = nice_step(*x_range, count=6)
    x_ticks, y_ticks = nice_ticks(*x_range, step=step), nice_ticks(*y_range, step=step)
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
