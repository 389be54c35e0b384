"""The handout as lecture notes: formulas typeset, one notation, figures referenced, light,
references cited, one summary box, solutions last, proof marks in the appendix.

Read back from the PDF (pdftotext, pdftoppm) and the .tex; expected numbers are computed here
in plain Python.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from handout.build import build_handout
from handout.figures import Figure
from mathcore.derivations import all_derivations
from mathcore.example import WorkedExample
from mathcore.notes import notes_derivations, step_reasons
from mathcore.outline import CHAPTERS
from tests.handout.helpers import Plain, pages, run_handout, text, three

STORYBOARD = Plain([2.0, 1.0, 0.1], 0)
# ASCII stand-ins for formulas that the issue found in the handout's text.
ASCII_FORMULAS = ["sigma", "dC/dz", "dC/da", "-log", "diag(y) - y", "y y^T", "sum_k", "1_{m=T}",
                  "R^K", "v^T", "t^T", "z^2/2", "log(1 + e^z)"]
LIGHT_PAGE = 235  # mean grey level (0-255) of a page with a light figure; dark ones are ~220


def raw_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext -layout as it is: a math minus stays U+2212, an ASCII hyphen is typed text."""
    command = ["pdftotext", "-layout"]
    if first is not None:
        command += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def page_texts(pdf: Path) -> list[str]:
    return [text(pdf, page, page) for page in range(1, pages(pdf) + 1)]


def flat(value: str) -> str:
    return " ".join(value.split())


def test_no_ascii_formulas_in_the_text(default_run):
    body = raw_text(default_run.pdf)
    found = [formula for formula in ASCII_FORMULAS if formula in body]
    assert not found, found


def test_derivation_headings_are_mathematics(default_run):
    body = flat(text(default_run.pdf))
    assert "Derivation: From - log y T to the gradient y - t" in body
    assert "Derivation: Integrating y - t back to - log y T" in body
    tex = default_run.tex.read_text()
    assert r"\subsection*{Derivation: From $- \log y_{T}$ to the gradient $y - t$}" in tex


def test_every_step_has_a_typeset_reason():
    reasons = step_reasons(lambda number: f"Section {number}")
    for derivation in all_derivations():
        for step in derivation.steps:
            reason = reasons[step.justification]
            prose = re.sub(r"\$[^$]*\$", "", reason)  # what is set as text, not as math
            assert not re.search(r"[_^]|sigma|/|\bdiag\b|log\(|\blog [a-z]\b", prose), reason
    assert "chapter" not in " ".join(reasons.values())


def test_the_notes_derivations_are_proven_in_their_own_notation():
    for derivation in notes_derivations():
        result = derivation.verify((3,))
        assert result.passed, [step.detail for step in result.steps if not step.passed]
        if derivation.name in ("sigmoid", "canonical"):
            latex = " ".join(step.latex for step in derivation.steps)
            assert "t \\log a" in latex or "t z" in latex
            assert not re.search(r"(?<![\\a-z])y(?![_a-z])", latex), latex


def body_text(pdf: Path) -> str:
    """The text of every page without its running header and footer, on one line."""
    bodies = []
    for page in page_texts(pdf):
        lines = page.splitlines()[1:]  # the header names the section too
        bodies.append("\n".join(line for line in lines
                                if not re.fullmatch(r"\s*Page \d+ of \d+\s*", line)))
    return flat("\n".join(bodies))


def section_text(pdf: Path, number: int) -> str:
    body = body_text(pdf)
    start = body.index(f"{number} {CHAPTERS[number - 1].title}")
    following = CHAPTERS[number].title if number < len(CHAPTERS) else "Exercises"
    end = body.index(f"{number + 1} {following}" if number < len(CHAPTERS) else following,
                     start + 1)
    return body[start:end]


def test_no_section_uses_y_for_a_target(default_run):
    # The only y allowed is a probability: y_m, y_T, y_k, y, never "a - y" or "y log a".
    for number in (7, 8):
        section = section_text(default_run.pdf, number)
        section = re.sub(r"Figure \d+:.*?(?=\d+ [A-Z]|Derivation|Key result|$)", "", section)
        for wrong in (r"a - y\b", r"\by log a", r"\(1 - y\)", r"- z ?y\b", r"z - y\b"):
            assert not re.search(wrong, section), (number, wrong)
    sigmoid = section_text(default_run.pdf, 7)
    assert "a - t" in sigmoid and "t log a" in sigmoid
    assert "target t (Nielsen writes y)" in sigmoid


def test_sections_not_chapters(default_run):
    body = flat(text(default_run.pdf))
    body = body[:body.index("[1] Michael A. Nielsen")]  # a book's chapters are chapters
    assert not re.search(r"\b[Cc]hapters?\b", body)


def figure_environments(tex: str) -> list[str]:
    return re.findall(r"\\begin\{figure\}.*?\\end\{figure\}", tex, re.DOTALL)


def test_every_figure_is_referenced_and_has_its_own_caption(default_run):
    tex = default_run.tex.read_text()
    figures = figure_environments(tex)
    assert len(figures) == len(CHAPTERS)
    outside = tex
    for figure in figures:
        outside = outside.replace(figure, "")
    captions = []
    for chapter in CHAPTERS:
        label = f"fig:ch{chapter.number}"
        assert f"\\label{{{label}}}" in tex
        assert f"\\ref{{{label}}}" in outside, label  # referred to in the text
        figure = next(item for item in figures if f"\\label{{{label}}}" in item)
        captions.append(re.search(r"\\caption\{(.*)\}\\label", figure, re.DOTALL).group(1))
    assert len(set(captions)) == len(captions)
    assert not any("poster frame" in caption for caption in captions)
    body = flat(text(default_run.pdf))
    for chapter in CHAPTERS:
        # Once in its caption, at least once in the text.
        assert len(re.findall(rf"Figure {chapter.number}\b", body)) >= 2, chapter.number
    assert "??" not in body


def test_the_plane_figure_says_z3_is_held_fixed(default_run):
    plain = STORYBOARD
    on_plane = plain.cost_at([2.0, 1.0, 0.1]) - plain.cost_at([0.0, 0.0, 0.1])
    from_zero = plain.cost_at([2.0, 1.0, 0.1]) - plain.cost_at([0.0, 0.0, 0.0])
    assert three(on_plane) == "-0.716" and three(from_zero) == "-0.682"
    body = flat(text(default_run.pdf))
    caption = body[body.index("Figure 6:"):]
    caption = caption[:caption.index("move every logit.") + len("move every logit.")]
    caption, body = caption.replace(" ", ""), body.replace(" ", "")
    assert "z3=0.100isheldfixed" in caption and "runfrom(0,0,z3)" in caption
    assert f"C(z1,z2)-C(0,0)={three(on_plane)}" in caption
    assert f"C(z)-C(0)={three(from_zero)}" in caption
    assert f"bothequalC(z)-C(0)={three(from_zero)}" in body


def test_the_bibliography_exists_and_is_cited(default_run):
    tex = default_run.tex.read_text()
    items = re.findall(r"\\bibitem\{([^}]*)\}", tex)
    cited = {key.strip() for group in re.findall(r"\\cite(?:\[[^]]*\])?\{([^}]*)\}", tex)
             for key in group.split(",")}
    assert len(items) >= 4 and set(items) == cited
    body = flat(text(default_run.pdf))
    assert "References" in body
    assert "Nielsen. Neural Networks and Deep Learning" in body and "Chapter 3" in body
    assert "Bishop. Pattern Recognition and Machine Learning" in body
    assert "McCullagh and John A. Nelder" in body and "Bridle" in body
    assert "[?]" not in body
    assert re.search(r"\[1, ch\. 3\]", body)  # a citation as the reader sees it


def summary_page(pdf: Path) -> tuple[int, str]:
    for number, page in enumerate(page_texts(pdf), start=1):
        if "Summary: the chain of identities." in page:
            return number, page
    raise AssertionError("no summary box")


@pytest.mark.parametrize("fixture", ["default_run", "six_run"])
def test_the_summary_box_is_on_one_page(fixture, request):
    run = request.getfixturevalue(fixture)
    number, page = summary_page(run.pdf)
    box = page[page.index("Summary: the chain of identities."):]
    # Every row of the box ends with the section it came from; the last row is the update rule.
    sections = re.findall(r"Section (\d+)\s*$", box, re.MULTILINE)
    assert sorted(set(sections)) == [str(number) for number in range(2, 10)]
    assert "\u2190" in box
    following = text(run.pdf, number + 1, number + 1)
    assert not re.search(r"Section \d+\s*$", following.split("Exercises")[0], re.MULTILINE)


def exercises_text(notes: str) -> str:
    """From the Exercises heading to the appendix."""
    start = re.search(r"^Exercises\n", notes, re.MULTILINE).start()
    return notes[start:notes.index("Appendix: How these results were checked")]


def solution_pages(pdf: Path) -> tuple[list[str], list[str]]:
    texts = page_texts(pdf)
    first = next(index for index, page in enumerate(texts)
                 if "Solutions to the exercises" in page)
    return texts[:first], texts[first:]


@pytest.mark.parametrize("fixture", ["default_run", "six_run", "specials_run"])
def test_the_solutions_are_the_last_pages(fixture, request):
    run = request.getfixturevalue(fixture)
    before, after = solution_pages(run.pdf)
    solutions = "".join(after)
    assert not any("Solutions to the exercises" in page for page in before)
    for heading in ("Numerical", "Conceptual", "Proofs"):
        assert heading in solutions
    for other in ("References", "Appendix", "Compute the exponentials", "Learning objectives"):
        assert other not in solutions
    exercises = exercises_text("".join(before))
    # Thirteen exercises, thirteen solutions, numbered alike.
    numbers = [re.findall(r"^\s*(\d+)\. ", part, re.MULTILINE) for part in (exercises, solutions)]
    assert numbers[0] == numbers[1] == [str(number) for number in range(1, 14)]


def test_the_squared_error_solution_is_the_jacobian_times_the_gradient(default_run):
    """Exercise 9's numbers, from the exercise's logits read off the PDF."""
    before, after = solution_pages(default_run.pdf)
    exercises = exercises_text("".join(before))
    logits = [float(value.replace("\u2212", "-"))
              for value in re.search(r"logit zk\s+(.*)", exercises).group(1).split()]
    target_name = re.search(r"correct class is T = (\S+?)\.", flat(exercises)).group(1)
    names = re.search(r"^\s*class\s+(.*)$", exercises, re.MULTILINE).group(1).split()
    plain = Plain(logits, names.index(target_name))
    y, gradient = np.array(plain.probabilities), np.array(plain.gradient)
    expected = (np.diag(y) - np.outer(y, y)) @ gradient
    solutions = flat("".join(after))
    assert f"logits is ({', '.join(three(value) for value in expected)})" in solutions


def test_proof_marks_are_only_in_the_appendix(default_run):
    texts = page_texts(default_run.pdf)
    start = next(index for index, page in enumerate(texts)
                 if "Appendix: How these results were checked" in page)
    assert not any(re.search(r"\u2713 (symbolic|numeric)", page) for page in texts[:start])
    appendix = "".join(texts[start:])
    marks = re.findall(r"\u2713 (symbolic|numeric)", appendix)
    steps = sum(len(derivation.steps) for derivation in all_derivations())
    assert len(marks) == steps + 2  # one per step, two in the explanation
    assert "Each step proven by mathcore for K = 3 " in flat(appendix)


def grey_levels(pdf: Path) -> list[float]:
    """The mean grey level of each page that holds a figure, rasterised at 30 dpi."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    numbers = sorted({int(line.split()[0]) for line in listing})
    levels = []
    for number in numbers:
        png = subprocess.run(["pdftoppm", "-r", "30", "-gray", "-f", str(number), "-l",
                              str(number), str(pdf)], capture_output=True, check=True).stdout
        levels.append(float(np.asarray(Image.open(io.BytesIO(png))).mean()))
    return levels


def poster(path: Path, background: str, ink: str) -> Path:
    """A poster like the lecture's: a background with a few thick lines of ink."""
    image = Image.new("RGB", (854, 480), background)
    draw = ImageDraw.Draw(image)
    for row in range(60, 480, 60):
        draw.rectangle((40, row, 814, row + 4), fill=ink)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


@pytest.fixture(scope="module")
def themed_posters(tmp_path_factory):
    folder = tmp_path_factory.mktemp("posters")
    return {"light": poster(folder / "light.png", "#f4f2ec", "#20242c"),
            "dark": poster(folder / "dark.png", "#16181d", "#e8e8e8")}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figure_pages_are_light_only_with_light_posters(theme, themed_posters, tmp_path):
    """The luminance check tells the two apart: dark posters (never printed) would fail it."""
    example = WorkedExample.build()
    figures = [Figure(chapter, themed_posters[theme], theme=theme) for chapter in CHAPTERS]
    result = build_handout(example, tmp_path, figures=figures)
    levels = grey_levels(result.pdf)
    assert len(levels) >= 8
    if theme == "light":
        assert min(levels) > LIGHT_PAGE, levels
    else:
        assert max(levels) < LIGHT_PAGE, levels


def test_a_handout_with_figures_prints_light_pages(tmp_path):
    """--figures with a light lecture of this example in the media folder: light pages."""
    output = tmp_path / "media"
    posters = output / "lecture" / "posters"
    light = poster(tmp_path / "light.png", "#f4f2ec", "#20242c")
    for chapter in CHAPTERS:
        posters.mkdir(parents=True, exist_ok=True)
        (posters / f"{chapter.stem}.png").write_bytes(light.read_bytes())
    example = WorkedExample.build()
    (output / "lecture" / "render.json").write_text(
        json.dumps({"fingerprint": example.fingerprint(), "theme": "light"}))
    run = run_handout([], tmp_path, output)
    assert run.status == 0, run.stderr
    assert min(grey_levels(run.pdf)) > LIGHT_PAGE
    assert "rendered in the light theme for print" in flat(text(run.pdf))
