"""Open an HTML deck in Debian's headless Chromium with every network request refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
LOCAL_SCHEMES = ("file:", "data:", "blob:")
READY_TIMEOUT_MS = 30_000


@dataclass
class DeckReport:
    """What the browser saw."""

    total_slides: int
    first_video_ready_state: int
    first_notes: str
    speaker_notes_enabled: bool
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # every slide's, as the speaker view shows
    progress_bar_shown: bool = False
    # Pressing Space on the first slide, mid-video: the slide index before and after, and
    # the URL's hash after.
    space: tuple[int, int] = (0, 0)
    hash_after_space: str = ""


def open_deck(html: Path, screenshot: Path | None = None) -> DeckReport:
    """Load ``html``, wait for reveal.js and the first slide's video, and report."""
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def dialog(handle) -> None:
        dialogs.append(f"{handle.type}: {handle.message}")
        handle.dismiss()

    def route(handle) -> None:
        url = handle.request.url
        requests.append(url)
        if url.startswith(LOCAL_SCHEMES):
            handle.continue_()
        else:
            blocked.append(url)
            handle.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 720})
            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("dialog", dialog)
            page.goto(html.resolve().as_uri())
            page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=READY_TIMEOUT_MS)
            page.wait_for_function(
                "() => { const v = document.querySelector('.slide-background.present video');"
                " return v !== null && v.readyState >= 3; }",
                timeout=READY_TIMEOUT_MS,
            )
            report = DeckReport(
                total_slides=page.evaluate("Reveal.getTotalSlides()"),
                first_video_ready_state=page.evaluate(
                    "document.querySelector('.slide-background.present video').readyState"),
                first_notes=page.evaluate("Reveal.getSlideNotes() || ''"),
                speaker_notes_enabled=page.evaluate("Reveal.hasPlugin('notes')"),
                requests=requests, blocked=blocked, errors=errors, dialogs=dialogs,
                # The notes plugin's speaker view sets a slide's notes as innerHTML.
                notes=page.evaluate(
                    "Reveal.getSlides().map(slide => { const view = document.createElement('div');"
                    " view.innerHTML = Reveal.getSlideNotes(slide) || '';"
                    " return view.textContent; })"),
            )
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            report.progress_bar_shown = page.evaluate(
                "(() => { const bar = document.querySelector('.reveal .progress');"
                " return bar !== null && getComputedStyle(bar).display !== 'none'; })()")
            before = page.evaluate("Reveal.getSlidePastCount()")
            page.keyboard.press("Space")
            report.space = (before, page.evaluate("Reveal.getSlidePastCount()"))
            report.hash_after_space = page.evaluate("window.location.hash")
            return report
        finally:
            browser.close()
