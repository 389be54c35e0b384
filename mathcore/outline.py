"""The lecture's outline: its chapters in order, as plain data every package reads.

The pipeline names its outputs after it, the scenes take their titles from it,
the handout numbers its sections by it. Importable without Manim.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHAPTERS", "Chapter", "chapter_by_number", "chapter_named"]


@dataclass(frozen=True)
class Chapter:
    """One chapter: one scene, one video chapter, one deck section.

    ``uses_example`` says whether the chapter shows the worked example: the
    render cache keys the chapter by the example only when it does, so a new
    example re-renders only those chapters (tests/scenes proves a chapter that
    says no draws the same for any example).
    """

    number: int
    slug: str
    module: str
    scene: str
    title: str
    uses_example: bool = True

    @property
    def stem(self) -> str:
        """File stem of its outputs, e.g. ``02-probabilities``."""
        return f"{self.number:02d}-{self.slug}"

    @property
    def path(self) -> str:
        """Source file, relative to the repository root."""
        return self.module.replace(".", "/") + ".py"


CHAPTERS = (
    Chapter(1, "question", "scenes.ch01_question", "TheQuestion", "The question",
            uses_example=False),
    Chapter(2, "probabilities", "scenes.ch02_probabilities", "LogitsToProbabilities",
            "Logits to probabilities"),
    Chapter(3, "cost", "scenes.ch03_cost", "TheCost", "The cost"),
    Chapter(4, "gradient", "scenes.ch04_gradient", "MagicGradient",
            "The \u201cmagic\u201d gradient"),
    Chapter(5, "backwards", "scenes.ch05_backwards", "RunningItBackwards",
            "Running it backwards"),
    Chapter(6, "potential", "scenes.ch06_potential", "OneCoordinateAtATime",
            "Why one coordinate at a time is allowed"),
    Chapter(7, "sigmoid", "scenes.ch07_sigmoid", "SigmoidNeuron",
            "The same trick for a sigmoid neuron"),
    Chapter(8, "deeper", "scenes.ch08_deeper", "DeeperReason", "The deeper reason"),
    Chapter(9, "training", "scenes.ch09_training", "TrainingWithIt", "Training with it"),
    Chapter(10, "summary", "scenes.ch10_summary", "Summary", "Summary"),
)


def chapter_by_number(number: int) -> Chapter:
    """The chapter numbered ``number`` (1-based)."""
    for chapter in CHAPTERS:
        if chapter.number == number:
            return chapter
    raise KeyError(number)


def chapter_named(slug: str) -> Chapter:
    """The chapter whose slug is ``slug`` (``"probabilities"``)."""
    for chapter in CHAPTERS:
        if chapter.slug == slug:
            return chapter
    raise KeyError(slug)
