r"""Chapters 3 and 4's extra numbers: the curve :math:`C = -\log y_T`, its axes, its dot.

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
:attr:`CostCurve.stops`). This module also holds the LaTeX that goes with it:
the two limits, proven by sympy, and which term becomes which in the rewrite of
chapter 3 and the gradient of chapter 4.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from . import notation as nt
from .derivations import forward_derivation
from .example import FINITE_DIFFERENCE_STEP, WorkedExample
from .notation import format_number

__all__ = [
    "EDGE_FRACTION",
    "LINEAR_COST_TOP",
    "LINEAR_MAX_COST",
    "SAMPLES",
    "Axis",
    "CostCurve",
    "DotStop",
    "axis_latex",
    "bar_range",
    "chapter_data",
    "cost_curve",
    "finite_difference_latex",
    "gradient_moves",
    "limits",
    "limits_latex",
    "nice_step",
    "rewrite_moves",
    "split_terms",
]

LINEAR_MAX_COST = 4.0  # above this cost (y_T < e^-4 = 0.018) the probability axis is logarithmic
LINEAR_COST_TOP = 5.0  # the cost axis of the linear curve: 0 to 5
LINEAR_PROBABILITY_TICKS = (0.0, 0.5, 1.0)
EDGE_FRACTION = 0.04  # how near each end of the probability axis the sliding dot goes
MIN_MOVE_FRACTION = 0.02  # a stop that moves the dot less (of either axis) is skipped
MAX_TICKS = 5  # at most this many intervals between tick marks on an axis
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


def nice_step(span: float, intervals: int = MAX_TICKS) -> float:
    """The least of 1, 2, 5 times a power of ten cutting ``span`` in <= ``intervals`` pieces."""
    if not span > 0 or not math.isfinite(span):
        raise ValueError(f"span must be positive and finite, not {span!r}")
    raw = span / intervals
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 5.0, 10.0):
        step = factor * power
        if step >= raw * (1 - 1e-12):
            return step
    return 10.0 * power  # pragma: no cover - the loop always returns


def _number_label(value: float) -> str:
    """A tick label: an integer as such, anything else the lecture's one way."""
    if abs(value - round(value)) < 1e-9 * max(1.0, abs(value)):
        return str(int(round(value)))
    return format_number(value, digits=1) if abs(value) >= 0.1 else format_number(value)


def _cost_axis(top: float) -> Axis:
    step = nice_step(top)
    count = int(math.floor(top / step + 1e-9))
    ticks = tuple(step * index for index in range(count + 1))
    return Axis(0.0, top, ticks, tuple(_number_label(tick) for tick in ticks))


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
                                tuple(_number_label(tick) for tick in LINEAR_PROBABILITY_TICKS))
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
        step = max(1, int(round(nice_step(float(-lowest)))))
        decades = tuple(float(-step * index) for index in range(-lowest // step + 1))
        probability_axis = Axis(float(lowest), 0.0, tuple(sorted(decades)),
                                tuple(_decade_label(int(tick)) for tick in sorted(decades)))
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
    array = np.asarray(values, dtype=float)
    low, high = min(0.0, float(array.min())), max(0.0, float(array.max()))
    if high - low <= 0:
        high = low + 1.0
    return low, high


# --------------------------------------------------------------------------
# LaTeX.


def limits() -> dict[str, tuple[sp.Limit, sp.Expr]]:
    r"""The two limits of the curve as (unevaluated limit, its value).

    :math:`\lim_{y_T \to 1^-} (-\log y_T) = 0` and
    :math:`\lim_{y_T \to 0^+} (-\log y_T) = \infty`.
    """
    probability = sp.Symbol("y_{T}", positive=True)
    cost = sp.Mul(-1, sp.log(probability), evaluate=False)
    return {
        "to_one": (sp.Limit(cost, probability, 1, "-"), sp.Integer(0)),
        "to_zero": (sp.Limit(cost, probability, 0, "+"), sp.oo),
    }


def limits_latex() -> dict[str, str]:
    r"""LaTeX of :func:`limits`.

    The limit is printed in the lecture's notation, its value by sympy's own
    printer: the lecture's printer skips the objects' own ``_latex``, and so
    prints :math:`\infty` as a word.
    """
    return {name: f"{nt.latex(limit)} = {sp.latex(value)}"
            for name, (limit, value) in limits().items()}


def axis_latex() -> dict[str, str]:
    r"""Names of the curve's axes, :math:`y_T` and :math:`C`, and the readout's :math:`C =`."""
    cost = nt.latex(nt.C)
    return {"probability": nt.latex(nt.y[nt.T]), "cost": cost, "readout": f"{cost} ="}


def finite_difference_latex() -> dict[str, str]:
    r"""The central difference that chapter 4 checks the gradient with.

    ``definition``: :math:`\Delta_m = \frac{C(z + h e_m) - C(z - h e_m)}{2h}`;
    ``step``: :math:`h` as the power of ten it is
    (:data:`mathcore.example.FINITE_DIFFERENCE_STEP`).
    """
    h = sp.Symbol("h", positive=True)
    point = sp.Symbol("z")
    unit = sp.IndexedBase("e")[nt.m]
    cost = sp.Function("C")
    difference = sp.Add(cost(sp.Add(point, h * unit, evaluate=False)),
                        sp.Mul(-1, cost(sp.Add(point, -h * unit, evaluate=False)),
                               evaluate=False), evaluate=False)
    numerator, denominator = nt.latex(difference), nt.latex(2 * h)
    delta = nt.latex(sp.IndexedBase(sp.Symbol(r"\Delta"))[nt.m])
    exponent = math.log10(FINITE_DIFFERENCE_STEP)
    if abs(exponent - round(exponent)) > 1e-9:
        step = format_number(FINITE_DIFFERENCE_STEP)
    else:
        step = rf"10^{{{int(round(exponent))}}}"
    return {
        "definition": rf"{delta} = \frac{{{numerator}}}{{{denominator}}}",
        "step": rf"{nt.latex(h)} = {step}",
    }


def split_terms(tex: str, terms: Iterable[str], separators: Iterable[str] = ("=",)) -> list[str]:
    """Cut ``tex`` into pieces at each of ``terms`` and ``separators`` (longest first).

    Each term and separator becomes a piece of its own, so a transformation
    that matches pieces by their LaTeX can move a term from one formula to the
    next. The pieces, stripped of surrounding spaces, concatenate back to
    ``tex`` up to whitespace. Terms match whole LaTeX tokens only
    (:func:`mathcore.notation.split_formula`).
    """
    return list(nt.split_formula(tex, [*terms, *separators]))


def _term(expr: sp.Basic) -> str:
    return nt.latex(expr)


def rewrite_moves() -> tuple[dict[str, str], ...]:
    r"""Chapter 3's rewrite: which term of each step turns into which term of the next.

    For steps 0 to 3 of the forward derivation. Terms that appear unchanged in
    both steps match by themselves; these are the ones that change:
    :math:`y_T` becomes :math:`e^{z_T}` (over the sum), then :math:`e^{z_T}`
    becomes :math:`z_T` and the sum its log.
    """
    z, y = nt.z, nt.y
    total = sp.Sum(sp.exp(z[nt.k]), (nt.k, 1, nt.K))
    return (
        {_term(y[nt.T]): _term(sp.exp(z[nt.T]))},
        {_term(sp.exp(z[nt.T])): _term(z[nt.T]), _term(total): _term(sp.log(total))},
        {},
    )


def gradient_moves() -> dict[str, dict[str, str]]:
    r"""Chapter 4's moves between forward-derivation steps.

    ``cost``: :math:`C` becomes :math:`\partial C/\partial z_m` (step 3 to 4);
    ``softmax``: :math:`e^{z_m}` becomes :math:`y_m` (step 5 to 6);
    ``one_hot``: :math:`1_{m=T}` becomes :math:`t_m` (step 7 to 8).
    """
    z, y, t = nt.z, nt.y, nt.t
    return {
        "cost": {_term(nt.C): _term(sp.Derivative(nt.C, z[nt.m]))},
        "softmax": {_term(sp.exp(z[nt.m])): _term(y[nt.m])},
        "one_hot": {_term(sp.KroneckerDelta(nt.m, nt.T)): _term(t[nt.m])},
    }


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
