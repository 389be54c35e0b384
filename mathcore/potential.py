r"""Chapter 6's mathematics: the field :math:`-g = t - y` on a plane of two logits has a potential.

The plane is spanned by two logits :math:`z_a, z_b` (:func:`plane_axes` picks
the target's and its strongest rival's; :data:`PLANE_AXES` is the default);
every other logit keeps the worked example's value (for two classes the plane
is all of :math:`\mathbb{R}^2`). On it the cost :math:`C = \log\sum_k e^{z_k} -
z_T` is a function of two variables whose gradient is the plane's two
components of :math:`g = y - t`, so

.. math::

    \int_\gamma g \cdot dz = C(z_a, z_b) - C(0, 0)

for every path :math:`\gamma` in the plane from :math:`(0, 0)` to
:math:`(z_a, z_b)`. :func:`path_integrals` computes such integrals by quadrature
(:func:`mathcore.numerics.line_integral`) along the two paths of
:func:`plane_paths`, and :func:`plane_cost` the difference of costs directly,
so a viewer can see the three agree; :func:`walk_path` accumulates the
integral along a path as a dot walks it. The counter-example
:func:`swirl_field`, :math:`h = g + \omega(-z_b, z_a)`, has a curl of
:math:`2\omega` (:func:`curl_proof`, by sympy), so its integrals along the two
paths differ. The chapter's formulas are printed from sympy by
:func:`field_latex`. The plotted plane (its extent, ticks, arrows, contour
lines and surface) is display data: :mod:`mathcore.views.plane`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray
from sympy.matrices.expressions.diagonal import DiagMatrix

from . import notation as nt
from .derivations import potential_derivation, reverse_derivation
from .example import slice_classes
from .numerics import line_integral, nll, nll_gradient

__all__ = [
    "PLANE_AXES",
    "SWIRL_STRENGTH",
    "THIN_SHARE",
    "PathWalk",
    "curl_proof",
    "field_latex",
    "field_terms",
    "path_integrals",
    "plane_axes",
    "plane_cost",
    "plane_field",
    "plane_paths",
    "plane_points",
    "swirl_field",
    "swirl_omega",
    "walk_path",
]

Array = NDArray[np.float64]

PLANE_AXES = (0, 1)  # z_1 and z_2 (0-based indices): the default plane
THIN_SHARE = 0.01  # a staircase enclosing less of the plane than this becomes a detour


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


def plane_cost(base: ArrayLike, target: int, first: ArrayLike, second: ArrayLike,
               axes: tuple[int, int] = PLANE_AXES) -> Array:
    r"""The cost :math:`C` at plane coordinates, the other logits at ``base``.

    Returns
    -------
    ndarray, the broadcast shape of ``first`` and ``second``
    """
    return nll(plane_points(base, first, second, axes), target)


def plane_field(base: ArrayLike, target: int, points: ArrayLike,
                axes: tuple[int, int] = PLANE_AXES) -> Array:
    r"""The plane's two components of :math:`g = y - t` at ``points`` (shape (..., 2)).

    Returns
    -------
    ndarray, shape (..., 2)
    """
    plane = np.asarray(points, dtype=np.float64)
    full = plane_points(base, plane[..., 0], plane[..., 1], axes)
    return nll_gradient(full, target)[..., list(axes)]


def path_integrals(base: ArrayLike, target: int, paths: Mapping[str, ArrayLike],
                   axes: tuple[int, int] = PLANE_AXES) -> dict[str, float]:
    r""":math:`\int_\gamma g \cdot dz` along each path (vertices (P, 2)), by quadrature."""

    def field_at(points: Array) -> Array:
        return plane_field(base, target, points, axes)

    return {name: line_integral(field_at, path) for name, path in paths.items()}


def plane_paths(end: ArrayLike, extent: tuple[tuple[float, float], tuple[float, float]]
                ) -> dict[str, Array]:
    r"""Two different paths in the plane from :math:`(0, 0)` to ``end``.

    ``"straight"``: the segment. ``"coordinatewise"``: first along the plane's
    first logit to :math:`(z_a, 0)`, then along the second, one coordinate at a
    time. If that staircase encloses with the segment a sliver of at most
    :data:`THIN_SHARE` of the plane (the end lies on or near an axis), the
    second path is a ``"detour"`` through a point off the segment instead (a
    loop through two points when ``end`` lies near the origin).
    """
    point = np.asarray(end, dtype=np.float64)
    origin = np.zeros(2)
    straight = np.array([origin, point])
    corner = np.array([point[0], 0.0])
    span = max(extent[0][1] - extent[0][0], extent[1][1] - extent[1][0])
    tiny = 1e-9 * max(1.0, span)
    window = (extent[0][1] - extent[0][0]) * (extent[1][1] - extent[1][0])
    # The staircase, unless it hugs the segment: a sliver between the two paths
    # would show nothing (and would hide the swirl's difference, 2 omega x area).
    if abs(point[0] * point[1]) / 2 > THIN_SHARE * window:
        return {"straight": straight, "coordinatewise": np.array([origin, corner, point])}
    # Off the segment by up to a quarter of the plane, towards the plane's centre,
    # and never closer than a tenth of it to the plane's edge.
    centre = np.array([sum(extent[0]) / 2, sum(extent[1]) / 2])
    low = np.array([extent[0][0], extent[1][0]]) + span / 10
    high = np.array([extent[0][1], extent[1][1]]) - span / 10
    length = float(np.hypot(*point))
    normal = np.array([-point[1], point[0]]) / length if length > tiny else np.array([0.0, 1.0])
    if normal @ (centre - point / 2) < 0:
        normal = -normal
    # Along the segment, from the origin towards the end.
    along = point / length if length > tiny else np.array([normal[1], -normal[0]])
    loop = length <= span / 4  # an end near the origin: a loop, not a sliver of a triangle
    reach = span / 4
    while True:
        if loop:  # both corners on the normal's side: a trapezoid of area >= reach^2 / 2
            side = point / 2 + normal * reach
            corners = [side - along * reach / 2, side + along * reach / 2]
        else:
            corners = [point / 2 + normal * reach]
        if all(np.all(corner >= low) and np.all(corner <= high) for corner in corners) \
                or reach < tiny:
            break
        reach *= 0.8
    return {"straight": straight, "detour": np.array([origin, *corners, point])}


def field_latex(axes: tuple[int, int] = PLANE_AXES) -> dict[str, str]:
    r"""The chapter's own formulas, printed from sympy, and steps of the potential derivation.

    ``jacobian_entry`` joins steps 2 and 3 of :func:`potential_derivation`
    (:math:`\partial g_m/\partial z_n = \partial y_m/\partial z_n =
    (\delta_{mn} - y_n) y_m`), ``jacobian_rest`` continues it with step 4 and the
    matrix form :math:`\operatorname{diag}(y) - y y^\top`; ``potential_cost``
    is the potential found in chapter 5, :math:`C = \log\sum_k e^{z_k} - z_T + c`;
    ``softmax_slope`` is the term :math:`\partial y_m/\partial z_n` that the
    chapter lines the next row up with. ``axes`` are the plane's two logits
    (0-based), which name its axes and :math:`C(z_a, z_b) - C(0, 0)`.
    """
    steps = potential_derivation().steps
    zs, ts = sp.Symbol("z", real=True), sp.Symbol("t")
    y_of, g_of = sp.Function("y"), sp.Function("g")
    cost = sp.Function("C")
    z1, z2 = nt.z[axes[0] + 1], nt.z[axes[1] + 1]
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


# ---------------------------------------------------------------------------
# Which plane, walks along paths, and a field that is not a gradient.

SWIRL_STRENGTH = 1.2  # the swirl's speed at the plane's farthest corner, before rounding


def plane_axes(logits: ArrayLike, target: int) -> tuple[int, int]:
    r"""The two logits whose plane chapter 6 draws: the target's and its likeliest rival's.

    On the plane of :math:`z_T` and :math:`z_r` (:math:`r \ne T` of largest
    logit, the first of equal ones) the field :math:`-g` has the component
    :math:`1 - y_T` along :math:`z_T`, which vanishes only where the target
    already wins, and :math:`-y_r`, the largest of the others: the arrows fill
    the plot for any example. (A plane of two non-target logits that both lose
    by far, such as :math:`z_1 = -20` beside a logit of 20, has
    :math:`-g \approx 0` nearly everywhere.) These are the logits of chapter 5's
    two slices (:func:`mathcore.example.slice_classes`), so each slice is a line
    of this plane. With two classes it is the whole space.

    Returns
    -------
    (int, int)
        The two indices (0-based), in increasing order.
    """
    rival, _ = slice_classes(logits, target)  # chapter 5's two slices: the rival, the target
    first, second = sorted((int(target), rival))
    return first, second


@dataclass(frozen=True)
class PathWalk:
    r"""A walk along a path with the line integral accumulated on the way.

    Attributes
    ----------
    vertices : ndarray, shape (P, 2)
        The path's corners, from its start to its end.
    fractions : ndarray, shape (N,)
        Increasing, from 0 to 1: how far along the path (by length) each sample is.
    points : ndarray, shape (N, 2)
        The samples.
    running : ndarray, shape (N,)
        :math:`\int g \cdot dz` from the start to each sample (0 at the start).
    leg_ends : ndarray, shape (P,)
        The fraction at each vertex (0 at the first, 1 at the last).
    legs : tuple of float
        Each straight leg's own integral, by quadrature; they add up to ``total``.
    """

    vertices: Array
    fractions: Array
    points: Array
    running: Array
    leg_ends: Array
    legs: tuple[float, ...]

    @property
    def total(self) -> float:
        r""":math:`\int_\gamma g \cdot dz` along the whole path."""
        return float(self.running[-1])

    def at(self, fraction: float) -> tuple[Array, float]:
        """The point at ``fraction`` of the way and the integral up to it (interpolated)."""
        share = float(np.clip(fraction, 0.0, 1.0))
        point = np.array([np.interp(share, self.fractions, self.points[:, axis])
                          for axis in (0, 1)])
        return point, float(np.interp(share, self.fractions, self.running))

    def trail(self, fraction: float) -> Array:
        """The part of the path walked at ``fraction`` of the way: its vertices, then the point."""
        share = float(np.clip(fraction, 0.0, 1.0))
        passed = self.vertices[self.leg_ends < share]
        return np.vstack([passed, self.at(share)[0][None, :]]) if len(passed) else np.vstack(
            [self.vertices[:1], self.vertices[:1]])


def walk_path(field_at: Any, vertices: ArrayLike, samples: int = 48) -> PathWalk:
    r"""Walk a polyline and accumulate :math:`\int g \cdot dz` along it.

    The samples are spread over the legs by length (at least 8 a leg); between
    two samples the integral is :func:`mathcore.numerics.line_integral` of the
    short straight piece (Gauss–Legendre), so ``running`` at each sample is
    exact to quadrature accuracy, not a Riemann sum, and ``running[-1]`` equals
    the whole path's integral.

    Parameters
    ----------
    field_at : callable
        Maps plane points of shape (N, 2) to field vectors of shape (N, 2).
    vertices : array_like, shape (P, 2)
        The path's corners, P >= 2.
    samples : int
        About how many samples in all.
    """
    corners = np.asarray(vertices, dtype=np.float64)
    lengths = np.hypot(*np.diff(corners, axis=0).T)
    total_length = float(lengths.sum())
    if total_length > 0:
        leg_ends = np.concatenate([[0.0], np.cumsum(lengths)]) / total_length
    else:  # a path that stays at one point
        leg_ends = np.linspace(0.0, 1.0, len(corners))
    fractions, points, running, legs = [0.0], [corners[0]], [0.0], []
    for index, (start, end) in enumerate(zip(corners[:-1], corners[1:], strict=True)):
        share = leg_ends[index + 1] - leg_ends[index]
        count = max(8, int(np.ceil(samples * share)))
        steps = np.linspace(0.0, 1.0, count + 1)[1:]
        leg_total, previous = 0.0, start
        for step in steps:
            point = start + step * (end - start)
            leg_total += line_integral(field_at, [previous, point])
            previous = point
            fractions.append(leg_ends[index] + step * share)
            points.append(point)
            running.append(sum(legs) + leg_total)
        legs.append(leg_total)
    return PathWalk(corners, np.array(fractions), np.array(points), np.array(running),
                    leg_ends, tuple(float(value) for value in legs))


def swirl_field(base: ArrayLike, target: int, points: ArrayLike, omega: float,
                axes: tuple[int, int] = PLANE_AXES) -> Array:
    r"""A field that is not a gradient: :math:`h = g + \omega\,(-z_b, z_a)` on the plane.

    The swirl :math:`\omega\,(-z_b, z_a)` turns about the plane's origin; its
    Jacobian :math:`\begin{pmatrix} 0 & -\omega \\ \omega & 0\end{pmatrix}` is
    antisymmetric, so :math:`\partial h_b/\partial z_a - \partial h_a/\partial z_b
    = 2\omega \ne 0` (:func:`curl_proof`), and by Green's theorem the integrals
    along two paths differ by :math:`2\omega` times the signed area between them.

    Returns
    -------
    ndarray, shape (..., 2)
    """
    plane = np.asarray(points, dtype=np.float64)
    swirl = np.stack([-plane[..., 1], plane[..., 0]], axis=-1) * omega
    return plane_field(base, target, plane, axes) + swirl


def swirl_omega(extent: tuple[tuple[float, float], tuple[float, float]],
                strength: float = SWIRL_STRENGTH) -> float:
    r"""The swirl's :math:`\omega`: a round number (one digit times a power of ten).

    The largest such that the swirl's speed :math:`|\omega| r` at the plane's
    farthest corner is at most ``strength``, comparable to :math:`|g| \le \sqrt 2`:
    the arrows visibly turn, yet the field still looks like the cost's.
    """
    radius = max(float(np.hypot(x, y)) for x in extent[0] for y in extent[1])
    raw = strength / radius
    exponent = int(np.floor(np.log10(raw)))
    digit = int(np.floor(raw / 10.0**exponent * (1 + 1e-12)))
    return float(f"{digit}e{exponent}")  # exactly the decimal it prints as


def curl_proof() -> dict[str, sp.Expr]:
    r"""The curls of :math:`g` and of :math:`h` on a plane of two logits, by sympy.

    On any plane of two logits :math:`z_a, z_b`, with :math:`S \ge 0` the sum of
    the other classes' exponentials (0 for two classes) and any targets
    :math:`t_a, t_b`:

    .. math::

        g = \Bigl(\frac{e^{z_a}}{e^{z_a} + e^{z_b} + S} - t_a,\;
                  \frac{e^{z_b}}{e^{z_a} + e^{z_b} + S} - t_b\Bigr),
        \qquad h = g + \omega\,(-z_b, z_a).

    Returns
    -------
    dict
        ``"field"``: the curl of :math:`g`, simplified (0: symmetric Jacobian);
        ``"swirl"``: that of :math:`h` (:math:`2\omega`); ``"omega"``: the symbol.
    """
    first, second = sp.symbols("z_a z_b", real=True)
    rest = sp.Symbol("S", nonnegative=True)
    target_first, target_second = sp.symbols("t_a t_b", real=True)
    omega = sp.Symbol("omega", real=True)
    total = sp.exp(first) + sp.exp(second) + rest
    field = (sp.exp(first) / total - target_first, sp.exp(second) / total - target_second)
    swirl = (field[0] - omega * second, field[1] + omega * first)

    def curl(vector: tuple[sp.Expr, sp.Expr]) -> sp.Expr:
        return sp.simplify(sp.diff(vector[1], first) - sp.diff(vector[0], second))

    return {"field": curl(field), "swirl": curl(swirl), "omega": omega}
