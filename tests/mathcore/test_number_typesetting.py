"""Numbers in formulas: scientific notation typeset as 2.1 × 10⁻¹², never as 2.1e-12.

Each typeset form is read back into a number independently (mantissa times a
power of ten) and compared with the value format_number printed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mathcore.example import WorkedExample
from mathcore.notation import Shown, format_number, number_latex, number_text

LATEX = re.compile(r"^(-?\d+(?:\.\d+)?)(?: \\times 10\^\{(-?\d+)\})?$")
SUPERSCRIPT_DIGITS = dict(zip("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789", strict=True))
TEXT = re.compile(r"^(−?\d+(?:\.\d+)?)(?: × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?$")

numbers = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


def _read(mantissa: str, power: str | None) -> Decimal:
    return Decimal(mantissa).scaleb(int(power or 0))


@given(numbers)
def test_a_formula_number_reads_back_as_the_printed_number(value):
    printed = format_number(value)
    typeset = number_latex(value)
    match = LATEX.match(typeset)
    assert match, typeset
    assert "e" not in typeset.replace(r"\times", "")
    read = _read(match.group(1), match.group(2))
    assert read == Decimal(printed)
    # The same from the printed text, and a plain number stays as printed.
    assert number_latex(printed) == typeset
    if "e" not in printed:
        assert typeset == printed


@given(numbers)
def test_a_text_number_uses_superscripts(value):
    printed = format_number(value)
    match = TEXT.match(number_text(value))
    assert match, number_text(value)
    power = "".join(SUPERSCRIPT_DIGITS[char] for char in match.group(2) or "") or None
    assert _read(match.group(1).replace("−", "-"), power) == Decimal(printed)


def test_the_known_forms():
    # Written out by hand from the definition of scientific notation.
    assert number_latex(2.1e-12) == r"2.1 \times 10^{-12}"
    assert number_latex(-4.852e8) == r"-4.852 \times 10^{8}"
    assert number_text(2.1e-12) == "2.1 × 10⁻¹²"
    assert number_text(-2.259) == "−2.259"
    assert number_latex(0.659) == "0.659"


def test_a_bar_label_and_the_example_formulas_carry_no_e_notation():
    example = WorkedExample.build([-20.0, 20.0, 3.3], 0, ["a", "b", "c"])
    # p(a) = e^-40 / (...) ≈ 4e-18: printed in scientific notation.
    assert "e" in format_number(example.probabilities[0])
    assert Shown(example.probabilities[0], format_number(example.probabilities[0])).latex == \
        number_latex(example.probabilities[0])
    latex = example.latex
    strings = [*latex["probabilities"], latex["target_probability"], latex["cost_value"]]
    assert not [text for text in strings if re.search(r"\d\.?\d*e[+-]?\d", text)]
    assert r"\times 10^{" in latex["probabilities"][0]
