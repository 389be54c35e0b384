"""Animations sized to the narration: how long until a cue of the running beat ends.

:meth:`scenes.base.LectureScene.wait_for` starts an animation with the cue that
says a phrase; :func:`until_end_of` says how long that cue (or a later one)
goes on, so the animation can fill the sentence that describes it instead of
playing fast and then holding a still picture.
"""

from __future__ import annotations

from typing import Any

from manim import FadeIn, FadeOut, Mobject, Succession

from ..base import cue_saying

__all__ = ["swap", "until_end_of"]

SHORTEST = 0.6  # seconds: an animation is never made shorter than this


def until_end_of(scene: Any, phrase: str, share: float = 1.0, shortest: float = SHORTEST) -> float:
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


def swap(old: Mobject, new: Mobject, shift: Any = None, **kwargs) -> Succession:
    """``old`` fades out, then ``new`` fades in at its own place: words never morph.

    A Transform between two texts scrambles their letters ("logits z" into
    "exponentials e^z"); a swap reads as one label replaced by the next.
    """
    return Succession(FadeOut(old, shift=shift), FadeIn(new, shift=shift), **kwargs)
