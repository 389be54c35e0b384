"""Numerical stability at large and mixed scales, against mpmath at 50 digits.

mpmath's exponent range is unbounded, so e^{1e4} is no problem for it: it gives
the exact answer that the float64 result is measured against. Every float input
converts to mpmath exactly, so the only error measured is mathcore's.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore import (
    binary_cross_entropy,
    log_softmax,
    logsumexp,
    nll,
    nll_gradient,
    sigmoid,
    softmax,
)

EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)  # smallest normal float
PROPERTY = settings(deadline=None, max_examples=100)
CONTEXT = mpmath.MPContext()
CONTEXT.dps = 50

MIXED_SCALES = [
    [1e4, -1e4, 0.0, 1e-8],
    [1e4, 1e4],
    [-1e4, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4, -1e4],
    [1e4, -1e4],
    [-1e4, 1e4, -1e4, 1e4, 0.0, -0.0, 1e-300, -1e-300],
    [710.0, 0.0, -710.0],
    [-745.0, -746.0, -800.0],
    [5e-324, -5e-324],
]


def exact_logsumexp(logits) -> mpmath.mpf:
    return CONTEXT.log(CONTEXT.fsum(CONTEXT.exp(CONTEXT.mpf(float(value))) for value in logits))


def exact_log_softmax(logits) -> list[mpmath.mpf]:
    total = exact_logsumexp(logits)
    return [CONTEXT.mpf(float(value)) - total for value in logits]


def log_domain_tolerance(logits) -> float:
    # z - max z is rounded to half an ulp of its size (up to 2 max|z|).
    return 8 * EPS * (1.0 + float(np.max(np.abs(logits))))


def check_against_mpmath(logits: np.ndarray) -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        probabilities = softmax(logits)
        log_probabilities = log_softmax(logits)
        log_total = logsumexp(logits)
        costs = [nll(logits, target) for target in range(len(logits))]
        gradients = [nll_gradient(logits, target) for target in range(len(logits))]
    for array in (probabilities, log_probabilities, log_total, costs, gradients):
        assert np.all(np.isfinite(array))
    assert abs(math.fsum(probabilities) - 1.0) <= 1e-12

    tolerance = log_domain_tolerance(logits)
    exact_total = exact_logsumexp(logits)
    exact_logs = exact_log_softmax(logits)
    assert abs(float(log_total - exact_total)) <= tolerance
    for target, exact in enumerate(exact_logs):
        assert abs(float(log_probabilities[target] - exact)) <= tolerance
        assert abs(float(costs[target] + exact)) <= tolerance
        # y = e^{log y}: the relative error of y is the absolute error of log y.
        exact_probability = CONTEXT.exp(exact)
        assert abs(float(probabilities[target] - exact_probability)) <= (
            tolerance * float(exact_probability) + 4 * EPS
        )
        one_hot = np.zeros(len(logits))
        one_hot[target] = 1.0
        np.testing.assert_allclose(gradients[target],
                                   [float(CONTEXT.exp(value)) for value in exact_logs] - one_hot,
                                   rtol=0, atol=tolerance + 4 * EPS)


@pytest.mark.parametrize("logits", MIXED_SCALES, ids=str)
def test_mixed_scales_match_mpmath_without_overflow(logits):
    check_against_mpmath(np.array(logits))


@PROPERTY
@given(st.lists(st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
                min_size=2, max_size=8))
def test_large_logits_match_mpmath_without_overflow(logits):
    check_against_mpmath(np.array(logits))


@PROPERTY
@given(st.lists(st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
                min_size=2, max_size=8),
       st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False))
def test_large_logits_keep_sum_to_one_after_a_large_shift(logits, shift):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        probabilities = softmax(np.array(logits) + shift)
    assert abs(math.fsum(probabilities) - 1.0) <= 1e-12


def test_mixed_scale_batch_matches_rows():
    logits = np.array([row for row in MIXED_SCALES if len(row) == 4] + [[1e4, 0.0, -1e4, 1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        batched = log_softmax(logits)
    for row, expected in zip(logits, batched, strict=True):
        np.testing.assert_allclose(expected, [float(value) for value in exact_log_softmax(row)],
                                   rtol=0, atol=log_domain_tolerance(row))


# ---------------------------------------------------------------------------
# the sigmoid neuron


def exact_sigmoid(z: float) -> mpmath.mpf:
    return 1 / (1 + CONTEXT.exp(-CONTEXT.mpf(z)))


def exact_binary_cross_entropy(z: float, target: float) -> mpmath.mpf:
    # -[y log a + (1 - y) log(1 - a)] with a = sigma(z). At 50 digits 1 - a is
    # still 0 for z > 115, so use -log a = log(1 + e^{-z}), -log(1 - a) = log(1 + e^{z}).
    exponent = CONTEXT.mpf(z)
    return (CONTEXT.mpf(target) * CONTEXT.log1p(CONTEXT.exp(-exponent))
            + (1 - CONTEXT.mpf(target)) * CONTEXT.log1p(CONTEXT.exp(exponent)))


SIGMOID_POINTS = [-1e4, -800.0, -745.0, -709.0, -700.0, -40.0, -1.0, -1e-300, 0.0, 1e-8,
                  1.0, 36.0, 40.0, 700.0, 710.0, 1e4]


def assert_sigmoid_close(z: float) -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        computed = float(sigmoid(z))
    exact = exact_sigmoid(z)
    # Relative accuracy down to the smallest normal float; below it, subnormals
    # carry fewer digits, so the error is bounded absolutely instead.
    assert abs(computed - float(exact)) <= 4 * EPS * float(exact) + 2 * TINY * EPS
    assert 0.0 <= computed <= 1.0


def assert_binary_cross_entropy_close(z: float, target: float) -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        computed = float(binary_cross_entropy(z, target))
    exact = float(exact_binary_cross_entropy(z, target))
    # softplus(z) - y z cancels for large z: the error is bounded by EPS * |z|.
    assert abs(computed - exact) <= 8 * EPS * (1.0 + abs(z)) + 4 * EPS * abs(exact)
    assert computed >= 0.0


@pytest.mark.parametrize("z", SIGMOID_POINTS)
def test_sigmoid_matches_mpmath(z):
    assert_sigmoid_close(z)


@pytest.mark.parametrize("z", SIGMOID_POINTS)
@pytest.mark.parametrize("target", [0.0, 0.25, 1.0])
def test_binary_cross_entropy_matches_mpmath(z, target):
    assert_binary_cross_entropy_close(z, target)


@PROPERTY
@given(st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False), st.floats(0.0, 1.0))
def test_sigmoid_and_cross_entropy_match_mpmath_at_any_scale(z, target):
    assert_sigmoid_close(z)
    assert_binary_cross_entropy_close(z, target)


def test_sigmoid_and_cross_entropy_work_on_arrays():
    z = np.array(SIGMOID_POINTS)
    np.testing.assert_allclose(sigmoid(z), [float(exact_sigmoid(value)) for value in z],
                               rtol=4 * EPS, atol=2 * TINY * EPS)
    np.testing.assert_allclose(
        binary_cross_entropy(z, np.ones_like(z)),
        [float(exact_binary_cross_entropy(value, 1.0)) for value in z],
        rtol=4 * EPS, atol=8 * EPS * (1.0 + np.abs(z)).max(),
    )
