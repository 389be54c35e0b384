"""Formulas compiled in one batch give what Manim's own compile of each gives.

The reference is Manim's ``tex_to_svg_file`` (one ``latex`` and one ``dvisvgm``
per formula), read back by Manim's ``SVGMobject``: the batch's SVG must give
the same points and the same part groups.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from manim import MathTex, SVGMobject, Tex, config, tempconfig
from manim.utils.tex_file_writing import tex_hash, tex_to_svg_file

from scenes.survey import batch_compile, stand_in_svg

FORMULAS = [
    # (tex strings, environment-giving class, substrings to isolate)
    ((r"\frac{\partial C}{\partial z_m}", "=", "y_m", "-", "t_m"), MathTex, ()),
    ((r"-\log y_T = -\log \frac{e^{z_T}}{\sum_k e^{z_k}}",), MathTex, ("z_T",)),
    ((r"C = 2.1 \times 10^{-12}",), MathTex, ()),
    ((r"y_m = \frac{e^{z_m}}{\sum_k e^{z_k}}", r"\quad\text{cat}"), MathTex, ()),
    ((r"the cost \textbf{falls}",), Tex, ()),
]


def _points(svg) -> list[np.ndarray]:
    mobject = SVGMobject(str(svg), use_svg_cache=False)
    return [part.points for part in mobject.family_members_with_points()]


def _group_ids(svg) -> list[str]:
    return [element.get("id") for element in ET.parse(svg).iter()
            if element.get("id", "").startswith("unique")]


@pytest.fixture()
def media(tmp_path):
    with tempconfig({"media_dir": str(tmp_path / "media")}):
        yield tmp_path


def _expressions(tmp_path) -> list[tuple[str, str | None]]:
    """Each formula's joined expression and environment, as MathTex/Tex hand them to LaTeX."""
    seen = []
    import manim.mobject.text.tex_mobject as tex_mobject

    real = tex_mobject.tex_to_svg_file

    def record(expression, environment=None, tex_template=None):
        seen.append((expression, environment))
        return real(expression, environment, tex_template)

    tex_mobject.tex_to_svg_file = record
    try:
        for strings, kind, isolate in FORMULAS:
            kind(*strings, substrings_to_isolate=list(isolate))
    finally:
        tex_mobject.tex_to_svg_file = real
    return seen


def test_a_batch_gives_each_formula_the_points_and_groups_of_its_own_compile(media):
    expressions = _expressions(media)
    template = config["tex_template"]
    documents = {}
    for expression, environment in expressions:
        document = template.get_texcode_for_expression_in_env(expression, environment)
        documents[tex_hash(document)] = document
    shared = media / "shared"
    shared.mkdir()
    work = media / "work"
    work.mkdir()
    assert batch_compile(documents, shared, work) == len(documents) == len(FORMULAS)
    for expression, environment in expressions:
        own = tex_to_svg_file(expression, environment)  # Manim, one formula at a time
        batched = shared / own.name
        assert batched.is_file()
        assert _group_ids(batched) == _group_ids(own)
        ours, theirs = _points(batched), _points(own)
        assert len(ours) == len(theirs) > 0
        assert all(np.allclose(a, b, atol=1e-9) for a, b in zip(ours, theirs, strict=True))
    assert not list(shared.glob(".*"))  # only whole files, renamed into place


def test_a_batch_that_fails_adds_nothing(media):
    template = config["tex_template"]
    good = template.get_texcode_for_expression_in_env("x^2", "align*")
    bad = template.get_texcode_for_expression_in_env(r"\undefinedmacro{x}", "align*")
    shared, work = media / "shared", media / "work"
    shared.mkdir()
    work.mkdir()
    assert batch_compile({tex_hash(good): good, tex_hash(bad): bad}, shared, work) == 0
    assert not list(shared.iterdir())


def test_the_stand_in_nests_the_groups_as_the_expression_does():
    expression = (r"\special{dvisvgm:raw <g id='unique000'>}-\log "
                  r"\special{dvisvgm:raw <g id='unique000ss'>}y_T\special{dvisvgm:raw </g>}"
                  r"\special{dvisvgm:raw </g>}\special{dvisvgm:raw <g id='unique001'>}"
                  r"=\special{dvisvgm:raw </g>}")
    root = ET.fromstring(stand_in_svg(expression))
    namespace = "{http://www.w3.org/2000/svg}"
    outer = [group for group in root.iter(f"{namespace}g") if group.get("id") == "unique000"][0]
    inner = [group.get("id") for group in outer.iter(f"{namespace}g")]
    assert inner == ["unique000", "unique000ss"]
    ids = [group.get("id") for group in root.iter(f"{namespace}g")]
    assert ids == ["page1", "unique000", "unique000ss", "unique001"]
    # Every group holds a box, so every part of the formula has a size.
    assert all(list(group.iter(f"{namespace}path")) for group in root.iter(f"{namespace}g"))
