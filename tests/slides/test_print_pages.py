"""Which beats share a page of the printed deck, on frames drawn here with known content.

A beat gets no page of its own when the next beat of its chapter still shows all
it drew (a build-up step, or a looped slide that ends where it began). The
frames here are drawn with Pillow: what each adds, moves or recolours is known,
so the answer is known without the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from mathcore.outline import chapter_by_number
from pipeline.deck import PrintedBeat, kept_whole, printed_pages

SIZE = (854, 480)
PAPER = (251, 249, 245)  # the light theme's background
INK = (40, 40, 40)
GOLD = (176, 132, 26)


def _frame(folder: Path, name: str, shapes: list[tuple[tuple[int, int, int, int], tuple]],
           marker: str = "1 . 1", noise: int = 0) -> Path:
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    for box, colour in shapes:
        draw.rectangle(box, fill=colour)
    # The "chapter · beat" marker, at about the size the chapters draw it.
    draw.text((SIZE[0] - 70, SIZE[1] - 30), marker, fill=INK, font=ImageFont.load_default(16))
    if noise:
        import numpy as np

        pixels = np.asarray(image, dtype=np.int16)
        jitter = np.random.default_rng(0).integers(-noise, noise + 1, pixels.shape)
        image = Image.fromarray(np.clip(pixels + jitter, 0, 255).astype(np.uint8))
    path = folder / f"{name}.png"
    image.save(path)
    return path


BARS = [((100, 200, 160, 400), GOLD), ((200, 300, 260, 400), GOLD), ((300, 350, 360, 400), GOLD)]
TITLE = [((20, 20, 300, 40), INK)]


def test_the_same_picture_or_one_that_only_adds_keeps_the_earlier_whole(tmp_path):
    before = _frame(tmp_path, "before", TITLE + BARS, marker="3 . 2")
    # A loop back to where it began: only the beat marker differs, and encoding noise.
    assert kept_whole(before, _frame(tmp_path, "same", TITLE + BARS, "3 . 3", noise=6))
    # A build-up: a formula appears beside the bars.
    added = TITLE + BARS + [((500, 150, 780, 220), INK)]
    assert kept_whole(before, _frame(tmp_path, "added", added, "3 . 3"))
    # Something drawn over a sliver of a bar (a dot on it) still keeps the picture.
    dotted = TITLE + BARS + [((125, 195, 135, 205), INK)]
    assert kept_whole(before, _frame(tmp_path, "dotted", dotted, "3 . 3"))
    # A frame with little on it: the marker's new digit alone would be a large share.
    sparse = [((40, 20, 60, 26), INK)]
    assert kept_whole(_frame(tmp_path, "sparse1", sparse, "10 . 1"),
                      _frame(tmp_path, "sparse2", sparse, "10 . 2"))


def test_a_picture_that_moves_recolours_or_drops_anything_is_not_kept(tmp_path):
    before = _frame(tmp_path, "before", TITLE + BARS)
    moved = TITLE + [((110, 200, 170, 400), GOLD)] + BARS[1:]
    recoloured = TITLE + [(BARS[0][0], (60, 130, 190))] + BARS[1:]
    dropped = TITLE + BARS[:2]
    for name, shapes in (("moved", moved), ("recoloured", recoloured), ("dropped", dropped)):
        assert not kept_whole(before, _frame(tmp_path, name, shapes)), name
    # Another size of frame is another picture.
    other = tmp_path / "other.png"
    Image.new("RGB", (1280, 720), PAPER).save(other)
    assert not kept_whole(before, other)


@pytest.fixture
def chapters():
    return chapter_by_number(4), chapter_by_number(5)


def test_build_ups_and_loops_share_the_page_of_the_beat_that_keeps_them(tmp_path, chapters):
    four, five = chapters
    step = [TITLE, TITLE + BARS[:1], TITLE + BARS[:2], TITLE + BARS]  # 4.1 to 4.4 build up
    frames = [_frame(tmp_path, f"4-{n}", shapes, f"4 . {n}") for n, shapes in enumerate(step, 1)]
    # 4.5 replaces the picture; 5.1 (next chapter) starts with the same picture as 4.5:
    # a page never spans two chapters. 5.2 loops back to 5.1's picture, 5.3 moves on.
    other = TITLE + [((500, 100, 700, 300), INK)]
    frames.append(_frame(tmp_path, "4-5", other, "4 . 5"))
    frames.append(_frame(tmp_path, "5-1", other, "5 . 1"))
    frames.append(_frame(tmp_path, "5-2", other, "5 . 2", noise=4))
    frames.append(_frame(tmp_path, "5-3", TITLE + BARS, "5 . 3"))
    numbers = [(four, n) for n in range(1, 6)] + [(five, n) for n in range(1, 4)]
    beats = [PrintedBeat(chapter, number, frame, f"narration {chapter.number}.{number}")
             for (chapter, number), frame in zip(numbers, frames, strict=True)]
    pages = printed_pages(beats)
    assert [page.label for page in pages] == ["4.1\u20134.4", "4.5", "5.1\u20135.2", "5.3"]
    assert [page.frame for page in pages] == [frames[3], frames[4], frames[6], frames[7]]
    # Every beat's narration is on exactly one page, in order.
    assert [beat.notes for page in pages for beat in page.beats] == [b.notes for b in beats]


def test_beats_that_each_change_the_picture_get_a_page_each(tmp_path, chapters):
    four, _ = chapters
    pictures = [TITLE + BARS, TITLE + BARS[:2], TITLE + [((500, 100, 700, 300), INK)]]
    beats = [PrintedBeat(four, n, _frame(tmp_path, f"b{n}", shapes, f"4 . {n}"), f"n{n}")
             for n, shapes in enumerate(pictures, 1)]
    assert [page.label for page in printed_pages(beats)] == ["4.1", "4.2", "4.3"]
