"""What the deck's quality costs: the same chapters rendered at each quality, side by side.

    PYTHONPATH=. .venv/bin/python bench/bench_deck.py [--chapters 1,2] [--qualities low,medium,high]

Each quality renders the chapters into a fresh output folder (nothing cached, LaTeX
included) through the real command, ``python -m pipeline render --jobs 1 --no-voice``
(the pictures' cost: the voice's speech is cached by sentence, whatever the quality or
theme, and a printed deck's renders are silent), in the dark theme, then ``medium``
once more in the light theme (what a light printed deck of a dark deck renders
besides). One process at a time, so the CPU seconds of a chapter are its own; the
wall seconds depend on what else the machine runs (the load average is printed beside
each). For each: the wall and CPU seconds of every chapter's Manim process (measured
by the renderer, in its cache entry), their sums, and the ratio of each quality's CPU
seconds to low's and to medium's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def render(output: Path, chapters: str, quality: str, theme: str) -> dict:
    """Render into ``output``; the command's wall time and the chapters' own figures."""
    env = dict(os.environ, PYTHONPATH=str(REPOSITORY))
    load = os.getloadavg()[0]
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "render", "--chapters", chapters, "--jobs", "1",
         "--quality", quality, "--theme", theme, "--no-voice", "--output", str(output)],
        cwd=REPOSITORY, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"render {quality} {theme} failed ({result.returncode}):\n{result.stderr}")
    found = sorted((json.loads(path.read_text())
                    for path in (output / ".cache" / "chapters").glob("*/*/entry.json")),
                   key=lambda entry: entry["chapter"])
    return {
        "quality": quality, "theme": theme, "load": load, "command_wall": wall,
        "video": sum(entry["duration"] for entry in found),
        "wall": sum(entry["wall_seconds"] for entry in found),
        "cpu": sum(entry["cpu_seconds"] for entry in found),
        "size": f"{found[0]['width']}x{found[0]['height']}@{found[0]['fps']:g}",
        "chapters": {entry["chapter"]: (entry["wall_seconds"], entry["cpu_seconds"])
                     for entry in found},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", default="1,2")
    parser.add_argument("--qualities", default="low,medium,high")
    args = parser.parse_args()
    runs = [(quality, "dark") for quality in args.qualities.split(",")]
    if "medium" in args.qualities.split(","):
        runs.append(("medium", "light"))
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-deck-") as scratch:
        for quality, theme in runs:
            output = Path(scratch) / f"{quality}-{theme}"
            results.append(render(output, args.chapters, quality, theme))
            shutil.rmtree(output)
            row = results[-1]
            print(f"{quality:>6} {theme:>5} {row['size']:>14}: Manim wall {row['wall']:6.1f} s, "
                  f"CPU {row['cpu']:6.1f} s, command {row['command_wall']:6.1f} s "
                  f"(load {row['load']:.1f}) {row['chapters']}", flush=True)
    base = {row["quality"]: row for row in results if row["theme"] == "dark"}
    print(json.dumps(results, indent=1))
    for row in results:
        ratios = [f"{row['cpu'] / base[name]['cpu']:.2f}x {name}" for name in ("low", "medium")
                  if name in base]
        print(f"{row['quality']} {row['theme']}: CPU {row['cpu']:.1f} s for {row['video']:.1f} s "
              f"of video; {', '.join(ratios)}")


if __name__ == "__main__":
    main()
