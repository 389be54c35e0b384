r"""The printed notes' notation: reasons, headings and symbols typeset from sympy.

The derivations in :mod:`mathcore.derivations` say why each step holds in one
line of plain words (``"sigma'(z) = sigma(z)(1 - sigma(z))"``), which the
verify report and the video's captions print as they are. Printed notes set
the same reasons as mathematics: :func:`step_reasons` gives each reason as
LaTeX whose formulas are printed here from sympy expressions, and
:func:`derivation_title` does the same for the headings.

The notes use the lecture's one notation throughout: :math:`y` for
probabilities and :math:`t` for targets, a single sigmoid neuron included
(activation :math:`a`, target :math:`t`, :data:`NEURON_TARGET`).
:func:`notes_derivations` gives the lecture's derivations in that notation
(any single neuron's target written :math:`y`, as Nielsen does, becomes
:data:`NEURON_TARGET`); they are proven again like the originals
(:meth:`mathcore.derivations.Derivation.verify`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy as sp

from . import notation as nt
from .canonical import hessian_expression
from .derivations import Derivation, all_derivations, neuron_target
from .notation import A, C, K, T, a, c, f, g, k, m, n, t, u, x, y, y_target, z

__all__ = [
    "CHECK_DESCRIPTIONS",
    "NEURON_TARGET",
    "NOTATION",
    "derivation_title",
    "exercise_formulas",
    "latex",
    "notes_derivations",
    "step_reasons",
]

NEURON_TARGET = neuron_target
"""A single neuron's target: :math:`t`, in the notes as in the lecture."""

Section = Callable[[int], str]


class NotesLatexPrinter(nt.LectureLatexPrinter):
    r"""The lecture's printer, with a transpose printed :math:`^\top`, never :math:`^T`.

    :math:`T` is the target class in these notes, so :math:`y y^T` would read
    as a power of the target.
    """

    def _print_Transpose(self, expr: sp.Transpose) -> str:  # noqa: N802 - sympy's name
        return rf"{self._print(expr.arg)}^{{\top}}"


_PRINTER = NotesLatexPrinter()


def latex(expr: sp.Basic) -> str:
    """LaTeX of ``expr`` in the notes' notation."""
    return _PRINTER.doprint(expr)


def _m(expr: sp.Basic) -> str:
    """Inline math for ``expr``."""
    return f"${latex(expr)}$"


def _eq(lhs: sp.Basic, rhs: sp.Basic) -> str:
    """Inline math for ``lhs = rhs``."""
    return f"${latex(lhs)} = {latex(rhs)}$"


def _minus(left: sp.Expr, right: sp.Expr) -> sp.Expr:
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


def _times(*factors: sp.Expr) -> sp.Expr:
    return sp.Mul(*factors, evaluate=False)


def _swap_neuron_target(expr: sp.Expr) -> sp.Expr:
    return expr.xreplace({y_target: NEURON_TARGET})


def in_notes_notation(derivation: Derivation) -> Derivation:
    """``derivation`` with a single neuron's target written :data:`NEURON_TARGET`.

    The definitions are wrapped so that what a symbol stands for is written in
    the same notation; the result is proven like any derivation.
    """
    def wrap(definitions: Callable | None) -> Callable | None:
        if definitions is None:
            return None
        return lambda expr: _swap_neuron_target(definitions(expr))

    steps = tuple(
        replace(step, lhs=_swap_neuron_target(step.lhs), rhs=_swap_neuron_target(step.rhs),
                definitions=wrap(step.definitions))
        for step in derivation.steps
    )
    return replace(derivation, steps=steps, definitions=wrap(derivation.definitions))


def notes_derivations() -> tuple[Derivation, ...]:
    """The lecture's five derivations in the notes' notation (:func:`in_notes_notation`)."""
    return tuple(in_notes_notation(derivation) for derivation in all_derivations())


def _sum_exp() -> sp.Expr:
    return sp.Sum(sp.exp(z[k]), (k, 1, K))


def _log_sum_exp() -> sp.Expr:
    return sp.log(_sum_exp())


def _cost() -> sp.Expr:
    return sp.Mul(-1, sp.log(y[T]), evaluate=False)


def derivation_title(name: str) -> str:
    """A derivation's heading as LaTeX (text with inline math); KeyError for an unknown one."""
    gradient = _m(_minus(sp.Symbol("y"), sp.Symbol("t")))
    titles = {
        "forward": f"From {_m(_cost())} to the gradient {gradient}",
        "reverse": f"Integrating {gradient} back to {_m(_cost())}",
        "potential": "Why integrating one coordinate at a time is allowed",
        "sigmoid": "The same trick for a sigmoid neuron",
        "canonical": "The deeper reason: a cost and its canonical output",
    }
    return titles[name]


def _hessian() -> str:
    hessian, _ = hessian_expression()
    return latex(hessian)


def step_reasons(section: Section) -> dict[str, str]:
    r"""Each derivation step's reason as LaTeX, keyed by the step's plain-text justification.

    Parameters
    ----------
    section : callable
        ``section(3)`` is how the notes refer to the section of chapter 3
        (``"Section~\ref{sec:ch3}"``).

    Returns
    -------
    dict of str to str
        Text with inline math; every formula printed from a sympy expression.
    """
    sigma = sp.Function("sigma")
    slope = sp.Derivative(sigma(x), x)
    target = NEURON_TARGET
    z_vector, t_vector = sp.MatrixSymbol("z", K, 1), sp.MatrixSymbol("t", K, 1)
    soft_cost = f"{latex(sp.Function('A')(sp.Symbol('z')))} - {latex(t_vector.T * z_vector)}"
    hessian = _hessian()
    direction = sp.MatrixSymbol("v", K, 1)
    quadratic = rf"{latex(direction.T)} \left({hessian}\right) {latex(direction)}"
    differential = rf"$d{latex(u)} = {latex(sp.exp(z[m]))}\, d{latex(z[m])}$"
    neuron = _eq(a, sigma(x))
    return {
        # Forward (chapter 4).
        "The cost is minus the log of the probability given to the target.":
            "The cost is minus the log of the probability given to the target.",
        "Softmax: y_T is e^{z_T} divided by the sum of all e^{z_k}.":
            f"Softmax: {_m(y[T])} is {_m(sp.exp(z[T]))} divided by {_m(_sum_exp())}.",
        "The log of a quotient is a difference of logs, and log e^{z_T} = z_T.":
            f"The log of a quotient is a difference of logs, and "
            f"{_eq(sp.log(sp.exp(z[T]), evaluate=False), z[T])}.",
        "Distribute the minus sign.": "Distribute the minus sign.",
        "Differentiation is linear: one term at a time.":
            "Differentiation is linear: one term at a time.",
        "Chain rule: 1 over the sum, times the one term of the sum that holds z_m.":
            f"Chain rule: {_m(1 / _sum_exp())} times "
            f"{_eq(sp.Derivative(_sum_exp(), z[m]), sp.exp(z[m]))}, the one term of the sum "
            f"that holds {_m(z[m])}.",
        "That quotient is the softmax output y_m.":
            f"That quotient is the softmax output {_m(y[m])}.",
        "z_T moves with z_m only when m is the target.":
            f"{_m(z[T])} moves with {_m(z[m])} only when {_m(sp.Eq(m, T))}.",
        "That indicator is the one-hot target t_m.":
            f"That indicator is the one-hot target {_m(t[m])}.",
        "Put the two terms together: the 'magic' gradient.":
            "Put the two terms together: the ``magic'' gradient.",
        # Reverse (chapter 5).
        "The requirement, written out: softmax minus the one-hot target.":
            "The requirement, written out: softmax minus the one-hot target.",
        "Integrate over z_m, one term at a time.":
            f"Integrate over {_m(z[m])}, one term at a time.",
        "Substitute u = sum_k e^{z_k}: only its k = m term holds z_m, so "
        "du = e^{z_m} dz_m and the integrand is du/u.":
            f"Substitute {_eq(u, _sum_exp())}: only its term {_m(sp.Eq(k, m))} holds "
            f"{_m(z[m])}, so {differential} and the integrand is "
            rf"$d{latex(u)}/{latex(u)}$.",
        "The integrand is du/u, whose integral is log u plus f, free of z_m.":
            rf"The integrand is $d{latex(u)}/{latex(u)}$, whose integral is "
            f"{_m(sp.log(u))} plus a term {_m(f)} free of {_m(z[m])}.",
        "1_{m=T} is 1 only when m = T, and the integral of dz_T is z_T, plus g free of z_m.":
            f"{_m(sp.KroneckerDelta(m, T))} is 1 only when {_m(sp.Eq(m, T))}, and "
            f"{_eq(sp.Integral(1, z[T]), z[T])}, plus a term {_m(g)} free of {_m(z[m])}.",
        "This holds for every n, so f - g can hold no z_n at all: it is a constant c.":
            f"This holds for every {_m(n)}, so {_m(_minus(f, g))} can hold no {_m(z[n])} at "
            f"all: it is a constant {_m(c)}.",
        "Collect the terms: the cost, up to that constant.":
            "Collect the terms: the cost, up to that constant.",
        "It is the negative log-likelihood of chapter 3; choose c = 0.":
            f"It is the negative log-likelihood of {section(3)}; choose "
            f"{_eq(c, sp.Integer(0))}.",
        # Potential (chapter 6).
        "The field: the required gradient, one entry per class.":
            "The field: the required gradient, one entry per class.",
        "t does not depend on z.":
            f"{_m(sp.Symbol('t'))} does not depend on {_m(sp.Symbol('z'))}.",
        "Quotient rule on e^{z_m} / sum_k e^{z_k}.":
            f"Quotient rule on {_m(sp.exp(z[m]) / _sum_exp())}.",
        "Entry (m, n) of diag(y) - y y^T.":
            f"Entry {_m(sp.Tuple(m, n))} of ${hessian}$.",
        "Symmetric: the field is curl-free on all of R^K, "
        "so it is the gradient of a potential.":
            rf"Symmetric: the field is curl-free on all of $\mathbb{{R}}^{{{latex(K)}}}$, "
            "so it is the gradient of a potential.",
        "The potential is C = log sum_k e^{z_k} - z_T; any other differs by a constant.":
            f"The potential is {_eq(C, _minus(_log_sum_exp(), z[T]))}; any other differs "
            "by a constant.",
        # Sigmoid (chapter 7).
        "The sigmoid's slope: sigma'(z) = sigma(z)(1 - sigma(z)).":
            f"The sigmoid's slope: {_eq(slope, _times(sigma(x), 1 - sigma(x)))}, "
            f"with {neuron}.",
        "Chain rule: dC/dz = dC/da times sigma'(z), so divide the requirement by a(1 - a).":
            f"Chain rule: {_eq(sp.Derivative(C, x), _times(sp.Derivative(C, a), slope))}, "
            f"so divide the requirement {_eq(sp.Derivative(C, x), a - target)} by "
            f"{_m(_times(a, 1 - a))}.",
        "Partial fractions.": "Partial fractions.",
        "Integrate in a: the cross-entropy, plus a constant.":
            f"Integrate in {_m(a)}: the cross-entropy, plus a constant {_m(c)}.",
        "Check: the cross-entropy of a = sigma(z) meets the requirement.":
            f"Check: the cross-entropy of {neuron} meets the requirement.",
        "Two-class softmax is a sigmoid of z_1 - z_2.":
            f"Two-class softmax is a sigmoid of {_m(_minus(z[1], z[2]))}.",
        "So the two-class softmax cost is the sigmoid's cross-entropy: "
        "chapter 5 contains it.":
            f"So the two-class softmax cost is the sigmoid's cross-entropy: {section(5)} "
            "contains it.",
        # Canonical (chapter 8).
        "The gradient of A = log sum_k e^{z_k} is the softmax.":
            f"The gradient of {_eq(A, _log_sum_exp())} is the softmax.",
        "Its Hessian is diag(y) - y y^T.": f"Its Hessian is ${hessian}$.",
        "For any v, v^T (diag(y) - y y^T) v is a variance under y: never negative, "
        "so A and C are convex.":
            f"For any {_m(sp.Symbol('v'))}, ${quadratic}$ is a variance under "
            f"{_m(sp.Symbol('y'))}: never negative, so {_m(A)} and {_m(C)} are convex.",
        "For any target distribution t (soft labels too), C = A(z) - t^T z.":
            f"For any target distribution {_m(sp.Symbol('t'))} (soft labels too), "
            f"${latex(C)} = {soft_cost}$.",
        "So the gradient is y - t for every target distribution.":
            f"So the gradient is {_m(_minus(sp.Symbol('y'), sp.Symbol('t')))} for every "
            "target distribution.",
        "A sigmoid neuron: A = log(1 + e^z) has derivative sigma(z).":
            f"A sigmoid neuron: {_eq(A, sp.log(1 + sp.exp(x)))} has derivative "
            f"{_m(sigma(x))}.",
        "and A(z) - t z is the cross-entropy, with gradient sigma(z) - t.":
            f"and {_m(_minus(sp.Function('A')(x), _times(target, x)))} is the cross-entropy, "
            f"with gradient {_m(_minus(sigma(x), target))}.",
        "A linear output: A = z^2/2 has derivative z.":
            f"A linear output: {_eq(A, x**2 / 2)} has derivative {_m(x)}.",
        "and A(z) - t z is the squared error, up to a constant, with gradient z - t.":
            f"and {_m(_minus(sp.Function('A')(x), _times(target, x)))} is the squared error, "
            f"up to a constant, with gradient {_m(_minus(x, target))}.",
    }


def _check_descriptions() -> dict[str, str]:
    y_minus_t = _minus(y[m], t[m])
    field = _minus(sp.Symbol("y"), sp.Symbol("t"))
    cost = sp.Function("C")
    zs = sp.Symbol("z")
    rise = _minus(cost(zs), cost(sp.Integer(0)))
    softmax = sp.Function("softmax")
    return {
        "probabilities_sum_to_one": _eq(sp.Sum(y[k], (k, 1, K)), sp.Integer(1)),
        "cost_is_log_sum_exp_minus_target":
            _eq(_cost(), _minus(_log_sum_exp(), z[T])),
        "gradient_matches_finite_differences":
            f"{_m(field)} equals central differences of {_m(C)}",
        "gradient_sums_to_zero": _eq(sp.Sum(y_minus_t, (m, 1, K)), sp.Integer(0)),
        "jacobian_is_symmetric": f"${_hessian()}$ is symmetric",
        "shift_invariance":
            _eq(softmax(sp.Add(zs, c, evaluate=False)), softmax(zs)),
        "straight_path_integral":
            f"straight path: integral of {_m(field)} equals {_m(rise)}",
        "coordinatewise_path_integral":
            f"one coordinate at a time: integral of {_m(field)} equals {_m(rise)}",
        "slice_area_is_cost_rise":
            f"area under {_m(y_minus_t)} equals "
            f"{_m(_minus(cost(sp.Symbol('b')), cost(sp.Symbol('a'))))} (relative)",
        "target_slice_area_is_cost_fall":
            f"along {_m(z[T])}, area under {_m(_minus(y[T], sp.Integer(1)))} equals "
            f"{_m(_minus(cost(sp.Symbol('b')), cost(sp.Symbol('a'))))} (relative)",
        "descent_decreases_cost": "gradient descent never raises the cost",
        "cost_is_nonnegative": rf"${latex(C)} \geq 0$",
    }


CHECK_DESCRIPTIONS: dict[str, str] = _check_descriptions()
"""Each of :attr:`mathcore.example.WorkedExample.checks`, described as LaTeX by its name."""


def _notation() -> tuple[tuple[str, str], ...]:
    sigma = sp.Function("sigma")
    return (
        (f"{latex(K)}; {latex(k)}, {latex(m)}, {latex(n)}",
         "the number of classes; indices that run over the classes"),
        (f"{latex(z[m])}, {latex(sp.Symbol('z'))}",
         "the logit of class $m$; the vector of logits"),
        (f"{latex(y[m])} = {latex(sp.exp(z[m]) / _sum_exp())}",
         "the softmax probability of class $m$; $y$ is the vector of them"),
        (latex(T), "the target: the class the example belongs to"),
        (f"{latex(t[m])} = {latex(sp.KroneckerDelta(m, T))}",
         "the one-hot target, or any target distribution; never written $y$"),
        (f"{latex(C)} = {latex(_cost())}", "the cost: the negative log-likelihood"),
        (f"{latex(nt.g_field[m])} = {latex(_minus(y[m], t[m]))}",
         "the gradient of the cost, seen as a vector field"),
        (latex(sp.KroneckerDelta(m, n)), "1 when $m = n$, else 0"),
        (f"{latex(A)} = {_latex_log_sum_exp()}", "the log-partition function"),
        (_hessian(), "the Jacobian of the softmax, and the Hessian of $A$ and of $C$"),
        (f"{latex(a)} = {latex(sigma(x))}, {latex(NEURON_TARGET)}",
         "a single sigmoid neuron's activation and its target"),
        (r"\eta", "the learning rate of gradient descent"),
    )


def _latex_log_sum_exp() -> str:
    return latex(_log_sum_exp())


NOTATION: tuple[tuple[str, str], ...] = _notation()
"""The notes' notation table: (symbol as LaTeX math, meaning as LaTeX text) rows."""


def exercise_formulas() -> dict[str, str]:
    r"""The formulas of the handout's conceptual and proof exercises and their solutions.

    Returns
    -------
    dict of str to str
        Math-mode LaTeX, each printed from sympy: ``gradient_sum``
        (:math:`\sum_m \partial C/\partial z_m = 0`) and ``gradient_sum_proof``,
        ``softmax_slope`` (:math:`\partial y_m/\partial z_n = y_m(\delta_{mn} - y_n)`),
        ``quadratic_form`` (:math:`v^\top(\operatorname{diag}(y) - y y^\top) v \ge 0`),
        ``squared_error`` and ``squared_error_gradient`` (a softmax with the squared
        error), ``linear_requirement`` (:math:`\partial C/\partial z = z - t`),
        ``perfect`` (:math:`-\log 1 = 0`), ``hessian`` and ``ones``.
    """
    zero, one = sp.Integer(0), sp.Integer(1)
    gradient_sum = sp.Sum(sp.Derivative(C, z[m]), (m, 1, K))
    y_sum, t_sum = sp.Sum(y[m], (m, 1, K)), sp.Sum(t[m], (m, 1, K))
    hessian, probabilities = hessian_expression()
    direction = sp.MatrixSymbol("v", K, 1)
    target_vector = sp.MatrixSymbol("t", K, 1)
    half = sp.Rational(1, 2)
    squared = sp.Mul(half, sp.Sum(sp.Pow(_minus(y[k], t[k]), 2), (k, 1, K)), evaluate=False)
    gradient_vector = sp.Derivative(C, sp.MatrixSymbol("z", K, 1))
    return {
        "gradient_sum": f"{latex(gradient_sum)} = {latex(zero)}",
        "gradient_sum_proof": (
            f"{latex(sp.Sum(_minus(y[m], t[m]), (m, 1, K)))} = "
            f"{latex(_minus(y_sum, t_sum))} = {latex(_minus(one, one))} = {latex(zero)}"),
        "softmax_slope": (f"{latex(sp.Derivative(y[m], z[n]))} = "
                          f"{latex(_times(y[m], _minus(sp.KroneckerDelta(m, n), y[n])))}"),
        "quadratic_form": rf"{latex(direction.T)} \left({latex(hessian)}\right) "
                          rf"{latex(direction)} \geq 0",
        "squared_error": f"{latex(C)} = {latex(squared)}",
        "squared_error_gradient": (
            rf"{latex(gradient_vector)} = \left({latex(hessian)}\right)"
            rf"\left({latex(probabilities)} - {latex(target_vector)}\right)"),
        "linear_requirement": (f"{latex(sp.Derivative(C, x))} = "
                               f"{latex(_minus(x, NEURON_TARGET))}"),
        "linear_cost": (f"{latex(C)} = {latex((x - NEURON_TARGET) ** 2 / 2)} + {latex(c)}"),
        "perfect": f"{latex(sp.Mul(-1, sp.log(one, evaluate=False), evaluate=False))} = "
                   f"{latex(zero)}",
        "hessian": latex(hessian),
        "ones": r"\mathbf{1}",
    }
