"""The handout PDF as a reader sees it: its numbers, its pages, its answers page.

Every build here is a real pdflatex run; the PDFs are read back with pdftotext
and pdfinfo and compared with numbers computed in plain Python.
"""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.handout.helpers import SPECIALS, Plain, pages, row, text, three

REPOSITORY = Path(__file__).resolve().parents[2]
STORYBOARD = Plain([2.0, 1.0, 0.1], 0)
SIX = Plain([1.5, -0.5, 0.3, 2.2, 0.0, -1.2], 3)


PROBE = """
import sys
from pipeline.cli import main
status = main(["handout", "--output", sys.argv[1]])
drawing = sorted(name for name in sys.modules if name.split(".")[0] in ("manim", "manim_slides"))
assert not drawing, drawing
sys.exit(status)
"""


@pytest.fixture(scope="module")
def subprocess_run(tmp_path_factory):
    """The same default handout again, built by a fresh interpreter that must not load Manim."""
    folder = tmp_path_factory.mktemp("again")
    finished = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder / "media")], cwd=folder, capture_output=True,
        text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPOSITORY)},
    )
    assert finished.returncode == 0, finished.stderr
    return folder / "media" / "handout"


def example_rows(pdf: Path, plain: Plain, labels: list[str]) -> None:
    """Each class's table row: logit, e^z, y, t, y - t and the finite difference."""
    page_text = text(pdf)
    for index, label in enumerate(labels):
        if index == plain.target:
            label += " (target T)"
        expected = [three(value[index]) for value in (
            plain.logits, plain.exponentials, plain.probabilities, plain.one_hot,
            plain.gradient, plain.finite_difference)]
        assert row(page_text, label) == expected, label


def test_default_handout_shows_the_worked_example(default_run):
    assert default_run.stdout.startswith(f"wrote {default_run.pdf} (")
    assert default_run.stderr == ""
    example_rows(default_run.pdf, STORYBOARD, ["cat", "dog", "bird"])
    flat = " ".join(text(default_run.pdf).split())
    probabilities = ", ".join(three(value) for value in STORYBOARD.probabilities)
    assert f"y = ({probabilities})" in flat
    gradient = ", ".join(three(value) for value in STORYBOARD.gradient)
    assert re.search(rf"Cost C = -\s?log\s?y\s?T = {three(STORYBOARD.cost)}\.", flat)
    assert three(STORYBOARD.cost) == "0.417" and gradient == "-0.341, 0.242, 0.099"
    assert f"{three(math.fsum(STORYBOARD.exponentials))}" in flat  # the sum row, 11.213


def test_six_classes(six_run):
    example_rows(six_run.pdf, SIX, [f"class {number}" for number in range(1, 7)])
    flat = " ".join(text(six_run.pdf).split())
    assert "Worked example: 6 classes" in flat
    assert re.search(rf"Cost C = -\s?log\s?y\s?T = {three(SIX.cost)}\.", flat)
    probabilities = ", ".join(three(value) for value in SIX.probabilities)
    assert f"y = ({probabilities})" in flat
    # The derivations were proven for the example's class count.
    assert flat.count("Each step proven by mathcore for K = 6 ") == 4
    assert flat.count("Each step proven by mathcore for K = 2 ") == 1  # the sigmoid's


def test_every_derivation_step_is_marked_with_how_it_was_proven(default_run):
    flat = " ".join(text(default_run.pdf).split())
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        assert main(["verify", "--json", "--logits=2,1,0.1", "--target=cat",
                     "--classes=cat,dog,bird"]) == 0
    derivations = json.loads(stdout.getvalue())["derivations"]
    steps = [step for derivation in derivations for step in derivation["steps"]]
    marks = re.findall(r"\u2713 (symbolic|numeric)", flat)
    # One mark per step, plus the two in the explanation of the marks.
    assert len(marks) == len(steps) + 2
    assert marks[2:] == [step["method"] for step in steps]
    assert "not proven" not in flat


def test_page_count_is_stable_and_more_than_one(default_run, subprocess_run):
    count = pages(default_run.pdf)
    assert count > 1
    assert pages(subprocess_run / "lecture-notes.pdf") == count
    assert f"({count} pages," in default_run.stdout
    # The document is a function of the example: the same .tex twice.
    assert (subprocess_run / "lecture-notes.tex").read_text() == default_run.tex.read_text()
    assert f"Page {count} of {count}" in text(default_run.pdf, count, count)


def exercise_from(pdf: Path) -> tuple[list[str], Plain]:
    """The exercise's classes, logits and target, read off the exercises page."""
    page_text = text(pdf)
    start = page_text.index("Exercises\n")
    exercises = page_text[start:]
    names = row(exercises, "class")
    logits = [float(value) for value in row(exercises, "logit zk")]
    flat = " ".join(exercises.split())
    target = re.search(r"the correct class is T = (\S+?)\.", flat).group(1)
    return names, Plain(logits, names.index(target))


def solution_pages(pdf: Path) -> str:
    """The pages from the one where the solutions start to the last."""
    count = pages(pdf)
    for first in range(count, 0, -1):
        if "Solutions to the exercises" in text(pdf, first, first):
            return text(pdf, first, count)
    raise AssertionError("no solutions")


@pytest.mark.parametrize("fixture", ["default_run", "six_run", "specials_run"])
def test_answers_are_on_the_last_pages(fixture, request):
    run = request.getfixturevalue(fixture)
    names, plain = exercise_from(run.pdf)
    assert 3 <= len(names) <= 5
    assert all((2 * value).is_integer() for value in plain.logits)
    last = solution_pages(run.pdf)
    assert len(re.findall(r"Page \d+ of", last)) <= 3  # the last pages, not half the notes
    assert "Compute the exponentials" not in last
    step = plain.after_one_step()
    for index, name in enumerate(names):
        label = name + (" (T)" if index == plain.target else "")
        expected = [three(value[index]) for value in (
            plain.logits, plain.exponentials, plain.probabilities, plain.one_hot,
            plain.gradient, step.logits)]
        assert row(last, label) == expected, label
    flat = " ".join(last.split())
    assert re.search(rf"C = -\s?log\s?y\s?T = {three(plain.cost)},", flat)
    assert f"becomes {three(step.probabilities[plain.target])} and the cost {three(step.cost)}" \
        in flat
    assert f"= {three(math.exp(1.5))};" in flat


def test_the_exercise_seed_picks_the_exercise(default_run, specials_run):
    assert exercise_from(specials_run.pdf) != exercise_from(default_run.pdf)


def test_latex_specials_in_class_names_print_literally(specials_run):
    page_text = text(specials_run.pdf)
    example_rows(specials_run.pdf, Plain([1.0, 2.0, 0.5, 3.0], 3), SPECIALS)
    flat = " ".join(page_text.split())
    assert "Worked example: 4 classes (\\input{/etc/passwd}, 50%_off, a&b, $x$), target $x$" in flat
    # In running text too: the slice's class, the likeliest that is not the target.
    assert "with m the class 50%_off (the likeliest" in flat
    tex = specials_run.tex.read_text()
    assert "\\input{" not in tex  # never a command: escaped as \\textbackslash{}input\\{
    assert "root:" not in page_text
