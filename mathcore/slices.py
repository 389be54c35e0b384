r"""Chapter 5's slice: the integrand :math:`y_m - t_m` and the cost along :math:`z_m`.

The slice keeps every logit of the worked example fixed except :math:`z_m`
(:math:`m` is ``example.slice.index``) and lets :math:`z_m = s` run over a
window around :math:`[a, b]`. Along it

.. math::

    \frac{d}{ds} C(s) = y_m(s) - t_m,
    \qquad
    C(b) - C(a) = \int_a^b \bigl(y_m(s) - t_m\bigr)\, ds ,

and this module computes both sides independently: the area by quadrature
(:func:`mathcore.numerics.line_integral`), the rise from the cost itself, in a
form that stays exact when :math:`y_m` is as small as :math:`10^{-18}`:

.. math::

    C(s) - C(a) = \log\bigl(1 + y_m(a)\,(e^{s - a} - 1)\bigr) - t_m (s - a),

since :math:`\sum_k e^{z_k}` grows by :math:`e^{s} - e^{a}` and
:math:`e^{a} / \sum_k e^{z_k}\big|_{z_m = a} = y_m(a)`. (Subtracting two costs
near 27 would lose a rise of :math:`10^{-17}` entirely.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike, NDArray

from . import notation as nt
from .derivations import reverse_derivation
from .example import formula_terms
from .notation import format_number
from .numerics import line_integral, nll_gradient, softmax, target_distribution

__all__ = [
    "SLICE_PAD",
    "SLICE_SAMPLES",
    "SliceCurves",
    "plot_range",
    "reverse_data",
    "reverse_latex",
    "reverse_terms",
    "slice_area",
    "slice_curves",
    "slice_data",
    "slice_gradient",
    "slice_points",
    "slice_rise",
]

Array = NDArray[np.float64]

SLICE_PAD = 1.0  # the plotted window reaches this far beyond a and b (units of z_m)
SLICE_SAMPLES = 161  # samples of each curve across the window
PLOT_HEADROOM = 0.08  # a plotted range reaches this fraction beyond the data


def slice_points(logits: ArrayLike, index: int, values: ArrayLike) -> Array:
    r"""The logits along the slice: :math:`z` with :math:`z_m` replaced by each value.

    Parameters
    ----------
    logits : array_like, shape (K,)
        The fixed logits :math:`z`.
    index : int
        :math:`m` (0-based), the logit that varies.
    values : array_like, shape (N,)
        Values :math:`s` given to :math:`z_m`.

    Returns
    -------
    ndarray, shape (N, K)
    """
    z = np.asarray(logits, dtype=np.float64)
    s = np.atleast_1d(np.asarray(values, dtype=np.float64))
    points = np.repeat(z[None, :], s.shape[0], axis=0)
    points[:, index] = s
    return points


def slice_gradient(logits: ArrayLike, target: int, index: int, values: ArrayLike) -> Array:
    r"""The integrand :math:`y_m(s) - t_m` at :math:`z_m = s`, for each value.

    Returns
    -------
    ndarray, shape (N,)
    """
    return nll_gradient(slice_points(logits, index, values), target)[:, index]


def slice_rise(
    logits: ArrayLike, target: int, index: int, start: float, values: ArrayLike
) -> Array:
    r"""The cost's rise along the slice, :math:`C(s) - C(a)` with :math:`a` = ``start``.

    With :math:`d = s - a`, evaluated as
    :math:`\operatorname{log1p}\bigl(y_m(a)\,\operatorname{expm1}(d)\bigr)` when
    :math:`m \ne T`, and as
    :math:`\operatorname{log1p}\bigl((1 - y_T(a))\,\operatorname{expm1}(-d)\bigr)`
    when :math:`m = T` (the same quantity, :math:`\log(1 + y_T(e^d - 1)) - d`,
    with the cancellation done by hand and :math:`1 - y_T` summed from the other
    probabilities). Both keep full relative precision however small the rise.

    Parameters
    ----------
    logits : array_like, shape (K,)
    target : int
        :math:`T` (0-based).
    index : int
        :math:`m` (0-based).
    start : float
        :math:`a`, where the rise is 0.
    values : array_like, shape (N,)

    Returns
    -------
    ndarray, shape (N,)
    """
    z = np.asarray(logits, dtype=np.float64)
    s = np.atleast_1d(np.asarray(values, dtype=np.float64))
    target_distribution(target, z.shape[-1])  # range check
    probabilities = softmax(slice_points(z, index, [start])[0])
    offset = s - float(start)
    if index != int(target):
        return np.log1p(probabilities[index] * np.expm1(offset))
    others = float(np.sum(np.delete(probabilities, index)))
    return np.log1p(others * np.expm1(-offset))


def slice_area(
    logits: ArrayLike, target: int, index: int, start: float, end: float
) -> float:
    r"""The area :math:`\int_a^b (y_m - t_m)\, dz_m` by Gauss–Legendre quadrature.

    This is :func:`mathcore.numerics.line_integral` of the field
    :math:`y - t` along the straight segment from :math:`z|_{z_m = a}` to
    :math:`z|_{z_m = b}`: only the :math:`m`-th component of the field meets the
    segment's direction.
    """
    ends = slice_points(logits, index, [start, end])

    def field_of(points: Array) -> Array:
        return nll_gradient(points, target)

    return line_integral(field_of, ends)


def plot_range(values: ArrayLike, headroom: float = PLOT_HEADROOM) -> tuple[float, float]:
    r"""A range for plotting ``values`` that includes 0, with a little room above and below.

    Returns :math:`(\ell, h)` with :math:`\ell \le \min(0, v)`,
    :math:`h \ge \max(0, v)` and :math:`h > \ell` even when every value is 0
    (then :math:`(0, 1)`); the room is ``headroom`` times the data's span, added
    only on a side where data lies.
    """
    data = np.asarray(values, dtype=np.float64)
    low = min(0.0, float(np.min(data)))
    high = max(0.0, float(np.max(data)))
    span = high - low
    if span <= 0.0:
        return 0.0, 1.0
    if low < 0.0:
        low -= headroom * span
    if high > 0.0:
        high += headroom * span
    return low, high


def _minus(left: sp.Expr, right: sp.Expr) -> sp.Expr:
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


def _slice_latex(rise: float) -> dict[str, str]:
    """The symbols and labels of the slice plots, printed from sympy."""
    a, b = sp.symbols("a b", real=True)
    cost = sp.Function("C")
    z_m = nt.z[nt.m]
    return {
        "variable": nt.latex(z_m),
        "integrand": nt.latex(_minus(nt.y[nt.m], nt.t[nt.m])),
        "rise_axis": nt.latex(_minus(cost(z_m), cost(a))),
        "start": nt.latex(a),
        "end": nt.latex(b),
        "rise": f"{nt.latex(_minus(cost(b), cost(a)))} = {format_number(rise)}",
    }


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
        Plot ranges (:func:`plot_range`) of the two curves.
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
        gradient_range=plot_range(gradient),
        rise_range=plot_range(rise),
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


def reverse_data(example: Any) -> dict[str, Any]:
    """Everything chapter 5 shows beyond the example's own: its formulas and the slice."""
    return {"slice": slice_data(example), "formulas": reverse_latex()}


def reverse_terms() -> list[str]:
    r"""Terms that carry over between chapter 5's formulas (for matching morphs).

    The lecture's :func:`mathcore.example.formula_terms`, then the pieces of the
    integration: :math:`\int`, :math:`dz_m`, :math:`\log u`, the constants
    :math:`+ f`, :math:`+ g`, :math:`+ c`, and the indices :math:`n` of step 6.
    """
    m, n = nt.m, nt.n
    extra = [
        sp.log(nt.u), nt.y[n], nt.t[n], sp.Mul(-1, sp.log(nt.y[nt.T]), evaluate=False),
    ]
    printed = [nt.latex(term) for term in extra]
    integral = nt.latex(sp.Integral(nt.y[m], nt.z[m]))  # "\int y_{m}\, dz_{m}"
    differential = integral[integral.index(r"\,"):]
    constants = [f"+ {nt.latex(symbol)}" for symbol in (nt.f, nt.g, nt.c)]
    return formula_terms() + printed + [r"\int", differential] + constants


def reverse_latex() -> dict[str, str]:
    r"""Chapter 5's formulas that join or finish :func:`reverse_derivation`'s steps.

    Keys: ``requirement`` (:math:`\partial C/\partial z_m = y_m - t_m`),
    ``substitution`` (:math:`u = \sum_k e^{z_k}`), ``integral_back`` (step 4
    with :math:`u` put back), ``constant`` (:math:`f - g = c`), ``cost_steps``
    (steps 7 and 8 on one line), ``result``
    (:math:`C = \log\sum_k e^{z_k} - z_T = -\log y_T`, choosing :math:`c = 0`).
    And terms of those formulas that the chapter moves by name (each one of
    :func:`reverse_terms`): ``sum_exp``, ``log_sum_exp``, ``log_u``,
    ``indicator`` (:math:`1_{m=T}`), ``target_logit`` (:math:`z_T`), and the
    constants ``plus_f``, ``plus_g``.
    """
    steps = reverse_derivation().steps
    log_sum = nt.log_sum_exp()
    total = log_sum.args[0]
    cost = _minus(log_sum, nt.z[nt.T])
    return {
        "requirement": (f"{nt.latex(sp.Derivative(nt.C, nt.z[nt.m]))} = "
                        f"{nt.latex(_minus(nt.y[nt.m], nt.t[nt.m]))}"),
        "substitution": f"{nt.latex(nt.u)} = {nt.latex(total)}",
        "integral_back": (f"{steps[3].lhs_latex} = "
                          f"{nt.latex(sp.Add(log_sum, nt.f, evaluate=False))}"),
        "constant": f"{nt.latex(_minus(nt.f, nt.g))} = {nt.latex(nt.c)}",
        "cost_steps": f"{steps[6].latex} {steps[7].latex}",
        "result": (f"{nt.latex(nt.C)} = {nt.latex(cost)} = "
                   f"{nt.latex(sp.Mul(-1, sp.log(nt.y[nt.T]), evaluate=False))}"),
        "sum_exp": nt.latex(total),
        "log_sum_exp": nt.latex(log_sum),
        "log_u": nt.latex(sp.log(nt.u)),
        "indicator": nt.latex(sp.KroneckerDelta(nt.m, nt.T)),
        "target_logit": nt.latex(nt.z[nt.T]),
        "plus_f": f"+ {nt.latex(nt.f)}",
        "plus_g": f"+ {nt.latex(nt.g)}",
    }
