"""The default handout, built once for every test module that only reads it."""

from __future__ import annotations

import pytest

from tests.handout.helpers import run_handout


@pytest.fixture(scope="session")
def default_run(tmp_path_factory):
    run = run_handout([], tmp_path_factory.mktemp("default"))
    assert run.status == 0, run.stderr
    return run
