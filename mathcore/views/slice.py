r"""Chapter 5's picture: the integrand :math:`y_m - t_m` and the cost's rise along :math:`z_m`.

:func:`slice_curves` samples both curves across a window around :math:`[a, b]`
(:data:`SLICE_PAD` beyond each end), with plot ranges that hold 0, and the
area and the rise that the chapter prints; :func:`slice_data` lists every
number and string the chapter shows. The mathematics (the integrand, the
stable rise, the area by quadrature, the chapter's formulas) is in
:mod:`mathcore.slices`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..notation import format_number
from ..slices import reverse_latex, slice_area, slice_formulas, slice_gradient, slice_rise
from .axes import range_with_zero

__all__ = [
    "PLOT_HEADROOM",
    "SLICE_PAD",
    "SLICE_SAMPLES",
    "SliceCurves",
    "reverse_data",
    "slice_curves",
    "slice_data",
]

Array = NDArray[np.float64]

SLICE_PAD = 1.0  # the plotted window reaches this far beyond a and b (units of z_m)
SLICE_SAMPLES = 161  # samples of each curve across the window
PLOT_HEADROOM = 0.08  # a plotted range reaches this fraction beyond the data


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
        Plot ranges of the two curves: holding 0, :data:`PLOT_HEADROOM` beyond the data
        (:func:`mathcore.views.axes.range_with_zero`).
    area : float
        :math:`\int_a^b (y_m - t_m)\, dz_m` by quadrature.
    total_rise : float
        :math:`C(b) - C(a)` from the cost (stable form).
    latex : dict of str
        Labels: ``variable`` (:math:`z_m`), ``integrand``, ``rise_axis``,
        ``start``/``end`` (:math:`a`, :math:`b`), ``rise`` (the equation
        :math:`C(b) - C(a) = \ldots` with :attr:`total_rise`).
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
    latex: dict[str, str] = field(repr=False)

    @property
    def peak(self) -> float:
        r"""The sampled :math:`y_m - t_m` of largest magnitude (sign kept)."""
        return float(self.gradient[int(np.argmax(np.abs(self.gradient)))])

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


def slice_curves(example: Any, samples: int = SLICE_SAMPLES, pad: float = SLICE_PAD
                 ) -> SliceCurves:
    """Sample the slice of ``example`` (a :class:`mathcore.example.WorkedExample`).

    Parameters
    ----------
    example : WorkedExample
        Gives the logits, the target and ``example.slice`` (:math:`m`, :math:`a`, :math:`b`).
    samples : int
        Points across the window (at least 3).
    pad : float
        How far the window reaches beyond :math:`a` and :math:`b`.
    """
    if samples < 3:
        raise ValueError("a slice needs at least 3 samples")
    logits = np.array(example.logits, dtype=np.float64)
    target, index = int(example.target), int(example.slice.index)
    start, end = float(example.slice.start), float(example.slice.end)
    window = (start - pad, end + pad)
    grid = np.union1d(np.linspace(window[0], window[1], samples), [start, end])
    gradient = slice_gradient(logits, target, index, grid)
    rise = slice_rise(logits, target, index, start, grid)
    area = slice_area(logits, target, index, start, end)
    total_rise = float(slice_rise(logits, target, index, start, [end])[0])
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
        gradient_range=range_with_zero(gradient, PLOT_HEADROOM),
        rise_range=range_with_zero(rise, PLOT_HEADROOM),
        area=area,
        total_rise=total_rise,
        latex=_slice_latex(total_rise),
    )


def slice_data(example: Any) -> dict[str, Any]:
    """The numbers and strings chapter 5 shows beyond the example's own.

    ``peak`` is the integrand's value of largest size in the window (the
    upper plot's one labelled tick); the others are the area and the rise.
    """
    curves = slice_curves(example)
    return {
        "latex": dict(curves.latex),
        "area": curves.area,
        "total_rise": curves.total_rise,
        "peak": format_number(curves.peak),
    }


def _slice_latex(rise: float) -> dict[str, str]:
    """The symbols and labels of the slice plots, and the rise with its value."""
    latex = slice_formulas()
    latex["rise"] = f"{latex['rise']} = {format_number(rise)}"
    return latex


def reverse_data(example: Any) -> dict[str, Any]:
    """Everything chapter 5 shows beyond the example's own: its formulas and the slice."""
    return {"slice": slice_data(example), "formulas": reverse_latex()}
