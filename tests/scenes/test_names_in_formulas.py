"""Class names inside formulas (chapter 3's ``T = <name>``) print exactly as typed.

Manim typesets a ``MathTex`` with its own template (OT1 fonts), where ``<``
prints as ``¡``, ``a--b`` as an en dash and ````q''`` as curly quotes. Each
formula is built by Manim itself (latex, then dvisvgm); then the very ``.tex``
file Manim wrote is compiled again with pdflatex and read back with pdftotext.
"""

from __future__ import annotations

import subprocess
import unicodedata

import pytest
from manim import MathTex, tempconfig

from mathcore.example import WorkedExample

# Names whose characters TeX would join into ligatures (-- --- `` '' !` ?` << >> ,,)
# or print as other glyphs (< > | " in OT1): one glyph per character when literal.
LIGATURES = ["a--b", "c---d", "<<x>>", "``q''", "!`z?`w", ",,v", '"u"|v',
             "<svg onload=alert(1)>"]
# LaTeX specials (but _, which OT1 draws as a rule: no text to read back), brackets,
# and Latin-1 letters, among them those OT1 lacks (Ð Þ ð þ).
OTHERS = ["\\input{x}", "50% $y$", "~^#&", "[x]*", "\u00d0\u00f3ra \u00de\u00f3rr",
          "\u00d1and\u00fa \u00df\u00f8\u00e6\u00ff \u00f0\u00fe"]


def target_formula(name: str) -> str:
    """Chapter 3's ``T = <name>`` for an example whose target is ``name``."""
    return WorkedExample.build([1.0, 0.0], 0, [name, "other"]).latex["target_is"]


def build(name: str, media) -> MathTex:
    with tempconfig({"media_dir": str(media)}):
        return MathTex(target_formula(name))


def printed(media, tmp_path) -> str:
    """pdftotext of the one ``.tex`` file Manim wrote under ``media``, compiled by pdflatex."""
    (source,) = media.rglob("*.tex")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                    "-no-shell-escape", f"-output-directory={tmp_path}", str(source)],
                   capture_output=True, check=True, timeout=120)
    pdf = tmp_path / (source.stem + ".pdf")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("name", LIGATURES + OTHERS)
def test_a_class_name_prints_literally_in_a_formula(name, tmp_path):
    media = tmp_path / "media"
    build(name, media)
    text = printed(media, tmp_path)
    # Accents come back as a letter and a combining accent.
    assert unicodedata.normalize("NFC", "".join(text.split())) == "T=" + "".join(name.split())


@pytest.mark.parametrize("name", LIGATURES)
def test_no_two_characters_of_a_name_become_one_glyph(name, tmp_path):
    formula = build(name, tmp_path / "media")
    glyphs = len(formula[0])
    assert glyphs == len("T=") + len(name.replace(" ", ""))
