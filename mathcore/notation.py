r"""The lecture's notation: its sympy symbols, its LaTeX printer, its number format.

Every formula a scene shows is printed here from a sympy expression, with the
storyboard's notation (``z_m``, ``y_T``, ``\sum_k e^{z_k}``, ``1_{m=T}``).
Every number a scene shows goes through :func:`format_number`; in a formula,
through :func:`number_latex` (scientific notation typeset as
:math:`2.1 \times 10^{-12}`, never as ``2.1e-12``, which LaTeX sets as a
subtraction).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = [
    "A",
    "C",
    "K",
    "Shown",
    "T",
    "a",
    "c",
    "f",
    "g",
    "j",
    "k",
    "latex",
    "log_sum_exp",
    "m",
    "n",
    "s",
    "softmax_of",
    "format_number",
    "number_latex",
    "number_text",
    "split_formula",
    "escape_text",
    "text_latex",
    "t",
    "u",
    "v",
    "x",
    "y",
    "y_target",
    "z",
    "g_field",
]

# Class count, class indices and the target index (1-based, as in the lecture).
K = sp.Symbol("K", integer=True, positive=True)
k, j, m, n, T = sp.symbols("k j m n T", integer=True, positive=True)

# Vectors over the classes.
z = sp.IndexedBase("z", real=True)
y = sp.IndexedBase("y", positive=True)
t = sp.IndexedBase("t", nonnegative=True)
v = sp.IndexedBase("v", real=True)
g_field = sp.IndexedBase("g")

# Scalars: the cost, the log-partition function, u-substitution, constants of
# integration, a sigmoid neuron (pre-activation x, activation a, target y).
C = sp.Symbol("C")
A = sp.Symbol("A")
u = sp.Symbol("u", positive=True)
f, g, c = sp.symbols("f g c", real=True)
s = sp.Symbol("s", real=True)
x = sp.Symbol("z", real=True)
a = sp.Symbol("a", positive=True)
y_target = sp.Symbol("y", nonnegative=True)

_SUM_INDEX = sp.Dummy("i", integer=True, positive=True)


def log_sum_exp(index: sp.Symbol = k) -> sp.Expr:
    r""":math:`\log \sum_k e^{z_k}` as an unevaluated sympy expression."""
    return sp.log(sp.Sum(sp.exp(z[index]), (index, 1, K)))


def softmax_of(index: sp.Expr) -> sp.Expr:
    r""":math:`e^{z_i} / \sum_k e^{z_k}` for the class ``index``.

    The summation index is a dummy, so ``softmax_of(k)`` inside a sum over
    ``k`` keeps the two indices apart.
    """
    return sp.exp(z[index]) / sp.Sum(sp.exp(z[_SUM_INDEX]), (_SUM_INDEX, 1, K))


class LectureLatexPrinter(LatexPrinter):
    r"""sympy's LaTeX printer with the lecture's notation.

    ``z[k]`` prints as ``z_{k}``, a sum over all classes as ``\sum_{k}``,
    ``KroneckerDelta(m, T)`` as ``1_{m=T}``, derivatives as partials.
    """

    printmethod = "_lecture_latex"

    def __init__(self, settings: dict | None = None) -> None:
        merged = {"order": "none", "ln_notation": False}
        merged.update(settings or {})
        super().__init__(merged)

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        base = self._print(expr.base.label)
        indices = ",".join(self._print(index) for index in expr.indices)
        return f"{base}_{{{indices}}}"

    def _print_Sum(self, expr: sp.Sum) -> str:
        bounds = ""
        for index, lower, upper in expr.limits:
            if lower == 1 and upper == K:
                bounds += rf"\sum_{{{self._print(index)}}} "
            else:
                bounds += (
                    rf"\sum_{{{self._print(index)}={self._print(lower)}}}"
                    rf"^{{{self._print(upper)}}} "
                )
        function = expr.function
        body = self._print(function)
        if isinstance(function, sp.Add):
            body = rf"\left({body}\right)"
        return bounds + body

    def _print_KroneckerDelta(self, expr: sp.KroneckerDelta, exp: str | None = None) -> str:
        left, right = expr.args
        if T in (left, right):
            other = right if left == T else left
            text = rf"1_{{{self._print(other)}={self._print(T)}}}"
        else:
            text = rf"\delta_{{{self._print(left)}{self._print(right)}}}"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _print_log(self, expr: sp.log, exp: str | None = None) -> str:
        argument = expr.args[0]
        if isinstance(argument, (sp.Symbol, sp.Indexed, sp.Sum)):
            text = rf"\log {self._print(argument)}"
        else:
            text = rf"\log\left({self._print(argument)}\right)"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        variables = expr.variables
        order = len(variables)
        numerator = r"\partial" if order == 1 else rf"\partial^{{{order}}}"
        denominator = " ".join(rf"\partial {self._print(variable)}" for variable in variables)
        inner = expr.expr
        if isinstance(inner, (sp.Symbol, sp.Indexed)):
            return rf"\frac{{{numerator} {self._print(inner)}}}{{{denominator}}}"
        body = self._print(inner)
        if isinstance(inner, (sp.Add, sp.Mul)):
            body = rf"\left({body}\right)"
        return rf"\frac{{{numerator}}}{{{denominator}}} {body}"

    def _print_Integral(self, expr: sp.Integral) -> str:
        text = ""
        differentials = ""
        for limit in expr.limits:
            variable = self._print(limit[0])
            if len(limit) == 3:
                text += rf"\int_{{{self._print(limit[1])}}}^{{{self._print(limit[2])}}} "
            else:
                text += r"\int "
            differentials += rf"\, d{variable}"
        body = self._print(expr.function)
        if isinstance(expr.function, sp.Add):
            body = rf"\left({body}\right)"
        return text + body + differentials


_PRINTER = LectureLatexPrinter()


def latex(expr: sp.Basic | sp.Eq | tuple) -> str:
    """LaTeX of a sympy expression in the lecture's notation."""
    return _PRINTER.doprint(expr)


def format_number(value: float, digits: int = 3) -> str:
    """The one way the lecture writes a number: ``digits`` decimals.

    Values that would round to zero but are not zero are written in
    scientific notation (``2.1e-09``), so a tiny probability never reads as 0;
    so are values of a million or more (``4.852e+08``), which would otherwise
    run to hundreds of digits; a negative zero is written as ``0.000``.
    """
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot format the non-finite number {number!r}")
    if number != 0 and abs(number) < 0.5 * 10.0**-digits:
        return f"{number:.1e}"
    if abs(number) >= LARGE:
        return f"{number:.{digits}e}"
    text = f"{number:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


LARGE = 1e6

_SCIENTIFIC = re.compile(r"^(-?\d+(?:\.\d+)?)e([+-]?\d+)$")
_SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075"
                              "\u2076\u2077\u2078\u2079")


def _split_scientific(value: float | str) -> tuple[str, int | None]:
    """The printed mantissa and the power of ten (None when the number has none)."""
    text = value if isinstance(value, str) else format_number(value)
    match = _SCIENTIFIC.match(text.strip())
    if match is None:
        return text, None
    return match.group(1), int(match.group(2))


def number_latex(value: float | str) -> str:
    r"""A number for a formula: as :func:`format_number` prints it, set as a mathematician would.

    ``2.1e-12`` becomes ``2.1 \times 10^{-12}`` and ``4.852e+08`` becomes
    ``4.852 \times 10^{8}``; a number without an exponent is left as it is.
    ``value`` is a float (formatted first) or a string :func:`format_number` made.
    """
    mantissa, power = _split_scientific(value)
    if power is None:
        return mantissa
    return rf"{mantissa} \times 10^{{{power}}}"


def number_text(value: float | str) -> str:
    """A number for plain text (Pango): ``2.1e-12`` as ``2.1 × 10⁻¹²``, a minus sign as ``−``."""
    mantissa, power = _split_scientific(value)
    mantissa = mantissa.replace("-", "\u2212")
    if power is None:
        return mantissa
    return f"{mantissa} \u00d7 10{str(power).translate(_SUPERSCRIPTS)}"


@dataclass(frozen=True)
class Shown:
    """A number as the lecture shows it: the value and the text printed for it, made together.

    A bar is drawn from :attr:`value` and labelled with :attr:`latex`, so the
    label cannot say another number than the bar. Make one with
    :meth:`mathcore.example.WorkedExample.shown`, which prints with the
    example's formatter.
    """

    value: float
    text: str

    @property
    def latex(self) -> str:
        r"""The text as LaTeX, ``2.1e-12`` as :math:`2.1 \times 10^{-12}` (:func:`number_latex`)."""
        return number_latex(self.text)

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    # Characters a TeX font typesets as something else: in OT1 (Manim's MathTex)
    # < > | " print as ¡ ¿ — ”, ' ` as curly quotes, ^ ~ as raised accents.
    "^": r"\UseTextSymbol{T1}{\textasciicircum}",
    "~": r"\UseTextSymbol{T1}{\textasciitilde}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\UseTextSymbol{T1}{\textquotedbl}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    # The halves of the ligatures -- --- and ,, (T1's low quotes) kept apart;
    # << >> `` '' !` ?` are broken by the escapes above.
    "-": "-{}",
    ",": ",{}",
    # An optional argument's brackets or a star after \\ (a table row's end).
    "[": "{[}",
    "]": "{]}",
    "*": "{*}",
    # Latin-1 letters that OT1 lacks: taken from T1 (both encodings' fonts have it).
    "\u00d0": r"\UseTextSymbol{T1}{\DH}",
    "\u00de": r"\UseTextSymbol{T1}{\TH}",
    "\u00f0": r"\UseTextSymbol{T1}{\dh}",
    "\u00fe": r"\UseTextSymbol{T1}{\th}",
}


def escape_text(text: str) -> str:
    r"""Escape ``text`` so that LaTeX typesets it literally, character for character.

    ``\input{/etc/passwd}`` becomes ``\textbackslash{}input\{/etc/passwd\}``:
    LaTeX prints it and never runs it. No ligature forms either: ``a--b``,
    ``<<x>>`` and ````q''`` print as typed, in T1 (the handout) and in OT1
    (Manim's ``MathTex``). The result works in text mode and inside ``\text``.
    """
    return "".join(_LATEX_SPECIALS.get(character, character) for character in text)


def text_latex(text: str) -> str:
    r"""``\text{...}`` for use inside math, with ``text`` escaped."""
    return rf"\text{{{escape_text(text)}}}"


def _tokens(latex: str) -> list[str]:
    r"""LaTeX tokens: control words (``\frac``), control symbols (``\,``), characters."""
    tokens = []
    index = 0
    while index < len(latex):
        if latex[index] == "\\" and index + 1 < len(latex):
            end = index + 1
            if latex[end].isalpha():
                while end < len(latex) and latex[end].isalpha():
                    end += 1
            else:
                end += 1
            tokens.append(latex[index:end])
            index = end
        else:
            tokens.append(latex[index])
            index += 1
    return tokens


def split_formula(latex: str, terms: Sequence[str]) -> tuple[str, ...]:
    r"""Cut ``latex`` into pieces: each occurrence of a term, and the text between them.

    Joined with spaces the pieces typeset as ``latex`` does (Manim's ``MathTex``
    joins its arguments so), and a piece equal to a piece of another formula
    can be morphed into it. Terms match whole LaTeX tokens only (``a`` never
    matches inside ``\partial``); at each place the longest term wins. The
    text between terms is stripped of surrounding spaces; empty pieces are
    dropped.
    """
    source = _tokens(latex)
    patterns = sorted({tuple(_tokens(term)) for term in terms if term.strip()},
                      key=len, reverse=True)
    pieces: list[str] = []
    pending: list[str] = []
    index = 0
    while index < len(source):
        for pattern in patterns:
            if tuple(source[index:index + len(pattern)]) == pattern:
                pieces.append("".join(pending).strip())
                pieces.append("".join(pattern).strip())
                pending = []
                index += len(pattern)
                break
        else:
            pending.append(source[index])
            index += 1
    pieces.append("".join(pending).strip())
    return tuple(piece for piece in pieces if piece)
