"""mathcore never imports Manim: proven in a fresh interpreter."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

DRAWING_PACKAGES = ("manim", "manim_slides", "manimpango", "cairo")

PROBE = f"""
import sys
import mathcore
import mathcore.derivations, mathcore.example, mathcore.notation, mathcore.numerics
mathcore.example.WorkedExample.build()
mathcore.all_derivations()[0].verify((2,))
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {DRAWING_PACKAGES!r})
assert not loaded, loaded
print("ok")
"""


def test_manim_is_installed_so_the_probe_can_fail():
    assert importlib.util.find_spec("manim") is not None


def test_import_mathcore_does_not_load_manim(tmp_path):
    bare = subprocess.run(
        [sys.executable, "-c", "import mathcore, sys; assert 'manim' not in sys.modules"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert bare.returncode == 0, bare.stderr
    used = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert used.returncode == 0, used.stderr
    assert used.stdout.strip() == "ok"
