"""``softmax-lecture verify``'s report, and the verification that comes before every render.

The report computes the worked example, runs its checks and proves every
derivation step at the class counts asked for. A render verifies first and
remembers a pass in ``.cache/verified/`` (a marker named by a hash of the
example, mathcore's sources and the numeric packages' versions), so an
unchanged rerun does not prove everything again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mathcore.example import WorkedExample

__all__ = ["first_problem", "print_report", "verification_report", "verify_for_render"]


def verification_report(example: WorkedExample, sizes: Sequence[int]) -> dict[str, Any]:
    """The example, its checks and every derivation proven at ``sizes`` (``--json``'s object)."""
    from mathcore.derivations import all_derivations

    results = [derivation.verify(sizes) for derivation in all_derivations()]
    report = {
        "logits": list(example.logits),
        "target": example.target,
        "target_name": example.target_name,
        "classes": list(example.classes),
        "probabilities": example.probabilities.tolist(),
        "cost": example.cost,
        "gradient": example.gradient.tolist(),
        "checks": {
            check.name: {"passed": check.passed, "max_error": check.max_error,
                         "tolerance": check.tolerance}
            for check in example.checks
        },
        "derivations": [
            {
                "name": result.name,
                "title": result.title,
                "classes_checked": list(result.classes),
                "passed": result.passed,
                "steps": [
                    {"latex": step.latex, "justification": step.justification,
                     "method": step.method, "passed": step.passed,
                     "max_error": step.max_error}
                    for step in result.steps
                ],
            }
            for result in results
        ],
    }
    report["passed"] = example.passed and all(result.passed for result in results)
    return report


def print_report(example: WorkedExample, report: dict[str, Any]) -> None:
    """The report as a reader wants it: the example's table, the checks, every step."""
    fmt = example.fmt
    print(f"Worked example: {example.n_classes} classes, target {example.target_name!r} "
          f"(index {example.target})")
    width = max(8, *(len(name) for name in example.classes))
    # Where e^z would overflow, mathcore gives e^(z - max z): say so.
    exponential = "e^z" if example.exponential_shift == 0 else "e^(z-max z)"
    header = (f"  {'class':<{width}} {'logit z':>9} {exponential:>12} {'prob. y':>9} "
              f"{'target t':>9} {'y - t':>9} {'finite diff.':>13}")
    print(header)
    for index, name in enumerate(example.classes):
        print(f"  {name:<{width}} {fmt(example.logits[index]):>9} "
              f"{fmt(example.exponentials[index]):>12} {fmt(example.probabilities[index]):>9} "
              f"{fmt(example.one_hot[index]):>9} {fmt(example.gradient[index]):>9} "
              f"{fmt(example.finite_difference[index]):>13}")
    print(f"  cost C = -log y_T = {fmt(example.cost)}")
    print()
    print("Checks")
    for check in example.checks:
        mark = "pass" if check.passed else "FAIL"
        print(f"  [{mark}] {check.name:<38} error {check.max_error:.1e} "
              f"(tolerance {check.tolerance:.1e})")
    for derivation in report["derivations"]:
        sizes = ",".join(str(size) for size in derivation["classes_checked"])
        print()
        print(f"Derivation {derivation['name']!r}: {derivation['title']} (K = {sizes})")
        for step in derivation["steps"]:
            mark = f"pass, {step['method']}" if step["passed"] else "FAIL"
            print(f"  [{mark}] {step['latex']}")
            print(f"      {step['justification']}")
    print()
    if report["passed"]:
        print("All checks and derivations passed.")
    else:
        print("Some checks or derivations FAILED.")


def first_problem(example: WorkedExample, report: dict[str, Any]) -> str:
    """The first failed check or derivation step, in a few words."""
    for check in example.checks:
        if not check.passed:
            return (f"check {check.name!r} failed: error {check.max_error:.3g} > "
                    f"tolerance {check.tolerance:.3g}")
    for derivation in report["derivations"]:
        for number, step in enumerate(derivation["steps"], start=1):
            if not step["passed"]:
                return (f"derivation {derivation['name']!r} failed at step {number}: "
                        f"{step['latex']}")
    return "verification failed"


def verify_for_render(example: WorkedExample, cache: Path, say: Callable[[str], None]
                      ) -> tuple[str | None, str, tuple[Path, str] | None]:
    """Verify the example and the derivations at its K, unless a marker says they passed.

    The marker, under ``.cache/verified``, is named by a hash of the example,
    mathcore's sources and the numeric packages' versions, and holds those
    inputs: one whose text differs from them is damaged; ``say`` gets a line
    saying so and the verification runs again. Returns the first problem (None
    when all passed), a line saying what was verified, and, for a fresh pass,
    the marker to write and its text.
    """
    import hashlib

    from .cache import mathcore_sources, package_versions, source_digest

    inputs = json.dumps({
        "marker": 2,  # markers were empty files before: a new name, not a damaged one
        "example": example.fingerprint(),
        "sources": source_digest(mathcore_sources()),
        "packages": package_versions(("numpy", "sympy")),
    }, sort_keys=True)
    marker = cache / "verified" / hashlib.sha256(inputs.encode()).hexdigest()[:24]
    try:  # no cache yet (or an --output that cannot be one): no marker, no damage
        recorded = marker.read_text(encoding="utf-8") if cache.is_dir() else None
    except FileNotFoundError:
        recorded = None
    except (OSError, ValueError):  # a folder in its place, a file as its folder, not text
        recorded = ""
    if recorded == inputs:
        return None, (f"verified: the example and the derivations at K={example.n_classes} "
                      f"(cached)"), None
    if recorded is not None:
        say(f"softmax-lecture: cache entry verified/{marker.name} was corrupt (its text is "
            f"not what was verified); verifying again")
    report = verification_report(example, (example.n_classes,))
    if not report["passed"]:
        return first_problem(example, report), "", None
    return None, (f"verified: {len(report['checks'])} checks of the example and "
                  f"{len(report['derivations'])} derivations at K={example.n_classes}"), (
        marker, inputs)

