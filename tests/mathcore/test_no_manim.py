"""mathcore never imports Manim, mathcore.views included: proven in a fresh interpreter."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

DRAWING_PACKAGES = ("manim", "manim_slides", "manimpango", "cairo")

PROBE = f"""
import importlib, pkgutil, sys
import mathcore
import mathcore.derivations, mathcore.example, mathcore.notation, mathcore.numerics
# Every module of mathcore, the display data under mathcore.views included.
modules = [info.name for info in pkgutil.walk_packages(mathcore.__path__, "mathcore.")]
assert {{"mathcore.views", "mathcore.views.axes", "mathcore.views.plane"}} <= set(modules), modules
for name in modules:
    importlib.import_module(name)
example = mathcore.example.WorkedExample.build()
from mathcore.views import canonical, cost_curve, plane, sigmoid, slice, training
for chapter_data in (cost_curve.chapter_data, slice.slice_data, plane.field_data,
                     sigmoid.chapter7_data, canonical.chapter8_data, training.training_display):
    chapter_data(example)
mathcore.all_derivations()[0].verify((2,))
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {DRAWING_PACKAGES!r})
assert not loaded, loaded
print(len(modules), "ok")
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
    count, word = used.stdout.split()
    assert word == "ok" and int(count) >= 18  # 10 top-level modules, views and its 7 modules
