"""The ``softmax-lecture`` command line.

Subcommands import only what they need: ``verify`` never loads Manim.
Bad input gets one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

__all__ = ["main", "UsageError"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line (no usage block)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _add_example_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the worked example")
    group.add_argument("--logits", metavar="Z1,Z2,...",
                       help="comma-separated logits, 2 to 8 of them (default 2,1,0.1)")
    group.add_argument("--target", metavar="NAME|INDEX",
                       help="target class, by name or 0-based index (default: cat)")
    group.add_argument("--classes", metavar="A,B,...",
                       help="comma-separated class names (default cat,dog,bird)")
    group.add_argument("--config", metavar="FILE",
                       help="TOML file with logits, target, classes "
                            "(default: ./lecture.toml when it exists)")


def _example(args: argparse.Namespace, strict: bool = True) -> Any:
    from mathcore.example import ExampleError, WorkedExample

    try:
        return WorkedExample.from_options(
            logits=args.logits, target=args.target, classes=args.classes,
            config=args.config, strict=strict,
        )
    except ExampleError as error:
        raise UsageError(str(error)) from None


def _parse_sizes(text: str) -> tuple[int, ...]:
    from mathcore.example import MAX_CLASSES, MIN_CLASSES

    try:
        if "-" in text:
            low, high = (int(part) for part in text.split("-", 1))
            sizes = tuple(range(low, high + 1))
        else:
            sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise UsageError(f"--sizes {text!r}: expected like 2-8 or 2,3,8") from None
    if not sizes or any(not MIN_CLASSES <= size <= MAX_CLASSES for size in sizes):
        raise UsageError(f"--sizes {text!r}: sizes run from {MIN_CLASSES} to {MAX_CLASSES}")
    return sizes


def _verification(example: Any, sizes: Sequence[int]) -> dict[str, Any]:
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


def _print_human(example: Any, report: dict[str, Any]) -> None:
    fmt = example.fmt
    print(f"Worked example: {example.n_classes} classes, target {example.target_name!r} "
          f"(index {example.target})")
    width = max(8, *(len(name) for name in example.classes))
    header = (f"  {'class':<{width}} {'logit z':>9} {'e^z':>10} {'prob. y':>9} "
              f"{'target t':>9} {'y - t':>9} {'finite diff.':>13}")
    print(header)
    for index, name in enumerate(example.classes):
        print(f"  {name:<{width}} {fmt(example.logits[index]):>9} "
              f"{fmt(example.exponentials[index]):>10} {fmt(example.probabilities[index]):>9} "
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


def _cmd_verify(args: argparse.Namespace) -> int:
    example = _example(args, strict=False)
    sizes = _parse_sizes(args.sizes) if args.sizes else (example.n_classes,)
    report = _verification(example, sizes)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_human(example, report)
    return EXIT_OK if report["passed"] else EXIT_FAILED


def _example_options(args: argparse.Namespace) -> list[str]:
    """The example options as given, to pass on to another subcommand."""
    given = (("--logits", args.logits), ("--target", args.target),
             ("--classes", args.classes), ("--config", args.config))
    # --name=value: a value such as "-1,2" must not read as an option.
    return [f"{flag}={value}" for flag, value in given if value is not None]


def _cmd_handout(args: argparse.Namespace) -> int:
    from handout.build import HandoutError, HandoutUsageError, build_handout

    example = _example(args, strict=False)
    try:
        result = build_handout(example, args.output, args.exercise_seed, args.figures,
                               _example_options(args))
    except HandoutUsageError as error:
        raise UsageError(str(error)) from None
    except HandoutError as error:
        print(f"softmax-lecture: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {result.pdf} ({result.pages} pages, {result.figures_included} figures) "
          f"and {result.tex.name}")
    if result.problems:
        print(f"softmax-lecture: {'; '.join(result.problems)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``softmax-lecture``."""
    parser = _Parser(
        prog="softmax-lecture",
        description="Why the negative log-likelihood goes with softmax: "
                    "a lecture computed and proven by mathcore, animated by Manim.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    verify = commands.add_parser(
        "verify", help="compute the worked example and prove every derivation",
        description="Compute the worked example, run its checks and prove every "
                    "derivation step. Exit 0 only if everything passed.",
    )
    _add_example_options(verify)
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    verify.add_argument("--sizes", metavar="2-8",
                        help="class counts to prove the derivations for "
                             "(default: the example's own)")
    verify.set_defaults(handler=_cmd_verify)

    handout = commands.add_parser(
        "handout", help="typeset the printable lecture notes (PDF, with pdflatex)",
        description="Write <output>/handout/lecture-notes.pdf and the .tex it was compiled "
                    "from: the worked example, every derivation step proven again, one figure "
                    "per chapter, exercises with answers on the last page.",
    )
    _add_example_options(handout)
    handout.add_argument("--output", metavar="DIR", default="media",
                         help="media folder to write handout/ into (default: media/)")
    handout.add_argument("--exercise-seed", metavar="N", type=int,
                         help="seed of the exercise example (default: 1)")
    handout.add_argument("--figures", action="store_true",
                         help="when the posters of this example are missing, render them first "
                              "(softmax-lecture render --quality low)")
    handout.set_defaults(handler=_cmd_handout)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return args.handler(args)
    except UsageError as error:
        print(f"softmax-lecture: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("softmax-lecture: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (``| head``) went away: stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())
