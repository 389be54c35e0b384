"""Build chapters without rendering a frame, and find what a viewer would notice.

:func:`build_chapter` runs a chapter's ``construct`` with every animation
skipped (no video, no frames), for any example and theme. The scene's
snapshots (one per beat, see :class:`scenes.base.Snapshot`) then feed

* :func:`layout_problems`: anything outside the frame, any text closer to its
  edge than the safe margin, texts that overlap each other or sit on a class
  bar or a dot, numbers typeset in e-notation (``2.1e-12`` reads as a subtraction);
* :func:`number_problems`: any number on screen (whole or not) that mathcore
  did not produce for this example, and any row of class bars that does not
  draw a mathcore vector in class order, or whose value label over a bar
  shows another value than that bar's.
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
import re
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import numpy as np

from mathcore.example import WorkedExample
from mathcore.notation import format_number
from mathcore.outline import CHAPTERS, Chapter
from scenes.context import example_environment
from scenes.theme import THEME_VARIABLE

__all__ = [
    "NUMBER_PATTERN",
    "Printed",
    "allowed_numbers",
    "bar_problems",
    "build_chapter",
    "build_scene",
    "layout_problems",
    "number_problems",
    "plain_numbers",
    "printed_vectors",
]

# A number as shown: whole (3, 30, -5) or not (0.659, 2.1e-09, 4.852e+08).
NUMBER_PATTERN = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")
FRAME_MARGIN = 0.02  # how far past the frame edge a stroke may reach
# A number in e-notation, where a formula or a label would print it.
E_NOTATION = re.compile(r"(?<![A-Za-z_])\d+(?:\.\d+)?e[+-]?\d+")
# A number typeset as mathcore.notation.number_latex writes it: 2.1 \times 10^{-12}.
TYPESET_SCIENTIFIC = re.compile(r"(-?\d+(?:\.\d+)?)\s*\\times\s*10\^\{(-?\d+)\}")
# The same in plain text (mathcore.notation.number_text): 2.1 × 10⁻¹².
TEXT_SCIENTIFIC = re.compile("(-?\\d+(?:\\.\\d+)?) \u00d7 10"
                             "([\u207b\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+)")
_DIGITS = str.maketrans("\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079",
                        "-0123456789")
TOUCHING = 0.01  # boxes that share no more than this do not overlap


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
    scene_class = getattr(importlib.import_module(chapter.module), chapter.scene)
    return build_scene(scene_class, example, theme, media_dir)


def build_scene(scene_class: type, example: WorkedExample, theme: str = "dark",
                media_dir: str | Path | None = None) -> Any:
    """Construct a scene of class ``scene_class`` as :func:`build_chapter` does."""
    from manim import tempconfig

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


def plain_numbers(text: str) -> str:
    r"""``text`` with each number typeset as ``2.1 \times 10^{-12}`` written back as ``2.1e-12``.

    The form :func:`mathcore.notation.format_number` prints, so numbers on
    screen and in mathcore's strings compare as one.
    """
    text = text.replace("\u2212", "-")
    text = TEXT_SCIENTIFIC.sub(
        lambda match: f"{match.group(1)}e{int(match.group(2).translate(_DIGITS)):+03d}", text)
    return TYPESET_SCIENTIFIC.sub(
        lambda match: f"{match.group(1)}e{int(match.group(2)):+03d}", text)


def layout_problems(scene: Any, frame_width: float | None = None,
                    frame_height: float | None = None) -> list[str]:
    """At each beat: what lies out of the frame or its safe margin, and what overlaps.

    Every drawing stays inside the frame; every text stays :data:`SAFE_MARGIN`
    inside its edges. No two texts overlap, no text sits on a bar of a row of
    class bars or on a dot, and no number is typeset in e-notation.
    """
    from manim import config

    from scenes.base import SAFE_MARGIN

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
        inside = (-half_width + SAFE_MARGIN - TOUCHING, half_width - SAFE_MARGIN + TOUCHING,
                  -half_height + SAFE_MARGIN - TOUCHING, half_height - SAFE_MARGIN + TOUCHING)
        for text in snapshot.texts:
            if (text.left < inside[0] or text.right > inside[1] or text.bottom < inside[2]
                    or text.top > inside[3]):
                problems.append(
                    f"beat {snapshot.beat}: {text.content!r} (x {text.left:.2f}..{text.right:.2f},"
                    f" y {text.bottom:.2f}..{text.top:.2f}) is within {SAFE_MARGIN} of the "
                    f"frame's edge")
            for number in E_NOTATION.findall(text.content):
                problems.append(f"beat {snapshot.beat}: {number} in {text.content!r} is "
                                f"typeset in e-notation")
            for shape in snapshot.shapes:
                if text.overlaps(shape, TOUCHING):
                    what = "a dot" if shape.kind == "Dot" else f"the bar of class {shape.content}"
                    problems.append(f"beat {snapshot.beat}: {text.content!r} sits on {what}")
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
    """Every number string mathcore produces for this example (and a chapter's mathcore data).

    Numbers in mathcore's strings as they are written; floats as the lecture
    formats them, whole numbers (step counts, indices) as digits. The outline's
    chapter numbers and titles count too (every header shows one), and the
    class names as shown under the bars.
    """
    from scenes.components.bars import display_name

    allowed: set[str] = set()
    sources = [example.latex, example.to_dict(), [display_name(name) for name in example.classes],
               [(chapter.number, chapter.title) for chapter in CHAPTERS]]
    if chapter_data is not None:
        sources.append(chapter_data)
    for source in sources:
        for item in _flatten(source):
            if isinstance(item, str):
                allowed.update(NUMBER_PATTERN.findall(plain_numbers(item)))
            elif isinstance(item, bool):
                continue
            elif isinstance(item, Integral):
                allowed.add(str(int(item)))
            elif isinstance(item, Real) and np.isfinite(item):
                allowed.add(format_number(float(item)))
    return allowed


@dataclass(frozen=True)
class Printed:
    """One entry of a mathcore vector: the text the lecture prints, the value it stands for."""

    text: str
    value: float
    tolerance: float  # how far the value may lie from what the text says


def _resolution(text: str) -> float:
    """The size of the last printed digit of a number such as 0.659, 2.1e-09 or 30."""
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def printed_vectors(example: WorkedExample, chapter_data: Any = None) -> list[tuple[Printed, ...]]:
    """Every vector of one number per class that mathcore computes or prints for this example.

    A list (or array) of ``K`` floats, or of ``K`` number strings, anywhere in
    the example's LaTeX, its JSON, or the chapter's mathcore data: the
    logits, probabilities, the one-hot target, the gradient, each step of the
    descent, a soft target, and so on.
    """
    count = example.n_classes
    vectors: list[tuple[Printed, ...]] = []

    def visit(value: Any) -> None:
        if isinstance(value, np.ndarray):
            value = value.tolist()
        if isinstance(value, dict):
            for item in value.values():
                visit(item)
        elif isinstance(value, (list, tuple)):
            if len(value) == count:
                entries = [_printed(item) for item in value]
                if all(entry is not None for entry in entries):
                    vectors.append(tuple(entries))
            for item in value:
                visit(item)

    for source in (example.latex, example.to_dict(), chapter_data):
        visit(source)
    return vectors


def _printed(item: Any) -> Printed | None:
    if isinstance(item, str):
        item = plain_numbers(item)
        if NUMBER_PATTERN.fullmatch(item):
            return Printed(item, float(item), _resolution(item) / 2)
        return None
    if isinstance(item, Real) and not isinstance(item, bool) and np.isfinite(item):
        return Printed(format_number(float(item)), float(item), 0.0)
    return None


def bar_problems(snapshot: Any, vectors: Sequence[tuple[Printed, ...]],
                 names: Sequence[str]) -> list[str]:
    """Rows of class bars at one beat that do not show mathcore's values where they belong.

    Each row's bars, measured as drawn, must draw one of mathcore's per-class
    ``vectors`` in class order; each value label must show, as mathcore
    prints it, the value of the bar it stands over (the nearest bar).
    """
    from scenes.components.bars import MIN_BAR_HEIGHT

    problems = []
    for row in snapshot.bars:
        slack = [MIN_BAR_HEIGHT / row.unit + 1e-9 * (1 + abs(value)) for value in row.drawn]
        matches = [vector for vector in vectors if len(vector) == len(row.drawn) and all(
            abs(value - entry.value) <= entry.tolerance + extra
            for value, entry, extra in zip(row.drawn, vector, slack, strict=True))]
        if not matches:
            drawn = ", ".join(f"{value:.4g}" for value in row.drawn)
            problems.append(f"beat {snapshot.beat}: bars drawn at ({drawn}) are no mathcore "
                            f"vector for the classes")
            continue
        for label in row.labels:
            middle = (label.left + label.right) / 2
            column = int(np.argmin([abs(middle - center) for center in row.centers]))
            shown = re.sub(r"\s+", "", plain_numbers(label.content))
            if shown not in {vector[column].text for vector in matches}:
                problems.append(f"beat {snapshot.beat}: the label over {names[column]!r} says "
                                f"{shown}, but its bar draws {matches[0][column].text}")
    return problems


def number_problems(scene: Any, example: WorkedExample) -> list[str]:
    """Numbers on screen that mathcore did not produce, and bar labels on the wrong bar.

    Every number in a text or formula (whole numbers too) must be one that
    mathcore produced for the example or the chapter
    (:meth:`~scenes.base.LectureScene.mathcore_data`); the header and the beat
    marker are the scene's own. Every row of class bars must pass
    :func:`bar_problems`.
    """
    data = type(scene).mathcore_data(example)
    allowed = allowed_numbers(example, data)
    vectors = printed_vectors(example, data)
    problems = []
    for snapshot in scene.snapshots:
        for text in snapshot.texts:
            if text.ident in snapshot.canvas:
                continue
            for number in NUMBER_PATTERN.findall(plain_numbers(text.content)):
                if number not in allowed:
                    problems.append(f"beat {snapshot.beat}: {number} in {text.content!r} "
                                    f"is not a mathcore value")
        problems += bar_problems(snapshot, vectors, example.classes)
    return sorted(set(problems))


def describe(scene: Any) -> str:
    """The snapshots as JSON, for reading when a test fails."""
    return json.dumps([
        {"beat": snap.beat, "extent": snap.extent,
         "texts": [(text.content, round(text.left, 2), round(text.right, 2),
                    round(text.bottom, 2), round(text.top, 2)) for text in snap.texts]}
        for snap in scene.snapshots
    ], indent=1)
