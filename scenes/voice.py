"""What a chapter needs of a voice: speech for a sentence, and how long it lasts.

A chapter speaks through a *speaker*: any object with ``say(text) -> Utterance``,
where ``text`` is what the engine is given (:func:`mathcore.spoken.spoken` of the
written narration) and the utterance is a WAV file of that speech, trimmed to it,
with its length. The speaker is not chosen here: the ``softmax-lecture`` command
names one in ``SOFTMAX_LECTURE_SPEAKER`` (JSON with a ``"provider"``,
``"package.module:factory"``, called with the whole JSON object), so the engine
lives with the command (``pipeline.voice``) and this package never imports it.
Without the variable a chapter is silent and paced by reading time.

The chapter also writes its *speech plan* (every utterance, where it starts in
the chapter) to the file named by ``SOFTMAX_LECTURE_SPEECH_PLAN``; the command
mixes the chapter's audio track from it.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

__all__ = [
    "PLAN_VARIABLE",
    "SPEAKER_VARIABLE",
    "Cue",
    "Speaker",
    "Utterance",
    "current_speaker",
    "write_plan",
]

SPEAKER_VARIABLE = "SOFTMAX_LECTURE_SPEAKER"
PLAN_VARIABLE = "SOFTMAX_LECTURE_SPEECH_PLAN"


@dataclass(frozen=True)
class Utterance:
    """Speech for one caption cue: a mono WAV file, and its length in seconds."""

    path: str
    duration: float


class Speaker(Protocol):
    """Anything that turns spoken text into an :class:`Utterance`."""

    def say(self, text: str) -> Utterance:
        """Speech for ``text`` (already in spoken form)."""
        ...


@dataclass(frozen=True)
class Cue:
    """One caption cue of a beat, as timed in the chapter (seconds from its start).

    ``speech`` is the utterance spoken from ``start`` (None in a silent chapter,
    where the cue is timed by reading pace).
    """

    beat: int
    start: float
    end: float
    text: str
    spoken: str
    speech: Utterance | None = None


@lru_cache(maxsize=4)
def _speaker(spec: str) -> Speaker:
    settings = json.loads(spec)
    module, _, factory = str(settings["provider"]).partition(":")
    return getattr(importlib.import_module(module), factory)(settings)


def current_speaker() -> Speaker | None:
    """The speaker the command chose (``SOFTMAX_LECTURE_SPEAKER``), or None: silent."""
    spec = os.environ.get(SPEAKER_VARIABLE)
    return _speaker(spec) if spec else None


def write_plan(cues: Sequence[Cue], duration: float) -> Path | None:
    """Write the chapter's speech plan where ``SOFTMAX_LECTURE_SPEECH_PLAN`` says, if set.

    JSON: the chapter's ``duration`` and its ``cues`` (beat, start, end, text,
    spoken, and the utterance's ``path`` and ``duration`` when spoken); written
    to a temporary name and renamed, so a reader never sees half a plan.
    """
    target = os.environ.get(PLAN_VARIABLE)
    if not target:
        return None
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"duration": duration, "cues": [asdict(cue) for cue in cues]}
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(partial, path)
    return path
