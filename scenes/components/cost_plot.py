"""A small plot of the cost per step of a descent, drawn point by point.

``CostPlot`` holds the axes (steps along x, the cost along y from 0) and a
head dot at the current step. :meth:`CostPlot.advance` returns the animation
of one more segment of the curve, :meth:`CostPlot.rewind` the one that takes it
back to its first point; the scene plays them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeOut,
    Line,
    MathTex,
    Text,
    UpdateFromFunc,
    VGroup,
    VMobject,
)

from mathcore.notation import Shown

from ..theme import current_theme
from .plot_area import PlotArea

__all__ = ["CostPlot"]

TICK_SIZE = 22
LABEL_SIZE = 26
TICK_LENGTH = 0.12


class CostPlot(PlotArea):
    """Axes for the cost per step, and the curve grown step by step.

    Parameters
    ----------
    steps : sequence of int
        The step index of each point (increasing, from 0).
    costs : sequence of Shown
        The cost at each of those steps (>= 0, from mathcore), with its text.
    cost_top : Shown
        The top of the cost axis (from mathcore: the largest cost), its text
        written at the top tick.
    step_ticks : sequence of int
        Steps that get a tick and a number on the x axis.
    cost_symbol : str
        LaTeX of the cost's symbol, for the y axis.
    step_word : str
        The x axis' label (plain text).
    width, height : float
        Size of the plotting area.
    """

    def __init__(
        self,
        steps: Sequence[int],
        costs: Sequence[Shown],
        cost_top: Shown,
        step_ticks: Sequence[int],
        cost_symbol: str,
        step_word: str = "step",
        width: float = 5.0,
        height: float = 3.0,
    ) -> None:
        if len(steps) != len(costs) or not len(steps):
            raise ValueError("one cost per step, at least one step")
        super().__init__((0.0, max(steps[-1], 1)), (0.0, cost_top.value), width, height)
        theme = current_theme()
        self.steps = list(steps)
        self.costs = np.array([cost.value for cost in costs])
        origin = self.point(0.0, 0.0)

        self.x_axis = Arrow(origin + LEFT * 0.05, origin + RIGHT * (width + 0.35), buff=0,
                            color=theme.muted, stroke_width=3, max_tip_length_to_length_ratio=0.04)
        self.y_axis = Arrow(origin + DOWN * 0.05, origin + UP * (height + 0.35), buff=0,
                            color=theme.muted, stroke_width=3, max_tip_length_to_length_ratio=0.06)
        self.x_ticks = VGroup()
        self.x_numbers = VGroup()
        for step in step_ticks:
            x = self.point(step, 0.0)[0]
            self.x_ticks.add(Line([x, origin[1], 0], [x, origin[1] - TICK_LENGTH, 0],
                                  color=theme.muted, stroke_width=2))
            number = Text(str(step), font=theme.font, font_size=TICK_SIZE, color=theme.muted)
            number.next_to([x, origin[1] - TICK_LENGTH, 0], DOWN, buff=0.08)
            self.x_numbers.add(number)
        self.x_label = Text(step_word, font=theme.font, font_size=LABEL_SIZE, color=theme.text)
        self.x_label.next_to(self.x_axis.get_end(), DOWN, buff=0.12).align_to(
            self.x_axis.get_end(), RIGHT)
        if self.x_numbers and self.x_label.get_left()[0] < self.x_numbers[-1].get_right()[0] + 0.15:
            # The word would touch the last number: put it below the numbers instead.
            self.x_label.next_to(self.x_numbers, DOWN, buff=0.1).align_to(
                self.x_axis.get_end(), RIGHT)
        self.y_label = MathTex(cost_symbol, font_size=LABEL_SIZE * 1.4, color=theme.cost)
        self.y_label.next_to(self.y_axis.get_end(), LEFT, buff=0.15)
        top = origin + UP * height
        self.top_guide = DashedLine(top, top + RIGHT * width, color=theme.grid, stroke_width=2)
        self.top_tick = Line(top, top + LEFT * TICK_LENGTH, color=theme.muted, stroke_width=2)
        self.top_number = Text(cost_top.text, font=theme.font, font_size=TICK_SIZE,
                               color=theme.muted)
        self.top_number.next_to(self.top_tick, LEFT, buff=0.08)
        self.head = Dot(self.step_point(0), radius=0.07, color=theme.cost)
        self.add(self.top_guide, self.x_axis, self.y_axis, self.x_ticks, self.x_numbers,
                 self.x_label, self.y_label, self.top_tick, self.top_number, self.head)
        self.trail: list[VMobject] = []
        self.current = 0

    # ------------------------------------------------------------------

    def step_point(self, index: int) -> np.ndarray:
        """Where point ``index`` (of ``steps``) is drawn, in the plot's current place."""
        return self.point(self.steps[index], self.costs[index])

    def advance_to(self, index: int, **kwargs) -> Animation:
        """Animation: the curve grows to point ``index`` and the head runs along it."""
        if not self.current < index < len(self.steps):
            raise ValueError(f"cannot grow the curve from point {self.current} to {index}")
        corners = [self.step_point(position) for position in range(self.current, index + 1)]
        piece = VMobject(stroke_color=current_theme().cost, stroke_width=4)
        piece.set_points_as_corners(corners)
        self.trail.append(piece)
        self.current = index
        # The head rides on the tip of the curve as it is drawn.
        follow = UpdateFromFunc(self.head, lambda head: head.move_to(piece.get_end()))
        return AnimationGroup(Create(piece), follow, **kwargs)

    def advance(self, **kwargs) -> Animation:
        """Animation: the curve grows by one point."""
        return self.advance_to(self.current + 1, **kwargs)

    def rewind(self, **kwargs) -> Animation:
        """Animation: the curve fades and the head returns to the first point."""
        segments = self.trail
        self.trail = []
        self.current = 0
        parts: list[Animation] = [self.head.animate.move_to(self.step_point(0))]
        if segments:
            parts.append(FadeOut(VGroup(*segments)))
        return AnimationGroup(*parts, **kwargs)

    def clear_of_curve(self, mobject, margin: float = 0.12) -> bool:
        """Whether ``mobject`` sits above the whole curve (drawn or not) where they share x."""
        left, right = mobject.get_left()[0] - margin, mobject.get_right()[0] + margin
        bottom = mobject.get_bottom()[1] - margin
        points = [self.step_point(index) for index in range(len(self.steps))]
        # The curve between two points is a straight segment: check both ends of each one
        # that reaches into the span.
        for start, end in zip(points, points[1:], strict=False):
            if end[0] < left or start[0] > right:
                continue
            if max(start[1], end[1]) > bottom:
                return False
        return True

    def segments(self) -> VGroup:
        """The segments drawn so far (not part of the plot's own group)."""
        return VGroup(*self.trail)
