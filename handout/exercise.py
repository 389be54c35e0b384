"""The exercise example: a second, smaller worked example drawn from a seed.

The handout's exercises use numbers a student can work by hand: 3 to 5
classes, logits that are whole or half numbers, a random target and fruit
names. The same seed always gives the same example.
"""

from __future__ import annotations

import random

from mathcore.example import WorkedExample

from . import DEFAULT_EXERCISE_SEED

__all__ = ["EXERCISE_CLASSES", "exercise_example"]

EXERCISE_CLASSES = (
    "apple", "banana", "cherry", "grape", "kiwi", "lemon", "mango", "peach", "pear", "plum",
)
# Logits in steps of one half from -2 to 3: easy to exponentiate with a table or a calculator.
LOGIT_CHOICES = tuple(step / 2 for step in range(-4, 7))
CLASS_COUNTS = (3, 4, 5)


def exercise_example(seed: int = DEFAULT_EXERCISE_SEED) -> WorkedExample:
    """The exercise example for ``seed``: K in 3..5, distinct half-integer logits.

    ``random.Random`` with an integer seed gives the same draws on every
    platform and Python 3 version, so a seed names one exercise sheet.
    """
    rng = random.Random(seed)
    count = rng.choice(CLASS_COUNTS)
    logits = rng.sample(LOGIT_CHOICES, count)
    classes = rng.sample(EXERCISE_CLASSES, count)
    target = rng.randrange(count)
    return WorkedExample.build(logits, target, classes)
