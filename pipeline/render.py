"""Render chapters with Manim in their own processes, cache them, and pull key frames out.

Each chapter is rendered by the ``manim`` command line in a subprocess (so
chapters run in parallel and a crash stays in its chapter), with
``--save_sections``: one video per beat, and the captions as an ``.srt`` beside
the chapter video.

A finished chapter goes into a cache under ``<output>/.cache/chapters/``, keyed
by a hash of everything its frames depend on (:func:`chapter_inputs`), so that
a rerun with nothing changed decides from hashes alone, without importing
Manim or starting a process. An entry is built in a temporary folder and
renamed into place, so an interrupted render never leaves half an entry. Its
``entry.json`` records a hash of every file in it: :func:`load_entry` checks
them all (a few MB at low quality: milliseconds) and refuses a damaged entry
with the reason, so that it is rendered again rather than served.

Nothing here imports Manim; PyAV and Pillow are imported where frames are read.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from mathcore.outline import Chapter
from scenes.context import example_environment
from scenes.theme import THEME_VARIABLE

if TYPE_CHECKING:
    from mathcore.example import WorkedExample

__all__ = [
    "QUALITIES",
    "CachedChapter",
    "ChapterRender",
    "CorruptEntryError",
    "Quality",
    "RenderError",
    "RenderInterrupted",
    "RenderJob",
    "RenderOutcome",
    "Terminated",
    "beat_frames",
    "chapter_inputs",
    "contact_sheet",
    "discard",
    "interrupts_held",
    "last_frame",
    "load_entry",
    "plan_chapter",
    "render_chapter",
    "render_chapters",
    "source_digest",
    "terminate_as_interrupt",
]

REPOSITORY = Path(__file__).resolve().parent.parent

# Bump when what a cache entry holds, or how it is made, changes.
CACHE_VERSION = "2"
# How many renders of one chapter the cache keeps (e.g. both themes, two examples).
ENTRIES_KEPT = 4

# Every chapter runs through these (base.py imports the others).
SHARED_SOURCES = ("scenes/__init__.py", "scenes/base.py")
# These read the worked example only to hand it to the chapter: a chapter depends
# on the example when its own code (or a component it imports) names it.
EXAMPLE_PASSERS = frozenset({"scenes/base.py", "scenes/context.py"})
EXAMPLE_WORD = "example"
# The versions of what draws and encodes the frames.
DRAWING_PACKAGES = ("manim", "manim-slides", "manimpango", "pycairo", "av")


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


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be, so that it takes the same way out."""


class RenderInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) during :func:`render_chapters`: the chapters that were running."""

    def __init__(self, running: list[tuple[Chapter, Path]], terminated: bool = False) -> None:
        super().__init__("terminated" if terminated else "interrupted")
        self.running = running
        self.terminated = terminated


class CorruptEntryError(ValueError):
    """A cache entry that is there but cannot be trusted; the message says why."""


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


def _environment(example: WorkedExample, theme: str, extra: dict[str, str] | None) -> dict:
    environment = dict(os.environ)
    environment.update(example_environment(example))
    environment[THEME_VARIABLE] = theme
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(REPOSITORY), environment.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    environment.update(extra or {})
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
    started: Callable[[subprocess.Popen], None] | None = None,
) -> ChapterRender:
    """Render one chapter into ``media_dir`` (Manim's own layout under it).

    Manim's output goes to ``log`` (default ``media_dir/logs/<stem>.log``);
    ``started`` is called with the process as soon as it runs (so a caller can
    stop it, with :func:`_stop`: Manim leads its own process group, which holds
    the LaTeX it runs too). Raises :class:`RenderError` when Manim fails.
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
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, cwd=REPOSITORY, env=_environment(example, theme, extra_environment),
            stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            process_group=0,
        )
    if started is not None:
        started(process)
    # wait4, not wait: it also says how much CPU the process and its children used.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - begun
    cpu = usage.ru_utime + usage.ru_stime
    if process.returncode != 0:
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


def _stop(process: subprocess.Popen) -> None:
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


# ----------------------------------------------------------------------
# Frames.


def last_frame(video: Path):
    """The last frame of ``video`` as a Pillow image (decoding only its last GOP)."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        last = None
        if stream.duration:
            # Jump to the key frame before the end; decode from there.
            with suppress(av.error.FFmpegError):
                container.seek(stream.duration, stream=stream, backward=True)
                for frame in container.decode(stream):
                    last = frame
        if last is None:
            container.seek(0)
            for frame in container.decode(video=0):
                last = frame
    if last is None:
        raise ValueError(f"{video} holds no frames")
    return last.to_image()


def beat_frames(sections: Sequence[Path], out_dir: Path, prefix: str = "beat") -> list[Path]:
    """The last frame of each beat's video, as ``<prefix>NN.png`` in ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = []
    for index, section in enumerate(sections, start=1):
        path = out_dir / f"{prefix}{index:02d}.png"
        last_frame(section).save(path)
        frames.append(path)
    return frames


def ink(image) -> float:
    """How much of a frame is drawn on: the share of pixels far from the background."""
    import numpy as np

    pixels = np.asarray(image.convert("RGB").resize((192, 108)), dtype=np.int16)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    background = np.median(border, axis=0)
    return float((np.abs(pixels - background).sum(axis=2) > 60).mean())


def contact_sheet(
    groups: Sequence[tuple[str, Sequence[tuple[Path, str]]]],
    out: Path,
    columns: int | None = None,
    width: int | None = None,
) -> Path:
    """One PNG of frames in a grid, a titled block of rows per group.

    ``groups`` is ``[(title, [(frame, label), ...]), ...]``, e.g. one group per
    chapter and one frame per beat. ``columns`` (default 5) is cut to the longest
    group; ``width``, of each frame, defaults to what keeps the sheet near 1600 px.
    """
    from PIL import Image, ImageDraw, ImageFont

    groups = [(title, list(frames)) for title, frames in groups if frames]
    if not groups:
        raise ValueError("no frames for a contact sheet")
    longest = max(len(frames) for _, frames in groups)
    columns = min(columns or 5, longest)
    width = width or min(480, 1600 // columns)
    first = Image.open(groups[0][1][0][0])
    height = round(width * first.height / first.width)
    gap, title_height, label_height = 8, 34, 22
    title_font = ImageFont.load_default(size=20)
    label_font = ImageFont.load_default(size=14)
    rows = [(len(frames) + columns - 1) // columns for _, frames in groups]
    sheet = Image.new("RGB", (columns * (width + gap) + gap, sum(
        title_height + count * (height + label_height + gap) for count in rows) + gap),
        "#1b1b1b")
    draw = ImageDraw.Draw(sheet)
    y = gap
    for (title, frames), count in zip(groups, rows, strict=True):
        draw.text((gap, y + 6), title, fill="#F0F0F0", font=title_font)
        y += title_height
        for index, (frame, label) in enumerate(frames):
            x = gap + (index % columns) * (width + gap)
            top = y + (index // columns) * (height + label_height + gap)
            with Image.open(frame) as image:
                sheet.paste(image.convert("RGB").resize((width, height),
                                                        Image.Resampling.LANCZOS),
                            (x, top))
            draw.text((x + 2, top + height + 3), label, fill="#BBBBBB", font=label_font)
        y += count * (height + label_height + gap)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    sheet.save(partial, format="PNG")
    partial.replace(out)
    return out


# ----------------------------------------------------------------------
# What a chapter's frames depend on.


def _module_path(module: str) -> Path | None:
    base = REPOSITORY / module.replace(".", "/")
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _module_name(path: Path) -> str:
    relative = path.relative_to(REPOSITORY).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def _scene_imports(path: Path, tree: ast.Module) -> set[Path]:
    """The files of ``scenes`` modules (and their packages) that ``path`` imports."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    found = set()
    for name in names:
        parts = name.split(".")
        if parts[0] != "scenes":
            continue
        for end in range(1, len(parts) + 1):  # a module imports its packages too
            module_path = _module_path(".".join(parts[:end]))
            if module_path is not None:
                found.add(module_path)
    return found


def _parsed(path: Path) -> ast.Module:
    status = path.stat()
    return _parse(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=64)
def _parse(path: Path, mtime_ns: int, size: int) -> ast.Module:
    return ast.parse(path.read_bytes(), filename=str(path))


def _names_example(tree: ast.Module) -> bool:
    """Whether the code names the worked example (``self.example``, ``current_example``...)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.arg):
            name = node.arg
        elif isinstance(node, ast.alias):
            name = node.asname or node.name
        else:
            continue
        if EXAMPLE_WORD in name.lower():
            return True
    return False


def chapter_sources(chapter: Chapter) -> list[Path]:
    """The chapter's module and every ``scenes`` module it runs, transitively."""
    start = [REPOSITORY / chapter.path, *(REPOSITORY / shared for shared in SHARED_SOURCES)]
    seen: set[Path] = set()
    pending = [path for path in start if path.is_file()]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        pending.extend(_scene_imports(path, _parsed(path)) - seen)
    return sorted(seen)


def source_digest(paths: Sequence[Path]) -> dict[str, str]:
    """``{path relative to the repository: sha256 of its bytes}``."""
    return {
        path.relative_to(REPOSITORY).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(paths)
    }


@lru_cache(maxsize=1)
def mathcore_sources() -> tuple[Path, ...]:
    """Every source file of mathcore (all the numbers and formulas come from there)."""
    return tuple(sorted((REPOSITORY / "mathcore").rglob("*.py")))


@lru_cache(maxsize=1)
def package_versions(names: tuple[str, ...] = DRAWING_PACKAGES) -> dict[str, str]:
    """Installed versions of ``names`` (from their metadata: nothing is imported)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def chapter_inputs(chapter: Chapter, example: WorkedExample, theme: str,
                   quality: str) -> dict:
    """Everything a chapter's frames depend on; its hash is the cache key.

    The example counts only for a chapter whose code names it (see
    :data:`EXAMPLE_PASSERS`): changing the example re-renders only those.
    """
    sources = chapter_sources(chapter)
    uses_example = any(
        _names_example(_parsed(path)) for path in sources
        if path.relative_to(REPOSITORY).as_posix() not in EXAMPLE_PASSERS
    )
    return {
        "cache_version": CACHE_VERSION,
        "chapter": chapter.stem,
        "scene": chapter.scene,
        "title": chapter.title,
        "quality": quality,
        "theme": theme,
        "example": json.loads(example.fingerprint()) if uses_example else None,
        "sources": source_digest([*sources, *mathcore_sources()]),
        "packages": package_versions(),
    }


def _key(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:24]


# ----------------------------------------------------------------------
# The cache.


@dataclass(frozen=True)
class Beat:
    """One beat of a rendered chapter: its length and its last frame."""

    number: int
    start: float
    duration: float
    frame: Path


@dataclass(frozen=True)
class CachedChapter:
    """A chapter rendered and stored in the cache: a video, its captions, its beats."""

    chapter: Chapter
    key: str
    folder: Path
    quality: str
    theme: str
    duration: float
    frames: int
    width: int
    height: int
    fps: float
    beats: list[Beat]
    poster_beat: int
    wall_seconds: float
    cpu_seconds: float

    @property
    def video(self) -> Path:
        """The chapter's video (H.264, no captions in it)."""
        return self.folder / "chapter.mp4"

    @property
    def captions(self) -> Path:
        """The chapter's captions as Manim wrote them (SRT, times from the chapter start)."""
        return self.folder / "captions.srt"

    @property
    def sections(self) -> Path:
        """Manim's index of the beat videos (JSON), as ``--save_sections`` wrote it."""
        return self.folder / "sections.json"

    @property
    def slides(self) -> Path:
        """manim-slides' index of this chapter's slides (``<Scene>.json`` and ``files/``)."""
        return self.folder / "slides"

    @property
    def poster(self) -> Path:
        """The last frame of the most complete beat (the one with the most drawn)."""
        return self.beats[self.poster_beat - 1].frame


def _entries_dir(cache: Path, chapter: Chapter) -> Path:
    return cache / "chapters" / chapter.stem


# What entry.json holds, and of which JSON types (a number may be an int or a float).
_NUMBER = (int, float)
ENTRY_FIELDS = {
    "quality": str, "theme": str, "duration": _NUMBER, "frames": int, "width": int,
    "height": int, "fps": _NUMBER, "beats": list, "poster_beat": int,
    "wall_seconds": _NUMBER, "cpu_seconds": _NUMBER, "files": dict,
}
BEAT_FIELDS = {"number": int, "start": _NUMBER, "duration": _NUMBER, "frame": str}


def _typed(value: object, kind: type | tuple[type, ...]) -> bool:
    return isinstance(value, kind) and not isinstance(value, bool)


def _inside(name: object) -> bool:
    """Whether ``name`` is a relative path that stays inside the entry's folder."""
    return (isinstance(name, str) and bool(name) and not name.startswith("/")
            and ".." not in name.split("/"))


def _file_hash(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _file_hashes(folder: Path) -> dict[str, str]:
    """``{path relative to folder: sha256}`` of every file in ``folder`` but entry.json."""
    return {path.relative_to(folder).as_posix(): _file_hash(path)
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != "entry.json"}


def _entry_data(folder: Path) -> dict:
    """entry.json, checked for shape; raises :class:`CorruptEntryError`."""
    try:
        data = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorruptEntryError("entry.json is missing") from None
    except OSError as error:
        raise CorruptEntryError(f"entry.json cannot be read: {error.strerror}") from None
    except ValueError:
        raise CorruptEntryError("entry.json is not JSON") from None
    if not isinstance(data, dict):
        raise CorruptEntryError("entry.json is not a JSON object")
    for name, kind in ENTRY_FIELDS.items():
        if not _typed(data.get(name), kind):
            raise CorruptEntryError(f"entry.json has no valid {name!r}")
    beats = data["beats"]
    if not beats or not all(
            isinstance(beat, dict) and _inside(beat.get("frame"))
            and all(_typed(beat.get(name), kind) for name, kind in BEAT_FIELDS.items())
            for beat in beats):
        raise CorruptEntryError("entry.json has no valid 'beats'")
    if not 1 <= data["poster_beat"] <= len(beats):
        raise CorruptEntryError("entry.json has no valid 'poster_beat'")
    files = data["files"]
    if not all(_inside(name) and isinstance(digest, str) for name, digest in files.items()):
        raise CorruptEntryError("entry.json has no valid 'files'")
    return data


def load_entry(cache: Path, chapter: Chapter, key: str) -> CachedChapter | None:
    """The cached render of ``chapter`` with ``key``, or None when there is none.

    Raises :class:`CorruptEntryError` when the entry is there but damaged: entry.json
    unreadable or of the wrong shape, or a file missing or unlike its recorded hash.
    """
    folder = _entries_dir(cache, chapter) / key
    if not folder.exists():
        return None
    data = _entry_data(folder)
    beats = [Beat(beat["number"], beat["start"], beat["duration"], folder / beat["frame"])
             for beat in data["beats"]]
    entry = CachedChapter(
        chapter=chapter, key=key, folder=folder, quality=data["quality"], theme=data["theme"],
        duration=data["duration"], frames=data["frames"], width=data["width"],
        height=data["height"], fps=data["fps"], beats=beats, poster_beat=data["poster_beat"],
        wall_seconds=data["wall_seconds"], cpu_seconds=data["cpu_seconds"],
    )
    files = data["files"]
    needed = [entry.video, entry.captions, entry.slides / f"{chapter.scene}.json",
              *(beat.frame for beat in beats)]
    for path in needed:
        name = path.relative_to(folder).as_posix()
        if name not in files:
            raise CorruptEntryError(f"{name} is not recorded")
    for name, digest in files.items():
        path = folder / name
        try:
            actual = _file_hash(path)
        except OSError:
            raise CorruptEntryError(f"{name} is missing") from None
        if actual != digest:
            raise CorruptEntryError(f"{name} differs from what was rendered")
    return entry


def discard(cache: Path, job: RenderJob) -> None:
    """Remove the cache entry of ``job`` (a damaged one, to be rendered again)."""
    folder = _entries_dir(cache, job.chapter) / job.key
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)
    else:  # a file where the entry's folder belongs
        folder.unlink(missing_ok=True)


def _probe(video: Path) -> tuple[float, int, int, int, float]:
    """Duration (of the video stream), frame count, width, height and frame rate."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        duration = float(stream.duration * stream.time_base)
        return (duration, stream.frames, stream.codec_context.width,
                stream.codec_context.height, float(stream.average_rate or 0))


def _store(cache: Path, job: RenderJob, render: ChapterRender) -> CachedChapter:
    """Move a finished render into the cache, complete or not at all."""
    partial = _entries_dir(cache, job.chapter) / f".tmp-{job.key}"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        return _build_entry(cache, job, render, partial)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _build_entry(cache: Path, job: RenderJob, render: ChapterRender,
                 partial: Path) -> CachedChapter:
    entries = partial.parent
    (partial / "beats").mkdir(parents=True)
    os.replace(render.video, partial / "chapter.mp4")
    if render.captions.is_file():
        os.replace(render.captions, partial / "captions.srt")
    else:
        (partial / "captions.srt").write_text("")
    # Manim's own index of the beat videos (names, lengths, frame counts), kept as written.
    index = render.video.parent / "sections" / f"{job.chapter.scene}.json"
    if index.is_file():
        shutil.copyfile(index, partial / "sections.json")
    # manim-slides' index of the same render: the deck reuses it (pipeline.deck).
    slides = render.video.parents[3] / "slides"
    if (slides / f"{job.chapter.scene}.json").is_file():
        shutil.copytree(slides, partial / "slides")
    frames = beat_frames(render.sections, partial / "beats")
    if not frames:
        raise RenderError(job.chapter, "Manim wrote no beat videos (no sections)",
                          job.log(cache))
    beats, start = [], 0.0
    for number, (section, frame) in enumerate(zip(render.sections, frames, strict=True),
                                              start=1):
        length = _probe(section)[0]
        beats.append({"number": number, "start": start, "duration": length,
                      "frame": frame.relative_to(partial).as_posix()})
        start += length
    from PIL import Image

    richness = []
    for frame in frames:
        with Image.open(frame) as image:
            richness.append(ink(image))
    # The most drawn-on beat; on a tie, the later one (it holds the conclusion).
    poster = max(range(len(frames)), key=lambda index: (round(richness[index], 3), index)) + 1
    duration, count, width, height, fps = _probe(partial / "chapter.mp4")
    data = {
        "chapter": job.chapter.stem, "title": job.chapter.title, "key": job.key,
        "quality": job.quality, "theme": job.theme, "duration": duration, "frames": count,
        "width": width, "height": height, "fps": fps, "beats": beats, "poster_beat": poster,
        "wall_seconds": render.wall_seconds, "cpu_seconds": render.cpu_seconds,
        "inputs": job.inputs, "files": _file_hashes(partial),
    }
    (partial / "entry.json").write_text(json.dumps(data, indent=1))
    final = entries / job.key
    shutil.rmtree(final, ignore_errors=True)
    os.rename(partial, final)
    _prune(entries)
    entry = load_entry(cache, job.chapter, job.key)
    assert entry is not None, final
    return entry


def _prune(entries: Path) -> None:
    """Keep the :data:`ENTRIES_KEPT` most recently used renders of a chapter."""
    kept = sorted(
        (folder for folder in entries.iterdir()
         if folder.is_dir() and not folder.name.startswith(".")),
        key=lambda folder: (folder / "entry.json").stat().st_mtime_ns
        if (folder / "entry.json").exists() else 0,
        reverse=True,
    )
    for folder in kept[ENTRIES_KEPT:]:
        shutil.rmtree(folder, ignore_errors=True)


def touch(entry: CachedChapter) -> None:
    """Mark a cache entry as just used (pruning drops the least recently used)."""
    with suppress(OSError):
        os.utime(entry.folder / "entry.json")


def clean_leftovers(cache: Path) -> None:
    """Remove what a killed run left behind: half-built entries and staging folders."""
    for partial in cache.glob("chapters/*/.tmp-*"):
        shutil.rmtree(partial, ignore_errors=True)
    for staging in cache.glob("staging-*"):
        shutil.rmtree(staging, ignore_errors=True)


# ----------------------------------------------------------------------
# Planning and rendering many chapters.


@dataclass(frozen=True)
class RenderJob:
    """One chapter to render (or found in the cache), with its cache key.

    ``damaged`` says why the entry in the cache, if any, cannot be used.
    """

    chapter: Chapter
    example: WorkedExample
    theme: str
    quality: str
    inputs: dict
    key: str
    cached: CachedChapter | None
    damaged: str | None = None

    def log(self, cache: Path) -> Path:
        """Where Manim's output of this chapter goes."""
        return cache / "logs" / f"{self.chapter.stem}.log"

    def estimate(self, cache: Path) -> float:
        """Expected cost, for longest-first scheduling: the last render's, else source size."""
        seconds = []
        for entry in _entries_dir(cache, self.chapter).glob("*/entry.json"):
            with suppress(OSError, ValueError, KeyError, TypeError):  # a damaged entry
                seconds.append(float(json.loads(entry.read_text())["wall_seconds"]))
        if seconds:
            return max(seconds) * 1000.0
        return float((REPOSITORY / self.chapter.path).stat().st_size)


def plan_chapter(cache: Path, chapter: Chapter, example: WorkedExample, theme: str,
                 quality: str) -> RenderJob:
    """Hash the chapter's inputs and look for it in the cache (a damaged entry is not used)."""
    inputs = chapter_inputs(chapter, example, theme, quality)
    key = _key(inputs)
    try:
        return RenderJob(chapter, example, theme, quality, inputs, key,
                         load_entry(cache, chapter, key))
    except CorruptEntryError as damage:
        return RenderJob(chapter, example, theme, quality, inputs, key, None, str(damage))


@dataclass
class RenderOutcome:
    """What :func:`render_chapters` made, and what failed."""

    rendered: dict[str, CachedChapter] = field(default_factory=dict)
    failures: list[RenderError] = field(default_factory=list)


def _render_job(job: RenderJob, cache: Path, started: Callable[[subprocess.Popen], None]
                ) -> CachedChapter:
    """Render one chapter in its work folder and store it in the cache."""
    # Absolute: Manim and manim-slides run in the repository, not in this folder.
    work = (cache / "work" / job.chapter.stem).absolute()
    complete = work / ".complete"
    # The work folder keeps Manim's LaTeX and text caches between renders, but only
    # when its last render finished: an interrupted LaTeX run may leave a broken SVG.
    if complete.exists():
        complete.unlink()
    else:
        shutil.rmtree(work, ignore_errors=True)
    try:
        render = render_chapter(job.chapter, job.example, work, job.quality, job.theme,
                                log=job.log(cache), started=started,
                                extra_environment={"SOFTMAX_LECTURE_SLIDES_DIR":
                                                   str(work / "slides")})
        entry = _store(cache, job, render)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    for rendered in ("videos", "slides", "images"):
        shutil.rmtree(work / rendered, ignore_errors=True)
    complete.touch()
    return entry


def render_chapters(
    jobs: Sequence[RenderJob],
    cache: Path,
    workers: int,
    report: Callable[[str], None],
) -> RenderOutcome:
    """Render ``jobs`` in up to ``workers`` parallel Manim processes, longest first.

    ``report`` gets one line whenever a chapter's Manim process starts or a
    chapter ends, e.g. ``[3/10 done] rendering: 04-gradient, 05-backwards``. A
    failed chapter does not stop the others. On Ctrl-C (or :class:`Terminated`)
    every Manim process and what it started is stopped and waited for, their work
    folders are removed, and :class:`RenderInterrupted` names them.
    """
    outcome = RenderOutcome()
    if not jobs:
        return outcome
    cache.joinpath("logs").mkdir(parents=True, exist_ok=True)
    order = sorted(jobs, key=lambda job: job.estimate(cache), reverse=True)
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    processes: dict[str, subprocess.Popen] = {}
    lock = threading.Lock()

    def started(job: RenderJob) -> Callable[[subprocess.Popen], None]:
        def register(process: subprocess.Popen) -> None:
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
            entry = _render_job(job, cache, started(job))
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
        raise RenderInterrupted([(job.chapter, job.log(cache)) for job in running],
                                isinstance(interruption, Terminated)) from None
    executor.shutdown(wait=True)
    return outcome


HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _held(signum: int, frame: object) -> None:
    """A signal that arrives while :func:`interrupts_held` holds them: let the block finish."""


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM do not stop the block: it is short and must finish (renames, cleanup).

    They are caught and dropped rather than ignored (``SIG_IGN``), because an
    ignored signal stays ignored in a process started meanwhile, and a Manim
    process started while the renders are being stopped must still stop.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _held) for signum in HELD_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block SIGTERM raises :class:`Terminated`, a KeyboardInterrupt.

    So ``kill`` (or a supervisor stopping the command) takes Ctrl-C's way out:
    the Manim processes are stopped and the previous outputs stay as they were.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated("terminated")

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

