"""Compile a LaTeX document with pdflatex, all or nothing.

The document is compiled in a temporary folder beside its destination; the
PDF and the ``.tex`` replace the previous ones (``os.replace``) only when
pdflatex succeeded, so a failure leaves the last good PDF in place and never
a half-written one. pdflatex runs with ``-interaction=nonstopmode
-halt-on-error -no-shell-escape``: the document cannot run programs, and an
error stops it instead of waiting for input.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "LATEX_PACKAGES",
    "LatexError",
    "LatexMissingError",
    "compile_pdf",
    "first_error",
    "find_pdflatex",
]

# The Debian packages that hold pdflatex and the LaTeX packages the handout uses.
LATEX_PACKAGES = ("texlive-latex-base", "texlive-latex-recommended", "texlive-latex-extra",
                  "texlive-fonts-recommended")
MAX_RUNS = 3  # the second run resolves page references; a third only if LaTeX asks
TIMEOUT_S = 180
_RERUN = re.compile(r"Rerun to get|Label\(s\) may have changed|There were undefined references")
_PAGES = re.compile(r"Output written on .*\((\d+) pages?")


class LatexError(RuntimeError):
    """pdflatex failed; the message is one line with LaTeX's first error."""


class LatexMissingError(LatexError):
    """No pdflatex on PATH."""


def find_pdflatex() -> str:
    """The pdflatex program on PATH, or :class:`LatexMissingError` naming the packages."""
    program = shutil.which("pdflatex")
    if program is None:
        raise LatexMissingError("pdflatex not found: install the Debian packages "
                           + " ".join(LATEX_PACKAGES))
    return program


def first_error(log: str, fallback: str = "") -> str:
    """LaTeX's first error line (a line starting with ``!``) in ``log``, else ``fallback``."""
    for line in log.splitlines():
        if line.startswith("!"):
            return line.strip()
    return fallback


def _run(program: str, folder: Path, stem: str) -> tuple[int, str, str]:
    """One pdflatex run in ``folder``: exit status, its log, its terminal output."""
    environment = dict(os.environ)
    # One error message per log line: TeX wraps its lines at 79 characters otherwise.
    environment["max_print_line"] = "10000"
    try:
        finished = subprocess.run(
            [program, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
             # Errors as "! message" lines, whatever texmf.cnf says.
             "-no-file-line-error", f"{stem}.tex"],
            cwd=folder, env=environment, stdin=subprocess.DEVNULL, capture_output=True,
            text=True, errors="replace", timeout=TIMEOUT_S, check=False,
        )
    except subprocess.TimeoutExpired:
        raise LatexError(f"pdflatex took longer than {TIMEOUT_S} s") from None
    except OSError as error:
        raise LatexError(f"cannot run pdflatex: {error}") from None
    log_path = folder / f"{stem}.log"
    log = log_path.read_text(errors="replace") if log_path.is_file() else ""
    return finished.returncode, log, finished.stdout + finished.stderr


def compile_pdf(
    tex: str,
    destination: Path,
    assets: Mapping[str, Path] | None = None,
    program: str | None = None,
) -> int:
    """Typeset ``tex`` into ``destination`` (a ``.pdf``); return its page count.

    Parameters
    ----------
    tex : str
        The whole document.
    destination : Path
        Where the PDF goes; the ``.tex`` goes beside it with the same stem.
    assets : mapping of str to Path, optional
        Files the document includes, by the relative path it uses for them
        (``figures/01-question.png``); copied into the build folder and, on
        success, beside the ``.tex``.
    program : str, optional
        The pdflatex to run (default: :func:`find_pdflatex`).

    Raises
    ------
    LatexError
        pdflatex failed: the message is LaTeX's first ``!`` line and where the
        failed run's log was kept. The previous PDF is untouched.
    """
    program = program or find_pdflatex()
    destination = Path(destination)
    folder = destination.parent
    folder.mkdir(parents=True, exist_ok=True)
    stem = destination.stem
    failed_log = folder / f"{stem}.failed.log"
    assets = dict(assets or {})
    with tempfile.TemporaryDirectory(prefix=f".{stem}-", dir=folder) as work:
        build = Path(work)
        (build / f"{stem}.tex").write_text(tex, encoding="utf-8")
        for name, source in assets.items():
            target = build / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for _ in range(MAX_RUNS):
            status, log, output = _run(program, build, stem)
            pdf = build / f"{stem}.pdf"
            if status != 0 or not pdf.is_file():
                failed_log.write_text(log or output, encoding="utf-8")
                message = first_error(log) or first_error(output) or (
                    f"pdflatex exited with status {status}")
                raise LatexError(f"LaTeX failed: {message} (log: {failed_log})")
            if not _RERUN.search(log):
                break
        _place_assets(build, folder, assets)
        os.replace(build / f"{stem}.tex", folder / f"{stem}.tex")
        os.replace(pdf, destination)
    failed_log.unlink(missing_ok=True)
    found = _PAGES.search(log)
    return int(found.group(1)) if found else 0


def _place_assets(build: Path, folder: Path, assets: Mapping[str, Path]) -> None:
    """Put the included files beside the ``.tex``, so it compiles where it lies."""
    for name in assets:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(build / name, target)
