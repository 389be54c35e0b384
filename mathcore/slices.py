r"""Chapter 5's slice: the integrand :math:`y_m - t_m` and the cost along :math:`z_m`.

The slice keeps every logit of the worked example fixed except :math:`z_m`
(:math:`m` is ``example.slice.index``) and lets :math:`z_m = s` run over a
window around :math:`[a, b]`. Along it

.. math::

    \frac{d}{ds} C(s) = y_m(s) - t_m,
    \qquad
    C(b) - C(a) = \int_a^b \bigl(y_m(s) - t_m\bigr)\, ds ,

and this module computes both sides independently: the area by quadrature
(:func:`mathcore.numerics.line_integral`), the rise from the cost itself, in a
form that stays exact when :math:`y_m` is as small as :math:`10^{-18}`:

.. math::

    C(s) - C(a) = \log\bigl(1 + y_m(a)\,(e^{s - a} - 1)\bigr) - t_m (s - a),

since :math:`\sum_k e^{z_k}` grows by :math:`e^{s} - e^{a}` and
:math:`e^{a} / \sum_k e^{z_k}\big|_{z_m = a} = y_m(a)`. (Subtracting two costs
near 27 would lose a rise of :math:`10^{-17}` entirely.) The plotted slice (its
window, samples and plot ranges) is display data: :mod:`mathcore.views.slice`.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray

from . import notation as nt
from .derivations import reverse_derivation
from .example import formula_terms
from .numerics import line_integral, nll_gradient, softmax, target_distribution

__all__ = [
    "reverse_latex",
    "reverse_terms",
    "slice_area",
    "slice_formulas",
    "slice_gradient",
    "slice_points",
    "slice_rise",
]

Array = NDArray[np.float64]

def slice_points(logits: ArrayLike, index: int, values: ArrayLike) -> Array:
    r"""The logits along the slice: :math:`z` with :math:`z_m` replaced by each value.

    Parameters
    ----------
    logits : array_like, shape (K,)
        The fixed logits :math:`z`.
    index : int
        :math:`m` (0-based), the logit that varies.
    values : array_like, shape (N,)
        Values :math:`s` given to :math:`z_m`.

    Returns
    -------
    ndarray, shape (N, K)
    """
    z = np.asarray(logits, dtype=np.float64)
    s = np.atleast_1d(np.asarray(values, dtype=np.float64))
    points = np.repeat(z[None, :], s.shape[0], axis=0)
    points[:, index] = s
    return points


def slice_gradient(logits: ArrayLike, target: int, index: int, values: ArrayLike) -> Array:
    r"""The integrand :math:`y_m(s) - t_m` at :math:`z_m = s`, for each value.

    Returns
    -------
    ndarray, shape (N,)
    """
    return nll_gradient(slice_points(logits, index, values), target)[:, index]


def slice_rise(
    logits: ArrayLike, target: int, index: int, start: float, values: ArrayLike
) -> Array:
    r"""The cost's rise along the slice, :math:`C(s) - C(a)` with :math:`a` = ``start``.

    With :math:`d = s - a`, evaluated as
    :math:`\operatorname{log1p}\bigl(y_m(a)\,\operatorname{expm1}(d)\bigr)` when
    :math:`m \ne T`, and as
    :math:`\operatorname{log1p}\bigl((1 - y_T(a))\,\operatorname{expm1}(-d)\bigr)`
    when :math:`m = T` (the same quantity, :math:`\log(1 + y_T(e^d - 1)) - d`,
    with the cancellation done by hand and :math:`1 - y_T` summed from the other
    probabilities). Both keep full relative precision however small the rise.

    Parameters
    ----------
    logits : array_like, shape (K,)
    target : int
        :math:`T` (0-based).
    index : int
        :math:`m` (0-based).
    start : float
        :math:`a`, where the rise is 0.
    values : array_like, shape (N,)

    Returns
    -------
    ndarray, shape (N,)
    """
    z = np.asarray(logits, dtype=np.float64)
    s = np.atleast_1d(np.asarray(values, dtype=np.float64))
    target_distribution(target, z.shape[-1])  # range check
    probabilities = softmax(slice_points(z, index, [start])[0])
    offset = s - float(start)
    if index != int(target):
        return np.log1p(probabilities[index] * np.expm1(offset))
    others = float(np.sum(np.delete(probabilities, index)))
    return np.log1p(others * np.expm1(-offset))


def slice_area(
    logits: ArrayLike, target: int, index: int, start: float, end: float
) -> float:
    r"""The area :math:`\int_a^b (y_m - t_m)\, dz_m` by Gauss–Legendre quadrature.

    This is :func:`mathcore.numerics.line_integral` of the field
    :math:`y - t` along the straight segment from :math:`z|_{z_m = a}` to
    :math:`z|_{z_m = b}`: only the :math:`m`-th component of the field meets the
    segment's direction.
    """
    ends = slice_points(logits, index, [start, end])

    def field_of(points: Array) -> Array:
        return nll_gradient(points, target)

    return line_integral(field_of, ends)


def _minus(left: sp.Expr, right: sp.Expr) -> sp.Expr:
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


def slice_formulas() -> dict[str, str]:
    r"""The slice's symbols and its rise, printed from sympy.

    ``variable`` (:math:`z_m`), ``integrand`` (:math:`y_m - t_m`),
    ``rise_axis`` (:math:`C(z_m) - C(a)`), ``start``/``end`` (:math:`a`,
    :math:`b`) and ``rise`` (:math:`C(b) - C(a)`, the left-hand side of the
    rise's value).
    """
    a, b = sp.symbols("a b", real=True)
    cost = sp.Function("C")
    z_m = nt.z[nt.m]
    return {
        "variable": nt.latex(z_m),
        "integrand": nt.latex(_minus(nt.y[nt.m], nt.t[nt.m])),
        "rise_axis": nt.latex(_minus(cost(z_m), cost(a))),
        "start": nt.latex(a),
        "end": nt.latex(b),
        "rise": nt.latex(_minus(cost(b), cost(a))),
    }


def reverse_terms() -> list[str]:
    r"""Terms that carry over between chapter 5's formulas (for matching morphs).

    The lecture's :func:`mathcore.example.formula_terms`, then the pieces of the
    integration: :math:`\int`, :math:`dz_m`, :math:`\log u`, the constants
    :math:`+ f`, :math:`+ g`, :math:`+ c`, and the indices :math:`n` of step 6.
    """
    m, n = nt.m, nt.n
    extra = [
        sp.log(nt.u), nt.y[n], nt.t[n], sp.Mul(-1, sp.log(nt.y[nt.T]), evaluate=False),
    ]
    printed = [nt.latex(term) for term in extra]
    integral = nt.latex(sp.Integral(nt.y[m], nt.z[m]))  # "\int y_{m}\, dz_{m}"
    differential = integral[integral.index(r"\,"):]
    constants = [f"+ {nt.latex(symbol)}" for symbol in (nt.f, nt.g, nt.c)]
    return formula_terms() + printed + [r"\int", differential] + constants


def reverse_latex() -> dict[str, str]:
    r"""Chapter 5's formulas that join or finish :func:`reverse_derivation`'s steps.

    Keys: ``requirement`` (:math:`\partial C/\partial z_m = y_m - t_m`),
    ``substitution`` (:math:`u = \sum_k e^{z_k}`), ``integral_back`` (step 4
    with :math:`u` put back), ``constant`` (:math:`f - g = c`), ``cost_steps``
    (steps 7 and 8 on one line), ``result``
    (:math:`C = \log\sum_k e^{z_k} - z_T = -\log y_T`, choosing :math:`c = 0`).
    And terms of those formulas that the chapter moves by name (each one of
    :func:`reverse_terms`): ``sum_exp``, ``log_sum_exp``, ``log_u``,
    ``indicator`` (:math:`1_{m=T}`), ``target_logit`` (:math:`z_T`), and the
    constants ``plus_f``, ``plus_g``.
    """
    steps = reverse_derivation().steps
    log_sum = nt.log_sum_exp()
    total = log_sum.args[0]
    cost = _minus(log_sum, nt.z[nt.T])
    return {
        "requirement": (f"{nt.latex(sp.Derivative(nt.C, nt.z[nt.m]))} = "
                        f"{nt.latex(_minus(nt.y[nt.m], nt.t[nt.m]))}"),
        "substitution": f"{nt.latex(nt.u)} = {nt.latex(total)}",
        "integral_back": (f"{steps[3].lhs_latex} = "
                          f"{nt.latex(sp.Add(log_sum, nt.f, evaluate=False))}"),
        "constant": f"{nt.latex(_minus(nt.f, nt.g))} = {nt.latex(nt.c)}",
        "cost_steps": f"{steps[6].latex} {steps[7].latex}",
        "result": (f"{nt.latex(nt.C)} = {nt.latex(cost)} = "
                   f"{nt.latex(sp.Mul(-1, sp.log(nt.y[nt.T]), evaluate=False))}"),
        "sum_exp": nt.latex(total),
        "log_sum_exp": nt.latex(log_sum),
        "log_u": nt.latex(sp.log(nt.u)),
        "indicator": nt.latex(sp.KroneckerDelta(nt.m, nt.T)),
        "target_logit": nt.latex(nt.z[nt.T]),
        "plus_f": f"+ {nt.latex(nt.f)}",
        "plus_g": f"+ {nt.latex(nt.g)}",
    }
