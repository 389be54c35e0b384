r"""The axes of every plot in the lecture: round steps, ticks, tick labels, ranges.

A tick step is *round*: 1, 2 or 5 times a power of ten. :func:`nice_step`
picks one for an axis from ``low`` to ``high`` that should carry at most (or
about) ``ticks`` ticks; how it fits the axis is the plot's choice (``fit``):

* ``"inside"``: the least round step with at most ``ticks`` of its multiples
  inside :math:`[\ell, h]`. The axis keeps its range (chapter 6's plane,
  chapter 9's step axis).
* ``"cover"``: the least round step with at most ``ticks`` multiples from the
  last one at or below :math:`\ell` to the first one at or above :math:`h`, so
  the axis rounded out to the step has at most ``ticks - 1`` intervals
  (chapters 3 and 4's cost curve).
* ``"nearest"``: the round step nearest, in ratio, to
  :math:`(h - \ell) / (\text{ticks} - 1)` (chapters 7 and 8's small plots).

:func:`ticks` lists the step's multiples inside a range, :func:`tick_label`
writes one, :func:`range_with_zero` is the range of some values widened to
hold 0, :func:`padded_range` one rounded out to the step. :class:`Curve` is a
sampled function with such axes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "FITS",
    "NICE_MANTISSAS",
    "Curve",
    "nice_step",
    "padded_range",
    "range_with_zero",
    "sampled_curve",
    "tick_label",
    "ticks",
]

NICE_MANTISSAS = (1.0, 2.0, 5.0)
FITS = ("inside", "cover", "nearest")
SLACK = 1e-9  # a multiple this close (in steps) to an end of the range counts as on it
SMALL_PLOT_TICKS = 4  # about this many ticks on each axis of a small plot ("nearest")


def _round_steps(raw: float) -> Iterator[float]:
    """Round steps in increasing order, from the decade below ``raw`` on."""
    power = math.floor(math.log10(raw)) - 1
    while True:
        for mantissa in NICE_MANTISSAS:
            yield mantissa * 10.0**power
        power += 1


def _multiples(low: float, high: float, step: float, cover: bool) -> tuple[int, int]:
    """First and last index ``i`` of the multiples ``i * step`` inside (or covering) the range."""
    if cover:
        return math.floor(low / step + SLACK), math.ceil(high / step - SLACK)
    return math.ceil(low / step - SLACK), math.floor(high / step + SLACK)


def nice_step(low: float, high: float, ticks: int, fit: str = "inside") -> float:
    r"""A round step for an axis from ``low`` to ``high`` with at most (about) ``ticks`` ticks.

    Parameters
    ----------
    low, high : float
        The axis' range, :math:`\ell < h`, both finite.
    ticks : int
        The most ticks (``"inside"``, ``"cover"``), or about how many
        (``"nearest"``); at least 2 (3 to ``"cover"`` a range around 0).
    fit : {"inside", "cover", "nearest"}
        How the step fits the axis (see the module's docstring).

    Returns
    -------
    float
        :math:`m \cdot 10^p` with :math:`m \in \{1, 2, 5\}`.
    """
    if not (math.isfinite(low) and math.isfinite(high) and high > low):
        raise ValueError(f"an axis needs finite low < high, got {low!r}, {high!r}")
    if fit not in FITS:
        raise ValueError(f"fit must be one of {FITS}, not {fit!r}")
    if ticks < 2:
        raise ValueError(f"an axis needs at least 2 ticks, got {ticks!r}")
    raw = (high - low) / (ticks - 1)
    steps = _round_steps(raw)
    if fit == "nearest":
        candidates = [next(steps) for _ in range(3 * len(NICE_MANTISSAS))]
        return min(candidates, key=lambda step: abs(math.log(step / raw)))
    for step in steps:
        first, last = _multiples(low, high, step, cover=fit == "cover")
        if last - first + 1 <= ticks:
            return step
        if step > max(abs(low), abs(high)):
            # Longer steps change nothing: inside, at most one tick (0) is left;
            # rounded out, 0 and one more (two more for a range around 0).
            break
    raise ValueError(f"no round step puts at most {ticks} ticks on [{low}, {high}] ({fit})")


def ticks(low: float, high: float, step: float) -> tuple[float, ...]:
    """The multiples of ``step`` in ``[low, high]``, each ``index * step`` rounded to the step.

    Rounded to the step's decimals, so that ``3 * 0.1`` is ``0.3``; 0, when in
    the range, is exactly ``0.0``.
    """
    first, last = _multiples(low, high, step, cover=False)
    decimals = max(0, -math.floor(math.log10(step) + SLACK))
    return tuple(float(round(index * step, decimals)) + 0.0 for index in range(first, last + 1))


def tick_label(value: float) -> str:
    """A tick as it is printed, as short as it can be: ``-20``, ``0``, ``0.5``, ``2.5e-05``."""
    rounded = round(value)
    if abs(value - rounded) < SLACK * max(1.0, abs(value)):
        return str(int(rounded))
    return f"{value:.6g}"


def range_with_zero(values: ArrayLike, headroom: float = 0.0,
                    empty: tuple[float, float] = (0.0, 1.0)) -> tuple[float, float]:
    r"""The range of ``values`` widened to hold 0: :math:`(\min(0, v), \max(0, v))`.

    Parameters
    ----------
    values : array_like
        At least one number.
    headroom : float
        Room added beyond the data, as a fraction of the span, on each side
        where data lies (never below 0 when no value is negative).
    empty : (float, float)
        The range when every value is 0.
    """
    data = np.asarray(values, dtype=np.float64)
    low = min(0.0, float(np.min(data)))
    high = max(0.0, float(np.max(data)))
    span = high - low
    if span <= 0.0:
        return empty
    if low < 0.0:
        low -= headroom * span
    if high > 0.0:
        high += headroom * span
    return low, high


def padded_range(values: ArrayLike, minimum_span: float = 1.0,
                 tick_count: int = SMALL_PLOT_TICKS) -> tuple[float, float]:
    """A range holding all ``values``, at least ``minimum_span`` wide, rounded out to its step.

    The step is the ``"nearest"`` round step for ``tick_count`` ticks.
    """
    low, high = float(np.min(values)), float(np.max(values))
    if high - low < minimum_span:
        middle = (high + low) / 2
        low, high = middle - minimum_span / 2, middle + minimum_span / 2
    step = nice_step(low, high, tick_count, fit="nearest")
    return math.floor(low / step) * step, math.ceil(high / step) * step


@dataclass(frozen=True)
class Curve:
    r"""A function sampled for a small plot, with the axes it fits in.

    Attributes
    ----------
    x, y : ndarray, shape (N,)
        The samples, all inside the ranges.
    x_range, y_range : (float, float)
        What the axes cover.
    x_ticks, y_ticks : tuple of float
        Where the axes carry a labelled tick.
    """

    x: np.ndarray
    y: np.ndarray
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_ticks: tuple[float, ...]
    y_ticks: tuple[float, ...]

    @property
    def x_tick_labels(self) -> tuple[str, ...]:
        """The x ticks as printed."""
        return tuple(tick_label(value) for value in self.x_ticks)

    @property
    def y_tick_labels(self) -> tuple[str, ...]:
        """The y ticks as printed."""
        return tuple(tick_label(value) for value in self.y_ticks)


def sampled_curve(xs: ArrayLike, ys: ArrayLike, x_range: tuple[float, float],
                  y_range: tuple[float, float], tick_count: int = SMALL_PLOT_TICKS) -> Curve:
    """The samples ``xs``, ``ys`` on axes covering ``x_range`` and ``y_range``, with round ticks."""
    x_low, x_high = float(x_range[0]), float(x_range[1])
    y_low, y_high = float(y_range[0]), float(y_range[1])
    x_step = nice_step(x_low, x_high, tick_count, fit="nearest")
    y_step = nice_step(y_low, y_high, tick_count, fit="nearest")
    return Curve(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float),
                 (x_low, x_high), (y_low, y_high),
                 ticks(x_low, x_high, x_step), ticks(y_low, y_high, y_step))
