"""The rendered videos, opened as a player would: streams, lengths, frames, chapters, captions.

Expected lengths come from Manim's own section index and from the chapter
videos; captions are read back with ffmpeg's demuxers, not with our parser.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from tests.e2e.helpers import (
    chapter_titles,
    cue_starts,
    entry_data,
    ffprobe,
    rendered_stems,
    top_level_boxes,
    video_facts,
)

FPS = 15
FRAME = 1 / FPS


def sections_duration(output, stem: str) -> float:
    (index,) = (output / ".cache" / "chapters" / stem).glob("*/sections.json")
    return sum(float(section["duration"]) for section in json.loads(index.read_text()))


@pytest.mark.parametrize("name", ["chapters/01-question.mp4", "lecture.mp4"])
def test_one_chapter_at_low_quality(one_chapter, name):
    video = one_chapter.lecture / name
    facts = video_facts(video)
    assert facts["codec"] == "h264"
    assert facts["pix_fmt"] == "yuv420p"
    assert facts["size"] == (854, 480)
    assert facts["rate"] == FPS
    assert abs(facts["duration"] - sections_duration(one_chapter.output, "01-question")) <= FRAME
    # Every frame on the frame clock, the first at 0 and the last shown to the end (a held
    # frame is stored once, not once per period: scenes/encoding.py).
    times = np.array(facts["times"]) * FPS
    assert times[0] == 0 and np.abs(times - np.round(times)).max() < 1e-3
    assert abs(facts["times"][-1] + FRAME - facts["duration"]) <= 1e-3
    boxes = top_level_boxes(video)
    assert boxes.index("moov") < boxes.index("mdat"), boxes  # +faststart: plays while loading
    # The captions, in the file as a mov_text track: cues, and each beat starts one.
    streams = ffprobe(video, "-show_streams")["streams"]
    assert [s["codec_name"] for s in streams if s["codec_type"] == "subtitle"] == ["mov_text"]
    (index,) = (one_chapter.output / ".cache" / "chapters" / "01-question").glob(
        "*/sections.json")
    starts, clock = [], 0.0
    for section in json.loads(index.read_text()):
        starts.append(clock)
        clock += float(section["duration"])
    cues = cue_starts(video, "s")
    assert len(cues) > len(starts)
    assert all(any(start <= cue < start + 1.0 for cue in cues) for start in starts)
    assert "1 chapter," in one_chapter.stdout


def test_lecture_has_the_registry_chapters_and_their_captions(lecture):
    folder = lecture.lecture
    video = folder / "lecture.mp4"
    # Chapter 1 came from the cache of the one-chapter run; only chapter 2 was drawn.
    assert "cached: 01-question" in lecture.stderr
    assert rendered_stems(lecture) == {"02-probabilities"}

    first = video_facts(folder / "chapters" / "01-question.mp4")
    second = video_facts(folder / "chapters" / "02-probabilities.mp4")
    whole = video_facts(video)
    assert whole["codec"] == "h264" and whole["size"] == (854, 480)
    assert abs(whole["duration"] - first["duration"] - second["duration"]) <= FRAME
    assert abs(whole["frames"] - first["frames"] - second["frames"]) <= 1
    assert top_level_boxes(video).index("moov") < top_level_boxes(video).index("mdat")

    chapters = ffprobe(video, "-show_chapters")["chapters"]
    assert [chapter["tags"]["title"] for chapter in chapters] == chapter_titles()[:2]
    assert float(chapters[0]["start_time"]) == 0.0
    assert abs(float(chapters[1]["start_time"]) - first["duration"]) <= FRAME
    assert abs(float(chapters[1]["end_time"]) - whole["duration"]) <= FRAME

    streams = ffprobe(video, "-show_streams")["streams"]
    assert [s["codec_name"] for s in streams if s["codec_type"] == "subtitle"] == ["mov_text"]

    srt = cue_starts(folder / "lecture.srt")
    vtt = cue_starts(folder / "lecture.vtt")
    track = cue_starts(video, "s")
    in_first = len(cue_starts(folder / "chapters" / "01-question.mp4", "s"))
    in_second = len(cue_starts(folder / "chapters" / "02-probabilities.mp4", "s"))
    assert in_first >= 1 and in_second >= 1
    assert len(srt) == len(vtt) == len(track) == in_first + in_second
    assert srt == pytest.approx(vtt, abs=1e-3) and srt == pytest.approx(track, abs=1e-3)
    assert srt == sorted(srt)
    # Chapter 2's captions are shifted by chapter 1's length: its first cue starts as
    # far into the lecture's chapter 2 as into the chapter's own video.
    own = cue_starts(folder / "chapters" / "02-probabilities.mp4", "s")[0]
    assert abs(srt[in_first] - first["duration"] - own) <= FRAME
    assert abs(track[in_first] - first["duration"] - own) <= FRAME


def test_posters_and_storyboard(lecture):
    folder = lecture.lecture
    for stem in ("01-question", "02-probabilities"):
        with Image.open(folder / "posters" / f"{stem}.png") as poster:
            assert poster.size == (854, 480)
            # A drawn frame, not a blank background.
            assert len(np.unique(np.asarray(poster.convert("L")))) > 16
    beats = [len(entry_data(lecture.output, stem)["beats"])
             for stem in ("01-question", "02-probabilities")]
    columns = min(5, max(beats))
    rows = sum((count + columns - 1) // columns for count in beats)
    with Image.open(folder / "storyboard.png") as sheet:
        assert sheet.format == "PNG"
        # A block of rows per chapter, beats at least 320x180 each, at most 5 a row.
        assert sheet.width >= columns * 320 and sheet.height >= rows * 180
        assert sheet.width <= 1700
    assert sorted(path.name for path in (folder / "chapters").iterdir()) == [
        "01-question.mp4", "02-probabilities.mp4"]


def test_chapter_videos_are_made_beside_the_render_and_shared_latex_is_whole(lecture):
    """A chapter's published video is muxed when it is stored (in the render's parallel
    phase); assembling copies it. Chapter 2 rendered after chapter 1 into one cache:
    the formulas both show were compiled once, into the shared folder."""
    cache = lecture.output / ".cache"
    for stem in ("01-question", "02-probabilities"):
        (published,) = (cache / "chapters" / stem).glob("*/published.mp4")
        copied = lecture.lecture / "chapters" / f"{stem}.mp4"
        assert copied.read_bytes() == published.read_bytes()
        kinds = sorted(stream["codec_type"]
                       for stream in ffprobe(copied, "-show_streams")["streams"])
        assert kinds == ["audio", "subtitle", "video"]
    shared = cache / "work" / "tex"
    names = {path.name for path in shared.iterdir() if path.is_file()}
    assert names and all(name.endswith(".svg") for name in names)  # no partial copies
    own = {stem: {path.name for path in (cache / "work" / stem / "Tex").glob("*.svg")}
           for stem in ("01-question", "02-probabilities")}
    # Every formula a chapter compiled is shared, and none was compiled by both.
    assert own["01-question"] | own["02-probabilities"] <= names
    assert not own["01-question"] & own["02-probabilities"]
    # Each chapter's survey (scenes/survey.py) listed its formulas and compiled them in
    # one batch: the chapters compiled none of those one by one.
    surveys = [json.loads(path.read_text()) for path in (shared / "surveys").glob("*.json")]
    assert len(surveys) == 2 and all(surveys)
    listed = {f"{name}.svg" for survey in surveys for name in survey}
    assert listed <= names
    assert not listed & (own["01-question"] | own["02-probabilities"])
