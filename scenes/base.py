"""The base of every chapter: beats that are both caption breaks and slide breaks.

A chapter is written once. Each beat starts with :meth:`LectureScene.beat`,
which gives the beat's narration to

* the voice: the narration is cut into caption-sized cues
  (:func:`mathcore.spoken.caption_chunks`), each spoken by the speaker the
  command chose (:mod:`scenes.voice`) from its spoken form
  (:func:`mathcore.spoken.spoken`); the speech sets the beat's length, which is
  max(its animations, its speech + a pause), and speech never runs into the next
  beat. Without a speaker the beat lasts at least its reading time;
* the video, as subcaptions, one per cue, timed to the cue's speech (Manim
  writes the ``.srt``);
* the deck, as the speaker notes of a new slide (``Slide.next_slide``), which
  also starts a new Manim section.

The scene also records, at each beat and at the end, what is on screen (the
text and formulas, with their bounding boxes, and every row of class bars with
the values its bars draw), so tests can check layout and numbers without
rendering a frame.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    DecimalNumber,
    Dot,
    ManimColor,
    MathTex,
    Mobject,
    SingleStringMathTex,
    Tex,
    Text,
    VGroup,
    config,
)
from manim_slides import Slide

from mathcore.example import WorkedExample
from mathcore.example import formula_terms as lecture_terms
from mathcore.notation import split_formula
from mathcore.outline import Chapter
from mathcore.spoken import caption_chunks, caption_lines, spoken

from .components.bars import ClassBars
from .context import TEX_CACHE_VARIABLE, current_example, slides_folder
from .encoding import lecture_renderer
from .speedups import cached_math, cached_text, install, share_latex
from .survey import survey
from .theme import Theme, current_theme
from .voice import Cue, Speaker, current_speaker, write_plan

__all__ = ["SAFE_MARGIN", "TEXT_TYPES", "BarsOnScreen", "BeatTiming", "LectureScene", "OnScreen",
           "Snapshot"]

TEXT_TYPES = (Text, MathTex, Tex, SingleStringMathTex, DecimalNumber)

# Reading pace of a silent beat: it lasts at least this long per word.
SECONDS_PER_WORD = 0.32
MIN_BEAT_SECONDS = 1.5
# Pacing of a spoken beat (seconds): from the beat's start to its first word; the
# pause after a cue that ends a sentence, and after one that ends a clause; the
# silence after the beat's last word before the next beat may start; how long a
# caption stays up after its speech (never past the next cue's start).
SPEECH_LEAD = 0.25
SENTENCE_GAP = 0.4
CLAUSE_GAP = 0.2
BEAT_TAIL = 0.7
CAPTION_HOLD = 0.3

# How far inside the frame's edges every text stays (Manim units; the frame is 8 high).
SAFE_MARGIN = 0.3

install()  # cheaper mobject copies, the same pictures (scenes/speedups.py)


@dataclass(frozen=True)
class BeatTiming:
    """When a beat's cues are spoken, in seconds from the beat's start.

    ``starts``/``ends`` are each cue's speech (or, silent, its share of the reading
    time); ``length`` is the least the beat lasts: its speech and the pause after
    it, or its reading time. A chapter can size its animations to ``length`` or
    start one with a cue (:meth:`LectureScene.wait_for_cue`), as manim-voiceover's
    ``tracker.duration`` allows.
    """

    chunks: tuple[str, ...]
    starts: tuple[float, ...]
    ends: tuple[float, ...]
    length: float
    spoken: bool


def _gap_after(chunk: str) -> float:
    return SENTENCE_GAP if chunk.rstrip().endswith((".", "?", "!")) else CLAUSE_GAP


def cue_saying(chunks: tuple[str, ...] | list[str], phrase: str) -> int:
    """The index of the cue in which ``phrase`` starts (the cues joined by spaces)."""
    text = " ".join(chunks)
    at = text.find(" ".join(phrase.split()))
    if at < 0:
        raise ValueError(f"the narration does not say {phrase!r}")
    position = 0
    for index, chunk in enumerate(chunks):
        position += len(chunk) + 1
        if at < position:
            return index
    return len(chunks) - 1


def plan_beat(narration: str, speaker: Speaker | None) -> tuple[BeatTiming, list]:
    """Cut ``narration`` into cues and time them: by the speaker's speech, else by reading.

    Returns the timing and, for each cue, its utterance (None when silent).
    """
    chunks = tuple(caption_chunks(narration))
    if speaker is None:
        reading = max(MIN_BEAT_SECONDS, SECONDS_PER_WORD * len(narration.split()))
        words = np.array([len(chunk.split()) for chunk in chunks], dtype=float)
        edges = np.concatenate([[0.0], np.cumsum(words)]) / max(words.sum(), 1.0) * reading
        return (BeatTiming(chunks, tuple(map(float, edges[:-1])), tuple(map(float, edges[1:])),
                           reading, False), [None] * len(chunks))
    utterances = [speaker.say(spoken(chunk)) for chunk in chunks]
    starts, ends, clock = [], [], SPEECH_LEAD
    for chunk, utterance in zip(chunks, utterances, strict=True):
        starts.append(clock)
        ends.append(clock + utterance.duration)
        clock = ends[-1] + _gap_after(chunk)
    return (BeatTiming(chunks, tuple(starts), tuple(ends), ends[-1] + BEAT_TAIL, True),
            utterances)


@dataclass(frozen=True)
class OnScreen:
    """A text or formula on screen: what it says and where it is."""

    kind: str
    content: str
    left: float
    right: float
    bottom: float
    top: float
    ident: int

    def overlaps(self, other: OnScreen, margin: float = 0.0) -> bool:
        """Whether the two bounding boxes intersect (shrunk by ``margin``)."""
        return (
            self.left + margin < other.right - margin
            and other.left + margin < self.right - margin
            and self.bottom + margin < other.top - margin
            and other.bottom + margin < self.top - margin
        )


@dataclass(frozen=True)
class BarsOnScreen:
    """A row of class bars on screen, as drawn: where each bar is, what its length says.

    ``centers`` and ``drawn`` are per class, in order: a bar's x, and its
    signed length over the row's ``unit`` (the value the bar draws; a bar is
    never shorter than ``MIN_BAR_HEIGHT``). ``labels`` are the row's value
    labels, wherever they are.
    """

    centers: tuple[float, ...]
    drawn: tuple[float, ...]
    unit: float
    labels: tuple[OnScreen, ...]


@dataclass
class Snapshot:
    """What was on screen at one moment of a chapter."""

    beat: int
    narration: str
    texts: list[OnScreen]
    extent: tuple[float, float, float, float]  # left, right, bottom, top of everything
    bars: list[BarsOnScreen] = field(default_factory=list)
    canvas: frozenset[int] = frozenset()  # idents of the header and the beat marker
    # Filled shapes a label must not sit on: every visible bar of a row of class
    # bars (kind "Bar", content the class index) and every Dot.
    shapes: list[OnScreen] = field(default_factory=list)


def _content(mobject: Mobject) -> str:
    if isinstance(mobject, DecimalNumber):
        # What it displays (its own digits), so the number test can read it.
        return f"{mobject.get_value():.{mobject.num_decimal_places}f}"
    if isinstance(mobject, (MathTex, Tex, SingleStringMathTex)):
        return mobject.get_tex_string()
    if isinstance(mobject, Text):
        return mobject.original_text
    return type(mobject).__name__


class LectureScene(Slide):
    """A chapter of the lecture: a Manim scene that is also a slide deck.

    Subclasses set :attr:`chapter` (their entry in :mod:`mathcore.outline`)
    and :attr:`display_data`, and write ``construct`` as a handful of
    ``_show_*`` beats, each starting with :meth:`beat`.
    """

    chapter: ClassVar[Chapter]
    # The mathcore function that computes, for an example, what the chapter shows
    # beyond ``example.latex``; read it through :meth:`mathcore_data`.
    display_data: ClassVar[Callable[[WorkedExample], dict[str, Any]] | None] = None
    # Reversed animations are only for `manim-slides present`'s back key; skip the cost.
    skip_reversing = True

    # Formulas (see :meth:`formula`): the LaTeX of the terms that move from one
    # formula to the next, the formulas' font size, the widest they may be, the
    # x of their column, and their lines (the first line's y, the step down).
    formula_terms: tuple[str, ...] = tuple(lecture_terms())
    formula_size: float = 40
    formula_width: float | None = None
    formula_x: float = 0.0
    top_line: float = 2.4
    line_spacing: float = 1.2

    def __init__(self, *args, **kwargs) -> None:
        # Every row of class bars ever added, by id (see add()).
        self._bar_rows: dict[int, ClassBars] = {}
        # manim-slides writes its slide index under media/slides, not ./slides.
        kwargs.setdefault("output_folder", slides_folder())
        # Held frames encoded once, not once per frame (scenes/encoding.py).
        kwargs.setdefault("renderer", lecture_renderer(kwargs.get("skip_animations", False)))
        super().__init__(*args, **kwargs)

    def add(self, *mobjects: Mobject) -> LectureScene:
        """Add as Manim does, and remember every row of class bars among ``mobjects``.

        Playing an animation of a row's parts puts those parts on screen on
        their own (Manim takes the row apart), so :meth:`on_screen_bars` finds
        the rows it remembers by their bars, wherever they are.
        """
        self._remember_bars(*mobjects)
        return super().add(*mobjects)

    def replace(self, old_mobject: Mobject, new_mobject: Mobject) -> None:
        """Replace as Manim does (a ``ReplacementTransform`` ends so), remembering bar rows."""
        self._remember_bars(new_mobject)
        super().replace(old_mobject, new_mobject)

    def _remember_bars(self, *mobjects: Mobject) -> None:
        for mobject in mobjects:
            for part in mobject.get_family():
                if isinstance(part, ClassBars):
                    self._bar_rows.setdefault(id(part), part)

    def setup(self) -> None:
        """Read the theme and the example; colour the background; draw the header."""
        super().setup()
        self.theme: Theme = current_theme()
        self.example: WorkedExample = current_example()
        config.background_color = ManimColor(self.theme.background)
        self.camera.background_color = ManimColor(self.theme.background)
        self.narrations: list[str] = []
        self.snapshots: list[Snapshot] = []
        self.speaker: Speaker | None = current_speaker()
        self.cues: list[Cue] = []
        self.timing: BeatTiming | None = None
        self._running_beat: tuple[BeatTiming, list, float] | None = None
        self._add_header()
        shared = os.environ.get(TEX_CACHE_VARIABLE)
        if shared:  # the render's formulas: shared, and compiled in one batch first
            share_latex(Path(shared))
            survey(self, Path(shared))

    @classmethod
    def mathcore_data(cls, example: WorkedExample) -> dict[str, Any]:
        """Every number and string the chapter shows for ``example`` beyond ``example.latex``.

        What :attr:`display_data` computes (nothing when the chapter has none);
        the number check compares what is on screen with it.
        """
        source = cls.display_data
        return {} if source is None else source(example)

    # ------------------------------------------------------------------
    # Text helpers, in the theme's colours.

    def text(self, words: str, size: float = 30, color: str | None = None, **kwargs) -> Text:
        """A line of prose in the theme's font (never interpreted as markup or LaTeX)."""
        return cached_text(words, font=self.theme.font, font_size=size,
                           color=color or self.theme.text, **kwargs)

    def math(self, *tex: str, size: float = 40, color: str | None = None, **kwargs) -> MathTex:
        """A formula; its LaTeX must come from mathcore."""
        return cached_math(*tex, font_size=size, color=color or self.theme.text, **kwargs)

    def formula(self, tex: str, y: float | None = None, size: float | None = None,
                color: str | None = None, width: float | None = None) -> MathTex:
        """A formula from mathcore, cut into parts at the chapter's terms and at "=".

        Each term is a part of its own, so ``TransformMatchingTex`` moves it into
        the same term of the next formula. The formula is shrunk to ``width``
        (else :attr:`formula_width`) and, given ``y``, centred at
        (:attr:`formula_x`, ``y``).
        """
        pieces = split_formula(tex, [*self.formula_terms, "="])
        formula = self.math(*pieces, size=size or self.formula_size, color=color)
        widest = width or self.formula_width
        if widest is not None:
            arrange_in_width(formula, widest)
        if y is not None:
            formula.move_to([self.formula_x, y, 0])
        return formula

    def line_y(self, line: float) -> float:
        """The y of formula line ``line``: 0 is :attr:`top_line`, each next one lower."""
        return self.top_line - line * self.line_spacing

    @staticmethod
    def tint(formula: MathTex, colours: Mapping[str, str]) -> MathTex:
        """Colour each part of ``formula`` whose LaTeX is a key of ``colours``."""
        for part in formula.submobjects:
            colour = colours.get(getattr(part, "tex_string", ""))
            if colour is not None:
                part.set_color(colour)
        return formula

    def labelled(self, words: str, tex: str, color: str, size: float = 30) -> VGroup:
        """A caption such as "logits z": words in the font, then the symbol as LaTeX."""
        caption = VGroup(self.text(words, size=size, color=color),
                         self.math(tex, size=size * 1.3, color=color))
        caption.arrange(RIGHT, buff=0.2, aligned_edge=DOWN)
        return caption

    # ------------------------------------------------------------------
    # Header and slide number (kept on the canvas across a chapter's slides).

    def _add_header(self) -> None:
        title = self.text(f"{self.chapter.number}. {self.chapter.title}", size=24,
                          color=self.theme.muted)
        title.to_corner(UL, buff=SAFE_MARGIN)
        number = self._slide_number(1)
        self.add_to_canvas(title=title, slide_number=number)
        self.add(title, number)

    def _slide_number(self, beat: int) -> Text:
        # "chapter · beat": the slide number in the deck, a place marker in the video.
        number = self.text(f"{self.chapter.number} \u00b7 {beat}", size=20, color=self.theme.muted)
        number.to_corner(DOWN + RIGHT, buff=SAFE_MARGIN)
        return number

    @property
    def header_bottom(self) -> float:
        """The y coordinate below which content may go."""
        return self.canvas["title"].get_bottom()[1] - 0.15

    # ------------------------------------------------------------------
    # Beats.

    def beat(self, narration: str, loop: bool = False) -> BeatTiming:
        """Start a beat: a new slide (notes = narration), its speech and its captions.

        Returns the beat's timing (see :class:`BeatTiming`), also kept as
        :attr:`timing` while the beat runs.
        """
        self._finish_beat()
        self.next_slide(notes=narration, loop=loop)
        self.narrations.append(narration)
        if len(self.narrations) > 1:
            self.remove(self.canvas["slide_number"])
            self.add_to_canvas(slide_number=self._slide_number(len(self.narrations)))
            self.add(self.canvas["slide_number"])
        timing, utterances = plan_beat(narration, self.speaker)
        self.timing = timing
        self._running_beat = (timing, utterances, self.time)
        return timing

    def reading_time(self) -> float:
        """The least the running beat lasts: its speech and the pause after it, or reading time."""
        return self.timing.length if self.timing is not None else MIN_BEAT_SECONDS

    def beat_elapsed(self) -> float:
        """Seconds since the running beat started."""
        return self.time - self._running_beat[2] if self._running_beat else 0.0

    def wait_for_cue(self, index: int) -> None:
        """Hold until the running beat's cue ``index`` starts (to start an animation with it)."""
        if self.timing is None or not 0 <= index < len(self.timing.starts):
            raise ValueError(f"the beat has no cue {index}")
        remaining = self.timing.starts[index] - self.beat_elapsed()
        if remaining > 1e-3 and not self.renderer._original_skipping_status:
            self.wait(remaining)

    def wait_for(self, phrase: str) -> None:
        """Hold until the narration reaches ``phrase``: the start of the cue that says it.

        So an animation plays with the sentence it belongs to (manim-voiceover's
        bookmarks, at the grain of a caption cue). Raises ValueError when the
        running beat's narration does not say ``phrase``.
        """
        self.wait_for_cue(cue_saying(self.timing.chunks if self.timing else (), phrase))

    def _finish_beat(self) -> None:
        """Close the running beat: hold it until its speech (or reading) is done, add its cues."""
        if self._running_beat is None:
            return
        timing, utterances, start = self._running_beat
        self.snapshot()
        elapsed = self.time - start
        # The flag Manim restores before every play: a play served from its cache
        # leaves skip_animations set, and the beat would lose its reading time.
        if elapsed < timing.length and not self.renderer._original_skipping_status:
            self.wait(timing.length - elapsed)
        duration = max(self.time - start, 1e-3)
        beat = len(self.narrations)
        if timing.spoken:
            starts, ends = list(timing.starts), list(timing.ends)
        else:  # silent: the cues share out the beat as it turned out
            scale = duration / timing.length
            starts = [value * scale for value in timing.starts]
            ends = [value * scale for value in timing.ends]
        for index, chunk in enumerate(timing.chunks):
            cue_start = starts[index]
            following = starts[index + 1] if index + 1 < len(starts) else duration
            cue_end = min(following, ends[index] + CAPTION_HOLD) if timing.spoken else ends[index]
            cue_end = min(max(cue_end, cue_start + 1e-3), duration)
            self.add_subcaption(caption_lines(chunk), duration=cue_end - cue_start,
                                offset=start + cue_start - self.time)
            self.cues.append(Cue(beat, start + cue_start, start + cue_end, chunk,
                                 spoken(chunk), utterances[index]))
        self._running_beat = None

    def tear_down(self) -> None:
        """Close the last beat and write the chapter's speech plan."""
        self._finish_beat()
        write_plan(self.cues, self.time)
        super().tear_down()

    # ------------------------------------------------------------------
    # Layout bookkeeping for tests.

    def on_screen_texts(self) -> list[OnScreen]:
        """Every text and formula on screen now, outermost first (not their parts)."""
        return [text for mobject in self.mobjects for text in _texts_in(mobject)]

    def on_screen_bars(self) -> list[BarsOnScreen]:
        """Every row of class bars on screen now, measured from the bars as drawn."""
        shown = {id(part) for part in self.get_mobject_family_members()}
        return [_measure(row) for row in self._bar_rows.values()
                if id(row.bars) in shown and len(row.bars) and _visible(row.bars)]

    def on_screen_shapes(self) -> list[OnScreen]:
        """Every visible bar of a row of class bars and every Dot on screen now, as boxes."""
        shown = self.get_mobject_family_members()
        shown_ids = {id(part) for part in shown}
        shapes = []
        for row in self._bar_rows.values():
            if id(row.bars) not in shown_ids:
                continue
            for index, bar in enumerate(row.bars):
                if _visible(bar):
                    shapes.append(_box(bar, "Bar", str(index)))
        shapes += [_box(part, "Dot", "Dot") for part in shown
                   if isinstance(part, Dot) and _visible(part)]
        return shapes

    def snapshot(self) -> Snapshot:
        """Record what is on screen now."""
        points = [
            mobject.get_all_points() for mobject in self.mobjects
            if len(mobject.get_all_points())
        ]
        if points:
            stacked = np.concatenate(points)
            extent = (float(stacked[:, 0].min()), float(stacked[:, 0].max()),
                      float(stacked[:, 1].min()), float(stacked[:, 1].max()))
        else:
            extent = (0.0, 0.0, 0.0, 0.0)
        snap = Snapshot(len(self.narrations), self.narrations[-1] if self.narrations else "",
                        self.on_screen_texts(), extent, self.on_screen_bars(),
                        frozenset(id(mobject) for mobject in self.canvas.values()),
                        self.on_screen_shapes())
        self.snapshots.append(snap)
        return snap


def _texts_in(mobject: Mobject) -> list[OnScreen]:
    """The visible texts and formulas in ``mobject``, outermost first (not their parts)."""
    if isinstance(mobject, TEXT_TYPES):
        if not mobject.get_family() or not _visible(mobject):
            return []
        left, bottom = mobject.get_corner(DOWN + LEFT)[:2]
        right, top = mobject.get_corner(UP + RIGHT)[:2]
        return [OnScreen(type(mobject).__name__, _content(mobject), float(left), float(right),
                         float(bottom), float(top), id(mobject))]
    return [text for part in mobject.submobjects for text in _texts_in(part)]


def _box(mobject: Mobject, kind: str, content: str) -> OnScreen:
    left, bottom = mobject.get_corner(DOWN + LEFT)[:2]
    right, top = mobject.get_corner(UP + RIGHT)[:2]
    return OnScreen(kind, content, float(left), float(right), float(bottom), float(top),
                    id(mobject))


def _measure(bars: ClassBars) -> BarsOnScreen:
    """A row of bars as drawn: each bar's x and signed length in value units, its labels."""
    baseline = float(bars.baseline.get_center()[1])
    centers, drawn = [], []
    for bar in bars.bars:
        bottom, top = float(bar.get_bottom()[1]), float(bar.get_top()[1])
        sign = 1.0 if (bottom + top) / 2 >= baseline else -1.0
        centers.append(float(bar.get_center()[0]))
        drawn.append(sign * (top - bottom) / bars.unit)
    return BarsOnScreen(tuple(centers), tuple(drawn), float(bars.unit),
                        tuple(_texts_in(bars.value_labels)))


def _visible(mobject: Mobject) -> bool:
    """False for a text faded out to nothing (kept in the scene but unseen)."""
    family = mobject.get_family()
    opacities = []
    for part in family:
        if hasattr(part, "get_fill_opacity") and len(part.points):
            opacities.append(float(part.get_fill_opacity()))
            opacities.append(float(part.get_stroke_opacity()))
    return not opacities or max(opacities) > 0.05


def arrange_in_width(group: VGroup, width: float) -> VGroup:
    """Scale ``group`` down (never up) so it fits ``width``."""
    if group.width > width:
        group.scale_to_fit_width(width)
    return group

