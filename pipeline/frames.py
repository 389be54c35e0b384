"""Frames out of rendered videos: the last frame of each beat, how much is drawn, contact sheets.

PyAV and Pillow are imported where a frame is read or drawn, so importing this
module costs nothing.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

__all__ = ["STILL_NOISE", "STILL_SECONDS", "Stills", "beat_frames", "contact_sheet", "ink",
           "last_frame", "probe", "stills"]


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


def probe(video: Path) -> tuple[float, int, int, int, float]:
    """Duration (of the video stream), frame count, width, height and frame rate."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        duration = float(stream.duration * stream.time_base)
        return (duration, stream.frames, stream.codec_context.width,
                stream.codec_context.height, float(stream.average_rate or 0))




# ----------------------------------------------------------------------
# Still pictures.

# A picture is still while no frame differs from the one before by more than this
# mean absolute difference (ffmpeg freezedetect's ``n``, as a fraction of full
# scale: -100 dB). Measured on the lecture: 1e-4, 1e-5 and 1e-6 find the same
# stills within 3 %, so this is below what any visible change makes (a 10-pixel
# dot moving one step at 480p changes the mean by about 1e-4) and above
# the encoder's noise. 1e-3, ffmpeg's default, misses a small moving dot.
STILL_NOISE = 1e-5
# The shortest still that counts: a pause shorter than a second is a beat of the
# animation, not a picture the viewer waits on.
STILL_SECONDS = 1.0

_FREEZE = re.compile(r"lavfi\.freezedetect\.freeze_(start|end): (-?[0-9.]+)")


@dataclass(frozen=True)
class Stills:
    """The still stretches of a video: ``(start, end)`` seconds, and its duration."""

    intervals: tuple[tuple[float, float], ...]
    duration: float

    @property
    def total(self) -> float:
        """Seconds of still picture."""
        return sum(end - start for start, end in self.intervals)

    @property
    def fraction(self) -> float:
        """The share of the video during which the picture is still."""
        return self.total / self.duration if self.duration > 0 else 0.0

    @property
    def longest(self) -> tuple[float, float]:
        """The longest still ``(start, end)``; ``(0, 0)`` when there is none."""
        return max(self.intervals, key=lambda span: span[1] - span[0], default=(0.0, 0.0))

    def longer_than(self, seconds: float) -> tuple[tuple[float, float], ...]:
        """The stills that last more than ``seconds``."""
        return tuple(span for span in self.intervals if span[1] - span[0] > seconds)


def stills(video: Path, noise: float = STILL_NOISE, shortest: float = STILL_SECONDS) -> Stills:
    """Where the picture of ``video`` stands still for ``shortest`` seconds or more.

    ffmpeg's ``freezedetect`` filter compares each frame with the one before
    (captions are a separate track and do not count: speech over a frozen
    picture is a still). A still that runs to the end of the video ends there.
    """
    duration = probe(Path(video))[0]
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "info", "-i", str(video), "-map", "0:v:0",
         "-vf", f"freezedetect=n={noise:g}:d={shortest:g}", "-f", "null", "-"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg could not read {video}: {result.stderr.strip()[-300:]}")
    intervals, start = [], None
    for kind, value in _FREEZE.findall(result.stderr):
        if kind == "start":
            start = float(value)
        elif start is not None:
            intervals.append((start, float(value)))
            start = None
    if start is not None and duration - start >= shortest:
        intervals.append((start, duration))
    return Stills(tuple(intervals), duration)
