"""Chapters 7 and 8's mathematics and pictures, each value against an independent computation.

References, none of which shares code with mathcore.canonical: mpmath at 50
significant digits (sigmoid, cross-entropy, softmax, eigenvalues of
diag(y) - y y^T), scipy.special (logsumexp, log_softmax), numpy's eigensolver
where it is accurate, sympy differentiation of the stated formulas, and
central differences written here. Tolerances are stated next to each check.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest
import scipy.special
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore import canonical as cn
from mathcore import notation as nt
from mathcore.example import WorkedExample
from mathcore.notation import format_number
from mathcore.views import canonical as vc
from mathcore.views import sigmoid as vs
from tests.scenes.examples import EXAMPLES, example

mpmath.mp.dps = 50
PROPERTY = settings(deadline=None, max_examples=60)
RELATIVE = 1e-12  # float64 results of O(1) against 50-digit references
EIGEN_RELATIVE = 1e-9  # eigenvalues by bisection, relative, however small


def mp_softmax(logits) -> list[mpmath.mpf]:
    exponentials = [mpmath.exp(mpmath.mpf(value)) for value in logits]
    total = mpmath.fsum(exponentials)
    return [value / total for value in exponentials]


def mp_sigmoid(value) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-mpmath.mpf(value)))


def mp_cross_entropy(activation, label) -> mpmath.mpf:
    label = mpmath.mpf(label)
    terms = mpmath.mpf(0)
    if label:
        terms += label * mpmath.log(activation)
    if 1 - label:
        terms += (1 - label) * mpmath.log(1 - activation)
    return -terms


def assert_relative(actual: float, expected, tolerance: float, floor: float = 0.0) -> None:
    expected = float(expected)
    assert abs(actual - expected) <= tolerance * abs(expected) + floor, (actual, expected)


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def worked(request) -> WorkedExample:
    return example(request.param)


logit_values = st.floats(-20, 20, allow_nan=False, allow_infinity=False)


@st.composite
def examples(draw, min_classes: int = 2) -> WorkedExample:
    count = draw(st.integers(min_classes, 8))
    logits = draw(st.lists(logit_values, min_size=count, max_size=count))
    target = draw(st.integers(0, count - 1))
    return WorkedExample.build(logits, target)


# ---------------------------------------------------------------------------
# splitting a formula into the terms that move


def test_split_formula_keeps_the_text_and_isolates_terms():
    latex = r"\frac{\partial C}{\partial a} = \frac{a - y}{a \left(1 - a\right)}"
    terms = [r"\frac{\partial C}{\partial a}", "a - y", r"a \left(1 - a\right)", "="]
    pieces = nt.split_formula(latex, terms)
    assert "".join(pieces).replace(" ", "") == latex.replace(" ", "")
    assert pieces == (r"\frac{\partial C}{\partial a}", "=", r"\frac{", "a - y", "}{",
                      r"a \left(1 - a\right)", "}")


def test_split_formula_matches_whole_tokens_and_the_longest_term():
    # "a" must not split the control word \partial; the longer term wins.
    pieces = nt.split_formula(r"\frac{\partial a}{\partial z} = a", ["a", r"\partial a"])
    assert pieces == (r"\frac{", r"\partial a", r"}{\partial z} =", "a")
    assert nt.split_formula(r"\alpha + a", ["a"]) == (r"\alpha +", "a")


def test_every_chapter_formula_survives_splitting():
    formulas = {**cn.sigmoid_formulas(), **cn.deeper_formulas()}
    for terms in (cn.sigmoid_terms(), cn.deeper_terms()):
        for latex in formulas.values():
            pieces = nt.split_formula(latex, terms)
            assert "".join(pieces).replace(" ", "") == latex.replace(" ", "")


# ---------------------------------------------------------------------------
# chapter 7: the two-class reduction


def test_two_class_reduction_against_mpmath(worked):
    # The pair is the target and the rival (class 1 and class 2 of a two-class softmax).
    reduction = cn.two_class_reduction(worked)
    target, rival = reduction.classes
    assert target == worked.target and rival != target
    first, second = worked.logits[target], worked.logits[rival]
    assert reduction.names == (worked.classes[target], worked.classes[rival])
    assert reduction.difference == first - second
    exact = mp_sigmoid(mpmath.mpf(first) - mpmath.mpf(second))
    assert_relative(reduction.activation, exact, RELATIVE)
    assert_relative(reduction.softmax_probability, mp_softmax([first, second])[0], RELATIVE)
    assert_relative(reduction.slope, exact * (1 - exact), RELATIVE)
    assert reduction.label == 1.0  # class 1 is the target
    assert_relative(reduction.cost, mp_cross_entropy(exact, 1), RELATIVE)
    # The two-class softmax cost, from its own definition: -log of the target's share.
    two_class = mpmath.log(mpmath.exp(first) + mpmath.exp(second)) - first
    assert_relative(reduction.softmax_cost, two_class, 0.0, 1e-14 * (1 + abs(float(two_class))))


@given(examples())
@PROPERTY
def test_the_rival_is_the_class_whose_logit_is_closest_to_the_targets(worked):
    reduction = cn.two_class_reduction(worked)
    target, rival = reduction.classes
    gaps = {index: abs(mpmath.mpf(worked.logits[target]) - mpmath.mpf(value))
            for index, value in enumerate(worked.logits) if index != target}
    closest = min(gaps.values())
    # Closest, up to the rounding of z_T - z_k in floating point.
    assert gaps[rival] <= closest * (1 + 4 * 2.0**-52) + 1e-300


def test_a_tie_for_the_rival_goes_to_the_first_class():
    tied = WorkedExample.build([0.0, 1.0, -1.0], 0)
    assert cn.two_class_reduction(tied).classes == (0, 1)
    assert cn.two_class_reduction(WorkedExample.build([3.0, 1.0, 5.0], 0)).classes == (0, 1)


@given(examples())
@PROPERTY
def test_the_marked_point_on_the_sigmoid_has_a_visible_slope(worked):
    plots = vs.two_class_plots(worked)
    point, difference = plots.point, plots.difference
    exact = mp_sigmoid(point)
    slope = float(exact * (1 - exact))
    # Visible: the slope is at least sigma'(3) ~ 0.045, and in the plot's window the
    # tangent rises at least half the window's height across its width.
    assert slope >= float(mp_sigmoid(3) * (1 - mp_sigmoid(3))) * (1 - 1e-12)
    low, high = plots.sigmoid_curve.x_range
    assert slope * (high - low) / 1.0 >= 0.5
    assert low < point < high and low < difference < high
    # The point is the example's own difference whenever that is visible, else the
    # nearest visible point on the same side.
    if abs(difference) <= 3.0:
        assert point == difference and plots.at_example
    else:
        assert point == math.copysign(3.0, difference) and not plots.at_example
    assert_relative(plots.point_activation, exact, RELATIVE)
    assert_relative(plots.point_slope, slope, 1e-10)
    assert_relative(plots.point_cost, -mpmath.log(exact), 1e-10)


@given(logit_values, logit_values, st.booleans())
@PROPERTY
def test_sigmoid_of_the_difference_is_the_two_class_softmax(first, second, target_first):
    worked = WorkedExample.build([first, second], 0 if target_first else 1)
    reduction = cn.two_class_reduction(worked)
    assert_relative(reduction.activation, reduction.softmax_probability, 1e-13)
    assert abs(reduction.cost - reduction.softmax_cost) <= 1e-13 * (1 + reduction.cost)
    # A sigmoid neuron's cross-entropy for y = t_1 is the softmax cost -log y_T here.
    assert abs(reduction.cost - worked.cost) <= 1e-13 * (1 + worked.cost)


def test_slope_is_the_derivative_of_the_sigmoid(worked):
    reduction = cn.two_class_reduction(worked)
    step = 1e-5
    estimate = (mp_sigmoid(reduction.difference + step)
                - mp_sigmoid(reduction.difference - step)) / (2 * step)
    assert_relative(reduction.slope, estimate, 1e-9)


def test_sigmoid_curve_holds_the_point_and_is_sigma(worked):
    reduction = vs.two_class_plots(worked)
    curve = reduction.sigmoid_curve
    low, high = curve.x_range
    assert low == -high and high >= vs.SIGMOID_MIN_HALF_RANGE
    assert low < reduction.difference < high
    assert curve.y_range == (0.0, 1.0)
    expected = [float(mp_sigmoid(value)) for value in curve.x]
    np.testing.assert_allclose(curve.y, expected, rtol=1e-14, atol=0)
    assert 0.0 in curve.x_ticks and all(low <= tick <= high for tick in curve.x_ticks)


def test_cost_curve_is_the_cross_entropy_and_holds_the_point(worked):
    reduction = vs.two_class_plots(worked)
    curve = reduction.cost_curve
    assert curve.x_range == (0.0, 1.0)
    bottom, top = curve.y_range
    assert bottom == 0.0 and top >= max(vs.COST_MIN_TOP, reduction.point_cost)  # the dot
    assert np.all((curve.x > 0) & (curve.x < 1)) and np.all(curve.y <= top)
    assert np.all(np.diff(curve.x) >= 0)
    # Where a and 1 - a are representable, C(a) against mpmath from a itself.
    inside = (curve.x > 1e-6) & (curve.x < 1 - 1e-6)
    expected = [float(mp_cross_entropy(mpmath.mpf(value), reduction.label))
                for value in curve.x[inside]]
    np.testing.assert_allclose(curve.y[inside], expected, rtol=1e-9, atol=1e-12)
    # It reaches the top at the steep end, and its minimum is at a = y.
    assert curve.y.max() > 0.9 * top
    assert abs(curve.x[np.argmin(curve.y)] - reduction.label) < 1e-3
    assert curve.y_tick_labels[0] == "0" and "0.5" in curve.x_tick_labels


def test_chapter7_equations_hold_for_the_cross_entropy():
    a, z, y, c = nt.a, nt.x, cn.target_scalar, nt.c
    sigma = 1 / (1 + sp.exp(-z))
    cross_entropy = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))

    def meaning(expr, in_z: bool):
        # Derivatives in z see C and a as functions of z; those in a see C as C(a).
        expr = expr.replace(lambda node: node == sp.Derivative(nt.C, z),
                            lambda node: sp.diff(cross_entropy.subs(a, sigma), z))
        expr = expr.replace(lambda node: node == sp.Derivative(a, z),
                            lambda node: sp.diff(sigma, z))
        expr = expr.subs(nt.C, cross_entropy).doit()
        return expr.subs(a, sigma) if in_z else expr

    equations = cn.sigmoid_equations()
    for name, (lhs, rhs) in equations.items():
        in_z = any(z in derivative.variables for side in (lhs, rhs)
                   for derivative in side.atoms(sp.Derivative))
        residual = meaning(lhs, in_z) - meaning(rhs, in_z)
        if name in ("integral", "cross_entropy"):
            residual = sp.diff(residual, a)  # equal up to a constant in a
        assert sp.simplify(residual) == 0, name
    # The constant of integration really is free: C differs from the integral by c only.
    lhs, rhs = equations["cross_entropy"]
    assert sp.diff(rhs, c) == 1


def test_chapter7_formulas_are_the_storyboards():
    formulas = cn.sigmoid_formulas()
    # The neuron's target is t, as the softmax's everywhere in the lecture (never y).
    assert formulas["requirement"] == r"\frac{\partial C}{\partial z} = a - t"
    assert formulas["cost_slope"] == (r"\frac{\partial C}{\partial a} = "
                                      r"\frac{a - t}{a \left(1 - a\right)}")
    assert r"\log a" in formulas["cross_entropy"] and formulas["cross_entropy"].endswith("+ c")
    for value in formulas.values():
        assert value.count("{") == value.count("}")


def test_chapter7_data_shows_the_reduction(worked):
    data = vs.chapter7_data(worked)
    reduction = vs.two_class_plots(worked)
    latex = data["latex"]
    target, rival = reduction.classes
    gap = worked.logits[target] - worked.logits[rival]
    assert latex["difference"].endswith(f"= {format_number(gap)}")
    exact = float(mp_sigmoid(gap))
    assert latex["activation"].endswith(f"= {format_number(exact)}")
    assert latex["softmax_probability"].endswith(f"= {format_number(exact)}")
    assert latex["label"].endswith(f"= {int(reduction.label)}")
    assert latex["label"].startswith("t = ")
    assert data["ticks"]["sigmoid"][0] == list(reduction.sigmoid_curve.x_tick_labels)


def test_chapter7_and_8_never_call_a_target_y():
    # One notation: y (or a) for outputs, t for targets; Nielsen's y for the target is gone.
    for latex in [*cn.sigmoid_formulas().values(), *cn.deeper_formulas().values()]:
        assert "1 - y" not in latex and "a - y" not in latex and "y z" not in latex, latex
    for pair in cn.canonical_pair_formulas():
        assert pair.gradient_latex.endswith("t") or pair.gradient_latex.endswith("t_{m}")


# ---------------------------------------------------------------------------
# chapter 8: A(z), its Hessian, soft labels, the three pairs


def test_log_partition_slice_against_scipy(worked):
    slice_ = vc.log_partition_slice(worked)
    logits = np.array(worked.logits)
    target = worked.target
    assert slice_.index == target and slice_.point == logits[target]
    assert_relative(slice_.value, scipy.special.logsumexp(logits), 1e-14)
    assert_relative(slice_.rest, scipy.special.logsumexp(np.delete(logits, target)), 1e-14)
    expected = [scipy.special.logsumexp(np.concatenate([[value], np.delete(logits, target)]))
                for value in slice_.curve.x]
    np.testing.assert_allclose(slice_.curve.y, expected, rtol=1e-14)
    # Its slope at z_T is y_T (central difference of scipy's logsumexp).
    step = 1e-5
    up, down = logits.copy(), logits.copy()
    up[target] += step
    down[target] -= step
    estimate = (scipy.special.logsumexp(up) - scipy.special.logsumexp(down)) / (2 * step)
    assert abs(slice_.slope - estimate) <= 1e-9
    assert_relative(slice_.slope, mp_softmax(worked.logits)[target], 1e-12)
    low, high = slice_.curve.x_range
    assert low < min(slice_.point, slice_.rest) and max(slice_.point, slice_.rest) < high
    bottom, top = slice_.curve.y_range
    assert bottom <= slice_.curve.y.min() and slice_.curve.y.max() <= top


def mp_eigenvalues(logits) -> list[mpmath.mpf]:
    probabilities = mp_softmax(logits)
    size = len(probabilities)
    matrix = mpmath.matrix(size, size)
    for row in range(size):
        for column in range(size):
            matrix[row, column] = (probabilities[row] if row == column else 0) - (
                probabilities[row] * probabilities[column])
    return sorted(mpmath.eigsy(matrix, eigvals_only=True))


def test_hessian_is_diag_minus_outer_and_its_eigenvalues_match_mpmath(worked):
    spectrum = cn.hessian_spectrum(worked.logits)
    probabilities = mp_softmax(worked.logits)
    size = len(probabilities)
    for row in range(size):
        for column in range(size):
            exact = (probabilities[row] if row == column else 0) - (
                probabilities[row] * probabilities[column])
            assert_relative(spectrum.matrix[row, column], exact, 1e-14)
    reference = mp_eigenvalues(worked.logits)
    assert spectrum.eigenvalues[0] == 0.0 and spectrum.zero_count == 1
    assert abs(reference[0]) < mpmath.mpf(10) ** -40
    for value, exact in zip(spectrum.eigenvalues[1:], reference[1:], strict=True):
        assert_relative(value, exact, EIGEN_RELATIVE)
    assert np.all(spectrum.eigenvalues >= 0)
    # The null direction is 1 (rounding only), normalised.
    assert spectrum.null_residual <= 1e-15
    np.testing.assert_allclose(spectrum.null_vector, np.ones(len(worked.logits))
                               / math.sqrt(len(worked.logits)), rtol=1e-15)


def test_the_extreme_example_has_tiny_eigenvalues_numpy_gets_wrong():
    # Why the eigenvalues are found by bisection: numpy's are off by ~1e-17.
    spectrum = cn.hessian_spectrum(EXAMPLES["eight"]["logits"])
    reference = mp_eigenvalues(EXAMPLES["eight"]["logits"])
    assert float(reference[1]) < 1e-17
    assert_relative(spectrum.eigenvalues[1], reference[1], EIGEN_RELATIVE)
    assert all(not text.startswith("-") for text in
               vc.chapter8_data(example("eight"))["latex"]["eigenvalues"])


@given(st.lists(logit_values, min_size=2, max_size=8))
@PROPERTY
def test_eigenvalues_are_nonnegative_with_one_zero_and_sum_to_the_trace(logits):
    spectrum = cn.hessian_spectrum(logits)
    assert len(spectrum.eigenvalues) == len(logits)
    assert np.all(spectrum.eigenvalues >= 0) and spectrum.eigenvalues[0] == 0.0
    exact = mp_softmax(logits)
    trace = float(mpmath.fsum(value * (1 - value) for value in exact))
    assert abs(float(np.sum(spectrum.eigenvalues)) - trace) <= 1e-12 * trace
    # Against numpy's eigensolver, to its absolute accuracy.
    np.testing.assert_allclose(spectrum.eigenvalues, np.linalg.eigvalsh(spectrum.matrix),
                               rtol=0, atol=1e-14)


def test_tied_probabilities_give_repeated_eigenvalues():
    logits = [1.0, 1.0, 1.0, -2.0]
    spectrum = cn.hessian_spectrum(logits)
    reference = mp_eigenvalues(logits)
    assert spectrum.zero_count == 1
    for value, exact in zip(spectrum.eigenvalues[1:], reference[1:], strict=True):
        assert_relative(value, exact, EIGEN_RELATIVE)
    # Underflowed probabilities: each such class adds a zero eigenvalue.
    underflow = cn.hessian_spectrum([0.0, 800.0, 0.0])
    assert underflow.zero_count == 3


def test_hessian_expression_is_the_hessian_of_log_sum_exp():
    logits = sp.symbols("z1:4", real=True)
    log_sum_exp = sp.log(sum(sp.exp(value) for value in logits))
    hessian = sp.hessian(log_sum_exp, logits)
    expression, probabilities = cn.hessian_expression(3)
    softmax = [sp.exp(value) / sum(sp.exp(other) for other in logits) for value in logits]
    explicit = expression.as_explicit().subs(
        {probabilities[index, 0]: softmax[index] for index in range(3)})
    assert sp.simplify(explicit - hessian) == sp.zeros(3, 3)


def test_quadratic_form_of_the_hessian_is_a_variance():
    expression, probabilities = cn.hessian_expression(3)
    direction = sp.Matrix(sp.symbols("v1:4", real=True))
    quadratic = (direction.T * expression.as_explicit() * direction)[0, 0]
    weights = [probabilities[index, 0] for index in range(3)]
    mean = sum(weight * value for weight, value in zip(weights, direction, strict=True))
    variance = sum(weight * value**2 for weight, value in zip(weights, direction, strict=True))
    assert sp.expand(quadratic - (variance - mean**2)) == 0
    # What the chapter prints for it: v^T H v on the left, ">= 0" after the sum of squares.
    formulas = cn.deeper_formulas()
    assert formulas["variance_lhs"].startswith("v^{T} H v =")
    assert formulas["variance_rhs"].endswith(r"\geq 0")


def test_soft_labels_against_scipy(worked):
    soft = cn.soft_label_example(worked)
    count = len(worked.logits)
    logits = np.array(worked.logits)
    assert soft.smoothing == cn.SMOOTHING
    assert abs(float(np.sum(soft.target)) - 1.0) <= 1e-15 and np.all(soft.target > 0)
    assert soft.target[worked.target] == pytest.approx(1 - cn.SMOOTHING + cn.SMOOTHING / count,
                                                       rel=1e-15)
    cross_entropy = -float(np.sum(soft.target * scipy.special.log_softmax(logits)))
    assert abs(soft.cost - cross_entropy) <= 1e-12 * (1 + cross_entropy)
    # y - t, and central differences of the cross-entropy (written here).
    np.testing.assert_allclose(soft.gradient, scipy.special.softmax(logits) - soft.target,
                               rtol=0, atol=1e-15)
    step = 1e-5
    estimate = []
    for index in range(count):
        up, down = logits.copy(), logits.copy()
        up[index] += step
        down[index] -= step
        estimate.append((-np.sum(soft.target * scipy.special.log_softmax(up))
                         + np.sum(soft.target * scipy.special.log_softmax(down))) / (2 * step))
    np.testing.assert_allclose(soft.gradient, estimate, rtol=0, atol=1e-6 * (1 + soft.cost))
    np.testing.assert_allclose(soft.finite_difference, estimate, rtol=0, atol=1e-8)


def test_the_three_pairs_symbolically():
    pairs = {pair.name: pair for pair in cn.canonical_pair_formulas()}
    assert list(pairs) == ["softmax", "sigmoid", "linear"]
    t = cn.target_scalar
    for name in ("sigmoid", "linear"):
        pair = pairs[name]
        z = pair.variable
        output = pair.output
        # The output is A'(z); the cost of a = output is A(z) - t z up to a constant in z;
        # its gradient is output - t.
        assert sp.simplify(sp.diff(pair.log_partition, z) - output) == 0, name
        cost = pair.cost.subs(nt.a, output)
        assert sp.simplify(sp.diff(cost - (pair.log_partition - t * z), z)) == 0, name
        assert sp.simplify(sp.diff(cost, z) - pair.gradient.subs(nt.a, output)) == 0, name
    # Softmax, for K = 3 with t on the simplex: dA/dz_m = y_m, C = A - t^T z, dC/dz_m = y_m - t_m.
    pair = pairs["softmax"]
    count = 3
    z = [nt.z[index] for index in range(1, count + 1)]
    targets = [nt.t[1], nt.t[2], 1 - nt.t[1] - nt.t[2]]

    def concrete(expr, index):
        expr = expr.subs({nt.m: index, nt.K: count}).doit()
        expr = expr.replace(lambda node: isinstance(node, sp.Indexed) and node.base == nt.y,
                            lambda node: sp.exp(nt.z[node.indices[0]])
                            / sum(sp.exp(value) for value in z))
        return expr.subs({nt.t[3]: targets[2]})

    log_partition = concrete(pair.log_partition, 1)
    cost = concrete(pair.cost, 1)
    point = {z[0]: 0.3, z[1]: -1.2, z[2]: 2.0, nt.t[1]: 0.25, nt.t[2]: 0.6}
    linear = sum(target * value for target, value in zip(targets, z, strict=True))
    assert abs(float((cost - (log_partition - linear)).subs(point))) < 1e-12
    for index in range(1, count + 1):
        output = concrete(pair.output, index)
        assert sp.simplify(sp.diff(log_partition, nt.z[index]) - output) == 0
        gradient = concrete(pair.gradient, index)
        assert abs(float((sp.diff(cost, nt.z[index]) - gradient).subs(point))) < 1e-12


def test_the_three_pairs_numerically(worked):
    for pair in vc.canonical_pairs(worked):
        inputs = pair.inputs
        assert np.all(np.diff(inputs) > 0)
        spacing = float(inputs[1] - inputs[0])
        # The output is the slope of A; output - target is the slope of the cost
        # (second-order differences on the sampling grid: error O(spacing^2)).
        slope = np.gradient(pair.log_partition_values, spacing)[1:-1]
        np.testing.assert_allclose(slope, pair.output_values[1:-1], atol=spacing**2)
        cost_slope = np.gradient(pair.cost_values, spacing)[1:-1]
        np.testing.assert_allclose(cost_slope, pair.gradient_values[1:-1], atol=spacing**2)
        np.testing.assert_allclose(pair.gradient_values, pair.output_values - pair.target,
                                   rtol=0, atol=1e-15)
        bottom, top = pair.curve.y_range
        assert bottom <= pair.log_partition_values.min() <= pair.log_partition_values.max() <= top
    softmax, sigmoid, linear = vc.canonical_pairs(worked)
    expected = [float(mp_sigmoid(value)) for value in sigmoid.inputs]
    np.testing.assert_allclose(sigmoid.output_values, expected, rtol=1e-14)
    np.testing.assert_allclose(sigmoid.log_partition_values, np.logaddexp(0, sigmoid.inputs),
                               rtol=1e-14)
    np.testing.assert_allclose(linear.log_partition_values, linear.inputs**2 / 2, rtol=1e-15)


def test_chapter8_formulas_come_from_the_derivation():
    formulas = cn.deeper_formulas()
    assert formulas["log_partition"] == r"A = \log \sum_{k} e^{z_{k}}"
    assert formulas["gradient"] == r"\frac{\partial A}{\partial z_{m}} = y_{m}"
    assert r"\operatorname{diag}\left(y\right) - y y^{T}" in formulas["hessian_matrix"]
    assert formulas["semidefinite"].endswith(r"\succeq 0")
    assert formulas["null_direction"].endswith(r"\mathbf{1} = 0")
    for value in formulas.values():
        assert value.count("{") == value.count("}")


def test_chapter8_data_holds_what_is_shown(worked):
    data = vc.chapter8_data(worked)
    latex = data["latex"]
    probabilities = [float(value) for value in mp_softmax(worked.logits)]
    matrix = np.diag(probabilities) - np.outer(probabilities, probabilities)
    assert latex["matrix"] == [[nt.number_latex(format_number(value)) for value in row]
                               for row in matrix]
    reference = [float(value) for value in mp_eigenvalues(worked.logits)]
    assert latex["eigenvalues"][0] == "0"  # exact (issue #11: never "0.000" beside a tiny one)
    # Formatting can differ in the last digit only where the value sits on a rounding edge.
    for shown, exact in zip(latex["eigenvalues"][1:], reference[1:], strict=True):
        shown = shown.replace(r" \times 10^{", "e").rstrip("}")
        assert "e-" in shown or "\\" not in shown
        assert abs(float(shown) - exact) <= 0.51e-3 or math.isclose(float(shown), exact,
                                                                    rel_tol=0.06)
    assert latex["log_partition_value"] == (
        f"A = {format_number(float(scipy.special.logsumexp(worked.logits)))}")
    assert len(data["table"]) == 3 and all(len(row) == 4 for row in data["table"])
    assert all(isinstance(value, float) for value in data["values"])


def test_canonical_does_not_load_manim(tmp_path):
    probe = ("import sys, mathcore.views.canonical as vc, mathcore.views.sigmoid as vs\n"
             "from mathcore.example import WorkedExample\n"
             "vs.chapter7_data(WorkedExample.build()); vc.chapter8_data(WorkedExample.build())\n"
             "loaded = [name for name in sys.modules if name.split('.')[0] in "
             "('manim', 'manim_slides', 'manimpango', 'cairo')]\n"
             "assert not loaded, loaded\nprint('ok')\n")
    root = Path(cn.__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, env={"PYTHONPATH": str(root), "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@given(examples())
@PROPERTY
def test_the_zero_eigenvalue_is_printed_as_an_exact_zero(worked):
    # The all-ones direction makes one eigenvalue exactly 0; it is printed "0", never
    # "0.000" beside a tiny positive one; every other eigenvalue prints as itself.
    spectrum = cn.hessian_spectrum(worked.logits)
    texts = vc.eigenvalue_texts(spectrum.eigenvalues)
    ones = np.ones(worked.n_classes)
    assert np.max(np.abs(spectrum.matrix @ ones)) <= 1e-15
    assert texts[0] == "0"
    for value, text in zip(spectrum.eigenvalues[1:], texts[1:], strict=True):
        assert text == nt.number_latex(format_number(value)) and value > 0
        assert not re.search(r"\de", text)  # 2.1 \times 10^{-12}, never 2.1e-12
    assert vc.chapter8_data(worked)["latex"]["eigenvalue_lines"][0].startswith(
        r"\lambda = 0,")
