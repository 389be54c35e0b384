"""Class names the lecture cannot typeset: refused up front, the same way by every subcommand.

A name must never pass ``verify`` and then fail in ``render`` or ``handout``
with a LaTeX error. Each run happens in ``tmp_path`` (no stray ``lecture.toml``)
with ``--output`` there too, so nothing may appear in it.
"""

from __future__ import annotations

import pytest

from pipeline.cli import main

SUBCOMMANDS = ("verify", "render", "slides", "handout")
REFUSED = {
    # cat, dog, bird in Chinese, as an emoji and in Hebrew: the example.
    "\u732b,\U0001f436,\u05e2\u05d5\u05e3": "class name '\u732b' has a character the lecture "
    "cannot typeset (U+732B); use Latin letters, digits and punctuation",
    "cat,\U0001f436,bird": "class name '\U0001f436' has a character the lecture cannot "
    "typeset (U+1F436); use Latin letters, digits and punctuation",
    "cat,dog,bird\u2019s": "class name 'bird\u2019s' has a character the lecture cannot "
    "typeset (U+2019); use Latin letters, digits and punctuation",
}


def run(subcommand: str, args: list[str], capsys, monkeypatch, cwd) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    options = ["--output", str(cwd / "media")] if subcommand != "verify" else []
    status = main([subcommand, *args, *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
@pytest.mark.parametrize("classes", REFUSED)
def test_a_name_latex_cannot_typeset_is_refused_by_every_subcommand(
        subcommand, classes, tmp_path, capsys, monkeypatch):
    status, out, err = run(subcommand, ["--classes", classes], capsys, monkeypatch, tmp_path)
    assert status == 2
    assert err.splitlines() == [f"softmax-lecture: error: {REFUSED[classes]}"]
    assert out == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_the_same_refusal_for_names_from_lecture_toml(subcommand, tmp_path, capsys,
                                                      monkeypatch):
    config = tmp_path / "lecture.toml"
    config.write_text('classes = ["cat", "dog", "\u732b"]\n', encoding="utf-8")
    status, out, err = run(subcommand, [], capsys, monkeypatch, tmp_path)
    assert status == 2
    assert err.splitlines() == ["softmax-lecture: error: class name '\u732b' has a character "
                                "the lecture cannot typeset (U+732B); use Latin letters, "
                                "digits and punctuation"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["lecture.toml"]


def test_latin_letters_with_accents_are_accepted(tmp_path, capsys, monkeypatch):
    status, out, err = run("verify", ["--classes", "Jos\u00e9,\u00d0\u00f3ra,\u00de\u00f3rr",
                                      "--target", "\u00de\u00f3rr"],
                           capsys, monkeypatch, tmp_path)
    assert status == 0, err
    assert "\u00de\u00f3rr" in out
