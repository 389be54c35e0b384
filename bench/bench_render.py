"""Rendering benchmark: today's encoder against Manim's own, side by side, at 480p15 and 1080p60.

    PYTHONPATH=. .venv/bin/python bench/bench_render.py [--chapters 1,2] [--skip-high]
                                                        [--baseline REV] [--speech DIR]
                                                        [--parallel [--repeat N]]

Every figure comes from this one run, on the same machine, each render through
the real command (``python -m pipeline render``, ``--jobs`` = the usable cores)
into a fresh output folder (nothing cached, LaTeX compiled afresh):

0. the narrated lecture at 480p15, speech synthesised (what a first render costs);
   its speech cache is then copied into every other output folder, so each pair
   below renders the same speech: equal lengths, frames comparable one to one;
1. 480p15, Manim's own writer and settings (``SOFTMAX_LECTURE_ENCODER=manim``)
   against ours (scenes/encoding.py): wall time, wall / video duration (goal
   <= 0.12 for ours), CPU seconds (user + sys of everything the command started)
   per second of video, idle core-seconds (cores x wall - CPU: how much of the
   machine the render left unused) and how long the last chapter ran alone;
2. a rerun of ours with nothing changed (goal < 5 s);
3. 1080p60, the same pair (goals for ours: wall <= 0.8x the video, <= 1.4 CPU s per
   video s), with each chapter's CPU (measured by the renderer with ``wait4``);
   then the pictures: ffmpeg's ``ssim`` filter on ``lecture.mp4`` sampled at
   2 frames a second, ours against Manim's (goal >= 0.98 on every sample), and the
   video streams' sizes (goal <= 1.5x);
With ``--speech DIR`` (an output folder's ``.cache/speech`` from an earlier narrated
render) step 0 is left out and that speech is used.

With ``--baseline REV`` (a commit, e.g. ``HEAD~5``) the "old" side of each
pair is that commit of this repository as it was (checked out into a temporary
git worktree and run with the same Python), instead of Manim's writer: old code
against new, on the same machine, in one run.

4. with ``--parallel``: ours at 480p15 with ``--jobs 1`` and ``--jobs 2`` (``--repeat
   N`` alternates them N times; goal: jobs 2 <= 0.65x jobs 1), with the ratio the
   measured CPU times allow on two idle cores (:func:`critical_path`).

The load average is printed before each render: on a shared machine a busy
second core shows in the wall times, not in the CPU seconds.
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
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CORES = len(os.sched_getaffinity(0))
SSIM_RATE = 2  # samples a second


@dataclass
class Render:
    """One render: wall and CPU seconds, its chapters' cache entries, when each chapter ended."""

    output: Path
    wall: float
    cpu: float
    load: float
    log: str
    finished: list[tuple[float, str]] = field(default_factory=list)  # (seconds, chapter)

    @property
    def entries(self) -> list[dict]:
        return entries(self.output)

    @property
    def video(self) -> float:
        return sum(entry["duration"] for entry in self.entries)

    @property
    def idle(self) -> float:
        """Core-seconds the render left unused: cores x wall - CPU."""
        return max(0.0, CORES * self.wall - self.cpu)

    @property
    def alone(self) -> tuple[float, str]:
        """How long the last chapter rendered with no other chapter left, and which it was."""
        if not self.finished:
            return 0.0, ""
        if len(self.finished) == 1:
            return self.finished[0]
        return self.finished[-1][0] - self.finished[-2][0], self.finished[-1][1]


def render(output: Path, *args: str, manims_writer: bool = False,
           speech: Path | None = None, tree: Path = REPOSITORY) -> Render:
    """Run the CLI of ``tree`` into ``output`` (seeded with the speech cache ``speech``)."""
    if speech is not None:
        shutil.copytree(speech, output / ".cache" / "speech")
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("SOFTMAX_LECTURE_ENCODER", None)
    if manims_writer:
        env["SOFTMAX_LECTURE_ENCODER"] = "manim"
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "render", "--output", str(output), *args],
        cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines, finished = [], []
    for line in process.stderr:
        lines.append(line)
        if "] rendered " in line:
            chapter = line.split("] rendered ", 1)[1].split(" in ", 1)[0]
            finished.append((time.perf_counter() - start, chapter))
    process.wait()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    log = "".join(lines)
    if process.returncode != 0:
        sys.exit(f"render {' '.join(args)} failed ({process.returncode}):\n{log}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Render(output, wall, cpu, load, log, finished)


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


def video_bytes(video: Path) -> int:
    """The size of the video stream of ``video`` (its packets), as ffprobe reads them."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=size",
         "-of", "csv=p=0", str(video)], capture_output=True, text=True, check=True)
    return sum(int(line) for line in result.stdout.split())


def ssim(ours: Path, theirs: Path, stats: Path) -> list[float]:
    """ffmpeg's SSIM (all planes) of the two videos, sampled at the same times."""
    graph = (f"[0:v]fps={SSIM_RATE}[a];[1:v]fps={SSIM_RATE}[b];"
             f"[a][b]ssim=stats_file={stats}")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(ours), "-i", str(theirs),
                    "-lavfi", graph, "-f", "null", "-"], check=True)
    return [float(line.split("All:")[1].split()[0]) for line in stats.read_text().splitlines()]


def met(value: float, goal: float, below: bool = True) -> str:
    return "met" if (value <= goal if below else value >= goal) else "NOT met"


# What the "old" side of each pair is: Manim's writer, or --baseline's commit.
OLD = "Manim's writer"


def pair_table(quality: str, old: Render, new: Render) -> None:
    """The two renders of one quality, side by side."""
    video = new.video
    assert abs(old.video - video) < 0.05 * len(new.entries), (old.video, video)
    print(f"{quality}, --jobs {CORES}, {video:.1f} s of video "
          f"(load average before: {OLD} {old.load:.1f}, ours {new.load:.1f})")
    print(f"  {'':34} {OLD:>14} {'ours':>10} {'ours/old':>11}")
    rows = [
        ("wall (s)", old.wall, new.wall),
        ("wall / video duration", old.wall / video, new.wall / video),
        ("CPU (s)", old.cpu, new.cpu),
        ("CPU s per video s", old.cpu / video, new.cpu / video),
        ("idle core-seconds", old.idle, new.idle),
        ("last chapter alone (s)", old.alone[0], new.alone[0]),
    ]
    for name, before, after in rows:
        ratio = f"{after / before:11.2f}" if before else f"{'':11}"
        print(f"  {name:<34} {before:14.2f} {after:10.2f} {ratio}")
    print(f"  last chapter alone: {OLD} {old.alone[1]}, ours {new.alone[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chapters", help="chapters to render (default: all)")
    parser.add_argument("--skip-high", action="store_true", help="leave out the 1080p60 pair")
    parser.add_argument("--baseline", metavar="REV",
                        help="compare with this commit of the repository instead of with "
                             "Manim's writer")
    parser.add_argument("--speech", metavar="DIR", type=Path,
                        help="use this speech cache instead of synthesising the speech first")
    parser.add_argument("--parallel", action="store_true",
                        help="also measure --jobs 1 against --jobs 2 (ours, 480p15)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="with --parallel: alternate the jobs-1 and jobs-2 renders N times")
    args = parser.parse_args()
    chosen = ["--chapters", args.chapters] if args.chapters else []
    jobs = ["--jobs", str(CORES)]
    root = Path(tempfile.mkdtemp(prefix="bench-render-"))
    print(f"chapters: {args.chapters or 'all'}; {os.cpu_count()} CPUs ({CORES} usable); "
          f"output under {root}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    global OLD
    old_side: dict = {"manims_writer": True}
    if args.baseline:
        baseline = root / "baseline"
        subprocess.run(["git", "-C", str(REPOSITORY), "worktree", "add", "--detach",
                        str(baseline), args.baseline], check=True, capture_output=True)
        commit = subprocess.run(["git", "-C", str(baseline), "rev-parse", "--short", "HEAD"],
                                check=True, capture_output=True, text=True).stdout.strip()
        OLD = f"at {commit}"
        old_side = {"tree": baseline}
        print(f"old: the repository at {args.baseline} ({commit}); new: the working tree")
    try:
        if args.speech:
            speech = args.speech.absolute()
            print(f"speech from {speech}")
        else:
            first = render(root / "speech", *chosen, *jobs)
            print(f"480p15, ours, speech synthesised: {first.wall:.1f} s wall, "
                  f"{first.cpu:.1f} s CPU for {first.video:.1f} s of video (load average "
                  f"before: {first.load:.1f})")
            print("  " + next((line.strip() for line in first.log.splitlines()
                               if "synthesised" in line), "no voice"))
            speech = root / "speech" / ".cache" / "speech"

        old = render(root / "low-old", *chosen, *jobs, speech=speech, **old_side)
        new = render(root / "low-ours", *chosen, *jobs, speech=speech)
        pair_table("480p15", old, new)
        print(f"  goal, ours: wall <= 0.12x the video: {new.wall / new.video:.2f} "
              f"({met(new.wall / new.video, 0.12)})")

        again = render(root / "low-ours", *chosen)
        assert "rendering:" not in again.log and "up to date" in again.log, again.log
        print(f"rerun with nothing changed: {again.wall:.2f} s "
              f"(goal < 5 s: {met(again.wall, 5.0)})")

        if not args.skip_high:
            old = render(root / "high-old", *chosen, *jobs, "--quality", "high",
                         speech=speech, **old_side)
            new = render(root / "high-ours", *chosen, *jobs, "--quality", "high", speech=speech)
            pair_table("1080p60", old, new)
            print(f"  goals, ours: wall <= 0.8x the video: {new.wall / new.video:.2f} "
                  f"({met(new.wall / new.video, 0.8)}); <= 1.4 CPU s per video s: "
                  f"{new.cpu / new.video:.2f} ({met(new.cpu / new.video, 1.4)})")
            print(f"  {'chapter':<20} {'video s':>8} {'CPU s, old':>13} {'CPU s, ours':>12} "
                  f"{'per video s, old':>19} {'ours':>6}")
            for before, after in zip(old.entries, new.entries, strict=True):
                seconds = after["duration"]
                print(f"  {after['chapter']:<20} {seconds:8.1f} {before['cpu_seconds']:13.1f} "
                      f"{after['cpu_seconds']:12.1f} {before['cpu_seconds'] / seconds:19.2f} "
                      f"{after['cpu_seconds'] / seconds:6.2f}")
            ours = new.output / "lecture" / "lecture.mp4"
            theirs = old.output / "lecture" / "lecture.mp4"
            scores = ssim(ours, theirs, root / "ssim.log")
            lowest = min(scores)
            print(f"  SSIM, ours against {OLD}, {len(scores)} frames "
                  f"({SSIM_RATE} a second): min {lowest:.4f}, median "
                  f"{statistics.median(scores):.4f} (goal >= 0.98: {met(lowest, 0.98, False)})")
            size_ours, size_theirs = video_bytes(ours), video_bytes(theirs)
            print(f"  video stream size: ours {size_ours / 1e6:.1f} MB, {OLD} "
                  f"{size_theirs / 1e6:.1f} MB ({size_ours / size_theirs:.2f}x; goal <= 1.5x: "
                  f"{met(size_ours / size_theirs, 1.5)})")
            durations = [(a["duration"], b["duration"]) for a, b in zip(old.entries, new.entries,
                                                                      strict=True)]
            worst = max(abs(a - b) for a, b in durations)
            print(f"  chapter lengths, ours against {OLD}: largest difference "
                  f"{worst * 1000:.2f} ms")

        if args.parallel:
            ratios, bounds = [], []
            for round_ in range(args.repeat):
                one = render(root / f"jobs1-{round_}", *chosen, "--jobs", "1", speech=speech)
                two = render(root / f"jobs2-{round_}", *chosen, "--jobs", "2", speech=speech)
                ratios.append(two.wall / one.wall)
                bounds.append(critical_path(one.output, one.cpu))
                print(f"480p15, ours (load average {one.load:.1f} before): --jobs 1 "
                      f"{one.wall:6.1f} s wall, {one.cpu:6.1f} s CPU   --jobs 2 {two.wall:6.1f} s "
                      f"wall, {two.cpu:6.1f} s CPU   ratio {two.wall / one.wall:.2f}")
            ratio = statistics.median(ratios)
            print(f"jobs 2 / jobs 1 (median of {len(ratios)}): {ratio:.2f} "
                  f"(goal <= 0.65: {met(ratio, 0.65)}); on two idle cores it could be "
                  f"{statistics.median(bounds):.2f}")
    finally:
        if args.baseline:
            subprocess.run(["git", "-C", str(REPOSITORY), "worktree", "remove", "--force",
                            str(root / "baseline")], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
