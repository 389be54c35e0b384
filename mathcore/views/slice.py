r"""Chapter 5's picture: the integrand :math:`y_m - t_m` and the cost's rise along :math:`z_m`.

The example has two slices (:func:`mathcore.example.slice_classes`): along the
likeliest class that is not the target, where the integrand :math:`y_m` is
positive and the cost rises, and along the target, where it is :math:`y_T - 1`
and the cost falls. :func:`slice_curves` samples either across a window
around its :math:`[a, b]` (:data:`SLICE_PAD` beyond each end). Both slices
share one pair of plot ranges: the integrand's is :math:`[-1, 1]` (every
:math:`y_m - t_m` lies in it), so an area is drawn at its true size and the
chapter can morph one slice into the other; the rise's holds both rises.
:func:`slice_data` lists every number and string the chapter shows. The
mathematics (the integrand, the stable rise, the area by quadrature, the
chapter's formulas) is in :mod:`mathcore.slices`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..notation import format_number, number_text
from ..slices import (
    constant_stages,
    reverse_latex,
    slice_area,
    slice_formulas,
    slice_gradient,
    slice_rise,
)
from .axes import range_with_zero, tick_label

__all__ = [
    "PLOT_HEADROOM",
    "SLICE_PAD",
    "SLICE_SAMPLES",
    "SLICES",
    "SliceCurves",
    "readout",
    "reverse_data",
    "slice_curves",
    "slice_data",
]

Array = NDArray[np.float64]

SLICE_PAD = 1.0  # the plotted window reaches this far beyond a and b (units of z_m)
SLICE_SAMPLES = 161  # samples of each curve across the window
PLOT_HEADROOM = 0.08  # a plotted range reaches this fraction beyond the data
SLICES = ("other", "target")  # the example's slices, in the order chapter 5 shows them
INTEGRAND_BOUNDS = (-1.0, 1.0)  # every y_m - t_m lies between these


@dataclass(frozen=True)
class SliceCurves:
    r"""Everything chapter 5 plots along the slice.

    Attributes
    ----------
    logits : ndarray, shape (K,)
        The example's logits (all but :math:`z_m` stay at these values).
    target, index : int
        :math:`T` and :math:`m` (0-based).
    start, end : float
        :math:`a` and :math:`b`.
    window : (float, float)
        The plotted range of :math:`z_m`: :math:`[a - p, b + p]`, :math:`p` =
        :data:`SLICE_PAD`.
    grid : ndarray, shape (N,)
        Sample points :math:`s` across the window (``a`` and ``b`` among them).
    gradient : ndarray, shape (N,)
        :math:`y_m(s) - t_m`.
    rise : ndarray, shape (N,)
        :math:`C(s) - C(a)`.
    gradient_range, rise_range : (float, float)
        Plot ranges of the two curves, the same for both of the example's slices:
        :data:`INTEGRAND_BOUNDS`, and the range of both rises (each across its own
        window), each holding 0 and :data:`PLOT_HEADROOM` beyond
        (:func:`mathcore.views.axes.range_with_zero`).
    area : float
        :math:`\int_a^b (y_m - t_m)\, dz_m` by quadrature.
    total_rise : float
        :math:`C(b) - C(a)` from the cost (stable form).
    latex : dict of str
        Labels (:func:`mathcore.slices.slice_formulas`): ``variable``
        (:math:`z_m`, or :math:`z_T` along the target), ``integrand``,
        ``rise_axis``, ``start``/``end`` (:math:`a`, :math:`b`), ``area`` and
        ``rise`` (the left-hand sides the readouts follow), ``area_value`` and
        ``rise_value`` (the equations with the numbers: the area with its bounds
        as whole numbers, :math:`C(b) - C(a) = \ldots` with :attr:`total_rise`),
        and ``ticks``: the integrand axis' labels at -1 and 1.
    along_target : bool
        Whether this is the slice along the target's logit.
    """

    logits: Array = field(repr=False)
    target: int
    index: int
    start: float
    end: float
    window: tuple[float, float]
    grid: Array = field(repr=False)
    gradient: Array = field(repr=False)
    rise: Array = field(repr=False)
    gradient_range: tuple[float, float]
    rise_range: tuple[float, float]
    area: float
    total_rise: float
    latex: dict[str, Any] = field(repr=False)
    along_target: bool = False

    def gradient_at(self, value: float) -> float:
        r""":math:`y_m - t_m` at :math:`z_m` = ``value``."""
        return float(slice_gradient(self.logits, self.target, self.index, [value])[0])

    def rise_at(self, value: float) -> float:
        r""":math:`C(z_m{=}\text{value}) - C(a)`."""
        return float(slice_rise(self.logits, self.target, self.index, self.start, [value])[0])

    def area_to(self, value: float) -> float:
        r""":math:`\int_a^{\text{value}} (y_m - t_m)\, dz_m` by quadrature."""
        return slice_area(self.logits, self.target, self.index, self.start, value)

    def samples_between(self, low: float, high: float) -> tuple[Array, Array]:
        r"""The curve :math:`y_m - t_m` from ``low`` to ``high``: grid points inside, and the ends.

        Returns
        -------
        values, gradient : ndarray
            :math:`s` (increasing) and :math:`y_m(s) - t_m`, for drawing the area.
        """
        inside = self.grid[(self.grid > low) & (self.grid < high)]
        values = np.concatenate([[low], inside, [high]]) if high > low else np.array([low])
        return values, slice_gradient(self.logits, self.target, self.index, values)


def _chosen(example: Any, which: str) -> Any:
    """The example's slice called ``which`` (one of :data:`SLICES`)."""
    if which not in SLICES:
        raise ValueError(f"a slice is one of {SLICES}, not {which!r}")
    return example.slice if which == "other" else example.target_slice


def _window_grid(start: float, end: float, samples: int, pad: float
                 ) -> tuple[tuple[float, float], np.ndarray]:
    window = (start - pad, end + pad)
    return window, np.union1d(np.linspace(window[0], window[1], samples), [start, end])


def slice_curves(example: Any, which: str = "other", samples: int = SLICE_SAMPLES,
                 pad: float = SLICE_PAD) -> SliceCurves:
    """Sample one slice of ``example`` (a :class:`mathcore.example.WorkedExample`).

    Parameters
    ----------
    example : WorkedExample
        Gives the logits, the target and its slices (:math:`m`, :math:`a`, :math:`b`).
    which : {"other", "target"}
        ``example.slice`` (the likeliest class that is not the target) or
        ``example.target_slice``.
    samples : int
        Points across the window (at least 3).
    pad : float
        How far the window reaches beyond :math:`a` and :math:`b`.
    """
    if samples < 3:
        raise ValueError("a slice needs at least 3 samples")
    logits = np.array(example.logits, dtype=np.float64)
    target = int(example.target)
    rises = []
    for name in SLICES:  # both, for the shared range of the rise
        other = _chosen(example, name)
        _, other_grid = _window_grid(float(other.start), float(other.end), samples, pad)
        rises.append(slice_rise(logits, target, int(other.index), float(other.start),
                                other_grid))
    chosen = _chosen(example, which)
    index, start, end = int(chosen.index), float(chosen.start), float(chosen.end)
    window, grid = _window_grid(start, end, samples, pad)
    gradient = slice_gradient(logits, target, index, grid)
    rise = rises[SLICES.index(which)]
    area = slice_area(logits, target, index, start, end)
    total_rise = float(slice_rise(logits, target, index, start, [end])[0])
    along_target = index == target
    return SliceCurves(
        logits=logits,
        target=target,
        index=index,
        start=start,
        end=end,
        window=window,
        grid=grid,
        gradient=gradient,
        rise=rise,
        gradient_range=range_with_zero(INTEGRAND_BOUNDS, PLOT_HEADROOM),
        rise_range=range_with_zero(np.concatenate(rises), PLOT_HEADROOM),
        area=area,
        total_rise=total_rise,
        latex=_slice_latex(example, which, along_target),
        along_target=along_target,
    )


def readout(value: float) -> str:
    """A running value as plain text: 0 as ``0``, others as the lecture prints them.

    Scientific values read ``2.1 × 10⁻¹²`` (:func:`mathcore.notation.number_text`),
    never as ``0.000``.
    """
    return "0" if value == 0 else number_text(format_number(value))


def slice_data(example: Any) -> dict[str, Any]:
    """The numbers and strings chapter 5 shows beyond the example's own, for both slices.

    Per slice (``other``, ``target``): its labels and equations, the area and
    the rise; and ``classes``, the logits' indices 1 to :math:`K` that
    :func:`mathcore.slices.constant_stages` writes.
    """
    data: dict[str, Any] = {}
    for which in SLICES:
        curves = slice_curves(example, which)
        data[which] = {
            "latex": dict(curves.latex),
            "area": curves.area,
            "total_rise": curves.total_rise,
            "readouts": [readout(curves.area), readout(curves.total_rise)],
        }
    data["stages"] = [list(stage) for stage in constant_stages(example.n_classes)]
    return data


def _slice_latex(example: Any, which: str, along_target: bool) -> dict[str, Any]:
    """The symbols and labels of the slice plots, and its equations with their values."""
    chosen = _chosen(example, which)
    prefix = "" if which == "other" else "target_"
    latex: dict[str, Any] = dict(slice_formulas(along_target))
    latex["area_value"] = example.latex[f"{prefix}slice_area"]
    latex["rise_value"] = f"{latex['rise']} = {example.tex(chosen.rise)}"
    latex["ticks"] = [tick_label(bound) for bound in INTEGRAND_BOUNDS]
    return latex


def reverse_data(example: Any) -> dict[str, Any]:
    """Everything chapter 5 shows beyond the example's own: its formulas and the slices."""
    return {"slice": slice_data(example), "formulas": reverse_latex()}
