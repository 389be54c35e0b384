"""Chapter 6's counter-example: a swirled field h = g + omega (-z_b, z_a) has no potential.

The two paths' integrals of h are recomputed with scipy's quadrature of the
field written out here; their difference is checked against Green's theorem
(2 omega times the signed area between the paths, by the shoelace formula);
the Jacobians are differentiated numerically, independently of sympy's proof.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from mathcore.example import WorkedExample
from mathcore.potential import SWIRL_STRENGTH, curl_proof, swirl_field, swirl_omega
from mathcore.views.plane import field_plane
from tests.mathcore.strategies import logits_and_target
from tests.scenes.examples import EXAMPLES, example

PROPERTY = settings(deadline=None, max_examples=25)
LIGHT = dict(contour_count=1, contour_grid=(9, 7), surface_grid=(3, 3))


def swirl_by_hand(logits, target, axes, omega, point) -> np.ndarray:
    values = np.array(logits, dtype=float)
    values[axes[0]], values[axes[1]] = point
    shifted = np.exp(values - values.max())
    probabilities = shifted / shifted.sum()
    field = np.array([probabilities[index] - (index == target) for index in axes])
    return field + omega * np.array([-point[1], point[0]])


def quad_along(logits, target, axes, omega, vertices) -> float:
    total = 0.0
    for start, end in zip(vertices[:-1], vertices[1:], strict=True):
        step = end - start
        value, _ = quad(lambda s, start=start, step=step: float(
            swirl_by_hand(logits, target, axes, omega, start + s * step) @ step),
            0.0, 1.0, epsabs=1e-12, epsrel=1e-12, limit=200)
        total += value
    return total


def shoelace(loop: np.ndarray) -> float:
    x, y = loop[:, 0], loop[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def test_sympy_proves_g_curl_free_and_h_not():
    proof = curl_proof()
    assert proof["field"] == 0
    assert sp.simplify(proof["swirl"] - 2 * proof["omega"]) == 0


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_jacobians_by_finite_differences(name):
    worked = example(name)
    plane = field_plane(worked)
    step = 1e-5
    for point in plane.arrow_points[::17]:
        jacobians = []
        for omega in (0.0, plane.omega):
            columns = [(swirl_field(worked.logits, worked.target, point + step * unit,
                                    omega, plane.axes)
                        - swirl_field(worked.logits, worked.target, point - step * unit,
                                      omega, plane.axes)) / (2 * step)
                       for unit in np.eye(2)]
            jacobians.append(np.column_stack(columns))
        field, swirled = jacobians
        assert field[0, 1] == pytest.approx(field[1, 0], abs=1e-8)  # symmetric
        assert swirled[1, 0] - swirled[0, 1] == pytest.approx(2 * plane.omega, abs=1e-8)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_swirl_integrals_against_quadrature_and_green(name):
    worked = example(name)
    plane = field_plane(worked)
    for path_name, vertices in plane.paths.items():
        expected = quad_along(worked.logits, worked.target, plane.axes, plane.omega, vertices)
        assert plane.swirl_integrals[path_name] == pytest.approx(expected, abs=1e-9)
    first, second = plane.paths.values()
    loop = np.vstack([first[:-1], second[::-1][:-1]])  # out along one, back along the other
    gap = plane.swirl_integrals[list(plane.paths)[0]] - plane.swirl_integrals[
        list(plane.paths)[1]]
    assert gap == pytest.approx(2 * plane.omega * shoelace(loop), abs=1e-9)


@PROPERTY
@given(st.data())
def test_the_two_paths_give_visibly_different_values_for_any_example(data):
    logits, target = data.draw(logits_and_target(20))
    plane = field_plane(WorkedExample.build(logits, target), **LIGHT)
    values = list(plane.swirl_integrals.values())
    # Printed to three decimals, the two numbers differ in a digit a viewer reads.
    assert abs(values[0] - values[1]) >= 0.01 * (1 + abs(plane.cost_rise))
    assert plane.latex["swirl_integrals"]["straight"] != list(
        plane.latex["swirl_integrals"].values())[1].replace(r"\gamma_{2}", r"\gamma_{1}")


@pytest.mark.parametrize("extent", [((-1.0, 3.0), (-1.0, 2.0)), ((-4.0, 24.0), (-13.4, 5.9)),
                                    ((-0.3, 0.2), (-0.1, 0.25))])
def test_omega_is_one_digit_and_keeps_the_swirl_near_the_strength(extent):
    omega = swirl_omega(extent)
    radius = max(np.hypot(x, y) for x in extent[0] for y in extent[1])
    assert omega * radius <= SWIRL_STRENGTH * (1 + 1e-12)
    assert omega * radius > SWIRL_STRENGTH / 2  # a digit rounded down loses less than half
    mantissa = omega / 10.0 ** np.floor(np.log10(omega))
    assert mantissa == pytest.approx(round(mantissa), abs=1e-9)
    assert f"{omega:.12g}" == f"{float(f'{omega:.1g}'):.12g}"
