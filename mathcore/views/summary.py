"""Chapter 10's screen: each identity of the lecture under the title of the chapter it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..summary import summary_chain

if TYPE_CHECKING:
    from ..example import WorkedExample

__all__ = ["summary_display"]


def summary_display(example: WorkedExample | None = None) -> dict[str, Any]:
    """Everything chapter 10 shows: each line's identity and note under its chapter's title.

    The summary is the same for every example; ``example`` is accepted so that
    every chapter's display data is asked for the same way.
    """
    return {"lines": [{"chapter": line.chapter, "title": line.outline.title,
                       "latex": line.latex, "note": line.note} for line in summary_chain()]}
