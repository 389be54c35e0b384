"""The still-picture measure (pipeline.frames.stills) finds the stills a video was made with.

Videos are made with ffmpeg's own sources, their still stretches known by
construction: moving test patterns around a held colour, and a small dot that
moves one step a frame (the least change the lecture's animations make).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.frames import stills

FPS = 15
FRAME = 1 / FPS


def _make(path: Path, filtergraph: str) -> Path:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-filter_complex", filtergraph,
                    "-map", "[out]", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)],
                   check=True)
    return path


def test_a_held_colour_between_moving_patterns_is_the_one_still(tmp_path):
    video = _make(tmp_path / "held.mp4",
                  f"testsrc2=s=320x240:r={FPS}:d=2[a];color=c=red:s=320x240:r={FPS}:d=3[b];"
                  f"testsrc2=s=320x240:r={FPS}:d=2[c];[a][b][c]concat=n=3[out]")
    measured = stills(video)
    assert len(measured.intervals) == 1
    start, end = measured.intervals[0]
    # The held colour is the frames from 2 s to 5 s; the still starts at its first frame.
    assert start == pytest.approx(2.0, abs=2 * FRAME)
    assert end == pytest.approx(5.0, abs=2 * FRAME)
    assert measured.duration == pytest.approx(7.0, abs=2 * FRAME)
    assert measured.fraction == pytest.approx(3 / 7, abs=0.03)


def test_a_still_to_the_end_ends_with_the_video_and_short_pauses_do_not_count(tmp_path):
    # 0.5 s of colour (shorter than a counted still), moving, then 2.5 s of colour to the end.
    video = _make(tmp_path / "tail.mp4",
                  f"color=c=blue:s=320x240:r={FPS}:d=0.5[a];testsrc2=s=320x240:r={FPS}:d=1.5[b];"
                  f"color=c=green:s=320x240:r={FPS}:d=2.5[c];[a][b][c]concat=n=3[out]")
    measured = stills(video)
    assert [round(end - start, 1) for start, end in measured.intervals] == \
        pytest.approx([2.5], abs=2 * FRAME)
    assert measured.longest[1] == pytest.approx(measured.duration)


def test_a_small_dot_moving_is_not_still(tmp_path):
    # An 8-pixel dot steps 2 pixels a frame across a dark 854x480 frame for 3 s.
    video = _make(tmp_path / "dot.mp4",
                  f"color=c=black:s=854x480:r={FPS}:d=3[bg];color=c=white:s=8x8:r={FPS}:d=3[dot];"
                  f"[bg][dot]overlay=x='100+2*n':y=240[out]")
    assert stills(video).intervals == ()
