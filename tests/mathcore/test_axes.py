"""mathcore.views.axes: round steps, ticks, labels and ranges, against exact arithmetic.

The reference computations here use ``fractions.Fraction`` on the decimal
numbers the test draws (so 0.3 is 3/10, not the float nearest to it): the
multiples of a step inside or around a range are counted exactly, and the
round steps (1, 2 or 5 times a power of ten) are listed independently.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathcore.views.axes import (
    nice_step,
    padded_range,
    range_with_zero,
    sampled_curve,
    tick_label,
    ticks,
)

PROPERTY = settings(deadline=None, max_examples=150)
RELATIVE = 1e-12  # float results against exact fractions

# Numbers with three decimals, so that every multiple of a round step lies on or
# clearly off an end of the range (never within float rounding of it).
decimals = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False,
                       allow_infinity=False)
fits = st.sampled_from(["inside", "cover", "nearest"])


def exact(value: Decimal | float) -> Fraction:
    return Fraction(str(value))


def round_steps() -> list[Fraction]:
    """1, 2 and 5 times 10^p, for p from -8 to 8, in increasing order."""
    return [mantissa * Fraction(10) ** power for power in range(-8, 9) for mantissa in (1, 2, 5)]


def count(low: Fraction, high: Fraction, step: Fraction, fit: str) -> int:
    if fit == "cover":
        return math.ceil(high / step) - math.floor(low / step) + 1
    return math.floor(high / step) - math.ceil(low / step) + 1


def expected_step(low: Fraction, high: Fraction, tick_count: int, fit: str) -> Fraction:
    if fit == "nearest":
        raw = (high - low) / (tick_count - 1)
        below = max(step for step in round_steps() if step <= raw)
        above = min(step for step in round_steps() if step > raw)
        # Nearer in ratio: raw / below < above / raw, i.e. raw^2 < below * above.
        return below if raw * raw < below * above else above
    return min(step for step in round_steps() if count(low, high, step, fit) <= tick_count)


@st.composite
def ranges(draw, min_span: Decimal = Decimal("0.01")) -> tuple[Decimal, Decimal]:
    low, high = sorted([draw(decimals), draw(decimals)])
    assume(high - low >= min_span)
    return low, high


# ---------------------------------------------------------------------------
# nice_step


@PROPERTY
@given(ranges(), st.integers(2, 10), fits)
def test_nice_step_is_the_round_step_each_fit_asks_for(bounds, tick_count, fit):
    low, high = bounds
    tick_count += fit == "cover"  # rounded out, a range around 0 has at least 3 ticks
    step = nice_step(float(low), float(high), tick_count, fit)
    expected = expected_step(exact(low), exact(high), tick_count, fit)
    assert step == pytest.approx(float(expected), rel=RELATIVE)


@PROPERTY
@given(ranges(), st.integers(3, 10), st.sampled_from(["inside", "cover"]))
def test_the_step_fits_and_the_next_smaller_does_not(bounds, tick_count, fit):
    low, high = (exact(value) for value in bounds)
    step = exact(nice_step(float(low), float(high), tick_count, fit))
    assert count(low, high, step, fit) <= tick_count
    smaller = max(candidate for candidate in round_steps() if candidate < step)
    assert count(low, high, smaller, fit) > tick_count


@given(st.floats(1e-6, 1e6), st.integers(1, 10))
def test_nice_step_is_the_least_nice_step_that_fits(span, intervals):
    """On [0, span], "cover" cuts the span into at most ``intervals`` steps (chapter 3's axis)."""
    step = nice_step(0.0, span, intervals + 1, fit="cover")
    mantissa = step / 10.0 ** math.floor(math.log10(step) + 1e-12)
    assert round(mantissa, 9) in (1.0, 2.0, 5.0)
    assert span / step <= intervals * (1 + 1e-9)
    smaller = {1.0: 0.5, 2.0: 1.0, 5.0: 2.0}[round(mantissa, 9)] * step / mantissa
    assert span / smaller > intervals * (1 - 1e-9)


@PROPERTY
@given(st.floats(-100, 100), st.floats(0.01, 200), st.integers(3, 9))
def test_inside_ticks_are_round_and_inside(low, span, count):
    """As chapter 6's plane asks for them: at most ``count`` ticks inside the range."""
    ticks_shown = ticks(low, low + span, nice_step(low, low + span, count))
    assert 1 <= len(ticks_shown) <= count
    assert ticks_shown[0] >= low - 1e-9 * span and ticks_shown[-1] <= low + span + 1e-9 * span
    if len(ticks_shown) > 1:
        steps = np.diff(ticks_shown)
        np.testing.assert_allclose(steps, steps[0], rtol=1e-9)
        mantissa = steps[0] / 10 ** math.floor(math.log10(steps[0]) + 1e-12)
        assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < 1e-9


@given(st.floats(1e-6, 1e6), st.floats(-1e6, 1e6))
@PROPERTY
def test_nearest_ticks_are_nice_evenly_spaced_and_inside(span, low):
    """As chapters 7 and 8's small plots ask for them: about 4 ticks."""
    step = nice_step(low, low + span, 4, fit="nearest")
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(abs(mantissa - nice) < 1e-9 for nice in (1.0, 2.0, 5.0))
    assert span / 8 < step < span  # between 2 and 8 intervals
    ticks_shown = ticks(low, low + span, step)
    assert len(ticks_shown) >= 1
    slack = 1e-9 * max(1.0, abs(low) + span)
    assert all(low - slack <= tick <= low + span + slack for tick in ticks_shown)
    assert np.allclose(np.diff(ticks_shown), step, rtol=1e-9, atol=4 * slack)


@pytest.mark.parametrize(("span", "expected"), [
    (1.0, 0.5), (12.0, 5.0), (90.0, 20.0), (4.0, 1.0), (0.03, 0.01), (8.0, 2.0),
])
def test_nearest_step(span, expected):
    assert nice_step(0.0, span, 4, fit="nearest") == pytest.approx(expected, rel=1e-12)


def test_two_ticks_cover_a_range_away_from_zero():
    assert nice_step(0.9, 1.1, 2, fit="cover") == 2.0  # ticks 0 and 2
    assert nice_step(-1100.0, -900.0, 2, fit="cover") == 2000.0


@pytest.mark.parametrize(("low", "high", "tick_count", "fit"), [
    (0.0, 0.0, 5, "inside"), (1.0, -1.0, 5, "cover"), (0.0, math.inf, 5, "nearest"),
    (math.nan, 1.0, 5, "inside"), (0.0, 1.0, 1, "inside"), (-0.5, 1.0, 2, "cover"),
    (0.0, 1.0, 5, "sideways"),
])
def test_nice_step_refuses_what_is_no_axis(low, high, tick_count, fit):
    with pytest.raises(ValueError):
        nice_step(low, high, tick_count, fit)


# ---------------------------------------------------------------------------
# ticks and their labels


@PROPERTY
@given(ranges(), st.integers(2, 10), fits)
def test_ticks_are_round_evenly_spaced_and_inside(bounds, tick_count, fit):
    low, high = bounds
    tick_count += fit == "cover"
    step = nice_step(float(low), float(high), tick_count, fit)
    shown = ticks(float(low), float(high), step)
    exact_step = exact(step)
    first = math.ceil(exact(low) / exact_step)
    last = math.floor(exact(high) / exact_step)
    expected = [float(index * exact_step) for index in range(first, last + 1)]
    assert len(shown) == len(expected)
    np.testing.assert_allclose(shown, expected, rtol=RELATIVE, atol=0)
    assert all(float(low) <= tick <= float(high) for tick in shown)
    if fit == "inside":
        assert len(shown) <= tick_count
    if len(shown) > 1:
        np.testing.assert_allclose(np.diff(shown), step, rtol=1e-9)
    if low <= 0 <= high:  # a range that holds 0 has 0 among its ticks, exactly
        assert 0.0 in shown


@PROPERTY
@given(st.lists(decimals, min_size=1, max_size=8), st.integers(2, 10), fits)
def test_a_range_made_to_hold_zero_gets_a_tick_at_zero(values, tick_count, fit):
    tick_count += fit == "cover"
    low, high = range_with_zero([float(value) for value in values])
    shown = ticks(low, high, nice_step(low, high, tick_count, fit))
    assert 0.0 in shown
    assert all(tick == 0.0 or tick_label(tick) != "0" for tick in shown)


def test_ticks_print_as_decimals():
    assert ticks(-0.3, 0.35, 0.1) == (-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3)
    assert ticks(0.0, 1.0, 0.5) == (0.0, 0.5, 1.0)
    assert ticks(0.2, 0.3, 0.5) == ()


@PROPERTY
@given(ranges(), st.integers(2, 10), fits)
def test_tick_labels_say_their_ticks(bounds, tick_count, fit):
    tick_count += fit == "cover"
    low, high = (float(value) for value in bounds)
    for tick in ticks(low, high, nice_step(low, high, tick_count, fit)):
        label = tick_label(tick)
        assert float(label) == pytest.approx(tick, rel=1e-6, abs=0)
        if tick == round(tick):
            assert label == str(int(round(tick)))


def test_tick_labels():
    assert [tick_label(value) for value in (-40.0, 0.0, 0.5, 2.0, 0.25, -0.2, -20.0, 2.5)] == [
        "-40", "0", "0.5", "2", "0.25", "-0.2", "-20", "2.5"]
    assert tick_label(2.5e-5) == "2.5e-05"
    # 0.1 as 1 * 0.1, not 0.1000000001
    assert tick_label(ticks(0.0, 0.3, nice_step(0.0, 0.3, 4))[1]) == "0.1"


# ---------------------------------------------------------------------------
# ranges


@PROPERTY
@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=50),
       st.sampled_from([0.0, 0.08, 0.5]))
def test_range_with_zero_holds_zero_and_every_value(values, headroom):
    low, high = range_with_zero(values, headroom)
    smallest, largest = min([0.0, *values]), max([0.0, *values])
    if smallest == largest == 0.0:
        assert (low, high) == (0.0, 1.0)
        return
    span = largest - smallest
    assert low == pytest.approx(smallest - (headroom * span if smallest < 0 else 0.0),
                                rel=RELATIVE, abs=1e-300)
    assert high == pytest.approx(largest + (headroom * span if largest > 0 else 0.0),
                                 rel=RELATIVE, abs=1e-300)
    assert low <= min(0.0, *values) and high >= max(0.0, *values) and high > low


def test_range_with_zero_examples():
    assert range_with_zero([0.659, 0.242, 0.099]) == (0.0, 0.659)
    assert range_with_zero([-0.341, 0.242, 0.099]) == (-0.341, 0.242)
    assert range_with_zero([0.0, 0.0]) == (0.0, 1.0)
    assert range_with_zero([0.0], empty=(0.0, 0.0)) == (0.0, 0.0)
    assert range_with_zero([2.0], headroom=0.5) == (0.0, 3.0)  # no room below: no data there


@PROPERTY
@given(st.lists(decimals, min_size=1, max_size=20), st.sampled_from([0.5, 1.0, 3.0]))
def test_padded_range_is_the_values_rounded_out_to_the_nearest_step(values, minimum_span):
    low, high = padded_range([float(value) for value in values], minimum_span)
    # The same range computed exactly: widened about its middle to the minimum
    # span, then rounded out to the round step nearest a third of it.
    smallest, largest = min(exact(value) for value in values), max(exact(value) for value in values)
    if largest - smallest < exact(minimum_span):
        middle = (smallest + largest) / 2
        smallest, largest = middle - exact(minimum_span) / 2, middle + exact(minimum_span) / 2
    step = expected_step(smallest, largest, 4, "nearest")
    for end in (low, high):
        multiple = exact(end) / step
        assert abs(multiple - round(multiple)) < Fraction(1, 10**9)
    # Out to the step, never further than one step (float division may round a
    # value that sits exactly on a multiple one step further out).
    slack = step * (1 + Fraction(1, 10**9))
    assert smallest - slack <= exact(low) <= smallest
    assert largest <= exact(high) <= largest + slack
    assert high - low >= minimum_span * (1 - 1e-12)


def test_a_sampled_curve_carries_its_ticks():
    xs = np.linspace(-6.0, 6.0, 13)
    curve = sampled_curve(xs, xs**2, (-6.0, 6.0), (0.0, 36.0))
    assert curve.x_ticks == (-5.0, 0.0, 5.0)
    assert curve.y_ticks == (0.0, 10.0, 20.0, 30.0)
    assert curve.x_tick_labels == ("-5", "0", "5")
    assert curve.y_tick_labels == ("0", "10", "20", "30")
