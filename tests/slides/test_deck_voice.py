"""The deck's sound: a narrated deck speaks (and M mutes it), a silent one never asks to unmute.

Chromium offline, as a presenter opens the deck. A narrated deck is opened as
after the presenter's first click (Chromium's autoplay policy otherwise plays
sound only after a user gesture); a silent deck with the default policy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.slides.browser import CHROMIUM, LOCAL_SCHEMES, READY_TIMEOUT_MS

REPOSITORY = Path(__file__).resolve().parents[2]
PRESENT_VIDEO = "document.querySelector('.slide-background.present video')"


def _slides(output: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "pipeline", "slides", "--chapters", "1",
                             "--quality", "low", "--output", str(output), *args],
                            cwd=output.parent, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def voiced(tmp_path_factory):
    output = tmp_path_factory.mktemp("voiced") / "media"
    _slides(output, "--format", "all", "--print-theme", "same")
    return output


@pytest.fixture(scope="module")
def silent(tmp_path_factory):
    output = tmp_path_factory.mktemp("silent") / "media"
    _slides(output, "--no-voice")
    return output


def _audio_streams(video: Path) -> list[str]:
    result = subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_streams", str(video)],
                            capture_output=True, text=True, check=True)
    return [s["codec_name"] for s in json.loads(result.stdout)["streams"]
            if s["codec_type"] == "audio"]


def _browse(html: Path, script, policy: str | None = None, query: str = ""):
    from playwright.sync_api import sync_playwright

    blocked = []

    def route(handle) -> None:
        if handle.request.url.startswith(LOCAL_SCHEMES):
            handle.continue_()
        else:
            blocked.append(handle.request.url)
            handle.abort()

    arguments = ["--no-sandbox", "--disable-gpu", "--no-first-run"]
    if policy:
        arguments.append(f"--autoplay-policy={policy}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=arguments)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 720})
            context.route("**/*", route)
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(html.resolve().as_uri() + query)
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=READY_TIMEOUT_MS)
            page.wait_for_function(f"{PRESENT_VIDEO} !== null && {PRESENT_VIDEO}.readyState >= 3",
                                   timeout=READY_TIMEOUT_MS)
            result = script(page)
            assert errors == [] and blocked == []
            return result
        finally:
            browser.close()


def test_every_slide_video_of_a_narrated_deck_speaks(voiced):
    videos = sorted((voiced / "slides" / "lecture_assets").glob("*.mp4"))
    assert videos and all(_audio_streams(video) == ["aac"] for video in videos)
    html = (voiced / "slides" / "lecture.html").read_text(encoding="utf-8")
    assert "data-background-video-muted" not in html
    assert "data-background-video-loop" not in html  # a looping slide would repeat its speech
    from pptx import Presentation

    deck = Presentation(str(voiced / "slides" / "lecture.pptx"))
    media = [part for part in deck.part.package.iter_parts()
             if part.partname.endswith(".mp4")]
    assert media
    for index, part in enumerate(media):
        path = voiced / f"pptx-{index}.mp4"
        path.write_bytes(part.blob)
        assert _audio_streams(path) == ["aac"]


def test_the_narrated_deck_plays_its_voice_and_m_mutes_it(voiced):
    def script(page):
        page.wait_for_function(f"{PRESENT_VIDEO}.currentTime > 0.3", timeout=READY_TIMEOUT_MS)
        playing = page.evaluate(f"[{PRESENT_VIDEO}.muted, {PRESENT_VIDEO}.paused]")
        page.wait_for_function(f"{PRESENT_VIDEO}.webkitAudioDecodedByteCount > 0",
                               timeout=READY_TIMEOUT_MS)
        label = page.inner_text("#voice-toggle")
        page.keyboard.press("m")
        muted = page.evaluate(f"{PRESENT_VIDEO}.muted")
        muted_label = page.inner_text("#voice-toggle")
        page.keyboard.press("Space")  # the next slide's video starts muted too
        page.wait_for_function(f"{PRESENT_VIDEO} !== null && {PRESENT_VIDEO}.readyState >= 2",
                               timeout=READY_TIMEOUT_MS)
        next_muted = page.evaluate(f"{PRESENT_VIDEO}.muted")
        page.click("#voice-toggle")
        unmuted = page.evaluate(f"{PRESENT_VIDEO}.muted")
        return playing, label, muted, muted_label, next_muted, unmuted

    playing, label, muted, muted_label, next_muted, unmuted = _browse(
        voiced / "slides" / "lecture.html", script, policy="no-user-gesture-required")
    assert playing == [False, False]
    assert label == "Voice on (M)"
    assert muted and muted_label == "Voice off (M)"
    assert next_muted
    assert unmuted is False


def test_a_muted_deck_starts_with_its_voice_off(voiced, tmp_path):
    output = tmp_path / "media"
    subprocess.run(["cp", "-a", str(voiced), str(output)], check=True)
    _slides(output, "--muted")

    def script(page):
        page.wait_for_function(f"{PRESENT_VIDEO}.currentTime > 0.3", timeout=READY_TIMEOUT_MS)
        return page.evaluate(f"{PRESENT_VIDEO}.muted"), page.inner_text("#voice-toggle")

    assert _browse(output / "slides" / "lecture.html", script) == (True, "Voice off (M)")


def test_a_silent_deck_autoplays_muted_and_never_asks_to_unmute(silent):
    html = (silent / "slides" / "lecture.html").read_text(encoding="utf-8")
    assert html.count("data-background-video=") == html.count("data-background-video-muted")
    assert "voice-toggle" not in html

    def script(page):
        page.wait_for_function(f"{PRESENT_VIDEO}.currentTime > 0.3", timeout=READY_TIMEOUT_MS)
        page.keyboard.press("Space")
        page.wait_for_function(f"{PRESENT_VIDEO}.currentTime > 0.3", timeout=READY_TIMEOUT_MS)
        return page.evaluate("[...document.querySelectorAll('.reveal button, .reveal a')]"
                             ".map(b => b.textContent).filter(t => /unmute|play/i.test(t))")

    # Chromium's own autoplay policy: muted videos may play, so reveal.js shows no button.
    assert _browse(silent / "slides" / "lecture.html", script) == []


def test_the_speaker_views_copies_of_the_deck_stay_silent(voiced):
    # The notes plugin's speaker view loads the deck in frames with "?receiver&...": they
    # must play without sound, or the presenter hears the voice two or three times over.
    def script(page):
        page.wait_for_function(f"{PRESENT_VIDEO}.currentTime > 0.3", timeout=READY_TIMEOUT_MS)
        return (page.evaluate(f"{PRESENT_VIDEO}.muted"),
                page.evaluate("getComputedStyle(document.getElementById('voice-toggle'))"
                              ".display"))

    query = "?receiver&progress=false&history=false&transition=none&postMessageEvents=true"
    assert _browse(voiced / "slides" / "lecture.html", script,
                   policy="no-user-gesture-required", query=query) == (True, "none")


def test_the_speaker_view_numbers_the_slides_and_the_audience_sees_the_frame_mark(voiced):
    def number(page):
        page.keyboard.press("Space")
        page.wait_for_function("Reveal.getSlidePastCount() === 1", timeout=READY_TIMEOUT_MS)
        return page.evaluate(
            "(() => { const n = document.querySelector('.reveal .slide-number');"
            " return n === null || getComputedStyle(n).display === 'none' ? null"
            " : [n.textContent, Reveal.getTotalSlides()]; })()")

    html = voiced / "slides" / "lecture.html"
    shown, total = _browse(html, number, query="?receiver")
    assert "".join(shown.split()) == f"2/{total}"
    assert _browse(html, number) is None  # the audience's screen: "1 · 2" is in the frame
