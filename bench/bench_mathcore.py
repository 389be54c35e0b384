"""Benchmark mathcore against its baselines, side by side in one run.

    .venv/bin/python bench/bench_mathcore.py [--runs 7] [--repeats 7]

1. Wall time of ``softmax-lecture verify`` against a bare ``python -c "import sympy"``
   (goal: verify <= 3x the import).
2. ``mathcore.log_softmax`` and ``mathcore.nll`` on a 1,000,000 x 10 float64
   array against ``scipy.special.log_softmax`` (goal: <= 1.5x).

The two commands of each pair are run alternately, and the one that goes first
alternates too, so drift in the load of a shared machine falls on both alike.
Each figure is the median of its repetitions; every ratio compares two medians
measured in this one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import scipy
import scipy.special
import sympy

import mathcore

BIN = Path(sys.executable).parent
VERIFY_GOAL = 3.0
NUMERICS_GOAL = 1.5
ROWS, CLASSES = 1_000_000, 10


def interleaved(first: Callable[[], object], second: Callable[[], object],
                repetitions: int) -> tuple[list[float], list[float]]:
    """Time ``first`` and ``second`` alternately; the one that starts alternates."""
    first(), second()  # warm-up: disk caches, page faults, lazy imports
    times: tuple[list[float], list[float]] = ([], [])
    for round_ in range(repetitions):
        order = ((0, first), (1, second)) if round_ % 2 == 0 else ((1, second), (0, first))
        for slot, function in order:
            start = time.perf_counter()
            function()
            times[slot].append(time.perf_counter() - start)
    return times


def command(arguments: list[str], cwd: str) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(arguments, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
    return run


def row(name: str, ours: list[float], baseline: list[float], goal: float) -> dict:
    ours_median, baseline_median = statistics.median(ours), statistics.median(baseline)
    ratio = ours_median / baseline_median
    return {"name": name, "ours": ours_median, "baseline": baseline_median, "ratio": ratio,
            "goal": goal, "met": ratio <= goal}


def bench_verify(runs: int) -> dict:
    # An empty working directory: no stray lecture.toml changes the example.
    with tempfile.TemporaryDirectory() as empty:
        verify = command([str(BIN / "softmax-lecture"), "verify"], empty)
        import_sympy = command([str(BIN / "python"), "-c", "import sympy"], empty)
        ours, baseline = interleaved(verify, import_sympy, runs)
    return row("softmax-lecture verify / python -c 'import sympy'", ours, baseline, VERIFY_GOAL)


def bench_numerics(repeats: int) -> list[dict]:
    rng = np.random.default_rng(0)
    logits = rng.normal(0.0, 3.0, size=(ROWS, CLASSES))
    target = 3
    one_hot = np.zeros_like(logits)
    one_hot[np.arange(ROWS), rng.integers(0, CLASSES, ROWS)] = 1.0

    # The comparisons are only fair if both sides compute the same numbers.
    reference = scipy.special.log_softmax(logits, axis=-1)
    assert np.max(np.abs(mathcore.log_softmax(logits) - reference)) < 1e-12
    assert np.max(np.abs(mathcore.nll(logits, target) + reference[:, target])) < 1e-12
    assert np.max(np.abs(mathcore.nll(logits, one_hot)
                         + np.sum(one_hot * reference, axis=-1))) < 1e-12
    del reference

    cases = [
        ("log_softmax / scipy log_softmax",
         lambda: mathcore.log_softmax(logits),
         lambda: scipy.special.log_softmax(logits, axis=-1)),
        ("nll, class index / -scipy log_softmax[:, T]",
         lambda: mathcore.nll(logits, target),
         lambda: -scipy.special.log_softmax(logits, axis=-1)[:, target]),
        ("nll, one-hot rows / -sum(t * scipy log_softmax)",
         lambda: mathcore.nll(logits, one_hot),
         lambda: -np.sum(one_hot * scipy.special.log_softmax(logits, axis=-1), axis=-1)),
    ]
    return [row(name, *interleaved(ours, baseline, repeats), NUMERICS_GOAL)
            for name, ours, baseline in cases]


def print_table(title: str, rows: list[dict], unit: str, scale: float) -> None:
    print(f"\n{title}")
    print(f"  {'measurement':<50} {'ours':>10} {'baseline':>10} {'ratio':>7} {'goal':>7}  met")
    for entry in rows:
        print(f"  {entry['name']:<50} {entry['ours'] * scale:>8.3f}{unit} "
              f"{entry['baseline'] * scale:>8.3f}{unit} {entry['ratio']:>6.2f}x "
              f"{entry['goal']:>5.1f}x  {'yes' if entry['met'] else 'NO'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--repeats", type=int, default=7,
                        help="repetitions of each array computation (default 7)")
    args = parser.parse_args()

    print("mathcore benchmark")
    print(f"  machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), "
          f"{platform.machine()}, {platform.system()} {platform.release()}")
    print(f"  python {platform.python_version()}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}, sympy {sympy.__version__}")
    print(f"  medians of {args.runs} interleaved runs (commands), "
          f"{args.repeats} interleaved repetitions (arrays)")

    verify = bench_verify(args.runs)
    print_table("1. command wall time (median)", [verify], " s", 1.0)
    numerics = bench_numerics(args.repeats)
    print_table(f"2. {ROWS:,} x {CLASSES} float64 array (median)", numerics, " s", 1.0)

    missed = [entry["name"] for entry in [verify, *numerics] if not entry["met"]]
    print()
    print("all goals met" if not missed else "goals NOT met: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
