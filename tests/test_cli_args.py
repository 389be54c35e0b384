"""The command line as people type it: negative values, no command, --version.

Values that begin with "-" (``--logits -1,2,3``, ``--classes -a,b``, ``--output -o``)
must reach the lecture's own validation in every subcommand; ``softmax-lecture``
alone prints its commands. Expected values are written out here or computed in
plain Python, never taken from the code under test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from scenes.cli import build_parser, main

REPOSITORY = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "softmax-lecture"
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
    result = run([sys.executable, "-m", "scenes"], tmp_path)
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
    for command in ([str(SCRIPT), "--version"], [sys.executable, "-m", "scenes", "--version"]):
        result = run(command, tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"softmax-lecture {version}\n"
        assert result.stderr == ""
