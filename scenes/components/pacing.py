"""Run times that fill the narration, so the picture moves while the voice speaks about it.

A beat's cues are timed by the voice (:class:`scenes.base.BeatTiming`). An
animation that starts with its words (``scene.wait_for(phrase)``) and plays
fast leaves the picture frozen while the sentence goes on. :func:`until_end_of`
gives the run time that ends it with the speech of the cue that says a phrase;
:func:`until`, the one that ends it where a later phrase (or the beat) starts.
:func:`swap` replaces one label by another without morphing the letters.
"""

from __future__ import annotations

from typing import Any

from manim import FadeIn, FadeOut, Mobject, Succession

from ..base import cue_saying

__all__ = ["MIN_RUN_TIME", "swap", "until", "until_end_of"]

MIN_RUN_TIME = 0.6  # seconds: an animation is never made shorter than this


def until_end_of(scene: Any, phrase: str, share: float = 1.0,
                 shortest: float = MIN_RUN_TIME) -> float:
    """Seconds from now to the end of the speech of the cue that says ``phrase``, times ``share``.

    At least ``shortest``: a silent beat (timed by reading) and a beat already
    past that cue still get a visible animation.
    """
    timing = scene.timing
    if timing is None:
        return shortest
    index = cue_saying(timing.chunks, phrase)
    remaining = timing.ends[index] - scene.beat_elapsed()
    return max(shortest, remaining * share)


def until(scene: Any, phrase: str | None = None, share: float = 1.0,
          least: float = MIN_RUN_TIME) -> float:
    """Seconds from now to the start of the cue saying ``phrase`` (None: the beat's end).

    ``share`` of that time, at least ``least`` seconds: with ``share`` < 1
    several animations split the span.
    """
    timing = scene.timing
    if timing is None:
        return least
    if phrase is None:
        end = timing.length
    else:
        end = timing.starts[cue_saying(timing.chunks, phrase)]
    return max(least, share * (end - scene.beat_elapsed()))


def swap(old: Mobject, new: Mobject, shift: Any = None, **kwargs) -> Succession:
    """``old`` fades out, then ``new`` fades in at its own place: words never morph.

    A Transform between two texts scrambles their letters ("logits z" into
    "exponentials e^z"); a swap reads as one label replaced by the next.
    """
    return Succession(FadeOut(old, shift=shift), FadeIn(new, shift=shift), **kwargs)
