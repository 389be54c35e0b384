"""Invariants of mathcore.numerics, each checked against an independent computation.

References, none of which shares code with mathcore: scipy.special, plain Python
``math`` (on inputs small enough for the textbook formula), a naive numpy
``exp / sum`` where it cannot overflow, and our own central differences.
Tolerances are stated next to each comparison; ``EPS`` is float64's epsilon.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

import mathcore
from tests.mathcore.strategies import finite_floats, logit_vectors, logits_and_target

EPS = float(np.finfo(np.float64).eps)
SUM_TOLERANCE = 1e-12  # the bound on |sum_k y_k - 1|
# No deadline: the shared 2-core machine is noisy, and time is not what is tested.
PROPERTY = settings(deadline=None, max_examples=100)


@st.composite
def logits_and_soft_target(draw, bound: float = 1e4, normalised: bool = True):
    logits = draw(logit_vectors(bound))
    weights = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=len(logits),
                                     max_size=len(logits))))
    weights[draw(st.integers(0, len(logits) - 1))] += 0.5  # never all zero
    return logits, (weights / weights.sum() if normalised else weights)


def scale(logits: np.ndarray) -> float:
    """1 + max |z|: absolute errors of log-domain results grow with it."""
    return 1.0 + float(np.max(np.abs(logits)))


def one_hot(target: int, count: int) -> np.ndarray:
    vector = np.zeros(count)
    vector[target] = 1.0
    return vector


def textbook_softmax(logits) -> list[float]:
    """y_m = e^{z_m} / sum_k e^{z_k} in plain Python, no shift (small |z| only)."""
    exponentials = [math.exp(value) for value in logits]
    total = math.fsum(exponentials)
    return [value / total for value in exponentials]


def gradient_integral(path: np.ndarray, target) -> float:
    """mathcore's line integral of mathcore's gradient of the cost along ``path``."""
    return mathcore.line_integral(lambda points: mathcore.nll_gradient(points, target), path)


def reference_cost(logits: np.ndarray, target: np.ndarray) -> float:
    """C = sum(t) log sum_k e^{z_k} - t.z, from scipy's logsumexp."""
    return float(np.sum(target) * scipy.special.logsumexp(logits) - target @ logits)


def central_differences(function, point: np.ndarray, step: float) -> np.ndarray:
    """Our own (f(z + h e_m) - f(z - h e_m)) / 2h, independent of mathcore's helper."""
    columns = []
    for offset in np.eye(len(point)) * step:
        columns.append((np.asarray(function(point + offset)) - np.asarray(function(point - offset)))
                       / (2 * step))
    return np.stack(columns, axis=-1)


# ---------------------------------------------------------------------------
# softmax, log_softmax, logsumexp


@PROPERTY
@given(logit_vectors())
def test_probabilities_lie_in_unit_interval_and_sum_to_one(logits):
    probabilities = mathcore.softmax(logits)
    assert np.all((probabilities >= 0.0) & (probabilities <= 1.0))
    assert abs(math.fsum(probabilities) - 1.0) <= SUM_TOLERANCE


@PROPERTY
@given(logit_vectors())
def test_softmax_log_softmax_logsumexp_match_scipy(logits):
    # Same float64 inputs, different implementation: agreement to a few ulps,
    # absolute in the log domain (its values reach |z| ~ 1e4).
    np.testing.assert_allclose(mathcore.softmax(logits), scipy.special.softmax(logits),
                               rtol=1e-13, atol=4 * EPS)
    np.testing.assert_allclose(mathcore.log_softmax(logits), scipy.special.log_softmax(logits),
                               rtol=0, atol=8 * EPS * scale(logits))
    difference = mathcore.logsumexp(logits) - scipy.special.logsumexp(logits)
    assert abs(difference) <= 8 * EPS * scale(logits)


@PROPERTY
@given(logit_vectors(bound=30.0))
def test_softmax_matches_textbook_formula_on_small_logits(logits):
    # |z| <= 30: e^{z} neither overflows nor underflows, so no shift is needed.
    np.testing.assert_allclose(mathcore.softmax(logits), textbook_softmax(logits), rtol=1e-13,
                               atol=0)
    expected_log_total = math.log(math.fsum(math.exp(value) for value in logits))
    assert math.isclose(float(mathcore.logsumexp(logits)), expected_log_total, rel_tol=1e-14,
                        abs_tol=1e-14)


@PROPERTY
@given(logits_and_target(bound=50.0))
def test_nll_matches_naive_numpy_where_exp_does_not_overflow(case):
    logits, target = case
    naive = -np.log(np.exp(logits[target]) / np.sum(np.exp(logits)))
    assert math.isclose(float(mathcore.nll(logits, target)), float(naive), rel_tol=1e-12,
                        abs_tol=1e-13)


@PROPERTY
@given(logit_vectors(bound=1e3), finite_floats(1e3))
def test_shift_invariance(logits, shift):
    # z + c rounds each logit by at most half an ulp of |z| + |c|, which moves
    # the differences z_m - z_n, and so y, by about EPS * (|z| + |c|).
    tolerance = 4 * EPS * (scale(logits) + abs(shift))
    np.testing.assert_allclose(mathcore.softmax(logits + shift), mathcore.softmax(logits), rtol=0,
                               atol=tolerance)
    np.testing.assert_allclose(mathcore.log_softmax(logits + shift), mathcore.log_softmax(logits),
                               rtol=0, atol=4 * tolerance)
    shifted = mathcore.logsumexp(logits + shift) - (mathcore.logsumexp(logits) + shift)
    assert abs(shifted) <= 4 * tolerance


# ---------------------------------------------------------------------------
# the cost and its gradient


@PROPERTY
@given(logits_and_target())
def test_cost_is_nonnegative_for_a_class_target(case):
    logits, target = case
    assert mathcore.nll(logits, target) >= 0.0


@pytest.mark.parametrize("logits, target", [
    ([800.0, -800.0], 0),  # y_T = 1 exactly: log y_T = 0.0
    ([[800.0, -800.0], [0.0, -1e4]], 0),
    ([800.0, -800.0], [1.0, 0.0]),
    ([5.0, 1.0], [0.0, 0.0]),  # no target mass at all
])
def test_a_cost_of_zero_is_positive_zero(logits, target):
    # -0.0 == 0.0, so compare signs: JSON would print "-0.0" for a cost.
    given = np.array(target) if isinstance(target, list) else target
    costs = np.atleast_1d(mathcore.nll(np.array(logits), given))
    assert [math.copysign(1.0, float(cost)) for cost in costs] == [1.0] * len(costs)
    assert np.all(costs == 0.0)


@PROPERTY
@given(logits_and_soft_target(normalised=False))
def test_cost_is_nonnegative_for_a_soft_target(case):
    logits, target = case
    assert mathcore.nll(logits, target) >= 0.0


@PROPERTY
@given(logits_and_target())
def test_gradient_sums_to_zero_for_a_one_hot_target(case):
    logits, target = case
    gradient = mathcore.nll_gradient(logits, target)
    assert abs(math.fsum(gradient)) <= SUM_TOLERANCE
    np.testing.assert_allclose(
        gradient, scipy.special.softmax(logits) - one_hot(target, len(logits)),
        rtol=0, atol=4 * EPS,
    )


@PROPERTY
@given(logits_and_soft_target())
def test_gradient_sums_to_zero_for_a_normalised_target(case):
    logits, target = case
    assert abs(math.fsum(mathcore.nll_gradient(logits, target))) <= SUM_TOLERANCE


@PROPERTY
@given(logits_and_target(bound=20.0))
def test_gradient_matches_finite_differences_for_a_class_target(case):
    logits, target = case
    target_vector = one_hot(target, len(logits))
    # h = 1e-5: truncation h^2 |C'''| < 1e-10, rounding EPS |C| / h < 1e-9.
    estimate = central_differences(lambda z: reference_cost(z, target_vector), logits, 1e-5)
    np.testing.assert_allclose(mathcore.nll_gradient(logits, target), estimate, rtol=0, atol=1e-7)


@PROPERTY
@given(logits_and_soft_target(bound=20.0, normalised=False))
def test_gradient_matches_finite_differences_for_an_unnormalised_soft_target(case):
    logits, target = case
    estimate = central_differences(lambda z: reference_cost(z, target), logits, 1e-5)
    np.testing.assert_allclose(mathcore.nll_gradient(logits, target), estimate, rtol=0, atol=1e-7)


@PROPERTY
@given(logits_and_soft_target(normalised=False))
def test_soft_target_cost_is_cross_entropy(case):
    logits, target = case
    expected = -np.sum(target * scipy.special.log_softmax(logits))
    assert abs(mathcore.nll(logits, target) - expected) <= 16 * EPS * scale(logits) * np.sum(target)


@PROPERTY
@given(logits_and_target())
def test_class_target_and_its_one_hot_give_the_same_cost(case):
    logits, target = case
    by_index = mathcore.nll(logits, target)
    by_vector = mathcore.nll(logits, one_hot(target, len(logits)))
    assert abs(by_index - by_vector) <= 4 * EPS * scale(logits)


def test_finite_difference_helper_matches_a_known_derivative():
    point = np.array([-1.2, 0.3, 2.5])
    estimate = mathcore.finite_difference_gradient(lambda z: float(np.sum(np.sin(z))), point, 1e-5)
    np.testing.assert_allclose(estimate, np.cos(point), rtol=0, atol=1e-9)


def test_target_distribution():
    np.testing.assert_allclose(mathcore.target_distribution(2, 4), [0.0, 0.0, 1.0, 0.0], rtol=0,
                               atol=0)
    np.testing.assert_allclose(mathcore.target_distribution(np.int64(0), 2), [1.0, 0.0], rtol=0,
                               atol=0)
    soft = mathcore.target_distribution([0.25, 0.75], 2)
    assert soft.dtype == np.float64
    for bad_index in (-1, 4):
        with pytest.raises(ValueError, match="outside"):
            mathcore.target_distribution(bad_index, 4)
    with pytest.raises(ValueError, match="entries"):
        mathcore.target_distribution([0.5, 0.5], 3)
    with pytest.raises(ValueError, match="outside"):
        mathcore.nll([1.0, 2.0], 2)


def test_scalar_logits_are_refused():
    with pytest.raises(ValueError, match="axis"):
        mathcore.softmax(1.0)


# ---------------------------------------------------------------------------
# batches along the last axis


def batch_of_logits() -> np.ndarray:
    rng = np.random.default_rng(20240601)
    logits = rng.normal(0.0, 3.0, size=(64, 5))
    logits[0] = [1e4, -1e4, 0.0, 1e-8, 5.0]
    logits[1] = [-1e4, -1e4, -1e4, -1e4, -1e4]
    logits[2] = rng.uniform(-1e4, 1e4, size=5)
    return logits


@pytest.mark.parametrize("function", [mathcore.softmax, mathcore.log_softmax,
                                      mathcore.logsumexp, mathcore.softmax_jacobian],
                         ids=lambda function: function.__name__)
def test_batch_equals_row_by_row(function):
    logits = batch_of_logits()
    by_row = np.stack([function(row) for row in logits])
    batched = function(logits)
    assert batched.shape == by_row.shape
    np.testing.assert_allclose(batched, by_row, rtol=4 * EPS, atol=4 * EPS)


def test_batch_cost_and_gradient_equal_row_by_row():
    logits = batch_of_logits()
    rng = np.random.default_rng(7)
    soft_targets = rng.dirichlet(np.ones(logits.shape[1]), size=len(logits))
    for target in (3, soft_targets):
        rows = [target] * len(logits) if isinstance(target, int) else list(target)
        np.testing.assert_allclose(
            mathcore.nll(logits, target),
            [mathcore.nll(z, row) for z, row in zip(logits, rows, strict=True)],
            rtol=4 * EPS, atol=4 * EPS * scale(logits),
        )
        np.testing.assert_allclose(
            mathcore.nll_gradient(logits, target),
            np.stack([mathcore.nll_gradient(z, row) for z, row in zip(logits, rows, strict=True)]),
            rtol=4 * EPS, atol=4 * EPS,
        )


# ---------------------------------------------------------------------------
# the softmax Jacobian


@PROPERTY
@given(logit_vectors(bound=20.0))
def test_jacobian_matches_finite_differences_of_softmax(logits):
    # Column n of the estimate is d y / d z_n; J[m, n] = d y_m / d z_n.
    estimate = central_differences(scipy.special.softmax, logits, 1e-6)
    np.testing.assert_allclose(mathcore.softmax_jacobian(logits), estimate, rtol=0, atol=1e-9)


@PROPERTY
@given(logit_vectors())
def test_jacobian_is_symmetric_with_zero_row_sums_and_positive_semidefinite(logits):
    jacobian = mathcore.softmax_jacobian(logits)
    y = scipy.special.softmax(logits)
    np.testing.assert_allclose(jacobian, np.diag(y) - np.outer(y, y), rtol=0, atol=4 * EPS)
    assert np.max(np.abs(jacobian - jacobian.T)) <= EPS
    assert np.max(np.abs(jacobian.sum(axis=1))) <= 8 * EPS
    assert np.min(np.linalg.eigvalsh(jacobian)) >= -8 * EPS


# ---------------------------------------------------------------------------
# line integrals


def linear_field_integral(matrix: np.ndarray, offset: np.ndarray, path: np.ndarray) -> float:
    """Exact integral of g(z) = M z + b along a polyline (M need not be symmetric).

    Along p + s d, s in [0, 1]: (M p + b).d + (d.M d) / 2.
    """
    total = 0.0
    for start, end in zip(path[:-1], path[1:], strict=True):
        direction = end - start
        total += (matrix @ start + offset) @ direction + 0.5 * direction @ matrix @ direction
    return float(total)


@st.composite
def polylines(draw, bound: float, classes: int | None = None, start_at_origin: bool = False):
    count = classes if classes is not None else draw(st.integers(2, 5))
    vertices = draw(st.integers(2, 6))
    path = [
        draw(st.lists(finite_floats(bound), min_size=count, max_size=count))
        for _ in range(vertices)
    ]
    if start_at_origin:
        path[0] = [0.0] * count
    return np.array(path)


@PROPERTY
@given(polylines(bound=10.0), st.sampled_from([1, 2, 16]), st.integers(0, 2**32 - 1))
def test_line_integral_is_exact_for_a_linear_field(path, nodes, seed):
    # Gauss-Legendre with one node (the midpoint rule) is already exact for degree 1.
    rng = np.random.default_rng(seed)
    count = path.shape[1]
    matrix, offset = rng.normal(size=(count, count)), rng.normal(size=count)
    expected = linear_field_integral(matrix, offset, path)
    computed = mathcore.line_integral(lambda points: points @ matrix.T + offset, path, nodes=nodes)
    magnitude = 1.0 + np.sum(np.abs(matrix)) * 100.0 * len(path) + np.sum(np.abs(offset)) * 20.0
    assert abs(computed - expected) <= 1e-13 * magnitude


def test_line_integral_is_exact_for_a_polynomial_gradient_field():
    # g = z^2 (entrywise) is the gradient of sum_k z_k^3 / 3.
    path = np.array([[0.0, 0.0, 0.0], [2.5, -1.0, 0.5], [-3.0, 4.0, 1.0], [1.0, 1.0, -2.0]])
    expected = (np.sum(path[-1] ** 3) - np.sum(path[0] ** 3)) / 3.0
    for nodes in (2, 16):
        computed = mathcore.line_integral(lambda points: points**2, path, nodes=nodes)
        assert math.isclose(computed, expected, rel_tol=1e-13, abs_tol=1e-13)


@PROPERTY
@given(st.data())
def test_cost_rise_equals_line_integral_on_random_polylines(data):
    path = data.draw(polylines(bound=50.0, start_at_origin=True))
    target = data.draw(st.integers(0, path.shape[1] - 1))
    target_vector = one_hot(target, path.shape[1])
    rise = reference_cost(path[-1], target_vector) - reference_cost(path[0], target_vector)
    computed, straight = gradient_integral(path, target), gradient_integral(path[[0, -1]], target)
    tolerance = 1e-9 * (1.0 + abs(rise))
    assert abs(computed - rise) <= tolerance
    assert abs(straight - computed) <= 2 * tolerance


@PROPERTY
@given(st.data())
def test_polyline_and_straight_path_agree_for_a_soft_target(data):
    path = data.draw(polylines(bound=20.0))
    target = data.draw(st.lists(st.floats(0.0, 1.0), min_size=path.shape[1],
                                max_size=path.shape[1]).map(np.array))
    rise = reference_cost(path[-1], target) - reference_cost(path[0], target)
    computed, straight = gradient_integral(path, target), gradient_integral(path[[0, -1]], target)
    tolerance = 1e-9 * (1.0 + abs(rise))
    assert abs(computed - rise) <= tolerance
    assert abs(straight - rise) <= tolerance


@pytest.mark.parametrize(
    "path",
    [
        [[-1e4, 1e4, 0.0], [1e4, -1e4, 0.0]],
        [[0.0, 0.0, 0.0, 0.0], [1e4, -1e4, 0.0, 1e-8]],
        [[0.0, 0.0, 0.0], [-1e4, 3.0, 1e4], [1e4, 1e4, -1e4], [2.0, 1.0, 0.1]],
    ],
    ids=["crossing", "mixed-scales", "polyline"],
)
def test_line_integral_on_long_segments(path):
    path = np.array(path)
    for target in range(path.shape[1]):
        target_vector = one_hot(target, path.shape[1])
        rise = reference_cost(path[-1], target_vector) - reference_cost(path[0], target_vector)
        computed = gradient_integral(path, target)
        assert abs(computed - rise) <= 1e-9 * (1.0 + abs(rise))


def exact_rise(logits, target: int) -> float:
    """C(z) - C(0) = log sum_k e^{z_k} - z_T - log K, in mpmath with 40 digits."""
    with mpmath.workdps(40):
        total = mpmath.fsum(mpmath.exp(mpmath.mpf(value)) for value in logits)
        return float(mpmath.log(total) - mpmath.mpf(logits[target]) - mpmath.log(len(logits)))


@pytest.mark.parametrize(
    "logits, target",
    [
        ([65138.298, 93395.429, -18045.732], 1),
        ([1e5, -1e5, 3e4, -7e4, 1e5, 5.0, 6.0, -1e5], 3),
        ([-99999.7, 99998.1, 12.5], 0),
        ([1e5, 1e5, 1e5, 1e5], 0),
    ],
)
def test_long_paths_lose_only_a_few_ulps_of_their_length(logits, target):
    # 50 000 pieces of 16 nodes a segment: summed pairwise, the rounding stays within
    # a few EPS of the sum of |terms| (<= ||z||_1). One running total lost 3e-9 (80 EPS
    # ||z||_1) on the first path; pieces of 5 units cost the straight path 1e-10.
    z = np.array(logits)
    corners = [np.zeros_like(z)]
    for m in range(len(z)):
        corner = corners[-1].copy()
        corner[m] = z[m]
        corners.append(corner)
    rise = exact_rise(logits, target)
    tolerance = 8 * EPS * (1.0 + float(np.sum(np.abs(z))))
    for path in (corners, [np.zeros_like(z), z]):
        computed = mathcore.line_integral(
            lambda points: mathcore.nll_gradient(points, target), path)
        assert abs(computed - rise) <= tolerance, (len(path), computed - rise, tolerance)


def test_line_integral_refuses_a_path_of_one_vertex():
    with pytest.raises(ValueError, match="two vertices"):
        mathcore.line_integral(lambda points: points, [[1.0, 2.0]])


# ---------------------------------------------------------------------------
# gradient descent


@PROPERTY
@given(logits_and_target(bound=5.0), st.floats(0.01, 2.0), st.integers(0, 30))
def test_descent_matches_a_hand_written_loop(case, rate, steps):
    logits, target = case
    trajectory = mathcore.gradient_descent_trajectory(logits, target, rate, steps)
    z = [float(value) for value in logits]
    expected_logits, expected_costs = [list(z)], []
    for _ in range(steps):
        y = textbook_softmax(z)
        z = [value - rate * (y_m - (1.0 if m == target else 0.0))
             for m, (value, y_m) in enumerate(zip(z, y, strict=True))]
        expected_logits.append(list(z))
    for point in expected_logits:
        expected_costs.append(math.log(math.fsum(math.exp(value) for value in point))
                              - point[target])
    assert trajectory.logits.shape == (steps + 1, len(logits))
    np.testing.assert_allclose(trajectory.logits, expected_logits, rtol=0, atol=1e-12)
    np.testing.assert_allclose(trajectory.probabilities,
                               [textbook_softmax(point) for point in expected_logits],
                               rtol=0, atol=1e-13)
    np.testing.assert_allclose(trajectory.costs, expected_costs, rtol=0, atol=1e-12)
    assert math.isclose(trajectory.rate, rate, rel_tol=EPS)


@PROPERTY
@given(logits_and_target(bound=1e3), st.floats(1e-3, 1.0))
def test_descent_never_raises_the_cost_for_a_small_rate(case, rate):
    # The Hessian diag(y) - y y^T has eigenvalues <= 1/2, so any rate < 4 descends;
    # rounding may add an ulp of the cost.
    logits, target = case
    costs = mathcore.gradient_descent_trajectory(logits, target, rate, 25).costs
    assert np.all(np.diff(costs) <= 4 * EPS * (1.0 + np.abs(costs[:-1])))


@PROPERTY
@given(logits_and_soft_target(bound=5.0), st.floats(1e-3, 1.0))
def test_descent_with_a_soft_target_never_raises_the_cost(case, rate):
    logits, target = case
    trajectory = mathcore.gradient_descent_trajectory(logits, target, rate, 20)
    expected = [reference_cost(point, target) for point in trajectory.logits]
    np.testing.assert_allclose(trajectory.costs, expected, rtol=0, atol=1e-12)
    assert np.all(np.diff(trajectory.costs) <= 1e-12)


@pytest.mark.parametrize("rate, steps", [(0.0, 3), (-1.0, 3), (float("nan"), 3), (1.0, -1)])
def test_descent_refuses_bad_rate_or_steps(rate, steps):
    with pytest.raises(ValueError):
        mathcore.gradient_descent_trajectory([1.0, 2.0], 0, rate, steps)


def test_public_names_are_exported():
    for name in mathcore.__all__:
        assert hasattr(mathcore, name), name
