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
    MathTex,
    Rectangle,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    Write,
    linear,
)

from mathcore.outline import chapter_named
from mathcore.views.training import training_display
from scenes.base import LectureScene
from scenes.components.bars import ClassBars
from scenes.components.cost_plot import CostPlot
from scenes.components.curves import NegLogCurve
from scenes.components.pacing import until
from scenes.speedups import redraw_on_change


class TrainingWithIt(LectureScene):
    """Gradient descent on the logits: the probabilities go to the target, the cost goes down."""

    chapter = chapter_named("training")
    display_data = training_display

    formula_y = 2.85
    formula_width = 12.5  # the most the update rule and eta may take
    bars_width = 5.8
    bars_height = 2.1
    bars_center = np.array([-3.2, -1.6, 0.0])
    logits_height = 1.25
    logits_center = np.array([-3.2, 1.05, 0.0])
    logits_caption_gap = 0.3
    plot_width = 4.8
    plot_height = 2.9
    plot_center = np.array([3.95, -1.0, 0.0])
    readout_y = 1.45
    curve_width = 5.0  # chapter 3's curve, in the probability bars' place (last beat)
    curve_height = 2.1
    caption_gap = 0.45
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
            # Formulas, so a tiny value reads 1.1 × 10⁻¹² (Shown.latex), never 1.1e-12.
            self.math(self.costs[index].latex, size=size * 1.3, color=self.theme.cost),
            self.math(self.target_probabilities[index].latex, size=size * 1.3,
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
        row.move_to([self.plot_center[0], self.readout_y, 0])
        self.readout_scale = min(1.0, self.readout_width / row.width)
        row.scale(self.readout_scale)
        self.counter_left = slots[0].get_left()
        self.step_tracker = ValueTracker(0)
        self.readout = redraw_on_change(self._readout_index, self._readout_at)

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

    def _readout_index(self) -> int:
        """The shown point nearest the step tracker: what the readout shows."""
        return int(round(self.step_tracker.get_value()))

    def _readout_at(self, index: int) -> VGroup:
        """The readout's numbers for shown point ``index``."""
        return VGroup(*self._placed_numbers(index))

    def _step_times(self, count: int, total: float) -> np.ndarray:
        """Run times of ``count`` steps adding up to ``total``: slow at first, then faster."""
        fractions = np.linspace(0.0, 1.0, count) if count > 1 else np.zeros(1)
        weights = self.slowdown ** -np.sqrt(fractions)
        return total * weights / weights.sum()

    def _move_to(self, index: int, run_time: float, rate_func=linear) -> None:
        """Bars, logits, cost curve and readouts to shown point ``index``.

        The readout follows a tracker that moves with the bars, so its step
        counter turns over halfway through each step, never a step behind.
        """
        display = self.display
        moves = [
            self.logit_bars.animate_to(self.example.shown(display["logits"][index])),
            self.plot.advance_to(index),
            self.step_tracker.animate.set_value(index),
        ]
        trackers = [self.step_tracker]
        if self.neg_log is None:  # the probability bars, until chapter 3's curve replaces them
            moves.append(self.bars.animate_to(
                self.example.shown(display["probabilities"][index])))
        else:
            moves.append(self.neg_log.tracker.animate.set_value(
                display["curve_coordinates"][index]))
            trackers.append(self.neg_log.tracker)
        self.play(*moves, run_time=run_time, rate_func=rate_func)
        # A tracker is no picture (its value is its x): keep it off the scene.
        self.remove(*trackers)

    # ------------------------------------------------------------------
    # Beats.

    def _show_update_rule(self) -> None:
        """The update rule, the logits and probabilities with the target outlined, an empty plot."""
        example, latex, display = self.example, self.example.latex, self.display
        target = example.target_name
        others = "the other one goes" if example.n_classes == 2 else "all others go"
        self.beat(f"Now put the gradient to work. Gradient descent moves each logit against its "
                  f"gradient, by eta times y_m minus t_m, here with eta = "
                  f"{example.fmt(example.trajectory.rate)}. The logit of {target} goes up, "
                  f"{others} down. The dashed outline marks where the probabilities should "
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
        # The logits, on one axis for the whole descent: the target's climbs.
        self.logit_bars = ClassBars(example.shown(display["logits"][0]), example.classes,
                                    self.theme.logit, self.bars_width, self.logits_height,
                                    value_range=tuple(display["logit_range"]),
                                    show_names=False, show_values=False)
        self.logit_bars.shift(self.logits_center)
        logit_caption = self.labelled("logits", latex["logits_symbol"], self.theme.logit,
                                      size=26)
        logit_caption.next_to([self.bars_center[0], self.logit_bars.area_top(), 0], UP,
                              buff=self.logits_caption_gap)
        self.caption_y = self.bars.area_top() + self.caption_gap
        self.outline = self._target_outline()
        captions = VGroup(
            self.labelled("probabilities", latex["probabilities_symbol"],
                          self.theme.probability, size=26),
            self.labelled("target", latex["target_symbol"], self.theme.target, size=26),
        ).arrange(RIGHT, buff=0.6, aligned_edge=DOWN)
        captions.move_to([self.bars_center[0], self.caption_y, 0])
        self.captions = captions

        self.plot = CostPlot(display["steps"], self.costs,
                             example.shown([display["cost_top"]])[0], display["step_ticks"],
                             display["cost_symbol"], width=self.plot_width,
                             height=self.plot_height)
        self.plot.shift(self.plot_center)
        self.neg_log = None
        self._build_readout()

        self.play(Write(update), FadeIn(rate, shift=LEFT * 0.2),
                  run_time=until(self, "The logit of", 0.5))
        self.play(FadeIn(self.logit_bars, shift=UP * 0.2), FadeIn(logit_caption),
                  FadeIn(self.bars, shift=UP * 0.2), FadeIn(self.names), FadeIn(captions[0]),
                  run_time=until(self, "The logit of", 0.95))
        self.wait_for("The logit of")
        # One small step of the descent, there and back: the target's logit rises,
        # the others fall, as the sentence says.
        nudge = min(2, len(display["steps"]) - 1)
        self.play(self.logit_bars.animate_to(example.shown(display["logits"][nudge])),
                  Indicate(self.logit_bars.bars[example.target], color=self.theme.highlight),
                  run_time=until(self, "The dashed outline", 0.6))
        self.play(self.logit_bars.animate_to(example.shown(display["logits"][0])),
                  run_time=until(self, "The dashed outline", 0.95))
        self.wait_for("The dashed outline")
        self.play(Create(self.outline), FadeIn(captions[1]),
                  run_time=until(self, "end up", 0.9))
        self.play(FadeIn(self.plot), FadeIn(VGroup(*self.symbols), shift=DOWN * 0.2),
                  FadeIn(self.readout), run_time=until(self, None, 0.8))

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
        # The rewind ends exactly as the slide began.
        self.play(
            self.bars.animate_to(example.shown(display["probabilities"][0])),
            self.logit_bars.animate_to(example.shown(display["logits"][0])),
            self.plot.rewind(),
            self.step_tracker.animate.set_value(0),
            run_time=self.rewind_time,
        )
        self.remove(self.step_tracker)

    def _show_where_it_ends(self) -> None:
        """Chapter 3's curve returns; run to the last step and read off where the descent stands."""
        example, display = self.example, self.display
        target = example.target_name
        self.beat(f"Chapter 3's curve, minus log y_T, comes back: each step slides its dot "
                  f"toward y_T = 1. Run it to the end. After {display['n_steps']} steps the cost "
                  f"is {self.costs[-1].text} and y_T is {self.target_probabilities[-1].text}. "
                  f"The cost keeps falling but never reaches zero: y_T only gets to one as the "
                  f"logit of {target} runs infinitely far ahead of the others.")
        labels = display["neg_log_labels"]
        curve = NegLogCurve(display["neg_log_curve"], labels["probability"], labels["cost"],
                            width=self.curve_width, height=self.curve_height)
        for part in curve.axes:
            if isinstance(part, MathTex):
                part.scale(0.8)
        curve.shift(self.bars_center + np.array([0.1, 0.15, 0]) - curve.box_center())
        self.play(FadeOut(self.bars), FadeOut(self.names), FadeOut(self.outline),
                  FadeOut(self.captions), run_time=0.6)
        self.play(curve.create(), run_time=until(self, "each step slides", 0.8))
        self.play(curve.show_dot(), run_time=0.5)
        self.add(curve.marker)
        self.neg_log = curve
        self.wait_for("each step slides")
        steps = len(display["steps"])
        # The whole run, fast first (big steps), filling the narration up to the numbers.
        total = until(self, "After", 0.95)
        for index, run_time in enumerate(self._step_times(steps - 1, total), start=1):
            self._move_to(index, float(run_time))
        frame = SurroundingRectangle(VGroup(*self.symbols, self.readout),
                                     color=self.theme.highlight, buff=0.12,
                                     stroke_width=2)
        note = self.text("falls toward 0,\nnever reaches it", size=24, color=self.theme.muted)
        self._place_note(note)
        self.wait_for("After")
        self.play(Create(frame), Indicate(self.plot.head, color=self.theme.highlight),
                  run_time=until(self, "The cost keeps falling", 0.9))
        self.wait_for("The cost keeps falling")
        self.play(FadeIn(note, shift=UP * 0.1), Indicate(curve.dot, scale_factor=1.6),
                  run_time=until(self, "y_T only gets", 0.9))
        self.wait_for("y_T only gets")
        self.play(FadeOut(frame), Indicate(self.logit_bars.bars[example.target],
                                           color=self.theme.highlight),
                  run_time=until(self, None, 0.8))
