"""handout: the lecture's printable notes, typeset with pdflatex from mathcore.

``softmax-lecture handout`` writes ``<output>/handout/lecture-notes.pdf`` and
the ``.tex`` it was compiled from. Every number and formula comes from
``mathcore``; every derivation step is proven again while the notes are made.
Nothing here imports Manim. Importing this package is cheap: the modules that
load numpy and sympy are imported by name (``handout.build``).
"""

from __future__ import annotations

__all__ = ["DEFAULT_EXERCISE_SEED"]

DEFAULT_EXERCISE_SEED = 1
