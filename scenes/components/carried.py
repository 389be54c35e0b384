"""Pictures that one chapter leaves on screen and a later chapter picks up.

Chapter 2 ends on the probabilities of the example as a panel of bars;
chapters 3 and 4 open on that same panel, at the same place and in the same
style, and turn it into their own rows, so the story continues instead of
starting again from nothing.
"""

from __future__ import annotations

import numpy as np

from mathcore.example import WorkedExample

from ..theme import current_theme
from .bars import ClassBars

__all__ = ["CAPTION_GAP", "PANEL_CENTER", "PANEL_HEIGHT", "PANEL_WIDTH", "probability_panel"]

PANEL_WIDTH = 5.6
PANEL_HEIGHT = 2.8
PANEL_CENTER = np.array([3.6, -0.4, 0.0])  # chapter 2's right-hand panel
CAPTION_GAP = 0.95  # from the panel's plotting area up to its caption's centre


def probability_panel(example: WorkedExample) -> ClassBars:
    """The probabilities as chapter 2 leaves them: bars on 0 to 1 in its right-hand panel."""
    panel = ClassBars(example.shown(example.probabilities), example.classes,
                      current_theme().probability, PANEL_WIDTH, PANEL_HEIGHT,
                      value_range=(0.0, 1.0))
    panel.shift(PANEL_CENTER)
    return panel
