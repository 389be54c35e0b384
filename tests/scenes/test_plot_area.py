"""The plots' one coordinate mapping: data to screen, wherever a plot has moved."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.components.cost_plot import CostPlot
from scenes.components.curves import NegLogCurve
from scenes.components.field_plot import FieldPlot
from scenes.components.function_plot import FunctionPlot
from scenes.components.plot_area import PlotArea
from scenes.components.slice_plot import PlotPanel


def test_every_plot_maps_data_through_the_plot_area():
    for plot in (CostPlot, NegLogCurve, FieldPlot, FunctionPlot, PlotPanel):
        assert issubclass(plot, PlotArea)
        assert plot.point is PlotArea.point


def test_corners_and_centre_follow_the_plot_when_it_moves_and_scales():
    area = PlotArea((-2.0, 6.0), (10.0, 20.0), width=4.0, height=2.0)
    assert np.allclose(area.point(-2.0, 10.0), [-2.0, -1.0, 0.0])
    assert np.allclose(area.point(6.0, 20.0), [2.0, 1.0, 0.0])
    assert np.allclose(area.point(2.0, 15.0), area.box_center())
    area.shift([1.5, -0.5, 0.0])
    area.scale(2.0, about_point=np.zeros(3))
    # The box now spans (-1, -3) to (7, 1); (4, 12.5) lies 3/4 across and 1/4 up it.
    assert np.allclose(area.point(4.0, 12.5), [5.0, -2.0, 0.0])
    assert area.fractions(4.0, 12.5) == pytest.approx((0.75, 0.25))


def test_a_box_can_start_at_its_lower_left_corner():
    area = PlotArea((0.0, 1.0), (0.0, 1.0), width=3.0, height=1.0, lower_left=(0.0, 0.0))
    assert np.allclose(area.point(0.0, 0.0), 0.0)
    assert np.allclose(area.point(1.0, 1.0), [3.0, 1.0, 0.0])
    line = area.polyline([0.0, 0.5, 1.0], [0.0, 1.0, 0.0], "#FFFFFF")
    assert np.allclose(line.get_top()[:2], [1.5, 1.0])
