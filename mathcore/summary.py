r"""The lecture's closing material: the training run of chapter 9 and the summary of chapter 10.

Chapter 9 shows gradient descent on the logits,
:math:`z_m \leftarrow z_m - \eta\,(y_m - t_m)`, from the worked example's
:class:`~mathcore.numerics.DescentTrajectory`. :func:`training_display` picks
the steps to show and formats every number the chapter prints.

Chapter 10 shows the chain of identities of the whole lecture, one line per
chapter. :func:`summary_chain` assembles each line's LaTeX from the proven
derivation steps of :mod:`mathcore.derivations` (or, for a definition, from
:func:`mathcore.example.formulas`) and names the steps it restates, so a test
can prove them again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from . import notation as nt
from .derivations import (
    Derivation,
    canonical_link_derivation,
    forward_derivation,
    potential_derivation,
    reverse_derivation,
    sigmoid_derivation,
)
from .example import WorkedExample, formulas
from .notation import format_number
from .outline import Chapter, chapter_by_number

__all__ = [
    "MAX_SHOWN_STEPS",
    "SummaryLine",
    "cited_derivations",
    "cost_axis_top",
    "shown_steps",
    "step_ticks",
    "summary_chain",
    "summary_display",
    "training_display",
]

MAX_SHOWN_STEPS = 40  # more steps than this and the animation shows a subset
NICE_TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


# --------------------------------------------------------------------------
# Chapter 9: the training run.


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

    ``d`` is the smallest of 1, 2, 5, 10, 20, 25, 50, ... that gives at most
    ``most`` ticks; the last tick is at most ``n_steps``.
    """
    if n_steps < 0:
        raise ValueError("n_steps must be >= 0")
    if n_steps == 0:
        return [0]
    for spacing in NICE_TICK_STEPS:
        if n_steps // spacing + 1 <= most:
            return list(range(0, n_steps + 1, spacing))
    spacing = math.ceil(n_steps / (most - 1))
    return list(range(0, n_steps + 1, spacing))


def cost_axis_top(costs: np.ndarray) -> float:
    r"""Top of a cost axis that starts at 0: the largest cost, or 1 if every cost is 0.

    The cost :math:`C = -\log y_T` is never negative, so ``[0, top]`` holds
    the whole curve.
    """
    values = np.asarray(costs, dtype=np.float64)
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError("costs must be a non-empty array of finite numbers")
    top = float(np.max(values))
    return top if top > 0 else 1.0


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
        (``cost_symbol``, ``target_probability_symbol``).
    """
    trajectory = example.trajectory
    n_steps = len(trajectory.costs) - 1
    steps = shown_steps(n_steps)
    target = example.target
    top = cost_axis_top(trajectory.costs)
    return {
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


# --------------------------------------------------------------------------
# Chapter 10: the chain of identities.


@dataclass(frozen=True)
class SummaryLine:
    r"""One line of the summary: an identity and the chapter it came from.

    Attributes
    ----------
    chapter : int
        The storyboard chapter that shows the identity.
    latex : str
        The identity, assembled from derivation steps printed by sympy.
    note : str
        A few words after the formula (plain text, may be empty).
    sources : tuple of (str, int)
        The steps it restates, as (derivation name, step index); empty for a
        definition (softmax) or a rule (the descent update).
    """

    chapter: int
    latex: str
    note: str = ""
    sources: tuple[tuple[str, int], ...] = ()

    @property
    def outline(self) -> Chapter:
        """The chapter the identity came from, as the outline has it (number, slug, title)."""
        return chapter_by_number(self.chapter)


def _derivations() -> dict[str, Derivation]:
    return {
        derivation.name: derivation
        for derivation in (forward_derivation(), reverse_derivation(), potential_derivation(),
                           sigmoid_derivation(), canonical_link_derivation())
    }


def summary_chain() -> tuple[SummaryLine, ...]:
    r"""The lecture in eight identities, chapter 2 to chapter 9.

    ====  ===================================================================
    2     :math:`y_m = e^{z_m} / \sum_k e^{z_k}`
    3     :math:`C = -\log y_T = \log \sum_k e^{z_k} - z_T`
    4     :math:`\partial C/\partial z_m = y_m - t_m`
    5     :math:`C = \int (y_m - t_m)\, dz_m = -\log y_T + c`
    6     :math:`\partial g_m/\partial z_n = \partial g_n/\partial z_m`
          (a symmetric Jacobian: a potential exists)
    7     :math:`C = -(y \log a + (1 - y)\log(1 - a)) + c`, for :math:`a = \sigma(z)`
    8     :math:`\partial A/\partial z_m = y_m,\ C = A - \sum_k t_k z_k`
    9     :math:`z_m \leftarrow z_m - \eta (y_m - t_m)`
    ====  ===================================================================
    """
    table = formulas()
    steps = {name: derivation.steps for name, derivation in _derivations().items()}
    forward, reverse = steps["forward"], steps["reverse"]
    sigmoid, canonical = steps["sigmoid"], steps["canonical"]
    cost = nt.latex(nt.C)
    # Chapter 6's symmetry, potential step 4 (a difference equal to 0), as an equality.
    symmetric = (
        f"{nt.latex(sp.Derivative(nt.g_field[nt.m], nt.z[nt.n]))} = "
        f"{nt.latex(sp.Derivative(nt.g_field[nt.n], nt.z[nt.m]))}"
    )
    return (
        SummaryLine(2, table["softmax"]),
        SummaryLine(3, f"{forward[0].latex} {forward[3].latex}",
                    sources=(("forward", 0), ("forward", 1), ("forward", 2), ("forward", 3))),
        SummaryLine(4, forward[9].latex, sources=(("forward", 4), ("forward", 9))),
        SummaryLine(5, f"{cost} = {reverse[1].lhs_latex} = {reverse[7].rhs_latex}",
                    sources=(("reverse", 1), ("reverse", 6), ("reverse", 7))),
        SummaryLine(6, symmetric, note="symmetric: a potential exists",
                    sources=(("potential", 3), ("potential", 4))),
        SummaryLine(7, f"{cost} = {sigmoid[3].rhs_latex}",
                    sources=(("sigmoid", 3), ("sigmoid", 4))),
        SummaryLine(8, rf"{canonical[0].latex},\quad {cost} = {canonical[3].rhs_latex}",
                    sources=(("canonical", 0), ("canonical", 3), ("canonical", 4))),
        SummaryLine(9, table["update"]),
    )


def summary_display(example: WorkedExample | None = None) -> dict[str, Any]:
    """Everything chapter 10 shows: each line's identity and note under its chapter's title.

    The summary is the same for every example; ``example`` is accepted so that
    every chapter's display data is asked for the same way.
    """
    return {"lines": [{"chapter": line.chapter, "title": line.outline.title,
                       "latex": line.latex, "note": line.note} for line in summary_chain()]}


def cited_derivations(line: SummaryLine) -> list[Derivation]:
    """The derivations restricted to the steps ``line`` cites, ready to :meth:`~Derivation.verify`.

    A chained step is printed without its left-hand side but proven with it,
    so proving a subset of steps proves exactly what the line restates.
    """
    derivations = _derivations()
    grouped: dict[str, list[int]] = {}
    for name, index in line.sources:
        grouped.setdefault(name, []).append(index)
    result = []
    for name, indices in grouped.items():
        derivation = derivations[name]
        result.append(Derivation(derivation.name, derivation.title, derivation.chapter,
                                 tuple(derivation.steps[index] for index in indices),
                                 derivation.definitions, derivation.constraint,
                                 derivation.general))
    return result
