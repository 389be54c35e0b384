"""The cheaper copies, the text built once and the shared LaTeX give what Manim alone gives.

Each check compares with a mobject Manim builds afresh, without the shortcut
(a new ``Text``/``MathTex``, a compile of our own), never with the shortcut's
own output.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import RED, UP, MathTex, Text, ValueTracker, VGroup, tempconfig
from manim.utils.color.core import ManimColor

import scenes.speedups as speedups
from scenes.speedups import cached_math, cached_text, number_text, redraw_on_change, share_latex


def _family_points(mobject) -> list[np.ndarray]:
    return [part.points.copy() for part in mobject.get_family()]


def _family_colours(mobject) -> list[str]:
    return [part.get_fill_color().to_hex() for part in mobject.get_family()]


@pytest.fixture()
def media(tmp_path):
    with tempconfig({"media_dir": str(tmp_path / "media")}):
        yield tmp_path


def test_base_installs_the_cheaper_copies():
    import scenes.base  # noqa: F401  (importing the scenes installs them)

    assert speedups.installed()


def test_a_copy_shares_the_parsed_path_and_is_otherwise_independent(media):
    speedups.install()
    original = Text("step 12 / 40", font_size=30)
    before_points, before_colours = _family_points(original), _family_colours(original)
    copy = original.copy()
    glyph, copied = original.submobjects[0], copy.submobjects[0]
    assert copied.path_obj is glyph.path_obj  # shared: read only while a glyph is built
    assert copied is not glyph and copied.points is not glyph.points
    copy.shift(UP).scale(2).set_color(RED)
    copy.submobjects[1].points[:] = 0
    copy.submobjects.pop()
    assert _family_colours(original) == before_colours
    after = _family_points(original)
    assert len(after) == len(before_points)
    assert all(np.array_equal(a, b) for a, b in zip(after, before_points, strict=True))


def test_a_copy_recoloured_leaves_its_original_colours(media):
    speedups.install()
    original = MathTex("y_T", "=", "0.659", color="#d4b84a")
    before = _family_colours(original)
    copy = original.copy()
    assert _family_colours(copy) == before
    copy[0].set_color("#1f77b4")
    copy[2].set_fill(opacity=0.2)
    assert _family_colours(original) == before
    assert all(part.get_fill_opacity() == 1 for part in original.get_family() if len(part.points))
    assert copy[0].get_fill_color() == ManimColor("#1f77b4")


@pytest.mark.parametrize("build, cached", [
    (lambda: Text("falls toward 0", font_size=24, color="#aaaaaa"),
     lambda: cached_text("falls toward 0", font_size=24, color="#aaaaaa")),
    (lambda: MathTex(r"C = ", r"0.417", font_size=40, color="#ffffff"),
     lambda: cached_math(r"C = ", r"0.417", font_size=40, color="#ffffff")),
])
def test_cached_text_and_formulas_equal_a_fresh_build_and_are_new_objects(media, build, cached):
    fresh = build()
    first, second = cached(), cached()
    assert first is not second
    for made in (first, second):
        assert type(made) is type(fresh)
        assert _family_colours(made) == _family_colours(fresh)
        points = _family_points(made)
        assert len(points) == len(_family_points(fresh))
        assert all(np.allclose(a, b) for a, b in zip(points, _family_points(fresh), strict=True))
    first.shift(UP)
    assert np.allclose(second.get_center(), fresh.get_center())


def test_arguments_that_are_not_plain_values_are_not_cached(media):
    colours = {"cat": RED}
    one = cached_text("cat dog", t2c=colours)
    colours["cat"] = "#00ff00"
    two = cached_text("cat dog", t2c=colours)
    assert one[0].get_fill_color() == ManimColor(RED)
    assert two[0].get_fill_color() == ManimColor("#00ff00")


def test_redraw_on_change_builds_once_per_key_and_shows_the_latest(media):
    tracker = ValueTracker(0.0)
    built = []

    def build(index):
        built.append(index)
        return VGroup(Text(f"step {index}", font_size=24))

    readout = redraw_on_change(lambda: int(round(tracker.get_value())), build)
    for value in (0.1, 0.3, 0.49, 0.6, 1.2, 1.4, 2.0, 2.0):
        tracker.set_value(value)
        readout.update(0)
    assert built == [0, 1, 2]
    expected = Text("step 2", font_size=24)
    assert np.isclose(readout.width, expected.width)
    assert np.allclose(readout.get_center(), expected.get_center())


def test_shared_latex_compiles_a_formula_once_and_leaves_only_whole_files(tmp_path, monkeypatch):
    import manim.mobject.text.tex_mobject as tex_mobject

    real = tex_mobject.tex_to_svg_file
    compiled = []

    def counting(expression, environment=None, tex_template=None):
        compiled.append(expression)
        return real(expression, environment, tex_template)

    monkeypatch.setattr(speedups, "tex_to_svg_file", counting)
    monkeypatch.setattr(tex_mobject, "tex_to_svg_file", real)
    shared = tmp_path / "shared"
    share_latex(shared)
    # Two chapters: each its own media folder (its own tex_dir), one shared folder.
    with tempconfig({"media_dir": str(tmp_path / "chapter-a")}):
        first = MathTex(r"\frac{\partial C}{\partial z_m} = y_m - t_m")
    with tempconfig({"media_dir": str(tmp_path / "chapter-b")}):
        second = MathTex(r"\frac{\partial C}{\partial z_m} = y_m - t_m")
        other = MathTex(r"-\log y_T")
    assert len(compiled) == 2  # each formula once, though the first was asked for twice
    assert r"\frac{\partial C}" in compiled[0] and r"-\log y_T" in compiled[1]
    names = sorted(path.name for path in shared.iterdir())
    assert len(names) == 2 and all(name.endswith(".svg") for name in names)
    # What the second chapter drew is what Manim compiled for the first.
    assert all(np.allclose(a, b) for a, b in zip(_family_points(first), _family_points(second),
                                                 strict=True))
    assert str(other.file_name) in {str(shared / name) for name in names}
    # Each shared SVG is byte for byte the one Manim compiled in a chapter's own folder.
    own = {path.name: path.read_bytes() for path in tmp_path.glob("chapter-*/Tex/*.svg")}
    assert set(own) == set(names)
    assert all((shared / name).read_bytes() == own[name] for name in names)


@pytest.mark.parametrize("words", ["0.347", "\u22121.25", "12.09", "0.001", "\u22120.5",
                                   "3.14159", "1,024.5", "+7", "-21.7", "5"])
def test_a_running_number_is_the_text_pango_would_make(media, words):
    kwargs = {"font": "Latin Modern Roman", "font_size": 30, "color": "#d4b84a"}
    made, fresh = number_text(words, **kwargs), Text(words, **kwargs)
    assert isinstance(made, Text) and made.text == fresh.text
    assert _family_colours(made) == _family_colours(fresh)
    assert len(made.submobjects) == len(fresh.submobjects)
    for ours, theirs in zip(made.submobjects, fresh.submobjects, strict=True):
        assert np.allclose(ours.points, theirs.points, atol=1e-6)
    assert np.isclose(made.height, fresh.height) and np.isclose(made.width, fresh.width)


def test_other_words_are_texts_of_their_own(media):
    made = number_text("2.1 \u00d7 10\u207b\u00b9\u00b2", font_size=30)
    fresh = Text("2.1 \u00d7 10\u207b\u00b9\u00b2", font_size=30)
    assert len(made.submobjects) == len(fresh.submobjects)
    assert all(np.allclose(a.points, b.points) for a, b in zip(made.submobjects,
                                                              fresh.submobjects, strict=True))
