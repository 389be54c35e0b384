"""mathcore: the lecture's numbers and derivations, computed and proven.

Pure numpy and sympy; it never imports Manim, so it can be imported and tested
without Manim, LaTeX or video.

What lives where
----------------
The mathematics, at the top level:

- ``numerics``: softmax, its cost and their gradients, line integrals, descent.
- ``derivations``: the lecture's derivations, step by step, proven by sympy.
- ``notation``: the lecture's symbols, its LaTeX printer, number formatting.
- ``example``: the worked example, every number it shows, checked on build.
- ``outline``: the chapters in order, as plain data.
- one module per chapter's own mathematics: ``cost`` (chapters 3 and 4: the
  limits of the cost, the moving terms), ``slices`` (5: the integrand, the rise,
  the area), ``potential`` (6: the field on a plane, its line integrals),
  ``canonical`` (7 and 8: the sigmoid neuron, the log-partition function, its
  Hessian, soft labels, the cost/output pairs), ``summary`` (10: the chain of
  proven identities).

What the chapters show, laid out (axes, ticks, samples, dot stops, labels with
numbers, each chapter's ``*_data``), is in :mod:`mathcore.views`.

This package re-exports the public names of ``numerics`` and ``derivations``
(``mathcore.softmax``, ``mathcore.all_derivations``).
"""

from __future__ import annotations

from typing import Any

from . import derivations, numerics

_REEXPORTED = (numerics, derivations)

__all__ = [name for module in _REEXPORTED for name in module.__all__]


def __getattr__(name: str) -> Any:
    """``mathcore.<name>`` for a public name of numerics or derivations."""
    for module in _REEXPORTED:
        if name in module.__all__:
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's own names and the re-exported ones."""
    return sorted({*globals(), *__all__})
