"""The deck as a user opens it: a browser with no network, an office suite, a PDF reader.

One two-chapter deck at low quality is exported in every format once for the
module; each test opens one of the files with the real tool.
"""

from __future__ import annotations

import json
import os
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
    # This checkout's pipeline, whatever PYTHONPATH says (the command runs in ``cwd``).
    env = dict(os.environ, PYTHONPATH=str(REPOSITORY))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
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
                  "--one-file", "--quality", "low", "--output", str(deck), cwd=deck)
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
                   "--quality", "low", "--output", str(deck), cwd=deck)
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


def _ink_below_title(frame) -> float:
    """The share of a frame's pixels below its top sixth that differ from its border."""
    import numpy as np

    border = np.concatenate([frame[0], frame[-1], frame[:, 0], frame[:, -1]])
    body = frame[frame.shape[0] // 6:]
    return float((np.abs(body - np.median(border, axis=0)).sum(axis=2) > 60).mean())


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
        # Not a page that is only a title: below the title strip it shows what the
        # finished beat draws there.
        assert _ink_below_title(shown) >= 0.8 * _ink_below_title(last) > 0, label
    assert told_apart >= 3


def _renders(output: Path, theme: str) -> list[tuple[str, Path, str]]:
    """(chapter.beat label, slide video, narration) of each beat of the cached ``theme`` renders."""
    beats = []
    for number in CHAPTERS:
        chapter = chapter_by_number(number)
        (entry,) = [path.parent for path in
                    (output / ".cache" / "chapters" / chapter.stem).glob("*/entry.json")
                    if json.loads(path.read_text())["theme"] == theme]
        index = json.loads((entry / "slides" / f"{chapter.scene}.json").read_text())
        beats += [(f"{chapter.number}.{beat}", entry / "slides" / "files" / chapter.scene
                   / Path(slide["file"]).name, slide["notes"])
                  for beat, slide in enumerate(index["slides"], start=1)]
    return beats


def _kept(earlier, later) -> bool:
    """Whether ``later`` still shows all that ``earlier`` draws (the test's own reckoning).

    On frames halved by averaging 2x2 blocks: earlier's ink (far from the colour of
    its border) outside the bottom-right corner where the beat marker changes, and
    how much of it is unchanged in ``later``. Kept when 95% is.
    """
    import numpy as np

    def halved(frame):
        height, width = (frame.shape[0] // 2) * 2, (frame.shape[1] // 2) * 2
        frame = frame[:height, :width]
        return frame.reshape(height // 2, 2, width // 2, 2, 3).mean(axis=(1, 3))

    before, after = halved(earlier), halved(later)
    border = np.concatenate([before[0], before[-1], before[:, 0], before[:, -1]])
    ink = np.abs(before - np.median(border, axis=0)).sum(axis=2) > 60
    height, width = ink.shape
    ink[int(height * 0.85):, int(width * 0.85):] = False
    same = np.abs(after - before).sum(axis=2) <= 60
    return (ink & same).sum() >= 0.95 * ink.sum()


def _expected_pages(output: Path) -> list[list[tuple[str, str]]]:
    """The printed deck's pages, as the test works them out from the light renders' videos.

    A beat whose picture the next beat of its chapter keeps (:func:`_kept`) shares
    that beat's page; each page is the (label, narration) of its beats.
    """
    beats = _renders(output, "light")
    frames = [_frame(video, last=True) for _, video, _ in beats]
    pages, waiting = [], []
    for index, (label, _, notes) in enumerate(beats):
        waiting.append((label, notes))
        following = beats[index + 1][0] if index + 1 < len(beats) else None
        if (following is not None and following.split(".")[0] == label.split(".")[0]
                and _kept(frames[index], frames[index + 1])):
            continue
        pages.append(waiting)
        waiting = []
    return pages


def _pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _luminance(image) -> float:
    """Mean luminance (Rec. 601) of an RGB array or Pillow image, 0 to 255."""
    import numpy as np

    pixels = np.asarray(image, dtype=float)[..., :3]
    return float((pixels @ [0.299, 0.587, 0.114]).mean())


def _printed_frames(pdf: Path, folder: Path) -> list[Path]:
    """The images in ``pdf``, one PNG each, in page order (pdfimages)."""
    folder.mkdir()
    subprocess.run(["pdfimages", "-png", str(pdf), str(folder / "image")], check=True)
    return sorted(folder.glob("image-*.png"))


def test_printed_deck_is_a_light_page_per_beat_without_duplicates(deck_run, tmp_path):
    from PIL import Image

    deck, result = deck_run
    pdf = deck / "slides" / "lecture.pdf"
    expected = _expected_pages(deck)
    beats = sum(len(page) for page in expected)
    assert beats == _declared_slide_breaks(deck)
    assert _pdf_pages(pdf) == len(expected)
    for number, page in enumerate(expected, start=1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        flat = " ".join(unicodedata.normalize("NFKC", text).split())
        for label, notes in page:
            assert " ".join(notes.split()) in flat, (label, flat[:300])
            assert label in flat, (label, flat[:300])
    # Each page's frame: the light render's, at the deck's full resolution (not a
    # thumbnail); the deck itself stays dark.
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    rows = [line.split() for line in listing]
    assert [int(row[0]) for row in rows] == list(range(1, len(expected) + 1))
    assert {(int(row[3]), int(row[4])) for row in rows} == {(854, 480)}
    for image in _printed_frames(pdf, tmp_path / "images"):
        assert _luminance(Image.open(image).convert("RGB")) > 200, image.name
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page")], check=True)
    for page in sorted(tmp_path.glob("page-*.png")):
        assert _luminance(Image.open(page).convert("RGB")) > 200, page.name
    _, video, _ = _renders(deck, "dark")[0]
    assert _luminance(_frame(video, last=True)) < 80  # the HTML and PPTX deck's own frames
    said = result.stderr
    assert f"printed deck: {len(expected)} pages for {beats} beats, 854x480, light theme" in said
    assert (f"printed deck: rendering {len(CHAPTERS)} of {len(CHAPTERS)} chapters in the light "
            f"theme") in said


def test_the_deck_says_its_quality_and_defaults_to_720p30(deck_run):
    from pipeline.cli import build_parser

    _, result = deck_run
    said = [line for line in result.stderr.splitlines() if line.startswith("deck quality:")]
    assert len(said) == 1 and said[0].startswith(
        "deck quality: 480p15 (854x480, --quality low); --quality medium (720p30) renders in "
        "about "), said
    parser = build_parser()
    assert parser.parse_args(["slides"]).quality == "medium"
    assert parser.parse_args(["render"]).quality == "low"  # the video's default is its own
    slides = parser._subparsers._group_actions[0].choices["slides"]
    assert "default medium: 720p30" in " ".join(slides.format_help().split())


def test_print_theme_same_prints_the_decks_own_frames_from_the_cache(deck, tmp_path):
    from PIL import Image

    same = _cli("slides", "--chapters", ",".join(map(str, CHAPTERS)), "--format", "pdf",
                "--quality", "low", "--print-theme", "same", "--output", str(deck), cwd=deck)
    assert same.returncode == 0, same.stderr[-3000:]
    assert "rendering" not in same.stderr and "rendered" not in same.stderr
    images = _printed_frames(deck / "slides" / "lecture.pdf", tmp_path / "dark")
    assert images and all(_luminance(Image.open(image).convert("RGB")) < 80 for image in images)
    # Back to the light print. The printed deck alone renders only what its pages show:
    # the light theme, silent; the fixture's deck made those renders, nothing is rendered.
    light = _cli("slides", "--chapters", ",".join(map(str, CHAPTERS)), "--format", "pdf",
                 "--quality", "low", "--output", str(deck), cwd=deck)
    assert light.returncode == 0, light.stderr[-3000:]
    stems = ", ".join(chapter_by_number(number).stem for number in CHAPTERS)
    assert f"cached: {stems}" in light.stderr
    assert ("--format pdf: the printed deck alone, rendered in the light theme (--print-theme) "
            "and silent") in light.stderr
    assert "rendering" not in light.stderr
    images = _printed_frames(deck / "slides" / "lecture.pdf", tmp_path / "light")
    assert images and all(_luminance(Image.open(image).convert("RGB")) > 200 for image in images)


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


def test_slides_help_says_the_default_quality_and_loads_no_mathematics():
    # --help (and verify, which builds the same parser) stays quick: the deck's options
    # name the quality without importing the renderer, mathcore, numpy or sympy.
    code = ("import sys\n"
            "from pipeline.cli import build_parser\n"
            "parser = build_parser()\n"
            "args = parser.parse_args(['slides'])\n"
            "print(args.quality, args.print_theme)\n"
            "print(sorted({name.split('.')[0] for name in sys.modules}"
            " & {'numpy', 'sympy', 'mathcore', 'scenes', 'manim'}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=str(REPOSITORY)), check=True)
    assert result.stdout.splitlines() == ["medium light", "[]"]
