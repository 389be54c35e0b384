"""Chapter 9: training with it: gradient descent on the logits, z <- z - eta (y - t)."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    Indicate,
    Rectangle,
    SurroundingRectangle,
    VGroup,
    Write,
    linear,
)

from mathcore.outline import chapter_named
from mathcore.views.training import training_display
from scenes.base import LectureScene
from scenes.components.bars import ClassBars
from scenes.components.cost_plot import CostPlot


class TrainingWithIt(LectureScene):
    """Gradient descent on the logits: the probabilities go to the target, the cost goes down."""

    chapter = chapter_named("training")
    display_data = training_display

    formula_y = 2.7
    formula_width = 12.5  # the most the update rule and eta may take
    bars_width = 6.4
    bars_height = 3.5
    bars_center = np.array([-3.5, -0.6, 0.0])
    plot_width = 4.8
    plot_height = 3.2
    plot_center = np.array([3.95, -0.75, 0.0])
    caption_gap = 0.55
    note_gap = 0.3
    readout_size = 30
    readout_width = 5.6
    outline_fraction = 0.8
    slowdown = 5.0  # the first step lasts this many times the last: early steps are big
    min_descent_time = 6.0
    descent_pause = 0.6
    rewind_time = 0.8
    fast_forward_time = 2.0

    def construct(self) -> None:
        """Play the chapter's beats."""
        self.display = self.mathcore_data(self.example)
        example, target = self.example, self.example.target
        # Each shown step's cost and y_T, with the text the readouts print: the
        # plot's head and the readout beside it come from the same objects.
        self.costs = example.shown(self.display["cost_values"])
        self.target_probabilities = example.shown(
            [probabilities[target] for probabilities in self.display["probabilities"]])
        self._show_update_rule()
        self._show_descent()
        self._show_where_it_ends()

    # ------------------------------------------------------------------
    # Pieces.

    def _readout_numbers(self, index: int) -> list:
        """The readout's changing parts at shown point ``index``: counter, cost, y_T."""
        display, size = self.display, self.readout_size
        return [
            self.text(f"step {display['steps'][index]} / {display['n_steps']}", size=size,
                      color=self.theme.muted),
            self.text(self.costs[index].text, size=size, color=self.theme.cost),
            self.text(self.target_probabilities[index].text, size=size,
                      color=self.theme.probability),
        ]

    def _build_readout(self) -> None:
        """Lay out ``step s / n   C = ...   y_T = ...`` above the plot, for the widest values."""
        display, size = self.display, self.readout_size
        self.symbols = [
            self.math(display["cost_symbol"], "=", size=size * 1.3, color=self.theme.cost),
            self.math(display["target_probability_symbol"], "=", size=size * 1.3,
                      color=self.theme.probability),
        ]
        # Room for the widest number each slot will ever hold.
        widest = [max(options, key=lambda mobject: mobject.width) for options in zip(
            *[self._readout_numbers(index) for index in (0, len(display["steps"]) - 1)],
            strict=True)]
        slots = [widest[0].copy()]
        for symbol, number in zip(self.symbols, widest[1:], strict=True):
            slots.append(VGroup(symbol, number.copy()).arrange(RIGHT, buff=0.15,
                                                               aligned_edge=DOWN))
        row = VGroup(*slots).arrange(RIGHT, buff=0.5, aligned_edge=DOWN)
        row.move_to([self.plot_center[0], self.caption_y, 0])
        self.readout_scale = min(1.0, self.readout_width / row.width)
        row.scale(self.readout_scale)
        self.counter_left = slots[0].get_left()
        self.numbers = self._placed_numbers(0)

    def _placed_numbers(self, index: int) -> list:
        """The numbers of point ``index``, each in its place beside its symbol."""
        numbers = self._readout_numbers(index)
        for number in numbers:
            number.scale(self.readout_scale)
        counter, cost, target = numbers
        # Digits sit centred on the height of the "=" sign beside them.
        for number, symbol in ((cost, self.symbols[0]), (target, self.symbols[1])):
            number.next_to(symbol, RIGHT, buff=0.15 * self.readout_scale)
            number.set_y(symbol[1].get_center()[1])
        counter.move_to(self.counter_left, aligned_edge=LEFT)
        counter.set_y(cost.get_center()[1])
        return numbers

    def _update_readout(self, index: int) -> None:
        """Swap the readout's numbers for those of point ``index`` (a counter ticks, not morphs)."""
        fresh = self._placed_numbers(index)
        self.remove(*self.numbers)
        self.add(*fresh)
        self.numbers = fresh

    def _step_times(self, count: int, total: float) -> np.ndarray:
        """Run times of ``count`` steps adding up to ``total``: slow at first, then faster."""
        fractions = np.linspace(0.0, 1.0, count) if count > 1 else np.zeros(1)
        weights = self.slowdown ** -np.sqrt(fractions)
        return total * weights / weights.sum()

    def _move_to(self, index: int, run_time: float, rate_func=linear) -> None:
        """Bars, cost curve and readouts to shown point ``index``."""
        display = self.display
        probabilities = display["probabilities"][index]
        self.play(
            self.bars.animate_to(self.example.shown(probabilities)),
            self.plot.advance_to(index),
            run_time=run_time, rate_func=rate_func,
        )
        self._update_readout(index)

    # ------------------------------------------------------------------
    # Beats.

    def _show_update_rule(self) -> None:
        """The update rule, the bars with the target outlined, an empty cost plot."""
        example, latex, display = self.example, self.example.latex, self.display
        target = example.target_name
        self.beat(f"Now put the gradient to work. Gradient descent moves each logit against its "
                  f"gradient, by eta times y_m minus t_m, here with eta = "
                  f"{example.fmt(example.trajectory.rate)}. The logit of {target} goes up, all "
                  f"others go down. The dashed outline marks where the probabilities should "
                  f"end up: all on {target}.")
        update = self.math(latex["update"], size=48)
        rate = self.math(latex["descent_rate"], size=40, color=self.theme.muted)
        formula = VGroup(update, rate).arrange(RIGHT, buff=0.9, aligned_edge=DOWN)
        formula.move_to([0, self.formula_y, 0])
        if formula.width > self.formula_width:
            formula.scale_to_fit_width(self.formula_width)
        self.update_rule = formula

        probabilities = example.shown(display["probabilities"][0])
        self.bars = ClassBars(probabilities, example.classes, self.theme.probability,
                              self.bars_width, self.bars_height, value_range=(0.0, 1.0),
                              show_names=False, show_values=False)
        self.bars.shift(self.bars_center)
        # The names come from bars of the same geometry, drawn once: the moving bars
        # never rebuild them.
        named = ClassBars(probabilities, example.classes, self.theme.probability,
                          self.bars_width, self.bars_height, value_range=(0.0, 1.0),
                          show_values=False)
        named.shift(self.bars_center)
        self.names = named.name_labels
        self.caption_y = self.bars.area_top() + self.caption_gap
        self.outline = self._target_outline()
        captions = VGroup(
            self.labelled("probabilities", latex["probabilities_symbol"],
                          self.theme.probability),
            self.labelled("target", latex["target_symbol"], self.theme.target),
        ).arrange(RIGHT, buff=0.6, aligned_edge=DOWN)
        captions.move_to([self.bars_center[0], self.caption_y, 0])
        self.captions = captions

        self.plot = CostPlot(display["steps"], self.costs,
                             example.shown([display["cost_top"]])[0], display["step_ticks"],
                             display["cost_symbol"], width=self.plot_width,
                             height=self.plot_height)
        self.plot.shift(self.plot_center)
        self._build_readout()

        self.play(Write(update), FadeIn(rate, shift=LEFT * 0.2))
        self.play(FadeIn(self.bars, shift=UP * 0.2), FadeIn(self.names), FadeIn(captions[0]))
        self.play(Create(self.outline), FadeIn(captions[1]))
        self.play(FadeIn(self.plot),
                  *[FadeIn(part, shift=DOWN * 0.2) for part in self.symbols + self.numbers])

    def _target_outline(self) -> VGroup:
        """A dashed outline per class, as tall as the one-hot target t_m (only T's shows)."""
        outlines = VGroup()
        slot = self.bars.slot
        for index, value in enumerate(self.example.one_hot):
            if value <= 0:
                continue
            height = value * self.bars.unit
            frame = Rectangle(width=slot * self.outline_fraction, height=height)
            frame.move_to([self.bars.origin()[0] + self.bars.centers[index],
                           self.bars.baseline.get_center()[1] + height / 2, 0])
            outlines.add(DashedVMobject(frame.set_stroke(self.theme.target, 3),
                                        num_dashes=max(12, int(4 * (height + slot)))))
        return outlines

    def _place_note(self, note) -> None:
        """Put ``note`` where the curve is not: above its tail, or under the top line.

        If the curve is in the way of both, the note goes under the plot, clear of
        the beat marker in the bottom-right corner.
        """
        guide = self.plot.top_guide
        tail = self.plot.step_point(len(self.display["steps"]) - 1)
        note.move_to(tail, aligned_edge=DOWN + RIGHT).shift(UP * self.note_gap)
        if self.plot.clear_of_curve(note):
            return
        note.next_to(guide, DOWN, buff=self.note_gap).align_to(guide, RIGHT)
        if self.plot.clear_of_curve(note):
            return
        note.next_to(self.plot, DOWN, buff=self.note_gap).align_to(self.plot.y_axis, LEFT)

    def _show_descent(self) -> None:
        """The descent, step by step, then a quick rewind (the slide loops)."""
        example, display = self.example, self.display
        steps, costs = display["steps"], self.costs
        target = example.target_name
        self.beat(f"Step by step the probability of {target} climbs toward one, the others "
                  f"shrink toward zero, and the cost on the right falls: from {costs[0].text} to "
                  f"{costs[-1].text} in {display['n_steps']} steps. The steps shrink as y nears t, "
                  f"since each one is eta times y minus t.", loop=True)
        # The descent fills the narration, so the looping slide holds no still frames.
        total = max(self.min_descent_time,
                    self.reading_time() - self.descent_pause - self.rewind_time)
        for index, run_time in enumerate(self._step_times(len(steps) - 1, total), start=1):
            self._move_to(index, float(run_time))
        self.wait(self.descent_pause)
        probabilities = display["probabilities"][0]
        # The counter resets as the rewind starts, so the slide ends exactly as it began.
        self._update_readout(0)
        self.play(
            self.bars.animate_to(example.shown(probabilities)),
            self.plot.rewind(),
            run_time=self.rewind_time,
        )

    def _show_where_it_ends(self) -> None:
        """Run to the last step and read off where the descent stands."""
        example, display = self.example, self.display
        target = example.target_name
        self.beat(f"Run it to the end. After {display['n_steps']} steps the cost is "
                  f"{self.costs[-1].text} and y_T is {self.target_probabilities[-1].text}. "
                  f"The cost keeps falling but never reaches zero: y_T only gets to one as the "
                  f"logit of {target} runs infinitely far ahead of the others.")
        self._move_to(len(display["steps"]) - 1, self.fast_forward_time)
        frame = SurroundingRectangle(VGroup(*self.symbols, *self.numbers[1:]),
                                     color=self.theme.highlight, buff=0.12,
                                     stroke_width=2)
        note = self.text("falls toward 0,\nnever reaches it", size=24, color=self.theme.muted)
        self._place_note(note)
        self.play(Create(frame), Indicate(self.plot.head, color=self.theme.highlight))
        self.play(FadeIn(note, shift=UP * 0.1))
        self.play(FadeOut(frame))
