"""``softmax-lecture handout``: find the lecture's posters (rendering them if asked), then typeset.

The handout package typesets whatever figures it is given; which posters show
this example is the pipeline's knowledge, since the pipeline wrote them: a
render leaves ``<output>/lecture/render.json`` holding the example's
fingerprint and its theme, and a poster goes into the handout only when that
fingerprint is this example's and the theme is :data:`PRINT_THEME`: dark
frames waste toner and print muddy.

The posters are looked for in ``<output>/lecture`` (the user's own render,
when it is a light one) and then in ``<output>/print/lecture``, where
``--figures`` renders the light lecture, so that it never replaces a dark
lecture the user rendered for the screen.
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
    "PRINT_FOLDER",
    "PRINT_THEME",
    "RENDER_PROGRAM",
    "RENDER_RECORD",
    "PosterRenderError",
    "find_figures",
    "print_lecture",
    "figures_for",
    "render_posters",
    "rendered_fingerprint",
    "rendered_theme",
]

RENDER_RECORD = "render.json"
PRINT_THEME = "light"
# The media folder, inside --output, that --figures renders the print lecture into.
PRINT_FOLDER = "print"
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


def rendered_theme(lecture_dir: Path) -> str | None:
    """The theme the lecture in ``lecture_dir`` was rendered in, as its record says; else None."""
    path = Path(lecture_dir) / RENDER_RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    theme = record.get("theme") if isinstance(record, dict) else None
    return theme if isinstance(theme, str) else None


def print_lecture(output_dir: Path) -> Path:
    """Where ``--figures`` renders the print (light) lecture: ``<output>/print/lecture``."""
    return Path(output_dir) / PRINT_FOLDER / "lecture"


def find_figures(example: WorkedExample, output_dir: Path) -> list[Figure]:
    """One :class:`~handout.figures.Figure` per chapter: its light poster if it shows ``example``.

    ``<output>/lecture`` is used when it is a light render of this example, else
    ``<output>/print/lecture``. A dark render of this example is not used: its
    chapters get a placeholder that says so.
    """
    fingerprint = _canonical(example.fingerprint())
    candidates = [Path(output_dir) / "lecture", print_lecture(output_dir)]
    same = [folder for folder in candidates if rendered_fingerprint(folder) == fingerprint]
    light = [folder for folder in same if rendered_theme(folder) == PRINT_THEME]
    figures = []
    for chapter in CHAPTERS:
        posters = [folder / "posters" / f"{chapter.stem}.png" for folder in light]
        poster = next((path for path in posters if path.is_file()), None)
        if poster is not None:
            figures.append(Figure(chapter, poster, theme=PRINT_THEME))
        elif light:
            figures.append(Figure(chapter, None, "its poster frame has not been rendered"))
        elif same:
            figures.append(Figure(chapter, None, f"the lecture was rendered in the "
                                                 f"{rendered_theme(same[0]) or 'dark'} theme; "
                                                 f"print uses the {PRINT_THEME} theme"))
        else:
            figures.append(Figure(chapter, None, "the lecture has not been rendered "
                                                 "for this example"))
    return figures


def render_posters(output_dir: Path, example_options: Sequence[str]) -> None:
    """Run ``softmax-lecture render --quality low --theme light --no-voice`` for the example.

    It renders into ``<output>/print`` (:func:`print_lecture`), beside the
    user's own lecture, never over it. Its output (progress) goes to this
    process's stderr; a failure raises :class:`PosterRenderError` with the
    render's last line of output.
    """
    # An absolute path never starts with "-": a folder named "-o" or "--help" stays a
    # folder. The example options come as --name=value for the same reason.
    media = print_lecture(output_dir).parent
    # The posters are still frames: no voice (nothing to synthesise, shorter videos).
    command = [*RENDER_PROGRAM, "render", "--quality", "low", "--theme", PRINT_THEME,
               "--no-voice", "--output", str(media.absolute()), *example_options]
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

    With ``render``, when any light poster of this example is missing, the
    lecture is rendered first (at low quality, in the light theme, given
    ``example_options`` so that it shows the same example).
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
