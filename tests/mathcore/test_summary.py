"""Chapter 9's training numbers (mathcore.views.training) and chapter 10's chain of identities.

References, none sharing code with mathcore: gradient descent and softmax in plain
Python (``math.exp``, ``math.fsum``), scipy.special (softmax, logsumexp, expit),
scipy.integrate.quad, and central differences written here. Tolerances are
stated next to each comparison.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import scipy.integrate
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore.derivations import all_derivations
from mathcore.example import WorkedExample, formulas
from mathcore.outline import CHAPTERS
from mathcore.summary import cited_derivations, summary_chain
from mathcore.views.training import (
    MAX_SHOWN_STEPS,
    cost_axis_top,
    shown_steps,
    step_ticks,
    training_display,
)
from tests.reference import plain_cost, plain_probabilities

PROPERTY = settings(deadline=None, max_examples=60)
DESCENT_TOLERANCE = 1e-9  # float64 descent, 30 steps, against plain Python (relative to 1 + C)
DIFFERENCE_STEP = 1e-5
DIFFERENCE_TOLERANCE = 1e-6  # central differences: O(h^2) + rounding / h

EXAMPLES = {
    "storyboard": dict(logits=[2.0, 1.0, 0.1], target="cat", classes=["cat", "dog", "bird"]),
    "two": dict(logits=[0.5, -1.25], target="ham", classes=["spam", "ham"]),
    "eight": dict(logits=[-20.0, 20.0, 3.3, 0.0, -7.5, 12.0, 1.0, -1.0], target=4,
                  classes=[f"c{index}" for index in range(8)]),
}


def build(name: str) -> WorkedExample:
    settings_ = EXAMPLES[name]
    return WorkedExample.build(settings_["logits"], settings_["target"], settings_["classes"])


def plain_descent(logits: list[float], target: int, rate: float, steps: int):
    """Gradient descent z <- z - rate (y - t), in plain Python."""
    z = list(logits)
    path = [list(z)]
    for _ in range(steps):
        y = plain_probabilities(z)
        z = [value - rate * (y[m] - (1.0 if m == target else 0.0))
             for m, value in enumerate(z)]
        path.append(list(z))
    return path


def written(value: float) -> str:
    """How the lecture writes a number, spelled out here: 3 decimals, tiny ones as 1.2e-05."""
    if value != 0 and abs(value) < 0.0005:
        return f"{value:.1e}"
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


# ---------------------------------------------------------------------------
# Chapter 9: the training run.


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_training_numbers_match_plain_python_descent(name):
    example = build(name)
    display = training_display(example)
    path = plain_descent(list(example.logits), example.target, example.trajectory.rate,
                         display["n_steps"])
    assert display["steps"][0] == 0 and display["steps"][-1] == display["n_steps"]
    for position, step in enumerate(display["steps"]):
        cost = plain_cost(path[step], example.target)
        probabilities = plain_probabilities(path[step])
        assert abs(display["cost_values"][position] - cost) <= DESCENT_TOLERANCE * (1 + cost)
        np.testing.assert_allclose(display["probabilities"][position], probabilities,
                                   rtol=0, atol=DESCENT_TOLERANCE)
        assert display["costs"][position] == written(cost)
        assert display["target_probabilities"][position] == written(
            probabilities[example.target])
    assert display["cost_top"] == pytest.approx(max(plain_cost(point, example.target)
                                                    for point in path), rel=1e-12)
    assert display["cost_top_label"] == written(display["cost_top"])
    assert display["step_ticks"][0] == 0 and display["step_ticks"][-1] <= display["n_steps"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_shown_costs_fall_and_probabilities_head_for_the_target(name):
    example = build(name)
    display = training_display(example)
    costs = display["cost_values"]
    assert np.all(np.diff(costs) <= 1e-15)
    target_probabilities = [row[example.target] for row in display["probabilities"]]
    assert np.all(np.diff(target_probabilities) >= -1e-15)
    assert costs[-1] < costs[0]


def test_a_descent_that_starts_at_zero_cost_gets_a_unit_axis():
    # e^{-80} vanishes next to 1 in float64: the cost is exactly 0 all along.
    example = WorkedExample.build([40.0, -40.0], 0, ["yes", "no"])
    assert float(np.max(example.trajectory.costs)) == 0.0
    display = training_display(example)
    assert display["cost_top"] == 1.0
    assert set(display["costs"]) == {"0.000"}


def test_symbols_on_the_readouts():
    display = training_display(build("storyboard"))
    assert display["cost_symbol"] == "C"
    assert display["target_probability_symbol"] == "y_{T}"


@PROPERTY
@given(st.integers(0, 5000), st.integers(1, 80))
def test_shown_steps(n_steps, limit):
    steps = shown_steps(n_steps, limit)
    assert steps[0] == 0 and steps[-1] == n_steps
    assert np.all(np.diff(steps) > 0)
    assert len(steps) <= limit + 1
    if n_steps <= limit:
        assert steps == list(range(n_steps + 1))
    else:
        gaps = np.diff(steps)
        # Densest first: spacing grows along the run (up to rounding by one step).
        assert np.all(np.diff(gaps) >= -1)
        assert len(steps) >= limit // 2


def test_shown_steps_default_limit_and_bad_input():
    assert shown_steps(MAX_SHOWN_STEPS) == list(range(MAX_SHOWN_STEPS + 1))
    assert len(shown_steps(10 * MAX_SHOWN_STEPS)) <= MAX_SHOWN_STEPS + 1
    with pytest.raises(ValueError):
        shown_steps(-1)
    with pytest.raises(ValueError):
        shown_steps(10, 0)


@PROPERTY
@given(st.integers(0, 100_000), st.integers(3, 10))
def test_step_ticks(n_steps, most):
    ticks = step_ticks(n_steps, most)
    assert ticks[0] == 0 and ticks[-1] <= n_steps
    assert len(ticks) <= most
    if n_steps:
        spacing = ticks[1] - ticks[0]
        assert np.all(np.diff(ticks) == spacing)
        assert ticks[-1] > n_steps - spacing  # the ticks reach the end of the axis
        if n_steps // 1000 + 1 <= most:  # a spacing of 1000 fits: a smaller one is chosen
            assert spacing in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
        mantissa = spacing / 10 ** math.floor(math.log10(spacing))
        assert mantissa in (1, 2, 5)


def test_step_ticks_examples():
    assert step_ticks(30) == [0, 10, 20, 30]
    assert step_ticks(7) == [0, 2, 4, 6]
    assert step_ticks(0) == [0]
    with pytest.raises(ValueError):
        step_ticks(-3)
    with pytest.raises(ValueError):  # 0 to 4 in at most 2 ticks: no round step gives two
        step_ticks(4, 2)


@PROPERTY
@given(st.lists(st.floats(0, 1e3, allow_nan=False), min_size=1, max_size=50))
def test_cost_axis_top_holds_every_cost(costs):
    top = cost_axis_top(np.array(costs))
    assert top > 0
    assert all(cost <= top for cost in costs)
    if max(costs) > 0:
        assert top == max(costs)
    else:
        assert top == 1.0


def test_cost_axis_top_rejects_what_it_cannot_draw():
    for bad in ([], [0.1, math.nan], [math.inf]):
        with pytest.raises(ValueError):
            cost_axis_top(np.array(bad))


# ---------------------------------------------------------------------------
# Chapter 10: the chain of identities.


def test_one_line_per_chapter_two_to_nine_in_order():
    chain = summary_chain()
    assert [line.chapter for line in chain] == list(range(2, 10))
    titles = {chapter.number for chapter in CHAPTERS}
    assert all(line.chapter in titles for line in chain)


def test_every_side_shown_is_printed_by_sympy_in_a_cited_step_or_formula():
    """No side of an identity is typed: each is a piece of a derivation's or formulas' LaTeX."""
    printed = list(formulas().values())
    steps = {derivation.name: derivation.steps for derivation in all_derivations()}
    for line in summary_chain():
        sources = printed + [text for name, index in line.sources
                             for text in (steps[name][index].lhs_latex,
                                          steps[name][index].rhs_latex)]
        sides = [side.strip() for part in line.latex.split(r",\quad")
                 for side in re.split(r" = | \\leftarrow ", part)]
        assert len(sides) >= 2, line.latex
        for side in sides:
            assert any(side in source for source in sources), (line.chapter, side)


def test_the_steps_each_line_restates_are_proven():
    for line in summary_chain():
        for derivation in cited_derivations(line):
            result = derivation.verify((2, 3, 4))
            assert result.passed, (line.chapter, [step.detail for step in result.steps])
            assert len(result.steps) == sum(name == derivation.name for name, _ in line.sources)


def test_a_wrong_cited_step_would_fail():
    # The proof used above can fail: the same machinery on a false statement.
    import sympy as sp

    from mathcore import notation as nt
    from mathcore.derivations import Step

    forward = next(derivation for derivation in cited_derivations(summary_chain()[2]))
    wrong = Step(sp.Derivative(nt.C, nt.z[nt.m]), nt.y[nt.m], "forgot the target")
    broken = type(forward)(forward.name, forward.title, forward.chapter, (wrong,),
                           forward.definitions)
    assert not broken.verify((2, 3)).passed


def test_the_lines_read_as_the_storyboard_writes_them():
    latex = {line.chapter: line.latex for line in summary_chain()}
    assert latex[2].startswith("y_{m} =") and r"\frac{e^{z_{m}}}" in latex[2]
    assert latex[3].count("=") == 2 and r"- \log y_{T}" in latex[3]
    assert r"\frac{\partial C}{\partial z_{m}} = y_{m} - t_{m}" == latex[4]
    assert latex[5].startswith(r"C = \int") and latex[5].endswith(r"- \log y_{T} + c")
    assert r"\partial g_{m}" in latex[6] and r"\partial g_{n}" in latex[6]
    assert r"\log a" in latex[7] and r"\log\left(1 - a\right)" in latex[7]
    assert r"\frac{\partial A}{\partial z_{m}} = y_{m}" in latex[8]
    assert r"\leftarrow" in latex[9] and r"\eta" in latex[9]


# The identities themselves, checked numerically against independent references.

logit_vectors = st.integers(2, 8).flatmap(
    lambda size: st.lists(st.floats(-6, 6, allow_nan=False), min_size=size, max_size=size))


def reference_cost(z: np.ndarray, target: int) -> float:
    return float(scipy.special.logsumexp(z) - z[target])


def central_gradient(function, z: np.ndarray) -> np.ndarray:
    gradient = np.empty_like(z)
    for m in range(len(z)):
        step = np.zeros_like(z)
        step[m] = DIFFERENCE_STEP
        gradient[m] = (function(z + step) - function(z - step)) / (2 * DIFFERENCE_STEP)
    return gradient


@PROPERTY
@given(logit_vectors, st.data())
def test_lines_2_to_5_softmax_cost_gradient_and_its_integral(logits, data):
    z = np.array(logits)
    target = data.draw(st.integers(0, len(z) - 1))
    y = scipy.special.softmax(z)
    t = np.eye(len(z))[target]
    # 2: y_m = e^{z_m} / sum_k e^{z_k} (no overflow for |z| <= 6).
    np.testing.assert_allclose(y, np.exp(z) / np.sum(np.exp(z)), rtol=1e-12)
    # 3: -log y_T = log sum_k e^{z_k} - z_T.
    assert -math.log(y[target]) == pytest.approx(reference_cost(z, target), abs=1e-12)
    # 4: dC/dz_m = y_m - t_m.
    gradient = central_gradient(lambda point: reference_cost(point, target), z)
    np.testing.assert_allclose(gradient, y - t, atol=DIFFERENCE_TOLERANCE)
    # 5: integrating y_m - t_m over z_m gives -log y_T back, up to a constant.
    m = data.draw(st.integers(0, len(z) - 1))
    end = z.copy()
    end[m] += data.draw(st.floats(-3, 3, allow_nan=False))

    def integrand(value: float) -> float:
        point = z.copy()
        point[m] = value
        return float(scipy.special.softmax(point)[m] - t[m])

    area, _ = scipy.integrate.quad(integrand, z[m], end[m], epsabs=1e-12, epsrel=1e-12)
    assert area == pytest.approx(reference_cost(end, target) - reference_cost(z, target),
                                 abs=1e-9)


@PROPERTY
@given(logit_vectors)
def test_line_6_the_field_y_minus_t_has_a_symmetric_jacobian(logits):
    z = np.array(logits)
    columns = [central_gradient(lambda point, n=n: scipy.special.softmax(point)[n], z)
               for n in range(len(z))]
    jacobian = np.array(columns)  # row n: d y_n / d z
    np.testing.assert_allclose(jacobian, jacobian.T, atol=2 * DIFFERENCE_TOLERANCE)


@PROPERTY
@given(st.floats(-8, 8, allow_nan=False), st.floats(0, 1, allow_nan=False))
def test_line_7_the_cross_entropy_of_a_sigmoid_has_gradient_a_minus_y(z, y):
    def cost(pre_activation: float) -> float:
        a = scipy.special.expit(pre_activation)
        return -(y * math.log(a) + (1 - y) * math.log1p(-a))

    slope = (cost(z + DIFFERENCE_STEP) - cost(z - DIFFERENCE_STEP)) / (2 * DIFFERENCE_STEP)
    assert slope == pytest.approx(scipy.special.expit(z) - y, abs=DIFFERENCE_TOLERANCE)


@PROPERTY
@given(logit_vectors, st.data())
def test_line_8_grad_A_is_softmax_and_C_is_A_minus_t_dot_z(logits, data):
    z = np.array(logits)
    gradient = central_gradient(lambda point: float(scipy.special.logsumexp(point)), z)
    np.testing.assert_allclose(gradient, scipy.special.softmax(z), atol=DIFFERENCE_TOLERANCE)
    weights = np.array(data.draw(st.lists(st.floats(0.01, 1), min_size=len(z),
                                          max_size=len(z))))
    t = weights / weights.sum()  # any target distribution, soft labels too
    cross_entropy = -float(np.sum(t * np.log(scipy.special.softmax(z))))
    assert cross_entropy == pytest.approx(float(scipy.special.logsumexp(z) - t @ z), abs=1e-12)


@PROPERTY
@given(logit_vectors, st.data())
def test_line_9_a_step_of_the_update_never_raises_the_cost(logits, data):
    z = np.array(logits)
    target = data.draw(st.integers(0, len(z) - 1))
    rate = build("storyboard").trajectory.rate
    stepped = z - rate * (scipy.special.softmax(z) - np.eye(len(z))[target])
    assert reference_cost(stepped, target) <= reference_cost(z, target) + 1e-12
