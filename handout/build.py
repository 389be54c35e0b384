"""Build the handout: prove, gather figures, write the LaTeX, compile it.

:func:`build_handout` is what ``softmax-lecture handout`` runs. It never
imports Manim: the posters, when asked for, are rendered by
``softmax-lecture render`` in a subprocess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mathcore.derivations import all_derivations
from mathcore.example import WorkedExample

from . import DEFAULT_EXERCISE_SEED
from .document import Proof, render_document
from .exercise import exercise_example
from .figures import Figure, RenderError, find_figures, render_posters
from .latex import LatexError, LatexMissingError, compile_pdf, find_pdflatex

__all__ = ["HANDOUT_NAME", "HandoutError", "HandoutResult", "HandoutUsageError", "build_handout"]

HANDOUT_NAME = "lecture-notes"


class HandoutError(RuntimeError):
    """The handout could not be made (LaTeX failed); one line for the user."""


class HandoutUsageError(HandoutError):
    """Bad input or a missing tool; one line for the user."""


@dataclass(frozen=True)
class HandoutResult:
    """What a build wrote, and what in it is not as asked."""

    pdf: Path
    tex: Path
    pages: int
    figures_included: int
    problems: tuple[str, ...]


def _output_folder(output_dir: Path) -> Path:
    if output_dir.exists() and not output_dir.is_dir():
        raise HandoutUsageError(f"--output {str(output_dir)!r} is not a directory")
    folder = output_dir / "handout"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise HandoutUsageError(
            f"cannot create {str(folder)!r}: {error.strerror or error}") from None
    return folder


def build_handout(
    example: WorkedExample,
    output_dir: str | Path = "media",
    exercise_seed: int | None = None,
    figures: bool = False,
    example_options: Sequence[str] = (),
) -> HandoutResult:
    """Write ``<output_dir>/handout/lecture-notes.pdf`` and its ``.tex``.

    Parameters
    ----------
    example : WorkedExample
        The worked example of the notes.
    output_dir : path
        The media folder: the handout goes to ``handout/`` in it, posters are
        looked for in ``lecture/posters/``.
    exercise_seed : int, optional
        Seed of the exercise example (default :data:`DEFAULT_EXERCISE_SEED`).
    figures : bool
        When any poster of this example is missing, render the lecture first
        (``softmax-lecture render --quality low``, given ``example_options`` so
        that it renders the same example).
    example_options : sequence of str
        The command-line options that name ``example``.

    Raises
    ------
    HandoutUsageError
        No pdflatex, or an output folder that cannot be used.
    HandoutError
        LaTeX failed: the message holds its first error line; the previous PDF
        is left in place.
    """
    if exercise_seed is None:
        exercise_seed = DEFAULT_EXERCISE_SEED
    if exercise_seed < 0:
        raise HandoutUsageError(f"--exercise-seed {exercise_seed}: use 0 or a positive number")
    try:
        program = find_pdflatex()
    except LatexMissingError as error:
        raise HandoutUsageError(str(error)) from None
    output_dir = Path(output_dir)
    folder = _output_folder(output_dir)
    problems = []
    found = find_figures(example, output_dir)
    if figures and any(figure.poster is None for figure in found):
        try:
            render_posters(output_dir, example_options)
        except RenderError as error:
            problems.append(f"rendering the posters failed ({error})")
            found = [figure if figure.poster else
                     Figure(figure.chapter, None, "rendering the lecture failed")
                     for figure in found]
        else:
            found = find_figures(example, output_dir)
            missing = [figure for figure in found if figure.poster is None]
            if missing:
                problems.append(
                    f"{len(missing)} of {len(found)} posters missing after rendering "
                    f"(chapter {missing[0].chapter.number}: {missing[0].reason})")
    proofs = [Proof(derivation, derivation.verify((example.n_classes,)))
              for derivation in all_derivations()]
    outcomes = [step.passed for proof in proofs for step in proof.result.steps]
    if not all(outcomes):
        problems.append(f"{outcomes.count(False)} of {len(outcomes)} derivation steps were not "
                        f"proven (marked in the handout)")
    failed_checks = [check.name for check in example.checks if not check.passed]
    if failed_checks:
        problems.append(f"check {failed_checks[0]!r} failed (marked in the handout)")
    tex, assets = render_document(example, proofs, found, exercise_example(exercise_seed),
                                  exercise_seed)
    pdf = folder / f"{HANDOUT_NAME}.pdf"
    try:
        pages = compile_pdf(tex, pdf, assets, program)
    except LatexError as error:
        raise HandoutError(str(error)) from None
    _remove_stale_figures(folder, assets)
    return HandoutResult(pdf, pdf.with_suffix(".tex"), pages, len(assets), tuple(problems))


def _remove_stale_figures(folder: Path, assets: dict[str, Path]) -> None:
    """Drop posters of an earlier build that this ``.tex`` no longer includes."""
    figures = folder / "figures"
    if not figures.is_dir():
        return
    for path in figures.glob("*.png"):
        if f"figures/{path.name}" not in assets:
            path.unlink()
