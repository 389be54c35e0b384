"""Chapter 5's slice: the integrand, its area and the cost's rise, against mpmath and scipy.

Reference values are computed here with mpmath at 50 significant digits (the
cost as ``log(sum exp) - z_T`` straight from its definition) and with
``scipy.integrate.quad``; never copied from mathcore.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from mathcore import notation as nt
from mathcore.derivations import forward_derivation, reverse_derivation
from mathcore.example import WorkedExample, formula_terms
from mathcore.slices import (
    constant_stages,
    reverse_latex,
    reverse_terms,
    slice_area,
    slice_gradient,
    slice_points,
    slice_rise,
)
from mathcore.views.axes import range_with_zero
from mathcore.views.slice import (
    PLOT_HEADROOM,
    SLICE_PAD,
    SLICES,
    readout,
    slice_curves,
    slice_data,
)
from tests.scenes.examples import EXAMPLES, example

PROPERTY = settings(deadline=None, max_examples=60)
RELATIVE = 1e-11  # stable rise against 50-digit mpmath, relative to the rise itself
AREA_RELATIVE = 1e-9  # 16-point Gauss-Legendre per unit piece on an analytic integrand

mpmath.mp.dps = 50


def exact_cost(logits, target: int) -> mpmath.mpf:
    values = [mpmath.mpf(value) for value in logits]
    return mpmath.log(mpmath.fsum(mpmath.exp(value) for value in values)) - values[target]


def exact_rise(logits, target: int, index: int, start: float, value: float) -> float:
    low, high = list(logits), list(logits)
    low[index], high[index] = start, value
    return float(exact_cost(high, target) - exact_cost(low, target))


def exact_integrand(logits, target: int, index: int, value: float) -> float:
    point = [mpmath.mpf(entry) for entry in logits]
    point[index] = mpmath.mpf(value)
    total = mpmath.fsum(mpmath.exp(entry) for entry in point)
    return float(mpmath.exp(point[index]) / total - (1 if index == target else 0))


@st.composite
def slices(draw, bound: float = 20.0):
    count = draw(st.integers(2, 8))
    logits = draw(st.lists(st.floats(-bound, bound, allow_nan=False), min_size=count,
                           max_size=count))
    target = draw(st.integers(0, count - 1))
    index = draw(st.integers(0, count - 1))
    start = draw(st.floats(-bound - 3, bound + 3, allow_nan=False))
    length = draw(st.floats(0.1, 6.0))
    return logits, target, index, start, start + length


# ---------------------------------------------------------------------------
# the building blocks


def test_slice_points_replace_only_the_sliding_logit():
    points = slice_points([2.0, 1.0, 0.1], 1, [-1.0, 0.5, 3.0])
    assert points.shape == (3, 3)
    np.testing.assert_array_equal(points[:, 1], [-1.0, 0.5, 3.0])
    np.testing.assert_array_equal(points[:, [0, 2]], [[2.0, 0.1]] * 3)


@PROPERTY
@given(slices())
def test_integrand_matches_mpmath(case):
    logits, target, index, start, end = case
    values = np.linspace(start, end, 5)
    expected = [exact_integrand(logits, target, index, value) for value in values]
    # y_T - 1 is formed by a subtraction from 1: its error is absolute, ~1e-16.
    np.testing.assert_allclose(slice_gradient(logits, target, index, values), expected,
                               rtol=1e-13, atol=1e-15 if index == target else 1e-300)


@PROPERTY
@given(slices())
def test_rise_matches_mpmath_to_relative_precision(case):
    logits, target, index, start, end = case
    values = np.linspace(start, end, 4)
    expected = [exact_rise(logits, target, index, start, value) for value in values]
    actual = slice_rise(logits, target, index, start, values)
    np.testing.assert_allclose(actual, expected, rtol=RELATIVE, atol=1e-300)


@PROPERTY
@given(slices())
def test_area_equals_rise(case):
    """The fundamental theorem, computed two independent ways (quadrature, cost)."""
    logits, target, index, start, end = case
    area = slice_area(logits, target, index, start, end)
    rise = exact_rise(logits, target, index, start, end)
    # Along z_T the integrand y_T - 1 carries an absolute error of ~1e-16 per node.
    absolute = 1e-14 * (end - start) if index == target else 1e-300
    assert area == pytest.approx(rise, rel=AREA_RELATIVE, abs=absolute)


def test_area_matches_scipy_quad():
    logits, target, index = [2.0, 1.0, 0.1], 0, 1

    def integrand(value: float) -> float:
        exponentials = [math.exp(entry) for entry in logits]
        exponentials[index] = math.exp(value)
        return exponentials[index] / math.fsum(exponentials)

    expected, error = quad(integrand, -1.0, 3.0, epsabs=1e-13, epsrel=1e-13)
    assert error < 1e-12
    assert slice_area(logits, target, index, -1.0, 3.0) == pytest.approx(expected, abs=1e-12)


def test_rise_can_fall_when_sliding_the_target():
    """Along z_T the integrand y_T - 1 is negative: the cost falls."""
    rise = slice_rise([2.0, 1.0, 0.1], 0, 0, 1.0, [3.0])[0]
    assert rise == pytest.approx(exact_rise([2.0, 1.0, 0.1], 0, 0, 1.0, 3.0), rel=RELATIVE)
    assert rise < 0


@PROPERTY
@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=50))
def test_plot_range_holds_the_data_and_zero(values):
    low, high = range_with_zero(values, PLOT_HEADROOM)
    assert low <= min(0.0, min(values))
    assert high >= max(0.0, max(values))
    assert high > low


def test_plot_range_of_zeros_is_not_empty():
    assert range_with_zero([0.0, 0.0], PLOT_HEADROOM) == (0.0, 1.0)


# ---------------------------------------------------------------------------
# the example's slice


@pytest.mark.parametrize("which", SLICES)
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_curves_agree_with_the_example_slice(name, which):
    worked = example(name)
    cut = worked.slice if which == "other" else worked.target_slice
    curves = slice_curves(worked, which)
    assert curves.index == cut.index
    assert curves.along_target == (which == "target") == (cut.index == worked.target)
    assert (curves.start, curves.end) == (cut.start, cut.end)
    assert curves.window == pytest.approx((cut.start - SLICE_PAD, cut.end + SLICE_PAD),
                                          abs=1e-12)
    assert curves.start in curves.grid and curves.end in curves.grid
    assert np.all(np.diff(curves.grid) > 0)
    expected = exact_rise(worked.logits, worked.target, cut.index, cut.start, cut.end)
    assert curves.total_rise == pytest.approx(expected, rel=RELATIVE)
    assert cut.rise == pytest.approx(expected, rel=RELATIVE)
    assert curves.area == pytest.approx(expected, rel=AREA_RELATIVE)
    assert curves.area == pytest.approx(cut.area, rel=1e-12)
    assert curves.rise_at(curves.start) == 0.0
    # The integrand's axis is its true range, -1 to 1; the rise's holds both slices'.
    low, high = curves.gradient_range
    assert low <= -1.0 and 1.0 <= high
    assert low <= curves.gradient.min() and curves.gradient.max() <= high
    low, high = curves.rise_range
    assert low <= curves.rise.min() and curves.rise.max() <= high
    other = slice_curves(worked, "target" if which == "other" else "other")
    assert (other.gradient_range, other.rise_range) == (curves.gradient_range,
                                                        curves.rise_range)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_rise_curve_has_the_integrand_as_slope(name):
    """Centred differences of the sampled rise reproduce the sampled integrand."""
    curves = slice_curves(example(name))
    h = 1e-4
    values = curves.grid[1:-1:10]
    slope = np.array([(curves.rise_at(v + h) - curves.rise_at(v - h)) / (2 * h)
                      for v in values])
    scale = np.max(np.abs(curves.gradient))
    np.testing.assert_allclose(slope, [curves.gradient_at(v) for v in values],
                               rtol=0, atol=1e-6 * scale)


def test_partial_area_and_samples_follow_the_sweep():
    curves = slice_curves(WorkedExample.build())
    middle = (curves.start + curves.end) / 2
    expected = exact_rise(curves.logits, curves.target, curves.index, curves.start, middle)
    assert curves.area_to(middle) == pytest.approx(expected, rel=AREA_RELATIVE)
    values, heights = curves.samples_between(curves.start, middle)
    assert values[0] == curves.start and values[-1] == middle
    assert np.all(np.diff(values) > 0)
    np.testing.assert_allclose(
        heights, [exact_integrand(curves.logits, curves.target, curves.index, v)
                  for v in values], rtol=1e-13)


def test_storyboard_slice_strings():
    data = slice_data(WorkedExample.build())
    # Along z_dog from 0 to 4 with cat the target, computed here from the cost.
    rise = exact_rise([2.0, 1.0, 0.1], 0, 1, 0.0, 4.0)
    other = data["other"]["latex"]
    assert other["rise_value"].endswith(f"= {rise:.3f}")
    assert other["area_value"] == (r"\int_{0}^{4} \left(y_{m} - t_{m}\right)\, dz_{m} = "
                                   f"{rise:.3f}")
    assert other["variable"] == "z_{m}"
    assert other["integrand"] == "y_{m} - t_{m}"
    assert other["ticks"] == ["-1", "1"]
    # Along z_cat from -1 to 3: the integrand is y_T - 1 and the cost falls.
    fall = exact_rise([2.0, 1.0, 0.1], 0, 0, -1.0, 3.0)
    target = data["target"]["latex"]
    assert fall < 0
    assert target["area_value"] == (r"\int_{-1}^{3} \left(y_{T} - 1\right)\, dz_{T} = "
                                    f"{fall:.3f}")
    assert target["variable"] == "z_{T}"
    assert target["integrand"] == "y_{T} - 1"
    # Plain text (Pango) with a typographic minus sign.
    assert data["target"]["readouts"] == [f"{fall:.3f}".replace("-", "\u2212")] * 2
    assert data["stages"][0] == ["(f - g)", "(", "z_{1}", ",", "z_{2}", ",", "z_{3}", ")"]
    assert data["stages"][-1] == ["(f - g)", "(", "z_{3}", ")"]


def test_readout_never_shows_a_tiny_value_as_zero():
    assert readout(0.0) == "0"
    assert readout(4.8e-05) == "4.8 \u00d7 10\u207b\u2075"
    assert readout(-2.2588) == "\u22122.259"


def test_tiny_rise_keeps_its_digits():
    """Logits of +-20 and a slice far below the others: y_m is about 1e-17, the rise too.

    No example's slice is chosen so any more (chapter 5 picks informative ones), but
    the stable rise must still not read as 0 there.
    """
    logits = EXAMPLES["eight"]["logits"]
    expected = exact_rise(logits, 4, 0, -22.0, -18.0)
    assert 1e-18 < expected < 1e-16
    actual = slice_rise(logits, 4, 0, -22.0, [-18.0])[0]
    assert actual == pytest.approx(expected, rel=RELATIVE)


# ---------------------------------------------------------------------------
# chapter 5's formulas


def test_reverse_formulas_continue_the_proven_steps():
    steps = reverse_derivation().steps
    formulas = reverse_latex()
    # The requirement is the gradient chapter 4 derived.
    assert formulas["requirement"] == forward_derivation().steps[-1].latex
    # Each joined formula starts from (or is made of) a step that derivations proves.
    assert formulas["integral_back"].startswith(steps[3].lhs_latex + " = ")
    assert formulas["cost_steps"] == f"{steps[6].latex} {steps[7].latex}"
    # u put back: the right-hand side holds the sum u stands for, and no u.
    back = formulas["integral_back"].split(" = ")[1]
    assert r"\sum_{k} e^{z_{k}}" in back and "u" not in back.replace(r"\sum", "")
    # The result drops the constant from the proven form and keeps both sides.
    cost, rewritten, negative_log = formulas["result"].split(" = ")
    assert f"{cost} = {rewritten} + c" == steps[6].latex
    assert f"= {negative_log} + c" == steps[7].latex
    # Every term the chapter adds occurs in a formula it shows (else it isolates nothing).
    shown = [step.latex for step in steps] + list(formulas.values())
    for term in reverse_terms()[len(formula_terms()):]:
        assert any(term in formula for formula in shown), term


def test_the_substitution_and_the_constants_are_written_from_the_proven_steps():
    reverse = reverse_derivation()
    formulas = reverse_latex()
    substitution, softmax_term = reverse.step("substitution"), reverse.step("softmax_integral")
    # The softmax term is du/u: the substitution step, then its integral, on one line.
    assert formulas["du_over_u"] == f"{substitution.latex} = {softmax_term.rhs_latex}"
    assert substitution.rhs == sp.Integral(1 / nt.u, nt.u)
    assert formulas["differential"] == r"du = e^{z_{m}}\, dz_{m}"
    # f and g written as functions of every logit but z_m (hatted).
    others = r"(z_{1}, \ldots, \hat{z}_{m}, \ldots, z_{K})"
    assert formulas["integral_back_args"] == f"{formulas['integral_back']}{others}"
    assert formulas["indicator_args"] == f"{reverse.step('indicator_integral').latex}{others}"
    # f - g is the cost less what the integration found: no m on either side.
    lhs, rhs = formulas["difference"].split(" = ")
    assert rhs == "f - g" and "m" not in lhs.replace(r"\sum", "")


@pytest.mark.parametrize("classes", range(1, 9))
def test_constant_stages_drop_one_logit_at_a_time(classes):
    stages = constant_stages(classes)
    assert len(stages) == classes
    for first, stage in enumerate(stages, 1):
        logits = [piece for piece in stage if piece.startswith("z_")]
        assert logits == [f"z_{{{index}}}" for index in range(first, classes + 1)]
        assert stage[:2] == ("(f - g)", "(") and stage[-1] == ")"
        assert stage.count(",") == len(logits) - 1
    with pytest.raises(ValueError):
        constant_stages(0)
