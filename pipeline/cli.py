"""The ``softmax-lecture`` command line.

Subcommands import only what they need: ``verify`` never loads Manim, and
``render`` loads it only in the chapter processes it starts.
Bad input gets one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from .files import write_atomically

if TYPE_CHECKING:
    from collections.abc import Callable

    from mathcore.example import WorkedExample
    from mathcore.outline import Chapter

    from .cache import CachedChapter, RenderJob
    from .voice import Voice
    from .zygote import Zygote

    Say = Callable[[str], None]

__all__ = ["main", "UsageError"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# Stopped by SIGTERM: 128 + 15, the status a shell reports for a process SIGTERM killed.
EXIT_TERMINATED = 143

# What `render` runs besides Python, and the Debian packages that provide it.
LATEX_COMMANDS = ("latex", "dvisvgm")
LATEX_PACKAGES = ("texlive-latex-base", "texlive-latex-recommended", "texlive-latex-extra",
                  "texlive-fonts-recommended", "texlive-science", "dvisvgm", "cm-super-minimal")
FFMPEG_COMMANDS = ("ffmpeg",)
FFMPEG_PACKAGES = ("ffmpeg",)


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line (no usage block), and values may start with -."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None) -> Any:
        words = sys.argv[1:] if args is None else list(args)
        return super().parse_known_args(self._join_values(words), namespace)

    def _join_values(self, words: list[str]) -> list[str]:
        """``--logits -1,2,3`` as ``--logits=-1,2,3``.

        argparse takes a word that starts with ``-`` for an option unless it is
        a plain number, so ``-1,2,3`` (logits), ``-a,b`` (class names) or ``-o``
        (a folder) would never reach our validation. After an option of this
        parser that takes a value, such a word is its value, unless it is one of
        this parser's own options or starts with ``--`` (``--output --json``
        stays an error; ``--output=--json`` says what it means).
        """
        takes_value = {option for action in self._actions
                       if action.option_strings and action.nargs is None
                       for option in action.option_strings}
        joined: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            if word == "--":  # everything after it is a positional argument
                joined += words[index:]
                break
            value = words[index + 1] if index + 1 < len(words) else ""
            if (word in takes_value and value.startswith("-") and not value.startswith("--")
                    and value not in self._option_string_actions):
                joined.append(f"{word}={value}")
                index += 2
            else:
                joined.append(word)
                index += 1
        return joined


class _Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("softmax-lecture")
        except PackageNotFoundError:
            number = "(not installed: pip install -e .)"
        print(f"{parser.prog} {number}")
        parser.exit()


def _add_example_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the worked example")
    group.add_argument("--logits", metavar="Z1,Z2,...",
                       help="comma-separated logits, 2 to 8 of them, negative ones too: "
                            "--logits -1,2,0.5 (default 2,1,0.1)")
    group.add_argument("--target", metavar="NAME|INDEX",
                       help="target class, by name or 0-based index (default: cat); a "
                            "number that names one class and indexes another is refused")
    group.add_argument("--classes", metavar="A,B,...",
                       help="comma-separated class names (default cat,dog,bird)")
    group.add_argument("--config", metavar="FILE",
                       help="TOML file with logits, target, classes "
                            "(default: ./lecture.toml when it exists)")


def _example(args: argparse.Namespace, strict: bool = True) -> WorkedExample:
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


def _cmd_verify(args: argparse.Namespace) -> int:
    example = _example(args, strict=False)
    sizes = _parse_sizes(args.sizes) if args.sizes else (example.n_classes,)
    from .verification import print_report, verification_report

    report = verification_report(example, sizes)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(example, report)
    return EXIT_OK if report["passed"] else EXIT_FAILED


def _example_options(args: argparse.Namespace) -> list[str]:
    """The example options as given, to pass on to another subcommand."""
    given = (("--logits", args.logits), ("--target", args.target),
             ("--classes", args.classes), ("--config", args.config))
    # --name=value: a value such as "-1,2" must not read as an option.
    return [f"{flag}={value}" for flag, value in given if value is not None]


def _cmd_handout(args: argparse.Namespace) -> int:
    from handout.build import HandoutError, HandoutUsageError, build_handout, check_options

    from .handout import figures_for

    example = _example(args, strict=False)
    try:
        check_options(args.output, args.exercise_seed)
        figures, problems = figures_for(example, Path(args.output), args.figures,
                                        _example_options(args))
        result = build_handout(example, args.output, args.exercise_seed, figures, problems)
    except HandoutUsageError as error:
        raise UsageError(str(error)) from None
    except HandoutError as error:
        print(f"softmax-lecture: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {result.pdf} ({result.pages} pages, {result.figures_included} light-theme "
          f"figures) and {result.tex.name}")
    if result.problems:
        print(f"softmax-lecture: {'; '.join(result.problems)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


# ---------------------------------------------------------------------------
# render


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected a whole number of parallel processes, at least 1")
    return jobs


def _rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = float("nan")
    if not 0.5 <= rate <= 2.0:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected Piper's length scale, from 0.5 (faster) to 2 (slower); "
            f"1 is the voice's own pace")
    return rate


def _voice(args: argparse.Namespace, cache: Path) -> Voice | None:
    """The voice the options ask for (None: --no-voice), checked; bad ones are usage errors."""
    if args.no_voice:
        if args.voice is not None:
            raise UsageError("--voice and --no-voice contradict each other; give one")
        return None
    from .voice import VoiceError, load_voice

    try:
        return load_voice(args.voice, args.speech_rate, cache)
    except VoiceError as error:
        raise UsageError(str(error)) from None


def _chapters(text: str | None) -> list[Chapter]:
    """The chapters ``--chapters`` names (``2,5``, ``3-6``, ``all``), in lecture order."""
    from mathcore.outline import CHAPTERS

    numbers = {chapter.number for chapter in CHAPTERS}
    if text is None or text.strip().lower() == "all":
        return list(CHAPTERS)
    chosen: set[int] = set()
    for part in text.split(","):
        try:
            if "-" in part.strip()[1:]:
                low, high = (int(bound) for bound in part.split("-", 1))
                chosen.update(range(low, high + 1))
            else:
                chosen.add(int(part))
        except ValueError:
            raise UsageError(f"--chapters {text!r}: expected chapter numbers like 2,5 or "
                             f"3-6") from None
    unknown = sorted(chosen - numbers)
    if unknown or not chosen:
        raise UsageError(f"--chapters {text!r}: no chapter "
                         f"{', '.join(str(number) for number in unknown) or 'given'}; "
                         f"chapters run from {min(numbers)} to {max(numbers)}")
    return [chapter for chapter in CHAPTERS if chapter.number in chosen]


def _missing_tools(latex: bool, ffmpeg: bool) -> None:
    """One line naming the Debian packages to install, when a needed command is missing."""
    import shutil

    wanted = ([(LATEX_COMMANDS, LATEX_PACKAGES)] if latex else []) + (
        [(FFMPEG_COMMANDS, FFMPEG_PACKAGES)] if ffmpeg else [])
    missing, packages = [], []
    for commands, provided_by in wanted:
        absent = [command for command in commands if shutil.which(command) is None]
        if absent:
            missing += absent
            packages += provided_by
    if missing:
        raise UsageError(f"{', '.join(missing)} not found; install them (as root): "
                         f"apt-get install --no-install-recommends {' '.join(packages)}")


def _lock(cache: Path) -> IO[str]:
    """Hold ``.cache/lock`` for this process's life: one render per output folder at a time."""
    import fcntl

    try:
        cache.mkdir(parents=True, exist_ok=True)
        handle = open(cache / "lock", "w")  # held until the render ends
    except OSError as error:
        raise UsageError(f"--output: cannot write to {cache.parent}: "
                         f"{error.strerror or error}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise UsageError(f"another softmax-lecture render is writing to {cache.parent}") from None
    return handle


def _cmd_render(args: argparse.Namespace, deck: list[str] | None = None) -> int:
    """Render (what the cache lacks) and assemble the lecture, or, with ``deck``, the slides."""
    from .signals import terminate_as_interrupt

    # SIGTERM (kill, a supervisor) takes Ctrl-C's way out: the Manim processes are
    # stopped and the previous outputs kept.
    with terminate_as_interrupt():
        return _render_command(args, deck)


def _render_command(args: argparse.Namespace, deck: list[str] | None) -> int:
    """:func:`_cmd_render`, with SIGTERM raised as an interrupt."""
    from . import assemble as assembly
    from . import cache as caching
    from . import render as rendering

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    example = _example(args, strict=False)
    chapters = _chapters(args.chapters)
    absent = [chapter for chapter in chapters
              if not (rendering.REPOSITORY / chapter.path).is_file()]
    if absent:
        raise UsageError(f"chapter {absent[0].number} ({absent[0].slug}) has no scene file "
                         f"{absent[0].path}")
    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise UsageError(f"--output {str(output)!r} is a file, not a folder")
    cache = output / ".cache"
    voice = _voice(args, cache)
    # Decided from hashes alone: nothing imports Manim or starts a process here.
    jobs = [caching.plan_chapter(cache, chapter, example, args.theme, args.quality, voice)
            for chapter in chapters]
    to_render = [job for job in jobs if job.cached is None]
    if deck is not None:
        _find_revealjs_or_fail(deck)
        stale = bool(to_render)
    elif to_render:
        stale = True
    else:
        key = assembly.assembly_key([job.cached for job in jobs])
        stale = not assembly.up_to_date(output, key)
    _missing_tools(latex=bool(to_render), ffmpeg=stale)

    from .verification import verify_for_render

    # The chapters' processes fork from it: it imports Manim while the example is verified.
    zygote = rendering.start_zygote() if to_render else None
    try:
        problem, summary, verified = verify_for_render(example, cache, say)
        if problem is not None:
            say(f"softmax-lecture: verification failed, nothing rendered: {problem}")
            return EXIT_FAILED
        lock = _lock(cache)  # an unwritable output stops here, in one line
        say(summary)
        try:
            return _render_and_assemble(args, jobs, verified, output, say, deck, example,
                                        zygote)
        except OSError as error:  # a full disk, a folder made read-only meanwhile
            say(f"softmax-lecture: {error}")
            return EXIT_FAILED
        finally:
            lock.close()
    finally:
        if zygote is not None:
            zygote.close()


def _render_and_assemble(args: argparse.Namespace, jobs: list[RenderJob],
                         verified: tuple[Path, str] | None, output: Path, say: Say,
                         deck: list[str] | None = None,
                         example: WorkedExample | None = None,
                         zygote: Zygote | None = None) -> int:
    """Render what the cache lacks and assemble the lecture (the output's lock is held).

    With ``deck`` (slide formats), export the slide deck instead of the lecture video.
    """
    from . import assemble as assembly
    from . import cache as caching
    from . import render as rendering

    cache = output / ".cache"
    folder = output / "lecture"
    if verified is not None:
        write_atomically(*verified)
    caching.clean_leftovers(cache)
    for job in jobs:
        if job.damaged is not None:
            caching.discard(cache, job)
            say(f"softmax-lecture: cache entry {job.chapter.stem} was corrupt ({job.damaged}); "
                f"rendering it again")
    cached = [job for job in jobs if job.cached is not None]
    for job in cached:
        caching.touch(job.cached)
    if cached:
        say(f"cached: {', '.join(job.chapter.stem for job in cached)}")
    to_render = [job for job in jobs if job.cached is None]
    from .voice import synthesis_log

    logged = len(synthesis_log(cache))
    try:
        outcome = rendering.render_chapters(to_render, cache, args.jobs, say, zygote)
    except rendering.RenderInterrupted as interrupted:
        word, status = _interruption(interrupted)
        stopped = ", ".join(f"{chapter.stem} (log: {log})" for chapter, log in interrupted.running)
        say(f"softmax-lecture: {word}{': ' + stopped if stopped else ''}; the previous lecture "
            f"in {folder} is unchanged")
        return status
    for failure in outcome.failures:
        say(f"softmax-lecture: failed: {failure.chapter.stem}: {failure.reason} "
            f"(log: {failure.log})")
    if outcome.failures:
        say(f"softmax-lecture: nothing assembled; the previous lecture in {folder} "
            f"is unchanged")
        return EXIT_FAILED

    entries = [job.cached or outcome.rendered[job.chapter.stem] for job in jobs]
    if jobs and jobs[0].voice is not None:
        made = synthesis_log(cache)[logged:]
        speech = sum(record.get("seconds", 0.0) for record in made)
        say(f"voice: {Path(jobs[0].voice.model).name}, rate {jobs[0].voice.rate:g}; "
            f"synthesised {len(made)} cue{'s' if len(made) != 1 else ''} "
            f"({speech:.1f} s of speech), the rest from the cache")
    if deck is not None:
        return _export_deck(args, entries, output, deck, say)
    key = assembly.assembly_key(entries)
    record = None if example is None else _render_record(example, args, entries)
    if assembly.up_to_date(output, key):
        say(f"up to date: {folder}")
        if record is not None:
            _write_render_record(folder, record)
    else:
        try:
            # render.json goes into the new folder: the whole of lecture/ changes at once.
            assembly.assemble(entries, output, key, say,
                              {"render.json": record} if record is not None else None)
        except assembly.AssemblyError as error:
            say(f"softmax-lecture: {error}; the previous lecture in {folder} is unchanged")
            return EXIT_FAILED
        except KeyboardInterrupt as interruption:
            word, status = _interruption(interruption)
            say(f"softmax-lecture: {word} while assembling; the previous lecture in "
                f"{folder} is unchanged")
            return status
    duration = sum(entry.duration for entry in entries)
    count = f"{len(entries)} chapter{'s' if len(entries) != 1 else ''}"
    sound = "narrated" if all(entry.voiced for entry in entries) else "silent"
    print(f"{folder / 'lecture.mp4'}: {count}, {duration:.1f} s, "
          f"{rendering.QUALITIES[args.quality].folder}, {args.theme} theme, {sound} "
          f"({len(outcome.rendered)} rendered, {len(cached)} cached)")
    return EXIT_OK


def _interruption(interruption: KeyboardInterrupt) -> tuple[str, int]:
    """What stopped the command, in a word, and its exit status: Ctrl-C 130, SIGTERM 143."""
    from .signals import Terminated

    if isinstance(interruption, Terminated) or getattr(interruption, "terminated", False):
        return "terminated", EXIT_TERMINATED
    return "interrupted", EXIT_INTERRUPTED


def _render_record(example: WorkedExample, args: argparse.Namespace,
                   entries: list[CachedChapter]) -> str:
    """``lecture/render.json``: which example, theme and quality the lecture shows.

    The handout uses the posters only when this fingerprint is its own example's.
    """
    import json

    record = {
        "fingerprint": example.fingerprint(),
        "theme": args.theme,
        "quality": args.quality,
        "voiced": all(entry.voiced for entry in entries),
        "chapters": [entry.chapter.stem for entry in entries],
    }
    return json.dumps(record, indent=1)


def _write_render_record(folder: Path, text: str) -> None:
    """Write ``render.json`` into an up-to-date lecture (one file, renamed into place)."""
    target = folder / "render.json"
    if target.is_file() and target.read_bytes() == text.encode():
        return  # an unchanged rerun rewrites nothing
    write_atomically(target, text)


# ---------------------------------------------------------------------------
# slides

SLIDE_FORMATS = ("html", "pptx", "pdf", "zip")


def _find_revealjs_or_fail(formats: list[str]) -> None:
    from .deck import SlidesError, find_revealjs

    if "html" in formats or "zip" in formats:
        try:
            find_revealjs()
        except SlidesError as error:
            raise UsageError(str(error)) from None


def _export_deck(args: argparse.Namespace, entries: list[CachedChapter], output: Path,
                 formats: list[str], say: Say) -> int:
    from scenes.theme import THEMES

    from .deck import (
        SlidesError,
        export_deck,
        present_live,
        printed_beats,
        printed_pages,
        slide_index,
    )

    folder = output / "slides"
    chapters = [entry.chapter for entry in entries]
    pages = None
    if "pdf" in formats:
        printed = _print_renders(args, entries, output, say)
        if isinstance(printed, int):
            return printed
    try:
        index = slide_index(entries, folder)
        if "pdf" in formats:
            pages = printed_pages(printed_beats(printed))
        written = export_deck(chapters, index, folder, formats, THEMES[args.theme],
                              one_file=args.one_file,
                              voiced=all(entry.voiced for entry in entries),
                              muted=args.muted, pages=pages)
    except SlidesError as error:
        say(f"softmax-lecture: {error}")
        return EXIT_FAILED
    for name, path in written.items():
        print(f"{name}: {path}")
    say(_deck_quality(args.quality))
    if pages is not None:
        beats = sum(len(page.beats) for page in pages)
        shared = [page.label for page in pages if len(page.beats) > 1]
        say(f"printed deck: {len(pages)} pages for {beats} beats, "
            f"{printed[0].width}x{printed[0].height}, {printed[0].theme} theme"
            + (f"; a beat whose frame the next one keeps whole shares its page: "
               f"{', '.join(shared)}" if shared else ""))
    for line in present_live(index, [chapter.scene for chapter in chapters]):
        say(line)
    return EXIT_OK


# Render time at each quality, relative to low: the CPU seconds of chapters 1 and 2
# rendered one process at a time on this project's 2-core machine
# (bench/bench_deck.py; docs/BENCHMARKS.md, "The deck's quality"; measured again
# after issue #12's speed work, which took fixed costs away, 4k kept at 3.2x high).
# On an idle machine the wall time follows the CPU time.
RENDER_COST = {"low": 1.0, "medium": 2.1, "high": 6.0, "4k": 19.0}
DECK_QUALITY = "medium"


def _times(factor: float) -> str:
    return f"{factor:.1f}x"


def _deck_quality(quality: str) -> str:
    """One line: the deck's quality, and what the next better one costs."""
    from .render import QUALITIES

    names = list(QUALITIES)
    shown = QUALITIES[quality]
    line = f"deck quality: {shown.folder} ({shown.width}x{shown.height}, --quality {quality})"
    better = names[names.index(quality) + 1] if quality != names[-1] else None
    if better is not None:
        cost = (f"renders in about {_times(RENDER_COST[better] / RENDER_COST[quality])} the "
                f"time" if better in RENDER_COST and quality in RENDER_COST
                else "costs more (not measured)")
        line += f"; --quality {better} ({QUALITIES[better].folder}) {cost}"
    if quality == "low":
        line += "; 480p15 is blurry on a projector"
    return line


def _print_renders(args: argparse.Namespace, entries: list[CachedChapter], output: Path,
                   say: Say) -> list[CachedChapter] | int:
    """The renders the printed deck is made from: the deck's own, or those of its theme.

    ``--print-theme light`` (the default) prints a dark deck from the light renders
    at the deck's quality, found in the cache or rendered now (the lock is held).
    Returns them, or the exit status when they could not be rendered.
    """
    import time

    from . import cache as caching
    from . import render as rendering

    theme = args.theme if args.print_theme == "same" else args.print_theme
    if theme == args.theme:
        return entries
    cache = output / ".cache"
    example = _example(args, strict=False)
    # Silent: a printed page needs no voice, and its beats end on the same frames.
    jobs = [caching.plan_chapter(cache, entry.chapter, example, theme, args.quality)
            for entry in entries]
    to_render = [job for job in jobs if job.cached is None]
    for job in jobs:
        if job.damaged is not None:
            caching.discard(cache, job)
            say(f"softmax-lecture: cache entry {job.chapter.stem} ({theme}) was corrupt "
                f"({job.damaged}); rendering it again")
        elif job.cached is not None:
            caching.touch(job.cached)
    if to_render:
        _missing_tools(latex=True, ffmpeg=True)
        say(f"printed deck: rendering {len(to_render)} of {len(jobs)} chapters in the "
            f"{theme} theme ({len(jobs) - len(to_render)} cached); --print-theme same "
            f"prints the {args.theme} deck's frames instead")
    else:
        say(f"printed deck: the {theme} theme's renders are all cached")
    started = time.monotonic()
    try:
        outcome = rendering.render_chapters(to_render, cache, args.jobs, say)
    except rendering.RenderInterrupted as interrupted:
        word, status = _interruption(interrupted)
        say(f"softmax-lecture: {word} while rendering the printed deck's chapters; "
            f"no deck written")
        return status
    for failure in outcome.failures:
        say(f"softmax-lecture: failed: {failure.chapter.stem} ({theme}): {failure.reason} "
            f"(log: {failure.log})")
    if outcome.failures:
        say("softmax-lecture: no deck written")
        return EXIT_FAILED
    if outcome.rendered:
        say(f"printed deck: rendered {len(outcome.rendered)} chapters in the {theme} theme "
            f"in {time.monotonic() - started:.0f} s")
    return [job.cached or outcome.rendered[job.chapter.stem] for job in jobs]


def _cmd_slides(args: argparse.Namespace) -> int:
    formats = list(SLIDE_FORMATS) if args.format == "all" else [args.format]
    if formats == ["pdf"] and args.print_theme != "same" and args.print_theme != args.theme:
        # Only the printed deck: render what its pages show (its theme, silent), not a
        # deck in another theme, with a voice, that nothing would show.
        print(f"softmax-lecture: --format pdf: the printed deck alone, rendered in the "
              f"{args.print_theme} theme (--print-theme) and silent", file=sys.stderr)
        args.theme, args.no_voice, args.voice = args.print_theme, True, None
    return _cmd_render(args, deck=formats)


def _deck_options(slides: argparse.ArgumentParser) -> None:
    """What differs from ``render``: the deck's own quality default, the printed deck's theme.

    Nothing is imported here: ``--help`` and ``verify`` build this parser too.
    """
    quality = next(action for action in slides._actions if action.dest == "quality")
    quality.default = DECK_QUALITY
    high = RENDER_COST["high"] / RENDER_COST[DECK_QUALITY]
    low = RENDER_COST["low"] / RENDER_COST[DECK_QUALITY]
    quality.help = (f"480p15, 720p30, 1080p60 or 2160p60 (default {DECK_QUALITY}: "
                    f"720p30, sharp on a projector; high renders "
                    f"in about {_times(high)} its time, low in about {_times(low)} "
                    f"but blurry)")
    slides.add_argument("--print-theme", choices=("light", "same"), default="light",
                        help="theme of the printed deck, lecture.pdf (default light: a dark "
                             "deck's chapters are rendered once more in the light theme, "
                             "silent, about as long as the deck's own render, then cached; "
                             "--format pdf alone renders only those; same: print the "
                             "deck's own frames)")


def _add_render_options(parser: argparse.ArgumentParser, outputs: str) -> None:
    """The options of every command that renders chapters (render, slides)."""
    parser.add_argument("--quality", choices=("low", "medium", "high", "4k"), default="low",
                        help="480p15, 720p30, 1080p60 or 2160p60 (default low)")
    parser.add_argument("--chapters", metavar="2,5",
                        help="chapter numbers, e.g. 2,5 or 3-6 (default: all)")
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                        default=len(os.sched_getaffinity(0)),
                        help="chapters rendered at once (default: the number of cores)")
    parser.add_argument("--theme", choices=("dark", "light"), default="dark",
                        help="colour theme (default dark)")
    parser.add_argument("--output", metavar="DIR", default="media",
                        help=f"folder for {outputs} and the render cache (default media/)")
    parser.add_argument("--voice", metavar="PATH.onnx",
                        help="a Piper voice file (its .onnx.json beside it) to narrate with "
                             "(default: the bundled en_US-joe-medium)")
    parser.add_argument("--no-voice", action="store_true",
                        help="no narration: a silent video, each beat held for its reading time")
    parser.add_argument("--speech-rate", type=_rate, metavar="SCALE", default=1.0,
                        help="Piper's length scale: 1 the voice's own pace (default), "
                             "1.2 slower, 0.9 faster (0.5 to 2)")


def _command(commands: Any, name: str, handler: Any, summary: str,
             description: str) -> argparse.ArgumentParser:
    """A subcommand that takes the worked example's options and runs ``handler``."""
    parser = commands.add_parser(name, help=summary, description=description)
    _add_example_options(parser)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``softmax-lecture``."""
    parser = _Parser(
        prog="softmax-lecture",
        description="Why the negative log-likelihood goes with softmax: "
                    "a lecture computed and proven by mathcore, animated by Manim.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    # Not required: with no COMMAND, main prints the help (the commands), not one line.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    verify = _command(
        commands, "verify", _cmd_verify,
        "compute the worked example and prove every derivation",
        "Compute the worked example, run its checks and prove every derivation step. "
        "Exit 0 only if everything passed.")
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    verify.add_argument("--sizes", metavar="2-8",
                        help="class counts to prove the derivations for "
                             "(default: the example's own)")

    handout = _command(
        commands, "handout", _cmd_handout,
        "typeset the printable lecture notes (PDF, with pdflatex)",
        "Write <output>/handout/lecture-notes.pdf and the .tex it was compiled from: lecture "
        "notes with learning objectives, the worked example, every derivation step proven "
        "again (the marks in an appendix), one light-theme figure per chapter, references, "
        "and exercises with worked solutions on the last pages.")
    handout.add_argument("--output", metavar="DIR", default="media",
                         help="media folder to write handout/ into (default: media/)")
    handout.add_argument("--exercise-seed", metavar="N", type=int,
                         help="seed of the exercise example (default: 1)")
    handout.add_argument("--figures", action="store_true",
                         help="when light-theme posters of this example are missing, render "
                              "them first into <output>/print (render --quality low --theme "
                              "light --no-voice); a dark lecture in <output>/lecture is left "
                              "alone")

    render = _command(
        commands, "render", _cmd_render,
        "render the lecture: one video with chapters and captions",
        "Verify the example, render the chapters with Manim (in parallel, cached), and "
        "assemble OUTPUT/lecture: lecture.mp4 with chapter markers and captions, "
        "lecture.srt/.vtt, one video and poster per chapter, and a storyboard sheet.")
    _add_render_options(render, "lecture/")

    slides = _command(
        commands, "slides", _cmd_slides,
        "the lecture as a slide deck with speaker notes (HTML, PPTX, PDF, ZIP)",
        "Render the chapters (reusing up-to-date renders) and export them as a deck: each "
        "beat a slide, its narration the speaker notes. Writes OUTPUT/slides/lecture.html "
        "(plays offline), lecture.pptx, lecture.pdf (to print: light, a page per beat "
        "with its narration as text, build-up steps and loops once), lecture.zip, and "
        "index/ for manim-slides present.")
    slides.add_argument("--format", choices=(*SLIDE_FORMATS, "all"), default="html",
                        help="deck format (default html)")
    slides.add_argument("--one-file", action="store_true",
                        help="embed reveal.js and every video in the single HTML file")
    slides.add_argument("--muted", action="store_true",
                        help="the narrated HTML deck starts with its voice off, for a lecturer "
                             "who speaks over it (M or the Voice button turns it on)")
    _add_render_options(slides, "slides/")
    _deck_options(slides)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            sys.stderr.write(parser.format_help())
            raise UsageError("a COMMAND is required")
        return args.handler(args)
    except UsageError as error:
        print(f"softmax-lecture: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as interruption:  # Ctrl-C; SIGTERM too, in render and slides
        word, status = _interruption(interruption)
        print(f"softmax-lecture: {word}", file=sys.stderr)
        return status
    except BrokenPipeError:
        # The reader (``| head``) went away: stop quietly, as Unix tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())
