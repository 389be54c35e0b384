"""Render chapters with Manim, each in its own process, several at a time.

Each chapter is rendered by the ``manim`` command line in a subprocess (so
chapters run in parallel and a crash stays in its chapter), with
``--save_sections``: one video per beat, and the captions as an ``.srt`` beside
the chapter video. :func:`render_chapters` schedules them longest first, stores
each finished one in the cache (:mod:`pipeline.cache`), and stops every Manim
process on Ctrl-C or SIGTERM.

Nothing here imports Manim.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mathcore.outline import Chapter
from scenes.context import TEX_CACHE_VARIABLE, example_environment
from scenes.theme import THEME_VARIABLE

from .cache import CachedChapter, RenderJob, store
from .signals import Terminated, interrupts_held
from .zygote import ZYGOTE_VARIABLE, Forked, Zygote, ZygoteError

if TYPE_CHECKING:
    from mathcore.example import WorkedExample

__all__ = [
    "QUALITIES",
    "ChapterRender",
    "Quality",
    "RenderError",
    "RenderInterrupted",
    "RenderOutcome",
    "render_chapter",
    "render_chapters",
    "start_zygote",
]

REPOSITORY = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Quality:
    """A Manim quality preset: its flag, the folder Manim names after it, and its frames."""

    name: str
    flag: str
    width: int
    height: int
    fps: int

    @property
    def folder(self) -> str:
        """Manim's output folder for it, e.g. ``480p15``."""
        return f"{self.height}p{self.fps}"


QUALITIES = {
    quality.name: quality
    for quality in (
        Quality("low", "l", 854, 480, 15),
        Quality("medium", "m", 1280, 720, 30),
        Quality("high", "h", 1920, 1080, 60),
        Quality("4k", "k", 3840, 2160, 60),
    )
}


class RenderError(RuntimeError):
    """A chapter failed to render; the message says which and why, in one line."""

    def __init__(self, chapter: Chapter, reason: str, log: Path) -> None:
        super().__init__(f"chapter {chapter.number} ({chapter.slug}) failed: {reason} "
                         f"(log: {log})")
        self.chapter = chapter
        self.reason = reason
        self.log = log


class RenderInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) during :func:`render_chapters`: the chapters that were running."""

    def __init__(self, running: list[tuple[Chapter, Path]], terminated: bool = False) -> None:
        super().__init__("terminated" if terminated else "interrupted")
        self.running = running
        self.terminated = terminated


# ----------------------------------------------------------------------
# One chapter, one Manim process.


@dataclass(frozen=True)
class ChapterRender:
    """Where one rendered chapter's files are (in Manim's layout), and what it cost."""

    chapter: Chapter
    video: Path
    captions: Path
    sections: list[Path]
    section_names: list[str]
    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0
    speech_plan: Path | None = None


def _environment(example: WorkedExample, theme: str, extra: dict[str, str] | None) -> dict:
    environment = _python_environment()
    environment.update(example_environment(example))
    environment[THEME_VARIABLE] = theme
    environment.update(extra or {})
    return environment


def _python_environment() -> dict[str, str]:
    """The environment of this process, with the repository first on ``PYTHONPATH``."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(REPOSITORY), environment.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return environment


def render_chapter(
    chapter: Chapter,
    example: WorkedExample,
    media_dir: Path,
    quality: str = "low",
    theme: str = "dark",
    extra_environment: dict[str, str] | None = None,
    last_frame_only: bool = False,
    log: Path | None = None,
    started: Callable[[subprocess.Popen | Forked], None] | None = None,
    zygote: Zygote | None = None,
) -> ChapterRender:
    """Render one chapter into ``media_dir`` (Manim's own layout under it).

    Manim's output goes to ``log`` (default ``media_dir/logs/<stem>.log``);
    ``started`` is called with the process as soon as it runs (so a caller can
    stop it, with :func:`_stop`: Manim leads its own process group, which holds
    the LaTeX it runs too). With ``zygote`` the process is a fork of it
    (:mod:`pipeline.zygote`: Manim already imported), else a new Python. Raises
    :class:`RenderError` when Manim fails.
    """
    preset = QUALITIES[quality]
    media_dir = Path(media_dir).absolute()  # Manim runs in the repository, not here
    log = Path(log) if log is not None else media_dir / "logs" / f"{chapter.stem}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "manim", "render", f"-q{preset.flag}",
        "--media_dir", str(media_dir), "--progress_bar", "none", "--verbosity", "WARNING",
        # --silent: no check for a newer Manim (a network request);
        # --disable_caching: each render starts afresh, so hashing every play is waste.
        "--silent", "--disable_caching",
    ]
    command.append("-s" if last_frame_only else "--save_sections")
    command += [str(REPOSITORY / chapter.path), chapter.scene]
    begun = time.monotonic()
    environment = _environment(example, theme, extra_environment)
    forked = None
    if zygote is not None:
        # A fork of the zygote (pipeline.zygote), which has Manim imported already.
        with suppress(ZygoteError):  # it stopped: a Python of the chapter's own
            forked = zygote.start(command[3:], environment, REPOSITORY, log)
    if forked is not None:
        if started is not None:
            started(forked)
        returncode, cpu = forked.wait()
    else:
        with open(log, "wb") as output:
            process = subprocess.Popen(
                command, cwd=REPOSITORY, env=environment,
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                process_group=0,
            )
        if started is not None:
            started(process)
        # wait4, not wait: it also says how much CPU the process and its children used.
        _, status, usage = os.wait4(process.pid, 0)
        returncode = process.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
    wall = time.monotonic() - begun
    if returncode != 0:
        raise RenderError(chapter, _first_error(log.read_text(errors="replace")), log)
    videos = media_dir / "videos" / Path(chapter.path).stem / preset.folder
    if last_frame_only:
        return ChapterRender(chapter, videos, videos, [], [], wall, cpu)
    video = videos / f"{chapter.scene}.mp4"
    index = videos / "sections" / f"{chapter.scene}.json"
    sections = json.loads(index.read_text()) if index.exists() else []
    return ChapterRender(
        chapter=chapter,
        video=video,
        captions=video.with_suffix(".srt"),
        sections=[videos / "sections" / entry["video"] for entry in sections if entry.get("video")],
        section_names=[entry["name"] for entry in sections if entry.get("video")],
        wall_seconds=wall,
        cpu_seconds=cpu,
    )


def _stop(process: subprocess.Popen | Forked) -> None:
    """SIGTERM to a chapter's process group: Manim and whatever it started."""
    if process.returncode is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)


def _first_error(log: str) -> str:
    """The most telling line of a failed render's log."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for marker in ("LaTeX Error", "! ", "Error:", "Error", "error"):
        for line in lines:
            if marker in line:
                return line[:300]
    return lines[-1][:300] if lines else "no output"


@dataclass
class RenderOutcome:
    """What :func:`render_chapters` made, and what failed."""

    rendered: dict[str, CachedChapter] = field(default_factory=dict)
    failures: list[RenderError] = field(default_factory=list)


def _render_job(job: RenderJob, cache: Path,
                started: Callable[[subprocess.Popen | Forked], None],
                zygote: Zygote | None = None) -> CachedChapter:
    """Render one chapter in its work folder and store it in the cache."""
    work = work_folder(cache, job.chapter)
    complete = work / ".complete"
    # The work folder keeps Manim's LaTeX and text caches between renders, but only
    # when its last render finished: an interrupted LaTeX run may leave a broken SVG.
    if complete.exists():
        complete.unlink()
    else:
        shutil.rmtree(work, ignore_errors=True)
    plan = work / "speech-plan.json"
    plan.unlink(missing_ok=True)
    # Compiled formulas are shared by all the chapters rendered for this cache (only
    # complete SVGs ever appear there, so it survives an interrupted render).
    environment = {"SOFTMAX_LECTURE_SLIDES_DIR": str(work / "slides"),
                   TEX_CACHE_VARIABLE: str(work.parent / "tex")}
    if job.voice is not None:
        environment.update(job.voice.environment(cache, plan))
    try:
        render = render_chapter(job.chapter, job.example, work, job.quality, job.theme,
                                log=job.log(cache), started=started,
                                extra_environment=environment, zygote=zygote)
        if job.voice is not None:
            if not plan.is_file():
                raise RenderError(job.chapter, "the chapter wrote no speech plan",
                                  job.log(cache))
            render = dataclasses.replace(render, speech_plan=plan)
        entry = store(cache, job, render)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    for rendered in ("videos", "slides", "images"):
        shutil.rmtree(work / rendered, ignore_errors=True)
    complete.touch()
    return entry


# Manim writes the chapter's files under its media folder and hands those paths to
# ffmpeg's concat lists and to LaTeX, which fail on some characters ("'" and "%",
# for two). A cache whose path has anything beyond these works somewhere safe.
_SAFE_PATH = re.compile(r"[A-Za-z0-9 ._/+,=@-]+")


def work_folder(cache: Path, chapter: Chapter) -> Path:
    """Where Manim renders ``chapter`` for this cache (kept between renders for its caches).

    ``<cache>/work/<stem>``, absolute (Manim runs in the repository, not here);
    or, when that path holds a character Manim's tools cannot take, a folder in
    the system's temporary directory named by a hash of the cache's path.
    """
    folder = (cache / "work" / chapter.stem).absolute()
    if _SAFE_PATH.fullmatch(str(folder)):
        return folder
    digest = hashlib.sha256(str(cache.absolute()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"softmax-lecture-{digest}" / chapter.stem


def render_chapters(
    jobs: Sequence[RenderJob],
    cache: Path,
    workers: int,
    report: Callable[[str], None],
    zygote: Zygote | None = None,
) -> RenderOutcome:
    """Render ``jobs`` in up to ``workers`` parallel Manim processes, longest first.

    ``report`` gets one line whenever a chapter's Manim process starts or a
    chapter ends, e.g. ``[3/10 done] rendering: 04-gradient, 05-backwards``. A
    failed chapter does not stop the others. On Ctrl-C (or :class:`Terminated`)
    every Manim process and what it started is stopped and waited for, their work
    folders are removed, and :class:`RenderInterrupted` names them. ``zygote``
    (:func:`start_zygote`) is used and closed; without one, one is started.
    """
    outcome = RenderOutcome()
    if not jobs:
        if zygote is not None:
            zygote.close()
        return outcome
    cache.joinpath("logs").mkdir(parents=True, exist_ok=True)
    order = sorted(jobs, key=lambda job: job.estimate(cache), reverse=True)
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    processes: dict[str, subprocess.Popen | Forked] = {}
    lock = threading.Lock()
    if zygote is None:
        zygote = start_zygote()
    if zygote is not None and not zygote.ready():
        zygote = None

    def started(job: RenderJob) -> Callable[[subprocess.Popen | Forked], None]:
        def register(process: subprocess.Popen | Forked) -> None:
            with lock:
                processes[job.chapter.stem] = process
                if stop.is_set():
                    _stop(process)
                    return
            events.put(("start", job, None))
        return register

    def work(job: RenderJob) -> None:
        if stop.is_set():
            events.put(("skipped", job, None))
            return
        try:
            entry = _render_job(job, cache, started(job), zygote)
        except RenderError as error:
            events.put(("failed", job, error))
        except BaseException as error:  # reported, never lost in a thread
            events.put(("failed", job, RenderError(job.chapter, f"{type(error).__name__}: "
                                                   f"{error}", job.log(cache))))
        else:
            events.put(("done", job, entry))

    running: list[RenderJob] = []
    finished = 0
    total = len(order)

    def progress(news: str = "") -> None:
        names = ", ".join(job.chapter.stem for job in running)
        parts = [part for part in (news, f"rendering: {names}" if names else "") if part]
        report(f"[{finished}/{total} done] " + "; ".join(parts))

    executor = ThreadPoolExecutor(max_workers=max(1, min(workers, total)),
                                  thread_name_prefix="render")
    try:
        for job in order:
            executor.submit(work, job)
        while finished < total:
            kind, job, payload = events.get()
            if kind == "start":
                running.append(job)
                progress()
                continue
            finished += 1
            if job in running:
                running.remove(job)
            if kind == "done":
                outcome.rendered[job.chapter.stem] = payload
                progress(f"rendered {job.chapter.stem} in {payload.wall_seconds:.1f} s")
            elif kind == "failed":
                outcome.failures.append(payload)
                progress(f"failed {job.chapter.stem}")
    except KeyboardInterrupt as interruption:
        stop.set()
        with lock:
            for process in processes.values():
                _stop(process)
        # Let the threads finish: each removes its work folder; no half entry stays.
        with interrupts_held():
            executor.shutdown(wait=True, cancel_futures=True)
            if zygote is not None:
                zygote.close()
        raise RenderInterrupted([(job.chapter, job.log(cache)) for job in running],
                                isinstance(interruption, Terminated)) from None
    executor.shutdown(wait=True)
    if zygote is not None:
        zygote.close()
    return outcome


def start_zygote() -> Zygote | None:
    """Start the process the chapters fork from (:mod:`pipeline.zygote`), or None: a Python each.

    It imports Manim while the caller goes on (the command starts it before it
    verifies the example); :func:`render_chapters` waits for it and closes it.
    """
    if os.environ.get(ZYGOTE_VARIABLE) == "0":
        return None
    environment = _python_environment()
    # Its log is outside the output folder: a render stopped by a failed
    # verification leaves no folder behind. Kept only if the zygote fails.
    log = Path(tempfile.gettempdir()) / f"softmax-lecture-zygote-{os.getpid()}.log"
    try:
        return Zygote(REPOSITORY, environment, log)
    except OSError:
        return None


