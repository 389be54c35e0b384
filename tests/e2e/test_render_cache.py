"""The render cache: nothing changed renders nothing; a new theme or example re-renders.

Every test works on a copy of the shared two-chapter output folder.
"""

from __future__ import annotations

from PIL import Image

from mathcore.example import WorkedExample
from tests.e2e.helpers import (
    assert_succeeded,
    cache_entries,
    copy_output,
    files_state,
    render,
    rendered_stems,
)


def test_rerun_with_nothing_changed_renders_and_rewrites_nothing(lecture, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    lecture_before = files_state(output / "lecture")
    entries_before = cache_entries(output)
    videos_before = {name: state for name, state in files_state(output / ".cache").items()
                     if name.endswith("chapter.mp4")}
    # An empty PATH: no LaTeX, no ffmpeg. Neither is needed when nothing has changed.
    empty = tmp_path / "no-tools"
    empty.mkdir()
    run = render(output, "--chapters", "1,2", path=str(empty))
    assert_succeeded(run)
    assert "rendering:" not in run.stderr
    assert rendered_stems(run) == set()
    assert "cached: 01-question, 02-probabilities" in run.stderr
    assert f"up to date: {output / 'lecture'}" in run.stderr
    assert "(0 rendered, 2 cached)" in run.stdout
    assert files_state(output / "lecture") == lecture_before
    assert cache_entries(output) == entries_before
    assert {name: state for name, state in files_state(output / ".cache").items()
            if name.endswith("chapter.mp4")} == videos_before


def test_a_deleted_output_is_reassembled_without_rendering(lecture, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    (output / "lecture" / "lecture.vtt").unlink()
    run = render(output, "--chapters", "1,2")
    assert_succeeded(run)
    assert rendered_stems(run) == set() and "rendering:" not in run.stderr
    assert "assembling:" in run.stderr
    assert (output / "lecture" / "lecture.vtt").read_text().startswith("WEBVTT")


def test_a_new_theme_rerenders(lecture, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    before = cache_entries(output)
    run = render(output, "--chapters", "1", "--theme", "light")
    assert_succeeded(run)
    assert rendered_stems(run) == {"01-question"}
    assert "cached:" not in run.stderr
    after = cache_entries(output)
    assert len(after["01-question"] - before["01-question"]) == 1
    with Image.open(output / "lecture" / "posters" / "01-question.png") as poster:
        assert min(poster.convert("RGB").getpixel((2, 2))) > 200  # the light background
    # The lecture is now chapter 1 alone: chapter 2's files are gone from it.
    assert not (output / "lecture" / "chapters" / "02-probabilities.mp4").exists()
    assert "1 chapter," in run.stdout


def test_a_new_example_rerenders_only_the_chapters_that_show_it(lecture, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    old_captions = (output / "lecture" / "lecture.srt").read_text()
    run = render(output, "--chapters", "1,2", "--logits", "0.5,2,1")
    assert_succeeded(run)
    # Chapter 1 shows no number of the example; chapter 2 shows them all.
    assert "cached: 01-question" in run.stderr
    assert rendered_stems(run) == {"02-probabilities"}
    captions = (output / "lecture" / "lecture.srt").read_text()
    new, old = WorkedExample.from_options("0.5,2,1"), WorkedExample.from_options()
    assert new.fmt(new.partition) in captions
    assert old.fmt(old.partition) in old_captions and old.fmt(old.partition) not in captions
    assert len(cache_entries(output)["02-probabilities"]) == 2
