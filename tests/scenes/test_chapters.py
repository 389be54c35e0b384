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


@pytest.mark.parametrize("chapter", [chapter for chapter in CHAPTERS if not chapter.uses_example],
                         ids=lambda chapter: chapter.stem)
def test_a_chapter_that_does_not_use_the_example_draws_the_same_for_any(built, chapter):
    # The render cache does not key such a chapter by the example: prove it may not.
    first, other = (shown(built(chapter, name, "dark")) for name in ("three", "eight"))
    assert first == other


def test_the_chapters_that_show_numbers_say_they_use_the_example(built):
    # The converse, for the chapters that do: what they show or say differs between examples.
    for chapter in CHAPTERS:
        if chapter.uses_example:
            assert shown(built(chapter, "three", "dark")) != shown(
                built(chapter, "eight", "dark")), chapter.stem


def shown(scene) -> tuple[str, tuple[str, ...]]:
    """What a chapter puts on screen and says (its captions and speaker notes)."""
    return describe(scene), tuple(scene.narrations)
