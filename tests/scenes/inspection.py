"""Build chapters without rendering a frame, and find what a viewer would notice.

:func:`build_chapter` runs a chapter's ``construct`` with every animation
skipped (no video, no frames), for any example and theme. The scene's
snapshots (one per beat, see :class:`scenes.base.Snapshot`) then feed

* :func:`layout_problems`: anything outside the frame, texts that overlap;
* :func:`number_problems`: any number on screen that mathcore did not produce
  for this example.
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
import re
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from mathcore.example import WorkedExample
from mathcore.notation import format_number
from mathcore.outline import Chapter
from scenes.context import example_environment
from scenes.theme import THEME_VARIABLE

__all__ = [
    "NUMBER_PATTERN",
    "allowed_numbers",
    "build_chapter",
    "layout_problems",
    "number_problems",
]

NUMBER_PATTERN = re.compile(r"-?\d+\.\d+(?:e[+-]?\d+)?")
FRAME_MARGIN = 0.02  # how far past the frame edge a stroke may reach


@contextmanager
def _environment(values: dict[str, str]):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_chapter(chapter: Chapter, example: WorkedExample, theme: str = "dark",
                  media_dir: str | Path | None = None) -> Any:
    """Construct ``chapter`` for ``example`` in ``theme`` with all animations skipped."""
    from manim import tempconfig

    module = importlib.import_module(chapter.module)
    scene_class = getattr(module, chapter.scene)
    media = str(media_dir or Path(os.environ.get("TMPDIR", "/tmp")) / "softmax-lecture-dry")
    settings = {
        "dry_run": True, "write_to_movie": False, "save_last_frame": False, "format": None,
        "media_dir": media, "disable_caching": True, "progress_bar": "none",
        "verbosity": "WARNING",
    }
    environment = {**example_environment(example), THEME_VARIABLE: theme}
    with _environment(environment), tempconfig(settings):
        scene = scene_class()
        scene.renderer.skip_animations = True
        scene.renderer._original_skipping_status = True
        scene.setup()
        scene.construct()
        scene.tear_down()
    return scene


def layout_problems(scene: Any, frame_width: float | None = None,
                    frame_height: float | None = None) -> list[str]:
    """Everything out of the frame, and every pair of texts overlapping, at each beat."""
    from manim import config

    half_width = (frame_width or config.frame_width) / 2
    half_height = (frame_height or config.frame_height) / 2
    problems = []
    for snapshot in scene.snapshots:
        left, right, bottom, top = snapshot.extent
        if (left < -half_width - FRAME_MARGIN or right > half_width + FRAME_MARGIN
                or bottom < -half_height - FRAME_MARGIN or top > half_height + FRAME_MARGIN):
            outside = [
                text.content for text in snapshot.texts
                if text.left < -half_width - FRAME_MARGIN or text.right > half_width
                + FRAME_MARGIN or text.bottom < -half_height - FRAME_MARGIN
                or text.top > half_height + FRAME_MARGIN
            ]
            problems.append(
                f"beat {snapshot.beat}: drawing reaches x {left:.2f}..{right:.2f}, "
                f"y {bottom:.2f}..{top:.2f}, outside the frame"
                + (f" (texts: {outside})" if outside else "")
            )
        for first, second in itertools.combinations(snapshot.texts, 2):
            if first.overlaps(second):
                problems.append(
                    f"beat {snapshot.beat}: {first.content!r} overlaps {second.content!r}"
                )
    return problems


def _flatten(value: Any) -> Iterable[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, np.ndarray):
        yield from _flatten(value.tolist())
    else:
        yield value


def allowed_numbers(example: WorkedExample, chapter_data: Any = None) -> set[str]:
    """Every number string mathcore produces for this example (and a chapter's mathcore data)."""
    allowed: set[str] = set()
    sources = [example.latex, example.to_dict()]
    if chapter_data is not None:
        sources.append(chapter_data)
    for source in sources:
        for item in _flatten(source):
            if isinstance(item, str):
                allowed.update(NUMBER_PATTERN.findall(item))
            elif isinstance(item, (float, int)) and not isinstance(item, bool):
                if np.isfinite(item):
                    allowed.add(format_number(item))
    return allowed


def number_problems(scene: Any, example: WorkedExample) -> list[str]:
    """Numbers on screen (with a decimal point) that mathcore did not produce."""
    allowed = allowed_numbers(example, type(scene).mathcore_data(example))
    problems = []
    for snapshot in scene.snapshots:
        for text in snapshot.texts:
            for number in NUMBER_PATTERN.findall(text.content):
                if number not in allowed:
                    problems.append(f"beat {snapshot.beat}: {number} in {text.content!r} "
                                    f"is not a mathcore value")
    return sorted(set(problems))


def describe(scene: Any) -> str:
    """The snapshots as JSON, for reading when a test fails."""
    return json.dumps([
        {"beat": snap.beat, "extent": snap.extent,
         "texts": [(text.content, round(text.left, 2), round(text.right, 2),
                    round(text.bottom, 2), round(text.top, 2)) for text in snap.texts]}
        for snap in scene.snapshots
    ], indent=1)
