"""The handout's figures: the lecture's poster frames, when they show this example.

``softmax-lecture render`` writes one poster per chapter to
``<output>/lecture/posters/NN-<slug>.png``. A poster may go into the handout
only if the lecture was rendered for the same worked example: the render's
sidecar (``render.json``, else ``example.json``, in ``<output>/lecture/``)
must hold the example's fingerprint. No sidecar means "not the same example".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mathcore.example import WorkedExample
from mathcore.outline import CHAPTERS, Chapter

__all__ = [
    "RENDER_PROGRAM",
    "SIDECARS",
    "Figure",
    "RenderError",
    "find_figures",
    "render_posters",
    "rendered_fingerprint",
]

SIDECARS = ("render.json", "example.json")
# The ``softmax-lecture`` program, run as a module so it is this interpreter's
# and this checkout's (tests replace it with a stand-in).
RENDER_PROGRAM: tuple[str, ...] = (sys.executable, "-m", "pipeline")
REPOSITORY = Path(__file__).resolve().parent.parent


class RenderError(RuntimeError):
    """``softmax-lecture render`` failed; the message is one line."""


@dataclass(frozen=True)
class Figure:
    """One chapter's figure: a poster to include, or why there is none."""

    chapter: Chapter
    poster: Path | None
    reason: str = ""


def _canonical(value: Any) -> str | None:
    """The fingerprint a sidecar value stands for, as sorted JSON; None if it holds none."""
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
    for name in SIDECARS:
        path = Path(lecture_dir) / name
        if path.is_file():
            try:
                return _canonical(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                return None
    return None


def find_figures(example: WorkedExample, output_dir: Path) -> list[Figure]:
    """One :class:`Figure` per chapter: its poster if it shows ``example``."""
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
    :class:`RenderError` with the render's last line of output.
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
        raise RenderError(f"cannot run {command[0]}: {error}") from None
    if status != 0:
        raise RenderError(f"exit status {status}: {last}")
