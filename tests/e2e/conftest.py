"""Shared renders for the end-to-end tests: each chapter is rendered once per session.

``one_chapter`` renders chapter 1 alone; ``lecture`` copies that output folder
(cache included) and renders chapters 1 and 2 into it, so chapter 1 comes from
the cache and only chapter 2 is drawn. Tests that change an output folder work
on a copy (:func:`copy_output`), never on these.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.helpers import Run, assert_succeeded, copy_output, render


@pytest.fixture(scope="session")
def one_chapter(tmp_path_factory) -> Run:
    run = render(tmp_path_factory.mktemp("one") / "media", "--chapters", "1")
    assert_succeeded(run)
    return run


@pytest.fixture(scope="session")
def lecture(one_chapter, tmp_path_factory) -> Run:
    output = copy_output(one_chapter.output, tmp_path_factory.mktemp("two") / "media")
    run = render(output, "--chapters", "1,2")
    assert_succeeded(run)
    return run


@pytest.fixture(scope="session")
def fake_latex(tmp_path_factory) -> Path:
    """A folder whose ``latex`` fails as a broken document would."""
    folder = tmp_path_factory.mktemp("fake-latex")
    script = folder / "latex"
    script.write_text("#!/bin/sh\necho '! LaTeX Error: File `missing.sty' not found.'\nexit 1\n")
    script.chmod(0o755)
    return folder
