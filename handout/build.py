"""Build the handout: prove, write the LaTeX around the figures it is given, compile it.

:func:`build_handout` is what ``softmax-lecture handout`` calls once it has
found the lecture's posters (``pipeline.handout``). It never imports Manim and
never renders anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mathcore.example import WorkedExample
from mathcore.notes import notes_derivations

from . import DEFAULT_EXERCISE_SEED
from .document import Proof, render_document
from .exercise import exercise_example
from .figures import Figure
from .latex import LatexError, LatexMissingError, compile_pdf, find_pdflatex

__all__ = [
    "HANDOUT_NAME",
    "HandoutError",
    "HandoutResult",
    "HandoutUsageError",
    "build_handout",
    "check_options",
]

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


def check_options(output_dir: str | Path, exercise_seed: int | None) -> tuple[str, Path, int]:
    """pdflatex, the handout's folder (made), and the seed; or :class:`HandoutUsageError`.

    Cheap: a caller that does slow work before :func:`build_handout` (rendering
    the posters) checks first, so bad input is refused before anything runs.
    """
    if exercise_seed is None:
        exercise_seed = DEFAULT_EXERCISE_SEED
    if exercise_seed < 0:
        raise HandoutUsageError(f"--exercise-seed {exercise_seed}: use 0 or a positive number")
    try:
        program = find_pdflatex()
    except LatexMissingError as error:
        raise HandoutUsageError(str(error)) from None
    return program, _output_folder(Path(output_dir)), exercise_seed


def build_handout(
    example: WorkedExample,
    output_dir: str | Path = "media",
    exercise_seed: int | None = None,
    figures: Sequence[Figure] = (),
    problems: Sequence[str] = (),
) -> HandoutResult:
    """Write ``<output_dir>/handout/lecture-notes.pdf`` and its ``.tex``.

    Parameters
    ----------
    example : WorkedExample
        The worked example of the notes.
    output_dir : path
        The media folder: the handout goes to ``handout/`` in it.
    exercise_seed : int, optional
        Seed of the exercise example (default :data:`DEFAULT_EXERCISE_SEED`).
    figures : sequence of Figure
        One figure per chapter (a poster, or the reason there is none); a
        chapter without one gets no figure.
    problems : sequence of str
        What already went wrong while gathering the figures; reported with the
        build's own problems.

    Raises
    ------
    HandoutUsageError
        No pdflatex, or an output folder that cannot be used.
    HandoutError
        LaTeX failed: the message holds its first error line; the previous PDF
        is left in place.
    """
    program, folder, exercise_seed = check_options(output_dir, exercise_seed)
    problems = list(problems)
    # The derivations as printed: the notes' notation (a neuron's target is t), proven again.
    proofs = [Proof(derivation, derivation.verify((example.n_classes,)))
              for derivation in notes_derivations()]
    outcomes = [step.passed for proof in proofs for step in proof.result.steps]
    if not all(outcomes):
        problems.append(f"{outcomes.count(False)} of {len(outcomes)} derivation steps were not "
                        f"proven (marked in the handout)")
    failed_checks = [check.name for check in example.checks if not check.passed]
    if failed_checks:
        problems.append(f"check {failed_checks[0]!r} failed (marked in the handout)")
    tex, assets = render_document(example, proofs, figures, exercise_example(exercise_seed),
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
