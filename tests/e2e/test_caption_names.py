"""Class names in the captions print as typed: in lecture.srt/.vtt and in the videos' tracks.

The narration names the classes, and a name may be ``<svg onload=alert(1)>``:
SRT readers (ffmpeg among them) take ``<...>`` for a tag and ``{\\...}`` for an
override and drop them, browsers read WebVTT cue text as HTML-like markup.
"""

from __future__ import annotations

import html
import subprocess

import pytest

from pipeline.assemble import Cue, parse_srt, srt_payload, vtt_payload
from tests.e2e.helpers import assert_succeeded, render

NAMES = ["<svg onload=alert(1)>", "{\\an8}up", "a&b<i>c"]
ZERO_WIDTH_SPACE = "\u200b"


def visible(text: str) -> str:
    """What a reader sees of SRT text: the zero-width spaces show nothing."""
    return text.replace(ZERO_WIDTH_SPACE, "")


@pytest.mark.parametrize("text", [*NAMES, "a --> b", "plain words", "x < y and {z}"])
def test_payloads_read_back_as_the_text(text):
    cue = Cue(0, 1000, text)
    expected = text.replace("-->", "->")
    assert visible(srt_payload(cue.text)) == expected
    assert html.unescape(vtt_payload(cue.text)) == expected
    # Nothing a reader could take for markup: no "<" or "{" directly before a character.
    srt = srt_payload(cue.text)
    assert all(srt[index + 1] == ZERO_WIDTH_SPACE for index, character in enumerate(srt)
               if character in "<{")
    assert "<" not in vtt_payload(cue.text) and ">" not in vtt_payload(cue.text)


def track(video) -> str:
    """The video's caption track, as ffmpeg reads it back (SRT)."""
    return subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-map", "0:s:0",
                           "-f", "srt", "-"], capture_output=True, text=True, check=True).stdout


def test_hostile_class_names_survive_into_every_caption_sink(tmp_path):
    run = render(tmp_path / "media", "--chapters", "2", "--logits", "1,0.5,-1",
                 "--classes", ",".join(NAMES), "--target", "0")
    assert_succeeded(run)
    lecture = run.lecture
    chapter = next((lecture / "chapters").glob("02-*.mp4"))
    sinks = {
        "lecture.srt": visible((lecture / "lecture.srt").read_text(encoding="utf-8")),
        "lecture.vtt": html.unescape((lecture / "lecture.vtt").read_text(encoding="utf-8")),
        "lecture.mp4 track": visible(track(lecture / "lecture.mp4")),
        "chapter track": visible(track(chapter)),
    }
    for sink, text in sinks.items():
        flat = " ".join(text.split())
        for name in NAMES:
            assert name in flat, (sink, name, flat[:400])
    # The files themselves hold no markup a reader would act on.
    vtt = (lecture / "lecture.vtt").read_text(encoding="utf-8")
    assert "<svg" not in vtt and "<i>" not in vtt
    cues = parse_srt((lecture / "lecture.srt").read_text(encoding="utf-8"))
    assert cues and all("<svg" not in cue.text and "{\\an8" not in cue.text for cue in cues)
