"""Walks along chapter 6's paths: the running integral the lecture shows as the dot moves.

Each running value is recomputed here with scipy's adaptive quadrature of the
field written out with mpmath, from the path's start to the sample; legs and
totals are checked against the cost's own rise.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from mathcore.example import WorkedExample
from mathcore.potential import plane_field, walk_path
from mathcore.views.plane import field_plane
from tests.mathcore.strategies import logits_and_target
from tests.scenes.examples import EXAMPLES, example

PROPERTY = settings(deadline=None, max_examples=25)
LIGHT = dict(contour_count=1, contour_grid=(9, 7), surface_grid=(3, 3))
TOLERANCE = 1e-9

mpmath.mp.dps = 40


def field_by_hand(logits, target: int, axes, point) -> np.ndarray:
    values = [mpmath.mpf(float(value)) for value in logits]
    values[axes[0]], values[axes[1]] = mpmath.mpf(float(point[0])), mpmath.mpf(float(point[1]))
    total = mpmath.fsum(mpmath.exp(value) for value in values)
    return np.array([float(mpmath.exp(values[index]) / total - (1 if index == target else 0))
                     for index in axes])


def integral_by_quad(logits, target: int, axes, vertices, until: float) -> float:
    """The integral of g from the path's start to ``until`` of the way (by length)."""
    vertices = np.asarray(vertices, dtype=float)
    lengths = np.hypot(*np.diff(vertices, axis=0).T)
    walked, total = until * lengths.sum(), 0.0
    for start, end, length in zip(vertices[:-1], vertices[1:], lengths, strict=True):
        if walked <= 0 or length == 0:
            break
        share = min(1.0, walked / length)
        step = end - start
        value, _ = quad(lambda s, start=start, step=step: float(
            field_by_hand(logits, target, axes, start + s * step) @ step),
            0.0, share, epsabs=1e-13, epsrel=1e-13, limit=200)
        total += value
        walked -= length
    return total


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_running_values_match_quadrature_along_the_way(name):
    worked = example(name)
    plane = field_plane(worked)
    for path_name, walk in plane.walks.items():
        for share in (0.0, 0.2, 0.5, walk.leg_ends[1], 0.8, 1.0):
            expected = integral_by_quad(worked.logits, worked.target, plane.axes,
                                        plane.paths[path_name], share)
            _, running = walk.at(share)
            scale = 1 + abs(plane.cost_rise)
            # Between samples the readout interpolates linearly: within the field's
            # largest size (sqrt 2) times a sample's spacing, times the path's length.
            spacing = np.max(np.diff(walk.fractions))
            length = float(np.hypot(*np.diff(walk.vertices, axis=0).T).sum())
            on_sample = np.isclose(walk.fractions, share, atol=1e-12).any()
            allowed = TOLERANCE * scale if on_sample else np.sqrt(2) * spacing * length
            assert running == pytest.approx(expected, abs=allowed), (path_name, share)


@PROPERTY
@given(st.data())
def test_walks_end_at_the_cost_rise_and_legs_add_up(data):
    logits, target = data.draw(logits_and_target(20))
    worked = WorkedExample.build(logits, target)
    plane = field_plane(worked, **LIGHT)
    scale = 1 + abs(plane.cost_rise)
    for name, walk in plane.walks.items():
        assert walk.total == pytest.approx(plane.cost_rise, abs=TOLERANCE * scale)
        assert sum(walk.legs) == pytest.approx(walk.total, abs=TOLERANCE * scale)
        assert walk.running[0] == 0.0
        assert np.all(np.diff(walk.fractions) > 0)
        np.testing.assert_allclose(walk.points[[0, -1]], plane.paths[name][[0, -1]], atol=1e-12)
        # Each leg's own integral is the running value's change over that leg.
        at_vertices = [walk.at(share)[1] for share in walk.leg_ends]
        np.testing.assert_allclose(np.diff(at_vertices), walk.legs, atol=TOLERANCE * scale)


def test_the_staircase_legs_are_chapter_fives_one_logit_integrals():
    # Leg 1 changes only the first logit (the second held at 0), leg 2 only the second.
    worked = example("three")
    plane = field_plane(worked)
    walk = plane.walks["coordinatewise"]
    corner = walk.vertices[1]
    assert corner[1] == 0.0 and corner[0] == plane.end[0]
    first, _ = quad(lambda s: field_by_hand(worked.logits, worked.target, plane.axes,
                                            (s, 0.0))[0], 0.0, plane.end[0], epsabs=1e-13)
    second, _ = quad(lambda s: field_by_hand(worked.logits, worked.target, plane.axes,
                                             (plane.end[0], s))[1], 0.0, plane.end[1],
                     epsabs=1e-13)
    assert walk.legs == pytest.approx((first, second), abs=1e-11)
    assert plane.latex["legs"][0].endswith(f"= {first:.3f}")
    assert plane.latex["legs"][1].endswith(f"= {second:.3f}")


def test_trail_stops_at_the_dot():
    def field(points):
        return plane_field([2.0, 1.0, 0.1], 0, points)

    walk = walk_path(field, [[0.0, 0.0], [2.0, 0.0], [2.0, 1.0]])
    np.testing.assert_allclose(walk.trail(0.0), [[0.0, 0.0], [0.0, 0.0]])
    halfway = walk.trail(0.5)  # the legs are 2 and 1 long: half the way is (1.5, 0)
    np.testing.assert_allclose(halfway, [[0.0, 0.0], [1.5, 0.0]], atol=1e-12)
    beyond = walk.trail(5 / 6)
    np.testing.assert_allclose(beyond, [[0.0, 0.0], [2.0, 0.0], [2.0, 0.5]], atol=1e-12)
