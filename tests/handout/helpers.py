"""Running ``softmax-lecture handout`` and reading its PDF back, as a reader would.

Expected numbers are computed here in plain Python (``math.exp``, f-strings),
never by the code under test.
"""

from __future__ import annotations

import io
import math
import os
import re
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from pipeline.cli import main

SIX_OPTIONS = ["--logits=1.5,-0.5,0.3,2.2,0,-1.2", "--target", "3"]
SPECIALS = ["\\input{/etc/passwd}", "50%_off", "a&b", "$x$"]
SPECIALS_OPTIONS = ["--classes", ",".join(SPECIALS), "--logits", "1,2,0.5,3", "--target", "$x$",
                    "--exercise-seed", "2"]
MINUS = "\u2212"  # pdftotext gives math minus signs as U+2212
STEP = 1e-5


@dataclass(frozen=True)
class Run:
    status: int
    stdout: str
    stderr: str
    output: Path

    @property
    def pdf(self) -> Path:
        return self.output / "handout" / "lecture-notes.pdf"

    @property
    def tex(self) -> Path:
        return self.output / "handout" / "lecture-notes.tex"


def run_handout(args: list[str], cwd: Path, output: Path | None = None) -> Run:
    """``softmax-lecture handout ARGS`` in-process, in ``cwd`` (no stray lecture.toml)."""
    output = output or cwd / "media"
    stdout, stderr = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr):
            status = main(["handout", "--output", str(output), *args])
    finally:
        os.chdir(previous)
    return Run(status, stdout.getvalue(), stderr.getvalue(), output)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext -layout, with math minus signs as ASCII hyphens."""
    command = ["pdftotext", "-layout"]
    if first is not None:
        command += ["-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    result = subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True,
                            check=True)
    return result.stdout.replace(MINUS, "-")


def images(pdf: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True)
    return len(listing.stdout.splitlines()) - 2  # two header lines


def three(value: float) -> str:
    text_ = f"{value:.3f}"
    return "0.000" if text_ == "-0.000" else text_


@dataclass(frozen=True)
class Plain:
    """The worked example's numbers in plain Python."""

    logits: list[float]
    target: int

    @property
    def exponentials(self) -> list[float]:
        return [math.exp(value) for value in self.logits]

    @property
    def probabilities(self) -> list[float]:
        total = math.fsum(self.exponentials)
        return [value / total for value in self.exponentials]

    def cost_at(self, logits: list[float]) -> float:
        return math.log(math.fsum(math.exp(value) for value in logits)) - logits[self.target]

    @property
    def cost(self) -> float:
        return self.cost_at(self.logits)

    @property
    def one_hot(self) -> list[float]:
        return [1.0 if index == self.target else 0.0 for index in range(len(self.logits))]

    @property
    def gradient(self) -> list[float]:
        return [y - t for y, t in zip(self.probabilities, self.one_hot, strict=True)]

    @property
    def finite_difference(self) -> list[float]:
        estimates = []
        for index in range(len(self.logits)):
            up, down = list(self.logits), list(self.logits)
            up[index] += STEP
            down[index] -= STEP
            estimates.append((self.cost_at(up) - self.cost_at(down)) / (2 * STEP))
        return estimates

    def after_one_step(self, rate: float = 1.0) -> Plain:
        logits = [z - rate * g for z, g in zip(self.logits, self.gradient, strict=True)]
        return Plain(logits, self.target)


def row(page_text: str, label: str) -> list[str]:
    """The tokens after ``label`` on the table line that starts with it."""
    for line in page_text.splitlines():
        stripped = line.strip()
        if stripped.startswith(label + " ") or stripped == label:
            return stripped[len(label):].split()
    raise AssertionError(f"no table row starting with {label!r}")
