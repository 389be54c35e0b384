"""Chapter 6's plane, chosen from the example: its two logits, and whether it shows something.

The plane's logits are checked against a plain re-reading of the rule (the
target and the non-target of largest logit); the arrows of ``-g`` are
recomputed here with mpmath and counted; the paths are measured in the window.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathcore.example import WorkedExample
from mathcore.potential import plane_axes
from mathcore.views.plane import (
    ARROW_COLUMNS,
    ARROW_ROWS,
    MIN_ARROW_SHARE,
    arrow_coverage,
    field_plane,
    plane_extent,
)
from tests.mathcore.strategies import logits_and_target
from tests.scenes.examples import example

PROPERTY = settings(deadline=None, max_examples=40)
LIGHT = dict(contour_count=1, contour_grid=(9, 7), surface_grid=(3, 3))

mpmath.mp.dps = 40


def rival_by_hand(logits: list[float], target: int) -> int:
    """The first non-target class of largest logit, by a plain loop."""
    best = None
    for index, value in enumerate(logits):
        if index != target and (best is None or value > logits[best]):
            best = index
    return best


def drawn_share(logits: list[float], target: int, axes: tuple[int, int]) -> float:
    """Share of the plane's arrows (-g by mpmath) at least MIN_ARROW_SHARE of the longest."""
    end = [logits[axes[0]], logits[axes[1]]]
    (x0, x1), (y0, y1) = plane_extent(end)
    lengths = []
    for row in range(ARROW_ROWS):
        for column in range(ARROW_COLUMNS):
            point = [mpmath.mpf(value) for value in logits]
            point[axes[0]] = mpmath.mpf(x0 + (column + 0.5) * (x1 - x0) / ARROW_COLUMNS)
            point[axes[1]] = mpmath.mpf(y0 + (row + 0.5) * (y1 - y0) / ARROW_ROWS)
            total = mpmath.fsum(mpmath.exp(value) for value in point)
            parts = [mpmath.exp(point[index]) / total - (1 if index == target else 0)
                     for index in axes]
            lengths.append(float(mpmath.sqrt(parts[0] ** 2 + parts[1] ** 2)))
    longest = max(lengths)
    return sum(length >= MIN_ARROW_SHARE * longest for length in lengths) / len(lengths)


def test_the_eight_class_example_gets_a_plane_the_arrows_fill():
    # The defect: on the plane of z_1, z_2 (logits -20 and 20, target z_5)
    # -g = (-y_1, -y_2) vanishes wherever z_2 < 12, most of the plane; on the
    # target's and its rival's plane every arrow is drawn.
    worked = example("eight")
    assert drawn_share(worked.logits, worked.target, (0, 1)) < 0.5
    plane = field_plane(worked)
    assert plane.axes == (1, 4)
    assert drawn_share(worked.logits, worked.target, plane.axes) > 0.9
    assert arrow_coverage(plane.arrow_vectors) > 0.9


@PROPERTY
@given(st.data())
def test_the_plane_is_the_target_and_its_strongest_rival(data):
    logits, target = data.draw(logits_and_target(20))
    axes = plane_axes(logits, target)
    assert axes == tuple(sorted((target, rival_by_hand(logits, target))))
    if len(logits) == 2:
        assert axes == (0, 1)


@PROPERTY
@given(st.data())
def test_the_arrows_fill_the_plane_unless_the_target_already_wins(data):
    # Where y_T is near 1 the cost is flat and -g ~ 0: an honest empty region.
    # Otherwise at least half the plane carries arrows, counted independently.
    scale = data.draw(st.sampled_from([1.0, 5.0, 20.0]))
    logits, target = data.draw(logits_and_target(scale))
    worked = WorkedExample.build(logits, target)
    plane = field_plane(worked, **LIGHT)
    if worked.probabilities[target] <= 0.5:
        assert drawn_share(logits, target, plane.axes) >= 0.5
    assert abs(arrow_coverage(plane.arrow_vectors) - drawn_share(logits, target, plane.axes)) \
        <= 2 / (ARROW_COLUMNS * ARROW_ROWS)


@PROPERTY
@given(st.data())
def test_paths_are_long_enough_to_see(data):
    logits, target = data.draw(logits_and_target(20))
    plane = field_plane(WorkedExample.build(logits, target), **LIGHT)
    end = np.array([logits[index] for index in plane.axes])
    # Near the origin the window keeps a least size (MIN_PAD) around both ends.
    assume(np.max(np.abs(end)) >= 2)
    points = np.concatenate(list(plane.paths.values()))
    (x0, x1), (y0, y1) = plane.x_range, plane.y_range
    across = (points[:, 0].max() - points[:, 0].min()) / (x1 - x0)
    down = (points[:, 1].max() - points[:, 1].min()) / (y1 - y0)
    assert max(across, down) >= 0.6


@PROPERTY
@given(st.data())
def test_both_paths_stay_inside_the_plotted_plane(data):
    scale = data.draw(st.sampled_from([0.05, 1.0, 20.0]))
    logits, target = data.draw(logits_and_target(scale))
    plane = field_plane(WorkedExample.build(logits, target), **LIGHT)
    (x0, x1), (y0, y1) = plane.x_range, plane.y_range
    for path in plane.paths.values():
        assert np.all((path[:, 0] > x0) & (path[:, 0] < x1)), path
        assert np.all((path[:, 1] > y0) & (path[:, 1] < y1)), path
