r"""Chapters 3 and 4's mathematics beyond the derivation: the cost's limits and the moving terms.

The cost :math:`C = -\log y_T` has the limits :math:`0` as :math:`y_T \to 1^-`
and :math:`\infty` as :math:`y_T \to 0^+` (:func:`limits`, proven by sympy in
the tests); chapter 4 checks the gradient with the central difference of
:func:`finite_difference_latex`. :func:`rewrite_moves` and
:func:`gradient_moves` say which term of one step of the forward derivation
becomes which term of the next, so that a scene can morph one into the other.
The curve that shows the cost, its axes and its sliding dot are display data:
:mod:`mathcore.views.cost_curve`.
"""

from __future__ import annotations

import math

import sympy as sp

from . import notation as nt
from .notation import format_number
from .numerics import FINITE_DIFFERENCE_STEP

__all__ = [
    "finite_difference_latex",
    "gradient_moves",
    "limits",
    "limits_latex",
    "rewrite_moves",
]


def limits() -> dict[str, tuple[sp.Limit, sp.Expr]]:
    r"""The two limits of the curve as (unevaluated limit, its value).

    :math:`\lim_{y_T \to 1^-} (-\log y_T) = 0` and
    :math:`\lim_{y_T \to 0^+} (-\log y_T) = \infty`.
    """
    probability = sp.Symbol("y_{T}", positive=True)
    cost = sp.Mul(-1, sp.log(probability), evaluate=False)
    return {
        "to_one": (sp.Limit(cost, probability, 1, "-"), sp.Integer(0)),
        "to_zero": (sp.Limit(cost, probability, 0, "+"), sp.oo),
    }


def limits_latex() -> dict[str, str]:
    r"""LaTeX of :func:`limits`.

    The limit is printed in the lecture's notation, its value by sympy's own
    printer: the lecture's printer skips the objects' own ``_latex``, and so
    prints :math:`\infty` as a word.
    """
    return {name: f"{nt.latex(limit)} = {sp.latex(value)}"
            for name, (limit, value) in limits().items()}


def finite_difference_latex() -> dict[str, str]:
    r"""The central difference that chapter 4 checks the gradient with.

    ``definition``: :math:`\Delta_m = \frac{C(z + h e_m) - C(z - h e_m)}{2h}`;
    ``step``: :math:`h` as the power of ten it is
    (:data:`mathcore.numerics.FINITE_DIFFERENCE_STEP`).
    """
    h = sp.Symbol("h", positive=True)
    point = sp.Symbol("z")
    unit = sp.IndexedBase("e")[nt.m]
    cost = sp.Function("C")
    difference = sp.Add(cost(sp.Add(point, h * unit, evaluate=False)),
                        sp.Mul(-1, cost(sp.Add(point, -h * unit, evaluate=False)),
                               evaluate=False), evaluate=False)
    numerator, denominator = nt.latex(difference), nt.latex(2 * h)
    delta = nt.latex(sp.IndexedBase(sp.Symbol(r"\Delta"))[nt.m])
    exponent = math.log10(FINITE_DIFFERENCE_STEP)
    if abs(exponent - round(exponent)) > 1e-9:
        step = format_number(FINITE_DIFFERENCE_STEP)
    else:
        step = rf"10^{{{int(round(exponent))}}}"
    return {
        "definition": rf"{delta} = \frac{{{numerator}}}{{{denominator}}}",
        "step": rf"{nt.latex(h)} = {step}",
    }


def _term(expr: sp.Basic) -> str:
    return nt.latex(expr)


def rewrite_moves() -> tuple[dict[str, str], ...]:
    r"""Chapter 3's rewrite: which term of each step turns into which term of the next.

    For steps 0 to 3 of the forward derivation. Terms that appear unchanged in
    both steps match by themselves; these are the ones that change:
    :math:`y_T` becomes :math:`e^{z_T}` (over the sum), then :math:`e^{z_T}`
    becomes :math:`z_T` and the sum its log.
    """
    z, y = nt.z, nt.y
    total = sp.Sum(sp.exp(z[nt.k]), (nt.k, 1, nt.K))
    return (
        {_term(y[nt.T]): _term(sp.exp(z[nt.T]))},
        {_term(sp.exp(z[nt.T])): _term(z[nt.T]), _term(total): _term(sp.log(total))},
        {},
    )


def gradient_moves() -> dict[str, dict[str, str]]:
    r"""Chapter 4's moves between forward-derivation steps.

    ``cost``: :math:`C` becomes :math:`\partial C/\partial z_m` (step 3 to 4);
    ``softmax``: :math:`e^{z_m}` becomes :math:`y_m` (step 5 to 6);
    ``one_hot``: :math:`1_{m=T}` becomes :math:`t_m` (step 7 to 8).
    """
    z, y, t = nt.z, nt.y, nt.t
    return {
        "cost": {_term(nt.C): _term(sp.Derivative(nt.C, z[nt.m]))},
        "softmax": {_term(sp.exp(z[nt.m])): _term(y[nt.m])},
        "one_hot": {_term(sp.KroneckerDelta(nt.m, nt.T)): _term(t[nt.m])},
    }
