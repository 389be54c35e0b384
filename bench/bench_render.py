"""Rendering benchmark: parallel chapters, the rerun with nothing changed, the cost of 1080p60.

    PYTHONPATH=. .venv/bin/python bench/bench_render.py [--chapters 1,2] [--repeat N]

Every figure comes from this one run, side by side on the same machine:

1. the lecture at low quality with ``--jobs 1`` and with ``--jobs 2``, each into a
   fresh output folder (nothing cached, LaTeX included); goal: jobs 2 <= 0.65x jobs 1.
   With ``--repeat N`` the two alternate N times and the median ratio is given.
   Wall-clock speed-up needs a free second core: with the load average printed
   beside each pair, and the ratio that the measured CPU times allow on two idle
   cores (:func:`critical_path`), a busy machine can be told from slow code;
2. a rerun of the last of those with nothing changed; goal: under 5 s;
3. the lecture at 1080p60 (``--quality high``) into a fresh folder: CPU seconds
   (user + sys of the Manim processes and everything they ran) per second of
   video, per chapter (measured by the renderer with ``wait4``) and in total
   (this script's children, assembly included).

It runs the real command (``python -m pipeline render``) in subprocesses.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def render(output: Path, *args: str) -> tuple[float, float, str]:
    """Run the CLI; wall seconds, CPU seconds of all it started, and its stderr."""
    env = dict(os.environ, PYTHONPATH=str(REPOSITORY))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "render", "--output", str(output), *args],
        cwd=REPOSITORY, env=env, capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"render {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stderr


def entries(output: Path) -> list[dict]:
    """The cache entries of the chapters rendered into ``output``, in chapter order."""
    found = [json.loads(path.read_text())
             for path in (output / ".cache" / "chapters").glob("*/*/entry.json")]
    return sorted(found, key=lambda entry: entry["chapter"])


def critical_path(output: Path, total_cpu: float) -> float:
    """The best jobs-2 / jobs-1 ratio two free cores allow, from one --jobs 1 run's CPU times.

    The CPU spent outside the chapters' Manim processes (start-up, verification,
    frames, assembly) stays serial; the chapters share two cores, so the longest
    one (or half of them all, if more) bounds the parallel part.
    """
    chapters = [entry["cpu_seconds"] for entry in entries(output)]
    serial = max(0.0, total_cpu - sum(chapters))
    return (serial + max(max(chapters), sum(chapters) / 2)) / total_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chapters", help="chapters to render (default: all)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternate the jobs-1 and jobs-2 renders this many times")
    parser.add_argument("--skip-high", action="store_true", help="leave out the 1080p60 run")
    args = parser.parse_args()
    chosen = ["--chapters", args.chapters] if args.chapters else []
    root = Path(tempfile.mkdtemp(prefix="bench-render-"))
    print(f"chapters: {args.chapters or 'all'}; {os.cpu_count()} CPUs "
          f"({len(os.sched_getaffinity(0))} usable); output under {root}")
    try:
        ratios, bounds = [], []
        for round_ in range(args.repeat):
            load = os.getloadavg()[0]
            one, one_cpu, _ = render(root / f"jobs1-{round_}", *chosen, "--jobs", "1")
            two, two_cpu, _ = render(root / f"jobs2-{round_}", *chosen, "--jobs", "2")
            ratios.append(two / one)
            bounds.append(critical_path(root / f"jobs1-{round_}", one_cpu))
            print(f"low quality, fresh (load average {load:.1f} before): "
                  f"--jobs 1 {one:6.1f} s wall, {one_cpu:6.1f} s CPU   "
                  f"--jobs 2 {two:6.1f} s wall, {two_cpu:6.1f} s CPU   ratio {two / one:.2f}")
        ratio = statistics.median(ratios)
        print(f"jobs 2 / jobs 1 (median of {len(ratios)}): {ratio:.2f} "
              f"(goal <= 0.65: {'met' if ratio <= 0.65 else 'NOT met'})")
        print(f"  on two idle cores it could be {statistics.median(bounds):.2f}: (the CPU outside "
              f"the chapters + the costliest chapter) / all the CPU of --jobs 1")

        again, _, log = render(root / f"jobs2-{args.repeat - 1}", *chosen)
        assert "rendering:" not in log and "up to date" in log, log
        print(f"rerun with nothing changed: {again:.2f} s "
              f"(goal < 5 s: {'met' if again < 5 else 'NOT met'})")

        if not args.skip_high:
            wall, cpu, _ = render(root / "high", *chosen, "--quality", "high")
            rendered = entries(root / "high")
            video = sum(entry["duration"] for entry in rendered)
            print(f"1080p60, fresh (--jobs {len(os.sched_getaffinity(0))}): {wall:.1f} s wall")
            print(f"  {'chapter':<22} {'video s':>8} {'CPU s':>8} {'CPU s / video s':>16}")
            for entry in rendered:
                seconds, used = entry["duration"], entry["cpu_seconds"]
                print(f"  {entry['chapter']:<22} {seconds:8.1f} {used:8.1f} "
                      f"{used / seconds:16.1f}")
            print(f"  {'total (with assembly)':<22} {video:8.1f} {cpu:8.1f} {cpu / video:16.1f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
