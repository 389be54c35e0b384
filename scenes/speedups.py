"""Cheaper copies of Manim's mobjects, with the same result.

Manim copies mobjects all the time: every ``Transform`` and ``FadeOut`` copies
what it animates, ``DecimalNumber.set_value`` and Manim's SVG cache copy glyphs,
and :func:`cached_text` / :func:`cached_math` (below) hand out copies. ``Mobject.copy``
is ``copy.deepcopy``, and two things a glyph carries make it slow without
being needed in the copy:

* each glyph of a ``Text`` or ``MathTex`` keeps the ``svgelements.Path`` it was
  parsed from (``VMobjectFromSVGPath.path_obj``). Manim reads it only while the
  glyph is built (``generate_points``), never afterwards, but deepcopy copies its
  every segment and point object: about two thirds of a glyph's copy;
* every ``ManimColor`` (five or so a mobject) is copied through ``__reduce_ex__``.
  A ``ManimColor`` is a value: Manim makes a new one whenever a colour changes
  and never writes into one that a mobject holds.

:func:`install` makes a copy share both with its original. Measured on one core
(manim 0.21): copying a ``Text`` of 12 glyphs took 5.3 ms, now 0.8 ms; a
``MathTex`` 3.6 ms, now 0.6 ms. Everything else is copied as before; the tests
(``tests/scenes/test_speedups.py``) check that a copy is still independent of
its original wherever a scene can change it (points, colours, submobjects).

``install`` is called when :mod:`scenes.base` is imported, so every chapter
process has it; importing this module alone changes nothing.

:func:`share_latex` (installed by each scene's ``setup`` when the renderer names a
folder in :data:`TEX_CACHE_VARIABLE`, read then: a chapter process may be a fork of
one that imported the scenes before the chapter's environment was set) lets the
chapters of one render share their compiled formulas: the same formula in two
chapters is compiled once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import manim.mobject.text.tex_mobject as tex_mobject
import numpy as np
from manim import DL, ORIGIN, MathTex, Mobject, Text, VGroup, always_redraw, config
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
from manim.utils.color.core import ManimColor
from manim.utils.tex_file_writing import tex_hash, tex_to_svg_file

from .context import TEX_CACHE_VARIABLE

__all__ = ["SPEEDUPS_VARIABLE", "TEX_CACHE_VARIABLE", "cached_math", "cached_text", "enabled",
           "install", "installed", "number_text", "redraw_on_change", "share_latex",
           "tex_document"]

SPEEDUPS_VARIABLE = "SOFTMAX_LECTURE_SPEEDUPS"  # "0": none of the shortcuts here


_INSTALLED = False


def _share_path(self: VMobjectFromSVGPath, memo: dict[int, Any]) -> VMobjectFromSVGPath:
    """Mobject's deepcopy, with the parsed SVG path shared (it is read only when built)."""
    path = self.__dict__.get("path_obj")
    if path is not None:
        memo[id(path)] = path
    return Mobject.__deepcopy__(self, memo)


def _same_colour(self: ManimColor, memo: dict[int, Any]) -> ManimColor:
    return self


def enabled() -> bool:
    """Whether the shortcuts here are on: ``SOFTMAX_LECTURE_SPEEDUPS=0`` turns them off.

    Off, a chapter is rendered as before issue #12 (Manim's own copies, every
    Text and formula built afresh, always_redraw's every-frame rebuild, each
    chapter's formulas its own); the tests render so to compare.
    """
    return os.environ.get(SPEEDUPS_VARIABLE) != "0"


def install() -> None:
    """Make copies of SVG glyphs share their parsed path, and copies share colours."""
    global _INSTALLED
    if _INSTALLED or not enabled():
        return
    VMobjectFromSVGPath.__deepcopy__ = _share_path  # type: ignore[method-assign]
    ManimColor.__deepcopy__ = _same_colour  # type: ignore[attr-defined]
    ManimColor.__copy__ = lambda self: self  # type: ignore[attr-defined]
    _INSTALLED = True


def tex_document(expression: str, environment: str | None = None,
                 tex_template: Any = None) -> str:
    """The LaTeX document Manim compiles for ``expression`` (its hash names the files)."""
    template = tex_template if tex_template is not None else config["tex_template"]
    if environment is not None:
        return template.get_texcode_for_expression_in_env(expression, environment)
    return template.get_texcode_for_expression(expression)


def share_latex(folder: Path) -> None:
    """Look for each formula's SVG in ``folder`` first, and leave every one compiled there.

    Manim compiles a formula into its own ``tex_dir`` (the chapter's work folder)
    and names the files after a hash of the whole LaTeX document, so equal
    formulas have equal names in every chapter. A chapter process finds a formula
    another chapter compiled in ``folder``; what it compiles itself it copies
    there under a temporary name and renames into place, so the folder only ever
    holds complete SVGs, whoever is interrupted (two processes compiling the same
    formula at once both compile it, and the second rename changes nothing).
    """
    if not enabled():
        return
    folder.mkdir(parents=True, exist_ok=True)

    def shared_svg(expression: str, environment: str | None = None,
                   tex_template: Any = None) -> Path:
        found = folder / f"{tex_hash(tex_document(expression, environment, tex_template))}.svg"
        if found.is_file():
            return found
        compiled = tex_to_svg_file(expression, environment, tex_template)
        partial = folder / f".{found.stem}.{os.getpid()}.part"
        shutil.copyfile(compiled, partial)
        os.replace(partial, found)
        return found

    tex_mobject.tex_to_svg_file = shared_svg  # MathTex's and Tex's own reference


def installed() -> bool:
    """Whether :func:`install` has run in this process."""
    return _INSTALLED


# ----------------------------------------------------------------------
# Text and formulas built once per process, then copied.

_TEMPLATES: dict[tuple, Mobject] = {}


def _key(kind: str, content: tuple, kwargs: dict[str, Any]) -> tuple | None:
    """A hashable key for a mobject's arguments, or None when one of them is not a plain value."""
    items = []
    for name, value in sorted(kwargs.items()):
        if isinstance(value, ManimColor):
            value = ("colour", value.to_hex(with_alpha=True))
        elif not isinstance(value, (str, int, float, bool, type(None))):
            return None
        items.append((name, value))
    return (kind, content, tuple(items))


def _cached(key: tuple | None, build: Callable[[], Mobject]) -> Mobject:
    if key is None or not enabled():
        return build()
    template = _TEMPLATES.get(key)
    if template is None:
        template = _TEMPLATES[key] = build()
    return template.copy()


def cached_text(words: str, **kwargs: Any) -> Text:
    """``Text(words, **kwargs)``, built once per process for the same arguments and then copied.

    Building a ``Text`` asks Pango for an SVG and parses it (about 17 ms); a copy
    costs under 1 ms. The copy is a new, independent mobject, as a new ``Text``
    would be.
    """
    return _cached(_key("text", (words,), kwargs), lambda: Text(words, **kwargs))


def cached_math(*tex: str, **kwargs: Any) -> MathTex:
    """``MathTex(*tex, **kwargs)``, built once per process for the same arguments, then copied."""
    return _cached(_key("math", tex, kwargs), lambda: MathTex(*tex, **kwargs))


def redraw_on_change(key: Callable[[], Hashable], build: Callable[[Hashable], Mobject]) -> Mobject:
    """``always_redraw``, rebuilt only on the frames where ``key()`` has changed.

    ``build(key)`` must depend on nothing but its key (and on things that do not
    move while it is shown). ``always_redraw`` builds a new mobject every frame
    and morphs the old one into it with ``become``; a readout that shows the
    step nearest a tracker changes some 60 times in 750 frames, so the other
    frames would rebuild the same Text and formulas for nothing.
    """
    if not enabled():
        return always_redraw(lambda: build(key()))
    shown = key()
    mobject = build(shown)

    def refresh(target: Mobject) -> None:
        nonlocal shown
        now = key()
        if now != shown:
            shown = now
            target.become(build(now))

    mobject.add_updater(refresh)
    return mobject


# ----------------------------------------------------------------------
# Running numbers from glyphs laid out once.

# What number_text composes; anything else is a Text of its own.
NUMBER_CHARACTERS = "0123456789.,+-\u2212"
_LAYOUTS: dict[tuple, dict[str, tuple[Mobject, float, float, float]] | None] = {}


def _layout(kwargs: dict[str, Any]) -> dict[str, tuple[Mobject, float, float, float]] | None:
    """Each number character's glyph, advance, ink offset and rise, as Pango sets them.

    For Texts made with ``kwargs``; None when composing would not give Pango's layout.
    Measured from ``Text("00")`` and ``Text("0c0")``: the second 0 moves by the advance
    of ``c``, and ``c``'s ink sits where Pango put it after the first 0. Checked once
    against ``Text`` of all the characters: a font that kerns them is not composed.
    """
    key = _key("layout", (), kwargs)
    if key is None:
        return None
    if key in _LAYOUTS:
        return _LAYOUTS[key]
    zeros = Text("00", **kwargs)
    zero = zeros[1].get_left()[0] - zeros[0].get_left()[0]
    layout = {}
    for character in NUMBER_CHARACTERS:
        first, glyph, last = Text(f"0{character}0", **kwargs).submobjects
        advance = last.get_left()[0] - first.get_left()[0] - zero
        offset = glyph.get_left()[0] - first.get_left()[0] - zero
        rise = glyph.get_bottom()[1] - first.get_bottom()[1]
        glyph = glyph.copy()
        glyph.shift(-glyph.get_corner(DL))
        layout[character] = (glyph, advance, offset, rise)
    sample = "\u22120123456789.,+-5"
    composed, made = _compose(sample, layout, kwargs), Text(sample, **kwargs)
    made.move_to(ORIGIN)
    same = len(composed.submobjects) == len(made.submobjects) and all(
        np.allclose(a.points, b.points, atol=1e-6)
        for a, b in zip(composed.submobjects, made.submobjects, strict=True))
    _LAYOUTS[key] = layout if same else None
    return _LAYOUTS[key]


def _compose(words: str, layout: dict, kwargs: dict[str, Any]) -> Text:
    text = cached_text("0", **kwargs)
    glyphs, pen = [], 0.0
    for character in words:
        glyph, advance, offset, rise = layout[character]
        placed = glyph.copy()
        placed.shift([pen + offset, rise, 0])
        glyphs.append(placed)
        pen += advance
    text.submobjects = glyphs
    text.chars = VGroup(*glyphs)
    text.original_text = text.text = words
    text.move_to(ORIGIN)
    text.initial_height = text.height  # as Text sets it: font_size reads it
    return text


def number_text(words: str, **kwargs: Any) -> Text:
    """``Text(words, **kwargs)`` for a number that changes every frame, without Pango or SVG.

    Built from copies of each character's glyph, placed where Pango places it
    (:func:`_layout`): the same points as ``Text`` gives, about a fifth of the
    time (a running readout makes a new one every frame). A string with other
    characters, or a font whose layout this does not reproduce, is a real Text.
    """
    if enabled() and words and all(character in NUMBER_CHARACTERS for character in words):
        layout = _layout(kwargs)
        if layout is not None:
            return _compose(words, layout, kwargs)
    return cached_text(words, **kwargs)
