"""The packages import one way: pipeline -> scenes, handout -> mathcore.

Read from the sources (every ``import`` and ``from ... import`` statement,
at any depth), so a late import inside a function counts as much as one at
the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mathcore", "scenes", "handout", "pipeline")
# What each package may import from this project (besides itself).
ALLOWED = {
    "mathcore": set(),
    "scenes": {"mathcore"},
    "handout": {"mathcore"},
    "pipeline": {"mathcore", "scenes", "handout"},
}


def imported_packages(path: Path) -> set[str]:
    """The project packages a module imports (relative imports stay in its package)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


def test_the_probe_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text("def late():\n    from pipeline.cli import main\n    import scenes.base\n")
    assert imported_packages(module) == {"pipeline", "scenes"}


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_run_one_way(package):
    wrong = {
        path.relative_to(ROOT).as_posix(): sorted(imported_packages(path) - ALLOWED[package]
                                                  - {package})
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {name: packages for name, packages in wrong.items() if packages} == {}


def test_no_package_but_the_pipeline_runs_the_command():
    """A package below the pipeline never starts ``softmax-lecture`` (or ``-m pipeline``)."""
    offenders = [
        path.relative_to(ROOT).as_posix()
        for package in ("mathcore", "scenes", "handout")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "-m pipeline" in (text := path.read_text(encoding="utf-8"))
        or '"pipeline"' in text or "softmax-lecture render" in text
    ]
    assert offenders == []
