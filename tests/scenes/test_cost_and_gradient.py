"""Chapters 3 and 4 built without rendering: what they show is what mathcore computed.

The generic chapter test checks layout and numbers; these check what only
these chapters promise: the dot sits on the curve at y_T and the loop returns
it there, the rewrite and the gradient end as forward_derivation's steps, and
the finite-difference dots land on the y - t bars.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from mathcore.derivations import forward_derivation
from mathcore.outline import chapter_by_number
from mathcore.views.cost_curve import cost_curve
from tests.scenes.examples import example
from tests.scenes.inspection import build_chapter

NAMES = ("three", "eight")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built():
    cache = {}

    def build(number, name):
        if (number, name) not in cache:
            cache[(number, name)] = build_chapter(chapter_by_number(number), example(name))
        return cache[(number, name)]

    return build


def _shown(snapshot) -> list[str]:
    return [_squeeze(text.content) for text in snapshot.texts]


@pytest.mark.parametrize("name", NAMES)
def test_the_dot_sits_on_the_curve_at_y_T_and_the_loop_brings_it_back(built, name):
    scene, worked = built(3, name), example(name)
    curve = scene.curve
    expected = cost_curve(worked.cost)
    assert curve.curve.scale == expected.scale
    assert curve.tracker.get_value() == pytest.approx(expected.target.coordinate, rel=1e-12)
    assert np.allclose(curve.dot_position, curve.point_at(expected.target.coordinate), atol=1e-9)
    # The dot's height on the axes is the example's cost.
    bottom, top = curve.y_axis.get_start()[1], curve.y_axis.get_end()[1]
    height = (curve.dot_position[1] - bottom) / (top - bottom) * expected.cost_axis.high
    assert height == pytest.approx(worked.cost, rel=1e-9)
    # The sliding dot visited both ends and came back.
    costs = [stop.cost for stop in expected.stops]
    assert expected.stops[-1] == expected.target and max(costs) > worked.cost


@pytest.mark.parametrize("name", NAMES)
def test_the_curve_beat_shows_the_example_values(built, name):
    scene, worked = built(3, name), example(name)
    curve_beat, loop_beat = scene.snapshots[1], scene.snapshots[2]
    for snapshot in (curve_beat, loop_beat):  # the loop ends as it began
        shown = _shown(snapshot)
        assert _squeeze(worked.latex["cost_value"]) in shown
        assert _squeeze(worked.latex["target_probability"]) in shown
    assert scene.narrations[2] and len(scene.narrations) == 4


@pytest.mark.parametrize("name", NAMES)
def test_the_rewrite_ends_as_the_derivation_steps(built, name):
    scene = built(3, name)
    shown = _shown(scene.snapshots[-1])
    for step in forward_derivation().steps[:4]:
        assert _squeeze(step.latex) in shown


@pytest.mark.parametrize("name", NAMES)
def test_the_gradient_chapter_shows_its_steps_and_values(built, name):
    scene, worked = built(4, name), example(name)
    steps = forward_derivation().steps
    term_by_term, combined = _shown(scene.snapshots[0]), _shown(scene.snapshots[1])
    for step in steps[4:9]:
        assert _squeeze(step.latex) in term_by_term
    assert _squeeze(steps[9].latex) in combined
    last = scene.snapshots[-1]
    shown = _shown(last)
    assert _squeeze(worked.latex["finite_difference_error"]) in shown
    for value in (*worked.latex["gradient"], *worked.latex["one_hot"],
                  *worked.latex["probabilities"]):
        assert _squeeze(value) in shown
    # Class names only under the last of the three rows.
    rows = scene.rows.rows
    assert [len(row.name_labels) for row in rows] == [0, 0, worked.n_classes]


@pytest.mark.parametrize("name", NAMES)
def test_finite_difference_dots_land_on_the_gradient_bars(built, name):
    scene, worked = built(4, name), example(name)
    rows = scene.rows
    gradient_row = rows.rows[2]
    baseline = gradient_row.baseline.get_center()[1]
    assert len(scene.dots) == worked.n_classes
    for column, (dot, bar, estimate) in enumerate(zip(
            scene.dots, gradient_row.bars, worked.finite_difference, strict=True)):
        x, y = dot.get_center()[:2]
        # Beside its own bar (issue #11: a dot on the bar's end sat on labels and names):
        # just right of the bar, closer to it than to the next column.
        assert bar.get_right()[0] < dot.get_left()[0] < bar.get_right()[0] + 0.1
        assert x - bar.get_center()[0] < rows.rows[2].slot / 2
        assert y == pytest.approx(baseline + estimate * rows.unit, abs=1e-9)
        # The bar's free end is where y - t puts it: the dot is on it.
        end = gradient_row.bar_top(column)[1]
        if abs(worked.gradient[column]) * rows.unit > 2e-3:
            assert y == pytest.approx(end, abs=1e-6)
    # One scale for all three rows: a unit of value is as tall in each.
    heights = [row.bars[worked.target].height / max(abs(value), 1e-12)
               for row, value in zip(rows.rows, (worked.probabilities[worked.target], 1.0,
                                                  worked.gradient[worked.target]), strict=True)
               if abs(value) > 1e-3]
    assert np.allclose(heights, rows.unit, rtol=1e-6)
