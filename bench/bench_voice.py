"""Voice benchmark: the engine's real-time factor, and what the voice adds to a render.

    PYTHONPATH=. .venv/bin/python bench/bench_voice.py [--chapters 1-10] [--jobs 2] [--quick]

Every figure comes from this one run, side by side on the same machine:

1. the TTS real-time factor: the bundled Piper voice speaks every caption cue of
   the default lecture (the cues the chapters would speak, from their speech
   plans in step 2's render), timed per cue (compute seconds / speech seconds),
   and the model's load time;
2. the lecture at low quality with ``--jobs N``, narrated and ``--no-voice``, each
   into a fresh output folder (nothing cached), one after the other: wall time,
   CPU seconds, video duration; the ratio of wall times and of wall time per
   second of video (the narrated lecture is longer: the speech sets the pace);
   and the narrated lecture's still pictures (:func:`pipeline.frames.stills`);
3. a rerun of the narrated one with nothing changed: wall time and the number of
   cues synthesised (goal: none);
4. both again in the light theme, each into its own folder: every chapter is
   drawn again, LaTeX comes from Manim's cache in both, and every cue from the
   speech cache in the narrated one: what a lecturer's next render costs (the
   light theme draws as fast as the dark one: docs/BENCHMARKS.md, "The deck").

It runs the real command (``python -m pipeline render``) in subprocesses.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from pipeline.frames import stills  # noqa: E402


def render(output: Path, *args: str) -> tuple[float, float, str]:
    """Run the CLI; wall seconds, CPU seconds of all it started, and its stderr."""
    env = dict(os.environ, PYTHONPATH=str(REPOSITORY))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "render", "--output", str(output), *args],
        cwd=REPOSITORY, env=env, capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"render {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stderr


def duration(output: Path) -> float:
    result = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                             "-of", "csv=p=0", str(output / "lecture" / "lecture.mp4")],
                            capture_output=True, text=True, check=True)
    return float(result.stdout)


def spoken_cues(output: Path) -> list[str]:
    """Every cue the lecture speaks, once (both themes' renders speak the same)."""
    texts = []
    for plan in sorted((output / ".cache" / "chapters").glob("*/*/speech.json")):
        texts += [cue["spoken"] for cue in json.loads(plan.read_text())["cues"]]
    return list(dict.fromkeys(texts))


def real_time_factor(texts: list[str]) -> tuple[float, float, float, float]:
    """Model load seconds, compute seconds, speech seconds, and their ratio."""
    from piper import PiperVoice, SynthesisConfig

    from pipeline.voice import default_voice

    model = default_voice()
    begun = time.perf_counter()
    voice = PiperVoice.load(model, model.with_name(model.name + ".json"))
    load = time.perf_counter() - begun
    compute = speech = 0.0
    for text in texts:
        begun = time.perf_counter()
        samples = sum(len(chunk.audio_int16_array)
                      for chunk in voice.synthesize(text, SynthesisConfig(length_scale=1.0)))
        compute += time.perf_counter() - begun
        speech += samples / voice.config.sample_rate
    return load, compute, speech, compute / speech


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chapters", default="1-10")
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--quick", action="store_true",
                        help="steps 2 and 3 only (no light-theme renders, no real-time factor)")
    args = parser.parse_args()
    common = ["--chapters", args.chapters, "--jobs", args.jobs, "--quality", "low"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-voice-") as scratch:
        narrated, silent = Path(scratch) / "narrated", Path(scratch) / "silent"
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        voice_wall, voice_cpu, _ = render(narrated, *common)
        silent_wall, silent_cpu, _ = render(silent, *common, "--no-voice")
        voice_video, silent_video = duration(narrated), duration(silent)
        rows += [("narrated", voice_wall, voice_cpu, voice_video),
                 ("--no-voice", silent_wall, silent_cpu, silent_video)]
        # The narrated lecture's still pictures (bench/bench_stills.py's measure).
        still = stills(narrated / "lecture" / "lecture.mp4")
        rerun_wall, _, rerun_err = render(narrated, *common)
        synthesised = [line for line in rerun_err.splitlines() if line.startswith("voice:")]
        if not args.quick:
            warm_wall, warm_cpu, warm_err = render(narrated, *common, "--theme", "light")
            warm_said = [line for line in warm_err.splitlines() if line.startswith("voice:")]
            warm_video = duration(narrated)
            light_wall, light_cpu, _ = render(silent, *common, "--theme", "light", "--no-voice")
            light_video = duration(silent)
            rows += [("warm voice", warm_wall, warm_cpu, warm_video),
                     ("warm silent", light_wall, light_cpu, light_video)]
            texts = spoken_cues(narrated)
            load, compute, speech, factor = real_time_factor(texts)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    if not args.quick:
        print(f"\nTTS: {len(texts)} cues, {speech:.1f} s of speech in {compute:.2f} s "
              f"(real-time factor {factor:.3f}); model load {load:.2f} s")
    print(f"\n{'render':<12}{'wall s':>8}{'cpu s':>8}{'video s':>9}{'wall/video':>12}")
    for name, wall, cpu, video in rows:
        print(f"{name:<12}{wall:>8.1f}{cpu:>8.1f}{video:>9.1f}{wall / video:>12.3f}")
    per_second = (voice_wall / voice_video) / (silent_wall / silent_video)
    print(f"\nnarrated / silent: wall {voice_wall / silent_wall:.3f}, "
          f"cpu {voice_cpu / silent_cpu:.3f}, wall per second of video {per_second:.3f}, "
          f"video length {voice_video / silent_video:.3f}")
    start, end = still.longest
    print(f"narrated lecture: {still.fraction:.1%} still, longest still {end - start:.1f} s "
          f"at {start:.1f} s, {len(still.longer_than(4.0))} stills over 4 s")
    print(f"rerun, nothing changed: {rerun_wall:.2f} s; {synthesised[0] if synthesised else ''}")
    if not args.quick:
        warm_per_second = (warm_wall / warm_video) / (light_wall / light_video)
        print(f"next render, narrated (speech cached) / silent: wall {warm_wall / light_wall:.3f}, "
              f"wall per second of video {warm_per_second:.3f}; "
              f"{warm_said[0] if warm_said else ''}")


if __name__ == "__main__":
    main()
