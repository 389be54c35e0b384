r"""Chapter 9's picture: the training run, its shown steps, axes and readouts.

Chapter 9 shows gradient descent on the logits,
:math:`z_m \leftarrow z_m - \eta\,(y_m - t_m)`, from the worked example's
:class:`~mathcore.numerics.DescentTrajectory`. :func:`training_display` picks
the steps to show and formats every number the chapter prints.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import notation as nt
from ..example import WorkedExample
from ..notation import format_number
from .axes import nice_step, range_with_zero, ticks
from .cost_curve import axis_latex, cost_curve

__all__ = [
    "MAX_SHOWN_STEPS",
    "cost_axis_top",
    "shown_steps",
    "step_ticks",
    "training_display",
]

MAX_SHOWN_STEPS = 40  # more steps than this and the animation shows a subset


def shown_steps(n_steps: int, limit: int = MAX_SHOWN_STEPS) -> list[int]:
    r"""The steps of a descent of ``n_steps`` updates that the animation shows.

    All of :math:`0, 1, \dots, n` when there are at most ``limit`` + 1 of them;
    otherwise ``limit`` + 1 steps spaced evenly in :math:`\sqrt{s}` (early
    steps, where the cost falls fastest, are kept densest), always with the
    first and the last.

    Parameters
    ----------
    n_steps : int
        :math:`n \ge 0`, the number of updates in the trajectory.
    limit : int
        Most intervals shown (``limit`` >= 1).

    Returns
    -------
    list of int
        Strictly increasing step indices from 0 to ``n_steps``.
    """
    if n_steps < 0:
        raise ValueError("n_steps must be >= 0")
    if limit < 1:
        raise ValueError("limit must be >= 1")
    if n_steps <= limit:
        return list(range(n_steps + 1))
    roots = np.linspace(0.0, math.sqrt(n_steps), limit + 1)
    steps = sorted({int(round(root * root)) for root in roots} | {0, n_steps})
    return steps


def step_ticks(n_steps: int, most: int = 6) -> list[int]:
    """Integer ticks ``0, d, 2d, ...`` for a step axis from 0 to ``n_steps``.

    ``d`` is the least round step (1, 2 or 5 times a power of ten, at least 1)
    that puts at most ``most`` ticks on the axis; the last tick is at most
    ``n_steps``. ``most`` is at least 3: with room for only 2 ticks, no round
    step may give the axis a second one (0 to 4: 2 gives three, 5 gives one).
    """
    if n_steps < 0:
        raise ValueError("n_steps must be >= 0")
    if most < 3:
        raise ValueError(f"a step axis needs room for at least 3 ticks, not {most}")
    if n_steps == 0:
        return [0]
    step = max(1.0, nice_step(0.0, float(n_steps), most))
    return [int(tick) for tick in ticks(0.0, float(n_steps), step)]


def cost_axis_top(costs: np.ndarray) -> float:
    r"""Top of a cost axis that starts at 0: the largest cost, or 1 if every cost is 0.

    The cost :math:`C = -\log y_T` is never negative, so ``[0, top]`` holds
    the whole curve.
    """
    values = np.asarray(costs, dtype=np.float64)
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError("costs must be a non-empty array of finite numbers")
    return range_with_zero(values)[1]


def training_display(example: WorkedExample) -> dict[str, Any]:
    r"""Everything chapter 9 prints about the descent, as mathcore computed it.

    Parameters
    ----------
    example : WorkedExample
        Its :attr:`~WorkedExample.trajectory` is the descent
        :math:`z \leftarrow z - \eta (y - t)`.

    Returns
    -------
    dict
        ``steps`` (the shown step indices), ``n_steps``, ``costs`` and
        ``target_probabilities`` (formatted, one per shown step), ``cost_values``
        (floats, one per shown step), ``probabilities`` (arrays, one per shown
        step), ``cost_top`` and ``cost_top_label`` (the cost axis),
        ``step_ticks``, and the LaTeX of the symbols on the readouts
        (``cost_symbol``, ``target_probability_symbol``); the logits of each
        shown step (``logits``, arrays) on one axis for all of them
        (``logit_range``, holding 0); and chapter 3's curve :math:`C = -\log y_T`
        for the example (``neg_log_curve``, a
        :class:`~mathcore.views.cost_curve.CostCurve`, its ``neg_log_axes`` and
        ``neg_log_labels``) with the place of its dot at each shown step
        (``curve_coordinates``).
    """
    trajectory = example.trajectory
    n_steps = len(trajectory.costs) - 1
    steps = shown_steps(n_steps)
    target = example.target
    top = cost_axis_top(trajectory.costs)
    curve = cost_curve(float(trajectory.costs[0]))
    logits = [trajectory.logits[step] for step in steps]
    return {
        "logits": logits,
        "logit_range": range_with_zero(np.concatenate(logits)),
        "neg_log_curve": curve,
        "neg_log_axes": curve.to_dict(),
        "neg_log_labels": axis_latex(),
        "curve_coordinates": [curve.coordinate_of(float(trajectory.costs[step]))
                              for step in steps],
        "steps": steps,
        "n_steps": n_steps,
        "cost_values": [float(trajectory.costs[step]) for step in steps],
        "costs": [format_number(trajectory.costs[step]) for step in steps],
        "probabilities": [trajectory.probabilities[step] for step in steps],
        "target_probabilities": [
            format_number(trajectory.probabilities[step, target]) for step in steps
        ],
        "cost_top": top,
        "cost_top_label": format_number(top),
        "step_ticks": step_ticks(n_steps),
        "cost_symbol": nt.latex(nt.C),
        "target_probability_symbol": nt.latex(nt.y[nt.T]),
    }
