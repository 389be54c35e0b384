"""Bars with class names and values: logits, e^z, probabilities, targets, gradients.

``ClassBars`` lays out 2 to 8 bars in a given width and height, for values of
either sign, with names under them (shrunk, then staggered in two rows, to fit) and
the values, as mathcore formatted them, at each bar's end (lifted clear of a
taller neighbour's bar and of each other where they are wide). Each bar and its
label are made from one :class:`mathcore.notation.Shown` (the value and its
text together). It returns animations; the scene decides when to play them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Line,
    MathTex,
    Rectangle,
    Text,
    Transform,
    VectorizedPoint,
    VGroup,
    VMobject,
)

from mathcore.notation import Shown

from ..theme import current_theme

__all__ = ["MIN_BAR_HEIGHT", "ClassBars", "display_name"]

NAME_SIZE = 30
VALUE_SIZE = 28
MIN_VALUE_SCALE = 0.75  # below this, values may be wider than their slot (and are lifted)
VALUE_ROOM = 0.86  # of a slot: the width a value label fits in at its full size
WIDE_VALUE_ROOM = 1.3  # of a slot: the most a shrunk value label may take
LABEL_BUFF = 0.08  # between a value and the bar (or label) it stands on
DISPLAY_NAME_LENGTH = 12  # longer names are cut with an ellipsis under the bars
MIN_NAME_SCALE = 0.72  # below this, names go into two staggered rows instead
STAGGER_GAP = 0.15  # the least room between two names in one staggered row
MIN_BAR_HEIGHT = 1e-3  # a value of 0 still draws a sliver


def display_name(name: str) -> str:
    """A class name as it fits under a bar: cut to 12 characters with an ellipsis."""
    if len(name) <= DISPLAY_NAME_LENGTH:
        return name
    return name[: DISPLAY_NAME_LENGTH - 1] + "\u2026"


def _fit(labels: Sequence[VMobject], slot: float, share: float,
         min_scale: float) -> tuple[float, bool]:
    """One scale for all ``labels`` so the widest fits its room, and whether to stagger them.

    Each label has ``share`` of its ``slot``; labels that would shrink below
    ``min_scale`` go into two staggered rows instead, where a label may be as
    wide as 1.6 slots: an end label, pushed inwards to stay within the row
    (:func:`_keep_within`), then still clears its neighbour in the same row.
    """
    widest = max(label.width for label in labels)
    room = slot * share
    staggered = len(labels) > 2 and widest * min_scale > room
    if staggered:
        room = min(2 * room, (2.5 * slot - STAGGER_GAP) / 1.5)
    return min(1.0, room / widest), staggered


def _keep_within(label: VMobject, half_width: float) -> None:
    """Shift ``label`` sideways so it does not stick out of the row's width (centred on 0)."""
    if label.get_left()[0] < -half_width:
        label.shift(RIGHT * (-half_width - label.get_left()[0]))
    elif label.get_right()[0] > half_width:
        label.shift(LEFT * (label.get_right()[0] - half_width))


class ClassBars(VGroup):
    """A labelled bar per class.

    Parameters
    ----------
    shown : sequence of Shown
        One per class (from mathcore): its value is the bar's height in value
        units, its LaTeX the label at the bar's end.
    names : sequence of str
        Class names, shown literally (Pango text, never LaTeX).
    color : str
        Fill colour (a theme colour by meaning).
    width, height : float
        Size of the plotting area (bars only; labels extend beyond it).
    value_range : (float, float), optional
        Lowest and highest value the height covers (must include 0). Keep it
        fixed to compare two sets of values on one scale.
    show_names : bool
        Draw the class names under the baseline.
    """

    def __init__(
        self,
        shown: Sequence[Shown],
        names: Sequence[str],
        color: str,
        width: float = 6.0,
        height: float = 2.5,
        value_range: tuple[float, float] | None = None,
        show_names: bool = True,
        show_values: bool = True,
        bar_fraction: float = 0.62,
    ) -> None:
        super().__init__()
        theme = current_theme()
        self.shown = tuple(shown)
        values = np.array([entry.value for entry in self.shown])
        count = len(values)
        if value_range is None:
            value_range = (min(0.0, float(values.min())), max(0.0, float(values.max())))
        low, high = value_range
        if high - low <= 0:
            high = low + 1.0
        self.values = values
        self.value_range = (low, high)
        self.geometry = (width, height, bar_fraction)
        self.names = list(names)
        self.bar_color = color
        self.unit = height / (high - low)
        self.baseline_y = -height / 2 - low * self.unit
        slot = width / count
        self.slot = slot
        centers = [-width / 2 + slot * (index + 0.5) for index in range(count)]
        self.centers = centers

        self.baseline = Line(
            [-width / 2, self.baseline_y, 0], [width / 2, self.baseline_y, 0],
            color=theme.muted, stroke_width=2,
        )
        self.bars = VGroup(*[
            self._bar(center, value, slot * bar_fraction, color)
            for center, value in zip(centers, values, strict=True)
        ])
        self.value_labels = self._value_labels([entry.latex for entry in self.shown], slot,
                                               theme.text) if show_values else VGroup()
        self.name_labels = self._name_labels(names, centers, slot, -height / 2,
                                             theme.text) if show_names else VGroup()
        # An invisible point at the plotting area's centre: it moves with the group,
        # so the area can be found after the bars were shifted.
        self.anchor = VectorizedPoint(ORIGIN)
        self.add(self.anchor, self.baseline, self.bars, self.value_labels, self.name_labels)

    # ------------------------------------------------------------------

    def _bar(self, center: float, value: float, bar_width: float, color: str) -> Rectangle:
        height = max(abs(value) * self.unit, MIN_BAR_HEIGHT)
        bar = Rectangle(width=bar_width, height=height, stroke_color=current_theme().background,
                        fill_color=color, fill_opacity=0.9, stroke_width=1.5)
        sign = 1 if value >= 0 else -1
        bar.move_to([center, self.baseline_y + sign * height / 2, 0])
        return bar

    def _value_labels(self, strings: Sequence[str], slot: float, color: str) -> VGroup:
        """Values at the bars' ends, all at one size, none on a bar or on another value.

        A bar's top is its end if positive, the baseline if negative: values of
        negative bars sit above the baseline, since the names hang below it. A
        value wider than its slot (crowded rows) is lifted above the
        neighbouring bars and values it would otherwise cover.
        """
        labels = [MathTex(string, font_size=VALUE_SIZE, color=color) for string in strings]
        widest = max(label.width for label in labels)
        factor = min(1.0, slot * VALUE_ROOM / widest)
        if factor < MIN_VALUE_SCALE:  # crowded: a little wider than the slot, then lifted
            factor = min(MIN_VALUE_SCALE, slot * WIDE_VALUE_ROOM / widest)
        # What a value may not cover: each bar as a column from below to its top
        # (left, right, bottom, top), then each value as it is placed.
        obstacles: list[tuple[float, float, float, float]] = [
            (float(bar.get_left()[0]), float(bar.get_right()[0]), -np.inf,
             float(bar.get_top()[1]))
            for bar in self.bars
        ]
        for label, bar in zip(labels, self.bars, strict=True):
            label.scale(factor)
            label.next_to(bar.get_top(), UP, buff=LABEL_BUFF)
            _keep_within(label, self.geometry[0] / 2)
            left, right = float(label.get_left()[0]), float(label.get_right()[0])
            natural, height = float(label.get_bottom()[1]), float(label.height)
            under = [box for box in obstacles if box[0] < right and left < box[1]]
            # The lowest place, from its own, that clears everything under its span: a
            # crowded row's values alternate between two levels instead of climbing a
            # staircase away from their bars.
            places = sorted({natural} | {box[3] + LABEL_BUFF for box in under
                                         if box[3] + LABEL_BUFF > natural})
            bottom = next(place for place in places if all(
                not (place < box[3] + LABEL_BUFF - 1e-9
                     and box[2] - LABEL_BUFF + 1e-9 < place + height)
                for box in under))
            label.shift(UP * (bottom - natural))
            obstacles.append((left, right, bottom, bottom + height))
        return VGroup(*labels)

    def _name_labels(self, names: Sequence[str], centers: Sequence[float], slot: float,
                     bottom: float, color: str) -> VGroup:
        """Names under the bars, all at one size: one row, or two staggered rows if long."""
        font = current_theme().font
        labels = [Text(display_name(name), font=font, font_size=NAME_SIZE, color=color)
                  for name in names]
        factor, staggered = _fit(labels, slot, 0.94, MIN_NAME_SCALE)
        row_height = max(label.height for label in labels) * factor
        for index, (label, center) in enumerate(zip(labels, centers, strict=True)):
            label.scale(factor)
            label.move_to([center, 0, 0])
            drop = (row_height + 0.12) if staggered and index % 2 else 0.0
            label.align_to([0, bottom - 0.12 - drop, 0], UP)
            _keep_within(label, self.geometry[0] / 2)
        return VGroup(*labels)

    # ------------------------------------------------------------------

    def bar_top(self, index: int) -> np.ndarray:
        """The point at the free end of bar ``index`` (top, or bottom if negative)."""
        bar = self.bars[index]
        return bar.get_top() if self.values[index] >= 0 else bar.get_bottom()

    def area_top(self) -> float:
        """The y of the plotting area's top edge (where the largest value reaches)."""
        return float(self.origin()[1] + self.geometry[1] / 2)

    def area_bottom(self) -> float:
        """The y of the plotting area's bottom edge (names hang below it)."""
        return float(self.origin()[1] - self.geometry[1] / 2)

    def origin(self) -> np.ndarray:
        """Where the bars' own frame has its origin now (they may have been moved)."""
        return self.anchor.get_center()

    def like(self, shown: Sequence[Shown], color: str | None = None,
             value_range: tuple[float, float] | None = None,
             height: float | None = None) -> ClassBars:
        """A copy with other values, same geometry, at the same place.

        With another ``height`` the plotting area changes size and the baseline
        stays where it is (so a range cut to the values keeps the unit).
        """
        width, old_height, fraction = self.geometry
        other = ClassBars(shown, self.names, color or self.bar_color, width,
                          old_height if height is None else height,
                          value_range or self.value_range, show_names=len(self.name_labels) > 0,
                          show_values=len(self.value_labels) > 0, bar_fraction=fraction)
        other.shift(self.origin())
        if height is not None:
            other.shift(UP * (self.baseline.get_center()[1] - other.baseline.get_center()[1]))
        return other

    def animate_to(self, shown: Sequence[Shown], color: str | None = None,
                   value_range: tuple[float, float] | None = None,
                   height: float | None = None, **kwargs) -> Animation:
        """Animation: the bars grow or shrink to the ``shown`` values; their labels follow.

        With a new ``value_range`` the baseline moves too; with a new
        ``height`` the area is resized around the baseline, and the names follow.
        """
        target = self.like(shown, color, value_range, height)
        labels = self.value_labels

        def adopt_labels(_scene) -> None:
            # Transform only moves points; swap in the real labels so what the
            # scene holds says the new values (tests read them).
            labels.submobjects = list(target.value_labels.submobjects)

        parts = [Transform(self.bars, target.bars),
                 Transform(labels, target.value_labels, _on_finish=adopt_labels)]
        if value_range is not None or height is not None:
            parts.append(Transform(self.baseline, target.baseline))
            self.value_range = target.value_range
            self.unit = target.unit
            self.baseline_y = target.baseline_y
        if height is not None:
            parts += [Transform(self.name_labels, target.name_labels),
                      Transform(self.anchor, target.anchor)]
            self.geometry = target.geometry
        self.shown = target.shown
        self.values = target.values
        if color is not None:
            self.bar_color = color
        return AnimationGroup(*parts, **kwargs)
