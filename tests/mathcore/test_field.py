"""Chapter 6's plane: extent, ticks, contour lines, arrows, paths and line integrals.

Costs and field vectors are recomputed here with mpmath (50 digits) from their
definitions; contour lines are checked against functions whose level sets are
known in closed form (lines, circles, hyperbolas).
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from mathcore.derivations import potential_derivation
from mathcore.example import WorkedExample
from mathcore.potential import (
    field_latex,
    field_terms,
    path_integrals,
    plane_cost,
    plane_field,
    plane_paths,
    plane_points,
)
from mathcore.views.plane import (
    ARROW_COLUMNS,
    ARROW_ROWS,
    MIN_PAD,
    PLANE_ASPECT,
    field_data,
    field_plane,
    marching_squares,
    plane_extent,
)
from tests.mathcore.strategies import logits_and_target
from tests.scenes.examples import EXAMPLES, example

PROPERTY = settings(deadline=None, max_examples=40)
INTEGRAL_TOLERANCE = 1e-9  # relative to 1 + |C(z) - C(0)|, as the example's own check

mpmath.mp.dps = 50


def exact_cost(logits, target: int) -> float:
    values = [mpmath.mpf(float(value)) for value in logits]
    return mpmath.log(mpmath.fsum(mpmath.exp(value) for value in values)) - values[target]


def exact_field(logits, target: int) -> list[float]:
    values = [mpmath.mpf(float(value)) for value in logits]
    total = mpmath.fsum(mpmath.exp(value) for value in values)
    return [float(mpmath.exp(value) / total - (1 if k == target else 0))
            for k, value in enumerate(values)]


def in_plane(logits, first: float, second: float, axes=(0, 1)) -> list[float]:
    point = list(logits)
    point[axes[0]], point[axes[1]] = first, second
    return point


# ---------------------------------------------------------------------------
# geometry of the plane


def test_plane_points_keep_the_other_logits():
    points = plane_points([2.0, 1.0, 0.1], np.array([[0.0, 1.0]]), np.array([[3.0, 4.0]]))
    assert points.shape == (1, 2, 3)
    np.testing.assert_array_equal(points[0, :, 0], [0.0, 1.0])
    np.testing.assert_array_equal(points[0, :, 1], [3.0, 4.0])
    np.testing.assert_array_equal(points[0, :, 2], [0.1, 0.1])


@PROPERTY
@given(st.lists(st.floats(-20, 20), min_size=2, max_size=8), st.data())
def test_cost_and_field_on_the_plane_against_mpmath(logits, data):
    target = data.draw(st.integers(0, len(logits) - 1))
    first, second = data.draw(st.floats(-20, 20)), data.draw(st.floats(-20, 20))
    point = in_plane(logits, first, second)
    assert float(plane_cost(logits, target, first, second)) == pytest.approx(
        float(exact_cost(point, target)), rel=1e-12, abs=1e-12)
    field = exact_field(point, target)
    np.testing.assert_allclose(plane_field(logits, target, [[first, second]]),
                               [field[:2]], rtol=1e-12, atol=1e-15)


def test_path_integrals_are_the_cost_rise_along_each_path():
    logits, target = [2.0, 1.0, 0.1], 0
    paths = {"straight": np.array([[0.0, 0.0], [2.0, 1.0]]),
             "around": np.array([[0.0, 0.0], [-1.0, 3.0], [2.0, 1.0]])}
    integrals = path_integrals(logits, target, paths)
    rise = float(exact_cost(logits, target) - exact_cost(in_plane(logits, 0.0, 0.0), target))
    assert set(integrals) == {"straight", "around"}
    for value in integrals.values():
        assert value == pytest.approx(rise, abs=INTEGRAL_TOLERANCE * (1 + abs(rise)))


@PROPERTY
@given(st.floats(-20, 20), st.floats(-20, 20))
def test_extent_holds_origin_and_end_with_the_aspect(first, second):
    (x_low, x_high), (y_low, y_high) = plane_extent([first, second])
    pad = MIN_PAD * (1 - 1e-12)
    assert x_low <= min(0.0, first) - pad and x_high >= max(0.0, first) + pad
    assert y_low <= min(0.0, second) - pad and y_high >= max(0.0, second) + pad
    assert (x_high - x_low) / (y_high - y_low) == pytest.approx(PLANE_ASPECT, rel=1e-12)


def test_plane_ticks_share_one_step():
    for name in sorted(EXAMPLES):
        plane = field_plane(example(name))
        steps = np.concatenate([np.diff(plane.x_ticks), np.diff(plane.y_ticks)])
        np.testing.assert_allclose(steps, steps[0], rtol=1e-12)
        assert len(plane.x_ticks) >= 2 and len(plane.y_ticks) >= 2


# ---------------------------------------------------------------------------
# marching squares against known level sets


def test_contours_of_a_plane_are_exact_straight_lines():
    xs, ys = np.linspace(-2, 2, 21), np.linspace(-1, 1, 13)
    values = xs[None, :] + 2 * ys[:, None]
    lines = marching_squares(xs, ys, values, 0.3)
    assert len(lines) == 1
    line = lines[0]
    np.testing.assert_allclose(line[:, 0] + 2 * line[:, 1], 0.3, atol=1e-12)
    # It crosses the whole box: both ends on the border.
    for end in (line[0], line[-1]):
        on_border = (np.isclose(abs(end[0]), 2) or np.isclose(abs(end[1]), 1))
        assert on_border


def test_contour_of_a_paraboloid_is_a_closed_circle():
    xs = ys = np.linspace(-2, 2, 81)
    values = xs[None, :] ** 2 + ys[:, None] ** 2
    lines = marching_squares(xs, ys, values, 1.0)
    assert len(lines) == 1
    circle = lines[0]
    np.testing.assert_allclose(circle[0], circle[-1], atol=1e-12)
    h = xs[1] - xs[0]
    # Linear interpolation of x^2 on an edge of length h errs by at most h^2 / 4.
    np.testing.assert_allclose(np.hypot(circle[:, 0], circle[:, 1]), 1.0, atol=h**2)
    angles = np.unwrap(np.arctan2(circle[:, 1], circle[:, 0]))
    assert abs(angles[-1] - angles[0]) == pytest.approx(2 * np.pi, abs=1e-9)


def test_hyperbola_has_two_branches():
    xs = ys = np.linspace(-2, 2, 41)
    values = xs[None, :] * ys[:, None]
    lines = marching_squares(xs, ys, values, 0.25)
    assert len(lines) == 2
    for branch in lines:
        assert np.all(branch[:, 0] * branch[:, 1] > 0)  # each stays in one quadrant
        assert np.all(np.abs(branch[:, 0] * branch[:, 1] - 0.25) < 0.05)


def test_saddle_level_through_the_centre_is_split_consistently():
    xs = ys = np.linspace(-1, 1, 4)  # the level passes through no grid point
    values = xs[None, :] * ys[:, None]
    lines = marching_squares(xs, ys, values, 0.0)
    points = np.concatenate(lines)
    np.testing.assert_allclose(points[:, 0] * points[:, 1], 0.0, atol=1e-12)


def test_contours_reject_a_mismatched_grid():
    with pytest.raises(ValueError, match="shape"):
        marching_squares([0, 1, 2], [0, 1], np.zeros((3, 2)), 0.5)


# ---------------------------------------------------------------------------
# paths


def test_coordinatewise_path_moves_one_coordinate_per_leg():
    paths = plane_paths([2.0, 1.0], ((-2, 3), (-1, 2)))
    np.testing.assert_array_equal(paths["straight"], [[0, 0], [2, 1]])
    np.testing.assert_array_equal(paths["coordinatewise"], [[0, 0], [2, 0], [2, 1]])


@pytest.mark.parametrize("end", [(0.0, 3.0), (-4.0, 0.0), (0.0, 0.0)])
def test_degenerate_end_gets_a_detour_off_the_segment(end):
    extent = plane_extent(end)
    paths = plane_paths(end, extent)
    detour = paths["detour"]
    np.testing.assert_array_equal(detour[0], [0.0, 0.0])
    np.testing.assert_array_equal(detour[-1], end)
    corner = detour[1]
    cross = end[0] * corner[1] - end[1] * corner[0]
    assert abs(cross) > 0.1 or np.hypot(*end) == 0 and np.hypot(*corner) > 0.1
    (x_low, x_high), (y_low, y_high) = extent
    assert np.all((detour[:, 0] >= x_low) & (detour[:, 0] <= x_high))
    assert np.all((detour[:, 1] >= y_low) & (detour[:, 1] <= y_high))


# ---------------------------------------------------------------------------
# the example's plane


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def plane_and_example(request):
    worked = example(request.param)
    return field_plane(worked), worked


def test_arrows_are_minus_the_field(plane_and_example):
    plane, worked = plane_and_example
    assert plane.arrow_points.shape == (ARROW_COLUMNS * ARROW_ROWS, 2)
    for point, vector in list(zip(plane.arrow_points, plane.arrow_vectors, strict=True))[::7]:
        expected = exact_field(in_plane(worked.logits, *point, plane.axes), worked.target)
        np.testing.assert_allclose(vector, [-expected[index] for index in plane.axes],
                                   rtol=1e-12, atol=1e-15)
    (x_low, x_high), (y_low, y_high) = plane.x_range, plane.y_range
    assert np.all((plane.arrow_points[:, 0] > x_low) & (plane.arrow_points[:, 0] < x_high))
    assert np.all((plane.arrow_points[:, 1] > y_low) & (plane.arrow_points[:, 1] < y_high))


def test_extent_holds_both_ends(plane_and_example):
    plane, worked = plane_and_example
    for first, second in ((0.0, 0.0), [worked.logits[index] for index in plane.axes]):
        assert plane.x_range[0] < first < plane.x_range[1]
        assert plane.y_range[0] < second < plane.y_range[1]


def test_contours_lie_on_their_levels(plane_and_example):
    plane, worked = plane_and_example
    spacing = max((plane.x_range[1] - plane.x_range[0]) / 120,
                  (plane.y_range[1] - plane.y_range[0]) / 72)
    levels = list(plane.contour_levels) + [plane.cost_start, plane.cost_end]
    lines = plane.contours + [plane.start_contours, plane.end_contours]
    assert all(lines), "every level crosses the plane"
    for level, polylines in zip(levels, lines, strict=True):
        for polyline in polylines:
            for point in polyline[:: max(1, len(polyline) // 6)]:
                cost = float(exact_cost(in_plane(worked.logits, *point, plane.axes),
                                        worked.target))
                # The cost's Hessian has entries below 1/2: interpolation errs < h^2 / 4.
                assert cost == pytest.approx(level, abs=spacing**2 / 4 + 1e-12)
    assert np.all(np.diff(plane.contour_levels) > 0)


def test_integrals_equal_the_cost_difference(plane_and_example):
    plane, worked = plane_and_example
    start = exact_cost(in_plane(worked.logits, 0.0, 0.0, plane.axes), worked.target)
    end = exact_cost(worked.logits, worked.target)
    rise = float(end - start)
    assert plane.cost_rise == pytest.approx(rise, abs=1e-12 * (1 + abs(rise)))
    assert len(plane.integrals) == 2
    first, second = plane.paths.values()
    assert first.shape != second.shape or not np.allclose(first, second)
    for value in plane.integrals.values():
        assert value == pytest.approx(rise, abs=INTEGRAL_TOLERANCE * (1 + abs(rise)))


def test_straight_integral_against_scipy_quad():
    worked = WorkedExample.build()
    plane = field_plane(worked)
    end = np.array(worked.logits[:2])

    def integrand(fraction: float) -> float:
        field = exact_field(in_plane(worked.logits, *(fraction * end)), worked.target)
        return field[0] * end[0] + field[1] * end[1]

    expected, _ = quad(integrand, 0.0, 1.0, epsabs=1e-13, epsrel=1e-13)
    assert plane.integrals["straight"] == pytest.approx(expected, abs=1e-12)


def test_two_classes_plane_is_the_whole_space():
    """For K = 2 the paths are the example's own: same integrals, same C(z) - C(0)."""
    worked = example("two")
    plane = field_plane(worked)
    assert plane.cost_rise == pytest.approx(worked.cost_rise, abs=1e-12)
    for name in ("straight", "coordinatewise"):
        assert plane.integrals[name] == pytest.approx(worked.path_integrals[name], abs=1e-12)


@PROPERTY
@given(st.data())
def test_path_independence_for_any_example(data):
    logits, target = data.draw(logits_and_target(20))
    worked = WorkedExample.build(logits, target)
    plane = field_plane(worked, contour_count=1, contour_grid=(9, 7))
    start = exact_cost(in_plane(logits, 0.0, 0.0, plane.axes), target)
    rise = float(exact_cost(logits, target) - start)
    for value in plane.integrals.values():
        assert value == pytest.approx(rise, abs=INTEGRAL_TOLERANCE * (1 + abs(rise)))


def test_field_data_strings_show_the_integrals():
    data = field_data(WorkedExample.build())
    start = exact_cost([0.0, 0.0, 0.1], 0)
    rise = float(exact_cost([2.0, 1.0, 0.1], 0) - start)
    text = f"{rise:.3f}"
    assert data["latex"]["cost_rise"].endswith(f"= {text}")
    assert all(entry.endswith(f"= {text}") for entry in data["latex"]["integrals"].values())
    assert data["fixed"] == ["z_{3} = 0.100"]
    assert data["latex"]["jacobian_matrix"] == r"= \operatorname{diag}\left(y\right) - y y^{T}"


def test_chapter_formulas_continue_the_proven_steps():
    steps = potential_derivation().steps
    formulas = field_latex()
    assert formulas["jacobian_entry"] == f"{steps[1].latex} {steps[2].latex}"
    assert formulas["jacobian_rest"].startswith(steps[3].latex)
    assert formulas["symmetry"] == steps[4].latex
    shown = list(formulas.values())
    for term in field_terms():
        assert any(term in formula for formula in shown), term
