"""Formulas whose terms can move from one to the next.

Manim 0.21's ``substrings_to_isolate`` only marks a term inside one compiled
formula; ``TransformMatchingTex`` matches whole LaTeX pieces. So a formula is
cut into pieces at mathcore's terms (:meth:`scenes.base.LectureScene.formula`,
with :func:`mathcore.notation.split_formula`) and each piece becomes its own
part: then ``log Σ e^{z_k}`` in one line *is* the ``log Σ e^{z_k}`` of the next,
and ``TransformMatchingTex`` moves it there. The helpers here pick pieces out
of such formulas and move them.

:class:`MovePieces` does the same matching and also lets a term turn into
another one (``y_T`` into ``e^{z_T}``): Manim's own ``key_map`` fails whenever
the two terms have different numbers of glyphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from manim import (
    AnimationGroup,
    FadeIn,
    FadeOut,
    FadeTransform,
    MathTex,
    ReplacementTransform,
    VGroup,
)

__all__ = ["MovePieces", "align_equals", "part", "pieces_of"]


def pieces_of(formula: MathTex, keys: Iterable[str]) -> MathTex:
    """A copy of ``formula`` holding only its parts whose LaTeX is in ``keys``.

    Used as the source of a ``TransformMatchingTex``: those parts fly to their
    matches, and the formula itself stays where it is.
    """
    wanted = set(keys)
    copy = formula.copy()
    copy.submobjects = [part for part in copy.submobjects if part.tex_string in wanted]
    if not copy.submobjects:
        raise ValueError(f"none of {sorted(wanted)} is a part of {formula.get_tex_string()!r}")
    return copy


def part(formula: MathTex, key: str) -> MathTex:
    """The first part of ``formula`` whose LaTeX is ``key``."""
    for piece in formula.submobjects:
        if piece.tex_string == key:
            return piece
    raise KeyError(f"{key!r} is not a part of {formula.get_tex_string()!r}")


def align_equals(lines: Sequence[MathTex], top: float, x: float, gap: float = 0.3) -> VGroup:
    """Stack ``lines`` from ``top`` down, each "=" at ``x`` (a derivation's column of =)."""
    cursor = top
    for line in lines:
        equals = part(line, "=")
        line.shift([x - equals.get_center()[0], cursor - line.get_top()[1], 0])
        cursor = line.get_bottom()[1] - gap
    return VGroup(*lines)


class MovePieces(AnimationGroup):
    """Pieces of ``source`` move to the equal pieces of ``target``; the rest fade.

    ``key_map`` names pieces that turn into another piece (source LaTeX ->
    target LaTeX), e.g. ``y_T`` into ``e^{z_T}``. ``source`` is consumed (pass a
    copy to keep the original on screen); at the end ``target`` is on screen
    whole, as one formula.
    """

    def __init__(self, source: MathTex, target: MathTex,
                 key_map: Mapping[str, str] | None = None, **kwargs) -> None:
        mapping = dict(key_map or {})
        free = list(source.submobjects)
        animations = []
        for piece in target.submobjects:
            match = _take(free, lambda other, key=piece.tex_string: other.tex_string == key)
            if match is not None:
                animations.append(ReplacementTransform(match, piece))
                continue
            match = _take(free, lambda other, key=piece.tex_string:
                          mapping.get(other.tex_string) == key)
            if match is not None:
                animations.append(FadeTransform(match, piece))
            else:
                animations.append(FadeIn(piece, shift=_nudge(source, target)))
        animations += [FadeOut(piece, shift=_nudge(source, target)) for piece in free]
        super().__init__(*animations, **kwargs)
        self.target_formula = target

    def clean_up_from_scene(self, scene) -> None:
        """Put the target on screen as one formula, not as loose pieces."""
        super().clean_up_from_scene(scene)
        scene.remove(*self.target_formula.submobjects)
        scene.add(self.target_formula)


def _take(pieces: list, wanted) -> MathTex | None:
    for index, piece in enumerate(pieces):
        if wanted(piece):
            return pieces.pop(index)
    return None


def _nudge(source: MathTex, target: MathTex) -> np.ndarray:
    """A short shift from source towards target, for pieces that fade."""
    direction = target.get_center() - source.get_center()
    length = float(np.linalg.norm(direction))
    return direction / length * 0.3 if length > 1e-6 else np.zeros(3)
