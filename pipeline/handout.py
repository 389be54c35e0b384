"""``softmax-lecture handout``: find the lecture's posters (rendering them if asked), then typeset.

The handout package typesets whatever figures it is given; which posters show
this example is the pipeline's knowledge, since the pipeline wrote them: a
render leaves ``<output>/lecture/render.json`` holding the example's
fingerprint, and a poster goes into the handout only when that fingerprint is
this example's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handout.figures import Figure
from mathcore.outline import CHAPTERS

if TYPE_CHECKING:
    from mathcore.example import WorkedExample

__all__ = [
    "RENDER_PROGRAM",
    "RENDER_RECORD",
    "PosterRenderError",
    "find_figures",
    "figures_for",
    "render_posters",
    "rendered_fingerprint",
]

RENDER_RECORD = "render.json"
# This command, run as a module of this interpreter and checkout (tests put a
# stand-in here). A subprocess keeps the render's output and signals its own.
RENDER_PROGRAM: tuple[str, ...] = (sys.executable, "-m", "pipeline")
REPOSITORY = Path(__file__).resolve().parent.parent


class PosterRenderError(RuntimeError):
    """``softmax-lecture render`` failed while rendering the posters; one line."""


def _canonical(value: Any) -> str | None:
    """The fingerprint a record stands for, as sorted JSON; None if it holds none."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return None
    if not isinstance(value, dict):
        return None
    for key in ("fingerprint", "example"):
        if key in value:
            return _canonical(value[key])
    keys = ("classes", "logits", "target")
    if not all(key in value for key in keys):
        return None
    return json.dumps({key: value[key] for key in keys}, sort_keys=True)


def rendered_fingerprint(lecture_dir: Path) -> str | None:
    """The fingerprint of the example the lecture in ``lecture_dir`` was rendered for."""
    path = Path(lecture_dir) / RENDER_RECORD
    try:
        return _canonical(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def find_figures(example: WorkedExample, output_dir: Path) -> list[Figure]:
    """One :class:`~handout.figures.Figure` per chapter: its poster if it shows ``example``."""
    lecture_dir = Path(output_dir) / "lecture"
    same = rendered_fingerprint(lecture_dir) == _canonical(example.fingerprint())
    figures = []
    for chapter in CHAPTERS:
        poster = lecture_dir / "posters" / f"{chapter.stem}.png"
        if not same:
            figures.append(Figure(chapter, None, "the lecture has not been rendered "
                                                 "for this example"))
        elif not poster.is_file():
            figures.append(Figure(chapter, None, "its poster frame has not been rendered"))
        else:
            figures.append(Figure(chapter, poster))
    return figures


def render_posters(output_dir: Path, example_options: Sequence[str]) -> None:
    """Run ``softmax-lecture render --quality low`` for the same example.

    Its output (progress) goes to this process's stderr; a failure raises
    :class:`PosterRenderError` with the render's last line of output.
    """
    # An absolute path never starts with "-": a folder named "-o" or "--help" stays a
    # folder. The example options come as --name=value for the same reason.
    command = [*RENDER_PROGRAM, "render", "--quality", "low",
               "--output", str(Path(output_dir).absolute()), *example_options]
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(REPOSITORY), environment.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    last = "no message"
    try:
        with subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors="replace") as process:
            assert process.stdout is not None
            for line in process.stdout:
                sys.stderr.write(line)
                last = line.strip() or last
            status = process.wait()
    except OSError as error:
        raise PosterRenderError(f"cannot run {command[0]}: {error}") from None
    if status != 0:
        raise PosterRenderError(f"exit status {status}: {last}")


def figures_for(example: WorkedExample, output_dir: Path, render: bool,
                example_options: Sequence[str]) -> tuple[list[Figure], list[str]]:
    """The handout's figures, and what went wrong getting them.

    With ``render``, when any poster of this example is missing, the lecture is
    rendered first (at low quality, given ``example_options`` so that it shows
    the same example).
    """
    found = find_figures(example, output_dir)
    if not render or all(figure.poster is not None for figure in found):
        return found, []
    try:
        render_posters(output_dir, example_options)
    except PosterRenderError as error:
        return ([figure if figure.poster else
                 Figure(figure.chapter, None, "rendering the lecture failed")
                 for figure in found], [f"rendering the posters failed ({error})"])
    found = find_figures(example, output_dir)
    missing = [figure for figure in found if figure.poster is None]
    if missing:
        return found, [f"{len(missing)} of {len(found)} posters missing after rendering "
                       f"(chapter {missing[0].chapter.number}: {missing[0].reason})"]
    return found, []
