r"""The lecture's closing chain of identities (chapter 10), each restating proven steps.

Chapter 10 shows the chain of identities of the whole lecture, one line per
chapter. :func:`summary_chain` assembles each line's LaTeX from the proven
derivation steps of :mod:`mathcore.derivations` (or, for a definition, from
:func:`mathcore.example.formulas`) and names the steps it restates, so a test
can prove them again (:func:`cited_derivations`). Chapter 9's training run is
display data: :mod:`mathcore.views.training`.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from .example import formulas
from .outline import Chapter, chapter_by_number

__all__ = [
    "SummaryLine",
    "cited_derivations",
    "summary_chain",
]


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
