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
from mathcore.notation import escape_text, number_latex
from mathcore.notes import (
    CHECK_DESCRIPTIONS,
    NOTATION,
    derivation_title,
    exercise_formulas,
    step_reasons,
)
from mathcore.outline import CHAPTERS, Chapter
from mathcore.views.axes import tick_label
from mathcore.views.plane import field_plane

from .figures import Figure
from .references import bibliography

__all__ = ["PREAMBLE", "Proof", "render_document", "tex_number"]

# How a reason in mathcore.notes refers to the section of a chapter.
def _section_ref(number: int) -> str:
    return rf"Section~\ref{{sec:ch{number}}}"




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
\usepackage{array}
\usepackage{graphicx}
\usepackage{adjustbox}
\usepackage{xcolor}
\usepackage{caption}
\usepackage{enumitem}
\usepackage[section]{placeins}
\usepackage{fancyhdr}
\usepackage{lastpage}
\usepackage[hidelinks]{hyperref}
\usepackage{needspace}
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
% A derivation step's reason (how it was proven is in the appendix).
\newcommand{\stepnote}[1]{{\small\itshape #1}}
% A boxed key result: a page never splits it.
\newcommand{\keyresult}[1]{\par\smallskip\noindent\fbox{\begin{minipage}%
  {\dimexpr\linewidth-2\fboxsep-2\fboxrule}\textbf{Key result.}\ #1\end{minipage}}\par\smallskip}
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
    return number_latex(text)


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


def _chains(proof: Proof) -> list[list[tuple[int, Step, StepResult]]]:
    """Consecutive steps that continue one equation (``chained``), grouped, with their index."""
    chains: list[list[tuple[int, Step, StepResult]]] = []
    steps = zip(proof.derivation.steps, proof.result.steps, strict=True)
    for index, (step, outcome) in enumerate(steps, start=1):
        if step.chained and chains:
            chains[-1].append((index, step, outcome))
        else:
            chains.append([(index, step, outcome)])
    return chains


def _step_label(proof: Proof, index: int) -> str:
    return f"eq:{proof.derivation.name}-{index}"


def _reason(step: Step) -> str:
    """The step's reason as text with mathematics (mathcore.notes), else its plain words."""
    reason = step_reasons(_section_ref).get(step.justification)
    return reason if reason is not None else _prose(step.justification)


def _title(proof: Proof) -> str:
    try:
        return derivation_title(proof.derivation.name)
    except KeyError:
        return _prose(proof.derivation.title)


def _derivation(proof: Proof) -> str:
    """A derivation as displays, each step followed by its reason."""
    lines = [rf"\subsection*{{Derivation: {_title(proof)}}}"]
    for chain in _chains(proof):
        first = chain[0][1]
        long = any(
            _display_width(step.rhs_latex) + _display_width(first.lhs_latex) > DISPLAY_CHARACTERS
            for _, step, _ in chain
        )
        rows = []
        notes = []
        for position, (index, step, outcome) in enumerate(chain):
            label = rf"\label{{{_step_label(proof, index)}}}"
            if long:
                row = rf"&\qquad= {step.rhs_latex}{label}"
                if position == 0:
                    row = rf"&\mathrlap{{{step.lhs_latex}}}\notag\\" + "\n" + row
            elif position == 0:
                row = rf"{step.lhs_latex} &= {step.rhs_latex}{label}"
            else:
                row = rf"&= {step.rhs_latex}{label}"
            rows.append(row)
            # A step that failed its proof says so where it stands, not only in the appendix.
            failed = "" if outcome.passed else r"\nobreak\hfill\nobreak\notproven"
            notes.append(rf"\stepnote{{{_reason(step)}}}{failed}")
        body = []
        for row, note in zip(rows[:-1], notes[:-1], strict=True):
            body.append(row + r"\\")
            body.append(rf"\intertext{{{note}}}")
        body.append(rows[-1])
        lines.append("\\begin{align}\n" + "\n".join(body) + "\n\\end{align}")
        lines.append(notes[-1])
    return "\n".join(lines) + "\n"


def _key(text: str, latex: str, label: str = "") -> str:
    """A boxed key result: a sentence and its formula (numbered when ``label`` is given)."""
    if label:
        display = f"\\begin{{equation}}\\label{{{label}}}\n{latex}\n\\end{{equation}}"
    else:
        display = f"\\[\n{latex}\n\\]"
    return f"\\keyresult{{{text}\n{display}}}\n"


# ----------------------------------------------------------------------
# Figures and tables.


def _caption(figure: Figure, example: WorkedExample) -> str:
    """What the figure shows, with the worked example's numbers from mathcore."""
    F = formulas()
    number = figure.chapter.number
    target = escape_text(example.target_name)
    if number == 1:
        return (rf"The question. The pipeline from the logits ${F['logits_symbol']}$ through the "
                rf"softmax to the probabilities ${F['probabilities_symbol']}$ and the cost "
                rf"${F['cost']}$, and the identity \eqref{{eq:gradient}} that these notes explain.")
    if number == 2:
        return (rf"Shift invariance. Left: the worked example's logits after adding "
                rf"$c = {tex_number(example, example.shift)}$ to each, "
                rf"$({_vector(example, example.shifted_logits)[1:-1]})$. Right: the "
                rf"probabilities, still $y = {_vector(example, example.probabilities)}$.")
    if number == 3:
        return (rf"The one-hot target $t$ (bottom row) under the probabilities $y$ (top row); "
                rf"the target class \emph{{{target}}} is framed, with "
                rf"${_valued(example, example.latex['target_probability'], _target_y(example))}$.")
    if number == 4:
        return (rf"Three rows of bars: $y$, $t$ and the gradient $y - t$ \eqref{{eq:gradient}}. "
                rf"The dots on the last row are central differences $\Delta_m$ of the cost; "
                rf"the largest distance from the bars is "
                rf"${tex_number(example, example.finite_difference_error)}$.")
    if number == 5:
        other, target = example.slice, example.target_slice
        name = escape_text(example.classes[other.index])
        target_name = escape_text(example.classes[target.index])
        return (rf"One-dimensional slices: only one logit moves, over a window of whole "
                rf"numbers. Along the logit of \emph{{{name}}} the integrand $y_m - t_m$ is "
                rf"positive and the cost rises by its area, "
                rf"${tex_number(example, other.rise)}$. The figure shows the slice along the "
                rf"target's logit, \emph{{{target_name}}}, from "
                rf"$a = {tick_label(target.start)}$ to $b = {tick_label(target.end)}$: there "
                rf"the integrand is $y_T - 1 < 0$, its area is "
                rf"${tex_number(example, target.area)}$ and the cost falls by as much: the "
                rf"$-t_m$ term gives the cost its $-z_T$.")
    if number == 6:
        return _plane_caption(example)
    if number == 7:
        return (r"A sigmoid neuron: its activation $a = \sigma(z)$ (top right), the cost as a "
                r"function of $a$ for the target 1 (bottom right) and the derivation of "
                r"Section~\ref{sec:ch7} (left). The video writes the neuron's target $t$, "
                r"as these notes do throughout (Nielsen writes it $y$).")
    if number == 8:
        return (r"The Hessian $\nabla^2 A$ of the worked example with its eigenvalues, and why "
                r"it is positive semi-definite: $v^\top \nabla^2 A\, v$ is a variance "
                r"\eqref{eq:canonical-3}.")
    if number == 9:
        trajectory = example.trajectory
        return (rf"Training: the probabilities after {len(trajectory.costs) - 1} steps of "
                rf"gradient descent with $\eta = {tex_number(example, trajectory.rate)}$ "
                rf"against the target (left), and the cost per step (right), falling from "
                rf"${tex_number(example, trajectory.costs[0])}$ to "
                rf"${tex_number(example, trajectory.costs[-1])}$.")
    return (r"The video's summary frame: the chain of identities, each under the title of the "
            r"part it comes from; the box in Section~\ref{sec:ch10} holds the same chain.")


def _target_y(example: WorkedExample) -> float:
    return float(example.probabilities[example.target])


def _plane_caption(example: WorkedExample) -> str:
    """Figure 6 holds every logit but two fixed: say so, and why its number is not the text's."""
    plane = field_plane(example)
    first, second = (index + 1 for index in plane.axes)
    integrals = ", ".join(f"${tex_number(example, value)}$" for value in plane.integrals.values())
    text = (rf"The field $-g = t - y$ (arrows) and contour lines of $C$ on the plane of "
            rf"$z_{first}$ and $z_{second}$, with two paths from the origin of the plane to the "
            rf"worked example's point: straight ($\gamma_1$) and one coordinate at a time "
            rf"($\gamma_2$). Their line integrals ({integrals}) both equal "
            rf"$C(z_{first}, z_{second}) - C(0, 0) = {tex_number(example, plane.cost_rise)}$.")
    fixed = [index for index in range(example.n_classes) if index not in plane.axes]
    if not fixed:
        return text + (" With two classes the plane is all of $\\mathbb{R}^2$: the paths start at "
                       "$z = 0$, as in the text, and the number is the text's.")
    # The plane's logits (chosen from the example, not always the first two) start at 0.
    start = ", ".join("0" if index in plane.axes else f"z_{index + 1}"
                      for index in range(example.n_classes))
    held = ", ".join(f"$z_{index + 1} = {tex_number(example, example.logits[index])}$"
                     for index in fixed)
    return text + (rf" On this plane {held} {'is' if len(fixed) == 1 else 'are'} held fixed, "
                   rf"so the paths run from $({start})$, not from $0$. That is "
                   rf"why the figure's number differs from the text's "
                   rf"$C(z) - C(0) = {tex_number(example, example.cost_rise)}$, whose paths "
                   rf"start at $z = 0$ and move every logit.")


def _figure(figure: Figure, example: WorkedExample, assets: dict[str, Path]) -> str:
    chapter = figure.chapter
    caption = _caption(figure, example)
    if figure.poster is not None:
        name = f"figures/{chapter.stem}.png"
        assets[name] = figure.poster
        body = (rf"\includegraphics[width=0.72\linewidth,height=0.405\linewidth,"
                rf"keepaspectratio]{{{name}}}")
    else:
        reason = escape_text(figure.reason)
        title = escape_text(chapter.title)
        body = rf"\figureplaceholder{{{title} (Section~{chapter.number})}}{{{reason}}}"
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


def _check_description(name: str, fallback: str) -> str:
    return CHECK_DESCRIPTIONS.get(name) or _prose(fallback)


def _checks_table(example: WorkedExample) -> str:
    rows = []
    for check in example.checks:
        mark = r"\verified{pass}" if check.passed else r"\textcolor{failed}{\textsf{FAIL}}"
        rows.append(rf"{_check_description(check.name, check.description)} & "
                    rf"${tex_number(example, check.max_error)}$ & "
                    rf"${tex_number(example, check.tolerance)}$ & {mark} \\")
    return rf"""\begin{{center}}\begin{{minipage}}{{\linewidth}}\centering\small
\captionsetup{{hypcap=false}}%
\captionof{{table}}{{mathcore's checks of the worked example, each against an independent
computation.}}\label{{tab:checks}}
\begin{{adjustbox}}{{max width=\linewidth}}\begin{{tabular}}{{@{{}}lrrl@{{}}}}
\toprule
check & error & tolerance & \\
\midrule
{chr(10).join(rows)}
\bottomrule
\end{{tabular}}\end{{adjustbox}}
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
the cost of a prediction is the negative log of the probability given to the correct class $T$
(Figure~\ref{{fig:ch1}}):
\begin{{equation*}}
{logits} \xrightarrow{{\ \text{{softmax}}\ }} {probabilities}
\xrightarrow{{\ {F['neg_log']}_{{T}}\ }} C .
\end{{equation*}}
Differentiate this cost with respect to the logits and everything collapses into
{_equation(F['gradient_formula'], 'eq:gradient')}
the probability minus the target. Why so simple? These notes take the identity apart, then run
it backwards: starting from \eqref{{eq:gradient}} as a requirement, they integrate it and
recover the cost, so that $-\log y_T$ is derived rather than handed down. The argument follows
Nielsen's derivation of the cross-entropy \cite{{nielsen}}, extended to the softmax
\cite{{bridle}}; the deeper reason, the pairing of a cost with its canonical output function,
is that of generalised linear models \cite{{mccullagh-nelder,bishop}}.

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
${partition}$. Dividing each by the sum gives the probabilities: the softmax \cite{{bridle}}.
{_key('The softmax turns logits into probabilities:', F['softmax'], 'eq:softmax')}
Here $y = {_vector(example, example.probabilities)}$, and ${total}$.

\paragraph{{Shift invariance.}} Adding the same constant $c$ to every logit multiplies every
$e^{{z_k}}$ and their sum by $e^{{c}}$, so the probabilities do not move:
${F['shift_invariance']}$. With ${L['shift']}$ the logits become
${_vector(example, example.shifted_logits)}$ and the probabilities are again
${_vector(example, example.shifted_probabilities)}$ (Figure~\ref{{fig:ch2}}). This is why a
constant of integration appears in Section~\ref{{sec:ch5}}.

{_example_table(example)}"""


def _chapter_cost(example: WorkedExample) -> str:
    F = formulas()
    L = example.latex
    target_probability = _valued(example, L["target_probability"], _target_y(example))
    cost = _valued(example, L["cost_value"], example.cost)
    return rf"""The target is encoded one-hot, ${F['one_hot_formula']}$: here ${L['target_is']}$ and
$t = {_vector(example, example.one_hot)}$ (Figure~\ref{{fig:ch3}}). The cost is the negative
log-likelihood of the target \cite{{bishop}},
{_equation(F['cost'], 'eq:cost')}
In the worked example ${target_probability}$, so ${cost}$. The curve
${F['neg_log']}$ on $(0, 1]$ is zero at $y = 1$ and grows without bound as $y \to 0$: a confident
wrong prediction costs a lot, a confident right one almost nothing.

Writing $y_T$ out with the softmax \eqref{{eq:softmax}} and taking the log of the quotient
turns the cost into a log-sum-exp minus the target's logit:
{_key('The cost in terms of the logits:', F['cost_rewritten'], 'eq:cost-rewritten')}
The first steps of the derivation in Section~\ref{{sec:ch4}} make this rewrite one step at a
time.
"""


def _chapter_gradient(example: WorkedExample, proof: Proof) -> str:
    error = _valued(example, example.latex["finite_difference_error"],
                    example.finite_difference_error)
    gradient = proof.derivation.step("gradient")
    return rf"""Differentiate \eqref{{eq:cost-rewritten}} term by term. The derivative of the
log of the sum is the softmax itself, and $z_T$ moves with $z_m$ only when $m = T$. Each step
below is printed from a sympy expression that mathcore proved while these notes were made
(the appendix on page~\pageref*{{app:checks}} says how).
{_derivation(proof)}
{_key('The gradient of the cost with respect to the logits is the probability minus the '
      'target:', gradient.latex)}
\paragraph{{Numerically.}} Central differences of the cost agree with $y - t$: in the worked
example ${error}$ (Table~\ref{{tab:example}}, last two columns; Figure~\ref{{fig:ch4}} shows
them as dots on the bars of $y - t$).
"""


def _chapter_backwards(example: WorkedExample, proof: Proof) -> str:
    L = example.latex
    slice_ = example.slice
    name = escape_text(example.classes[slice_.index])
    area = _valued(example, L["slice_area"], slice_.area)
    rise = _valued(example, L["slice_rise"], slice_.rise)
    target_slice = example.target_slice
    target_name = escape_text(example.classes[target_slice.index])
    target_area = _valued(example, L["target_slice_area"], target_slice.area)
    collected = proof.derivation.step("collected")
    final = proof.derivation.step("negative_log_likelihood")
    return rf"""Now run the argument backwards. Start from the requirement
\eqref{{eq:gradient}} and integrate it over $z_m$. The softmax term is $du/u$ with
$u = \sum_k e^{{z_k}}$; the one-hot term integrates to $z_T$. What is left over holds no $z_m$,
for every $m$, so it is a constant.
{_derivation(proof)}
{_key('Requiring the gradient $y - t$ gives back the negative log-likelihood, up to a '
      'constant:', f'{collected.latex} {final.latex}')}
\paragraph{{A one-dimensional slice.}} Hold every logit but $z_m$ fixed, with $m$ the class
\emph{{{name}}} (the likeliest class that is not the target), and let $z_m$ run from
$a = {tick_label(slice_.start)}$ to $b = {tick_label(slice_.end)}$. The area under
$y_m - t_m$ is the rise of the cost:
\begin{{equation*}}
{area}, \qquad {rise}.
\end{{equation*}}
Along the target's own logit, \emph{{{target_name}}}, the integrand is $y_T - 1 < 0$: the
cost falls by the area, which is how the $-t_m$ term gives the cost its $-z_T$
(Figure~\ref{{fig:ch5}}):
\begin{{equation*}}
{target_area}.
\end{{equation*}}
"""


def _chapter_potential(example: WorkedExample, proof: Proof) -> str:
    integrals = example.path_integrals
    rise = _valued(example, example.latex["cost_rise"], example.cost_rise)
    steps = [step for step in proof.derivation.steps if not step.chained]
    symmetric = [step for step in steps if step.rhs_latex == "0"]
    key = (_key('The field $g = y - t$ has a symmetric Jacobian, so it is a gradient field and '
                'its potential is unique up to a constant:', symmetric[0].latex)
           if symmetric else "")
    return rf"""Integrating one coordinate at a time and adding up the pieces presumes that
$g = y - t$ is the gradient of some function. It is, because its Jacobian is symmetric.
{_derivation(proof)}
{key}
\paragraph{{Two paths.}} From $0$ to the worked example's $z$, along the straight line and
along one coordinate at a time, the line integrals of $g$ are
${tex_number(example, integrals['straight'])}$ and
${tex_number(example, integrals['coordinatewise'])}$: both equal ${rise}$.
Figure~\ref{{fig:ch6}} draws the same field on a plane of two logits; its paths start on that
plane, not at $0$, so its number is another one (see its caption).
"""


def _chapter_sigmoid(example: WorkedExample, proof: Proof) -> str:
    antiderivative = [step for step in proof.derivation.steps
                      if step.relation == "antiderivative"]
    key = (_key('A sigmoid neuron that must have the gradient $a - t$ has the cross-entropy '
                'as its cost:', antiderivative[0].latex) if antiderivative else "")
    return rf"""Michael Nielsen derives the cross-entropy for a single sigmoid neuron the same
way \cite[ch.~3]{{nielsen}}: its activation is $a = \sigma(z)$, its target $t$ (Nielsen writes
$y$), and the requirement is $\partial C / \partial z = a - t$. Dividing by the sigmoid's slope
and integrating in $a$ gives the cross-entropy (Figure~\ref{{fig:ch7}}); a two-class softmax is
a sigmoid of $z_1 - z_2$, so Section~\ref{{sec:ch5}} contains this result.
{_derivation(proof)}
{key}"""


def _chapter_deeper(example: WorkedExample, proof: Proof) -> str:
    F = formulas()
    steps = proof.derivation.steps
    key = _key('For any target distribution $t$ the cost is the log-partition function minus a '
               'linear term, so its gradient is $y - t$:',
               rf"{steps[3].latex}, \qquad {steps[4].latex}") if len(steps) > 4 else ""
    return rf"""The deeper reason is the log-partition function ${F['log_partition']}$. Its
gradient is the softmax and its Hessian is positive semi-definite (Figure~\ref{{fig:ch8}}), so
the cost $A(z) - t^\top z$ is convex and its gradient is $y - t$ for any target distribution
$t$, soft labels included. The same pattern pairs the sigmoid with the cross-entropy and a
linear output with the squared error: the ``magic'' is the pairing of a cost with its
canonical output function, the canonical link of a generalised linear model
\cite{{mccullagh-nelder}}, \cite[\S4.2--4.3]{{bishop}}.
{_derivation(proof)}
{key}"""


def _chapter_training(example: WorkedExample) -> str:
    F = formulas()
    trajectory = example.trajectory
    steps = len(trajectory.costs) - 1
    return rf"""Gradient descent on the logits follows the gradient downhill,
{_equation(F['update'], 'eq:update')}
With ${example.latex['descent_rate']}$ and {steps} steps from the worked example, the
probability of the target climbs towards one and the cost falls from
${tex_number(example, trajectory.costs[0])}$ to ${tex_number(example, trajectory.costs[-1])}$
(Table~\ref{{tab:training}}, Figure~\ref{{fig:ch9}}).

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
    # One box, never split by a page or a figure: a minipage cannot break.
    return rf"""Figure~\ref{{fig:ch10}} is the video's last frame. The box holds the chain of
identities, each with the section it came from.

\needspace{{0.5\textheight}}
\noindent\fbox{{\begin{{minipage}}{{\dimexpr\linewidth-2\fboxsep-2\fboxrule}}
\textbf{{Summary: the chain of identities.}}\label{{summary}}
\begin{{align*}}
{body}
\end{{align*}}
\end{{minipage}}}}

Every number in these notes was checked by mathcore when the notes were made, and every
derivation step proven (the appendix on page~\pageref*{{app:checks}});
\texttt{{softmax-lecture verify}} prints the same numbers.
"""


# ----------------------------------------------------------------------
# Exercises and their solutions.


def _exercises(exercise: WorkedExample, seed: int) -> str:
    names = ", ".join(rf"\emph{{{escape_text(name)}}}" for name in exercise.classes)
    logit_rows = " & ".join(escape_text(name) for name in exercise.classes)
    logit_values = " & ".join(f"${tex_number(exercise, value)}$" for value in exercise.logits)
    columns = "l" + "r" * exercise.n_classes
    rate = tex_number(exercise, exercise.trajectory.rate)
    shift = tex_number(exercise, exercise.shift)
    X = exercise_formulas()
    return rf"""\section*{{Exercises}}\markboth{{Exercises}}{{Exercises}}
\addcontentsline{{toc}}{{section}}{{Exercises}}
Three kinds: numerical (work them with a calculator), conceptual (answer in words, with a
formula where it helps) and proofs. Worked solutions are in the last section, from
page~\pageref*{{answers}}. (Exercise sheet {seed}.)

\subsection*{{Numerical}}
A classifier with $K = {exercise.n_classes}$ classes, {names}, gives the logits below; the
correct class is $T = $ \emph{{{escape_text(exercise.target_name)}}}. Work to three decimals.
\begin{{center}}\small
\begin{{tabular}}{{@{{}}{columns}@{{}}}}
\toprule
class & {logit_rows} \\
\midrule
logit $z_k$ & {logit_values} \\
\bottomrule
\end{{tabular}}
\end{{center}}
\begin{{enumerate}}[label=\arabic*., series=exercises]
\item\label{{ex:exponentials}} Compute the exponentials $e^{{z_k}}$ and their sum
  $\sum_k e^{{z_k}}$.
\item Compute the probabilities $y_k$ with \eqref{{eq:softmax}} and check that they sum to one.
\item Compute the cost $C = -\log y_T$, once from $y_T$ and once as
  $\log \sum_k e^{{z_k}} - z_T$ \eqref{{eq:cost-rewritten}}.
\item Compute the gradient $y_k - t_k$. Which logits does a step of gradient descent raise,
  and which does it lower?
\item Take one step of gradient descent \eqref{{eq:update}} with $\eta = {rate}$: compute the
  new logits, the new probability of the target and the new cost.
\item Add $c = {shift}$ to every logit. Which of your answers to 1--4 change, and how?
\end{{enumerate}}

\subsection*{{Conceptual}}
\begin{{enumerate}}[resume*=exercises]
\item The cost depends on the target's probability $y_T$ alone. Why does one step of gradient
  descent still move every logit? In Exercise~5, which logit moves most?
\item The derivation of Section~\ref{{sec:ch5}} ends with a constant $c$. Why does no choice of
  $c$ change the gradient, or the training of Section~\ref{{sec:ch9}}? Which choice makes a
  perfect prediction, $y_T = 1$, cost nothing?
\item A softmax output is trained with the squared error ${X['squared_error']}$ instead. Is
  the gradient with respect to the logits still $y - t$? Use the Jacobian of
  Section~\ref{{sec:ch6}} to find it, compute it for the exercise's logits, and say what
  Section~\ref{{sec:ch8}} has to say about it.
\end{{enumerate}}

\subsection*{{Proofs}}
\begin{{enumerate}}[resume*=exercises]
\item Prove that the gradient sums to zero, ${X['gradient_sum']}$, for every $z$ and
  one-hot $t$. Which property of Section~\ref{{sec:ch2}} does this express?
\item Prove with the quotient rule that ${X['softmax_slope']}$.
\item Prove that ${X['quadratic_form']}$ for every vector $v$, and conclude that the cost is
  convex in the logits.
\item Run the argument of Section~\ref{{sec:ch5}} for a linear output $a = z$: require
  ${X['linear_requirement']}$ and find the cost.
\end{{enumerate}}
"""


def _numerical_solutions(exercise: WorkedExample) -> str:
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
    return rf"""\subsection*{{Numerical}}
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
\begin{{enumerate}}[label=\arabic*., series=solutions]
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


def _conceptual_solutions(exercise: WorkedExample) -> str:
    X = exercise_formulas()
    gradient = exercise.gradient
    largest = max(range(exercise.n_classes), key=lambda index: abs(float(gradient[index])))
    rate = exercise.trajectory.rate
    moved = rate * abs(float(gradient[largest]))
    squared_gradient = exercise.jacobian @ gradient
    return rf"""\subsection*{{Conceptual}}
\begin{{enumerate}}[resume*=solutions]
\item Every probability shares the denominator $\sum_k e^{{z_k}}$, so $y_T$ depends on every
  logit: raising another class's logit takes probability from the target. The gradient
  $y_m - t_m$ is non-zero for every class with $y_m > 0$, and the step moves $z_m$ by
  $-\eta\,(y_m - t_m)$. The largest move is that of
  \emph{{{escape_text(exercise.classes[largest])}}}, by ${tex_number(exercise, moved)}$
  (the largest $|y_m - t_m|$ in Exercise~4).
\item The gradient of a constant is zero, so the requirement \eqref{{eq:gradient}} holds for
  every $c$ and gradient descent, which sees only the gradient, takes the same steps. Choosing
  $c = 0$ gives ${X['perfect']}$ for a perfect prediction; any other $c$ would make it cost $c$.
\item No. By the chain rule the gradient is the Jacobian of the softmax applied to
  $y - t$,
  \[ {X['squared_error_gradient']}, \]
  which for the exercise's logits is $({_vector(exercise, squared_gradient)[1:-1]})$ against
  $y - t = {_vector(exercise, gradient)}$. The Jacobian shrinks the gradient when the softmax
  saturates (a confident wrong prediction learns slowly), and the squared error is not convex
  in the logits. The squared error is the canonical partner of a linear output, not of the
  softmax (Section~\ref{{sec:ch8}}); the softmax's partner is $-\log y_T$, whose gradient is
  exactly $y - t$.
\end{{enumerate}}
"""


def _proof_solutions(proofs: Sequence[Proof]) -> str:
    X = exercise_formulas()
    by_name = {proof.derivation.name: proof for proof in proofs}
    potential = by_name["potential"].derivation.steps
    canonical = by_name["canonical"].derivation.steps
    quotient = "\\\\\n".join([rf"{potential[2].lhs_latex} &= {potential[2].rhs_latex}",
                              rf"&= {potential[3].rhs_latex}"])
    return rf"""\subsection*{{Proofs}}
\begin{{enumerate}}[resume*=solutions]
\item By \eqref{{eq:gradient}},
  \[ {X['gradient_sum_proof']}, \]
  since the probabilities sum to one and so does a one-hot target. It expresses shift
  invariance: adding $c$ to every logit moves $z$ along $\mathbf{{1}}$ and changes no
  probability, so the cost does not change in that direction, and its derivative there,
  $\mathbf{{1}}^\top (y - t)$, is zero.
\item Write $y_m = e^{{z_m}}/u$ with $u = \sum_k e^{{z_k}}$, so that
  $\partial u/\partial z_n = e^{{z_n}}$. The quotient rule gives
  $\partial y_m/\partial z_n = (\delta_{{mn}} e^{{z_m}} u - e^{{z_m}} e^{{z_n}})/u^2$, that is
  \begin{{align*}}
  {quotient}
  \end{{align*}}
  which is \eqref{{eq:potential-3}} and \eqref{{eq:potential-4}}.
\item Since $\sum_k y_k = 1$ and every $y_k > 0$, the quadratic form is a variance under $y$:
  \[ {canonical[2].latex}, \]
  a sum of squares with positive weights, so it is never negative \eqref{{eq:canonical-3}}.
  The left-hand side is $v^\top \bigl({X['hessian']}\bigr) v$, and that matrix is the Hessian of
  the cost (Section~\ref{{sec:ch8}}), so the cost is convex in the logits.
\item With $a = z$ the requirement is already $\partial C/\partial z$; integrating in $z$ gives
  \[ {X['linear_cost']}, \]
  the squared error. Section~\ref{{sec:ch8}} checks the same pair from the other side:
  $A = z^2/2$ gives \eqref{{eq:canonical-9}}.
\end{{enumerate}}
"""


def _solutions(exercise: WorkedExample, proofs: Sequence[Proof]) -> str:
    return "\n".join([
        r"\clearpage",
        r"\section*{Solutions to the exercises}\label{answers}"
        r"\markboth{Solutions}{Solutions}",
        r"\addcontentsline{toc}{section}{Solutions to the exercises}",
        _numerical_solutions(exercise),
        _conceptual_solutions(exercise),
        _proof_solutions(proofs),
    ])


# ----------------------------------------------------------------------
# How the results were checked.


def _proof_rows(proof: Proof) -> str:
    rows = []
    for index, outcome in enumerate(proof.result.steps, start=1):
        if outcome.method in ("symbolic", "numeric"):
            mark = rf"\verified{{{outcome.method}}}"
        else:
            mark = r"\notproven"
        cells = [rf"\eqref{{{_step_label(proof, index)}}}", mark]
        if _numeric(proof):
            cells.append("" if outcome.method == "symbolic"
                         else f"${tex_number_plain(outcome.max_error)}$")
        rows.append(" & ".join(cells) + r" \\")
    return "\n".join(rows)


def _numeric(proof: Proof) -> bool:
    """Whether any step was proven numerically, so that its table needs an error column."""
    return any(outcome.method != "symbolic" for outcome in proof.result.steps)


def tex_number_plain(value: float) -> str:
    r"""A small error as ``2.1 \times 10^{-12}``, or 0."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else r"\infty"
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}"


def _appendix_checks(example: WorkedExample, proofs: Sequence[Proof]) -> str:
    blocks = []
    for proof in proofs:
        result = proof.result
        methods = [step.method for step in result.steps]
        sizes = ", ".join(str(size) for size in result.classes)
        counts = (f"{methods.count('symbolic')} symbolically, {methods.count('numeric')} "
                  f"numerically")
        failed = len(methods) - methods.count("symbolic") - methods.count("numeric")
        if failed:
            counts += rf", \textcolor{{failed}}{{{failed} not proven}}"
        section = rf"Section~\ref{{sec:ch{proof.derivation.chapter}}}"
        blocks.append(rf"""\paragraph{{{_title(proof)} ({section}).}}
Each step proven by mathcore for $K = {sizes}$ while these notes were made: {counts}.
\begin{{center}}\small
\begin{{tabular}}{{@{{}}{'lll' if _numeric(proof) else 'll'}@{{}}}}
\toprule
equation & proven{' & largest error' if _numeric(proof) else ''} \\
\midrule
{_proof_rows(proof)}
\bottomrule
\end{{tabular}}
\end{{center}}""")
    return rf"""\clearpage
\section*{{Appendix: How these results were checked}}\label{{app:checks}}
\markboth{{How these results were checked}}{{How these results were checked}}
\addcontentsline{{toc}}{{section}}{{Appendix: How these results were checked}}
Nothing in these notes is typed by hand. Every formula is printed from a sympy expression in
the lecture's \texttt{{mathcore}} package, and every number is computed by it, when the notes are
made. Each derivation step is then proven for concrete class counts $K$: the symbols are
replaced by what they stand for ($y_m$ by the softmax, $t_m$ by $1_{{m=T}}$), the free indices
are given every pattern of values, the sums are expanded, and sympy reduces
$\text{{lhs}} - \text{{rhs}}$ to zero (\verified{{symbolic}}); where it cannot, the two sides
must agree to ${tex_number_plain(NUMERIC_TOLERANCE)}$ at {NUMERIC_POINTS} random points
(\verified{{numeric}}). An integration step is checked by differentiating it back.
\texttt{{softmax-lecture verify}} runs the same proofs and prints the same numbers.

{chr(10).join(blocks)}

\paragraph{{The worked example.}} Each number of the worked example was compared with an
independent computation (Table~\ref{{tab:checks}}), with a tolerance that follows the
computation's conditioning.
{_checks_table(example)}"""


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
cross-entropy for a sigmoid neuron, and what the deeper reason is.
\end{abstract}
"""


def _objectives() -> str:
    return r"""\section*{Learning objectives}
\addcontentsline{toc}{section}{Learning objectives}
After studying these notes you should be able to:
\begin{itemize}[leftmargin=2.2em]
\item compute the softmax probabilities, the cost $-\log y_T$ and its gradient for given
  logits, by hand (Sections~\ref{sec:ch2}--\ref{sec:ch4});
\item derive $\partial C/\partial z_m = y_m - t_m$ from the cost, and the cost from that
  gradient, explaining where the constant of integration comes from
  (Sections~\ref{sec:ch4}--\ref{sec:ch5});
\item explain why a vector field with a symmetric Jacobian has a potential, and why that
  allows integrating one coordinate at a time (Section~\ref{sec:ch6});
\item carry the same argument to a sigmoid neuron and its cross-entropy
  (Section~\ref{sec:ch7});
\item state why the pairing works: the log-partition function, convexity, and canonical
  output functions (Section~\ref{sec:ch8});
\item predict how gradient descent on the logits moves the probabilities
  (Section~\ref{sec:ch9}).
\end{itemize}
"""


def _notation_table(figures: Sequence[Figure]) -> str:
    rows = "\n".join(rf"${symbol}$ & {meaning} \\" for symbol, meaning in NOTATION)
    themes = sorted({figure.theme for figure in figures if figure.poster is not None})
    if themes:
        source = (rf"The figures are frames of the lecture's video, rendered in the "
                  rf"{' and '.join(escape_text(theme) for theme in themes)} theme for print.")
    else:
        source = (r"The figures are frames of the lecture's video; they are not included in "
                  r"this copy (each placeholder says why).")
    # The heading, its sentence and the table on one page.
    return rf"""\needspace{{0.5\textheight}}
\section*{{Notation}}
\addcontentsline{{toc}}{{section}}{{Notation}}
One notation throughout: $y$ is always a probability, $t$ always a target. Vectors are
columns; $v^\top$ is the transpose of $v$. {source}
\begin{{center}}\small
\begin{{tabular}}{{@{{}}>{{\raggedright\arraybackslash}}p{{0.42\linewidth}}
  >{{\raggedright\arraybackslash}}p{{0.52\linewidth}}@{{}}}}
\toprule
symbol & meaning \\
\midrule
{rows}
\bottomrule
\end{{tabular}}
\end{{center}}
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
        # The figure opens its section, where a float has the whole section to find room.
        sections.append(_section(chapter) + (_figure(figure, example, assets) if figure else "")
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
        _objectives(),
        _notation_table(figures),
        *sections,
        _exercises(exercise, exercise_seed),
        _appendix_checks(example, proofs),
        bibliography(),
        _solutions(exercise, proofs),
        r"\end{document}",
        "",
    ])
    return document, assets
