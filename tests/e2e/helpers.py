"""Helpers of the end-to-end tests: run the real CLI, inspect output folders and videos.

The code under test always runs in a fresh process with this checkout first on
``PYTHONPATH``, and the tests never import ``scenes`` themselves: with
``tests/scenes/__init__.py``, pytest's default import mode puts ``tests/`` first
on ``sys.path``, where ``scenes`` would be the test package (and its submodules
whatever the editable install points at).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    """One ``softmax-lecture render`` run."""

    output: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def lecture(self) -> Path:
        return self.output / "lecture"


def environment(path: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPOSITORY)
    if path is not None:
        env["PATH"] = path
    return env


def render(output: Path, *args: str, path: str | None = None, cwd: Path | None = None) -> Run:
    """Run the CLI as a user would (a fresh process), in ``cwd`` (default: output's parent)."""
    command = [sys.executable, "-m", "pipeline", "render", "--output", str(output), *args]
    result = subprocess.run(command, cwd=cwd or output.parent, env=environment(path),
                            capture_output=True, text=True, timeout=600)
    return Run(output, result.returncode, result.stdout, result.stderr)


def chapter_titles() -> list[str]:
    """The registry's chapter titles, in order (from a fresh process of this checkout)."""
    probe = "import json; from mathcore.outline import CHAPTERS; " \
            "print(json.dumps([chapter.title for chapter in CHAPTERS]))"
    result = subprocess.run([sys.executable, "-c", probe], env=environment(), check=True,
                            capture_output=True, text=True, cwd=REPOSITORY)
    return json.loads(result.stdout)


def copy_output(source: Path, target: Path) -> Path:
    """A copy of an output folder, times kept (so the copy is as up to date as the source)."""
    shutil.copytree(source, target, symlinks=True)
    return target


def files_state(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under ``folder``: size, mtime and content hash (lock file excepted)."""
    state = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "lock":
            status = path.stat()
            state[path.relative_to(folder).as_posix()] = (
                status.st_size, status.st_mtime_ns,
                hashlib.sha256(path.read_bytes()).hexdigest())
    return state


def cache_entries(output: Path) -> dict[str, set[str]]:
    """``{chapter stem: {cache keys}}`` of the renders in an output folder's cache."""
    entries: dict[str, set[str]] = {}
    for entry in (output / ".cache" / "chapters").glob("*/*/entry.json"):
        entries.setdefault(entry.parent.parent.name, set()).add(entry.parent.name)
    return entries


def entry_data(output: Path, stem: str) -> dict:
    (entry,) = (output / ".cache" / "chapters" / stem).glob("*/entry.json")
    return json.loads(entry.read_text())


def rendered_stems(run: Run) -> set[str]:
    """Chapters the run says it rendered (its "[n/m done] rendered X" lines)."""
    return {line.split(" rendered ", 1)[1].split(" in ", 1)[0]
            for line in run.stderr.splitlines() if "] rendered " in line}


def assert_succeeded(run: Run) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr


def tool_folder(folder: Path, tools: list[str]) -> str:
    """A PATH of one folder holding links to only these tools."""
    folder.mkdir(parents=True, exist_ok=True)
    for tool in tools:
        found = shutil.which(tool)
        assert found, tool
        (folder / tool).symlink_to(found)
    return str(folder)


def ffprobe(path: Path, *what: str) -> dict:
    """ffprobe's JSON about ``path`` (e.g. ``-show_streams``, ``-show_chapters``)."""
    result = subprocess.run(["ffprobe", "-v", "error", "-of", "json", *what, str(path)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def cue_starts(path: Path, stream: str | None = None) -> list[float]:
    """Start times (s) of the captions in a subtitle file or a video's subtitle track.

    Read by ffmpeg's own demuxers (srt, webvtt, mov_text), not by the code under test.
    Empty mov_text samples (gaps) are left out.
    """
    selection = ["-select_streams", stream] if stream else []
    packets = ffprobe(path, *selection, "-show_packets")["packets"]
    return [float(packet["pts_time"]) for packet in packets
            if stream is None or int(packet["size"]) > 2]


def video_facts(path: Path) -> dict:
    """Codec, size, pixel format, duration, decoded frames and their times, of the video stream."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        facts = {
            "codec": stream.codec_context.name,
            "size": (stream.codec_context.width, stream.codec_context.height),
            "pix_fmt": stream.codec_context.pix_fmt,
            "duration": float(stream.duration * stream.time_base),
            "rate": float(stream.base_rate or stream.guessed_rate),
        }
        facts["times"] = [float(frame.time) for frame in container.decode(stream)]
        facts["frames"] = len(facts["times"])
    return facts


def top_level_boxes(path: Path) -> list[str]:
    """The MP4's top-level box types in file order (``moov`` before ``mdat``: faststart)."""
    boxes = []
    with open(path, "rb") as handle:
        while header := handle.read(8):
            size, kind = int.from_bytes(header[:4], "big"), header[4:].decode("latin-1")
            if size == 1:
                size = int.from_bytes(handle.read(8), "big")
                handle.seek(size - 16, 1)
            else:
                handle.seek(size - 8, 1)
            boxes.append(kind)
            if size == 0:
                break
    return boxes


def assert_one_line_error(run: Run, *fragments: str) -> None:
    assert run.returncode == 2, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and run.stderr.endswith("\n"), run.stderr
    assert lines[0].startswith("softmax-lecture: error: ")
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "Traceback" not in run.stderr


def decode_problems(path: Path) -> list[str]:
    """What FFmpeg reports while PyAV decodes every frame of the video (none: it is sound).

    Errors FFmpeg only logs (a damaged slice it conceals) count as much as
    the ones it raises, and so does a frame count short of the stream's own.
    """
    import av
    import av.logging

    problems = []
    previous = av.logging.get_level()
    av.logging.set_level(av.logging.ERROR)
    try:
        with av.logging.Capture() as logs:
            try:
                with av.open(str(path)) as container:
                    stream = container.streams.video[0]
                    decoded = sum(1 for _ in container.decode(stream))
                    if decoded != stream.frames:
                        problems.append(f"{decoded} of {stream.frames} frames decoded")
            except av.error.FFmpegError as error:
                problems.append(str(error))
    finally:
        av.logging.set_level(previous)
    return problems + [f"{name}: {message.strip()}" for level, name, message in logs
                       if level <= av.logging.ERROR]


def chapter_process_running(processes: dict[int, str]) -> bool:
    """Whether a chapter's Manim process is among ``processes`` (:func:`session_processes`).

    One is either ``python -m manim`` or a fork of the zygote (``pipeline.zygote``),
    which shows the zygote's command line: a zygote process whose parent is one.
    """
    if any(" -m manim " in command for command in processes.values()):
        return True
    zygotes = {pid for pid, command in processes.items() if " -m pipeline.zygote" in command}
    for pid in zygotes:
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if int(text[text.rindex(")") + 2:].split()[1]) in zygotes:
            return True
    return False


def session_processes(session: int) -> dict[int, str]:
    """The live processes of a session (zombies aside), read from /proc: pid -> command."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:  # it ended meanwhile
            continue
        # After the command name, in parentheses (it may hold spaces): state, ppid,
        # process group, session, ...
        state, _, _, session_id = text[text.rindex(")") + 2:].split()[:4]
        if int(session_id) == session and state != "Z":
            found[int(stat.parent.name)] = command.replace(b"\0", b" ").decode(errors="replace")
    return found
