r"""mathcore.views: what the chapters show, laid out; the mathematics is one level up.

Everything here exists only to lay out a picture: axis ranges and ticks (all
from :mod:`~mathcore.views.axes`), sample counts, where a dot stops, label
strings with the example's numbers in them, and each chapter's ``*_data``
function, which lists every number the chapter prints (the scenes' number
check reads it). One module per picture:

================  ========  ====================================================
``axes``          all       round tick steps, ticks, tick labels, plot ranges
``cost_curve``    3, 4      the curve :math:`C = -\log y_T`, its axes, its dot
``slice``         5         :math:`y_m - t_m` and the rise along :math:`z_m`
``plane``         6         a plane of two logits: extent, surface, arrows, contours, walks
``sigmoid``       7         :math:`\sigma(z)` and the cross-entropy :math:`C(a)`
``canonical``     8         :math:`A` along :math:`z_T`, the pairs' plots, the
                            eigenvalue lines
``training``      9         the descent's shown steps, axes and readouts
================  ========  ====================================================

The numbers and formulas themselves come from the top-level modules
(:mod:`mathcore.cost`, :mod:`mathcore.slices`, :mod:`mathcore.potential`,
:mod:`mathcore.canonical`, :mod:`mathcore.example`). Like the rest of mathcore,
nothing here imports Manim.
"""
