"""Failures: a LaTeX error, Ctrl-C, SIGTERM, a file in the lecture's way, bad input,
missing tools, a failed verification.

Each leaves the previous good outputs exactly as they were and says what went
wrong in one line (a line per failed chapter, with its log). Everything runs in
a fresh process of this checkout's code (see ``helpers``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

import pytest

from mathcore.example import WorkedExample
from tests.e2e.helpers import (
    assert_one_line_error,
    assert_succeeded,
    cache_entries,
    chapter_process_running,
    copy_output,
    environment,
    files_state,
    render,
    session_processes,
    tool_folder,
)


def assert_nothing_half_done(output: Path, stem: str) -> None:
    cache = output / ".cache"
    assert not list(cache.glob("staging-*"))
    assert not list(cache.glob("chapters/*/.tmp-*"))
    assert not (cache / "work" / stem).exists()  # its LaTeX may be half written
    assert not list((output / "lecture").rglob("*.part"))


def test_a_latex_error_keeps_the_previous_lecture(lecture, fake_latex, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    before, entries = files_state(output / "lecture"), cache_entries(output)
    # New logits: chapter 2 needs new formulas from LaTeX, which fails; chapter 1 is cached.
    run = render(output, "--chapters", "1,2", "--logits", "0.25,2,1",
                 path=f"{fake_latex}{os.pathsep}{os.environ['PATH']}")
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    failed = [line for line in run.stderr.splitlines()
              if line.startswith("softmax-lecture: failed: ")]
    assert len(failed) == 1 and "02-probabilities" in failed[0], run.stderr
    log = Path(re.search(r"\(log: (.+)\)$", failed[0]).group(1))
    assert log.is_file() and log.stat().st_size > 0
    assert files_state(output / "lecture") == before
    assert cache_entries(output) == entries
    assert_nothing_half_done(output, "02-probabilities")


def start_rendering_chapter_2(output: Path, cwd: Path, logits: str
                              ) -> tuple[subprocess.Popen, list[str]]:
    """A render of chapter 2 in a session of its own, once its Manim process runs.

    A session (and so a process group) of its own, as a shell gives a foreground
    job: Ctrl-C signals all of it, and whatever it starts is found by its session.
    Returns the process and the lines of stderr read so far.
    """
    command = [sys.executable, "-m", "pipeline", "render", "--output", str(output),
               "--chapters", "2", "--logits", logits]
    # A shell's foreground job has Ctrl-C's default action, whatever the test runner
    # was started with (a background job of a script inherits SIGINT ignored).
    process = subprocess.Popen(command, cwd=cwd, env=environment(), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen = []
    for line in process.stderr:  # "rendering:" is said once the Manim process runs
        seen.append(line)
        if "rendering: 02-probabilities" in line:
            break
    return process, seen


def assert_stopped_cleanly(output: Path, stdout: str, state: tuple) -> None:
    """A render of chapter 2 stopped: nothing printed, lecture and cache as ``state`` was."""
    assert stdout == ""
    assert (files_state(output / "lecture"), cache_entries(output)) == state
    assert_nothing_half_done(output, "02-probabilities")


def test_ctrl_c_keeps_the_previous_lecture(lecture, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    before, entries = files_state(output / "lecture"), cache_entries(output)
    process, seen = start_rendering_chapter_2(output, tmp_path, "0.75,2,1")
    os.killpg(process.pid, signal.SIGINT)
    stdout, rest = process.communicate(timeout=120)
    stderr = "".join(seen) + rest
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "softmax-lecture: interrupted: 02-probabilities (log: " in stderr
    assert_stopped_cleanly(output, stdout, (before, entries))


def test_sigterm_stops_manim_and_keeps_the_previous_lecture(lecture, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    before, entries = files_state(output / "lecture"), cache_entries(output)
    process, seen = start_rendering_chapter_2(output, tmp_path, "0.6,2,1")
    try:
        running = session_processes(process.pid)
        assert chapter_process_running(running), (seen, running)
        # To the command alone, as `kill PID` or a supervisor sends it (not to its group).
        os.kill(process.pid, signal.SIGTERM)
        stdout, rest = process.communicate(timeout=120)
        left = session_processes(process.pid)
    finally:
        for pid in session_processes(process.pid):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.kill()
        process.wait()
    assert process.returncode == 143, "".join(seen) + rest
    assert left == {}
    assert "Traceback" not in rest
    (said,) = rest.splitlines()
    assert said.startswith("softmax-lecture: terminated: 02-probabilities (log: "), said
    assert said.endswith(f"; the previous lecture in {output / 'lecture'} is unchanged"), said
    assert_stopped_cleanly(output, stdout, (before, entries))


def test_a_failed_assembly_changes_nothing_in_the_lecture(lecture, tmp_path):
    output = copy_output(lecture.output, tmp_path / "media")
    folder = output / "lecture"
    # A file where the lecture keeps its posters: writing them fails, even for root.
    shutil.rmtree(folder / "posters")
    (folder / "posters").write_text("not a folder")
    before = files_state(folder)
    # Another example, chapter 1 alone: a new lecture, made from the cache (nothing renders).
    args = ("--chapters", "1", "--logits", "0.5,2,1")
    run = render(output, *args)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "rendering:" not in run.stderr
    (said,) = [line for line in run.stderr.splitlines() if line.startswith("softmax-lecture:")]
    assert str(folder / "posters") in said and said.endswith(f"{folder} is unchanged"), said
    assert run.stdout == ""
    assert files_state(folder) == before
    assert not list((output / ".cache").glob("staging-*"))

    # Out of the way, the same command makes the whole new lecture, the user's files kept.
    (folder / "posters").unlink()
    (folder / "notes.txt").write_text("mine")
    run = render(output, *args)
    assert run.returncode == 0, run.stderr
    assert sorted(path.name for path in (folder / "chapters").iterdir()) == ["01-question.mp4"]
    assert sorted(path.name for path in (folder / "posters").iterdir()) == ["01-question.png"]
    record = json.loads((folder / "render.json").read_text())
    assert record["chapters"] == ["01-question"]
    assert record["fingerprint"] == WorkedExample.from_options("0.5,2,1").fingerprint()
    assert (folder / "notes.txt").read_text() == "mine"


# ---------------------------------------------------------------------------
# bad input: exit 2, one line, nothing touched


BAD_ARGUMENTS = [
    (["--chapters", "11"], "no chapter 11; chapters run from 1 to 10"),
    (["--chapters", "0,2"], "no chapter 0"),
    (["--chapters", "two"], "expected chapter numbers"),
    (["--chapters", "1,2", "--jobs", "0"], "at least 1"),
    (["--chapters", "1,2", "--jobs", "many"], "at least 1"),
    (["--chapters", "1,2", "--quality", "ultra"], "invalid choice: 'ultra'"),
    (["--chapters", "1,2", "--theme", "blue"], "invalid choice: 'blue'"),
    (["--chapters", "1,2", "--logits", "nan,1"], "finite"),
    (["--chapters", "1,2", "--target", "fish"], "unknown target class 'fish'"),
    (["--chapters", "1,2", "--config", "missing.toml"], "does not exist"),
]


LATEX_PACKAGES = ("texlive-latex-base texlive-latex-recommended texlive-latex-extra "
                  "texlive-fonts-recommended texlive-science dvisvgm cm-super-minimal")


@pytest.fixture(scope="module")
def good_output(lecture, tmp_path_factory):
    """A finished lecture that bad input must leave exactly as it is."""
    output = copy_output(lecture.output, tmp_path_factory.mktemp("good") / "media")
    return output, files_state(output)


@pytest.mark.parametrize("args, fragment", BAD_ARGUMENTS, ids=repr)
def test_bad_arguments(good_output, tmp_path, args, fragment):
    output, before = good_output
    run = render(output, *args, cwd=tmp_path)
    assert_one_line_error(run, fragment)
    assert run.stdout == ""
    assert files_state(output) == before


def test_missing_latex_names_the_packages(tmp_path):
    path = tool_folder(tmp_path / "bin", ["ffmpeg"])
    run = render(tmp_path / "media", "--chapters", "1", path=path)
    assert_one_line_error(run, "latex, dvisvgm not found", "apt-get install",
                          LATEX_PACKAGES)
    assert "ffmpeg" not in run.stderr
    assert not (tmp_path / "media").exists()


def test_missing_ffmpeg_names_its_package(tmp_path):
    path = tool_folder(tmp_path / "bin", ["latex", "dvisvgm"])
    run = render(tmp_path / "media", "--chapters", "1", path=path)
    assert_one_line_error(run, "ffmpeg not found", "apt-get install --no-install-recommends "
                                                   "ffmpeg")
    assert "texlive" not in run.stderr
    assert not (tmp_path / "media").exists()


def test_an_output_that_is_a_file(tmp_path):
    target = tmp_path / "media"
    target.write_text("not a folder")
    run = render(target, "--chapters", "1")
    assert_one_line_error(run, "is a file, not a folder")
    assert target.read_text() == "not a folder"
    # A folder that cannot be made: one line too, and nothing said before it.
    run = render(target / "inside", "--chapters", "1", cwd=tmp_path)
    assert_one_line_error(run, f"cannot write to {target / 'inside'}")


# ---------------------------------------------------------------------------
# a failed verification stops the render before any frame


# Run in a fresh process: break mathcore there, then run the command in it.
WRONG_DERIVATION = """
import dataclasses
import sympy as sp
import mathcore.derivations as derivations
honest = derivations.all_derivations
def with_a_wrong_step():
    first, *rest = honest()
    step = dataclasses.replace(first.steps[-1], rhs=sp.Integer(0))
    return (dataclasses.replace(first, steps=(*first.steps[:-1], step)), *rest)
derivations.all_derivations = with_a_wrong_step
"""
FAILING_CHECK = """
import mathcore.example
mathcore.example.FINITE_DIFFERENCE_TOLERANCE = 0.0
"""


@pytest.mark.parametrize("breakage, fragment", [
    (WRONG_DERIVATION, "derivation 'forward' failed at step"),
    (FAILING_CHECK, "check 'gradient_matches_finite_differences' failed"),
], ids=["derivation", "check"])
def test_failed_verification_renders_nothing(tmp_path, breakage, fragment):
    output = tmp_path / "media"
    probe = (breakage + "import sys\nfrom pipeline.cli import main\n"
             f"sys.exit(main(['render', '--chapters', '1', '--output', {str(output)!r}]))\n")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=environment(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("softmax-lecture: verification failed, nothing rendered: ")
    assert fragment in lines[0]
    assert not output.exists()


def test_an_output_folder_with_quotes_and_percent_signs_renders(tmp_path):
    # Manim's ffmpeg concat lists and LaTeX fail on such paths: the work moves elsewhere.
    output = tmp_path / "it's 50% done" / "media"
    output.parent.mkdir()
    run = render(output, "--chapters", "1")
    assert_succeeded(run)
    assert (run.lecture / "lecture.mp4").is_file()
    assert (run.lecture / "chapters" / "01-question.mp4").is_file()
