r"""Chapters 7 and 8's mathematics: the sigmoid neuron, and a cost paired with its canonical output.

* **Chapter 7.** The example reduced to two classes, its target and the rival
  whose logit is closest (:class:`TwoClassReduction`), as classes 1 and 2 of a
  two-class softmax: :math:`d = z_1 - z_2`, :math:`a = \sigma(d)`, which equals
  the two-class softmax probability :math:`e^{z_1}/(e^{z_1} + e^{z_2})`; the
  sigmoid's slope :math:`a(1 - a)`; and the cross-entropy
  :math:`C = -[t \log a + (1 - t)\log(1 - a)]` for the label :math:`t = t_1 = 1`,
  which equals the two-class softmax cost. A single output's target is
  :math:`t`, as everywhere in the lecture (:data:`target_scalar`).
* **Chapter 8.** The log-partition function :math:`A(z) = \log\sum_k e^{z_k}`
  at the example (:class:`LogPartition`); its Hessian
  :math:`\operatorname{diag}(y) - y y^\top` and that matrix's eigenvalues
  (:class:`HessianSpectrum`: all :math:`\ge 0`, exactly one :math:`= 0`, with
  eigenvector :math:`\mathbf{1}`); a soft-label example
  (:class:`SoftLabelExample`); and the three cost/output pairs
  (:class:`CanonicalPair`): :math:`A(z)`, the output :math:`A'(z)`, the cost and
  its gradient.

Every formula is printed from sympy by :func:`mathcore.notation.latex`; the
``*_terms`` functions list the terms that move between two formulas, so a
scene can morph them term by term (:func:`mathcore.notation.split_formula`).
The plots of both chapters (sampled curves, their axes, the labels with the
example's numbers) are display data: :mod:`mathcore.views.sigmoid` and
:mod:`mathcore.views.canonical`. Pure numpy and sympy: no Manim.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp
from sympy.matrices.expressions.diagonal import DiagMatrix

from . import notation as nt
from .derivations import canonical_link_derivation, neuron_target, sigmoid_derivation
from .notation import A, C, K, T, a, c, k, m, n, t, x, y, z
from .numerics import (
    FINITE_DIFFERENCE_STEP,
    binary_cross_entropy,
    finite_difference_gradient,
    logsumexp,
    nll,
    sigmoid,
    softmax,
)

if TYPE_CHECKING:
    from .example import WorkedExample

__all__ = [
    "SIGMA",
    "SMOOTHING",
    "TWO_CLASS_DIFFERENCE",
    "TWO_CLASS_PROBABILITY",
    "CanonicalPair",
    "HessianSpectrum",
    "LogPartition",
    "SoftLabelExample",
    "TwoClassReduction",
    "canonical_pair_formulas",
    "deeper_formulas",
    "deeper_terms",
    "hessian_expression",
    "hessian_spectrum",
    "lam",
    "log_partition",
    "rival_class",
    "sigmoid_equations",
    "sigmoid_formulas",
    "sigmoid_terms",
    "soft_label_example",
    "target_scalar",
    "two_class_reduction",
]

SMOOTHING = 0.1  # label smoothing of the soft-label example: t = (1 - e) 1_T + e / K


def _eq(lhs: sp.Expr, rhs: sp.Expr) -> str:
    return f"{nt.latex(lhs)} = {nt.latex(rhs)}"


def _minus(left: sp.Expr, right: sp.Expr) -> sp.Expr:
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


def _neg(expr: sp.Expr) -> sp.Expr:
    return sp.Mul(-1, expr, evaluate=False)


class _Diag(DiagMatrix):
    r""":math:`\operatorname{diag}(y)`, printed as the lecture writes it."""

    def _lecture_latex(self, printer: Any) -> str:
        return rf"\operatorname{{diag}}\left({printer._print(self.args[0])}\right)"


class _Ones(sp.MatrixSymbol):
    r"""The vector of ones :math:`\mathbf{1}`."""

    def _lecture_latex(self, printer: Any) -> str:
        return r"\mathbf{1}"


SIGMA = sp.Function("sigma")
# The target of a single output (chapters 7 and 8), beside the vector t of softmax.
target_scalar = neuron_target
SIGMOID = 1 / (1 + sp.exp(-x))
CROSS_ENTROPY = _neg(sp.Add(target_scalar * sp.log(a), (1 - target_scalar) * sp.log(1 - a)))
TWO_CLASS_DIFFERENCE = _minus(z[1], z[2])
TWO_CLASS_PROBABILITY = sp.exp(z[1]) / (sp.exp(z[1]) + sp.exp(z[2]))
lam = sp.Symbol("lambda")


# --------------------------------------------------------------------------
# Chapter 7: a sigmoid neuron.


@dataclass(frozen=True)
class TwoClassReduction:
    r"""Two of the example's classes as a single sigmoid neuron: the target and its rival.

    Class 1 of the two-class softmax is the example's target :math:`T`, class 2
    its *rival*: the other class whose logit is closest to :math:`z_T` (the
    first such class on a tie), so :math:`|d|` is as small as the example
    allows and the sigmoid's slope at :math:`d` as large. With
    :math:`d = z_1 - z_2`, the two-class softmax probability
    :math:`e^{z_1}/(e^{z_1} + e^{z_2}) = 1/(1 + e^{-d}) = \sigma(d)`, and the
    two-class softmax cost :math:`\log(e^{z_1} + e^{z_2}) - (t_1 z_1 + (1 - t_1) z_2)`
    is the cross-entropy :math:`-[t\log a + (1 - t)\log(1 - a)]` of
    :math:`a = \sigma(d)` with the label :math:`t = t_1 = 1`.

    Attributes
    ----------
    classes : (int, int)
        The two classes' 0-based indices in the example: the target, the rival.
    names : (str, str)
        Their names.
    logits : (float, float)
        :math:`z_1, z_2`: the target's logit, the rival's.
    difference : float
        :math:`d = z_1 - z_2`, the sigmoid's input.
    activation : float
        :math:`a = \sigma(d)`.
    softmax_probability : float
        :math:`e^{z_1}/(e^{z_1} + e^{z_2})`, computed as a softmax of two logits.
    slope : float
        :math:`\sigma'(d) = a(1 - a)`.
    label : float
        :math:`t = t_1`: 1, class 1 being the target.
    cost : float
        The cross-entropy at :math:`a` for the label :math:`t`.
    softmax_cost : float
        :math:`\log(e^{z_1} + e^{z_2}) - (t_1 z_1 + (1 - t_1) z_2)`.
    """

    classes: tuple[int, int]
    names: tuple[str, str]
    logits: tuple[float, float]
    difference: float
    activation: float
    softmax_probability: float
    slope: float
    label: float
    cost: float
    softmax_cost: float


def rival_class(logits: Sequence[float], target: int) -> int:
    """The class other than ``target`` whose logit is closest to the target's (first on a tie)."""
    values = np.asarray(logits, dtype=float)
    others = [index for index in range(len(values)) if index != target]
    return min(others, key=lambda index: (abs(values[target] - values[index]), index))


def two_class_reduction(example: WorkedExample) -> TwoClassReduction:
    """Reduce ``example`` to its target and rival: a sigmoid neuron on z_T - z_rival."""
    target = example.target
    rival = rival_class(example.logits, target)
    first, second = float(example.logits[target]), float(example.logits[rival])
    difference = first - second
    activation = float(sigmoid(difference))
    pair = np.array([first, second])
    label = 1.0
    cost = float(binary_cross_entropy(difference, label))
    softmax_cost = float(logsumexp(pair) - (label * first + (1.0 - label) * second))
    return TwoClassReduction(
        classes=(target, rival),
        names=(example.classes[target], example.classes[rival]),
        logits=(first, second),
        difference=difference,
        activation=activation,
        softmax_probability=float(softmax(pair)[0]),
        slope=activation * (1.0 - activation),
        label=label,
        cost=cost,
        softmax_cost=softmax_cost,
    )


def sigmoid_terms() -> list[str]:
    """LaTeX of the terms that move between chapter 7's formulas."""
    steps = sigmoid_derivation().steps
    terms = [
        sp.Derivative(C, x), sp.Derivative(C, a), sp.Derivative(a, x), a * (1 - a),
        a - target_scalar, C, c, sp.Symbol("="),
    ]
    return [nt.latex(term) for term in terms] + [
        steps[2].rhs_latex, nt.latex(CROSS_ENTROPY), steps[5].lhs_latex, steps[5].rhs_latex,
    ]


def sigmoid_equations() -> dict[str, tuple[sp.Expr, sp.Expr]]:
    r"""Chapter 7's equations beyond the derivation's steps, as (lhs, rhs) pairs.

    They hold when :math:`C` is the cross-entropy of :math:`a = \sigma(z)`:
    the requirement, the chain rule written two ways, and the partial
    fractions and integral of :math:`\partial C/\partial a`.
    """
    fractions = sigmoid_derivation().steps[2].rhs
    return {
        "requirement": (sp.Derivative(C, x), a - target_scalar),
        "chain": (sp.Mul(sp.Derivative(C, a), sp.Derivative(a, x), evaluate=False),
                  a - target_scalar),
        "chain_slope": (sp.Mul(sp.Derivative(C, a), a * (1 - a), evaluate=False),
                        a - target_scalar),
        "partial_fractions": (sp.Derivative(C, a), fractions),
        "integral": (C, sp.Integral(fractions, a)),
        "cross_entropy": (C, sp.Add(CROSS_ENTROPY, c, evaluate=False)),
    }


@lru_cache(maxsize=1)
def _sigmoid_formula_table() -> dict[str, str]:
    steps = sigmoid_derivation().steps
    table = {name: _eq(lhs, rhs) for name, (lhs, rhs) in sigmoid_equations().items()}
    table.update({
        "neuron": f"{nt.latex(a)} = {nt.latex(SIGMA(x))} = {nt.latex(SIGMOID)}",
        "slope": steps[0].latex,
        "cost_slope": steps[1].latex,
        "check": steps[4].latex,
        "two_class": steps[5].latex,
        "two_class_cost_lhs": steps[6].lhs_latex,
        "two_class_cost_rhs": f"= {steps[6].rhs_latex}",
        "sigma_axis": nt.latex(SIGMA(x)),
        "cost_axis": nt.latex(C),
        "a_axis": nt.latex(a),
        "z_axis": nt.latex(x),
        "gradient_term": nt.latex(a - target_scalar),
    })
    return table


def sigmoid_formulas() -> dict[str, str]:
    """Chapter 7's general formulas, printed from sympy."""
    return dict(_sigmoid_formula_table())


# --------------------------------------------------------------------------
# Chapter 8: the log-partition function.


@dataclass(frozen=True)
class LogPartition:
    r""":math:`A(z) = \log\sum_k e^{z_k}` at the example, seen along the target's logit :math:`z_T`.

    Attributes
    ----------
    index : int
        :math:`T`, the coordinate that varies.
    point : float
        The example's :math:`z_T`.
    value : float
        :math:`A(z)` at the example.
    slope : float
        :math:`\partial A/\partial z_T = y_T` at the example.
    rest : float
        :math:`\log\sum_{k \ne T} e^{z_k}`: :math:`A(s) = \log(e^s + e^{rest})`,
        a smoothed :math:`\max(s, rest)` with its bend at :math:`s = rest`.
    """

    index: int
    point: float
    value: float
    slope: float
    rest: float


def log_partition(example: WorkedExample) -> LogPartition:
    """A(z) at ``example``, its slope along z_T and the rest of the sum."""
    logits = np.array(example.logits, dtype=float)
    index = example.target
    rest = float(logsumexp(np.delete(logits, index)))
    return LogPartition(index, float(logits[index]), float(logsumexp(logits)),
                        float(softmax(logits)[index]), rest)


@dataclass(frozen=True)
class HessianSpectrum:
    r"""The Hessian :math:`\nabla^2 A = \operatorname{diag}(y) - y y^\top` and its eigenvalues.

    The eigenvalues are the roots of
    :math:`\det(\operatorname{diag}(y) - y y^\top - \lambda I)
    = -\lambda \prod_k (y_k - \lambda) \sum_k \frac{y_k}{y_k - \lambda}`
    (using :math:`\sum_k y_k = 1`): :math:`\lambda = 0` with eigenvector
    :math:`\mathbf{1}` (since :math:`\operatorname{diag}(y)\mathbf{1} = y = y\,
    y^\top\mathbf{1}`), :math:`y_k` itself for a value :math:`y_k` shared by
    :math:`r` classes (:math:`r - 1` times), and one root of
    :math:`\sum_k y_k/(y_k - \lambda) = 0` strictly between each two
    consecutive distinct positive probabilities. That function rises from
    :math:`-\infty` to :math:`+\infty` on each such interval, so bisection finds
    the root to full relative precision, however small it is (a generic
    eigensolver is only accurate to about :math:`10^{-16}` absolutely and can
    return tiny negative values). So every eigenvalue is :math:`\ge 0`, and
    exactly one is 0 when every :math:`y_k > 0`.

    Attributes
    ----------
    matrix : ndarray, shape (K, K)
        Each entry to full relative precision: the diagonal
        :math:`y_m (1 - y_m)` takes :math:`1 - y_m` as :math:`\sum_{k \ne m} y_k`.
    eigenvalues : ndarray, shape (K,)
        Ascending; the first is exactly 0.
    null_vector : ndarray, shape (K,)
        :math:`\mathbf{1}/\sqrt{K}`.
    null_residual : float
        :math:`\max_m |(H\mathbf{1})_m|` in floating point (rounding only).
    """

    matrix: np.ndarray
    eigenvalues: np.ndarray
    null_vector: np.ndarray
    null_residual: float

    @property
    def zero_count(self) -> int:
        """How many eigenvalues are exactly zero."""
        return int(np.sum(self.eigenvalues == 0.0))


def _secular_root(probabilities: np.ndarray, low: float, high: float) -> float:
    r"""The root of :math:`\sum_k y_k/(y_k - \lambda)` in the open interval (low, high)."""

    def secular(value: float) -> float:
        return float(np.sum(probabilities / (probabilities - value)))

    for _ in range(4000):
        middle = 0.5 * (low + high)
        if middle <= low or middle >= high:
            break
        if secular(middle) < 0:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def hessian_spectrum(logits: Sequence[float]) -> HessianSpectrum:
    r"""The Hessian of :math:`A` at ``logits`` and its eigenvalues, all :math:`\ge 0`."""
    z_values = np.asarray(logits, dtype=float)
    probabilities = softmax(z_values)
    matrix = -np.outer(probabilities, probabilities)
    # y_m (1 - y_m) with 1 - y_m summed from the other probabilities: y_m - y_m^2
    # loses the digits of a diagonal entry whose y_m is close to 1.
    others = np.array([np.sum(np.delete(probabilities, index))
                       for index in range(len(z_values))])
    np.fill_diagonal(matrix, probabilities * others)
    distinct, counts = np.unique(probabilities, return_counts=True)
    eigenvalues = [0.0]
    for value, count in zip(distinct, counts, strict=True):
        eigenvalues.extend([float(value)] * int(count if value == 0.0 else count - 1))
    positive = distinct[distinct > 0.0]
    for low, high in zip(positive[:-1], positive[1:], strict=True):
        eigenvalues.append(_secular_root(probabilities[probabilities > 0.0], low, high))
    ones = np.ones(len(z_values))
    return HessianSpectrum(
        matrix=matrix,
        eigenvalues=np.sort(np.array(eigenvalues)),
        null_vector=ones / math.sqrt(len(z_values)),
        null_residual=float(np.max(np.abs(matrix @ ones))),
    )


@dataclass(frozen=True)
class SoftLabelExample:
    r"""The example's logits against a soft target: label smoothing.

    :math:`t = (1 - \varepsilon)\,1_{m=T} + \varepsilon/K`. Then
    :math:`C = -\sum_k t_k \log y_k = A(z) - t^\top z` and
    :math:`\nabla C = y - t`.

    Attributes
    ----------
    smoothing : float
        :math:`\varepsilon`.
    target : ndarray, shape (K,)
        :math:`t`, a probability vector.
    cost : float
        :math:`A(z) - t^\top z`.
    gradient : ndarray, shape (K,)
        :math:`y - t`.
    finite_difference : ndarray, shape (K,)
        Central differences of :math:`-\sum_k t_k \log y_k`.
    """

    smoothing: float
    target: np.ndarray
    cost: float
    gradient: np.ndarray
    finite_difference: np.ndarray


def soft_label_example(example: WorkedExample, smoothing: float = SMOOTHING
                       ) -> SoftLabelExample:
    """The example with its one-hot target smoothed by ``smoothing``."""
    logits = np.array(example.logits, dtype=float)
    count = len(logits)
    target = (1.0 - smoothing) * example.one_hot + smoothing / count
    cost = float(logsumexp(logits) - target @ logits)
    difference = finite_difference_gradient(lambda point: float(nll(point, target)), logits,
                                            FINITE_DIFFERENCE_STEP)
    return SoftLabelExample(smoothing, target, cost, softmax(logits) - target, difference)


@dataclass(frozen=True)
class CanonicalPair:
    r"""An output function and the cost it pairs with, through one :math:`A(z)`.

    The output is :math:`A'(z)`, the cost is :math:`A(z) - t z` (up to a constant
    in :math:`t`), so the cost's gradient is output :math:`-` target.

    Attributes
    ----------
    name : str
        ``"softmax"``, ``"sigmoid"`` or ``"linear"``.
    variable : sympy.Expr
        The input the symbolic expressions are functions of.
    output, log_partition, cost, gradient : sympy.Expr
        In the lecture's symbols (for the softmax: entry :math:`m` and the sum
        over :math:`K` classes; for the others a scalar :math:`z` and target
        :math:`t`).
    output_latex, log_partition_latex, cost_latex, gradient_latex : str
        The table's cells.
    """

    name: str
    variable: sp.Expr
    output: sp.Expr
    log_partition: sp.Expr
    cost: sp.Expr
    gradient: sp.Expr
    output_latex: str
    log_partition_latex: str
    cost_latex: str
    gradient_latex: str


def canonical_pair_formulas() -> tuple[CanonicalPair, ...]:
    """The three pairs of chapter 8's table: softmax, sigmoid and linear outputs."""
    sum_exp = sp.Sum(sp.exp(z[k]), (k, 1, K))
    softmax_output = sp.exp(z[m]) / sum_exp
    softmax_cost = _neg(sp.Sum(t[k] * sp.log(y[k]), (k, 1, K)))
    target = target_scalar
    sigmoid_cost = _neg(sp.Add(target * sp.log(a), (1 - target) * sp.log(1 - a)))
    linear_cost = (a - target) ** 2 / 2
    gradient = _minus(a, target)
    softmax_gradient = _minus(y[m], t[m])

    def pair(name, variable, output, log_partition, cost, output_latex, gradient):
        return CanonicalPair(
            name=name, variable=variable, output=output, log_partition=log_partition,
            cost=cost, gradient=gradient, output_latex=output_latex,
            log_partition_latex=nt.latex(log_partition), cost_latex=nt.latex(cost),
            gradient_latex=nt.latex(gradient),
        )

    return (
        pair("softmax", z[m], softmax_output, sp.log(sum_exp), softmax_cost,
             _eq(y[m], softmax_output), softmax_gradient),
        pair("sigmoid", x, SIGMOID, sp.log(1 + sp.exp(x)), sigmoid_cost, _eq(a, SIGMOID),
             gradient),
        pair("linear", x, x, x**2 / 2, linear_cost, _eq(a, x), gradient),
    )


def deeper_terms() -> list[str]:
    """LaTeX of the terms that move between chapter 8's formulas."""
    steps = canonical_link_derivation().steps
    terms = [
        A, sp.Symbol("="), y[m], t[m], sp.Derivative(A, z[m]),
        sp.Derivative(A, z[m], z[n]), sp.Sum(t[k] * z[k], (k, 1, K)),
    ]
    return [nt.latex(term) for term in terms] + [steps[1].rhs_latex, steps[3].lhs_latex]


def hessian_expression(size: sp.Expr | int = K) -> tuple[sp.MatrixExpr, sp.MatrixSymbol]:
    r""":math:`\operatorname{diag}(y) - y y^\top` as a sympy matrix expression, and its :math:`y`.

    ``size`` is :math:`K` for display; a number gives a concrete matrix
    (``as_explicit()``) for checking.
    """
    probabilities = sp.MatrixSymbol("y", size, 1)
    hessian = sp.MatAdd(_Diag(probabilities),
                        sp.MatMul(-1, probabilities, probabilities.T, evaluate=False),
                        evaluate=False)
    return hessian, probabilities


@lru_cache(maxsize=1)
def _deeper_formula_table() -> dict[str, str]:
    steps = canonical_link_derivation().steps
    hessian, _ = hessian_expression()
    ones = _Ones("1", K, 1)
    hessian_symbol = sp.MatrixSymbol("H", K, K)
    direction = sp.MatrixSymbol("v", K, 1)
    return {
        "log_partition": f"{nt.latex(A)} = {nt.latex(nt.log_sum_exp())}",
        "gradient": steps[0].latex,
        "hessian": steps[1].latex,
        "hessian_matrix": f"{nt.latex(sp.Derivative(A, z[m], z[n]))} = "
                          f"{nt.latex(hessian)}",
        "semidefinite": rf"{nt.latex(hessian_symbol)} = {nt.latex(hessian)} \succeq 0",
        "null_direction": f"{nt.latex(sp.MatMul(hessian_symbol, ones))} = 0",
        "variance": steps[2].latex,
        "variance_lhs": f"{nt.latex(direction.T * hessian_symbol * direction)} = "
                        f"{steps[2].lhs_latex}",
        "variance_rhs": rf"= {steps[2].rhs_latex} \geq 0",
        # Steps 3 to 8: soft labels, then the sigmoid's and the linear output's pair.
        **{name: step.latex for name, step in zip(
            ("soft_cost", "soft_gradient", "sigmoid_slope", "sigmoid_cost", "linear_slope",
             "linear_cost"), steps[3:9], strict=True)},
        "slice_axis": nt.latex(z[T]),
        "value_axis": nt.latex(A),
        "eigenvalue_symbol": nt.latex(lam),
        "table_input": nt.latex(x),
        "table_target": nt.latex(target_scalar),
        "table_gradient": nt.latex(sp.Derivative(C, x)),
        "table_cost": nt.latex(C),
        "table_log_partition": nt.latex(sp.Function("A")(x)),
        # The cost column's rule, which the narration reads: C = A(z) - t z.
        "table_cost_rule": _eq(C, _minus(sp.Function("A")(x), target_scalar * x)),
        "probability_term": nt.latex(y[m]),
        "target_term": nt.latex(t[m]),
    }


def deeper_formulas() -> dict[str, str]:
    """Chapter 8's general formulas, printed from sympy."""
    return dict(_deeper_formula_table())
