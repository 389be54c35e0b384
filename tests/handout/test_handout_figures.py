"""One figure per chapter: light posters when they show this example, else placeholders.

The render is replaced by a stand-in program (``pipeline.handout.RENDER_PROGRAM``) that
writes posters and a sidecar the way ``softmax-lecture render`` does, so these
tests need neither Manim nor minutes of rendering.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PIL import Image

from handout.exercise import exercise_example
from mathcore.example import WorkedExample
from mathcore.outline import CHAPTERS
from pipeline import handout as figures
from tests.handout.helpers import images, run_handout, text

STEMS = [chapter.stem for chapter in CHAPTERS]
STORYBOARD = {"classes": ["cat", "dog", "bird"], "logits": [2.0, 1.0, 0.1], "target": 0}
DOG = {**STORYBOARD, "target": 1}
# What softmax-lecture render writes into render.json besides the fingerprint.
LIGHT = {**STORYBOARD, "theme": "light"}
DARK = {**STORYBOARD, "theme": "dark"}

FAKE_RENDER = """
import json, os, shutil, sys
from pathlib import Path

arguments = sys.argv[1:]
Path(os.environ["FAKE_RENDER_LOG"]).write_text(json.dumps(arguments))
output = Path(arguments[arguments.index("--output") + 1])
print("[10/10 done] rendering: nothing", file=sys.stderr)
if os.environ.get("FAKE_RENDER_FAIL"):
    print("softmax-lecture: error: chapter 03-cost failed (log: cost.log)", file=sys.stderr)
    sys.exit(1)
posters = output / "lecture" / "posters"
posters.mkdir(parents=True, exist_ok=True)
theme = arguments[arguments.index("--theme") + 1] if "--theme" in arguments else "dark"
# A light render has light posters, a dark one dark posters.
poster = os.environ["FAKE_RENDER_POSTER_" + theme.upper()]
for stem in json.loads(os.environ["FAKE_RENDER_STEMS"]):
    shutil.copy(poster, posters / f"{stem}.png")
record = {"fingerprint": os.environ["FAKE_RENDER_SIDECAR"], "theme": theme}
(output / "lecture" / "render.json").write_text(json.dumps(record))
"""

LIGHT_COLOUR = "#f4f2ec"  # the light theme's background, about
DARK_COLOUR = "#16181d"  # the dark theme's


def poster(path: Path, colour: str = LIGHT_COLOUR) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (854, 480), colour).save(path)
    return path


def lecture(output: Path, sidecar: object, name: str = "render.json", stems=STEMS) -> None:
    for stem in stems:
        poster(output / "lecture" / "posters" / f"{stem}.png")
    text_ = sidecar if isinstance(sidecar, str) else json.dumps(sidecar)
    (output / "lecture" / name).write_text(text_)


def storyboard() -> WorkedExample:
    return WorkedExample.build([2.0, 1.0, 0.1], "cat", ["cat", "dog", "bird"])


SAME = {
    "render.json, the fingerprint's own JSON": ("render.json", LIGHT),
    "render.json with a fingerprint string": (
        "render.json", {"fingerprint": json.dumps(STORYBOARD), "quality": "low",
                        "theme": "light"}),
    "render.json with the example": (
        "render.json", {"example": STORYBOARD, "chapters": 10, "theme": "light"}),
}


@pytest.mark.parametrize("name, sidecar", SAME.values(), ids=SAME.keys())
def test_posters_of_the_same_example_are_used(name, sidecar, tmp_path):
    lecture(tmp_path, sidecar, name)
    found = figures.find_figures(storyboard(), tmp_path)
    assert [figure.chapter.stem for figure in found] == STEMS
    assert [figure.poster for figure in found] == [
        tmp_path / "lecture" / "posters" / f"{stem}.png" for stem in STEMS]


NOT_SAME = {
    "another target": {**DOG, "theme": "light"},
    "other logits": {**LIGHT, "logits": [2.0, 1.0, 0.2]},
    "renamed class": {**LIGHT, "classes": ["cat", "dog", "birds"]},
    "not JSON": "{logits: [2, 1, 0.1]",
    "no fingerprint": {"quality": "low"},
}


@pytest.mark.parametrize("sidecar", NOT_SAME.values(), ids=NOT_SAME.keys())
def test_posters_of_another_example_are_not(sidecar, tmp_path):
    lecture(tmp_path, sidecar)
    found = figures.find_figures(storyboard(), tmp_path)
    assert all(figure.poster is None for figure in found)
    assert {figure.reason for figure in found} == {
        "the lecture has not been rendered for this example"}


def test_no_sidecar_means_not_the_same_example(tmp_path):
    for stem in STEMS:
        poster(tmp_path / "lecture" / "posters" / f"{stem}.png")
    assert all(figure.poster is None for figure in figures.find_figures(storyboard(), tmp_path))


def test_only_the_render_record_counts(tmp_path):
    # An example.json beside the posters (nothing writes one) does not make them this example's.
    lecture(tmp_path, LIGHT, "example.json")
    assert all(figure.poster is None for figure in figures.find_figures(storyboard(), tmp_path))


def test_a_missing_poster_is_a_placeholder_for_its_chapter_only(tmp_path):
    lecture(tmp_path, LIGHT, stems=[stem for stem in STEMS if stem != "06-potential"])
    found = {figure.chapter.stem: figure for figure in figures.find_figures(storyboard(), tmp_path)}
    assert found["06-potential"].poster is None
    assert found["06-potential"].reason == "its poster frame has not been rendered"
    assert all(found[stem].poster is not None for stem in STEMS if stem != "06-potential")


@pytest.fixture
def fake_render(tmp_path, monkeypatch):
    script = tmp_path / "fake_render.py"
    script.write_text(FAKE_RENDER)
    log = tmp_path / "render-arguments.json"
    monkeypatch.setattr(figures, "RENDER_PROGRAM", (sys.executable, str(script)))
    monkeypatch.setenv("FAKE_RENDER_LOG", str(log))
    monkeypatch.setenv("FAKE_RENDER_STEMS", json.dumps(STEMS))
    monkeypatch.setenv("FAKE_RENDER_POSTER_LIGHT",
                       str(poster(tmp_path / "light.png", LIGHT_COLOUR)))
    monkeypatch.setenv("FAKE_RENDER_POSTER_DARK", str(poster(tmp_path / "dark.png", DARK_COLOUR)))
    monkeypatch.setenv("FAKE_RENDER_SIDECAR", json.dumps(DOG))
    return log


def test_figures_option_renders_the_same_example_and_includes_the_posters(
    fake_render, tmp_path, monkeypatch
):
    output = tmp_path / "media"
    run = run_handout(["--figures", "--target", "dog"], tmp_path)
    assert run.status == 0, run.stderr
    # A light render, into print/: a lecture the user rendered in lecture/ stays as it is.
    assert json.loads(fake_render.read_text()) == [
        "render", "--quality", "low", "--theme", "light", "--no-voice",
        "--output", str(output / "print"), "--target=dog"]
    assert run.stderr == "[10/10 done] rendering: nothing\n"  # the render's own progress
    assert " pages, 10 light-theme figures) and lecture-notes.tex" in run.stdout
    assert images(run.pdf) == len(STEMS)
    assert "Not included" not in text(run.pdf)
    assert sorted(path.name for path in (output / "handout" / "figures").iterdir()) == [
        f"{stem}.png" for stem in STEMS]
    tex = run.tex.read_text()
    assert all(f"{{figures/{stem}.png}}" in tex for stem in STEMS)

    # Posters there for this example: --figures renders nothing again.
    fake_render.unlink()
    again = run_handout(["--figures", "--target", "dog"], tmp_path)
    assert again.status == 0 and not fake_render.exists()
    assert images(again.pdf) == len(STEMS)

    # Another example: placeholders, and the old posters leave the handout's folder.
    other = run_handout(["--target", "cat"], tmp_path)
    assert other.status == 0 and images(other.pdf) == 0
    flat = " ".join(text(other.pdf).split())
    assert flat.count("Not included: the lecture has not been rendered for this example.") == 10
    assert not list((output / "handout" / "figures").iterdir())


def test_a_failed_render_is_said_and_leaves_placeholders(fake_render, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_RENDER_FAIL", "1")
    run = run_handout(["--figures"], tmp_path)
    assert run.status == 1
    assert run.stderr.splitlines()[-1] == (
        "softmax-lecture: rendering the posters failed (exit status 1: softmax-lecture: error: "
        "chapter 03-cost failed (log: cost.log))")
    assert "Traceback" not in run.stderr
    assert images(run.pdf) == 0
    flat = " ".join(text(run.pdf).split())
    assert flat.count("Not included: rendering the lecture failed.") == 10
    for chapter in CHAPTERS:
        assert f"Figure: {chapter.title} (Section {chapter.number})" in flat


def test_exercise_examples_are_small_and_reproducible():
    for seed in range(40):
        exercise = exercise_example(seed)
        assert 3 <= exercise.n_classes <= 5
        assert all((2 * value).is_integer() and -2 <= value <= 3 for value in exercise.logits)
        assert len(set(exercise.logits)) == exercise.n_classes
        assert exercise.fingerprint() == exercise_example(seed).fingerprint()
    # Not one fixed sheet: the seeds spread over class counts and targets.
    sheets = [exercise_example(seed) for seed in range(40)]
    assert {sheet.n_classes for sheet in sheets} == {3, 4, 5}
    assert len({sheet.target for sheet in sheets}) >= 3


def test_a_dark_lecture_is_not_printed(tmp_path):
    lecture(tmp_path, DARK)
    found = figures.find_figures(storyboard(), tmp_path)
    assert all(figure.poster is None for figure in found)
    assert {figure.reason for figure in found} == {
        "the lecture was rendered in the dark theme; print uses the light theme"}


def test_the_print_lecture_is_used_beside_a_dark_one(tmp_path):
    lecture(tmp_path, DARK)
    lecture(tmp_path / "print", LIGHT)
    found = figures.find_figures(storyboard(), tmp_path)
    assert [figure.poster for figure in found] == [
        tmp_path / "print" / "lecture" / "posters" / f"{stem}.png" for stem in STEMS]
    assert {figure.theme for figure in found} == {"light"}


def test_a_light_lecture_of_the_user_is_used_first(tmp_path):
    lecture(tmp_path, LIGHT)
    lecture(tmp_path / "print", LIGHT)
    found = figures.find_figures(storyboard(), tmp_path)
    assert [figure.poster for figure in found] == [
        tmp_path / "lecture" / "posters" / f"{stem}.png" for stem in STEMS]


def test_figures_renders_light_beside_a_dark_lecture(fake_render, tmp_path):
    """A dark lecture for this example: --figures renders a light one into print/."""
    output = tmp_path / "media"
    lecture(output, {**DOG, "theme": "dark"})
    before = {path: path.read_bytes() for path in (output / "lecture").rglob("*")
              if path.is_file()}
    run = run_handout(["--figures", "--target", "dog"], tmp_path)
    assert run.status == 0, run.stderr
    assert fake_render.exists() and images(run.pdf) == len(STEMS)
    assert {path: path.read_bytes() for path in (output / "lecture").rglob("*")
            if path.is_file()} == before
    assert "rendered in the light theme for print" in " ".join(text(run.pdf).split())
