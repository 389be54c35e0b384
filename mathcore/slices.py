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
    "constant_stages",
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


def slice_formulas(along_target: bool = False) -> dict[str, str]:
    r"""The slice's symbols and its rise, printed from sympy.

    ``variable`` (:math:`z_m`), ``integrand`` (:math:`y_m - t_m`),
    ``rise_axis`` (:math:`C(z_m) - C(a)`), ``start``/``end`` (:math:`a`,
    :math:`b`), ``rise`` (:math:`C(b) - C(a)`, the left-hand side of the
    rise's value) and ``area`` (:math:`\int_a^b (y_m - t_m)\, dz_m`, the
    left-hand side of the area's value). ``along_target``: the slice along the
    target's own logit, where :math:`m = T` and :math:`t_T = 1`, so the
    variable is :math:`z_T` and the integrand :math:`y_T - 1`.
    """
    a, b = sp.symbols("a b", real=True)
    cost = sp.Function("C")
    index = nt.T if along_target else nt.m
    variable = nt.z[index]
    integrand = (sp.Add(nt.y[index], sp.Integer(-1), evaluate=False) if along_target
                 else _minus(nt.y[index], nt.t[index]))
    return {
        "variable": nt.latex(variable),
        "integrand": nt.latex(integrand),
        "rise_axis": nt.latex(_minus(cost(variable), cost(a))),
        "start": nt.latex(a),
        "end": nt.latex(b),
        "rise": nt.latex(_minus(cost(b), cost(a))),
        "area": nt.latex(sp.Integral(integrand, (variable, a, b))),
    }


def reverse_terms() -> list[str]:
    r"""Terms that carry over between chapter 5's formulas (for matching morphs).

    The lecture's :func:`mathcore.example.formula_terms`, then the pieces of the
    integration: :math:`\int`, :math:`dz_m`, :math:`\log u`, the constants
    :math:`+ f`, :math:`+ g`, :math:`+ c`, the indices :math:`n` of step 6, and
    the substitution's :math:`1/u` and :math:`du`, and the other logits
    :math:`(z_1, \ldots, \hat z_m, \ldots, z_K)` that :math:`f` and :math:`g` may hold.
    """
    m, n = nt.m, nt.n
    extra = [
        sp.log(nt.u), nt.y[n], nt.t[n], sp.Mul(-1, sp.log(nt.y[nt.T]), evaluate=False),
    ]
    printed = [nt.latex(term) for term in extra]
    constants = [f"+ {nt.latex(symbol)}" for symbol in (nt.f, nt.g, nt.c)]
    substitution = [nt.latex(1 / nt.u), _differential(nt.u), _other_logits()]
    return (formula_terms() + printed + [r"\int", _differential(nt.z[m])] + constants
            + substitution)


def _differential(variable: sp.Expr) -> str:
    r"""``\, dz_{m}``: the differential as the lecture's integrals print it."""
    printed = nt.latex(sp.Integral(sp.Symbol("X"), variable))
    return printed[printed.index(r"\,"):]


def _arguments(variables: list[str]) -> str:
    """An argument list, ``(z_{1}, z_{2})``, as a lecturer writes it."""
    return f"({', '.join(variables)})"


def _other_logits() -> str:
    r""":math:`(z_1, \ldots, \hat z_m, \ldots, z_K)`: every logit but :math:`z_m` (hatted)."""
    hatted = rf"\hat{{{nt.latex(nt.z.label)}}}_{{{nt.latex(nt.m)}}}"
    return _arguments([nt.latex(nt.z[1]), r"\ldots", hatted, r"\ldots", nt.latex(nt.z[nt.K])])


def constant_stages(classes: int) -> list[tuple[str, ...]]:
    r"""The logits :math:`f - g` may hold, as :math:`m` runs over the classes: pieces of LaTeX.

    Stage :math:`i` (0 to :math:`K - 1`) is :math:`(f - g)(z_{i+1}, \ldots, z_K)`:
    integrating along :math:`z_1, \ldots, z_i` showed that it holds none of them.
    Each stage is cut into pieces (the function, the brackets, each logit and
    each comma) so that a chapter can move the logits that stay and drop the one
    that goes. The last stage is followed by :math:`f - g = c` (``reverse_latex()["constant"]``).

    Parameters
    ----------
    classes : int
        :math:`K`, at least 1.
    """
    if classes < 1:
        raise ValueError("the logits need at least one class")
    function = f"({nt.latex(_minus(nt.f, nt.g))})"
    stages = []
    for first in range(1, classes + 1):
        pieces = [function, "("]
        for index in range(first, classes + 1):
            if index > first:
                pieces.append(",")
            pieces.append(nt.latex(nt.z[index]))
        stages.append((*pieces, ")"))
    return stages


def reverse_latex() -> dict[str, str]:
    r"""Chapter 5's formulas that join or finish :func:`reverse_derivation`'s steps.

    Keys: ``requirement`` (:math:`\partial C/\partial z_m = y_m - t_m`),
    ``substitution`` (:math:`u = \sum_k e^{z_k}`), ``differential``
    (:math:`du = e^{z_m}\, dz_m`), ``du_over_u`` (steps 3 and 4 on one line:
    the integral of the softmax term is :math:`\int du/u = \log u + f`),
    ``integral_back`` (step 4 with :math:`u` put back), ``integral_back_args``
    and ``indicator_args`` (the same with :math:`f` and :math:`g` written as
    functions of every logit but :math:`z_m`), ``difference``
    (:math:`C - \log\sum_k e^{z_k} + z_T = f - g`: no :math:`m` in it),
    ``constant`` (:math:`f - g = c`), ``cost_steps``
    (steps 7 and 8 on one line), ``result``
    (:math:`C = \log\sum_k e^{z_k} - z_T = -\log y_T`, choosing :math:`c = 0`).
    And terms of those formulas that the chapter moves by name (each one of
    :func:`reverse_terms`): ``sum_exp``, ``log_sum_exp``, ``log_u``,
    ``indicator`` (:math:`1_{m=T}`), ``target_logit`` (:math:`z_T`), and the
    constants ``plus_f``, ``plus_g``, ``plus_c``, the substitution's pieces
    ``numerator`` (:math:`e^{z_m}`), ``dz``, ``one_over_u``, ``du``, and ``other_logits``
    (:math:`(z_1, \ldots, \hat z_m, \ldots, z_K)`).
    """
    derivation = reverse_derivation()
    log_sum = nt.log_sum_exp()
    total = log_sum.args[0]
    cost = _minus(log_sum, nt.z[nt.T])
    others = _other_logits()
    difference = sp.Add(nt.C, sp.Mul(-1, log_sum, evaluate=False), nt.z[nt.T], evaluate=False)
    softmax_term = derivation.step("softmax_integral")
    indicator_term = derivation.step("indicator_integral")
    return {
        "differential": (f"d{nt.latex(nt.u)} = {nt.latex(sp.exp(nt.z[nt.m]))}"
                         f"{_differential(nt.z[nt.m])}"),
        "du_over_u": f"{derivation.step('substitution').latex} = {softmax_term.rhs_latex}",
        "integral_back_args": (f"{softmax_term.lhs_latex} = "
                               f"{nt.latex(sp.Add(log_sum, nt.f, evaluate=False))}{others}"),
        "indicator_args": f"{indicator_term.latex}{others}",
        "difference": f"{nt.latex(difference)} = {nt.latex(_minus(nt.f, nt.g))}",
        "other_logits": others,
        "requirement": (f"{nt.latex(sp.Derivative(nt.C, nt.z[nt.m]))} = "
                        f"{nt.latex(_minus(nt.y[nt.m], nt.t[nt.m]))}"),
        "substitution": f"{nt.latex(nt.u)} = {nt.latex(total)}",
        "integral_back": (f"{softmax_term.lhs_latex} = "
                          f"{nt.latex(sp.Add(log_sum, nt.f, evaluate=False))}"),
        "constant": f"{nt.latex(_minus(nt.f, nt.g))} = {nt.latex(nt.c)}",
        "cost_steps": (f"{derivation.step('collected').latex} "
                       f"{derivation.step('negative_log_likelihood').latex}"),
        "result": (f"{nt.latex(nt.C)} = {nt.latex(cost)} = "
                   f"{nt.latex(sp.Mul(-1, sp.log(nt.y[nt.T]), evaluate=False))}"),
        "sum_exp": nt.latex(total),
        "log_sum_exp": nt.latex(log_sum),
        "log_u": nt.latex(sp.log(nt.u)),
        "indicator": nt.latex(sp.KroneckerDelta(nt.m, nt.T)),
        "target_logit": nt.latex(nt.z[nt.T]),
        "plus_f": f"+ {nt.latex(nt.f)}",
        "plus_g": f"+ {nt.latex(nt.g)}",
        "plus_c": f"+ {nt.latex(nt.c)}",
        "numerator": nt.latex(sp.exp(nt.z[nt.m])),
        "dz": _differential(nt.z[nt.m]),
        "one_over_u": nt.latex(1 / nt.u),
        "du": _differential(nt.u),
    }
