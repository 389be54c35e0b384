"""Compile a chapter's formulas in one LaTeX run before the chapter draws them.

Manim compiles each formula when the scene first builds it: one ``latex`` and
one ``dvisvgm`` process each, about 0.3 CPU seconds, most of it the two
programs starting and loading their formats and fonts. A lecture has some 250
formulas, so a fresh render spent about 80 CPU seconds there. One document
holding all of them as pages, compiled once and converted with
``dvisvgm --page=1-``, costs under a second, and each page's SVG gives Manim
exactly the points a compile of its own gives (checked for every formula of
the default lecture; ``tests/scenes/test_survey.py`` checks it again).

But a scene asks for a formula only when it builds it, and needs its SVG at
once (its size decides the layout). So :func:`survey` runs the chapter's
``construct`` first in a forked copy of the chapter process, with nothing
drawn or written (every play skipped) and LaTeX answered by a stand-in SVG of
the right shape (its parts' groups, a box per piece of text), and collects
every document Manim would compile. The copy then compiles them in one batch
and leaves each SVG in the render's shared formula folder
(:func:`scenes.speedups.share_latex`), where the real ``construct`` finds them.

Nothing here can change a picture: the real run takes whatever SVG it finds
under the formula's hash (complete files only, renamed into place) and
compiles whatever the survey missed, as before. If the survey fails (a scene
that needs a real glyph's size, a LaTeX error in the batch), what it gathered
before the failure is still compiled, or nothing, and the real run compiles
the rest one by one, with its usual error messages. A survey whose formulas
are all in the folder already (a second render, a new theme) is not run again:
``<folder>/surveys/<key>.json`` lists them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["SURVEY_VARIABLE", "batch_compile", "stand_in_svg", "survey"]

# "0" turns the survey off (to measure without it).
SURVEY_VARIABLE = "SOFTMAX_LECTURE_FORMULA_SURVEY"
# A survey that runs longer than this is abandoned (its formulas compile one by one).
SURVEY_SECONDS = 600

_SPECIAL = re.compile(r"\\special\{dvisvgm:raw (<g id='[^']*'>|</g>)\}")
_BATCH_CLASS = r"\documentclass[preview]{standalone}"


def stand_in_svg(expression: str) -> str:
    r"""An SVG shaped like what ``expression`` compiles to.

    Its ``<g id>`` groups nest as the ``\special`` markers in ``expression``
    nest them, with a box per piece of text between them.
    """
    parts = ["<?xml version='1.0' encoding='UTF-8'?>",
             "<svg version='1.1' xmlns='http://www.w3.org/2000/svg' width='{w}pt' "
             "height='10pt' viewBox='0 -8 {w} 10'>", "<g id='page1'>"]
    x = 0.0
    position = 0
    for match in [*_SPECIAL.finditer(expression), None]:
        text = expression[position:match.start() if match else len(expression)]
        visible = len(re.sub(r"\\[A-Za-z]+|[{}\s^_]", "", text)) + len(re.findall(
            r"\\[A-Za-z]+", text))
        if visible:
            width = 5.0 * visible
            parts.append(f"<path d='M{x:.2f} 0H{x + width:.2f}V-7H{x:.2f}Z'/>")
            x += width + 1.0
        if match is None:
            break
        parts.append(match.group(1))
        position = match.end()
    parts += ["</g>", "</svg>"]
    return "\n".join(parts).replace("{w}", f"{max(x, 1.0):.2f}")


def batch_compile(documents: dict[str, str], folder: Path, work: Path,
                  compiler: str = "latex") -> int:
    """Compile ``documents`` (hash -> whole LaTeX document) in one run into ``folder``.

    Only documents in Manim's default shape (``standalone`` with ``preview``,
    one preamble) are batched; each becomes a page, and page n's SVG is
    renamed into ``folder/<hash>.svg``. Returns how many SVGs it added; 0 when
    the batch fails (the formulas are then compiled one by one, as Manim does).
    """
    wanted = {name: text for name, text in documents.items()
              if not (folder / f"{name}.svg").is_file()}
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, text in wanted.items():
        head, separator, rest = text.partition(r"\begin{document}")
        body, closing, _ = rest.rpartition(r"\end{document}")
        if not separator or not closing or not head.lstrip().startswith(_BATCH_CLASS):
            continue
        groups.setdefault(head, []).append((name, body))
    added = 0
    for number, (head, pages) in enumerate(groups.items()):
        source = work / f"batch-{number}.tex"
        preamble = head.replace(_BATCH_CLASS, r"\documentclass[preview,multi=lecturepage]"
                                              r"{standalone}", 1)
        source.write_text(preamble + "\\begin{document}\n" + "".join(
            f"\\begin{{lecturepage}}{body}\\end{{lecturepage}}\n" for _, body in pages)
            + "\\end{document}\n", encoding="utf-8")
        latex = subprocess.run(
            [compiler, "-interaction=batchmode", "-halt-on-error", f"-output-directory={work}",
             str(source)], capture_output=True, cwd=work)
        dvi = source.with_suffix(".dvi")
        if latex.returncode != 0 or not dvi.is_file():
            continue
        pages_dir = work / f"pages-{number}"
        pages_dir.mkdir()
        converted = subprocess.run(
            ["dvisvgm", str(dvi), "-n", "-v", "0", "-p", "1-", "-o",
             str(pages_dir / "%p.svg")], capture_output=True)
        made = sorted(pages_dir.glob("*.svg"), key=lambda path: int(path.stem))
        if converted.returncode != 0 or len(made) != len(pages):
            continue
        for (name, _), svg in zip(pages, made, strict=True):
            target = folder / f"{name}.svg"
            partial = folder / f".{name}.{os.getpid()}.part"
            shutil.copyfile(svg, partial)
            os.replace(partial, target)
            added += 1
    return added


def _key(scene: Any) -> str:
    """What a survey's result depends on: the chapter and the example it shows."""
    payload = json.dumps([type(scene).__module__, type(scene).__qualname__,
                          os.environ.get("SOFTMAX_LECTURE_EXAMPLE", "")])
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def _known(folder: Path, key: str) -> bool:
    """Whether an earlier survey of this chapter and example found only formulas compiled now."""
    try:
        names = json.loads((folder / "surveys" / f"{key}.json").read_text())
    except (OSError, ValueError):
        return False
    return isinstance(names, list) and all(
        isinstance(name, str) and (folder / f"{name}.svg").is_file() for name in names)


def survey(scene: Any, folder: Path) -> None:
    """Run ``scene.construct`` in a forked copy with LaTeX stood in, then batch its formulas.

    Called at the end of the scene's ``setup`` (the copy starts where the real
    run will). The calling process waits for the copy and then goes on as if
    nothing had happened: the copy's memory, mobjects and files are its own.
    """
    if os.environ.get(SURVEY_VARIABLE) == "0" or not hasattr(os, "fork"):
        return
    key = _key(scene)
    if _known(folder, key):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return
    status = 1
    try:
        # Quiet: a stand-in may make Manim log about missing glyph groups, and the
        # chapter's log is for what the real run says.
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        signal.alarm(SURVEY_SECONDS)
        status = _survey_in_copy(scene, folder, key)
    finally:  # the copy never returns into Manim, whatever happened
        os._exit(status)


def _survey_in_copy(scene: Any, folder: Path, key: str) -> int:
    import manim.mobject.text.tex_mobject as tex_mobject
    from manim import config
    from manim.utils.tex_file_writing import tex_hash

    from .speedups import tex_document

    work = Path(tempfile.mkdtemp(prefix="softmax-lecture-survey-"))
    documents: dict[str, str] = {}
    compiler = "latex"

    def stand_in(expression: str, environment: str | None = None,
                 tex_template: Any = None) -> Path:
        nonlocal compiler
        template = tex_template if tex_template is not None else config["tex_template"]
        document = tex_document(expression, environment, template)
        name = tex_hash(document)
        if template.output_format == ".dvi":
            documents[name] = document
            compiler = template.tex_compiler
        svg = work / f"{name}.svg"
        if not svg.is_file():
            svg.write_text(stand_in_svg(expression), encoding="utf-8")
        return svg

    tex_mobject.tex_to_svg_file = stand_in
    renderer = scene.renderer
    renderer.update_frame = lambda *args, **kwargs: None
    renderer.save_static_frame_data = lambda *args, **kwargs: None

    def always_skip() -> None:
        renderer.skip_animations = True

    renderer.update_skipping_status = always_skip
    finished = False
    try:
        scene.construct()
        finished = True
    except Exception:  # noqa: BLE001 (a stand-in's size can upset a layout: keep what we have)
        pass
    # A DecimalNumber builds its digits as frames are drawn, which the survey skips:
    # the glyphs it may need, as it asks for them (one MathTex a character).
    from manim import MathTex

    for character in "0123456789.-":
        MathTex(character)
    try:
        batch_compile(documents, folder, work, compiler)
        if finished:
            surveys = folder / "surveys"
            surveys.mkdir(exist_ok=True)
            partial = surveys / f".{key}.{os.getpid()}.part"
            partial.write_text(json.dumps(sorted(documents)))
            os.replace(partial, surveys / f"{key}.json")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0
