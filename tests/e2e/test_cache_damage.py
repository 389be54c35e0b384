"""A damaged cache is found out and rebuilt: never served as good, never a traceback.

Each test damages one thing in a copy of the shared one-chapter output folder
(a cached chapter's video, its entry.json, a beat frame, its slide index, a
verification marker), runs the real command, and checks the one line that says
what was thrown away, then opens what the command made as a user would.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.helpers import (
    assert_succeeded,
    copy_output,
    decode_problems,
    environment,
    render,
    rendered_stems,
)

STEM = "01-question"


def zero_bytes(entry: Path) -> str:
    """60 KB of zeros in the middle of the chapter video (about a quarter of it)."""
    video = entry / "chapter.mp4"
    size = video.stat().st_size
    assert size > 120_000, size
    with open(video, "r+b") as handle:
        handle.seek(size // 3)
        handle.write(bytes(60_000))
    return "chapter.mp4"


def truncate(entry: Path) -> str:
    video = entry / "chapter.mp4"
    with open(video, "r+b") as handle:
        handle.truncate(video.stat().st_size // 2)
    return "chapter.mp4"


def empty_object(entry: Path) -> str:
    (entry / "entry.json").write_text("{}")
    return "entry.json"


def empty_list(entry: Path) -> str:
    (entry / "entry.json").write_text("[]")
    return "entry.json"


def first_frame(entry: Path) -> Path:
    frames = sorted((entry / "beats").glob("*.png"))
    assert frames, entry
    return frames[0]


def missing_frame(entry: Path) -> str:
    frame = first_frame(entry)
    frame.unlink()
    return frame.name


def garbled_frame(entry: Path) -> str:
    frame = first_frame(entry)
    data = bytearray(frame.read_bytes())
    data[:64] = b"x" * 64  # the PNG signature and header
    frame.write_bytes(bytes(data))
    return frame.name


def garbled_slides(entry: Path) -> str:
    (index,) = (entry / "slides").glob("*.json")
    text = index.read_text()
    index.write_text(text[:len(text) // 2])  # cut off mid-way: no longer JSON
    return index.name


DAMAGE = [zero_bytes, truncate, empty_object, empty_list, missing_frame, garbled_frame,
          garbled_slides]


def damaged_copy(source: Path, target: Path, damage) -> tuple[Path, Path, str]:
    """A copy of ``source`` with its one cache entry damaged; the entry and the file named."""
    output = copy_output(source, target)
    (entry,) = (output / ".cache" / "chapters" / STEM).iterdir()
    return output, entry, damage(entry)


def assert_one_discard_line(stderr: str, name: str) -> None:
    lines = [line for line in stderr.splitlines() if "corrupt" in line]
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"softmax-lecture: cache entry {STEM} was corrupt ("), lines
    assert lines[0].endswith("); rendering it again"), lines
    assert name in lines[0], (name, lines)
    assert "Traceback" not in stderr


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda damage: damage.__name__)
def test_a_damaged_entry_is_rendered_again(one_chapter, tmp_path, damage):
    output, entry, name = damaged_copy(one_chapter.output, tmp_path / "media", damage)
    # Without the lecture the run assembles it afresh, from the entry it trusts.
    shutil.rmtree(output / "lecture")
    run = render(output, "--chapters", "1")
    assert_succeeded(run)
    assert_one_discard_line(run.stderr, name)
    assert rendered_stems(run) == {STEM}
    assert "cached:" not in run.stderr
    lecture = output / "lecture"
    for video in (entry / "chapter.mp4", lecture / "lecture.mp4",
                  lecture / "chapters" / f"{STEM}.mp4"):
        assert decode_problems(video) == [], video
    # The rebuilt entry is whole: the next run takes it as it is.
    again = render(output, "--chapters", "1")
    assert_succeeded(again)
    assert f"cached: {STEM}" in again.stderr and "corrupt" not in again.stderr


def export_pptx(output: Path, cwd: Path) -> subprocess.CompletedProcess:
    """``softmax-lecture slides`` of chapter 1 as PPTX (no browser needed), in a fresh process."""
    return subprocess.run(
        # --quality low: the deck's own default (medium) would not use the low entry.
        [sys.executable, "-m", "pipeline", "slides", "--chapters", "1", "--format", "pptx",
         "--quality", "low", "--output", str(output)],
        cwd=cwd, env=environment(), capture_output=True, text=True, timeout=600)


def assert_deck_complete(output: Path) -> None:
    (index,) = (output / "slides" / "index").glob("*.json")
    slides = json.loads(index.read_text())["slides"]
    assert slides and all(Path(slide["file"]).is_file() for slide in slides)
    assert (output / "slides" / "lecture.pptx").stat().st_size > 0
    assert not list((output / "slides").glob(".index-*"))


def test_a_damaged_slide_index_is_rendered_again_for_the_deck(one_chapter, tmp_path):
    output, _, name = damaged_copy(one_chapter.output, tmp_path / "media", garbled_slides)
    result = export_pptx(output, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_one_discard_line(result.stderr, name)
    assert_deck_complete(output)


def test_files_in_the_way_of_the_deck_index_are_replaced(one_chapter, tmp_path):
    output = copy_output(one_chapter.output, tmp_path / "media")
    slides = output / "slides"
    slides.mkdir()
    (slides / "index").write_text("not a folder")
    (slides / ".index-old").write_text("left by a killed run")
    result = export_pptx(output, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "rendering:" not in result.stderr
    assert_deck_complete(output)


def garble_marker(output: Path) -> str:
    (marker,) = (output / ".cache" / "verified").iterdir()
    marker.write_bytes(bytes(16))
    return marker.name


def replace_markers_with_a_file(output: Path) -> str:
    (marker,) = (output / ".cache" / "verified").iterdir()
    shutil.rmtree(output / ".cache" / "verified")
    (output / ".cache" / "verified").write_text("not a folder")
    return marker.name


@pytest.mark.parametrize("damage", [garble_marker, replace_markers_with_a_file],
                         ids=lambda damage: damage.__name__)
def test_a_damaged_verification_marker_is_verified_again(one_chapter, tmp_path, damage):
    output = copy_output(one_chapter.output, tmp_path / "media")
    name = damage(output)
    # Nothing to render or assemble: no LaTeX, no ffmpeg needed.
    empty = tmp_path / "no-tools"
    empty.mkdir()
    run = render(output, "--chapters", "1", path=str(empty))
    assert_succeeded(run)
    lines = run.stderr.splitlines()
    assert lines[0] == (f"softmax-lecture: cache entry verified/{name} was corrupt (its text "
                        f"is not what was verified); verifying again"), run.stderr
    assert lines[1].startswith("verified: ") and "(cached)" not in lines[1], run.stderr
    assert [line for line in lines if "corrupt" in line] == lines[:1]
    again = render(output, "--chapters", "1", path=str(empty))
    assert_succeeded(again)
    assert "corrupt" not in again.stderr
    assert again.stderr.splitlines()[0].endswith("(cached)"), again.stderr
