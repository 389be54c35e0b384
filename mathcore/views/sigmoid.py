r"""Chapter 7's pictures: :math:`\sigma(z)` and the cross-entropy :math:`C(a)` around the example.

:func:`two_class_plots` samples both curves on axes that hold the example's
point: :math:`\sigma(z)` on a symmetric range of at least
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
    two_class_reduction,
)
from ..example import WorkedExample
from ..notation import C, a, format_number, t, y_target
from ..numerics import binary_cross_entropy, sigmoid
from .axes import Curve, padded_range, sampled_curve

__all__ = [
    "COST_MIN_TOP",
    "CURVE_SAMPLES",
    "SIGMOID_MIN_HALF_RANGE",
    "TwoClassPlots",
    "chapter7_data",
    "two_class_plots",
    "with_value",
]

CURVE_SAMPLES = 401  # points of each small plot (chapters 7 and 8)
SIGMOID_MIN_HALF_RANGE = 6.0  # sigma(z) is drawn on at least [-6, 6]
COST_MIN_TOP = 4.0  # the cross-entropy axis reaches at least 4
COST_HEADROOM = 1.2  # ... and 20% above the example's cost


def with_value(lhs: sp.Expr, value: float) -> str:
    """``lhs = value``, the value in the lecture's one number format."""
    return f"{nt.latex(lhs)} = {format_number(value)}"


@dataclass(frozen=True)
class TwoClassPlots(TwoClassReduction):
    r"""The two-class reduction with the two curves chapter 7 plots.

    Attributes
    ----------
    sigmoid_curve : Curve
        :math:`\sigma(z)` on a symmetric range that holds :math:`d`.
    cost_curve : Curve
        The cross-entropy against :math:`a \in (0, 1)` for the label :math:`y`,
        up to a height that holds the example's cost.
    """

    sigmoid_curve: Curve
    cost_curve: Curve


def two_class_plots(example: WorkedExample, samples: int = CURVE_SAMPLES) -> TwoClassPlots:
    """:func:`~mathcore.canonical.two_class_reduction` of ``example``, and its two curves."""
    reduction = two_class_reduction(example)
    return TwoClassPlots(
        **{entry.name: getattr(reduction, entry.name) for entry in fields(reduction)},
        sigmoid_curve=_sigmoid_curve(reduction.difference, samples),
        cost_curve=_cross_entropy_curve(reduction.label, reduction.cost, samples),
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


def _reduction_latex(reduction: TwoClassReduction) -> dict[str, str]:
    """Chapter 7's formulas with the example's numbers in them."""
    return {
        "difference": with_value(TWO_CLASS_DIFFERENCE, reduction.difference),
        "activation": with_value(SIGMA(TWO_CLASS_DIFFERENCE), reduction.activation),
        "softmax_probability": with_value(TWO_CLASS_PROBABILITY, reduction.softmax_probability),
        "slope_value": f"{nt.latex(a * (1 - a))} = {format_number(reduction.slope)}",
        "label": f"{nt.latex(y_target)} = {nt.latex(t[1])} = "
                 f"{nt.latex(sp.Integer(int(reduction.label)))}",
        "label_short": f"{nt.latex(y_target)} = {nt.latex(sp.Integer(int(reduction.label)))}",
        "cost_value": with_value(C, reduction.cost),
        "point": f"{nt.latex(a)} = {format_number(reduction.activation)}",
    }


def chapter7_data(example: WorkedExample) -> dict[str, Any]:
    """Every number and string chapter 7 shows for ``example`` (for the number test)."""
    reduction = two_class_plots(example)
    curves = {"sigmoid": reduction.sigmoid_curve, "cost": reduction.cost_curve}
    return {
        "values": [reduction.difference, reduction.activation, reduction.softmax_probability,
                   reduction.slope, reduction.cost, reduction.softmax_cost, reduction.label],
        "latex": {**sigmoid_formulas(), **_reduction_latex(reduction)},
        "ticks": {name: [list(curve.x_tick_labels), list(curve.y_tick_labels)]
                  for name, curve in curves.items()},
    }
