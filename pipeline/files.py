"""Writing outputs safely: nothing half-written ever stands where a good file was."""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["remove", "write_atomically"]


def remove(path: Path) -> None:
    """Remove whatever is at ``path``: a folder, a file, a link, or nothing."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` under a temporary name and rename it into place.

    Whatever is in the way (a folder where the file goes, a file where its
    folder goes: a damaged cache) is removed first.
    """
    if path.parent.exists() and not path.parent.is_dir():
        path.parent.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        remove(path)
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
