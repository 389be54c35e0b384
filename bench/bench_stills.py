"""Still-picture measure: how much of the lecture the picture stands still.

    PYTHONPATH=. .venv/bin/python bench/bench_stills.py [VIDEO ...]
    PYTHONPATH=. .venv/bin/python bench/bench_stills.py --render [render options]

With videos, measures each (a chapter's ``chapters/NN-name.mp4`` or the whole
``lecture.mp4``). With ``--render``, first renders the lecture narrated at low
quality into a fresh folder (the rest of the arguments go to ``render``: e.g.
``--chapters 5 --theme light``) and measures every chapter and the lecture.

A still is a stretch of at least ``STILL_SECONDS`` in which no frame differs
from the one before (ffmpeg's ``freezedetect``, :func:`pipeline.frames.stills`).
Captions are a separate track: speech over a frozen picture counts as still.
Per video it prints the duration, the seconds and share of still picture, the
longest still (and where it starts), and the stills longer than 4 s (the
lecture's goals: no still over 4 s but while a new formula is read, and at
most 20 % still in all).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from pipeline.frames import STILL_NOISE, STILL_SECONDS, stills  # noqa: E402

LONG_STILL = 4.0


def measure(videos: list[Path]) -> None:
    """Print the still measure of each video."""
    print(f"still: no frame change above {STILL_NOISE:g} (mean abs. difference) "
          f"for >= {STILL_SECONDS:g} s")
    print(f"{'video':<22} {'length s':>9} {'still s':>8} {'still':>6} "
          f"{'longest s':>9} {'at s':>7} {'> 4 s':>6}")
    for video in videos:
        measured = stills(video)
        start, end = measured.longest
        print(f"{video.stem:<22} {measured.duration:9.1f} {measured.total:8.1f} "
              f"{measured.fraction:6.1%} {end - start:9.1f} {start:7.1f} "
              f"{len(measured.longer_than(LONG_STILL)):6d}")
        for first, last in measured.longer_than(LONG_STILL):
            print(f"{'':<22}   still {last - first:4.1f} s from {first:6.1f} s")


def main() -> None:
    """Measure the videos named, or render the lecture and measure it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--render", action="store_true",
                        help="render the lecture narrated at low quality first")
    known, rest = parser.parse_known_args()
    if not known.render:
        if not rest:
            parser.error("name videos to measure, or --render")
        measure([Path(video) for video in rest])
        return
    with tempfile.TemporaryDirectory(prefix="stills-") as folder:
        env = dict(os.environ, PYTHONPATH=str(REPOSITORY))
        subprocess.run([sys.executable, "-m", "pipeline", "render", "--output", folder, *rest],
                       cwd=REPOSITORY, env=env, check=True)
        lecture = Path(folder) / "lecture"
        measure([*sorted((lecture / "chapters").glob("*.mp4")), lecture / "lecture.mp4"])


if __name__ == "__main__":
    main()
