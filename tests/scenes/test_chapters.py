"""Every chapter, built with animations skipped, for 2, 3 and 8 classes in both themes.

Checks what a viewer would notice: nothing outside the frame, no two texts on
top of each other, every number on screen one that mathcore computed; and, in
the sources, that no chapter types LaTeX of its own.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from mathcore.outline import CHAPTERS
from tests.scenes.examples import EXAMPLES, example
from tests.scenes.inspection import describe, layout_problems, number_problems

CASES = [
    pytest.param(chapter, name, theme, id=f"{chapter.stem}-{name}-{theme}")
    for chapter in CHAPTERS
    for name in EXAMPLES
    for theme in ("dark", "light")
]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[chapter.stem for chapter in CHAPTERS])
def test_every_chapter_declares_its_data_one_way(chapter):
    """mathcore_data is LectureScene's; a chapter only names its mathcore function."""
    from scenes.base import LectureScene

    scene_class = getattr(importlib.import_module(chapter.module), chapter.scene)
    assert issubclass(scene_class, LectureScene)
    assert "mathcore_data" not in vars(scene_class)
    assert scene_class.chapter is chapter
    data = scene_class.mathcore_data(example("three"))
    assert isinstance(data, dict)
    assert bool(data) == (scene_class.display_data is not None)


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


ROOT = Path(__file__).resolve().parents[2]
# Calls whose string arguments are LaTeX (a lone "=" between parts is allowed).
LATEX_CALLS = {"math", "formula", "MathTex", "Tex", "SingleStringMathTex", "_box"}


def typed_latex(source: str) -> list[str]:
    """String literals in a chapter's source that are LaTeX (docstrings aside)."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings and any(
                    mark in node.value for mark in ("\\", "_{", "^{")):
            found.append(node.value)
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in LATEX_CALLS:
                found += [argument.value for argument in node.args
                          if isinstance(argument, ast.Constant)
                          and isinstance(argument.value, str)
                          and any(character.isalnum() for character in argument.value)]
    return found


def test_the_probe_finds_typed_latex():
    source = 'def f(self):\n    r"""Uses \\log."""\n    self.math("z")\n    k = {r"\\log u": 1}\n'
    assert typed_latex(source) == ["z", "\\log u"]
    assert typed_latex('def f(self):\n    self.math(symbol, "=")\n') == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[chapter.stem for chapter in CHAPTERS])
def test_no_chapter_types_latex(chapter):
    """Every formula, term and symbol a chapter shows comes from mathcore, by name."""
    assert typed_latex((ROOT / chapter.path).read_text(encoding="utf-8")) == []
