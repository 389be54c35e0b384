"""Plain-Python references for the tests: softmax, its cost and gradient, from their definitions.

Written with ``math.exp`` and ``math.fsum`` only, sharing no code with mathcore,
so a test that compares mathcore against them compares two independent
computations. Shifted by the largest logit, so they hold for any float logits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def plain_probabilities(logits: Sequence[float]) -> list[float]:
    """y_m = e^{z_m - max z} / sum_k e^{z_k - max z}."""
    peak = max(logits)
    exponentials = [math.exp(value - peak) for value in logits]
    total = math.fsum(exponentials)
    return [value / total for value in exponentials]


def plain_cost(logits: Sequence[float], target: int) -> float:
    """C = log sum_k e^{z_k} - z_T, the sum shifted by max z."""
    peak = max(logits)
    return peak + math.log(math.fsum(math.exp(value - peak) for value in logits)) - logits[target]


def plain_gradient(logits: Sequence[float], target: int) -> list[float]:
    """dC/dz_m = y_m - 1_{m=T}."""
    return [y - (1.0 if m == target else 0.0)
            for m, y in enumerate(plain_probabilities(logits))]
