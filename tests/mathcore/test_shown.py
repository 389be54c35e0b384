"""A value and its printed text travel together: WorkedExample.shown and notation.Shown."""

from __future__ import annotations

import dataclasses
import math

import pytest

from mathcore.example import WorkedExample
from mathcore.notation import Shown


def test_each_value_comes_with_the_text_the_lecture_prints_for_it():
    example = WorkedExample.build([2.0, 1.0, 0.1], "cat", ["cat", "dog", "bird"])
    shown = example.shown(example.probabilities)
    assert [entry.text for entry in shown] == ["0.659", "0.242", "0.099"]
    total = sum(math.exp(logit) for logit in (2.0, 1.0, 0.1))
    assert [entry.value for entry in shown] == pytest.approx(
        [math.exp(logit) / total for logit in (2.0, 1.0, 0.1)], rel=1e-12)
    assert all(isinstance(entry.value, float) for entry in shown)
    assert all(entry.latex == entry.text for entry in shown)


def test_tiny_and_huge_values_keep_their_own_text():
    example = WorkedExample.build([-20.0, 20.0], 1, ["a", "b"])
    small, large = example.shown([2.1e-9, 485165195.41])
    assert (small.text, large.text) == ("2.1e-09", "4.852e+08")
    assert (small.value, large.value) == (2.1e-9, 485165195.41)


def test_a_shown_value_cannot_be_changed_apart_from_its_text():
    entry = Shown(0.5, "0.500")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.value = 0.25  # type: ignore[misc]
