"""mathcore: the lecture's numbers and derivations, computed and proven.

Pure numpy and sympy; it never imports Manim, so it can be imported and tested
without Manim, LaTeX or video.
"""

from __future__ import annotations

from .derivations import (
    Derivation,
    DerivationResult,
    Step,
    StepResult,
    all_derivations,
    verify_all,
)
from .numerics import (
    DescentTrajectory,
    binary_cross_entropy,
    finite_difference_gradient,
    gradient_descent_trajectory,
    line_integral,
    log_softmax,
    logsumexp,
    nll,
    nll_gradient,
    sigmoid,
    softmax,
    softmax_jacobian,
    target_distribution,
)

__all__ = [
    "Derivation",
    "DerivationResult",
    "DescentTrajectory",
    "Step",
    "StepResult",
    "all_derivations",
    "binary_cross_entropy",
    "finite_difference_gradient",
    "gradient_descent_trajectory",
    "line_integral",
    "log_softmax",
    "logsumexp",
    "nll",
    "nll_gradient",
    "sigmoid",
    "softmax",
    "softmax_jacobian",
    "target_distribution",
    "verify_all",
]
