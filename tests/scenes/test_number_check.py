"""The number check catches what it promises to: labels on the wrong bar, stray numbers.

Small scenes, built like the chapters (animations skipped), show one row of
the example's probability bars, right or broken on purpose; number_problems
must pass the right one and report each broken one.
"""

from __future__ import annotations

import numpy as np
import pytest

from mathcore.notation import Shown
from mathcore.outline import chapter_named
from mathcore.views.training import training_display
from scenes.base import LectureScene
from scenes.components.bars import ClassBars
from tests.scenes.examples import example
from tests.scenes.inspection import build_scene, number_problems

EXAMPLE = "three"  # cat, dog, bird: probabilities 0.659, 0.242, 0.099


class ProbabilityBars(LectureScene):
    """One beat: the example's probabilities as bars with value labels."""

    chapter = chapter_named("probabilities")

    def shown(self) -> list[Shown]:
        """What the bars show (a subclass breaks it)."""
        return list(self.example.shown(self.example.probabilities))

    def construct(self) -> None:
        """Show the bars, then let a subclass change them."""
        self.beat("The probabilities.")
        self.bars = ClassBars(self.shown(), self.example.classes, self.theme.probability)
        self.add(self.bars)
        self.change()

    def change(self) -> None:
        """Nothing: the bars are right."""


class SwappedLabels(ProbabilityBars):
    """The labels of cat and dog trade places."""

    def change(self) -> None:
        """Swap the first two labels."""
        first, second = self.bars.value_labels[0], self.bars.value_labels[1]
        first_x, second_x = first.get_center()[0], second.get_center()[0]
        first.set_x(second_x)
        second.set_x(first_x)


class LabelFromAnotherValue(ProbabilityBars):
    """Cat's bar labelled with dog's text."""

    def shown(self) -> list[Shown]:
        """Cat's value with dog's text."""
        shown = super().shown()
        shown[0] = Shown(shown[0].value, shown[1].text)
        return shown


class BarsInAnotherOrder(ProbabilityBars):
    """The probabilities, each bar labelled right, but over the wrong classes."""

    def shown(self) -> list[Shown]:
        """The probabilities reversed."""
        return super().shown()[::-1]


class AnimatedThenSwapped(ProbabilityBars):
    """Bars that grow into the exponentials (Manim takes the row apart), with two labels swapped."""

    swap = True

    def change(self) -> None:
        """Animate to e^z, then maybe swap two labels' texts."""
        example = self.example
        shown = list(example.shown(example.exponentials))
        if self.swap:
            shown[0], shown[2] = (Shown(shown[0].value, shown[2].text),
                                  Shown(shown[2].value, shown[0].text))
        self.play(self.bars.animate_to(
            shown, value_range=(0.0, float(np.max(example.exponentials)))))


class AnimatedRight(AnimatedThenSwapped):
    """Bars that grow into the exponentials, labelled right."""

    swap = False


class StrayWholeNumber(ProbabilityBars):
    """A whole number no mathcore value gave."""

    words = "42 classes"

    def change(self) -> None:
        """Add a line of words with a number in it."""
        self.add(self.text(self.words).to_edge([0, -1, 0]))


class MathcoreWholeNumber(StrayWholeNumber):
    """A whole number mathcore gave: the descent's step count, in chapter 9's data."""

    display_data = training_display
    words = "30 steps"


def problems_of(scene_class: type) -> list[str]:
    worked = example(EXAMPLE)
    return number_problems(build_scene(scene_class, worked), worked)


@pytest.mark.parametrize("scene_class", [ProbabilityBars, AnimatedRight, MathcoreWholeNumber])
def test_right_bars_and_numbers_pass(scene_class):
    assert problems_of(scene_class) == []


def test_the_check_sees_the_row_after_an_animation_took_it_apart():
    scene = build_scene(AnimatedRight, example(EXAMPLE))
    (row,) = scene.snapshots[-1].bars
    assert row.drawn == pytest.approx(list(example(EXAMPLE).exponentials), abs=1e-9)


@pytest.mark.parametrize(("scene_class", "expected"), [
    (SwappedLabels, ["the label over 'cat' says 0.242, but its bar draws 0.659",
                     "the label over 'dog' says 0.659, but its bar draws 0.242"]),
    (AnimatedThenSwapped, ["the label over 'bird' says 7.389, but its bar draws 1.105",
                           "the label over 'cat' says 1.105, but its bar draws 7.389"]),
    (LabelFromAnotherValue, ["the label over 'cat' says 0.242, but its bar draws 0.659"]),
    (BarsInAnotherOrder, ["bars drawn at (0.09857, 0.2424, 0.659) are no mathcore vector for "
                          "the classes"]),
    (StrayWholeNumber, ["42 in '42 classes' is not a mathcore value"]),
])
def test_broken_bars_and_numbers_are_reported(scene_class, expected):
    assert problems_of(scene_class) == [f"beat 1: {problem}" for problem in expected]
