r"""The handout's LaTeX: one section per chapter, numbers and formulas from mathcore.

:func:`render_document` writes the whole document as a string. Formulas are
mathcore's LaTeX (printed from its sympy expressions); numbers go through the
worked example's one formatter; class names, titles and justifications are
text, escaped with :func:`mathcore.notation.escape_text` so that
``\input{/etc/passwd}`` or ``50%_off`` print literally and never run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mathcore.derivations import (
    NUMERIC_POINTS,
    NUMERIC_TOLERANCE,
    Derivation,
    DerivationResult,
    Step,
    StepResult,
)
from mathcore.example import FINITE_DIFFERENCE_STEP, WorkedExample, formulas
from mathcore.notation import escape_text
from mathcore.outline import CHAPTERS, Chapter

from .figures import Figure

__all__ = ["PREAMBLE", "Proof", "render_document", "tex_number"]

PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\usepackage[sc]{mathpazo}
\usepackage[scaled=0.92]{helvet}
\renewcommand{\ttdefault}{txtt}
\linespread{1.05}
\usepackage[a4paper,margin=2.5cm,headheight=14pt]{geometry}
\usepackage{amsmath,amssymb,mathtools}
\usepackage{microtype}
\usepackage{booktabs}
\usepackage{graphicx}
\usepackage{adjustbox}
\usepackage{xcolor}
\usepackage{caption}
\usepackage{enumitem}
\usepackage[section]{placeins}
\usepackage{fancyhdr}
\usepackage{lastpage}
\usepackage[hidelinks]{hyperref}
\hypersetup{pdftitle={Removing the magic: where -log y\textunderscore T comes from},
  pdfsubject={Lecture notes: the negative log-likelihood and the softmax}}
\numberwithin{equation}{section}
\allowdisplaybreaks[2]
\captionsetup{font=small,labelfont=bf,skip=6pt}
\setlist{itemsep=2pt,topsep=4pt}
\definecolor{verified}{rgb}{0.10,0.42,0.20}
\definecolor{failed}{rgb}{0.75,0.10,0.10}
\definecolor{muted}{gray}{0.38}
\setlength{\parskip}{0.35\baselineskip}
\setlength{\parindent}{0pt}
% Long class names cannot be hyphenated: let such lines stretch instead.
\setlength{\emergencystretch}{3em}
% A derivation step's reason, and how mathcore proved it.
\newcommand{\stepnote}[2]{{\small\itshape #1}\nobreak\hfill\nobreak\hspace{1em}{\small #2}}
\newcommand{\verified}[1]{\textcolor{verified}{$\checkmark$\,\textsf{#1}}}
\newcommand{\notproven}{\textcolor{failed}{$\times$\,\textsf{not proven}}}
% Where a figure goes when the lecture has not been rendered for this example.
\newcommand{\figureplaceholder}[2]{\fbox{\parbox[c][\dimexpr 0.405\linewidth-2\fboxsep-2\fboxrule]%
  [c]{\dimexpr 0.72\linewidth-2\fboxsep-2\fboxrule}{\centering
  {\large\textsf{Figure: #1}}\\[6pt]{\small\textcolor{muted}{Not included: #2.}}\\[2pt]%
  {\small\textcolor{muted}{Run \texttt{softmax-lecture handout -{}-figures} to render it.}}}}}
\pagestyle{fancy}
\fancyhf{}
\fancyhead[L]{\small\textcolor{muted}{Removing the magic: lecture notes}}
\fancyhead[R]{\small\textcolor{muted}{\nouppercase{\leftmark}}}
\fancyfoot[C]{\small Page \thepage\ of \pageref*{LastPage}}
\fancypagestyle{plain}{\fancyhf{}\renewcommand{\headrulewidth}{0pt}%
  \fancyfoot[C]{\small Page \thepage\ of \pageref*{LastPage}}}
"""

# A displayed equation wider than this many (estimated) characters is broken
# after its left-hand side.
DISPLAY_CHARACTERS = 62
TRAINING_STEPS_SHOWN = (0, 1, 2, 3, 5, 10, 20, 30)


@dataclass(frozen=True)
class Proof:
    """A derivation and the result of proving it while the notes are made."""

    derivation: Derivation
    result: DerivationResult


def tex_number(example: WorkedExample, value: float) -> str:
    r"""A number for math mode, written by the lecture's formatter.

    Scientific notation (``2.1e-12``, or a value too long to set in a table
    column) is typeset as :math:`2.1 \times 10^{-12}`.
    """
    text = example.fmt(value)
    if "e" not in text and len(text) > 12:
        text = f"{float(value):.3e}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return text


# A word with a subscript or superscript in mathcore's plain-text prose: y_T,
# e^{z_k}, 1_{m=T}, sum_k, R^K. Only letters, digits, = + - inside the braces,
# so what is set as math can hold no command.
_SCRIPTED = re.compile(
    r"(?<![A-Za-z0-9\\])([A-Za-z0-9]+)"
    r"(?:_(\{[A-Za-z0-9_=+\-]*\}|[A-Za-z0-9]))?"
    r"(?:\^(\{[A-Za-z0-9_=+\-]*\}|[A-Za-z0-9]))?"
)
_SCRIPTED_BASES = {"sum": r"\sum", "R": r"\mathbb{R}"}


def _prose(text: str) -> str:
    """Plain-text prose from mathcore, escaped, with ``y_T``-like words set as math."""
    pieces = []
    position = 0
    for match in _SCRIPTED.finditer(text):
        base, subscript, superscript = match.groups()
        if subscript is None and superscript is None:
            continue
        pieces.append(escape_text(text[position:match.start()]))
        math_text = _SCRIPTED_BASES.get(base, base)
        if subscript is not None:
            math_text += f"_{subscript}"
        if superscript is not None:
            math_text += f"^{superscript}"
        pieces.append(f"${math_text}$")
        position = match.end()
    pieces.append(escape_text(text[position:]))
    return "".join(pieces)


def _valued(example: WorkedExample, latex: str, value: float) -> str:
    """One of mathcore's ``lhs = value`` strings, its value typeset by :func:`tex_number`."""
    left, _ = latex.rsplit(" = ", 1)
    return f"{left} = {tex_number(example, value)}"


def _names(example: WorkedExample) -> str:
    return ", ".join(escape_text(name) for name in example.classes)


def _display_width(latex: str) -> int:
    """Rough printed width of a formula in characters (over-estimates fractions)."""
    text = latex
    for command in (r"\left", r"\right", r"\,", r"\quad"):
        text = text.replace(command, "")
    width = 0
    index = 0
    while index < len(text):
        character = text[index]
        if character == "\\":
            index += 1
            while index < len(text) and text[index].isalpha():
                index += 1
            width += 1
            continue
        if character not in "{}_^ ":
            width += 1
        index += 1
    return width


def _equation(latex: str, label: str = "") -> str:
    tag = rf"\label{{{label}}}" if label else ""
    return f"\\begin{{equation}}{tag}\n{latex}\n\\end{{equation}}\n"


# ----------------------------------------------------------------------
# Derivations.


def _method(method: str) -> str:
    if method in ("symbolic", "numeric"):
        return rf"\verified{{{method}}}"
    return r"\notproven"


def _chains(proof: Proof) -> list[list[tuple[Step, StepResult]]]:
    """Consecutive steps that continue one equation (``chained``), grouped."""
    chains: list[list[tuple[Step, StepResult]]] = []
    for step, outcome in zip(proof.derivation.steps, proof.result.steps, strict=True):
        if step.chained and chains:
            chains[-1].append((step, outcome))
        else:
            chains.append([(step, outcome)])
    return chains


def _derivation(proof: Proof) -> str:
    """A derivation as displays, each step followed by its reason and its proof."""
    result = proof.result
    methods = [step.method for step in result.steps]
    sizes = ", ".join(str(size) for size in result.classes)
    counts = (f"{methods.count('symbolic')} symbolically, {methods.count('numeric')} "
              f"numerically")
    failed = len(methods) - methods.count("symbolic") - methods.count("numeric")
    if failed:
        counts += rf", \textcolor{{failed}}{{{failed} not proven}}"
    lines = [
        rf"\subsection*{{Derivation: {_prose(proof.derivation.title)}}}",
        rf"{{\small\textcolor{{muted}}{{Each step proven by mathcore for $K = {sizes}$ "
        rf"while these notes were made: {counts}.}}}}",
    ]
    for chain in _chains(proof):
        first = chain[0][0]
        long = any(
            _display_width(step.rhs_latex) + _display_width(first.lhs_latex) > DISPLAY_CHARACTERS
            for step, _ in chain
        )
        rows = []
        notes = []
        for position, (step, outcome) in enumerate(chain):
            if long:
                row = rf"&\qquad= {step.rhs_latex}"
                if position == 0:
                    row = rf"&\mathrlap{{{step.lhs_latex}}}\notag\\" + "\n" + row
            elif position == 0:
                row = rf"{step.lhs_latex} &= {step.rhs_latex}"
            else:
                row = rf"&= {step.rhs_latex}"
            rows.append(row)
            notes.append(rf"\stepnote{{{_prose(step.justification)}}}{{{_method(outcome.method)}}}")
        body = []
        for row, note in zip(rows[:-1], notes[:-1], strict=True):
            body.append(row + r"\\")
            body.append(rf"\intertext{{{note}}}")
        body.append(rows[-1])
        lines.append("\\begin{align}\n" + "\n".join(body) + "\n\\end{align}")
        lines.append(notes[-1])
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------
# Figures and tables.


def _figure(figure: Figure, assets: dict[str, Path]) -> str:
    chapter = figure.chapter
    title = escape_text(chapter.title)
    if figure.poster is not None:
        name = f"figures/{chapter.stem}.png"
        assets[name] = figure.poster
        body = (rf"\includegraphics[width=0.72\linewidth,height=0.405\linewidth,"
                rf"keepaspectratio]{{{name}}}")
        caption = rf"Chapter {chapter.number}, {title}: the lecture's poster frame."
    else:
        reason = escape_text(figure.reason)
        body = rf"\figureplaceholder{{Chapter {chapter.number}, {title}}}{{{reason}}}"
        caption = rf"Chapter {chapter.number}, {title}: where the lecture's poster frame goes."
    return (f"\\begin{{figure}}[!htb]\n\\centering\n{body}\n\\caption{{{caption}}}"
            f"\\label{{fig:ch{chapter.number}}}\n\\end{{figure}}\n")


def _exponentials_header(example: WorkedExample) -> str:
    """e^{z_k}, or e^{z_k - max z} where mathcore scaled them to avoid overflow."""
    peak = max(example.logits)
    index = example.logits.index(peak)
    try:
        scaled = not math.isclose(float(example.exponentials[index]), math.exp(peak))
    except OverflowError:
        scaled = True
    return r"$e^{z_k - \max z}$" if scaled else r"$e^{z_k}$"


def _example_table(example: WorkedExample) -> str:
    def number(value: float) -> str:
        return f"${tex_number(example, value)}$"

    rows = []
    for index, name in enumerate(example.classes):
        label = escape_text(name)
        if index == example.target:
            label = rf"\textbf{{{label}}} (target $T$)"
        cells = [
            label,
            number(example.logits[index]),
            number(example.exponentials[index]),
            number(example.probabilities[index]),
            number(example.one_hot[index]),
            number(example.gradient[index]),
            number(example.finite_difference[index]),
        ]
        rows.append(" & ".join(cells) + r" \\")
    total = (rf"sum & & {number(example.partition)} & "
             rf"{number(float(sum(example.probabilities)))} & "
             rf"{number(float(sum(example.one_hot)))} & & \\")
    check = example.check("gradient_matches_finite_differences")
    verdict = "within" if check.passed else r"\textcolor{failed}{outside}"
    return rf"""\begin{{table}}[!htb]
\centering\small
\caption{{The worked example of these notes: {example.n_classes} classes, target
\emph{{{escape_text(example.target_name)}}}.
Cost $C = -\log y_T = {tex_number(example, example.cost)}$. The last column holds central
differences $\Delta_k$ of $C$ with step
$h = {tex_number(example, FINITE_DIFFERENCE_STEP)}$; their largest distance from $y_k - t_k$ is
${tex_number(example, example.finite_difference_error)}$, {verdict} mathcore's tolerance.}}
\label{{tab:example}}
\begin{{adjustbox}}{{max width=\linewidth}}\begin{{tabular}}{{@{{}}lrrrrrr@{{}}}}
\toprule
class $k$ & logit $z_k$ & {_exponentials_header(example)} & probability $y_k$ & target $t_k$
  & gradient $y_k - t_k$ & $\Delta_k$ \\
\midrule
{chr(10).join(rows)}
\midrule
{total}
\bottomrule
\end{{tabular}}\end{{adjustbox}}
\end{{table}}
"""


def _training_table(example: WorkedExample) -> str:
    trajectory = example.trajectory
    steps = [step for step in TRAINING_STEPS_SHOWN if step < len(trajectory.costs)]
    rows = "\n".join(
        rf"{step} & ${tex_number(example, trajectory.probabilities[step][example.target])}$ & "
        rf"${tex_number(example, trajectory.costs[step])}$ \\"
        for step in steps
    )
    return rf"""\begin{{table}}[!htb]
\centering\small
\caption{{Gradient descent on the worked example's logits with
${tex_number(example, trajectory.rate)}$ as learning rate: the probability of the target rises,
the cost falls at every step.}}
\label{{tab:training}}
\begin{{tabular}}{{@{{}}rrr@{{}}}}
\toprule
step & $y_T$ & $C$ \\
\midrule
{rows}
\bottomrule
\end{{tabular}}
\end{{table}}
"""


def _checks_table(example: WorkedExample) -> str:
    rows = []
    for check in example.checks:
        mark = r"\verified{pass}" if check.passed else r"\textcolor{failed}{\textsf{FAIL}}"
        rows.append(rf"{_prose(check.description)} & ${tex_number(example, check.max_error)}$ & "
                    rf"${tex_number(example, check.tolerance)}$ & {mark} \\")
    # Not a float (it belongs to the summary, not the exercises' page); the minipage
    # keeps the caption with the table.
    return rf"""\begin{{center}}\begin{{minipage}}{{\linewidth}}\centering\small
\captionsetup{{hypcap=false}}%
\captionof{{table}}{{mathcore's checks of the worked example, each against an independent
computation.}}\label{{tab:checks}}
\begin{{tabular}}{{@{{}}lrrl@{{}}}}
\toprule
check & error & tolerance & \\
\midrule
{chr(10).join(rows)}
\bottomrule
\end{{tabular}}
\end{{minipage}}\end{{center}}
"""


# ----------------------------------------------------------------------
# The chapters.


def _section(chapter: Chapter) -> str:
    return rf"\section{{{escape_text(chapter.title)}}}\label{{sec:ch{chapter.number}}}" + "\n"


def _vector(example: WorkedExample, values: Sequence[float]) -> str:
    """``(v_1, v_2, ...)`` in running text: a line may break after any comma."""
    return "(" + r",\allowbreak ".join(tex_number(example, value) for value in values) + ")"


def _chapter_question(example: WorkedExample) -> str:
    F = formulas()
    roadmap = "\n".join(
        rf"\item[{chapter.number}.] {escape_text(chapter.title)} \hfill "
        rf"\textcolor{{muted}}{{p.\,\pageref*{{sec:ch{chapter.number}}}}}"
        for chapter in CHAPTERS[1:]
    )
    logits, probabilities = F["logits_symbol"], F["probabilities_symbol"]
    return rf"""A classifier's last layer produces one number per class, the \emph{{logits}}
${logits}$. The softmax turns them into probabilities ${probabilities}$, and
the cost of a prediction is the negative log of the probability given to the correct class $T$:
\begin{{equation*}}
{logits} \xrightarrow{{\ \text{{softmax}}\ }} {probabilities}
\xrightarrow{{\ {F['neg_log']}_{{T}}\ }} C .
\end{{equation*}}
Differentiate this cost with respect to the logits and everything collapses into
{_equation(F['gradient_formula'], 'eq:gradient')}
the probability minus the target. Why so simple? These notes take the identity apart, then run
it backwards: starting from \eqref{{eq:gradient}} as a requirement, they integrate it and
recover the cost, so that $-\log y_T$ is derived rather than handed down.

\paragraph{{Roadmap.}}
\begin{{itemize}}[leftmargin=2.2em]
{roadmap}
\end{{itemize}}
"""


def _chapter_probabilities(example: WorkedExample) -> str:
    F = formulas()
    L = example.latex
    partition = _valued(example, L["partition_value"], example.partition)
    total = _valued(example, L["probabilities_sum_value"], float(sum(example.probabilities)))
    return rf"""Take the worked example of these notes (Table~\ref{{tab:example}}): the classes
{_names(example)} with logits $z = {_vector(example, example.logits)}$. Each logit is
exponentiated, which makes it positive and accentuates the largest; their sum is
${partition}$. Dividing each by the sum gives the probabilities
{_equation(F['softmax'], 'eq:softmax')}
here $y = {_vector(example, example.probabilities)}$, and ${total}$.

\paragraph{{Shift invariance.}} Adding the same constant $c$ to every logit multiplies every
$e^{{z_k}}$ and their sum by $e^{{c}}$, so the probabilities do not move:
${F['shift_invariance']}$. With ${L['shift']}$ the logits become
${_vector(example, example.shifted_logits)}$ and the probabilities are again
${_vector(example, example.shifted_probabilities)}$. This is why a constant of integration
appears in Section~\ref{{sec:ch5}}.

{_example_table(example)}"""


def _chapter_cost(example: WorkedExample) -> str:
    F = formulas()
    L = example.latex
    target = example.probabilities[example.target]
    target_probability = _valued(example, L["target_probability"], target)
    cost = _valued(example, L["cost_value"], example.cost)
    return rf"""The target is encoded one-hot, ${F['one_hot_formula']}$: here ${L['target_is']}$ and
$t = {_vector(example, example.one_hot)}$. The cost is the negative log-likelihood of the target,
{_equation(F['cost'], 'eq:cost')}
In the worked example ${target_probability}$, so ${cost}$. The curve
${F['neg_log']}$ on $(0, 1]$ is zero at $y = 1$ and grows without bound as $y \to 0$: a confident
wrong prediction costs a lot, a confident right one almost nothing.

Writing $y_T$ out with the softmax \eqref{{eq:softmax}} and taking the log of the quotient
turns the cost into
{_equation(F['cost_rewritten'], 'eq:cost-rewritten')}
The first steps of the derivation in Section~\ref{{sec:ch4}} make this rewrite one step at a
time.
"""


def _chapter_gradient(example: WorkedExample, proof: Proof) -> str:
    error = _valued(example, example.latex["finite_difference_error"],
                    example.finite_difference_error)
    return rf"""Differentiate \eqref{{eq:cost-rewritten}} term by term. The derivative of the
log of the sum is the softmax itself, and $z_T$ moves with $z_m$ only when $m = T$. Each step
below is printed from the sympy expressions that mathcore proved: sympy reduced
$\text{{lhs}} - \text{{rhs}}$ to zero (\verified{{symbolic}}) or, where it could not, the two
sides agreed to ${tex_number(example, NUMERIC_TOLERANCE)}$ at {NUMERIC_POINTS} random points
(\verified{{numeric}}).
{_derivation(proof)}
\paragraph{{Numerically.}} Central differences of the cost agree with $y - t$: in the worked
example ${error}$ (Table~\ref{{tab:example}}, last two columns).
"""


def _chapter_backwards(example: WorkedExample, proof: Proof) -> str:
    L = example.latex
    slice_ = example.slice
    name = escape_text(example.classes[slice_.index])
    area = _valued(example, L["slice_area"], slice_.area)
    rise = _valued(example, L["slice_rise"], slice_.rise)
    return rf"""Now run the argument backwards. Start from the requirement
\eqref{{eq:gradient}} and integrate it over $z_m$. The softmax term is $du/u$ with
$u = \sum_k e^{{z_k}}$; the one-hot term integrates to $z_T$. What is left over holds no $z_m$,
for every $m$, so it is a constant.
{_derivation(proof)}
\paragraph{{A one-dimensional slice.}} Hold every logit but $z_m$ fixed, with $m$ the class
\emph{{{name}}}, and let $z_m$ run from $a = {tex_number(example, slice_.start)}$ to
$b = {tex_number(example, slice_.end)}$. The area under $y_m - t_m$ is the rise of the cost:
\begin{{equation*}}
{area}, \qquad {rise}.
\end{{equation*}}
"""


def _chapter_potential(example: WorkedExample, proof: Proof) -> str:
    integrals = example.path_integrals
    rise = _valued(example, example.latex["cost_rise"], example.cost_rise)
    return rf"""Integrating one coordinate at a time and adding up the pieces presumes that
$g = y - t$ is the gradient of some function. It is, because its Jacobian is symmetric.
{_derivation(proof)}
\paragraph{{Two paths.}} From $0$ to the worked example's $z$, along the straight line and
along one coordinate at a time, the line integrals of $g$ are
${tex_number(example, integrals['straight'])}$ and
${tex_number(example, integrals['coordinatewise'])}$: both equal ${rise}$.
"""


def _chapter_sigmoid(example: WorkedExample, proof: Proof) -> str:
    return rf"""Michael Nielsen derives the cross-entropy for a single sigmoid neuron the same
way: its activation is $a = \sigma(z)$, its target $y$, and the requirement is
$\partial C / \partial z = a - y$. Dividing by the sigmoid's slope and integrating in $a$
gives the cross-entropy; a two-class softmax is a sigmoid of $z_1 - z_2$, so
Section~\ref{{sec:ch5}} contains this result.
{_derivation(proof)}"""


def _chapter_deeper(example: WorkedExample, proof: Proof) -> str:
    F = formulas()
    return rf"""The deeper reason is the log-partition function ${F['log_partition']}$. Its
gradient is the softmax and its Hessian is positive semi-definite, so the cost $A(z) - t^\top z$
is convex and its gradient is $y - t$ for any target distribution $t$, soft labels included. The
same pattern pairs the sigmoid with the cross-entropy and a linear output with the squared
error: the ``magic'' is the pairing of a cost with its canonical output function.
{_derivation(proof)}"""


def _chapter_training(example: WorkedExample) -> str:
    F = formulas()
    trajectory = example.trajectory
    steps = len(trajectory.costs) - 1
    return rf"""Gradient descent on the logits follows the gradient downhill,
{_equation(F['update'], 'eq:update')}
With ${example.latex['descent_rate']}$ and {steps} steps from the worked example, the
probability of the target climbs towards one and the cost falls from
${tex_number(example, trajectory.costs[0])}$ to ${tex_number(example, trajectory.costs[-1])}$
(Table~\ref{{tab:training}}).

{_training_table(example)}"""


def _summary_rows(proofs: Sequence[Proof]) -> list[tuple[str, int]]:
    """The chain of identities, each with the chapter it came from."""
    F = formulas()
    rows = [(F["softmax"], 2), (F["cost_rewritten"], 3), (F["gradient_formula"], 4)]
    for proof in proofs:
        steps = [step for step in proof.derivation.steps if not step.chained]
        chosen = {
            "reverse": [step for step in steps if step.lhs_latex == "C"],
            "potential": [step for step in steps if step.rhs_latex == "0"],
            "sigmoid": [step for step in steps if step.relation == "antiderivative"],
            "canonical": steps[:2],
        }.get(proof.derivation.name, [])
        rows.extend((step.latex, proof.derivation.chapter) for step in chosen)
    rows.append((F["update"], 9))
    return sorted(rows, key=lambda row: row[1])


def _split_relation(latex: str) -> tuple[str, str]:
    """``lhs = rhs`` as ``(lhs, "= rhs")`` at its first top-level relation, for alignment."""
    depth = 0
    for index, character in enumerate(latex):
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth == 0:
            for relation in (" = ", r" \leftarrow "):
                if latex.startswith(relation, index):
                    return latex[:index], latex[index + 1:]
    return "", latex


def _chapter_summary(example: WorkedExample, proofs: Sequence[Proof]) -> str:
    rows = []
    for latex, chapter in _summary_rows(proofs):
        left, right = _split_relation(latex)
        rows.append(rf"{left} &{right} && \text{{Section~\ref{{sec:ch{chapter}}}}}")
    body = "\\\\[3pt]\n".join(rows)
    return rf"""The chain of identities, each with the section it came from:
\begin{{align*}}
{body}
\end{{align*}}
Every number in these notes was checked by mathcore when the notes were made
(Table~\ref{{tab:checks}}); \texttt{{softmax-lecture verify}} prints the same numbers.
{_checks_table(example)}"""


# ----------------------------------------------------------------------
# Exercises and their answers.


def _exercises(exercise: WorkedExample, seed: int) -> str:
    names = ", ".join(rf"\emph{{{escape_text(name)}}}" for name in exercise.classes)
    logit_rows = " & ".join(escape_text(name) for name in exercise.classes)
    logit_values = " & ".join(f"${tex_number(exercise, value)}$" for value in exercise.logits)
    columns = "l" + "r" * exercise.n_classes
    rate = tex_number(exercise, exercise.trajectory.rate)
    shift = tex_number(exercise, exercise.shift)
    return rf"""\section*{{Exercises}}\markboth{{Exercises}}{{Exercises}}
\addcontentsline{{toc}}{{section}}{{Exercises}}
A classifier with $K = {exercise.n_classes}$ classes, {names}, gives the logits below; the
correct class is $T = $ \emph{{{escape_text(exercise.target_name)}}}. Work to three decimals; the
answers are on page~\pageref*{{answers}}. (Exercise sheet {seed}.)
\begin{{center}}\small
\begin{{tabular}}{{@{{}}{columns}@{{}}}}
\toprule
class & {logit_rows} \\
\midrule
logit $z_k$ & {logit_values} \\
\bottomrule
\end{{tabular}}
\end{{center}}
\begin{{enumerate}}[label=\arabic*.]
\item Compute the exponentials $e^{{z_k}}$ and their sum $\sum_k e^{{z_k}}$.
\item Compute the probabilities $y_k$ with \eqref{{eq:softmax}} and check that they sum to one.
\item Compute the cost $C = -\log y_T$, once from $y_T$ and once as
  $\log \sum_k e^{{z_k}} - z_T$ \eqref{{eq:cost-rewritten}}.
\item Compute the gradient $y_k - t_k$. Which logits does a step of gradient descent raise,
  and which does it lower?
\item Take one step of gradient descent \eqref{{eq:update}} with $\eta = {rate}$: compute the
  new logits, the new probability of the target and the new cost.
\item Add $c = {shift}$ to every logit. Which of your answers to 1--4 change, and how?
\end{{enumerate}}
"""


def _answers(exercise: WorkedExample) -> str:
    def number(value: float) -> str:
        return f"${tex_number(exercise, value)}$"

    after = exercise.trajectory.logits[1]
    rows = []
    for index, name in enumerate(exercise.classes):
        label = escape_text(name) + (" ($T$)" if index == exercise.target else "")
        rows.append(" & ".join([
            label, number(exercise.logits[index]), number(exercise.exponentials[index]),
            number(exercise.probabilities[index]), number(exercise.one_hot[index]),
            number(exercise.gradient[index]), number(after[index]),
        ]) + r" \\")
    target = exercise.target
    raised = ", ".join(escape_text(name) for index, name in enumerate(exercise.classes)
                       if exercise.gradient[index] < 0)
    lowered = ", ".join(escape_text(name) for index, name in enumerate(exercise.classes)
                        if exercise.gradient[index] > 0)
    new_probability = exercise.trajectory.probabilities[1][target]
    new_cost = exercise.trajectory.costs[1]
    verdict = "lower" if new_cost < exercise.cost else "not lower"
    target_logit = tex_number(exercise, exercise.logits[target])
    if exercise.logits[target] < 0:
        target_logit = rf"\left({target_logit}\right)"
    return rf"""\clearpage
\section*{{Answers to the exercises}}\label{{answers}}\markboth{{Answers}}{{Answers}}
\addcontentsline{{toc}}{{section}}{{Answers to the exercises}}
\begin{{center}}\small
\begin{{adjustbox}}{{max width=\linewidth}}\begin{{tabular}}{{@{{}}lrrrrrr@{{}}}}
\toprule
class $k$ & $z_k$ & $e^{{z_k}}$ & $y_k$ & $t_k$ & $y_k - t_k$ & $z_k$ after one step \\
\midrule
{chr(10).join(rows)}
\midrule
sum & & {number(exercise.partition)} & {number(float(sum(exercise.probabilities)))} & & & \\
\bottomrule
\end{{tabular}}\end{{adjustbox}}
\end{{center}}
\begin{{enumerate}}[label=\arabic*.]
\item $\sum_k e^{{z_k}} = {tex_number(exercise, exercise.partition)}$.
\item $y = {_vector(exercise, exercise.probabilities)}$, with
  $\sum_k y_k = {tex_number(exercise, float(sum(exercise.probabilities)))}$.
\item $C = -\log y_T = {tex_number(exercise, exercise.cost)}$, and
  $\log \sum_k e^{{z_k}} - z_T = {tex_number(exercise, exercise.log_partition)}
  - {target_logit} = {tex_number(exercise, exercise.cost)}$.
\item $y - t = {_vector(exercise, exercise.gradient)}$. The step raises the logit of
  {raised or "no class"} (negative gradient) and lowers those of {lowered or "no class"}.
\item New logits $z = {_vector(exercise, after)}$; the target's probability becomes
  ${tex_number(exercise, new_probability)}$ and the cost
  ${tex_number(exercise, new_cost)}$, {verdict} than ${tex_number(exercise, exercise.cost)}$.
\item Every $e^{{z_k}}$ and their sum are multiplied by
  $e^{{{tex_number(exercise, exercise.shift)}}} = {tex_number(exercise, math.exp(exercise.shift))}$;
  the probabilities, the cost and the gradient do not change (Section~\ref{{sec:ch2}}).
\end{{enumerate}}
"""


# ----------------------------------------------------------------------
# The whole document.


def _introduction(example: WorkedExample) -> str:
    return r"""\begin{abstract}\noindent
Why does the negative log-likelihood cost go together with a softmax output layer? Read the
softmax outputs as probabilities and it is natural to make the correct class likely, that is,
to minimise $-\log y_T$. Then the gradient with respect to the logits comes out as
$y_m - t_m$, so simple that it looks like magic. These notes remove the magic. They derive the
gradient from the cost, and then the other way round: they take $y_m - t_m$ as a requirement,
integrate it, and arrive at $-\log y_T$ up to a constant. Along the way they show why
integrating one coordinate at a time is allowed, how the same trick gives Nielsen's
cross-entropy for a sigmoid neuron, and what the deeper reason is. Every number is computed
and every formula is proven by the lecture's \texttt{mathcore} package as the notes are made.
\end{abstract}
"""


def render_document(
    example: WorkedExample,
    proofs: Sequence[Proof],
    figures: Sequence[Figure],
    exercise: WorkedExample,
    exercise_seed: int,
) -> tuple[str, dict[str, Path]]:
    """The handout as LaTeX, and the files it includes (by the name it uses for them)."""
    assets: dict[str, Path] = {}
    by_chapter = {proof.derivation.chapter: proof for proof in proofs}
    figure_of = {figure.chapter.number: figure for figure in figures}
    bodies = {
        1: _chapter_question(example),
        2: _chapter_probabilities(example),
        3: _chapter_cost(example),
        4: _chapter_gradient(example, by_chapter[4]),
        5: _chapter_backwards(example, by_chapter[5]),
        6: _chapter_potential(example, by_chapter[6]),
        7: _chapter_sigmoid(example, by_chapter[7]),
        8: _chapter_deeper(example, by_chapter[8]),
        9: _chapter_training(example),
        10: _chapter_summary(example, proofs),
    }
    sections = []
    for chapter in CHAPTERS:
        figure = figure_of.get(chapter.number)
        # The poster opens its chapter, where a float has the whole section to find room.
        sections.append(_section(chapter) + (_figure(figure, assets) if figure else "")
                        + bodies[chapter.number])
    subtitle = (rf"Worked example: {example.n_classes} classes ({_names(example)}), "
                rf"target \emph{{{escape_text(example.target_name)}}}")
    document = "\n".join([
        PREAMBLE,
        r"\begin{document}",
        r"\thispagestyle{plain}",
        # A title block of its own: \maketitle leaves a gap for the absent author.
        r"\begin{center}",
        r"{\LARGE\bfseries Removing the magic: where $-\log y_T$ comes from\par}",
        r"\vspace{6pt}{\large Lecture notes on the softmax and the negative log-likelihood\par}",
        rf"\vspace{{10pt}}{{\small {subtitle}\par}}",
        r"\end{center}",
        _introduction(example),
        *sections,
        _exercises(exercise, exercise_seed),
        _answers(exercise),
        r"\end{document}",
        "",
    ])
    return document, assets
