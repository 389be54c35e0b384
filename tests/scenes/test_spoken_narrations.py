"""The narration of every beat, as the speech engine and the captions get it.

Reads every chapter (built with animations skipped, once a session) for 2, 3
and 8 classes with odd names and extreme logits, and checks on each beat's
narration that :func:`mathcore.spoken.spoken` leaves only speakable text and
says every printed number, and that :func:`mathcore.spoken.caption_chunks`
cuts it into cues that fit, lose nothing and split no number, symbol or
parenthesis.
"""

from __future__ import annotations

import re

import pytest

from mathcore.outline import CHAPTERS
from mathcore.spoken import caption_chunks, spoken
from tests.mathcore.test_spoken import check_chunks, read_numbers, speakable_problems
from tests.scenes.examples import EXAMPLES

# A printed number as the narration writes it; a minus sign only where no word comes before.
PRINTED = re.compile(r"(?:(?<![\w.])[-\u2212])?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
# Written forms that are said without their digits.
UNNUMBERED = re.compile(r"\(\s*1\s*,\s*(?:\.\.\.|\u2026)\s*,\s*1\s*\)|\^\{?[23]\}?(?!\d|\.\d)")
SYMBOL = re.compile(r"\S*[_^\\{}]\S*|\S*\d\S*")


@pytest.fixture(scope="module")
def narrations(built):
    """``narrations(name)``: (where, narration) of every beat for a test example.

    The chapters come from the session's builds (tests/scenes/conftest.py), the
    ones the layout tests check: 2, 3 and 8 classes with names full of LaTeX
    and markup specials and logits from -20 to 20.
    """
    def build(name: str) -> list[tuple[str, str]]:
        return [(f"{chapter.stem} beat {beat}", narration) for chapter in CHAPTERS
                for beat, narration in enumerate(built(chapter, name, "dark").narrations, 1)]

    return build


def printed_numbers(narration: str) -> list[float]:
    return [float(number.replace("\u2212", "-"))
            for number in PRINTED.findall(UNNUMBERED.sub(" ", narration))]


def test_the_probe_reads_printed_numbers():
    assert printed_numbers("a = -1.000 to b = 3.000, 2.1e-12, t_1, class1, x^2, (1, ..., 1)") \
        == [-1.0, 3.0, 2.1e-12, 1.0, 1.0]
    assert printed_numbers("all on x^2. Then x^2.5 and x^23") == [2.5, 23.0]


def said_in_order(expected: list[float], said: list[float]) -> bool:
    remaining = iter(said)
    return all(any(value == number for number in remaining) for value in expected)


def test_said_in_order_can_fail():
    assert said_in_order([1.5, 2.0], [0.0, 1.5, 7.0, 2.0])
    assert not said_in_order([2.0, 1.5], [1.5, 2.0])
    assert not said_in_order([0.659], [0.65, 9.0])


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_beat_is_speakable_and_says_its_numbers(narrations, name):
    problems = []
    for where, narration in narrations(name):
        said = spoken(narration)
        trouble = speakable_problems(said)
        if re.search(r"\d|[_^\\\u2202\u03a3\u2211]", said):
            trouble.append("digits or symbols left")
        if not said_in_order(printed_numbers(narration), read_numbers(said)):
            trouble.append(f"numbers {printed_numbers(narration)} but said {read_numbers(said)}")
        problems += [f"{where}: {item}\n  {narration}\n  {said}" for item in trouble]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_beat_cuts_into_cues_that_read_alone(narrations, name):
    for where, narration in narrations(name):
        chunks = caption_chunks(narration)
        check_chunks(narration, chunks, 42, 2)
        for chunk in chunks:
            # Brackets close in the cue they open in; numbers and symbols are whole words.
            assert chunk.count("(") == chunk.count(")"), (where, chunks)
            assert not speakable_problems(spoken(chunk)), (where, chunk, spoken(chunk))
        symbols = [token for token in narration.split() if SYMBOL.fullmatch(token)]
        assert symbols == [token for chunk in chunks for token in chunk.split()
                           if SYMBOL.fullmatch(token)]
        # Read cue by cue, the beat says the same words and numbers as read whole.
        pieces = " ".join(spoken(chunk) for chunk in chunks)
        whole = spoken(narration)
        assert re.findall(r"[\w'-]+", pieces) == re.findall(r"[\w'-]+", whole), where
        assert read_numbers(pieces) == read_numbers(whole), where
