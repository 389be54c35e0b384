"""The render cache: what a chapter's frames depend on, and the finished renders kept by it.

A finished chapter goes into ``<output>/.cache/chapters/<stem>/<key>/``, keyed
by a hash of everything its frames depend on (:func:`chapter_inputs`: its
source and the ``scenes`` modules it imports, mathcore, the example when the
chapter shows it, theme, quality, package versions), so that a rerun with
nothing changed decides from hashes alone, without importing Manim or starting
a process. An entry is built in a temporary folder and renamed into place, so
an interrupted render never leaves half an entry. Its ``entry.json`` records a
hash of every file in it: :func:`load_entry` checks them all (a few MB at low
quality: milliseconds) and refuses a damaged entry with the reason, so that it
is rendered again rather than served.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from mathcore.outline import Chapter

from .frames import beat_frames, ink, probe

if TYPE_CHECKING:
    from mathcore.example import WorkedExample

    from .render import ChapterRender
    from .voice import Voice

__all__ = [
    "CACHE_VERSION",
    "Beat",
    "CachedChapter",
    "CorruptEntryError",
    "RenderJob",
    "cache_key",
    "chapter_inputs",
    "chapter_sources",
    "clean_leftovers",
    "discard",
    "load_entry",
    "mathcore_sources",
    "package_versions",
    "plan_chapter",
    "source_digest",
    "store",
    "touch",
]

REPOSITORY = Path(__file__).resolve().parent.parent

# Bump when what a cache entry holds, or how it is made, changes.
CACHE_VERSION = "4"
# How many renders of one chapter the cache keeps (e.g. both themes, two examples).
ENTRIES_KEPT = 4

# Every chapter runs through these (base.py imports the others).
SHARED_SOURCES = ("scenes/__init__.py", "scenes/base.py")
# The versions of what draws and encodes the frames.
DRAWING_PACKAGES = ("manim", "manim-slides", "manimpango", "pycairo", "av")


class CorruptEntryError(ValueError):
    """A cache entry that is there but cannot be trusted; the message says why."""


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
                   quality: str, voice: Voice | None = None) -> dict:
    """Everything a chapter's frames depend on; its hash is the cache key.

    The example counts only for a chapter whose outline entry says it shows
    it (:attr:`mathcore.outline.Chapter.uses_example`): changing the example
    re-renders only those. The voice counts by its files' hashes, rate and
    engine (the speech sets every beat's length); the narration itself is in
    the chapter's sources and mathcore (with the spoken-text normaliser).
    """
    sources = chapter_sources(chapter)
    return {
        "cache_version": CACHE_VERSION,
        "chapter": chapter.stem,
        "scene": chapter.scene,
        "title": chapter.title,
        "quality": quality,
        "theme": theme,
        "example": json.loads(example.fingerprint()) if chapter.uses_example else None,
        "sources": source_digest([*sources, *mathcore_sources()]),
        "packages": package_versions(),
        "voice": None if voice is None else voice.identity(),
    }


def cache_key(inputs: dict) -> str:
    """The cache key of a chapter's inputs: a short hash of their canonical JSON."""
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
    voiced: bool = False

    @property
    def speech(self) -> Path | None:
        """The chapter's speech (mono WAV, as long as the video, at -16 LUFS), if voiced."""
        return self.folder / "speech.wav" if self.voiced else None

    @property
    def speech_plan(self) -> Path | None:
        """Every caption cue with its spoken text and speech (JSON), if voiced."""
        return self.folder / "speech.json" if self.voiced else None

    @property
    def video(self) -> Path:
        """The chapter's video (H.264, no captions in it)."""
        return self.folder / "chapter.mp4"

    @property
    def published(self) -> Path:
        """The chapter as ``lecture/chapters/`` holds it: captions, speech and title muxed in."""
        return self.folder / "published.mp4"

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
    "wall_seconds": _NUMBER, "cpu_seconds": _NUMBER, "files": dict, "voiced": bool,
}
BEAT_FIELDS = {"number": int, "start": _NUMBER, "duration": _NUMBER, "frame": str}


def _typed(value: object, kind: type | tuple[type, ...]) -> bool:
    if kind is bool:
        return isinstance(value, bool)
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
        voiced=data["voiced"],
    )
    files = data["files"]
    needed = [entry.video, entry.captions, entry.slides / f"{chapter.scene}.json",
              *(beat.frame for beat in beats)]
    if entry.voiced:
        needed += [entry.speech, entry.speech_plan]
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


def store(cache: Path, job: RenderJob, render: ChapterRender) -> CachedChapter:
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
        from .render import RenderError  # render imports this module

        raise RenderError(job.chapter, "Manim wrote no beat videos (no sections)",
                          job.log(cache))
    beats, start = [], 0.0
    for number, (section, frame) in enumerate(zip(render.sections, frames, strict=True),
                                              start=1):
        length = probe(section)[0]
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
    duration, count, width, height, fps = probe(partial / "chapter.mp4")
    voiced = False
    if render.speech_plan is not None:
        from .voice import chapter_track

        voiced = chapter_track(render.speech_plan, duration, partial / "speech.wav") is not None
        plan = json.loads(render.speech_plan.read_text(encoding="utf-8"))
        for cue in plan["cues"]:  # the speech cache's paths are not the entry's business
            if cue.get("speech"):
                cue["speech"] = {"duration": cue["speech"]["duration"]}
        if voiced:
            (partial / "speech.json").write_text(json.dumps(plan, indent=1))
    from .assemble import chapter_video  # assemble imports this module

    # Muxed here, in the render's parallel phase (beside the next chapter's Manim),
    # not in the assembly that waits for every chapter: the AAC is most of its cost.
    chapter_video(job.chapter, partial / "chapter.mp4", partial / "captions.srt",
                  partial / "speech.wav" if voiced else None, partial / "published.mp4",
                  cache / "logs" / f"{job.chapter.stem}-publish.log")
    data = {
        "chapter": job.chapter.stem, "title": job.chapter.title, "key": job.key,
        "quality": job.quality, "theme": job.theme, "duration": duration, "frames": count,
        "width": width, "height": height, "fps": fps, "beats": beats, "poster_beat": poster,
        "wall_seconds": render.wall_seconds, "cpu_seconds": render.cpu_seconds,
        "voiced": voiced, "inputs": job.inputs, "files": _file_hashes(partial),
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
    voice: Voice | None = None

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
                 quality: str, voice: Voice | None = None) -> RenderJob:
    """Hash the chapter's inputs and look for it in the cache (a damaged entry is not used).

    ``voice`` None renders the chapter silent, paced by reading time.
    """
    inputs = chapter_inputs(chapter, example, theme, quality, voice)
    key = cache_key(inputs)
    try:
        return RenderJob(chapter, example, theme, quality, inputs, key,
                         load_entry(cache, chapter, key), voice=voice)
    except CorruptEntryError as damage:
        return RenderJob(chapter, example, theme, quality, inputs, key, None, str(damage),
                         voice=voice)


