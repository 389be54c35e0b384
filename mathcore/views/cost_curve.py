r"""Chapters 3 and 4's picture: the curve :math:`C = -\log y_T`, its axes, its dot.

The curve is drawn against the probability of the target, :math:`y_T \in (0, 1]`.
Its axes adapt to the example so that the dot at the example's :math:`y_T` is
always on screen:

* **linear**, when :math:`y_T \ge e^{-4}` (:math:`C \le 4`): :math:`y_T` from 0
  to 1, :math:`C` from 0 to :data:`LINEAR_COST_TOP`; the curve is clipped where
  it leaves the top, at :math:`y_T = e^{-C_{top}}`.
* **log**, otherwise: the axis coordinate is :math:`u = \log_{10} y_T`, from a
  whole decade :math:`d < \log_{10} y_T` up to 0, and :math:`C` from 0 to
  :math:`-d \ln 10`, so the curve (a straight line, :math:`C = -u \ln 10`) runs
  corner to corner. The position comes from the cost, never from :math:`y_T`
  itself, so a probability that underflows to 0 still has its place.

The dot then slides from the example's :math:`y_T` towards 1 (the cost falls to
0), towards 0 (the cost grows past any bound) and back (see
:attr:`CostCurve.stops`). The mathematics that goes with the curve (its two
limits, the central difference, the terms that move in the rewrite) is in
:mod:`mathcore.cost`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from .. import notation as nt
from ..cost import finite_difference_latex, limits_latex
from ..derivations import forward_derivation
from ..example import WorkedExample
from .axes import nice_step, range_with_zero, tick_label, ticks

__all__ = [
    "EDGE_FRACTION",
    "LINEAR_COST_TOP",
    "LINEAR_MAX_COST",
    "MIN_MOVE_FRACTION",
    "SAMPLES",
    "Axis",
    "CostCurve",
    "DotStop",
    "axis_latex",
    "bar_range",
    "chapter_data",
    "cost_curve",
]

LINEAR_MAX_COST = 4.0  # above this cost (y_T < e^-4 = 0.018) the probability axis is logarithmic
LINEAR_COST_TOP = 5.0  # the cost axis of the linear curve: 0 to 5
LINEAR_PROBABILITY_TICKS = (0.0, 0.5, 1.0)
EDGE_FRACTION = 0.04  # how near each end of the probability axis the sliding dot goes
MIN_MOVE_FRACTION = 0.02  # a stop that moves the dot less (of either axis) is skipped
MAX_TICKS = 6  # at most this many ticks on an axis, the axis rounded out to the step
SAMPLES = 160  # points per spacing (the linear curve mixes even-in-y and even-in-C)
LN10 = math.log(10.0)


@dataclass(frozen=True)
class Axis:
    """One axis of the curve: its range and labelled ticks, in axis coordinates."""

    low: float
    high: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]  # LaTeX, one per tick

    @property
    def span(self) -> float:
        """``high - low``."""
        return self.high - self.low

    def contains(self, value: float, margin: float = 0.0) -> bool:
        """Whether ``value`` lies inside the axis, ``margin`` (a fraction of the span) within."""
        inset = margin * self.span
        return self.low + inset <= value <= self.high - inset


@dataclass(frozen=True)
class DotStop:
    r"""A place of the dot on the curve.

    Attributes
    ----------
    coordinate : float
        Its place on the probability axis: :math:`y_T` (linear) or
        :math:`\log_{10} y_T` (log).
    cost : float
        :math:`C = -\log y_T` there.
    log10_probability : float
        :math:`\log_{10} y_T = -C / \ln 10` (finite where :math:`y_T` underflows).
    """

    coordinate: float
    cost: float
    log10_probability: float

    @property
    def probability(self) -> float:
        """:math:`y_T = e^{-C}` (0.0 where it underflows)."""
        return math.exp(-self.cost)


@dataclass(frozen=True)
class CostCurve:
    r"""The curve :math:`C = -\log y_T` on axes fitted to one example.

    Attributes
    ----------
    scale : {"linear", "log"}
        How the probability axis is drawn (see the module's docstring).
    probability_axis, cost_axis : Axis
        The horizontal (:math:`y_T`) and vertical (:math:`C`) axes.
    samples : ndarray, shape (n, 2)
        Points (coordinate, cost) along the visible curve, left to right.
    target : DotStop
        The example's own :math:`y_T` and cost.
    stops : tuple of DotStop
        Where the sliding dot goes, in order: from the target towards
        :math:`y_T = 1` (skipped when it is already there), towards
        :math:`y_T = 0`, and back to the target.
    """

    scale: str
    probability_axis: Axis
    cost_axis: Axis
    samples: np.ndarray
    target: DotStop
    stops: tuple[DotStop, ...]

    def cost_at(self, coordinate: float) -> float:
        r""":math:`C` at a place on the probability axis: :math:`-\log u` or :math:`-u \ln 10`."""
        if self.scale == "log":
            return -coordinate * LN10
        if coordinate <= 0:
            return math.inf
        return -math.log(coordinate)

    def coordinate_of(self, cost: float) -> float:
        """The place on the probability axis where the cost is ``cost`` (inverse of cost_at)."""
        if self.scale == "log":
            return -cost / LN10
        return math.exp(-cost)

    def stop_at(self, coordinate: float) -> DotStop:
        """The dot at ``coordinate`` on the probability axis."""
        cost = self.cost_at(coordinate)
        return DotStop(coordinate, cost, -cost / LN10)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (tick labels included, for the on-screen number check)."""

        def axis(entry: Axis) -> dict[str, Any]:
            return {"low": entry.low, "high": entry.high, "ticks": list(entry.ticks),
                    "labels": list(entry.labels)}

        def stop(entry: DotStop) -> dict[str, float]:
            return {"coordinate": entry.coordinate, "cost": entry.cost,
                    "log10_probability": entry.log10_probability}

        return {
            "scale": self.scale,
            "probability_axis": axis(self.probability_axis),
            "cost_axis": axis(self.cost_axis),
            "target": stop(self.target),
            "stops": [stop(entry) for entry in self.stops],
        }


def _cost_axis(top: float) -> Axis:
    cost_ticks = ticks(0.0, top, nice_step(0.0, top, MAX_TICKS, fit="cover"))
    return Axis(0.0, top, cost_ticks, tuple(tick_label(tick) for tick in cost_ticks))


def _decade_label(exponent: int) -> str:
    return "1" if exponent == 0 else rf"10^{{{exponent}}}"


def cost_curve(cost: float) -> CostCurve:
    r"""The curve and its axes for a target whose cost is ``cost`` (:math:`= -\log y_T`).

    Parameters
    ----------
    cost : float
        :math:`C \ge 0`, finite (a worked example's :attr:`~WorkedExample.cost`).
    """
    cost = float(cost)
    if not math.isfinite(cost) or cost < 0:
        raise ValueError(f"the cost must be finite and non-negative, not {cost!r}")
    if cost <= LINEAR_MAX_COST:
        scale = "linear"
        top = LINEAR_COST_TOP
        probability_axis = Axis(0.0, 1.0, LINEAR_PROBABILITY_TICKS,
                                tuple(tick_label(tick) for tick in LINEAR_PROBABILITY_TICKS))
        left = math.exp(-top)  # where the curve leaves the top of the axes
        # Even in y (the flat part near 1) and even in C (the steep part near 0).
        even_in_y = np.linspace(left, 1.0, SAMPLES)
        even_in_cost = np.exp(-np.linspace(top, 0.0, SAMPLES))
        coordinates = np.unique(np.concatenate([even_in_y, even_in_cost]))
    else:
        scale = "log"
        exponent = -cost / LN10  # log10 y_T, finite where y_T underflows
        margin = max(1.0, 0.1 * abs(exponent))  # room past the dot, towards 0
        lowest = int(math.floor(exponent - margin))
        top = -lowest * LN10
        # Whole decades only: a step of at least 1 in log10 y_T.
        step = max(1.0, nice_step(float(lowest), 0.0, MAX_TICKS, fit="cover"))
        decades = ticks(float(lowest), 0.0, step)
        probability_axis = Axis(float(lowest), 0.0, decades,
                                tuple(_decade_label(int(tick)) for tick in decades))
        coordinates = np.linspace(float(lowest), 0.0, SAMPLES)
    cost_axis = _cost_axis(top)
    curve = CostCurve(scale, probability_axis, cost_axis, np.empty((0, 2)),
                      DotStop(0.0, 0.0, 0.0), ())
    costs = np.array([curve.cost_at(float(value)) for value in coordinates])
    samples = np.column_stack([coordinates, np.minimum(costs, top)])
    target = DotStop(curve.coordinate_of(cost), cost, -cost / LN10)
    return CostCurve(scale, probability_axis, cost_axis, samples, target,
                     _stops(curve, probability_axis, top, target))


def _stops(curve: CostCurve, axis: Axis, top: float, target: DotStop) -> tuple[DotStop, ...]:
    """Target, towards y_T = 1, towards y_T = 0, target (near ends skipped if already there)."""
    if curve.scale == "log":
        near_zero = axis.low + EDGE_FRACTION * axis.span
    else:
        # The linear curve leaves the axes at C = top: stop just below that.
        near_zero = curve.coordinate_of((1 - EDGE_FRACTION) * top)
    near_one = axis.high - EDGE_FRACTION * axis.span
    stops = [target]

    def visible(stop: DotStop) -> bool:
        # A move shows if the dot travels far enough across or up the axes.
        across = abs(stop.coordinate - target.coordinate) / axis.span
        up = abs(stop.cost - target.cost) / top
        return max(across, up) >= MIN_MOVE_FRACTION

    towards_one = curve.stop_at(near_one)
    if near_one > target.coordinate and visible(towards_one):
        stops.append(towards_one)
    towards_zero = curve.stop_at(near_zero)
    if near_zero < target.coordinate and visible(towards_zero):
        stops.append(towards_zero)
    stops.append(target)
    return tuple(stops)


def bar_range(values: Sequence[float]) -> tuple[float, float]:
    r"""The value range of a bar row that includes 0: :math:`(\min(0, v), \max(0, v))`.

    Rows of :math:`y`, :math:`t` and :math:`y - t` drawn with one unit per value
    then share a scale, so :math:`y - t` visibly is the one bar minus the other.
    A row of zeros gets (0, 1).
    """
    return range_with_zero(values)


# --------------------------------------------------------------------------
# LaTeX.


def axis_latex() -> dict[str, str]:
    r"""Names of the curve's axes, :math:`y_T` and :math:`C`, and the readouts' left sides.

    ``readout`` is :math:`C =`; ``probability_readout`` is :math:`y_T =` (its
    number follows on a linear axis); ``power_readout`` is :math:`y_T = 10`, to
    which a log axis' readout adds the exponent :math:`\log_{10} y_T`.
    """
    cost = nt.latex(nt.C)
    probability = nt.latex(nt.y[nt.T])
    return {"probability": probability, "cost": cost, "readout": f"{cost} =",
            "probability_readout": f"{probability} =",
            "power_readout": f"{probability} = {sp.latex(sp.Integer(10))}"}


def chapter_data(example: WorkedExample) -> dict[str, Any]:
    """Everything chapters 3 and 4 show beyond ``example.latex``, for the number check."""
    curve = cost_curve(example.cost)
    return {
        "curve": curve.to_dict(),
        "axes": axis_latex(),
        "limits": limits_latex(),
        "finite_difference": finite_difference_latex(),
        "steps": [step.latex for step in forward_derivation().steps],
    }
