"""Render chapters with Manim in their own processes, and pull key frames out of them.

Each chapter is rendered by the ``manim`` command line in a subprocess (so
chapters can run in parallel and a crash stays in its chapter), with
``--save_sections``: one video per beat plus a JSON index, and the captions as
an ``.srt`` beside the chapter video.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mathcore.example import WorkedExample

from .context import example_environment
from .registry import Chapter
from .theme import THEME_VARIABLE

__all__ = [
    "QUALITIES",
    "ChapterRender",
    "RenderError",
    "beat_frames",
    "contact_sheet",
    "render_chapter",
]

# --quality name -> (manim flag, folder manim names after the resolution and rate)
QUALITIES = {
    "low": ("l", "480p15"),
    "medium": ("m", "720p30"),
    "high": ("h", "1080p60"),
    "4k": ("k", "2160p60"),
}

REPOSITORY = Path(__file__).resolve().parent.parent


class RenderError(RuntimeError):
    """A chapter failed to render; the message says which and why, in one line."""


@dataclass(frozen=True)
class ChapterRender:
    """Where one rendered chapter's files are."""

    chapter: Chapter
    video: Path
    captions: Path
    sections: list[Path]
    section_names: list[str]


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
) -> ChapterRender:
    """Render one chapter into ``media_dir`` (Manim's own layout under it)."""
    flag, folder = QUALITIES[quality]
    media_dir = Path(media_dir)
    command = [
        sys.executable, "-m", "manim", "render", f"-q{flag}", "--media_dir", str(media_dir),
        "--progress_bar", "none", "--verbosity", "WARNING",
    ]
    if last_frame_only:
        command.append("-s")
    else:
        command.append("--save_sections")
    command += [str(REPOSITORY / chapter.path), chapter.scene]
    result = subprocess.run(command, cwd=REPOSITORY, env=_environment(example, theme,
                            extra_environment), capture_output=True, text=True)
    if result.returncode != 0:
        log = media_dir / "logs" / f"{chapter.stem}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(result.stdout + result.stderr)
        raise RenderError(f"chapter {chapter.number} ({chapter.slug}) failed: "
                          f"{_first_error(result.stderr + result.stdout)} (log: {log})")
    videos = media_dir / "videos" / Path(chapter.path).stem / folder
    if last_frame_only:
        return ChapterRender(chapter, videos, videos, [], [])
    video = videos / f"{chapter.scene}.mp4"
    index = videos / "sections" / f"{chapter.scene}.json"
    sections = json.loads(index.read_text()) if index.exists() else []
    return ChapterRender(
        chapter=chapter,
        video=video,
        captions=video.with_suffix(".srt"),
        sections=[videos / "sections" / entry["video"] for entry in sections if entry.get("video")],
        section_names=[entry["name"] for entry in sections if entry.get("video")],
    )


def _first_error(log: str) -> str:
    """The most telling line of a failed render's log."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for marker in ("LaTeX Error", "! ", "Error:", "Error", "error"):
        for line in lines:
            if marker in line:
                return line[:300]
    return lines[-1][:300] if lines else "no output"


def beat_frames(render: ChapterRender, out_dir: Path) -> list[Path]:
    """The last frame of each beat's video, as PNGs in ``out_dir``."""
    import av

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = []
    for index, section in enumerate(render.sections, start=1):
        last = None
        with av.open(str(section)) as container:
            for frame in container.decode(video=0):
                last = frame
        if last is None:
            continue
        path = out_dir / f"{render.chapter.stem}-beat{index:02d}.png"
        last.to_image().save(path)
        frames.append(path)
    return frames


def contact_sheet(frames: list[Path], out: Path, columns: int = 4, width: int = 480) -> Path:
    """One PNG holding ``frames`` in a grid, each ``width`` pixels wide, with its file name."""
    from PIL import Image, ImageDraw

    images = [Image.open(frame).convert("RGB") for frame in frames]
    if not images:
        raise ValueError("no frames for a contact sheet")
    height = round(width * images[0].height / images[0].width)
    label = 18
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * width, rows * (height + label)), "#202020")
    draw = ImageDraw.Draw(sheet)
    for index, (image, frame) in enumerate(zip(images, frames, strict=True)):
        x, y = (index % columns) * width, (index // columns) * (height + label)
        sheet.paste(image.resize((width, height)), (x, y + label))
        draw.text((x + 4, y + 2), frame.stem, fill="#DDDDDD")
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    sheet.save(tmp, format="PNG")
    tmp.replace(out)
    return out


def _main(argv: list[str]) -> int:
    """``python -m scenes.render CHAPTER [--theme T] [--logits ...]``: key frames of one chapter."""
    import argparse
    import tempfile

    from .registry import chapter_by_number

    parser = argparse.ArgumentParser(prog="python -m scenes.render")
    parser.add_argument("chapter", type=int)
    parser.add_argument("--theme", default="dark")
    parser.add_argument("--quality", default="low")
    parser.add_argument("--logits")
    parser.add_argument("--target")
    parser.add_argument("--classes")
    parser.add_argument("--out", default="media/keyframes")
    args = parser.parse_args(argv)
    example = WorkedExample.from_options(args.logits, args.target, args.classes)
    chapter = chapter_by_number(args.chapter)
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as media:
        try:
            render = render_chapter(chapter, example, Path(media), args.quality, args.theme)
        except RenderError as error:
            log = Path(media) / "logs" / f"{chapter.stem}.log"
            print(log.read_text()[-6000:], file=sys.stderr)
            print(error, file=sys.stderr)
            return 1
        frames = beat_frames(render, out)
        sheet = contact_sheet(frames, out / f"{chapter.stem}-{args.theme}-{example.n_classes}.png",
                              columns=3)
    print(sheet)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
