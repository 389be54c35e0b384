"""What the chapters ask mathcore for by name: formulas, terms, their own chapter.

A chapter that moves a term from one formula to the next picks it out of the
formula by its LaTeX; these tests hold that each named term is a whole piece
(:func:`mathcore.notation.split_formula`) of the formulas the chapter takes it
from, so no chapter needs to type it. Chapters find their outline entry by its
slug, and the summary's lines carry theirs.
"""

from __future__ import annotations

import pytest
import sympy as sp

from mathcore import notation as nt
from mathcore.derivations import reverse_derivation
from mathcore.example import formulas
from mathcore.outline import CHAPTERS, chapter_named
from mathcore.potential import field_latex, field_terms
from mathcore.slices import reverse_latex, reverse_terms
from mathcore.summary import summary_chain
from mathcore.views.summary import summary_display


def test_softmax_is_built_from_its_named_pieces():
    table = formulas()
    z, k = nt.z, nt.k
    assert table["exponential"] == "e^{z_{m}}"
    assert table["softmax"] == f"y_{{m}} = {table['softmax_fraction']}"
    assert table["softmax_fraction"].startswith(rf"\frac{{{table['exponential']}}}")
    assert nt.latex(sp.Sum(sp.exp(z[k]), (k, 1, nt.K))) in table["softmax_fraction"]
    assert table["softmax_name"] == r"\mathrm{softmax}"


def test_chapter_5_terms_are_pieces_of_the_formulas_they_move_between():
    reverse, texts, terms = reverse_derivation(), reverse_latex(), reverse_terms()

    def pieces(tex: str) -> tuple[str, ...]:
        return nt.split_formula(tex, terms)

    integral = pieces(reverse.step("integral").latex)
    softmax_integral = pieces(reverse.step("softmax_integral").latex)
    indicator_integral = pieces(reverse.step("indicator_integral").latex)
    assert texts["sum_exp"] in integral and texts["indicator"] in integral
    assert texts["log_u"] in softmax_integral and texts["plus_f"] in softmax_integral
    assert texts["plus_g"] in indicator_integral
    assert texts["target_logit"] in indicator_integral
    assert texts["log_sum_exp"] in pieces(texts["integral_back"])
    for name in ("log_sum_exp", "target_logit"):
        assert texts[name] in pieces(texts["cost_steps"])
    assert texts["plus_f"] == "+ f" and texts["log_u"] == r"\log u"


def test_chapter_6_lines_up_on_a_piece_of_the_jacobian_entry():
    texts = field_latex()
    assert texts["softmax_slope"] == nt.latex(sp.Derivative(nt.y[nt.m], nt.z[nt.n]))
    assert texts["softmax_slope"] in nt.split_formula(texts["jacobian_entry"], field_terms())


def test_a_chapter_is_found_by_its_slug():
    for chapter in CHAPTERS:
        assert chapter_named(chapter.slug) is chapter
    assert chapter_named("backwards").title == "Running it backwards"
    with pytest.raises(KeyError):
        chapter_named("Running it backwards")


def test_each_summary_line_carries_its_chapter():
    chain = summary_chain()
    assert [line.outline.number for line in chain] == [line.chapter for line in chain]
    assert [line.outline.slug for line in chain] == [
        "probabilities", "cost", "gradient", "backwards", "potential", "sigmoid", "deeper",
        "training"]
    shown = summary_display()["lines"]
    assert [(entry["title"], entry["latex"]) for entry in shown] == [
        (line.outline.title, line.latex) for line in chain]
