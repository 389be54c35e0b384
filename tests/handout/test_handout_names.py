"""Class names in the handout print exactly as typed: no ligatures, no swapped glyphs.

pdflatex with T1 fonts turns ``--`` into an en dash, ````q''`` into curly
quotes, ``<<`` into a guillemet, ``!``` into ``¡`` and ``,,`` into a low quote;
a name starting with ``[`` after a table row's ``\\`` would be read as its
optional argument. The PDF is read back with pdftotext.
"""

from __future__ import annotations

import json
import unicodedata

import pytest

from tests.handout.helpers import run_handout, text

NAMES = ["a--b", "c---d", "<<x>>", "``q''", "!`z ?`w", '"u" |v| ~^', "[x]* ,,y",
         "\u00d0\u00f3ra \u00de\u00f3rr"]
LOGITS = [0.5, -1.0, 2.0, 0.0, 1.0, -0.5, 1.5, 0.25]
TARGET = "<<x>>"


@pytest.fixture(scope="module")
def names_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    # A config file, as --classes would split ",,y" at its commas; JSON strings are TOML's.
    (folder / "lecture.toml").write_text(
        f"logits = {json.dumps(LOGITS)}\nclasses = [{', '.join(map(json.dumps, NAMES))}]\n"
        f"target = {json.dumps(TARGET)}\n", encoding="utf-8")
    run = run_handout([], folder)
    assert run.status == 0, run.stderr
    return run


def flat(run) -> str:
    """The PDF's text on one line; accents composed (pdftotext may give them apart)."""
    return unicodedata.normalize("NFC", " ".join(text(run.pdf).split()))


def test_class_names_print_literally_in_the_handout(names_run):
    page_text = flat(names_run)
    assert f"Worked example: 8 classes ({', '.join(NAMES)}), target {TARGET}" in page_text
    assert f"The worked example of these notes: 8 classes, target {TARGET}." in page_text


def test_class_names_print_literally_in_the_example_table(names_run):
    lines = [unicodedata.normalize("NFC", " ".join(line.split()))
             for line in text(names_run.pdf).splitlines()]
    for name in NAMES:
        label = name + (" (target T)" if name == TARGET else "")
        assert any(line.startswith(label + " ") for line in lines), name
