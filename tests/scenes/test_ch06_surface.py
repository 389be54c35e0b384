"""Chapter 6's cost surface and walks, as drawn: projection, colours, painter's order, words.

The surface is built on a real plot of each test example; what is on screen is
compared with mathcore's plane (heights, grid, values) recomputed here where
the drawing could drift from it.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import ManimColor

from mathcore.outline import chapter_named
from mathcore.views.plane import field_plane
from scenes.components.cost_surface import CostSurface
from scenes.components.field_plot import FieldPlot
from scenes.theme import current_theme
from tests.scenes.examples import EXAMPLES, example

CHAPTER = chapter_named("potential")


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def drawn(request):
    plane = field_plane(example(request.param))
    plot = FieldPlot(plane, 7.0)
    return plane, plot


def test_seen_from_above_every_node_lies_on_the_plot(drawn):
    plane, plot = drawn
    surface = CostSurface(plot, plane, height=3.0, azimuth=0.0, tilt=0.0)
    grid_x, grid_y = np.meshgrid(plane.surface_x, plane.surface_y)
    nodes, _ = surface.project(grid_x, grid_y, plane.surface_heights)
    expected = np.array([[plot.point(x, y) for x, y in zip(row_x, row_y, strict=True)]
                         for row_x, row_y in zip(grid_x, grid_y, strict=True)])
    np.testing.assert_allclose(nodes, expected, atol=1e-9)
    # ... so the cells tile the plot's frame exactly.
    corners = np.concatenate([cell.get_all_points() for cell in surface.cells])
    assert corners[:, 0].min() == pytest.approx(plot.frame.get_left()[0], abs=1e-6)
    assert corners[:, 1].max() == pytest.approx(plot.frame.get_top()[1], abs=1e-6)


def test_side_on_a_higher_cost_stands_higher(drawn):
    plane, plot = drawn
    surface = CostSurface(plot, plane, height=3.0, azimuth=0.0, tilt=np.pi / 2)
    middle = np.array([np.mean(plane.x_range)])
    # Two points of the same place on the plane, at the lowest and highest cost.
    low, _ = surface.project(middle, np.array([plane.y_range[0]]), np.array([0.0]))
    high, _ = surface.project(middle, np.array([plane.y_range[0]]), np.array([1.0]))
    assert high[0, 1] - low[0, 1] == pytest.approx(3.0, abs=1e-9)


def test_cells_are_coloured_by_their_height(drawn):
    plane, plot = drawn
    theme = current_theme()
    surface = CostSurface(plot, plane)
    low = np.array(ManimColor(theme.panel).to_rgb())
    high = np.array(ManimColor(theme.cost).to_rgb())
    grid_cells = surface._grid_cells
    shares = []
    for cell in grid_cells:
        colour = np.array(cell.get_fill_color().to_rgb())
        shares.append(float((colour - low) @ (high - low) / ((high - low) @ (high - low))))
    np.testing.assert_allclose(shares, plane.cell_heights.ravel(), atol=0.01)
    # The cell heights are the mean of the corner costs, recomputed from the costs.
    heights = plane.surface_heights
    corner_mean = (heights[:-1, :-1] + heights[1:, :-1] + heights[:-1, 1:] + heights[1:, 1:]) / 4
    np.testing.assert_allclose(plane.cell_heights, corner_mean, atol=1e-12)


def test_painters_order_matches_an_independent_depth():
    worked = example("three")
    plane = field_plane(worked)
    plot = FieldPlot(plane, 7.0)
    turn, tip, lift = 0.5, 1.0, 3.0
    surface = CostSurface(plot, plane, height=lift, azimuth=turn, tilt=tip)
    centre = plot.box_center()
    grid_x, grid_y = np.meshgrid(plane.surface_x, plane.surface_y)
    flat = np.array([[plot.point(x, y) for x, y in zip(row_x, row_y, strict=True)]
                     for row_x, row_y in zip(grid_x, grid_y, strict=True)]) - centre
    turned_y = flat[..., 0] * np.sin(turn) + flat[..., 1] * np.cos(turn)
    depth = turned_y * np.sin(tip) - plane.surface_heights * lift * np.cos(tip)
    cell_depth = (depth[:-1, :-1] + depth[1:, :-1] + depth[:-1, 1:] + depth[1:, 1:]) / 4
    columns = cell_depth.shape[1]
    order = [surface._grid_cells.index(cell) for cell in surface.cells]
    drawn_depths = [cell_depth[divmod(index, columns)] for index in order]
    assert np.all(np.diff(drawn_depths) <= 1e-9)


def test_no_running_readout_is_left_on_screen_and_values_are_mathcore_printed(built):
    for name in sorted(EXAMPLES):
        scene = built(CHAPTER, name, "dark")
        for snapshot in scene.snapshots:
            assert not [text for text in snapshot.texts if text.kind == "DecimalNumber"]
        shown = {text.content for snapshot in scene.snapshots for text in snapshot.texts}
        latex = scene.plane.latex
        assert set(latex["integrals"].values()) <= shown
        assert set(latex["swirl_integrals"].values()) <= shown


def test_the_narration_words_the_plane_for_the_class_count(built):
    two, three, eight = (built(CHAPTER, name, "dark").narrations[0]
                         for name in ("two", "three", "eight"))
    assert "the only plane there is" in two and "strongest rival" not in two
    assert "the other logit held" in three and "every other" not in three
    assert "every other logit held" in eight
    # The eight-class plane is the target's logit (z_5) and its strongest rival's (z_2).
    assert "z_5, the target's logit, and z_2, its strongest rival's" in eight


@pytest.mark.parametrize("logits", [(1.0, 1.001, 0.999), (9.0, 0.0, -2.0), (0.5, -1.25),
                                    (-20.0, 20.0, 3.3, 0.0, -7.5, 12.0, 1.0, -1.0)])
def test_axis_names_clear_the_tick_labels(logits):
    # With the near tie a tick sits at the plane's top-left corner, under z_2's name.
    from mathcore.example import WorkedExample

    plot = FieldPlot(field_plane(WorkedExample.build(list(logits), 0)), 7.0)
    for name in (plot.first_label, plot.second_label):
        for tick in plot.ticks:
            label = tick[1]
            gap = 0.05  # boxes that merely do not touch still read as one label
            apart = (name.get_right()[0] + gap <= label.get_left()[0]
                     or label.get_right()[0] + gap <= name.get_left()[0]
                     or name.get_top()[1] + gap <= label.get_bottom()[1]
                     or label.get_top()[1] + gap <= name.get_bottom()[1])
            assert apart, (name.get_tex_string(), label.text)
