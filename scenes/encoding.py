"""How a chapter's frames become video: a held frame is encoded once, not once per frame.

Manim 0.21 draws a frozen ``wait`` once, then hands that frame to its writer
with a count, ``int(duration * fps)`` (``CairoRenderer.freeze_current_frame``),
and the writer converts and encodes every copy (``_PartialMovieEncodeJob``).
A narrated lecture is mostly such holds. :class:`HoldFileWriter` writes a run
of ``n`` equal frames as two frames: the first at the run's start and the same
frame again at the run's last frame period, so the video shows it exactly as
long as before. The partial movie files have a variable frame rate: every frame
that changes still comes on the scene's frame clock, and every file lasts as
many frame periods as Manim's own.

Three settings go with it (:data:`ENCODER_OPTIONS`):

* no B-frames: each packet's decoding time is its presentation time, so
  Manim's joining of partial files (``SceneFileWriter.combine_files``, which
  lets FFmpeg guess decoding times), manim-slides' and ffmpeg's concat
  demuxer keep the gaps, and every joined video lasts as long as its parts;
* preset ``veryfast`` instead of ``medium``: on this content (flat colours,
  small moving parts) it costs about 60% of the CPU per drawn frame, with an
  SSIM against Manim's own output above 0.997 and a file about as large
  (docs/BENCHMARKS.md);
* frames made by copying into a new ``av.VideoFrame`` (:func:`rgba_frame`),
  which costs less than PyAV's ``from_ndarray``; the pixels are the same.

:func:`lecture_renderer` is the Cairo renderer with this writer; ``LectureScene``
passes it to Manim. ``SOFTMAX_LECTURE_ENCODER=manim`` keeps Manim's own writer
and settings, for the benchmark's side-by-side run (bench/bench_render.py); the
render cache does not see the variable.
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any

import av
import numpy as np
from manim import config
from manim.constants import RendererType
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter, _PartialMovieEncodeJob, to_av_frame_rate

__all__ = [
    "ENCODER_OPTIONS", "ENCODER_VARIABLE", "HoldFileWriter", "hold_stamps", "lecture_renderer",
    "rgba_frame",
]

ENCODER_VARIABLE = "SOFTMAX_LECTURE_ENCODER"

# libx264's options for the partial movie files (Manim's own: crf 23, preset medium).
ENCODER_OPTIONS = {
    "crf": "23",
    "preset": "veryfast",
    "x264-params": "bframes=0",
}


def hold_stamps(start: int, count: int) -> list[int]:
    """Presentation times (in frame periods) of the frames that show one frame ``count`` times.

    One frame at ``start``; a run of more than one also ends with the same frame at
    its last period, so the file (or the next frame) starts after ``count`` periods.
    """
    if count <= 0:
        return []
    return [start] if count == 1 else [start, start + count - 1]


def rgba_frame(pixels: np.ndarray) -> av.VideoFrame:
    """An RGBA ``av.VideoFrame`` of ``pixels`` (height x width x 4, uint8).

    The frame ``av.VideoFrame.from_ndarray(pixels, format="rgba")`` makes, made by
    copying the rows into a new frame's buffer (which may have padded lines).
    """
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 4:
        return av.VideoFrame.from_ndarray(pixels, format="rgba")
    height, width = pixels.shape[:2]
    frame = av.VideoFrame(width, height, "rgba")
    plane = frame.planes[0]
    rows = np.frombuffer(plane, dtype=np.uint8).reshape(height, plane.line_size)
    rows[:, :width * 4] = pixels.reshape(height, width * 4)
    return frame


class _HoldEncodeJob(_PartialMovieEncodeJob):
    """Manim's encode job with presentation times: a run of equal frames is two frames."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.next_pts = 0  # frame periods written so far; set before the job's thread starts
        super().__init__(*args, **kwargs)

    def _encode_and_write_frame(self, frame: np.ndarray, num_frames: int) -> None:
        time_base = self.stream.codec_context.time_base
        for stamp in hold_stamps(self.next_pts, num_frames):
            av_frame = rgba_frame(frame)
            av_frame.pts = stamp
            av_frame.time_base = time_base
            for packet in self.stream.encode(av_frame):
                self.container.mux(packet)
        self.next_pts += max(num_frames, 0)


class HoldFileWriter(SceneFileWriter):
    """Manim's writer, each held frame encoded once (see the module's docstring)."""

    def open_partial_movie_stream(self, file_path=None) -> None:
        """Manim 0.21's, for an H.264 MP4, with :data:`ENCODER_OPTIONS` and :class:`_HoldEncodeJob`.

        WebM and transparent output stay Manim's own.
        """
        if config.movie_file_extension != ".mp4" or config.transparent:
            super().open_partial_movie_stream(file_path)
            return
        if file_path is None:
            file_path = self.partial_movie_files[self.renderer.num_plays]
            if file_path is None:
                raise RuntimeError("open_partial_movie_stream() called for a play that has "
                                   "no partial movie file path.")
        if str(file_path) in self._inflight_by_path:
            self._join_job_and_drain_on_failure(self._inflight_by_path[str(file_path)])
        self.partial_movie_file_path = file_path
        fps = to_av_frame_rate(config.frame_rate)
        container = av.open(file_path, mode="w")
        stream = container.add_stream("libx264", rate=fps, options={"an": "1", **ENCODER_OPTIONS})
        stream.pix_fmt = "yuv420p"
        stream.width = config.pixel_width
        stream.height = config.pixel_height
        stream.codec_context.time_base = Fraction(fps.denominator, fps.numerator)  # one frame
        queue_size = 0 if config.max_inflight_encoders == 1 else config.encoder_queue_size
        self._current_encode_job = _HoldEncodeJob(
            path=file_path, animation_index=self.renderer.num_plays, container=container,
            stream=stream, frame_queue_size=queue_size,
        )


def lecture_renderer(skip_animations: bool = False) -> CairoRenderer | None:
    """A Cairo renderer that writes with :class:`HoldFileWriter`.

    None (Manim makes its own renderer) under OpenGL, or when
    ``SOFTMAX_LECTURE_ENCODER`` is ``manim``.
    """
    if config.renderer != RendererType.CAIRO or os.environ.get(ENCODER_VARIABLE) == "manim":
        return None
    return CairoRenderer(file_writer_class=HoldFileWriter, skip_animations=skip_animations)
