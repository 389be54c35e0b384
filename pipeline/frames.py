"""Frames out of rendered videos: the last frame of each beat, how much is drawn, contact sheets.

PyAV and Pillow are imported where a frame is read or drawn, so importing this
module costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

__all__ = ["beat_frames", "contact_sheet", "ink", "last_frame", "probe"]


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


