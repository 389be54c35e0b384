r"""Chapter 8's pictures: :math:`A(z)` along :math:`z_T`, the three pairs sampled, the numbers.

:func:`log_partition_slice` samples :math:`A` along the target's logit on a
range that holds :math:`z_T` and the bend (:data:`SLICE_MARGIN` beyond both);
:func:`canonical_pairs` samples each pair's :math:`A`, output, cost and
gradient for its small plot; :func:`chapter8_data` lists every number and
string the chapter shows (eigenvalues :data:`EIGENVALUES_PER_LINE` to a line).
The mathematics (:math:`A`, the Hessian and its spectrum, the soft labels, the
pairs' formulas) is in :mod:`mathcore.canonical`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import sympy as sp

from .. import notation as nt
from ..canonical import (
    CanonicalPair,
    LogPartition,
    canonical_pair_formulas,
    deeper_formulas,
    hessian_spectrum,
    lam,
    log_partition,
    soft_label_example,
)
from ..example import WorkedExample
from ..notation import A, C, T, format_number, number_latex, number_text, y
from ..numerics import binary_cross_entropy, logsumexp, nll, sigmoid, softmax
from .axes import Curve, padded_range, sampled_curve
from .sigmoid import CURVE_SAMPLES, two_class_plots, with_value

__all__ = [
    "EIGENVALUES_PER_LINE",
    "LINEAR_HALF_RANGE",
    "SLICE_MARGIN",
    "LogPartitionSlice",
    "SampledPair",
    "canonical_pairs",
    "chapter8_data",
    "eigenvalue_texts",
    "log_partition_slice",
]

SLICE_MARGIN = 4.0  # A(z) along z_T: this far beyond z_T and the kink
LINEAR_HALF_RANGE = 3.0  # the linear pair is plotted on [-3, 3]
EIGENVALUES_PER_LINE = 4


@dataclass(frozen=True)
class LogPartitionSlice(LogPartition):
    """:class:`~mathcore.canonical.LogPartition` with :math:`A` sampled along :math:`z_T`.

    Attributes
    ----------
    curve : Curve
        :math:`A` against :math:`z_T`, the other logits at the example's.
    """

    curve: Curve


def log_partition_slice(example: WorkedExample, samples: int = CURVE_SAMPLES
                        ) -> LogPartitionSlice:
    """A(z) along the target's logit, on a range that holds z_T and the bend."""
    at_example = log_partition(example)
    logits = np.array(example.logits, dtype=float)
    index, rest = at_example.index, at_example.rest
    low = min(logits[index], rest) - SLICE_MARGIN
    high = max(logits[index], rest) + SLICE_MARGIN
    points = np.linspace(low, high, samples)
    varied = np.repeat(logits[None, :], samples, axis=0)
    varied[:, index] = points
    values = logsumexp(varied)
    return LogPartitionSlice(
        **{entry.name: getattr(at_example, entry.name) for entry in fields(at_example)},
        curve=sampled_curve(points, values, (low, high), padded_range(values)),
    )


@dataclass(frozen=True)
class SampledPair(CanonicalPair):
    r"""A :class:`~mathcore.canonical.CanonicalPair` sampled for its small plot.

    Attributes
    ----------
    target : float
        The target of the sampled curves.
    inputs : ndarray
        Where :math:`A` is sampled (for the softmax: the target's logit, the
        others fixed at the example's).
    log_partition_values, output_values, cost_values, gradient_values : ndarray
        :math:`A`, the output, the cost and output :math:`-` target there.
    curve : Curve
        :math:`A` against the input.
    """

    target: float
    inputs: np.ndarray
    log_partition_values: np.ndarray
    output_values: np.ndarray
    cost_values: np.ndarray
    gradient_values: np.ndarray
    curve: Curve


def canonical_pairs(example: WorkedExample, samples: int = CURVE_SAMPLES
                    ) -> tuple[SampledPair, ...]:
    r"""The three pairs of chapter 8's table, each sampled for ``example``.

    The softmax along the target's logit (as :func:`log_partition_slice`),
    the sigmoid on the range of chapter 7's :math:`\sigma(z)` plot, the linear
    output on :math:`[-3, 3]`; the sigmoid's and the linear output's target is
    chapter 7's label :math:`y = t_1`.
    """
    slice_ = log_partition_slice(example, samples)
    points = slice_.curve.x
    logits = np.array(example.logits, dtype=float)
    varied = np.repeat(logits[None, :], len(points), axis=0)
    varied[:, example.target] = points

    reduction = two_class_plots(example, samples)
    label = reduction.label
    sigmoid_inputs = reduction.sigmoid_curve.x
    linear_inputs = np.linspace(-LINEAR_HALF_RANGE, LINEAR_HALF_RANGE, samples)
    # name: (target, inputs, A, output, cost)
    sampled = {
        "softmax": (1.0, points, slice_.curve.y, softmax(varied)[:, example.target],
                    nll(varied, example.target)),
        "sigmoid": (label, sigmoid_inputs, binary_cross_entropy(sigmoid_inputs, 0.0),
                    sigmoid(sigmoid_inputs), binary_cross_entropy(sigmoid_inputs, label)),
        "linear": (label, linear_inputs, linear_inputs**2 / 2, linear_inputs,
                   (linear_inputs - label) ** 2 / 2),
    }
    pairs = []
    for pair in canonical_pair_formulas():
        target, inputs, a_values, outputs, costs = sampled[pair.name]
        pairs.append(SampledPair(
            **{entry.name: getattr(pair, entry.name) for entry in fields(pair)},
            target=target, inputs=inputs, log_partition_values=a_values,
            output_values=outputs, cost_values=costs, gradient_values=outputs - target,
            curve=sampled_curve(inputs, a_values, (float(inputs[0]), float(inputs[-1])),
                                padded_range(a_values)),
        ))
    return tuple(pairs)


def eigenvalue_texts(eigenvalues: np.ndarray) -> list[str]:
    r"""Each eigenvalue as printed: an exact zero as ``0``, the others as the numbers they are.

    :func:`~mathcore.canonical.hessian_spectrum` knows its zero is exact (the
    direction :math:`\mathbf{1}`, by symmetry), so it is printed ``0`` and
    never looks like a rounded tiny value (``0.000`` beside ``4.9e-18``).
    """
    return [nt.latex(sp.Integer(0)) if value == 0.0 else number_latex(value)
            for value in eigenvalues]


def _eigenvalue_lines(eigenvalues: np.ndarray) -> list[str]:
    r"""``\lambda = 0, 0.128, 0.369``, four values a line."""
    texts = eigenvalue_texts(eigenvalues)
    lines = []
    for start in range(0, len(texts), EIGENVALUES_PER_LINE):
        chunk = r",\ ".join(texts[start:start + EIGENVALUES_PER_LINE])
        last = start + EIGENVALUES_PER_LINE >= len(texts)
        lines.append(chunk if last else chunk + ",")
    lines[0] = f"{nt.latex(lam)} = {lines[0]}"
    return lines


def _deeper_latex(example: WorkedExample) -> dict[str, Any]:
    """Chapter 8's formulas with the example's numbers in them."""
    at_example = log_partition(example)
    spectrum = hessian_spectrum(example.logits)
    soft = soft_label_example(example)
    return {
        "log_partition_value": with_value(A, at_example.value),
        "slope_value": with_value(y[T], at_example.slope),
        "eigenvalues": eigenvalue_texts(spectrum.eigenvalues),
        "eigenvalue_lines": _eigenvalue_lines(spectrum.eigenvalues),
        "matrix": [[number_latex(value) for value in row] for row in spectrum.matrix],
        # Words (a Text), so 2.1e-12 is written 2.1 × 10⁻¹² in the font.
        "matrix_range": [number_text(float(spectrum.matrix.min())),
                         number_text(float(spectrum.matrix.max()))],
        "soft_target_values": [format_number(value) for value in soft.target],
        "soft_gradient_values": [format_number(value) for value in soft.gradient],
        "soft_cost_value": with_value(C, soft.cost),
        "smoothing": format_number(soft.smoothing),
    }


def chapter8_data(example: WorkedExample) -> dict[str, Any]:
    """Every number and string chapter 8 shows for ``example`` (for the number test)."""
    slice_ = log_partition_slice(example)
    spectrum = hessian_spectrum(example.logits)
    soft = soft_label_example(example)
    pairs = canonical_pairs(example)
    return {
        "values": [slice_.value, slice_.slope, soft.cost, soft.smoothing,
                   *spectrum.eigenvalues.tolist(), *soft.target.tolist(),
                   *soft.gradient.tolist()],
        "latex": {**deeper_formulas(), **_deeper_latex(example)},
        "table": [[pair.output_latex, pair.log_partition_latex, pair.cost_latex,
                   pair.gradient_latex] for pair in pairs],
        "ticks": {pair.name: [list(pair.curve.x_tick_labels), list(pair.curve.y_tick_labels)]
                  for pair in pairs},
        "slice_ticks": [list(slice_.curve.x_tick_labels), list(slice_.curve.y_tick_labels)],
    }
