"""Chapters built once per session, shared by the scene tests that read them."""

from __future__ import annotations

import pytest

from tests.scenes.examples import example
from tests.scenes.inspection import build_chapter


@pytest.fixture(scope="session")
def built():
    """``built(chapter, name, theme)``: the chapter constructed for example ``name``, cached."""
    cache = {}

    def build(chapter, name, theme):
        key = (chapter.number, name, theme)
        if key not in cache:
            cache[key] = build_chapter(chapter, example(name), theme)
        return cache[key]

    return build
