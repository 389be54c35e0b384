"""The handout's figures: one per chapter, a poster to include or the reason there is none.

The handout does not look for posters or render them: whoever builds it (the
``softmax-lecture handout`` command, in ``pipeline.handout``) hands it one
:class:`Figure` per chapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mathcore.outline import Chapter

__all__ = ["Figure"]


@dataclass(frozen=True)
class Figure:
    """One chapter's figure: a poster to include, or why there is none.

    ``theme`` is the theme the poster was rendered in (``"light"`` for print).
    """

    chapter: Chapter
    poster: Path | None
    reason: str = ""
    theme: str = ""
