"""Chapter 5's slices are informative for any example: mathcore's choice, checked independently.

For random examples (2 to 8 classes, logits from -60 to 60, and some near the
limit of 1e5) the example's two slices must show something: the area under
the integrand and the cost's rise must be a visible share of the plot they are
drawn in, and the integrand must change visibly across [a, b]. The area and the
rise are computed here with numpy alone (a trapezoid rule over a logistic
written from the other logits' log-sum-exp, and log-sum-exp of the logits), never
with mathcore's quadrature; the classes are checked against probabilities
computed here too.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore.example import WorkedExample
from mathcore.views.slice import SLICE_PAD, slice_curves
from tests.scenes.examples import EXAMPLES, example

PROPERTY = settings(deadline=None, max_examples=60)
# A demonstration "shows something" when (fractions of what the plot spans):
AREA_SHARE = 1 / 12  # the area fills this much of the integrand panel's rectangle,
RISE_SHARE = 0.2  # the rise spans this much of the cost panel's height,
CHANGE = 0.5  # and the integrand changes by this much (a quarter of its -1..1 axis).
SAMPLES = 8001  # trapezoid points over [a, b]: error ~ (b - a)^3 / (12 n^2) / 4, below 1e-7


def log_sum_exp(values: np.ndarray) -> float:
    top = float(np.max(values))
    return top + float(np.log(np.sum(np.exp(values - top))))


def probabilities(logits: np.ndarray) -> np.ndarray:
    exponentials = np.exp(logits - np.max(logits))
    return exponentials / exponentials.sum()


def integrand(logits: np.ndarray, target: int, index: int, values: np.ndarray) -> np.ndarray:
    """y_m(s) - t_m along the slice: a logistic in s - log sum_{k != m} e^{z_k}."""
    rest = log_sum_exp(np.delete(logits, index))
    share = 1.0 / (1.0 + np.exp(np.clip(rest - values, -700, 700)))
    return share - (1.0 if index == target else 0.0)


def area(logits: np.ndarray, target: int, index: int, start: float, end: float) -> float:
    values = np.linspace(start, end, SAMPLES)
    heights = integrand(logits, target, index, values)
    return float(np.sum((heights[1:] + heights[:-1]) / 2 * np.diff(values)))


def cost(logits: np.ndarray, target: int, index: int, value: float) -> float:
    point = logits.copy()
    point[index] = value
    return log_sum_exp(point) - float(point[target])


@st.composite
def examples(draw) -> WorkedExample:
    count = draw(st.integers(2, 8))
    scale = draw(st.sampled_from([3.0, 60.0, 9e4]))
    logits = draw(st.lists(st.floats(-scale, scale, allow_nan=False), min_size=count,
                           max_size=count))
    return WorkedExample.build(logits, draw(st.integers(0, count - 1)))


def check_informative(worked: WorkedExample) -> None:
    z = np.array(worked.logits)
    target = worked.target
    shown = probabilities(z)
    rival, along = worked.slice, worked.target_slice
    # The classes: the likeliest one that is not the target, and the target.
    assert rival.index != target
    assert all(shown[rival.index] >= shown[k] for k in range(len(z)) if k != target)
    assert along.index == target
    for which, cut, sign in (("other", rival, 1.0), ("target", along, -1.0)):
        a, b = cut.start, cut.end
        assert a == round(a) and b == round(b) and b > a  # printed as 3 and -1
        expected = area(z, target, cut.index, a, b)
        rise = cost(z, target, cut.index, b) - cost(z, target, cut.index, a)
        assert abs(rise - expected) <= 1e-5  # both computed here, independently
        assert cut.area == pytest.approx(expected, rel=1e-6, abs=1e-6)
        assert np.sign(expected) == sign  # the cost rises along the rival, falls along z_T
        curves = slice_curves(worked, which)
        width = (b - a) + 2 * SLICE_PAD
        low, high = curves.gradient_range
        assert abs(expected) >= AREA_SHARE * width * (high - low), (which, expected)
        low, high = curves.rise_range
        assert abs(rise) >= RISE_SHARE * (high - low), (which, rise, low, high)
        ends = integrand(z, target, cut.index, np.array([a, b]))
        assert abs(ends[1] - ends[0]) >= CHANGE, (which, ends)


@PROPERTY
@given(examples())
def test_every_example_gets_informative_slices(worked):
    check_informative(worked)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_lecture_examples_get_informative_slices(name):
    """Including the 8-class one whose first class gave an area of 3.1e-17."""
    check_informative(example(name))


def test_near_tie_and_confidently_wrong():
    check_informative(WorkedExample.build([1.0, 1.001, 0.999], 0))
    check_informative(WorkedExample.build([9.0, 0.0, -2.0], 2))


def test_the_storyboard_slices():
    """Cat is the target; dog is the likeliest rival. Windows worked out by hand here."""
    worked = WorkedExample.build()
    # Along z_dog, y_dog = 1/2 where e^{z} = e^2 + e^0.1, z = 2.14: the window is 2 +- 2.
    assert (worked.slice.index, worked.slice.start, worked.slice.end) == (1, 0.0, 4.0)
    # Along z_cat, y_cat = 1/2 where e^{z} = e^1 + e^0.1, z = 1.31: 1 +- 2.
    target = worked.target_slice
    assert (target.index, target.start, target.end) == (0, -1.0, 3.0)
