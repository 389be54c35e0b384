r"""Axes of the lecture's plots: round tick steps, the ticks, their labels, ranges.

Every picture in :mod:`mathcore.views` takes its axis ranges and ticks from
here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "Curve",
    "sampled_curve",
    "nice_step",
    "padded_range",
    "tick_label",
    "ticks_within",
]

NICE_MANTISSAS = (1.0, 2.0, 5.0)


def nice_step(span: float, ticks: float = 3.0) -> float:
    r"""The tick spacing of an axis covering ``span``: :math:`\{1, 2, 5\} \times 10^n`.

    The one closest (in ratio) to ``span / ticks``.
    """
    if not span > 0 or not math.isfinite(span):
        raise ValueError(f"an axis needs a positive finite span, got {span!r}")
    raw = span / ticks
    exponent = math.floor(math.log10(raw))
    candidates = [mantissa * 10.0**power for power in (exponent - 1, exponent, exponent + 1)
                  for mantissa in NICE_MANTISSAS]
    return min(candidates, key=lambda step: abs(math.log(step / raw)))


def ticks_within(low: float, high: float, step: float) -> tuple[float, ...]:
    """Multiples of ``step`` in ``[low, high]`` (rounded so 0.1 * 3 prints as 0.3)."""
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return tuple(float(round(index * step, decimals)) + 0.0 for index in range(first, last + 1))


def tick_label(value: float) -> str:
    """A tick as it is printed: ``-40``, ``0``, ``0.5`` (no trailing zeros)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


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


def sampled_curve(xs: np.ndarray, ys: np.ndarray, x_range: tuple[float, float],
           y_range: tuple[float, float]) -> Curve:
    """The samples ``xs``, ``ys`` on axes covering ``x_range`` and ``y_range``, with round ticks."""
    x_step = nice_step(x_range[1] - x_range[0])
    y_step = nice_step(y_range[1] - y_range[0])
    return Curve(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float),
                 (float(x_range[0]), float(x_range[1])), (float(y_range[0]), float(y_range[1])),
                 ticks_within(*x_range, x_step), ticks_within(*y_range, y_step))


def padded_range(values: np.ndarray, minimum_span: float = 1.0) -> tuple[float, float]:
    """A range rounded out to the nice step, holding all ``values``."""
    low, high = float(np.min(values)), float(np.max(values))
    if high - low < minimum_span:
        middle = (high + low) / 2
        low, high = middle - minimum_span / 2, middle + minimum_span / 2
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step
