"""Assemble rendered chapters into the lecture: one video with chapters and captions.

From the cached chapter renders (:class:`pipeline.cache.CachedChapter`) this
writes, under ``<output>/lecture/``:

* ``lecture.mp4``: the chapters joined without re-encoding (ffmpeg's concat
  demuxer, each chapter's exact length given), H.264 with ``+faststart``, a
  chapter marker per chapter (FFMETADATA) and the captions as a ``mov_text``
  subtitle track;
* ``lecture.srt`` and ``lecture.vtt``: every chapter's captions, each shifted by
  the lengths of the chapters before it (read from the chapter videos);
* ``chapters/NN-slug.mp4``: each chapter alone, with its captions (and its speech):
  :func:`chapter_video` made it when the chapter was stored in the cache, in
  the render's parallel phase, so assembling only copies it;
* ``posters/NN-slug.png``: each chapter's most complete beat;
* ``storyboard.png``: the last frame of every beat, a titled block per chapter.

The whole new folder (with ``render.json`` and whatever else the caller adds,
and, hard-linked, any file of the user's in the old folder) is built in a
staging folder under ``<output>/.cache`` first, then swapped in with two
renames (old folder out, new folder in, interrupts held), so a failed
or interrupted run leaves the previous lecture exactly as it was.
``<output>/.cache/assembled.json`` records what the lecture was made from; when
nothing changed, :func:`up_to_date` says so and nothing is rewritten.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mathcore.outline import Chapter

from .cache import CachedChapter
from .frames import contact_sheet
from .signals import interrupts_held

__all__ = [
    "LECTURE_TITLE",
    "AssemblyError",
    "Assembled",
    "Cue",
    "assemble",
    "assembly_key",
    "chapter_offsets",
    "chapter_video",
    "ffmetadata",
    "lecture_captions",
    "parse_srt",
    "srt_payload",
    "srt_text",
    "up_to_date",
    "vtt_payload",
    "vtt_text",
]

LECTURE_TITLE = "Removing the magic: where \u2212log y_T comes from"
LECTURE = "lecture"
RECORD = "assembled.json"
# What the lecture folder holds; anything else in it is carried over untouched.
MANAGED = ("lecture.mp4", "lecture.srt", "lecture.vtt", "storyboard.png",
           "chapters/*.mp4", "posters/*.png")
CAPTION_LANGUAGE = "eng"

_TIME = r"(\d+):(\d{2}):(\d{2})[,.](\d{3})"
_CUE_TIMES = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")


class AssemblyError(RuntimeError):
    """ffmpeg could not make a file; the message is one line with the log's path."""


@dataclass(frozen=True)
class Cue:
    """One caption: milliseconds from the start of its video, and its text."""

    start: int
    end: int
    text: str


def parse_srt(text: str) -> list[Cue]:
    """The cues of an SRT file (numbered blocks of ``start --> end`` and text lines)."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        for index, line in enumerate(lines):
            match = _CUE_TIMES.match(line)
            if match:
                numbers = [int(part) for part in match.groups()]
                start = ((numbers[0] * 60 + numbers[1]) * 60 + numbers[2]) * 1000 + numbers[3]
                end = ((numbers[4] * 60 + numbers[5]) * 60 + numbers[6]) * 1000 + numbers[7]
                cues.append(Cue(start, end, "\n".join(lines[index + 1:]).strip()))
                break
    return cues


def _timestamp(milliseconds: int, separator: str) -> str:
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def srt_text(cues: Sequence[Cue]) -> str:
    """``cues`` as SRT, their text literal (see :func:`srt_payload`)."""
    return "".join(
        f"{number}\n{_timestamp(cue.start, ',')} --> {_timestamp(cue.end, ',')}\n"
        f"{srt_payload(cue.text)}\n\n"
        for number, cue in enumerate(cues, start=1)
    )


def vtt_text(cues: Sequence[Cue]) -> str:
    """``cues`` as WebVTT (for a browser's ``<track>``), their text literal."""
    return "WEBVTT\n\n" + "".join(
        f"{number}\n{_timestamp(cue.start, '.')} --> {_timestamp(cue.end, '.')}\n"
        f"{vtt_payload(cue.text)}\n\n"
        for number, cue in enumerate(cues, start=1)
    )


# SRT has no escapes, and its readers take "<...>" for a tag and "{\...}" for an
# override (ffmpeg drops both from the video's caption track; players hide them).
# A zero-width space after "<" and "{" makes neither, and shows nothing.
_SRT_OPENERS = str.maketrans({"<": "<\u200b", "{": "{\u200b"})


def srt_payload(text: str) -> str:
    """A cue's text for SRT: one cue, and a class name like ``<b>`` printed as typed."""
    return _payload(text).translate(_SRT_OPENERS)


def vtt_payload(text: str) -> str:
    """A cue's text for WebVTT, whose cue text is HTML-like: ``&``, ``<``, ``>`` escaped."""
    return html.escape(_payload(text), quote=False)


def _payload(text: str) -> str:
    """A cue's text: no "-->" in it, and no blank line (which would end the cue)."""
    return re.sub(r"\n\s*\n", "\n", text.replace("-->", "->"))


def chapter_offsets(entries: Sequence[CachedChapter]) -> list[float]:
    """Where each chapter starts in the lecture (seconds): the lengths of those before it."""
    offsets, elapsed = [], 0.0
    for entry in entries:
        offsets.append(elapsed)
        elapsed += entry.duration
    return offsets


def _milliseconds(seconds: float) -> int:
    return round(seconds * 1000)


def lecture_captions(entries: Sequence[CachedChapter]) -> list[Cue]:
    """Every chapter's captions, shifted to where the chapter starts in the lecture."""
    cues = []
    for entry, offset in zip(entries, chapter_offsets(entries), strict=True):
        shift = _milliseconds(offset)
        end_of_chapter = _milliseconds(offset + entry.duration)
        for cue in parse_srt(entry.captions.read_text(encoding="utf-8")):
            start = cue.start + shift
            cues.append(Cue(start, max(start, min(cue.end + shift, end_of_chapter)), cue.text))
    return cues


def _escape_metadata(value: str) -> str:
    """A value for an FFMETADATA file: equals, semicolon, hash, backslash, newline escaped."""
    return re.sub(r"([=;#\\\n])", r"\\\1", value)


def ffmetadata(title: str, chapters: Sequence[tuple[str, int, int]]) -> str:
    """An FFMETADATA file: the lecture's title and one chapter per ``(title, start, end)`` (ms)."""
    lines = [";FFMETADATA1", f"title={_escape_metadata(title)}"]
    for name, start, end in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}",
                  f"title={_escape_metadata(name)}"]
    return "\n".join(lines) + "\n"


def _concat_list(entries: Sequence[CachedChapter]) -> str:
    """The concat demuxer's input: each chapter with its exact duration (no drift)."""
    def quoted(path: Path) -> str:
        return "'" + str(path.resolve()).replace("'", r"'\''") + "'"

    return "ffconcat version 1.0\n" + "".join(
        f"file {quoted(entry.video)}\nduration {entry.duration!r}\n" for entry in entries
    )


def assembly_key(entries: Sequence[CachedChapter]) -> str:
    """A hash of what the lecture is made from: the chapter renders, in order, and this code."""
    code = [Path(__file__).read_bytes(), Path(__file__).with_name("render.py").read_bytes(),
            Path(__file__).with_name("voice.py").read_bytes()]
    inputs = {
        "chapters": [(entry.chapter.stem, entry.chapter.title, entry.key) for entry in entries],
        "title": LECTURE_TITLE,
        "code": [hashlib.sha256(source).hexdigest() for source in code],
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:24]


def _stat(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


def up_to_date(output: Path, key: str) -> bool:
    """Whether ``<output>/lecture`` is what ``key`` describes, every file as it was written."""
    try:
        record = json.loads((output / ".cache" / RECORD).read_text())
        lecture = output / LECTURE
        return record["key"] == key and all(
            _stat(lecture / name) == stat for name, stat in record["files"].items()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


@dataclass(frozen=True)
class Assembled:
    """The assembled lecture."""

    folder: Path
    duration: float
    chapters: int

    @property
    def video(self) -> Path:
        """``lecture.mp4``."""
        return self.folder / "lecture.mp4"


def _ffmpeg(arguments: list[str], what: str, log: Path) -> None:
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(" ".join(command) + "\n\n" + result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[-1].strip()[:300] if lines else f"exit status {result.returncode}"
        raise AssemblyError(f"ffmpeg could not make {what}: {reason} (log: {log})")


def _mp4(video: Path, captions: Path | None, metadata: Path | None, title: str | None,
         out: Path, log: Path, concat: bool = False, audio: Path | None = None) -> None:
    """Mux ``video`` (copied, not re-encoded) with captions as mov_text, for a browser.

    ``audio`` (a WAV as long as the video) becomes an AAC track.
    """
    arguments = (["-f", "concat", "-safe", "0"] if concat else []) + ["-i", str(video)]
    maps = ["-map", "0:v:0"]
    inputs = 1
    if audio is not None:
        arguments += ["-i", str(audio)]
        maps += ["-map", f"{inputs}:a:0"]
        inputs += 1
    if captions is not None:
        arguments += ["-i", str(captions)]
        maps += ["-map", f"{inputs}:s:0"]
        inputs += 1
    if metadata is not None:
        arguments += ["-f", "ffmetadata", "-i", str(metadata)]
        maps += ["-map_metadata", str(inputs), "-map_chapters", str(inputs)]
    else:
        maps += ["-map_metadata", "-1", "-map_chapters", "-1"]
    arguments += maps + ["-c:v", "copy"]
    if audio is not None:
        from .voice import audio_codec, wav_rate

        arguments += audio_codec(wav_rate(audio))
    if captions is not None:
        arguments += ["-c:s", "mov_text", "-metadata:s:s:0", f"language={CAPTION_LANGUAGE}"]
    if title is not None:
        arguments += ["-metadata", f"title={title}"]
    arguments += ["-movflags", "+faststart", "-f", "mp4", str(out)]
    _ffmpeg(arguments, out.name, log)


def assemble(
    entries: Sequence[CachedChapter],
    output: Path,
    key: str,
    report: Callable[[str], None] = lambda line: None,
    extra: Mapping[str, str] | None = None,
) -> Assembled:
    """Build ``<output>/lecture`` from ``entries`` (in lecture order), all or nothing.

    ``extra`` maps file names to the text of further files for the new folder
    (``render.json``), swapped in with the rest. Raises :class:`AssemblyError`
    when a file cannot be made; the previous folder is then unchanged.
    """
    if not entries:
        raise AssemblyError("no chapters to assemble")
    output = Path(output)
    cache = output / ".cache"
    log = cache / "logs" / "assemble.log"
    staging = cache / f"staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    built = staging / LECTURE
    (built / "chapters").mkdir(parents=True)
    (built / "posters").mkdir()
    try:
        offsets = chapter_offsets(entries)
        duration = offsets[-1] + entries[-1].duration
        cues = lecture_captions(entries)
        (built / "lecture.srt").write_text(srt_text(cues), encoding="utf-8")
        (built / "lecture.vtt").write_text(vtt_text(cues), encoding="utf-8")
        marks = [
            (entry.chapter.title, _milliseconds(start), _milliseconds(start + entry.duration))
            for entry, start in zip(entries, offsets, strict=True)
        ]
        (staging / "chapters.txt").write_text(ffmetadata(LECTURE_TITLE, marks),
                                              encoding="utf-8")
        (staging / "concat.txt").write_text(_concat_list(entries), encoding="utf-8")
        report(f"assembling: {output / LECTURE} ({len(entries)} chapter"
               f"{'s' if len(entries) != 1 else ''})")
        speech = _lecture_speech(entries, staging / "speech.wav")
        # The storyboard is drawn on the other core while ffmpeg encodes the lecture's sound.
        with ThreadPoolExecutor(max_workers=1) as pool:
            storyboard = pool.submit(contact_sheet, [
                (f"{entry.chapter.number}. {entry.chapter.title}",
                 [(beat.frame, f"{entry.chapter.number}.{beat.number}   "
                               f"{_clock(offset + beat.start)}") for beat in entry.beats])
                for entry, offset in zip(entries, offsets, strict=True)],
                built / "storyboard.png")
            _mp4(staging / "concat.txt", built / "lecture.srt" if cues else None,
                 staging / "chapters.txt", None, built / "lecture.mp4", log, concat=True,
                 audio=speech)
            for entry in entries:
                stem = entry.chapter.stem
                shutil.copyfile(entry.published, built / "chapters" / f"{stem}.mp4")
                shutil.copyfile(entry.poster, built / "posters" / f"{stem}.png")
            storyboard.result()
        names = sorted(path.relative_to(built).as_posix() for path in built.rglob("*")
                       if path.is_file())
        for name, text in (extra or {}).items():
            (built / name).write_text(text, encoding="utf-8")
        _carry_over(output / LECTURE, built, set(extra or ()))
        _commit(built, output / LECTURE, staging / "previous", cache, key, names)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Assembled(output / LECTURE, duration, len(entries))


def chapter_video(chapter: Chapter, video: Path, captions: Path, speech: Path | None,
                  out: Path, log: Path) -> None:
    """One chapter as ``lecture/chapters/`` publishes it, written to ``out``.

    ``video`` is copied, not re-encoded; its captions become a mov_text track,
    ``speech`` (if any) an AAC track, and the chapter's title the file's. Manim
    writes the narration into ``captions`` as it is: escaped here (:func:`srt_text`),
    as for the lecture's. Raises :class:`AssemblyError`.
    """
    cues = parse_srt(captions.read_text(encoding="utf-8"))
    escaped = out.with_name(f".{out.stem}-captions.srt")
    escaped.write_text(srt_text(cues), encoding="utf-8")
    try:
        _mp4(video, escaped if cues else None, None, f"{chapter.number}. {chapter.title}",
             out, log, audio=speech)
    finally:
        escaped.unlink(missing_ok=True)


def _lecture_speech(entries: Sequence[CachedChapter], target: Path) -> Path | None:
    """The chapters' speech end to end (each exactly its video's length), or None if silent.

    A lecture is voiced only when every chapter is (they come from one render).
    """
    if not entries or not all(entry.voiced for entry in entries):
        return None
    import numpy as np

    from .voice import read_wav, write_wav

    tracks, rates = [], set()
    for entry in entries:
        samples, rate = read_wav(entry.speech)
        rates.add(rate)
        length = round(entry.duration * rate)
        fitted = np.zeros(length, dtype=np.int16)
        fitted[:min(length, len(samples))] = samples[:length]
        tracks.append(fitted)
    if len(rates) != 1:
        raise AssemblyError(f"the chapters' speech has different sample rates: {sorted(rates)}")
    write_wav(target, np.concatenate(tracks), rates.pop())
    return target


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"


def _managed(name: str) -> bool:
    """Whether the lecture writes ``name`` (a path relative to the lecture folder)."""
    return any(PurePosixPath(name).match(pattern) and name.count("/") == pattern.count("/")
               for pattern in MANAGED)


def _carry_over(lecture: Path, built: Path, replaced: set[str]) -> None:
    """Hard-link what else the old lecture folder holds (the user's files) into the new one.

    Lecture files (:data:`MANAGED`) and the ``replaced`` names are not carried:
    the new folder has its own. A file of the user's where the new lecture
    needs a folder, or the other way round, stops the assembly.
    """
    if not lecture.is_dir():
        return
    for folder, subfolders, files in os.walk(lecture):
        here = Path(folder)
        for name in sorted(subfolders + files):
            source = here / name
            relative = source.relative_to(lecture).as_posix()
            target = built / relative
            if source.is_dir() and not source.is_symlink():
                if target.exists() and not target.is_dir():
                    raise AssemblyError(f"{source} is in the way: the lecture writes "
                                        f"{relative} there; move it")
                target.mkdir(exist_ok=True)
            elif not (_managed(relative) or relative in replaced):
                if target.exists() or target.is_symlink():
                    raise AssemblyError(f"{source} is in the way: the lecture writes "
                                        f"{relative} there; move it")
                if source.is_symlink():
                    target.symlink_to(os.readlink(source))
                else:
                    try:
                        os.link(source, target)
                    except OSError:  # a file system without hard links
                        shutil.copy2(source, target)


def _commit(built: Path, lecture: Path, previous: Path, cache: Path, key: str,
            names: list[str]) -> None:
    """Swap the built folder in for the lecture's and record the key and ``names``' stats."""
    record = cache / RECORD
    # Past this point the new lecture is complete: Ctrl-C no longer stops the renames.
    with interrupts_held():
        # The old record goes first: a crash mid-swap leaves "not up to date", not a lie.
        record.unlink(missing_ok=True)
        if lecture.exists() or lecture.is_symlink():
            os.rename(lecture, previous)
        try:
            os.rename(built, lecture)
        except OSError:
            if previous.exists() or previous.is_symlink():
                os.rename(previous, lecture)
            raise
        partial = record.with_name(RECORD + ".part")
        partial.write_text(json.dumps(
            {"key": key, "files": {name: _stat(lecture / name) for name in names}}, indent=1))
        os.replace(partial, record)
