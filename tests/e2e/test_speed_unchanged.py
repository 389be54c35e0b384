"""The speed work changes no picture and no timing: chapter 1 rendered without it matches.

Chapter 1 is rendered a second time with every shortcut of issue #12 turned off
(``SOFTMAX_LECTURE_SPEEDUPS=0``: Manim's own copies, every Text and formula
built afresh; ``SOFTMAX_LECTURE_FORMULA_SURVEY=0``: each formula compiled by
itself; ``SOFTMAX_LECTURE_ZYGOTE=0``: a new Python for the chapter) from the same
speech as the session's render, and the two are compared as a viewer gets them:
the chapter's and each beat's length (ffprobe), the captions (ffmpeg's own
demuxer), and every frame of the picture (ffmpeg's ``ssim`` filter).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.e2e.helpers import Run, assert_succeeded, cue_starts, entry_data, environment, ffprobe

STEM = "01-question"
SAME_LENGTH = 2e-3  # seconds; a frame is 0.067 s
# Every frame: the renders draw the same mobjects (a copy is exact), so SSIM is 1 but
# for the encoder's rounding.
SSIM_FLOOR = 0.995

OFF = {"SOFTMAX_LECTURE_SPEEDUPS": "0", "SOFTMAX_LECTURE_FORMULA_SURVEY": "0",
       "SOFTMAX_LECTURE_ZYGOTE": "0"}


@pytest.fixture(scope="module")
def without_speedups(one_chapter, tmp_path_factory) -> Run:
    output = tmp_path_factory.mktemp("no-speedups") / "media"
    (output / ".cache").mkdir(parents=True)
    shutil.copytree(one_chapter.output / ".cache" / "speech", output / ".cache" / "speech")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "render", "--output", str(output), "--chapters", "1"],
        cwd=output.parent, env={**environment(), **OFF}, capture_output=True, text=True,
        timeout=600)
    run = Run(output, result.returncode, result.stdout, result.stderr)
    assert_succeeded(run)
    assert "synthesised 0 cues" in run.stderr, run.stderr
    # Really without them: no survey was made and the chapter compiled its own formulas.
    work = output / ".cache" / "work"
    assert not (work / "tex" / "surveys").exists()
    assert list((work / STEM / "Tex").glob("*.svg"))
    return run


def _seconds(path, stream="v:0") -> float:
    (found,) = ffprobe(path, "-select_streams", stream, "-show_streams")["streams"]
    return float(found["duration"])


def test_the_chapter_and_its_beats_last_as_long(one_chapter, without_speedups):
    ours = entry_data(one_chapter.output, STEM)
    theirs = entry_data(without_speedups.output, STEM)
    for name in ("lecture.mp4", f"chapters/{STEM}.mp4"):
        assert _seconds(one_chapter.lecture / name) == pytest.approx(
            _seconds(without_speedups.lecture / name), abs=SAME_LENGTH)
        assert _seconds(one_chapter.lecture / name, "a:0") == pytest.approx(
            _seconds(without_speedups.lecture / name, "a:0"), abs=SAME_LENGTH)
    assert [beat["duration"] for beat in ours["beats"]] == pytest.approx(
        [beat["duration"] for beat in theirs["beats"]], abs=SAME_LENGTH)


def test_the_captions_and_the_chapter_marker_are_the_same(one_chapter, without_speedups):
    for name in ("lecture.mp4", f"chapters/{STEM}.mp4"):
        assert cue_starts(one_chapter.lecture / name, "s") == pytest.approx(
            cue_starts(without_speedups.lecture / name, "s"), abs=1e-3)
    assert cue_starts(one_chapter.lecture / "lecture.srt") == pytest.approx(
        cue_starts(without_speedups.lecture / "lecture.srt"), abs=1e-3)
    marks = [[(chapter["tags"]["title"], float(chapter["start_time"]), float(chapter["end_time"]))
              for chapter in ffprobe(run.lecture / "lecture.mp4", "-show_chapters")["chapters"]]
             for run in (one_chapter, without_speedups)]
    assert marks[0] and marks[0][0][0] == marks[1][0][0]
    times = [[time for mark in run_marks for time in mark[1:]] for run_marks in marks]
    assert times[0] == pytest.approx(times[1], abs=1e-3)


def test_every_frame_is_the_same_picture(one_chapter, without_speedups, tmp_path):
    stats = tmp_path / "ssim.log"
    ours = one_chapter.lecture / "chapters" / f"{STEM}.mp4"
    theirs = without_speedups.lecture / "chapters" / f"{STEM}.mp4"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(ours), "-i", str(theirs),
                    "-lavfi", f"[0:v]fps=15[a];[1:v]fps=15[b];[a][b]ssim=stats_file={stats}",
                    "-f", "null", "-"], check=True)
    scores = [float(line.split("All:")[1].split()[0]) for line in stats.read_text().splitlines()]
    assert len(scores) >= 15 * 20  # every frame of the chapter's 20-odd seconds
    assert min(scores) >= SSIM_FLOOR, min(scores)
