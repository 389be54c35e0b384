"""The command line as people type it: negative values, no command, --version, odd paths.

Values that begin with "-" (``--logits -1,2,3``, ``--classes -a,b``, ``--output -o``)
must reach the lecture's own validation in every subcommand; ``softmax-lecture``
alone prints its commands; the handout's inner render call, the render and the
printed "present live" command survive any output folder. Expected values are
written out here or computed in plain Python, never taken from the code under test.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PIL import Image

from mathcore.outline import CHAPTERS, chapter_by_number
from pipeline import handout as figures
from pipeline.cli import build_parser, main

REPOSITORY = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "softmax-lecture"
BIN = Path(sys.prefix) / "bin"  # this venv's scripts
COMMANDS = ("verify", "handout", "render", "slides")
RENDERING = ("render", "slides")


def run(command, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


def in_process(args, capsys, monkeypatch, cwd: Path):
    monkeypatch.chdir(cwd)
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line_error(status: int, out: str, err: str, fragment: str) -> None:
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("softmax-lecture: error: ") and fragment in err, err


# ---------------------------------------------------------------------------
# values that begin with "-"


@pytest.mark.parametrize("command", COMMANDS)
def test_values_that_begin_with_a_dash_are_values(command):
    words = [command, "--logits", "-1,2,-0.5", "--classes", "-a,b,-c", "--target", "-c",
             "--config", "-lecture.toml"]
    if command != "verify":
        words += ["--output", "-o"]
    args = build_parser().parse_args(words)
    assert (args.logits, args.classes, args.target) == ("-1,2,-0.5", "-a,b,-c", "-c")
    assert args.config == "-lecture.toml"
    if command != "verify":
        assert args.output == "-o"


@pytest.mark.parametrize("command", RENDERING)
def test_render_options_that_begin_with_a_dash_are_values(command):
    args = build_parser().parse_args([command, "--chapters", "-2", "--quality", "low"])
    assert args.chapters == "-2"


def test_verify_computes_negative_logits_given_as_a_separate_word(tmp_path, capsys, monkeypatch):
    status, out, err = in_process(
        ["verify", "--json", "--logits", "-1,2,3", "--classes", "-a,b,c", "--target", "-a"],
        capsys, monkeypatch, tmp_path)
    assert status == 0, err
    report = json.loads(out)
    assert report["logits"] == [-1.0, 2.0, 3.0]
    assert report["classes"] == ["-a", "b", "c"]
    assert report["target"] == 0 and report["target_name"] == "-a"
    assert report["passed"] is True


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_negative_value_gets_our_message_in_every_subcommand(
    command, tmp_path, capsys, monkeypatch
):
    status, out, err = in_process([command, "--logits", "-1,abc"], capsys, monkeypatch,
                                  tmp_path)
    assert_one_line_error(status, out, err, "logit 'abc' is not a number")


@pytest.mark.parametrize("command", COMMANDS)
def test_target_minus_one_is_out_of_range_in_our_words(command, tmp_path, capsys, monkeypatch):
    # A negative index is not a class; the value reaches the example's own check.
    status, out, err = in_process([command, "--target", "-1"], capsys, monkeypatch, tmp_path)
    assert_one_line_error(status, out, err, "target index -1 is out of range: use 0 to 2")


@pytest.mark.parametrize("command", RENDERING)
def test_render_reads_negative_logits_then_checks_its_chapters(
    command, tmp_path, capsys, monkeypatch
):
    # Parsed and validated: the next check (the chapter numbers) is the one that fails.
    status, out, err = in_process([command, "--logits", "-1,2,3", "--chapters", "99"], capsys,
                                  monkeypatch, tmp_path)
    assert_one_line_error(status, out, err, "--chapters '99': no chapter 99")


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--logits", "--json"], "argument --logits: expected one argument"),
        (["--classes", "-h"], "argument --classes: expected one argument"),
        (["--logits"], "argument --logits: expected one argument"),
    ],
    ids=repr,
)
def test_an_option_where_a_value_belongs_is_still_an_error(
    args, fragment, tmp_path, capsys, monkeypatch
):
    status, out, err = in_process(["verify", *args], capsys, monkeypatch, tmp_path)
    assert_one_line_error(status, out, err, fragment)


def test_negative_logits_from_the_console_script(tmp_path):
    result = run([str(SCRIPT), "verify", "--json", "--logits", "-2,0.5", "--target", "1"],
                 tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["logits"] == [-2.0, 0.5] and report["target"] == 1


# ---------------------------------------------------------------------------
# no command, --version


def test_no_command_prints_the_usage_and_the_commands(tmp_path):
    result = run([sys.executable, "-m", "pipeline"], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("usage: softmax-lecture ")
    listed = [line.split()[0] for line in lines if line.startswith("    ") and line.strip()
              and line.split()[0] in COMMANDS]
    assert listed == list(COMMANDS)
    assert "--version" in result.stderr
    assert lines[-1].startswith("softmax-lecture: error: ")


def test_version_comes_from_the_package(tmp_path):
    with open(REPOSITORY / "pyproject.toml", "rb") as file:
        version = tomllib.load(file)["project"]["version"]
    for command in ([str(SCRIPT), "--version"], [sys.executable, "-m", "pipeline", "--version"]):
        result = run(command, tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"softmax-lecture {version}\n"
        assert result.stderr == ""


# ---------------------------------------------------------------------------
# handout --figures: the inner render call with any output folder

STAND_IN = """
import json, os, shutil, sys
from pathlib import Path

from pipeline.cli import build_parser

args = build_parser().parse_args(sys.argv[1:])  # the real parser reads the call
Path(os.environ["STAND_IN_LOG"]).write_text(json.dumps(vars(args), default=str))
lecture = Path(args.output) / "lecture"
(lecture / "posters").mkdir(parents=True, exist_ok=True)
for stem in json.loads(os.environ["STAND_IN_STEMS"]):
    shutil.copy(os.environ["STAND_IN_POSTER"], lecture / "posters" / f"{stem}.png")
classes = args.classes.split(",")
sidecar = {"logits": [float(z) for z in args.logits.split(",")], "classes": classes,
           "target": classes.index(args.target), "theme": args.theme}
(lecture / "render.json").write_text(json.dumps(sidecar))
"""


@pytest.mark.parametrize("folder", ["-o", "with spaces", "--help"])
def test_handout_figures_renders_into_any_output_folder(folder, tmp_path, capsys, monkeypatch):
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN)
    poster = tmp_path / "poster.png"
    Image.new("RGB", (854, 480), "#1f6f8b").save(poster)
    log = tmp_path / "render-arguments.json"
    monkeypatch.setattr(figures, "RENDER_PROGRAM", (sys.executable, str(script)))
    monkeypatch.setenv("STAND_IN_LOG", str(log))
    monkeypatch.setenv("STAND_IN_STEMS", json.dumps([chapter.stem for chapter in CHAPTERS]))
    monkeypatch.setenv("STAND_IN_POSTER", str(poster))
    status, out, err = in_process(
        ["handout", "--figures", f"--output={folder}", "--logits", "-1,2,0.5",
         "--classes", "-a,b,c", "--target", "-a"], capsys, monkeypatch, tmp_path)
    assert status == 0, err
    parsed = json.loads(log.read_text())
    assert parsed["command"] == "render"
    assert (parsed["theme"], parsed["no_voice"]) == ("light", True)
    assert Path(parsed["output"]) == tmp_path / folder / "print"
    assert (parsed["logits"], parsed["classes"], parsed["target"]) == ("-1,2,0.5", "-a,b,c",
                                                                       "-a")
    # The posters the stand-in wrote are the example's: all of them go in.
    assert f"{len(CHAPTERS)} light-theme figures)" in out
    assert (tmp_path / folder / "handout" / "lecture-notes.pdf").is_file()


# ---------------------------------------------------------------------------
# slides: the "present live" line runs as printed


def shell_words(command: str, cwd: Path) -> list[str]:
    """The words a POSIX shell makes of ``command`` (not shlex: the shell itself)."""
    result = subprocess.run(["sh", "-c", f"printf '%s\\0' {command}"], cwd=cwd,
                            capture_output=True, text=True, check=True)
    return result.stdout.split("\0")[:-1]


def test_present_live_line_runs_as_printed(tmp_path):
    cwd = tmp_path / "a lecture hall"
    cwd.mkdir()
    # Words a shell would split, and a subshell. (Manim itself fails on ' & $ in paths.)
    output = cwd / "my deck (1)"
    scenes = [chapter_by_number(number).scene for number in (1, 2)]
    result = run([sys.executable, "-m", "pipeline", "slides", "--chapters", "1,2", "--format",
                  "pdf", "--jobs", "1", "--quality", "low", "--print-theme", "same",
                  "--output", str(output)], cwd)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("present live")]
    assert len(lines) == 2, result.stderr[-3000:]
    present = lines[0].removeprefix("present live: ")

    words = shell_words(present, cwd)
    assert words == shlex.split(present)
    program, verb, option, folder, *named = words
    assert Path(program).is_absolute() and os.access(program, os.X_OK)
    assert Path(program).resolve() == (BIN / "manim-slides").resolve()
    assert (verb, option) == ("present", "--folder")
    assert Path(folder) == output / "slides" / "index"
    assert named == scenes
    assert all((Path(folder) / f"{scene}.json").is_file() for scene in scenes)
    # manim-slides itself reads the folder (and checks each slide's files) without a window.
    listing = run([program, "--silent", "list-scenes", "--folder", folder], tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert [line.split(": ", 1)[1] for line in listing.stdout.splitlines()] == sorted(scenes)

    # No PySide6 in this venv: the same output says so, with a pip line that runs as printed.
    assert "PySide6" in lines[1]
    install = shell_words(lines[1].rsplit(": ", 1)[1], cwd)
    assert install[1:] == ["-m", "pip", "install", "manim-slides[pyside6]"]
    assert Path(install[0]).parent.resolve() == BIN.resolve()
    assert run([install[0], "-m", "pip", "--version"], tmp_path).returncode == 0


def test_present_live_says_nothing_about_qt_when_pyside6_is_there(tmp_path, monkeypatch):
    from pipeline.deck import present_live

    (tmp_path / "PySide6").mkdir()
    (tmp_path / "PySide6" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    lines = present_live(tmp_path / "index", ["TheQuestion"])
    assert len(lines) == 1 and lines[0].startswith("present live: ")
    assert shlex.split(lines[0].removeprefix("present live: "))[-1] == "TheQuestion"


def test_render_into_a_relative_output_folder(tmp_path):
    # Manim runs in the repository: a relative --output (the default is "media")
    # must still mean the user's folder, not one inside the repository.
    output = "relative media"
    result = run([sys.executable, "-m", "pipeline", "render", "--chapters", "1", "--jobs", "1",
                  "--output", output], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / output / "lecture" / "lecture.mp4").stat().st_size > 0
    assert not (REPOSITORY / output).exists()
