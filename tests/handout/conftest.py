"""The handouts that test modules only read, each built once."""

from __future__ import annotations

import pytest

from tests.handout.helpers import SIX_OPTIONS, SPECIALS_OPTIONS, run_handout


@pytest.fixture(scope="session")
def default_run(tmp_path_factory):
    run = run_handout([], tmp_path_factory.mktemp("default"))
    assert run.status == 0, run.stderr
    return run


@pytest.fixture(scope="session")
def six_run(tmp_path_factory):
    """Six classes, target class 4."""
    run = run_handout(SIX_OPTIONS, tmp_path_factory.mktemp("six"))
    assert run.status == 0, run.stderr
    return run


@pytest.fixture(scope="session")
def specials_run(tmp_path_factory):
    """LaTeX specials as class names, and another exercise sheet."""
    run = run_handout(SPECIALS_OPTIONS, tmp_path_factory.mktemp("specials"))
    assert run.status == 0, run.stderr
    return run
