"""The hypothesis profile CI loads (tests/conftest.py): the same examples on every run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, tests.conftest\n"
    "from hypothesis import settings\n"
    "local = settings(max_examples=60)  # as the test modules build theirs, after conftest\n"
    "print(json.dumps({'derandomize': local.derandomize, 'database': local.database is None,\n"
    "                  'deadline': local.deadline is None}))\n"
)


def profile_under(**environment: str) -> dict[str, bool]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("CI", "HYPOTHESIS_PROFILE")}
    env.update(environment, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("environment", [{"CI": "true"}, {"HYPOTHESIS_PROFILE": "ci"}],
                         ids=["CI=true", "HYPOTHESIS_PROFILE=ci"])
def test_ci_replays_the_same_examples_without_a_database_or_deadline(environment):
    assert profile_under(**environment) == {"derandomize": True, "database": True,
                                            "deadline": True}


def test_local_runs_keep_exploring_and_remembering():
    settings = profile_under()
    assert settings["derandomize"] is False
    assert settings["database"] is False  # failures are remembered in .hypothesis/
