"""The lecture's two colour themes, named by meaning, read at call time.

A scene asks :func:`current_theme` whenever it needs a colour; nothing freezes a
theme into a default argument, so switching themes (``--theme light`` or the
``SOFTMAX_LECTURE_THEME`` environment variable) recolours everything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["COLOURS", "DARK", "LIGHT", "THEMES", "THEME_VARIABLE", "Theme", "current_theme"]

THEME_VARIABLE = "SOFTMAX_LECTURE_THEME"


@dataclass(frozen=True)
class Theme:
    """Colours by what they mean in the lecture (hex strings)."""

    name: str
    background: str
    text: str
    muted: str
    grid: str
    logit: str
    exponential: str
    probability: str
    target: str
    cost: str
    gradient: str
    highlight: str
    panel: str
    curvature: str
    font: str = "Latin Modern Roman"


# Each meaning's colour in the dark theme (3Blue1Brown's palette on a near-black
# ground) and in the light one (the same hues darkened until they read on
# paper-white, WCAG >= 3:1): (dark, light).
COLOURS = {
    "background": ("#111318", "#FBFAF6"),
    "text": ("#ECECEC", "#1E1E1E"),
    "muted": ("#9AA0A6", "#5F6368"),
    "grid": ("#3A3F47", "#D5D5D0"),
    "logit": ("#58C4DD", "#1B6FA8"),
    "exponential": ("#9CDCEB", "#3F8FBF"),
    "probability": ("#F4D345", "#A87800"),
    "target": ("#83C167", "#2E7D32"),
    "cost": ("#FC6255", "#C62828"),
    "gradient": ("#C38FF0", "#7B3FA0"),
    "highlight": ("#FFFFFF", "#000000"),
    "panel": ("#1D2027", "#EFEDE6"),
    # Second derivatives: the Hessian's entries and eigenvalues (chapter 8), a
    # colour no other meaning uses.
    "curvature": ("#FF9F43", "#B35900"),
}
DARK = Theme("dark", **{meaning: dark for meaning, (dark, _) in COLOURS.items()})
LIGHT = Theme("light", **{meaning: light for meaning, (_, light) in COLOURS.items()})

THEMES = {theme.name: theme for theme in (DARK, LIGHT)}


def current_theme() -> Theme:
    """The theme in force now: ``SOFTMAX_LECTURE_THEME`` (dark or light), default dark."""
    name = os.environ.get(THEME_VARIABLE, "dark").strip().lower() or "dark"
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}: choose dark or light")
    return THEMES[name]

