r"""Chapter 7's pictures: :math:`\sigma(z)` and the cross-entropy :math:`C(a)` around the example.

:func:`two_class_plots` chooses the point the chapter marks on
:math:`\sigma(z)` (:func:`sigmoid_point`: the example's :math:`d = z_1 - z_2`
when the curve visibly slopes there, else the nearest point within
:data:`VISIBLE_REACH` of 0, so the tangent of the chain-rule beat is never
flat) and samples both curves on axes that hold it and :math:`d`:
:math:`\sigma(z)` on a symmetric range of at least
:data:`SIGMOID_MIN_HALF_RANGE` around 0, and :math:`C(a)` up to a height of at
least :data:`COST_MIN_TOP`. :func:`chapter7_data` lists every number and string
the chapter shows. The mathematics (the two-class reduction, the chapter's
formulas) is in :mod:`mathcore.canonical`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import sympy as sp

from .. import notation as nt
from ..canonical import (
    SIGMA,
    TWO_CLASS_DIFFERENCE,
    TWO_CLASS_PROBABILITY,
    TwoClassReduction,
    sigmoid_formulas,
    target_scalar,
    two_class_reduction,
)
from ..example import WorkedExample
from ..notation import C, a, number_latex, t, x
from ..numerics import binary_cross_entropy, sigmoid
from .axes import Curve, padded_range, sampled_curve

__all__ = [
    "COST_MIN_TOP",
    "CURVE_SAMPLES",
    "SIGMOID_MIN_HALF_RANGE",
    "VISIBLE_REACH",
    "TwoClassPlots",
    "chapter7_data",
    "sigmoid_point",
    "two_class_plots",
    "with_value",
]

CURVE_SAMPLES = 401  # points of each small plot (chapters 7 and 8)
SIGMOID_MIN_HALF_RANGE = 6.0  # sigma(z) is drawn on at least [-6, 6]
COST_MIN_TOP = 4.0  # the cross-entropy axis reaches at least 4
COST_HEADROOM = 1.2  # ... and 20% above the example's cost
# The marked point is at most this far from 0: there sigma'(z) >= sigma'(3) ~ 0.045,
# a tangent that rises half the plot's height across its width, where at
# z = -23.5 the slope would be 6e-11 and the tangent flat.
VISIBLE_REACH = 3.0


def with_value(lhs: sp.Expr, value: float) -> str:
    r"""``lhs = value``, the value in the lecture's one number format (``2.1 \times 10^{-12}``)."""
    return f"{nt.latex(lhs)} = {number_latex(value)}"


@dataclass(frozen=True)
class TwoClassPlots(TwoClassReduction):
    r"""The two-class reduction with the point chapter 7 marks and the two curves it plots.

    Attributes
    ----------
    point : float
        Where the dot sits on :math:`\sigma(z)`: :func:`sigmoid_point` of :math:`d`.
    at_example : bool
        Whether ``point`` is the example's :math:`d` itself.
    point_activation, point_slope, point_cost : float
        :math:`a = \sigma(z)`, :math:`a(1 - a)` and the cross-entropy for the
        label :math:`t` at the point.
    sigmoid_curve : Curve
        :math:`\sigma(z)` on a symmetric range that holds :math:`d` and the point.
    cost_curve : Curve
        The cross-entropy against :math:`a \in (0, 1)` for the label :math:`t`,
        up to a height that holds the cost at the point.
    """

    point: float
    at_example: bool
    point_activation: float
    point_slope: float
    point_cost: float
    sigmoid_curve: Curve
    cost_curve: Curve


def sigmoid_point(difference: float, reach: float = VISIBLE_REACH) -> float:
    r"""The point chapter 7 marks on :math:`\sigma(z)`: ``difference`` clipped to [-reach, reach].

    The example's own :math:`d` whenever the sigmoid visibly slopes there;
    otherwise the point nearest to it where it still does (same side of 0).
    """
    return float(min(max(float(difference), -reach), reach))


def two_class_plots(example: WorkedExample, samples: int = CURVE_SAMPLES) -> TwoClassPlots:
    """:func:`~mathcore.canonical.two_class_reduction` of ``example``, its point and curves."""
    reduction = two_class_reduction(example)
    point = sigmoid_point(reduction.difference)
    activation = float(sigmoid(point))
    cost = float(binary_cross_entropy(point, reduction.label))
    return TwoClassPlots(
        **{entry.name: getattr(reduction, entry.name) for entry in fields(reduction)},
        point=point,
        at_example=point == reduction.difference,
        point_activation=activation,
        point_slope=activation * (1.0 - activation),
        point_cost=cost,
        sigmoid_curve=_sigmoid_curve(reduction.difference, samples),
        cost_curve=_cross_entropy_curve(reduction.label, cost, samples),
    )


def _sigmoid_curve(difference: float, samples: int) -> Curve:
    half = max(SIGMOID_MIN_HALF_RANGE, 1.1 * abs(difference) + 1.0)
    zs = np.linspace(-half, half, samples)
    return sampled_curve(zs, sigmoid(zs), (-half, half), (0.0, 1.0))


def _cross_entropy_curve(label: float, cost: float, samples: int) -> Curve:
    """The cross-entropy against a in (0, 1), for the label ``label``.

    Sampled evenly in s = logit(a), which puts points where C(a) is steep (a
    near 0 and 1); binary_cross_entropy(s, y) = softplus(s) - y s stays exact
    where a rounds to 0 or 1. The curve is cut where it leaves the axis.
    """
    _, top = padded_range([0.0, max(COST_MIN_TOP, COST_HEADROOM * cost)])
    reach = top + 3.0  # |s| beyond which C exceeds the top for y in {0, 1}
    logits_of_a = np.linspace(-reach, reach, samples)
    costs = binary_cross_entropy(logits_of_a, label)
    activations = sigmoid(logits_of_a)
    inside = costs <= top
    return sampled_curve(activations[inside], costs[inside], (0.0, 1.0), (0.0, top))


def _reduction_latex(reduction: TwoClassPlots) -> dict[str, str]:
    """Chapter 7's formulas with the example's numbers in them."""
    label = nt.latex(sp.Integer(int(reduction.label)))
    return {
        "difference": with_value(TWO_CLASS_DIFFERENCE, reduction.difference),
        "activation": with_value(SIGMA(TWO_CLASS_DIFFERENCE), reduction.activation),
        "softmax_probability": with_value(TWO_CLASS_PROBABILITY, reduction.softmax_probability),
        "slope_value": f"{nt.latex(a * (1 - a))} = {number_latex(reduction.point_slope)}",
        "label": f"{nt.latex(target_scalar)} = {nt.latex(t[1])} = {label}",
        "label_short": f"{nt.latex(target_scalar)} = {label}",
        "cost_value": with_value(C, reduction.point_cost),
        "point": f"{nt.latex(a)} = {number_latex(reduction.point_activation)}",
        "point_input": with_value(x, reduction.point),
        "example_input": with_value(TWO_CLASS_DIFFERENCE, reduction.difference),
    }


def chapter7_data(example: WorkedExample) -> dict[str, Any]:
    """Every number and string chapter 7 shows for ``example`` (for the number test)."""
    reduction = two_class_plots(example)
    curves = {"sigmoid": reduction.sigmoid_curve, "cost": reduction.cost_curve}
    return {
        "values": [reduction.difference, reduction.activation, reduction.softmax_probability,
                   reduction.slope, reduction.cost, reduction.softmax_cost, reduction.label,
                   reduction.point, reduction.point_activation, reduction.point_slope,
                   reduction.point_cost],
        "latex": {**sigmoid_formulas(), **_reduction_latex(reduction)},
        "ticks": {name: [list(curve.x_tick_labels), list(curve.y_tick_labels)]
                  for name, curve in curves.items()},
    }
