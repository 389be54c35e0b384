"""The layout check catches what it promises: text at the frame's edge, labels on bars and dots,
numbers in e-notation.

Small scenes built like the chapters (animations skipped) each break one rule
on purpose; layout_problems must report it, and pass the same scene unbroken.
"""

from __future__ import annotations

import pytest
from manim import DOWN, LEFT, RIGHT, UP, Dot

from mathcore.outline import chapter_named
from scenes.base import SAFE_MARGIN, LectureScene
from scenes.components.bars import ClassBars
from tests.scenes.examples import example
from tests.scenes.inspection import build_scene, layout_problems, plain_numbers


class Clean(LectureScene):
    """The example's probability bars, a dot and a label well apart, all inside the margin."""

    chapter = chapter_named("probabilities")

    def construct(self) -> None:
        """One beat: bars on the left, a dot and its label on the right."""
        self.beat("The probabilities.")
        self.bars = ClassBars(self.example.shown(self.example.probabilities),
                              self.example.classes, self.theme.probability)
        self.bars.scale(0.6).to_edge(LEFT, buff=1.0)
        self.dot = Dot([3.0, 0.0, 0.0])
        self.label = self.math(self.example.latex["target_probability"], size=30)
        self.label.next_to(self.dot, UP, buff=0.3)
        self.add(self.bars, self.dot, self.label)
        self.change()

    def change(self) -> None:
        """Nothing: the layout is right."""


class LabelOnBar(Clean):
    """The label moved onto the middle of the first bar."""

    def change(self) -> None:
        """Put the label on the first bar."""
        self.label.move_to(self.bars.bars[0].get_center())


class LabelOnDot(Clean):
    """The label moved onto the dot."""

    def change(self) -> None:
        """Put the label on the dot."""
        self.label.move_to(self.dot.get_center())


class LabelAtTheEdge(Clean):
    """The label inside the frame but closer to its right edge than the safe margin."""

    def change(self) -> None:
        """Half the margin from the right edge."""
        self.label.to_edge(RIGHT, buff=SAFE_MARGIN / 2)


class ENotation(Clean):
    """A number typeset as 2.1e-12 (LaTeX sets it as 2.1 minus 12)."""

    def change(self) -> None:
        """A formula with an e-notation number, away from everything."""
        formula = self.math("2.1e-12", size=30)
        formula.to_edge(DOWN, buff=1.0)
        self.add(formula)


@pytest.fixture(scope="module")
def problems():
    return {scene: layout_problems(build_scene(scene, example("three")))
            for scene in (Clean, LabelOnBar, LabelOnDot, LabelAtTheEdge, ENotation)}


def test_a_clean_layout_passes(problems):
    assert problems[Clean] == []


def test_a_label_on_a_bar_is_reported(problems):
    assert any("sits on the bar of class 0" in problem for problem in problems[LabelOnBar])


def test_a_label_on_a_dot_is_reported(problems):
    assert any("sits on a dot" in problem for problem in problems[LabelOnDot])


def test_a_label_within_the_margin_is_reported(problems):
    # Inside the frame (the old check passed it), but within the safe margin.
    assert any("of the frame's edge" in problem for problem in problems[LabelAtTheEdge])


def test_e_notation_is_reported(problems):
    assert any("2.1e-12" in problem and "e-notation" in problem
               for problem in problems[ENotation])


def test_typeset_scientific_numbers_read_back_as_printed():
    assert plain_numbers(r"y_{T} = 2.1 \times 10^{-12}") == "y_{T} = 2.1e-12"
    assert plain_numbers(r"4.852 \times 10^{8}") == "4.852e+08"
