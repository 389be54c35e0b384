"""Hypothesis strategies shared by the mathcore tests: logits, and logits with a target."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

__all__ = ["finite_floats", "logit_vectors", "logits_and_target"]


def finite_floats(bound: float) -> st.SearchStrategy[float]:
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False)


def logit_vectors(bound: float = 1e4, max_classes: int = 8) -> st.SearchStrategy[np.ndarray]:
    return st.lists(finite_floats(bound), min_size=2, max_size=max_classes).map(np.array)


@st.composite
def logits_and_target(draw, bound: float = 1e4, max_classes: int = 8):
    logits = draw(logit_vectors(bound, max_classes))
    target = draw(st.integers(0, len(logits) - 1))
    return logits, target
