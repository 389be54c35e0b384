"""Bad input and LaTeX failures: one line on stderr, the right exit status, no broken PDF."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handout import document
from handout.latex import LatexError, compile_pdf
from tests.handout.helpers import run_handout, text

REPOSITORY = Path(__file__).resolve().parents[2]

BAD_INPUT = {
    "logit not a number": (["--logits", "1,abc"], "logit 'abc' is not a number"),
    "one class": (["--logits", "1"], "1 logits given"),
    "infinite logit": (["--logits", "1,inf"], "is not finite"),
    "unknown target": (["--target", "cow"], "unknown target class 'cow'"),
    "target out of range": (["--target", "7"], "target index 7 is out of range"),
    "class count": (["--classes", "a,b"], "2 class names given for 3 logits"),
    "duplicate class": (["--classes", "a,a,b"], "duplicate class name 'a'"),
    "missing config": (["--config", "nowhere.toml"], "does not exist"),
    "negative seed": (["--exercise-seed", "-1"], "--exercise-seed -1"),
    "seed not a number": (["--exercise-seed", "x"], "invalid int value: 'x'"),
    "unknown option": (["--colour", "red"], "unrecognized arguments: --colour red"),
}


@pytest.mark.parametrize("args, message", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path):
    run = run_handout(args, tmp_path)
    assert run.status == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("softmax-lecture: error: ") and message in lines[0]
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert not (tmp_path / "media" / "handout" / "lecture-notes.pdf").exists()


def test_output_that_is_a_file(tmp_path):
    blocker = tmp_path / "media"
    blocker.write_text("not a folder")
    run = run_handout([], tmp_path, blocker)
    assert run.status == 2
    assert run.stderr.splitlines() == [
        f"softmax-lecture: error: --output {str(blocker)!r} is not a directory"]
    assert blocker.read_text() == "not a folder"


def test_a_user_sees_one_line_and_no_traceback(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-m", "pipeline", "handout", "--logits", "1,abc"], cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPOSITORY)},
    )
    assert finished.returncode == 2
    assert finished.stderr == "softmax-lecture: error: logit 'abc' is not a number\n"
    assert not (tmp_path / "media").exists()


def test_missing_pdflatex_names_the_packages(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    run = run_handout([], tmp_path)
    assert run.status == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and "pdflatex not found" in lines[0]
    assert "texlive-latex-base" in lines[0] and "texlive-latex-extra" in lines[0]


def copy_of(good, folder: Path) -> tuple[Path, bytes, bytes]:
    handout = folder / "media" / "handout"
    handout.mkdir(parents=True)
    shutil.copy(good.pdf, handout / "lecture-notes.pdf")
    shutil.copy(good.tex, handout / "lecture-notes.tex")
    return handout, good.pdf.read_bytes(), good.tex.read_bytes()


def assert_untouched(handout: Path, pdf: bytes, tex: bytes) -> None:
    assert (handout / "lecture-notes.pdf").read_bytes() == pdf
    assert (handout / "lecture-notes.tex").read_bytes() == tex
    # No build folder left behind, no half-written file beside the good ones.
    assert sorted(path.name for path in handout.iterdir()) == [
        "lecture-notes.failed.log", "lecture-notes.pdf", "lecture-notes.tex"]


def test_latex_error_reports_the_first_error_line_and_keeps_the_pdf(
    default_run, tmp_path, monkeypatch
):
    handout, pdf, tex = copy_of(default_run, tmp_path)
    monkeypatch.setattr(document, "PREAMBLE", document.PREAMBLE + "\\handoutTestUndefined\n")
    run = run_handout([], tmp_path)
    assert run.status == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("softmax-lecture: error: LaTeX failed: "
                               "! Undefined control sequence. (log: ")
    assert_untouched(handout, pdf, tex)
    log = (handout / "lecture-notes.failed.log").read_text()
    assert "\\handoutTestUndefined" in log


def test_compile_pdf_replaces_only_on_success(tmp_path):
    """The next good build replaces the PDF and drops the failed build's log."""
    destination = tmp_path / "notes.pdf"
    good = "\\documentclass{article}\\begin{document}%s\\end{document}\n"
    assert compile_pdf(good % "first", destination) == 1
    first = destination.read_bytes()
    with pytest.raises(LatexError, match=r"^LaTeX failed: ! Undefined control sequence\. "):
        compile_pdf(good % "\\nosuchcommand", destination)
    assert destination.read_bytes() == first
    assert (tmp_path / "notes.failed.log").exists()
    assert compile_pdf(good % "second", destination) == 1
    assert destination.read_bytes() != first
    assert "second" in (tmp_path / "notes.tex").read_text()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.pdf", "notes.tex"]


FAKE_PDFLATEX = """#!/bin/sh
echo "This is not pdfTeX"
printf '%s\\n' "(./lecture-notes.tex" "! Fake pdflatex: stop here." "l.1 \\\\documentclass" \
  "! A second error, not the first." > lecture-notes.log
exit 1
"""


def test_failing_pdflatex_on_path(default_run, tmp_path, monkeypatch):
    handout, pdf, tex = copy_of(default_run, tmp_path)
    fake = tmp_path / "bin" / "pdflatex"
    fake.parent.mkdir()
    fake.write_text(FAKE_PDFLATEX)
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    run = run_handout([], tmp_path)
    assert run.status == 1
    assert run.stderr == (
        "softmax-lecture: error: LaTeX failed: ! Fake pdflatex: stop here. "
        f"(log: {handout / 'lecture-notes.failed.log'})\n")
    assert_untouched(handout, pdf, tex)


def test_a_step_that_fails_its_proof_is_marked_and_said(tmp_path, monkeypatch):
    """The marks come from running the proofs: a wrong step must show as not proven."""
    import dataclasses

    import sympy as sp

    from handout import build
    from mathcore.derivations import all_derivations
    from mathcore.notes import notes_derivations

    def with_a_wrong_step():
        derivations = list(notes_derivations())
        forward = derivations[0]
        steps = list(forward.steps)
        steps[3] = dataclasses.replace(steps[3], rhs=sp.Add(steps[3].rhs, sp.Integer(1)))
        derivations[0] = dataclasses.replace(forward, steps=tuple(steps))
        return tuple(derivations)

    monkeypatch.setattr(build, "notes_derivations", with_a_wrong_step)
    run = run_handout([], tmp_path)
    assert run.status == 1
    total = sum(len(derivation.steps) for derivation in all_derivations())
    assert run.stderr == (f"softmax-lecture: 1 of {total} derivation steps were not proven "
                          "(marked in the handout)\n")
    flat = " ".join(text(run.pdf).split())
    # The cross mark beside the step where it is derived, and in the appendix's table.
    assert flat.count("\u00d7 not proven") == 2
    assert "9 symbolically, 0 numerically, 1 not proven." in flat
    assert flat.count("\u2713 symbolic") == total - 1 + 1  # the other steps, and the legend
