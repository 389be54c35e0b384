"""Held frames encoded once (scenes/encoding.py): the output is Manim's own, but for its frames.

Chapter 1 is rendered a second time with Manim's own writer and settings
(``SOFTMAX_LECTURE_ENCODER=manim``) from the same speech (the session's speech
cache copied), and the two lectures are compared: the lengths of the chapter,
its beats and its slides, the captions, the chapter marker, the sound against
the picture, and the pictures themselves (ffmpeg's ``ssim`` filter). Lengths
and times are read back with ffprobe and PyAV, never from the cache's records.
A small scene with holds of one, two, three and eight frames is rendered both ways too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.helpers import (
    Run,
    assert_succeeded,
    environment,
    ffprobe,
    video_facts,
)

FPS = 15
FRAME = 1 / FPS
STEM = "01-question"
SCENE = "TheQuestion"
# Two encodings of the same frames agree to this (a frame is 0.067 s); Manim's own MP4
# lengths are rounded to its stream's time base.
SAME_LENGTH = 2e-3
SSIM_FLOOR = 0.98
SAMPLES_PER_SECOND = 5


@pytest.fixture(scope="module")
def manims_own(one_chapter, tmp_path_factory) -> Run:
    """Chapter 1 rendered with Manim's own writer, from the same speech as ``one_chapter``."""
    output = tmp_path_factory.mktemp("manims-own") / "media"
    (output / ".cache").mkdir(parents=True)
    shutil.copytree(one_chapter.output / ".cache" / "speech", output / ".cache" / "speech")
    env = environment()
    env["SOFTMAX_LECTURE_ENCODER"] = "manim"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "render", "--output", str(output), "--chapters", "1"],
        cwd=output.parent, env=env, capture_output=True, text=True, timeout=600)
    run = Run(output, result.returncode, result.stdout, result.stderr)
    assert_succeeded(run)
    assert "synthesised 0 cues" in run.stderr, run.stderr  # the same speech, not a new take
    return run


def entry_folder(output: Path) -> Path:
    (entry,) = (output / ".cache" / "chapters" / STEM).glob("*/entry.json")
    return entry.parent


def seconds(path: Path, stream: str = "v:0") -> float:
    """ffprobe's duration of one stream of ``path``."""
    (found,) = ffprobe(path, "-select_streams", stream, "-show_streams")["streams"]
    return float(found["duration"])


def slide_videos(output: Path) -> list[Path]:
    """manim-slides' video of each slide of chapter 1, in order."""
    slides = entry_folder(output) / "slides"
    index = json.loads((slides / f"{SCENE}.json").read_text())
    return [slides / "files" / SCENE / Path(slide["file"]).name for slide in index["slides"]]


def packets(path: Path) -> list[dict]:
    return ffprobe(path, "-select_streams", "v:0", "-show_packets")["packets"]


def test_holds_are_stored_once_and_frames_stay_on_the_clock(one_chapter, manims_own):
    ours = entry_folder(one_chapter.output) / "chapter.mp4"
    theirs = entry_folder(manims_own.output) / "chapter.mp4"
    new, old = video_facts(ours), video_facts(theirs)
    # Manim's writer stores a frame per period; ours far fewer (the chapter is mostly holds).
    assert old["frames"] == round(old["duration"] * FPS)
    assert new["frames"] < 0.8 * old["frames"]
    # Every frame of ours where Manim's clock puts one: at a whole number of periods.
    periods = [time * FPS for time in new["times"]]
    assert all(abs(period - round(period)) < 1e-3 for period in periods)
    assert periods == sorted(set(periods)) and periods[0] == 0
    # No B-frames: decoding order is presentation order.
    assert all(packet["dts"] == packet["pts"] for packet in packets(ours))


def test_chapter_beats_and_slides_last_as_long_as_with_manims_writer(one_chapter, manims_own):
    ours, theirs = entry_folder(one_chapter.output), entry_folder(manims_own.output)
    assert abs(seconds(ours / "chapter.mp4") - seconds(theirs / "chapter.mp4")) <= SAME_LENGTH
    # The beat videos (--save_sections), as Manim's own index measured them.
    new_beats, old_beats = (
        [float(section["duration"]) for section in json.loads((folder / "sections.json")
                                                              .read_text())]
        for folder in (ours, theirs))
    assert len(new_beats) >= 2
    assert new_beats == pytest.approx(old_beats, abs=SAME_LENGTH)
    # manim-slides' slide videos: one per beat, each as long as with Manim's writer.
    new_slides = [seconds(video) for video in slide_videos(one_chapter.output)]
    old_slides = [seconds(video) for video in slide_videos(manims_own.output)]
    assert len(new_slides) == len(old_slides) == len(new_beats)
    assert new_slides == pytest.approx(old_slides, abs=SAME_LENGTH)
    assert sum(new_slides) == pytest.approx(seconds(ours / "chapter.mp4"), abs=SAME_LENGTH)


@pytest.mark.parametrize("name", ["lecture.mp4", f"chapters/{STEM}.mp4"])
def test_published_video_keeps_length_captions_marker_and_sound(one_chapter, manims_own, name):
    ours, theirs = one_chapter.lecture / name, manims_own.lecture / name
    video = seconds(ours)
    assert abs(video - seconds(theirs)) <= SAME_LENGTH
    # The narration, muxed from the chapter's speech, ends with the picture (AAC frames
    # are 1024 samples at 24 kHz: within one of them) and is as long as with Manim's writer.
    audio = seconds(ours, "a:0")
    assert abs(audio - video) <= FRAME
    assert abs(audio - seconds(theirs, "a:0")) <= SAME_LENGTH
    # The captions, as ffmpeg reads them from the video's own track: the same cues.
    def cues(path: Path) -> list[float]:  # start and end of each, in turn
        found = ffprobe(path, "-select_streams", "s:0", "-show_packets")["packets"]
        return [float(packet[key]) for packet in found if int(packet["size"]) > 2
                for key in ("pts_time", "duration_time")]
    assert len(cues(ours)) >= 4
    assert cues(ours) == pytest.approx(cues(theirs), abs=1e-3)
    if name == "lecture.mp4":
        (marker,) = ffprobe(ours, "-show_chapters")["chapters"]
        assert float(marker["start_time"]) == 0.0
        assert abs(float(marker["end_time"]) - video) <= FRAME


def ssim_per_frame(ours: Path, theirs: Path, stats: Path) -> list[float]:
    """ffmpeg's SSIM (all planes) of the two videos' pictures, sampled at the same times."""
    graph = (f"[0:v]fps={SAMPLES_PER_SECOND}[a];[1:v]fps={SAMPLES_PER_SECOND}[b];"
             f"[a][b]ssim=stats_file={stats}")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(ours), "-i", str(theirs),
                    "-lavfi", graph, "-f", "null", "-"], check=True)
    return [float(line.split("All:")[1].split()[0]) for line in stats.read_text().splitlines()]


def test_pictures_match_manims_writer(one_chapter, manims_own, tmp_path):
    ours, theirs = one_chapter.lecture / "lecture.mp4", manims_own.lecture / "lecture.mp4"
    scores = ssim_per_frame(ours, theirs, tmp_path / "ssim.log")
    assert abs(len(scores) - seconds(ours) * SAMPLES_PER_SECOND) <= 2
    assert min(scores) >= SSIM_FLOOR, min(scores)
    assert os.path.getsize(ours) <= 1.5 * os.path.getsize(theirs)


HOLDS = (1, 2, 3, 8, 1)  # frames
HOLDS_SCENE = f'''
from manim import DOWN, RIGHT, Dot, Scene, Square

from scenes.encoding import lecture_renderer


class Holds(Scene):
    def __init__(self, **kwargs):
        kwargs.setdefault("renderer", lecture_renderer())
        super().__init__(**kwargs)

    def construct(self):
        dot = Dot()
        self.add(dot, Square().shift(DOWN))
        for index, hold in enumerate({list(HOLDS)}):
            self.next_section(f"hold{{index}}")
            self.play(dot.animate.shift(0.3 * RIGHT), run_time=0.2)
            self.wait(hold / 15 + 1e-6)
'''


def render_holds(folder: Path, writer: str) -> Path:
    """The small scene at 480p15, with our writer or Manim's; its video folder."""
    folder.mkdir(parents=True)
    (folder / "holds.py").write_text(HOLDS_SCENE)
    env = environment()
    env["SOFTMAX_LECTURE_ENCODER"] = writer
    subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "--save_sections",
                    "--disable_caching", "--progress_bar", "none", "--media_dir",
                    str(folder / "media"), "holds.py", "Holds"],
                   cwd=folder, env=env, check=True, capture_output=True, timeout=300)
    return folder / "media" / "videos" / "holds" / "480p15"


def test_short_holds_last_their_frames(tmp_path):
    ours = render_holds(tmp_path / "ours", "ours")
    theirs = render_holds(tmp_path / "theirs", "manim")
    index = json.loads((ours / "sections" / "Holds.json").read_text())
    assert [section["name"] for section in index] == [f"hold{n}" for n in range(len(HOLDS))]
    for section in index:
        new = video_facts(ours / "sections" / section["video"])
        old = video_facts(theirs / "sections" / section["video"])
        assert new["duration"] == pytest.approx(old["duration"], abs=1e-3)
        assert old["frames"] == round(old["duration"] * FPS)  # Manim's: a frame per period
    hold_frames = sum(HOLDS) - sum(min(hold, 2) for hold in HOLDS)  # stored once, and again last
    new, old = video_facts(ours / "Holds.mp4"), video_facts(theirs / "Holds.mp4")
    assert new["duration"] == pytest.approx(old["duration"], abs=1e-3)
    assert new["frames"] == old["frames"] - hold_frames
    assert new["times"][-1] + FRAME == pytest.approx(new["duration"], abs=1e-3)
