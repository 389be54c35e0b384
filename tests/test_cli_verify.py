"""``softmax-lecture verify``: its report, its exit status, its one-line errors.

Most cases run in-process through ``pipeline.cli.main`` (fast); a few run the real
console script and ``python -m pipeline`` in a subprocess, to see exactly what a
user sees. Every run uses ``tmp_path`` as its working directory, so a stray
``lecture.toml`` cannot change the example. Expected numbers are computed here
in plain Python.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.reference import plain_cost, plain_probabilities

SCRIPT = Path(sys.executable).parent / "softmax-lecture"
STORYBOARD = ([2.0, 1.0, 0.1], 0, ["cat", "dog", "bird"])
DERIVATIONS = ["forward", "reverse", "potential", "sigmoid", "canonical"]
METHODS = {"symbolic", "numeric"}
TOLERANCE = 1e-14
DRAWING_PACKAGES = ("manim", "manim_slides", "manimpango", "cairo")


def assert_close(actual, expected, tolerance: float = TOLERANCE) -> None:
    assert len(actual) == len(expected)
    for left, right in zip(actual, expected, strict=True):
        assert abs(left - right) <= tolerance, (actual, expected)


def check_report(report: dict, logits, target: int, classes, sizes=None) -> None:
    assert_close(report["logits"], logits, 0.0)
    assert isinstance(report["target"], int) and report["target"] == target
    assert report["classes"] == classes
    assert report["target_name"] == classes[target]
    probabilities = plain_probabilities(logits)
    assert_close(report["probabilities"], probabilities)
    assert abs(report["cost"] - plain_cost(logits, target)) <= TOLERANCE * (1 + max(logits))
    gradient = [y - (1.0 if m == target else 0.0) for m, y in enumerate(probabilities)]
    assert_close(report["gradient"], gradient)
    assert report["checks"]
    for name, check in report["checks"].items():
        assert check["passed"] is True, name
        assert isinstance(check["max_error"], float) and check["max_error"] >= 0.0
        assert check["max_error"] <= check["tolerance"], name
    assert [derivation["name"] for derivation in report["derivations"]] == DERIVATIONS
    expected_sizes = sizes or [len(logits)]
    for derivation in report["derivations"]:
        assert derivation["passed"] is True
        assert derivation["classes_checked"] == (
            [2] if derivation["name"] == "sigmoid" else expected_sizes
        )
        assert derivation["steps"]
        for step in derivation["steps"]:
            assert isinstance(step["latex"], str) and step["latex"].strip()
            assert step["method"] in METHODS
            assert step["passed"] is True
    assert report["passed"] is True


def verify_in_process(args, capsys, monkeypatch, cwd: Path):
    monkeypatch.chdir(cwd)
    status = main(["verify", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run(command, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


# ---------------------------------------------------------------------------
# the report


def test_verify_json_in_process(tmp_path, capsys, monkeypatch):
    status, out, err = verify_in_process(["--json"], capsys, monkeypatch, tmp_path)
    assert status == 0 and err == ""
    check_report(json.loads(out), *STORYBOARD)


def test_verify_json_from_the_console_script(tmp_path):
    result = run([str(SCRIPT), "verify", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    check_report(json.loads(result.stdout), *STORYBOARD)


def test_python_dash_m_scenes_with_options(tmp_path):
    logits = [0.5, -1.0, 3.0, 0.0]
    result = run([sys.executable, "-m", "pipeline", "verify", "--json", "--logits=0.5,-1,3,0",
                  "--classes", "ant,bee,cow,doe", "--target", "cow"], tmp_path)
    assert result.returncode == 0, result.stderr
    check_report(json.loads(result.stdout), logits, 2, ["ant", "bee", "cow", "doe"])


def test_verify_human_report(tmp_path, capsys, monkeypatch):
    status, out, err = verify_in_process([], capsys, monkeypatch, tmp_path)
    assert status == 0 and err == ""
    probabilities = plain_probabilities(STORYBOARD[0])
    cat_row = next(line for line in out.splitlines() if line.strip().startswith("cat"))
    assert f"{probabilities[0]:.3f}" in cat_row
    assert f"{plain_cost(STORYBOARD[0], 0):.3f}" in out
    assert "FAIL" not in out
    assert out.rstrip().endswith("All checks and derivations passed.")


@pytest.mark.parametrize("logits, label, shift", [
    ("2,1,0.1", "e^z", 0.0),
    ("800,799", "e^(z-max z)", 800.0),  # e^800 overflows: the table shows e^(z - 800)
])
def test_the_human_table_names_the_exponentials_it_shows(tmp_path, capsys, monkeypatch,
                                                         logits, label, shift):
    status, out, _ = verify_in_process([f"--logits={logits}"], capsys, monkeypatch, tmp_path)
    assert status == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.strip().startswith("class"))
    assert re.search(rf"logit z +{re.escape(label)} +prob\. y", header), header
    values = [float(value) for value in logits.split(",")]
    rows = lines[lines.index(header) + 1:][:len(values)]
    # Columns from the right: finite diff., y - t, target t, prob. y, the exponentials.
    assert [row.split()[-5] for row in rows] == [f"{math.exp(value - shift):.3f}"
                                                 for value in values]


@pytest.mark.parametrize(
    "args, logits, target, classes",
    [
        (["--target", "1"], [2.0, 1.0, 0.1], 1, ["cat", "dog", "bird"]),
        (["--target", "bird"], [2.0, 1.0, 0.1], 2, ["cat", "dog", "bird"]),
        (["--logits=1e4,-1e4,0,1e-8"], [1e4, -1e4, 0.0, 1e-8], 0,
         ["class 1", "class 2", "class 3", "class 4"]),
        (["--logits", "3,1", "--classes", "yes,no", "--target", "no"], [3.0, 1.0], 1,
         ["yes", "no"]),
    ],
)
def test_verify_options(tmp_path, capsys, monkeypatch, args, logits, target, classes):
    status, out, err = verify_in_process(["--json", *args], capsys, monkeypatch, tmp_path)
    assert status == 0, err
    check_report(json.loads(out), logits, target, classes)


def test_a_cost_of_zero_prints_as_0_0(tmp_path, capsys, monkeypatch):
    # y_T = 1 exactly (e^-1600 underflows): C = 0, which JSON must not print as -0.0.
    status, out, err = verify_in_process(["--json", "--logits=800,-800"], capsys, monkeypatch,
                                         tmp_path)
    assert status == 0, err
    assert '"cost": 0.0,' in out and "-0.0" not in out
    report = json.loads(out)
    assert report["cost"] == 0.0 and math.copysign(1.0, report["cost"]) == 1.0
    check_report(report, [800.0, -800.0], 0, ["class 1", "class 2"])


@pytest.mark.parametrize(
    "args, logits, target",
    [
        (["--logits=1e5,1e5,1e5,1e5"], [1e5] * 4, 0),
        (["--logits=5e4,5e4,5e4,5e4"], [5e4] * 4, 0),
        (["--logits=99999.5,1e5"], [99999.5, 1e5], 0),
        (["--logits=65138.298,93395.429,-18045.732", "--target", "1"],
         [65138.298, 93395.429, -18045.732], 1),
    ],
)
def test_large_logits_inside_the_range_verify(tmp_path, capsys, monkeypatch, args, logits,
                                              target):
    # Each once failed a check whose tolerance ignored the size of the logits.
    status, out, err = verify_in_process(["--json", *args], capsys, monkeypatch, tmp_path)
    assert status == 0, err
    report = json.loads(out)
    assert [name for name, check in report["checks"].items() if not check["passed"]] == []
    classes = (["cat", "dog", "bird"] if len(logits) == 3
               else [f"class {index + 1}" for index in range(len(logits))])
    check_report(report, logits, target, classes)


def test_verify_reads_lecture_toml_and_options_override_it(tmp_path, capsys, monkeypatch):
    (tmp_path / "lecture.toml").write_text(
        'logits = [1.0, 0.0]\nclasses = ["up", "down"]\ntarget = "down"\n', encoding="utf-8")
    status, out, _ = verify_in_process(["--json"], capsys, monkeypatch, tmp_path)
    assert status == 0
    check_report(json.loads(out), [1.0, 0.0], 1, ["up", "down"])
    status, out, _ = verify_in_process(["--json", "--target", "up", "--logits=-2,5"], capsys,
                                       monkeypatch, tmp_path)
    assert status == 0
    check_report(json.loads(out), [-2.0, 5.0], 0, ["up", "down"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    status, out, _ = verify_in_process(["--json", "--config", str(tmp_path / "lecture.toml")],
                                       capsys, monkeypatch, elsewhere)
    assert status == 0
    check_report(json.loads(out), [1.0, 0.0], 1, ["up", "down"])


def test_verify_sizes(tmp_path, capsys, monkeypatch):
    status, out, _ = verify_in_process(["--json", "--sizes", "2,4"], capsys, monkeypatch,
                                       tmp_path)
    assert status == 0
    check_report(json.loads(out), *STORYBOARD, sizes=[2, 4])


def test_verify_exits_1_when_a_derivation_fails(tmp_path, capsys, monkeypatch):
    import dataclasses

    import sympy as sp

    import mathcore.derivations as derivations

    honest = derivations.all_derivations

    def with_a_wrong_step():
        first, *rest = honest()
        step = dataclasses.replace(first.steps[-1], rhs=sp.Integer(0))
        return (dataclasses.replace(first, steps=(*first.steps[:-1], step)), *rest)

    monkeypatch.setattr(derivations, "all_derivations", with_a_wrong_step)
    status, out, _ = verify_in_process(["--json"], capsys, monkeypatch, tmp_path)
    report = json.loads(out)
    assert status == 1
    assert report["passed"] is False
    assert report["derivations"][0]["passed"] is False
    assert report["derivations"][0]["steps"][-1]["method"] == "failed"
    status, out, _ = verify_in_process([], capsys, monkeypatch, tmp_path)
    assert status == 1
    assert "[FAIL]" in out and "FAILED" in out.splitlines()[-1]


# ---------------------------------------------------------------------------
# bad input: exit 2, one line on stderr


BAD_ARGUMENTS = [
    (["--logits=nan,1"], "finite"),
    (["--logits=2,inf"], "finite"),
    (["--logits=2,abc"], "'abc' is not a number"),
    (["--logits=1"], "2 to 8"),
    (["--logits=1,2,3,4,5,6,7,8,9"], "2 to 8"),
    (["--target", "3"], "out of range"),
    (["--target=-1"], "out of range"),
    (["--target", "fish"], "unknown target class 'fish'"),
    (["--classes", "cat,cat,dog"], "duplicate class name 'cat'"),
    (["--classes", "2,0,1", "--target", "1"], "target '1' is ambiguous"),
    (["--classes", "cat,,dog"], "empty"),
    (["--classes", "cat,dog"], "2 class names given for 3 logits"),
    (["--config", "missing.toml"], "does not exist"),
    (["--config", "."], "cannot read"),
    (["--sizes", "1-9"], "sizes run from"),
    (["--sizes", "two"], "expected like 2-8"),
    (["--logits", "-1,abc"], "'abc' is not a number"),  # "-1,..." is a value, not an option
    (["--colour", "red"], "unrecognized arguments"),
]


def assert_one_line_error(status: int, out: str, err: str, fragment: str) -> None:
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    assert lines[0].startswith("softmax-lecture: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("args, fragment", BAD_ARGUMENTS, ids=repr)
def test_bad_arguments_in_process(tmp_path, capsys, monkeypatch, args, fragment):
    status, out, err = verify_in_process(args, capsys, monkeypatch, tmp_path)
    assert_one_line_error(status, out, err, fragment)


BAD_CONFIGS = [
    ("logits = [1, 2", "not valid TOML"),
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("logits = '2,1'\n", "must be a list"),
    ("logits = [1, nan]\n", "finite"),
    ("target = 9\n", "out of range"),
]


@pytest.mark.parametrize("text, fragment", BAD_CONFIGS, ids=repr)
def test_bad_lecture_toml_in_process(tmp_path, capsys, monkeypatch, text, fragment):
    (tmp_path / "lecture.toml").write_text(text, encoding="utf-8")
    status, out, err = verify_in_process([], capsys, monkeypatch, tmp_path)
    assert_one_line_error(status, out, err, fragment)


@pytest.mark.parametrize(
    "args, config, fragment",
    [
        (["--logits=nan,1"], None, "finite"),
        (["--logits=2,abc"], None, "'abc' is not a number"),
        (["--target", "fish"], None, "unknown target class"),
        ([], "logits = [1, 2", "not valid TOML"),
        (["--config", "missing.toml"], None, "does not exist"),
    ],
    ids=repr,
)
def test_bad_input_from_the_console_script(tmp_path, args, config, fragment):
    if config is not None:
        (tmp_path / "lecture.toml").write_text(config, encoding="utf-8")
    result = run([str(SCRIPT), "verify", *args], tmp_path)
    assert_one_line_error(result.returncode, result.stdout, result.stderr, fragment)


def test_configs_that_are_not_small_regular_files_are_refused_unread(tmp_path):
    # Read, /dev/zero never ends (a MemoryError), a FIFO waits for a writer forever and
    # a sparse terabyte cannot be held: each must be refused from its metadata alone.
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.toml"
    with open(huge, "wb") as handle:
        handle.truncate(2**40)  # sparse: takes no disk
    for config, fragment in [("/dev/zero", "not a regular file"),
                             (str(fifo), "not a regular file"),
                             (str(huge), "larger than 1,000,000 bytes")]:
        result = subprocess.run([str(SCRIPT), "verify", "--config", config], cwd=tmp_path,
                                capture_output=True, text=True, timeout=20)
        assert_one_line_error(result.returncode, result.stdout, result.stderr, fragment)


def test_a_config_of_exactly_the_limit_is_read_and_one_byte_more_refused(tmp_path, capsys,
                                                                         monkeypatch):
    logits = "logits = [1.0, 0.0]\n"
    text = logits + "#" + "x" * (1_000_000 - len(logits) - 2) + "\n"  # a long comment
    assert len(text.encode()) == 1_000_000
    (tmp_path / "lecture.toml").write_text(text, encoding="utf-8")
    status, out, err = verify_in_process(["--json"], capsys, monkeypatch, tmp_path)
    assert status == 0, err
    check_report(json.loads(out), [1.0, 0.0], 0, ["class 1", "class 2"])
    (tmp_path / "lecture.toml").write_text(text + "\n", encoding="utf-8")
    status, out, err = verify_in_process(["--json"], capsys, monkeypatch, tmp_path)
    assert_one_line_error(status, out, err, "larger than 1,000,000 bytes")


def test_missing_subcommand_is_a_usage_error(tmp_path):
    # The usage and the list of commands (tests/test_cli_args.py), then one error line.
    result = run([sys.executable, "-m", "pipeline"], tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("softmax-lecture: error: ")
    assert "required" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("logits", ["1e308,0", "0,-1e12,3"])
def test_huge_finite_logits_never_crash_the_command(tmp_path, logits):
    # Finite numbers the lecture cannot use: a result, or one line and exit 2.
    result = run([str(SCRIPT), "verify", f"--logits={logits}"], tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode in (0, 1, 2)
    if result.returncode == 2:
        assert len(result.stderr.splitlines()) == 1


# ---------------------------------------------------------------------------
# verify needs no Manim


def test_verify_does_not_import_manim(tmp_path):
    probe = (
        "import sys\n"
        "from pipeline.cli import main\n"
        "status = main(['verify', '--json'])\n"
        f"loaded = sorted(n for n in sys.modules if n.split('.')[0] in {DRAWING_PACKAGES!r})\n"
        "assert status == 0 and not loaded, (status, loaded)\n"
    )
    result = run([sys.executable, "-c", probe], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    # The real entry point, as imported: -X importtime lists every module loaded.
    timed = run([sys.executable, "-X", "importtime", "-m", "pipeline", "verify"], tmp_path)
    assert timed.returncode == 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in timed.stderr.splitlines()
                if line.startswith("import time:")]
    assert "mathcore.derivations" in imported  # the probe sees verify's imports
    assert [name for name in imported if name.split(".")[0] in DRAWING_PACKAGES] == []
