"""Run times that fill the narration: an animation lasts until the words after it start.

A beat's cues are timed by the voice (:class:`scenes.base.BeatTiming`). An
animation that starts with its words (``scene.wait_for(phrase)``) and plays
fast leaves the picture frozen while the sentence goes on; :func:`until` gives
the run time that ends it where the next phrase (or the beat) starts, so the
picture moves while the voice speaks about it.
"""

from __future__ import annotations

from typing import Any

from ..base import cue_saying

__all__ = ["MIN_RUN_TIME", "until"]

MIN_RUN_TIME = 0.6  # never shorter than this, even when the words come late


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
