r"""mathcore.views: what the chapters show, laid out; the mathematics is one level up.

Everything here exists only to lay out a picture: axis ranges and ticks
(:mod:`~mathcore.views.axes`, the one place they are computed), sample counts,
where a dot stops, label strings with the example's numbers in them, and each
chapter's ``*_data`` function that lists every number the chapter prints (the
scenes' number check reads it). One module per picture:

==================  =========  ==================================================
``cost_curve``      ch. 3, 4   the curve :math:`C = -\log y_T`, its axes and dot
``plane``           ch. 6      the :math:`(z_1, z_2)` plane: extent, arrows, contours
==================  =========  ==================================================

The numbers and formulas themselves come from the top-level modules
(:mod:`mathcore.cost`, :mod:`mathcore.potential`, ...). Like the rest of
mathcore, nothing here imports Manim.
"""
