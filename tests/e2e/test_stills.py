"""The picture keeps moving while the voice speaks: the still-picture measure on a rendered lecture.

The session's narrated lecture (chapters 1 and 2 at 480p15) is measured with
ffmpeg's ``freezedetect`` (:func:`pipeline.frames.stills`, which tests/test_stills.py
checks on videos whose stills are known). Issue #11's goals: at most 20 % of the
lecture still, and no still picture longer than 4 s but while a formula that
just appeared is read (its parts indicated in step with the narration, which
moves the picture, so it is no still either).
"""

from __future__ import annotations

from pipeline.frames import stills

MOST_STILL = 0.20
LONGEST_STILL = 4.0


def test_the_lecture_is_mostly_moving(lecture):
    measured = stills(lecture.lecture / "lecture.mp4")
    assert measured.fraction <= MOST_STILL, (
        f"{measured.fraction:.1%} of {measured.duration:.1f} s still: {measured.intervals}")


def test_no_picture_stands_still_longer_than_four_seconds(lecture):
    for stem in ("01-question", "02-probabilities"):
        measured = stills(lecture.lecture / "chapters" / f"{stem}.mp4")
        assert not measured.longer_than(LONGEST_STILL), (stem, measured.longer_than(LONGEST_STILL))
