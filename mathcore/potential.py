r"""Chapter 6's mathematics: the field :math:`-g = t - y` on a plane of two logits has a potential.

The plane is spanned by :math:`z_1` and :math:`z_2` (:data:`PLANE_AXES`); every
other logit keeps the worked example's value (for two classes the plane is all
of :math:`\mathbb{R}^2`). On it the cost :math:`C = \log\sum_k e^{z_k} - z_T` is
a function of two variables whose gradient is the first two components of
:math:`g = y - t`, so

.. math::

    \int_\gamma g \cdot dz = C(z_1, z_2) - C(0, 0)

for every path :math:`\gamma` in the plane from :math:`(0, 0)` to
:math:`(z_1, z_2)`. :func:`path_integrals` computes such integrals by quadrature
(:func:`mathcore.numerics.line_integral`) along the two paths of
:func:`plane_paths`, and :func:`plane_cost` the difference of costs directly,
so a viewer can see the three agree. The chapter's formulas are printed from
sympy by :func:`field_latex`. The plotted plane (its extent, ticks, arrows and
contour lines) is display data: :mod:`mathcore.views.plane`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray
from sympy.matrices.expressions.diagonal import DiagMatrix

from . import notation as nt
from .derivations import potential_derivation, reverse_derivation
from .numerics import line_integral, nll, nll_gradient

__all__ = [
    "PLANE_AXES",
    "field_latex",
    "field_terms",
    "path_integrals",
    "plane_cost",
    "plane_field",
    "plane_paths",
    "plane_points",
]

Array = NDArray[np.float64]

PLANE_AXES = (0, 1)  # z_1 and z_2 (0-based indices)


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
