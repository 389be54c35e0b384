"""The deck as a user opens it: a browser with no network, an office suite, a PDF reader.

One two-chapter deck at low quality is exported in every format once for the
module; each test opens one of the files with the real tool.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from mathcore.outline import chapter_by_number
from tests.slides.browser import open_deck

CHAPTERS = (1, 2)
REPOSITORY = Path(__file__).resolve().parents[2]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=900)


def _declared_slide_breaks(output: Path) -> int:
    """Slides the chapters declared: one per beat, read from manim-slides' own indices."""
    total = 0
    for number in CHAPTERS:
        chapter = chapter_by_number(number)
        index = json.loads((output / "slides" / "index" / f"{chapter.scene}.json").read_text())
        total += len(index["slides"])
    return total


@pytest.fixture(scope="module")
def deck_run(tmp_path_factory):
    output = tmp_path_factory.mktemp("media")
    result = _cli("slides", "--chapters", ",".join(map(str, CHAPTERS)), "--format", "all",
                  "--quality", "low", "--output", str(output), cwd=output)
    assert result.returncode == 0, result.stderr[-3000:]
    return output, result


@pytest.fixture(scope="module")
def deck(deck_run):
    return deck_run[0]


def test_slides_draws_no_progress_bars(deck_run):
    _, result = deck_run
    printed = result.stdout + result.stderr
    # tqdm's bars: "Generating video slides for config 1:  40%|####  | 2/5 [00:00<00:00, 36it/s]"
    assert "Generating video slides" not in printed
    assert "it/s]" not in printed


def test_html_deck_plays_with_the_network_blocked(deck, tmp_path):
    report = open_deck(deck / "slides" / "lecture.html", screenshot=tmp_path / "first.png")
    assert report.blocked == [], f"requests tried to leave the machine: {report.blocked}"
    assert all(url.startswith(("file:", "data:", "blob:")) for url in report.requests)
    assert report.errors == []
    assert report.total_slides == _declared_slide_breaks(deck)
    assert report.first_video_ready_state >= 3  # HAVE_FUTURE_DATA: it can play
    assert report.speaker_notes_enabled
    assert "softmax" in report.first_notes  # chapter 1's first narration


def test_space_advances_and_the_deck_shows_where_it_is(deck, tmp_path):
    # Space moves on even while the slide's video plays (it used to restart or pause it);
    # a progress bar shows, and the URL's hash follows the slide, so a reload stays there.
    report = open_deck(deck / "slides" / "lecture.html")
    assert report.space == (0, 1)
    assert report.progress_bar_shown
    assert report.hash_after_space == "#/1"


def test_one_file_deck_needs_nothing_beside_it(deck, tmp_path):
    assets = deck / "slides" / "lecture_assets"
    assert assets.is_dir()
    result = _cli("slides", "--chapters", ",".join(map(str, CHAPTERS)), "--format", "html",
                  "--one-file", "--output", str(deck), cwd=deck)
    assert result.returncode == 0, result.stderr[-3000:]
    # The earlier deck's assets folder is gone, and the user is told so.
    assert not assets.exists()
    removed = [line for line in result.stderr.splitlines() if str(assets) in line]
    assert removed == [f"removed {assets}/: the one-file deck needs no assets folder"]
    lone = tmp_path / "alone.html"
    lone.write_bytes((deck / "slides" / "lecture.html").read_bytes())
    report = open_deck(lone)
    assert report.blocked == []
    assert report.total_slides == _declared_slide_breaks(deck)
    assert report.first_video_ready_state >= 3
    # Put the multi-file deck back for the other tests.
    restore = _cli("slides", "--chapters", ",".join(map(str, CHAPTERS)), "--format", "html",
                   "--output", str(deck), cwd=deck)
    assert restore.returncode == 0, restore.stderr[-3000:]


def test_pptx_has_the_slides_and_their_notes_and_libreoffice_converts_it(deck, tmp_path):
    from pptx import Presentation

    presentation = Presentation(str(deck / "slides" / "lecture.pptx"))
    slides = list(presentation.slides)
    assert len(slides) == _declared_slide_breaks(deck)
    notes = [slide.notes_slide.notes_text_frame.text for slide in slides if slide.has_notes_slide]
    assert len(notes) == len(slides) and all(text.strip() for text in notes)
    converted = subprocess.run(
        ["libreoffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck / "slides" / "lecture.pptx")],
        capture_output=True, text=True, timeout=300)
    assert converted.returncode == 0, converted.stderr
    assert (tmp_path / "lecture.pdf").stat().st_size > 10_000


def _beats(output: Path) -> list[tuple[str, dict]]:
    """(``chapter.beat title``, manim-slides' slide entry) for every slide, in order."""
    beats = []
    for number in CHAPTERS:
        chapter = chapter_by_number(number)
        index = json.loads((output / "slides" / "index" / f"{chapter.scene}.json").read_text())
        beats += [(f"{chapter.number}.{beat} {chapter.title}", slide)
                  for beat, slide in enumerate(index["slides"], start=1)]
    return beats


def _frame(video: Path, last: bool):
    import av
    import numpy as np

    with av.open(str(video)) as container:
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]
    return np.asarray(frames[-1 if last else 0], dtype=float)


def test_pptx_slides_have_titles_alt_text_and_their_final_frame(deck, tmp_path):
    import numpy as np
    from PIL import Image
    from pptx import Presentation

    beats = _beats(deck)
    presentation = Presentation(str(deck / "slides" / "lecture.pptx"))
    slides = list(presentation.slides)
    assert [slide.shapes.title.text for slide in slides] == [label for label, _ in beats]
    for slide, (label, entry) in zip(slides, beats, strict=True):
        (movie,) = [shape for shape in slide.shapes if shape.element.tag.endswith("}pic")]
        properties = movie.element.xpath("./p:nvPicPr/p:cNvPr")[0]
        assert properties.get("descr") == entry["notes"] and entry["notes"].strip()
        assert properties.get("name") == f"Video {label}"
    # What print and edit view show (LibreOffice's PDF): each beat's last frame.
    converted = subprocess.run(
        ["libreoffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck / "slides" / "lecture.pptx")],
        capture_output=True, text=True, timeout=300)
    assert converted.returncode == 0, converted.stderr
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "lecture.pdf"),
                    str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(beats)
    told_apart = 0
    for page, (label, entry) in zip(pages, beats, strict=True):
        video = deck / "slides" / "index" / entry["file"] if not Path(entry["file"]).is_absolute() \
            else Path(entry["file"])
        last, first = _frame(video, last=True), _frame(video, last=False)
        size = (last.shape[1], last.shape[0])
        shown = np.asarray(Image.open(page).convert("RGB").resize(size), dtype=float)
        to_last, to_first = np.abs(shown - last).mean(), np.abs(shown - first).mean()
        assert to_last < 8, (label, to_last)
        if np.abs(last - first).mean() > 8:  # a beat whose first frame looks different
            told_apart += 1
            assert to_last < to_first, (label, to_last, to_first)
    assert told_apart >= 3


def test_pdf_has_one_page_per_slide(deck):
    info = subprocess.run(["pdfinfo", str(deck / "slides" / "lecture.pdf")],
                          capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == _declared_slide_breaks(deck)


def test_printed_deck_pages_hold_the_frame_and_the_narration_as_text(deck):
    pdf = deck / "slides" / "lecture.pdf"
    beats = _beats(deck)
    for page, (label, entry) in enumerate(beats, start=1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        flat = " ".join(unicodedata.normalize("NFKC", text).split())
        assert " ".join(entry["notes"].split()) in flat, (label, flat[:300])
        assert label.split(" ", 1)[1] in flat and label.split(" ", 1)[0] in flat
    # One image a page, at the frames' own resolution (not a thumbnail).
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    rows = [line.split() for line in listing]
    assert [int(row[0]) for row in rows] == list(range(1, len(beats) + 1))
    video = Path(beats[0][1]["file"])
    video = video if video.is_absolute() else deck / "slides" / "index" / video
    height, width = _frame(video, last=True).shape[:2]
    assert {(int(row[3]), int(row[4])) for row in rows} == {(width, height)}


def test_zip_holds_the_html_deck_and_its_assets(deck):
    with zipfile.ZipFile(deck / "slides" / "lecture.zip") as bundle:
        names = set(bundle.namelist())
    assert "lecture.html" in names
    assert "lecture_assets/revealjs/dist/reveal.js" in names
    videos = [name for name in names if name.endswith(".mp4")]
    assert len(videos) == _declared_slide_breaks(deck)


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    for args in (["--format", "keynote"], ["--logits", "1,nan"], ["--chapters", "11"]):
        result = _cli("slides", *args, "--output", str(tmp_path), cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "slides").exists()
