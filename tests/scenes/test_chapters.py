"""Every chapter, built with animations skipped, for 2, 3 and 8 classes in both themes.

Checks what a viewer would notice: nothing outside the frame, no two texts on
top of each other, every number on screen one that mathcore computed.
"""

from __future__ import annotations

import pytest

from mathcore.outline import CHAPTERS
from tests.scenes.examples import EXAMPLES, example
from tests.scenes.inspection import build_chapter, describe, layout_problems, number_problems

CASES = [
    pytest.param(chapter, name, theme, id=f"{chapter.stem}-{name}-{theme}")
    for chapter in CHAPTERS
    for name in EXAMPLES
    for theme in ("dark", "light")
]


@pytest.fixture(scope="module")
def built():
    cache = {}

    def build(chapter, name, theme):
        key = (chapter.number, name, theme)
        if key not in cache:
            cache[key] = build_chapter(chapter, example(name), theme)
        return cache[key]

    return build


@pytest.mark.parametrize(("chapter", "name", "theme"), CASES)
def test_chapter_layout_and_numbers(built, chapter, name, theme):
    scene = built(chapter, name, theme)
    assert scene.narrations, "a chapter has at least one beat"
    assert len(scene.snapshots) == len(scene.narrations)
    problems = layout_problems(scene) + number_problems(scene, example(name))
    assert not problems, "\n".join(problems) + "\n" + describe(scene)[:4000]
