"""Chapters 3 and 4's extra numbers: the -log curve's axes, samples and sliding dot, and LaTeX.

Expected values come from plain Python (``math.log``, ``math.exp``) or sympy,
never from the module under test.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mathcore.cost import (
    finite_difference_latex,
    gradient_moves,
    limits,
    limits_latex,
    rewrite_moves,
)
from mathcore.derivations import forward_derivation
from mathcore.example import FINITE_DIFFERENCE_STEP, WorkedExample, formula_terms, formulas
from mathcore.notation import split_formula
from mathcore.views.cost_curve import (
    EDGE_FRACTION,
    LINEAR_MAX_COST,
    MIN_MOVE_FRACTION,
    bar_range,
    chapter_data,
    cost_curve,
)
from tests.reference import plain_cost

TOLERANCE = 1e-12  # relative, float64 results of O(1) against math.log / math.exp


def label_value(label: str) -> float:
    """Read a tick label back: "0.5", "20", "1", "10^{-12}" (as 1e-12)."""
    power = re.fullmatch(r"10\^\{(-?\d+)\}", label)
    return 10.0 ** int(power.group(1)) if power else float(label)


def labels_say_ticks(axis, log: bool) -> bool:
    """Whether each label names its tick (on a log axis the tick is log10 of the label)."""
    said = [label_value(label) for label in axis.labels]
    if log:
        said = [math.log10(value) for value in said]
    return bool(np.allclose(said, axis.ticks, rtol=1e-12, atol=1e-12))


logit_lists = st.integers(2, 8).flatmap(lambda count: st.tuples(
    st.lists(st.floats(-20, 20, allow_nan=False), min_size=count, max_size=count),
    st.integers(0, count - 1)))


# ----------------------------------------------------------------------
# Axes and the dot.


def test_default_example_is_on_a_linear_axis_at_its_probability():
    example = WorkedExample.build()
    curve = cost_curve(example.cost)
    plain = plain_cost([2.0, 1.0, 0.1], 0)
    assert curve.scale == "linear"
    assert curve.probability_axis.low == 0.0 and curve.probability_axis.high == 1.0
    assert curve.target.coordinate == pytest.approx(math.exp(-plain), rel=TOLERANCE)
    assert curve.target.coordinate == pytest.approx(0.659, abs=5e-4)  # the storyboard's y_T
    assert curve.target.cost == pytest.approx(plain, rel=TOLERANCE)
    assert labels_say_ticks(curve.probability_axis, log=False)
    assert labels_say_ticks(curve.cost_axis, log=False)


def test_a_tiny_target_probability_gets_a_log_axis_with_room_past_the_dot():
    logits = [-20.0, 20.0, 3.3, 0.0, -7.5, 12.0, 1.0, -1.0]
    cost = plain_cost(logits, 4)  # about 27.5: y_T about 1e-12
    curve = cost_curve(cost)
    log10_probability = -cost / math.log(10)
    assert curve.scale == "log"
    assert curve.target.coordinate == pytest.approx(log10_probability, rel=TOLERANCE)
    axis = curve.probability_axis
    assert axis.high == 0.0 and axis.low == math.floor(axis.low)  # whole decades
    assert axis.low <= log10_probability - 1  # at least a decade beyond the dot
    assert curve.cost_axis.high == pytest.approx(-axis.low * math.log(10), rel=TOLERANCE)
    assert labels_say_ticks(axis, log=True)
    assert all(axis.low <= tick <= axis.high for tick in axis.ticks)


def test_the_switch_to_a_log_axis_is_at_the_stated_cost():
    assert cost_curve(LINEAR_MAX_COST).scale == "linear"
    assert cost_curve(math.nextafter(LINEAR_MAX_COST, 10)).scale == "log"


@pytest.mark.parametrize("cost", [0.0, 1e-17, 0.417, 4.0, 4.5, 27.5, 42.0, 2000.0])
def test_the_dot_is_inside_the_axes_and_under_the_top(cost):
    curve = cost_curve(cost)
    for stop in curve.stops:
        assert curve.probability_axis.contains(stop.coordinate)
        assert 0.0 <= stop.cost < curve.cost_axis.high
    # Where y_T underflows to 0.0 its place still comes from the cost.
    assert math.isfinite(curve.target.coordinate)
    assert curve.target.log10_probability == pytest.approx(-cost / math.log(10))


@settings(max_examples=150, deadline=None)
@given(logit_lists)
@example(([-2.875, 0.0], 1))  # y_T = 0.947: no stop towards 1, it would move the dot too little
def test_every_example_puts_the_dot_on_the_axes(case):
    logits, target = case
    example = WorkedExample.build(logits, target)
    curve = cost_curve(example.cost)
    assert curve.probability_axis.contains(curve.target.coordinate)
    assert 0.0 <= curve.target.cost < curve.cost_axis.high
    # A dot not at the axis' end leaves room for the cost to fall, and always to rise.
    assert curve.stops[0] == curve.target and curve.stops[-1] == curve.target
    costs = [stop.cost for stop in curve.stops]
    assert max(costs) > curve.target.cost
    # The stop towards y_T = 1 goes EDGE_FRACTION of the span short of the end and is
    # made only if it moves the dot MIN_MOVE_FRACTION of the span or more; a dot farther
    # than both from the end moves across the axis at least that far, whatever the cost does.
    axis = curve.probability_axis
    room = (EDGE_FRACTION + MIN_MOVE_FRACTION) * axis.span
    if curve.target.coordinate < axis.high - room - 1e-12 * axis.span:
        assert min(costs) < curve.target.cost
    if curve.target.coordinate >= axis.high - EDGE_FRACTION * axis.span:
        assert min(costs) == curve.target.cost  # already at the end: nowhere to fall to
    # Tick labels say the tick values, within the axis, at most 6 per axis.
    assert labels_say_ticks(curve.probability_axis, log=curve.scale == "log")
    assert labels_say_ticks(curve.cost_axis, log=False)
    for axis in (curve.probability_axis, curve.cost_axis):
        assert 2 <= len(axis.ticks) <= 6
        assert all(axis.low - 1e-9 <= tick <= axis.high + 1e-9 for tick in axis.ticks)


def test_extreme_logits_still_place_the_dot():
    example = WorkedExample.build([1000.0, -1000.0], 1)
    assert example.probabilities[1] == 0.0  # underflows ...
    curve = cost_curve(example.cost)  # ... but the dot has its place
    assert curve.scale == "log"
    assert curve.target.cost == pytest.approx(2000.0)
    assert curve.probability_axis.contains(curve.target.coordinate)


@pytest.mark.parametrize("cost", [-0.1, math.inf, math.nan])
def test_a_cost_that_no_example_has_is_refused(cost):
    with pytest.raises(ValueError):
        cost_curve(cost)


# ----------------------------------------------------------------------
# The curve itself.


@pytest.mark.parametrize("cost", [0.417, 1.91, 27.5, 42.0])
def test_samples_lie_on_minus_log_y_inside_the_axes(cost):
    curve = cost_curve(cost)
    coordinates, costs = curve.samples[:, 0], curve.samples[:, 1]
    if curve.scale == "linear":
        expected = [-math.log(value) for value in coordinates]
    else:
        expected = [-math.log(10.0**value) for value in coordinates]
    assert costs == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert np.all(np.diff(coordinates) > 0)
    assert np.all(np.diff(costs) < 0)  # the cost falls as y_T grows
    # Corner to corner: from the top of the cost axis down to C = 0 at y_T = 1.
    assert costs[0] == pytest.approx(curve.cost_axis.high, rel=1e-12)
    assert coordinates[-1] == curve.probability_axis.high and costs[-1] == 0.0
    assert np.all(coordinates >= curve.probability_axis.low)


def test_the_inverse_of_the_curve_is_its_inverse():
    for cost in (0.417, 27.5):
        curve = cost_curve(cost)
        for value in (0.01, 0.5, 3.0, 20.0):
            assert curve.cost_at(curve.coordinate_of(value)) == pytest.approx(value, rel=1e-12)


def test_bar_range_holds_zero_and_every_value():
    assert bar_range([0.659, 0.242, 0.099]) == (0.0, 0.659)
    assert bar_range([-0.341, 0.242, 0.099]) == (-0.341, 0.242)
    assert bar_range([0.0, 0.0]) == (0.0, 1.0)
    example = WorkedExample.build([-20.0, 20.0, 3.3], 0)
    low, high = bar_range(example.gradient)
    assert low <= 0 <= high
    assert low == pytest.approx(example.gradient.min()) and high == pytest.approx(
        example.gradient.max())


# ----------------------------------------------------------------------
# LaTeX.


def test_the_limits_are_what_sympy_computes():
    for limit, value in limits().values():
        expression, variable, point, direction = limit.args
        assert sp.limit(expression, variable, point, str(direction)) == value
    texts = limits_latex()
    assert texts["to_one"].endswith("= 0")
    assert texts["to_zero"].endswith(r"= \infty")
    assert r"\log y_{T}" in texts["to_one"] and r"\to 0^+" in texts["to_zero"]


def test_the_finite_difference_step_is_printed_as_its_value():
    texts = finite_difference_latex()
    exponent = re.fullmatch(r"h = 10\^\{(-?\d+)\}", texts["step"])
    assert exponent, texts["step"]
    assert 10.0 ** int(exponent.group(1)) == pytest.approx(FINITE_DIFFERENCE_STEP, rel=1e-12)
    assert texts["definition"].startswith(r"\Delta_{m} = \frac{")
    assert texts["definition"].count("{") == texts["definition"].count("}")


def split_terms(tex: str, terms) -> list[str]:
    """A formula cut as scenes.components.matching cuts it: at the terms and at "="."""
    return list(split_formula(tex, [*terms, "="]))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("index", range(len(forward_derivation().steps)))
def test_splitting_a_step_loses_nothing_and_isolates_every_term(index):
    tex = forward_derivation().steps[index].latex
    terms = formula_terms()
    pieces = split_terms(tex, terms)
    assert _squeeze("".join(pieces)) == _squeeze(tex)
    assert "=" in pieces
    # Every term still in the formula after the longer terms are cut out is a piece.
    rest = tex
    for term in sorted(terms, key=len, reverse=True):
        if term in rest:
            assert term in pieces, (term, pieces)
            rest = rest.replace(term, " ")


def test_splitting_prefers_the_longest_term():
    pieces = split_terms(r"C = \log \sum_{k} e^{z_{k}} - z_{T}", formula_terms())
    assert pieces == ["C", "=", r"\log \sum_{k} e^{z_{k}}", "-", "z_{T}"]
    assert split_terms(r"1_{m=T}", formula_terms()) == ["1_{m=T}"]  # not cut at its "="


def test_rewrite_moves_connect_terms_of_consecutive_steps():
    steps = forward_derivation().steps
    terms = formula_terms()
    moves = rewrite_moves()
    assert len(moves) == 3  # steps 0 -> 1 -> 2 -> 3
    for index, move in enumerate(moves):
        before = split_terms(steps[index].latex, terms)
        after = split_terms(steps[index + 1].latex, terms)
        for source, target in move.items():
            assert source in before and target in after
    # The last step moves the same two terms: log sum e^{z_k} and z_T trade places.
    before, after = (split_terms(steps[i].latex, terms) for i in (2, 3))
    for term in (r"\log \sum_{k} e^{z_{k}}", "z_{T}"):
        assert term in before and term in after
    assert before.index("z_{T}") < before.index(r"\log \sum_{k} e^{z_{k}}")
    assert after.index("z_{T}") > after.index(r"\log \sum_{k} e^{z_{k}}")


def test_gradient_moves_connect_terms_of_consecutive_steps():
    steps = forward_derivation().steps
    terms = formula_terms()
    moves = gradient_moves()
    pairs = {"cost": (formulas()["cost_rewritten"], steps[4].latex),
             "softmax": (steps[5].latex, steps[6].latex),
             "one_hot": (steps[7].latex, steps[8].latex)}
    for name, (before, after) in pairs.items():
        for source, target in moves[name].items():
            assert source in split_terms(before, terms)
            assert target in split_terms(after, terms)
    # Step 9 is assembled from pieces already on screen: dC/dz_m, y_m and t_m.
    result = split_terms(steps[9].latex, terms)
    assert result[0] in split_terms(steps[4].latex, terms)
    assert moves["softmax"][r"e^{z_{m}}"] in result and moves["one_hot"]["1_{m=T}"] in result


def test_chapter_data_is_json_and_carries_the_tick_labels():
    example = WorkedExample.build()
    data = json.loads(json.dumps(chapter_data(example)))
    assert data["curve"]["probability_axis"]["labels"] == ["0", "0.5", "1"]
    assert data["curve"]["stops"][0]["cost"] == pytest.approx(example.cost)


def test_cost_curve_does_not_load_manim(tmp_path):
    probe = ("import sys, mathcore.views.cost_curve as c; c.chapter_data("
             "__import__('mathcore.example').example.WorkedExample.build()); "
             "assert not [m for m in sys.modules if m.split('.')[0] in "
             "('manim', 'manim_slides', 'manimpango', 'cairo')]; print('ok')")
    # This checkout's mathcore, wherever the installed one points.
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, env=environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
