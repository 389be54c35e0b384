"""What the scenes render: the worked example and the mode, read at call time.

A chapter module rendered the usual Manim way (``manim -ql scenes/ch02_... .py``)
gets the default example, or ``lecture.toml`` in the working directory. The
``softmax-lecture`` command passes its own example to the chapter processes
through ``SOFTMAX_LECTURE_EXAMPLE`` (JSON: logits, target, classes).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from mathcore.example import WorkedExample

__all__ = [
    "EXAMPLE_VARIABLE",
    "SLIDES_DIR_VARIABLE",
    "TEX_CACHE_VARIABLE",
    "current_example",
    "example_environment",
    "slides_folder",
]

EXAMPLE_VARIABLE = "SOFTMAX_LECTURE_EXAMPLE"
SLIDES_DIR_VARIABLE = "SOFTMAX_LECTURE_SLIDES_DIR"
# A folder the chapter processes of one render share for compiled formulas
# (scenes.speedups.share_latex).
TEX_CACHE_VARIABLE = "SOFTMAX_LECTURE_TEX_CACHE"


@lru_cache(maxsize=8)
def _example_from(text: str | None, cwd: str) -> WorkedExample:
    if text is None:
        return WorkedExample.from_options(search_dir=cwd)
    settings = json.loads(text)
    return WorkedExample.build(settings["logits"], settings["target"], settings["classes"])


def current_example() -> WorkedExample:
    """The example to render.

    From ``SOFTMAX_LECTURE_EXAMPLE``, else ./lecture.toml, else the default.
    """
    return _example_from(os.environ.get(EXAMPLE_VARIABLE), os.getcwd())


def example_environment(example: WorkedExample) -> dict[str, str]:
    """Environment variables that make a chapter process render ``example``."""
    return {
        EXAMPLE_VARIABLE: json.dumps(
            {"logits": list(example.logits), "target": example.target,
             "classes": list(example.classes)}
        )
    }


def slides_folder() -> Path:
    """Where manim-slides writes its slide index.

    ``SOFTMAX_LECTURE_SLIDES_DIR``, else ``slides`` under Manim's media folder.
    """
    folder = os.environ.get(SLIDES_DIR_VARIABLE)
    if folder:
        return Path(folder)
    from manim import config

    return Path(config.media_dir) / "slides"

