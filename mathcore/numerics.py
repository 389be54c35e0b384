"""Numerical building blocks of the lecture: softmax, its cost and their gradients.

Every function works in float64 along the last axis, so a batch of logit
vectors of shape ``(..., K)`` is handled like a single vector of shape ``(K,)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "FINITE_DIFFERENCE_STEP",
    "DescentTrajectory",
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
]

Array = NDArray[np.float64]

# Longest piece of a path, in the coordinate that changes most: at most twice that in
# any difference of logits, the variable softmax depends on. 16 Gauss-Legendre nodes
# integrate a sigmoid over 4 to 1e-15 (over 8, only to 6e-10; over 10, to 4e-8).
MAX_PIECE = 2.0
# Most pieces a path segment is cut into (bounds the time for enormous logits): for
# logits within +-1e5, the worked example's range, pieces stay within MAX_PIECE.
MAX_PIECES = 50_000
# Pieces whose field is evaluated at once (bounds memory: CHUNK_PIECES * nodes points).
CHUNK_PIECES = 5_000
# Gauss-Legendre nodes per piece of a path.
QUADRATURE_NODES = 16
# h of the central differences that check every gradient of the lecture.
FINITE_DIFFERENCE_STEP = 1e-5


def _as_logits(logits: ArrayLike) -> Array:
    array = np.asarray(logits, dtype=np.float64)
    if array.ndim == 0:
        raise ValueError("logits must have at least one axis (the classes)")
    return array


def logsumexp(logits: ArrayLike) -> Array:
    r"""Log of the softmax denominator, :math:`A(z) = \log \sum_k e^{z_k}`.

    Computed as :math:`\max_k z_k + \log \sum_k e^{z_k - \max_k z_k}`, so no
    exponential overflows: the largest term of the shifted sum is exactly 1.

    Parameters
    ----------
    logits : array_like, shape (..., K)
        Logits :math:`z`; the classes run along the last axis.

    Returns
    -------
    ndarray, shape (...)
        :math:`\log \sum_k e^{z_k}` for each vector of logits.
    """
    z = _as_logits(logits)
    peak = np.max(z, axis=-1, keepdims=True)
    shifted_sum = np.sum(np.exp(z - peak), axis=-1)
    return peak[..., 0] + np.log(shifted_sum)


def log_softmax(logits: ArrayLike) -> Array:
    r"""Log-probabilities :math:`\log y_m = z_m - \log \sum_k e^{z_k}`.

    Parameters
    ----------
    logits : array_like, shape (..., K)

    Returns
    -------
    log_probabilities : ndarray, shape (..., K)
        :math:`\log y`, computed without forming :math:`y`, so it stays finite
        (and exact) for probabilities far below the smallest float.
    """
    z = _as_logits(logits)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def softmax(logits: ArrayLike) -> Array:
    r"""Probabilities :math:`y_m = e^{z_m} / \sum_k e^{z_k}`.

    The logits are shifted by their maximum first; softmax is unchanged by a
    common shift (:math:`y(z + c\mathbf{1}) = y(z)`), and after it every
    exponential lies in (0, 1].

    Parameters
    ----------
    logits : array_like, shape (..., K)

    Returns
    -------
    probabilities : ndarray, shape (..., K)
        Positive (or underflowed to 0), summing to 1.
    """
    z = _as_logits(logits)
    exponentials = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return exponentials / np.sum(exponentials, axis=-1, keepdims=True)


def target_distribution(target: ArrayLike | int, n_classes: int) -> Array:
    r"""The target as a distribution :math:`t` over the classes.

    Parameters
    ----------
    target : int or array_like
        A class index :math:`T` (giving the one-hot :math:`t_m = 1_{m=T}`) or
        a probability vector (a soft label), returned as float64.
    n_classes : int
        :math:`K`, the number of classes.

    Returns
    -------
    ndarray, shape (K,) or (..., K)
    """
    if isinstance(target, (int, np.integer)):
        if not 0 <= int(target) < n_classes:
            raise ValueError(f"target index {int(target)} is outside 0..{n_classes - 1}")
        one_hot = np.zeros(n_classes)
        one_hot[int(target)] = 1.0
        return one_hot
    distribution = np.asarray(target, dtype=np.float64)
    if distribution.shape[-1:] != (n_classes,):
        raise ValueError(
            f"a soft target needs {n_classes} entries, got shape {distribution.shape}"
        )
    return distribution


def nll(logits: ArrayLike, target: ArrayLike | int) -> Array:
    r"""Negative log-likelihood cost :math:`C = -\sum_m t_m \log y_m`.

    For an integer target :math:`T` this is :math:`-\log y_T
    = \log \sum_k e^{z_k} - z_T`; for a soft target it is the cross-entropy
    :math:`\log \sum_k e^{z_k} - t^\top z` (when :math:`\sum_m t_m = 1`).

    Parameters
    ----------
    logits : array_like, shape (..., K)
    target : int or array_like, shape (..., K)
        Class index or target distribution.

    Returns
    -------
    ndarray, shape (...)
    """
    z = _as_logits(logits)
    # 0.0 - log y, not -log y: a cost of zero is 0.0, never -0.0 (which JSON prints).
    if isinstance(target, (int, np.integer)):
        target_distribution(target, z.shape[-1])  # range check
        return 0.0 - log_softmax(z)[..., int(target)]
    t = target_distribution(target, z.shape[-1])
    return 0.0 - np.sum(t * log_softmax(z), axis=-1)


def nll_gradient(logits: ArrayLike, target: ArrayLike | int) -> Array:
    r"""Gradient of the cost with respect to the logits, :math:`\partial C/\partial z_m`.

    Uses the closed form :math:`y_m - t_m` (scaled by :math:`\sum_m t_m` for
    an unnormalised soft target, so it is the true gradient of :func:`nll`).

    Returns
    -------
    ndarray, shape (..., K)
    """
    z = _as_logits(logits)
    t = target_distribution(target, z.shape[-1])
    total = np.sum(t, axis=-1, keepdims=True)
    return total * softmax(z) - t


def softmax_jacobian(logits: ArrayLike) -> Array:
    r"""Jacobian :math:`\partial y_m/\partial z_n = y_m(\delta_{mn} - y_n)`.

    In matrix form :math:`\operatorname{diag}(y) - y y^\top`: symmetric and
    positive semi-definite, with :math:`\mathbf{1}` in its null space.

    Returns
    -------
    ndarray, shape (..., K, K)
    """
    y = softmax(logits)
    diagonal = y[..., :, None] * np.eye(y.shape[-1])
    return diagonal - y[..., :, None] * y[..., None, :]


def sigmoid(z: ArrayLike) -> Array:
    r"""Logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`.

    Evaluated as :math:`e^{z}/(1 + e^{z})` for negative :math:`z`, so no
    exponential of a large positive number is ever formed.
    """
    x = np.asarray(z, dtype=np.float64)
    exponential = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + exponential), exponential / (1.0 + exponential))


def binary_cross_entropy(z: ArrayLike, target: ArrayLike) -> Array:
    r"""Cross-entropy of a sigmoid neuron, from its pre-activation.

    :math:`C = -[y \ln a + (1 - y)\ln(1 - a)]` with :math:`a = \sigma(z)`,
    written as :math:`\operatorname{softplus}(z) - y z` with
    :math:`\operatorname{softplus}(z) = \max(z, 0) + \log(1 + e^{-|z|})`, which
    is exact for large :math:`|z|` where :math:`a` rounds to 0 or 1.

    Parameters
    ----------
    z : array_like
        Pre-activation of the neuron.
    target : array_like
        Target :math:`y \in [0, 1]`.
    """
    x = np.asarray(z, dtype=np.float64)
    y = np.asarray(target, dtype=np.float64)
    softplus = np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    return softplus - y * x


def finite_difference_gradient(
    function: Callable[[Array], float], point: ArrayLike, step: float = FINITE_DIFFERENCE_STEP
) -> Array:
    r"""Central-difference estimate of the gradient of a scalar function.

    :math:`\partial f/\partial z_m \approx (f(z + h e_m) - f(z - h e_m)) / 2h`,
    whose error is :math:`O(h^2)`.

    Parameters
    ----------
    function : callable
        Maps a vector of shape (K,) to a float.
    point : array_like, shape (K,)
    step : float
        :math:`h`.
    """
    z = np.asarray(point, dtype=np.float64)
    estimate = np.empty_like(z)
    for m in range(z.shape[-1]):
        offset = np.zeros_like(z)
        offset[m] = step
        estimate[m] = (function(z + offset) - function(z - offset)) / (2.0 * step)
    return estimate


def _gauss_legendre(nodes: int) -> tuple[Array, Array]:
    """Nodes and weights on [0, 1]."""
    points, weights = np.polynomial.legendre.leggauss(nodes)
    return (points + 1.0) / 2.0, weights / 2.0


def line_integral(
    field: Callable[[Array], Array],
    path: Sequence[ArrayLike] | ArrayLike,
    nodes: int = QUADRATURE_NODES,
    max_piece: float = MAX_PIECE,
) -> float:
    r"""Line integral :math:`\int_\gamma g \cdot d\mathbf{z}` along a polyline.

    Each straight segment (cut into pieces of at most ``max_piece``) from
    :math:`p` to :math:`q` contributes
    :math:`\int_0^1 g(p + s(q - p)) \cdot (q - p)\, ds`, evaluated by
    Gauss–Legendre quadrature with ``nodes`` points (exact for polynomials of
    degree ``2 * nodes - 1``; the softmax field is analytic, so the error falls
    geometrically with ``nodes``).

    Parameters
    ----------
    field : callable
        Maps points of shape (N, K) to field vectors of shape (N, K).
    path : sequence of array_like, shape (P, K)
        Vertices of the polyline, P >= 2 (two vertices: a straight path).
    nodes : int
        Quadrature points per piece.
    max_piece : float
        Longest piece (in the largest coordinate) a segment is cut into.
    """
    vertices = np.asarray(path, dtype=np.float64)
    if vertices.ndim != 2 or vertices.shape[0] < 2:
        raise ValueError("a path needs at least two vertices of shape (K,)")
    fractions, weights = _gauss_legendre(nodes)
    total = 0.0
    for start, end in zip(vertices[:-1], vertices[1:], strict=True):
        # Long segments are cut into pieces no longer than max_piece (largest
        # coordinate change), where the field varies on a scale of 1 or more.
        pieces = max(1, int(np.ceil(np.max(np.abs(end - start)) / max_piece)))
        pieces = min(pieces, MAX_PIECES)
        direction = (end - start) / pieces
        per_piece = np.empty(pieces)
        for first in range(0, pieces, CHUNK_PIECES):
            chunk = np.arange(first, min(first + CHUNK_PIECES, pieces))
            offsets = (chunk[:, None] + fractions[None, :]).reshape(-1)
            points = start + offsets[:, None] * direction
            values = np.asarray(field(points), dtype=np.float64)
            per_piece[chunk] = (values @ direction).reshape(len(chunk), nodes) @ weights
        # numpy's pairwise sum: its rounding grows with log2(pieces), where one running
        # total over 20 000 pieces lost 3e-9 at |z| ~ 1e5.
        total += float(np.sum(per_piece))
    return total


@dataclass(frozen=True)
class DescentTrajectory:
    r"""Gradient descent on the logits, :math:`z \leftarrow z - \eta (y - t)`.

    Attributes
    ----------
    logits : ndarray, shape (steps + 1, K)
        The logits before each step and after the last.
    probabilities : ndarray, shape (steps + 1, K)
    costs : ndarray, shape (steps + 1,)
    rate : float
        Learning rate :math:`\eta`.
    """

    logits: Array
    probabilities: Array
    costs: Array
    rate: float


def gradient_descent_trajectory(
    logits: ArrayLike, target: ArrayLike | int, rate: float, steps: int
) -> DescentTrajectory:
    r"""Run ``steps`` steps of gradient descent on the cost, from ``logits``.

    Parameters
    ----------
    logits : array_like, shape (K,)
    target : int or array_like, shape (K,)
    rate : float
        :math:`\eta > 0`.
    steps : int
        Number of updates (>= 0).
    """
    if steps < 0:
        raise ValueError("steps must be >= 0")
    if not rate > 0:
        raise ValueError("the learning rate must be positive")
    z = np.array(logits, dtype=np.float64)
    path = np.empty((steps + 1, z.shape[-1]))
    path[0] = z
    for step in range(steps):
        z = z - rate * nll_gradient(z, target)
        path[step + 1] = z
    return DescentTrajectory(
        logits=path,
        probabilities=softmax(path),
        costs=nll(path, target if isinstance(target, (int, np.integer))
                  else np.broadcast_to(target, path.shape)),
        rate=float(rate),
    )
