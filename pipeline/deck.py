"""The lecture as a slide deck: manim-slides' converters, with reveal.js from this machine.

Rendering a chapter (a :class:`scenes.base.LectureScene`, hence a manim-slides
``Slide``) leaves a slide index per chapter: ``<Scene>.json`` plus its slide
videos. This module turns those indices into one deck:

* ``lecture.html`` + ``lecture_assets/``: reveal.js, loaded from the copy that
  ``make`` installs (npm's ``reveal.js``), never from a CDN; ``one_file``
  embeds the videos and reveal.js itself in the single HTML file. The speaker
  notes are the narration as escaped HTML text: manim-slides' template puts
  them in raw and has reveal.js read them as markdown, so a class name such as
  ``<script>`` would run and ``*x*`` would lose its stars;
* ``lecture.pptx`` (videos, speaker notes, titles, alt text, finished beats as
  stills), ``lecture.pdf`` (to print: a page per beat, its last frame at full
  resolution and its narration as text; a beat the next one keeps whole shares
  its page; the frames come from the cache entries, in the print's own theme),
  ``lecture.zip`` (the HTML deck and its assets).

Every output is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import functools
import html as html_text
import importlib.util
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mathcore.outline import Chapter
from scenes.theme import Theme

from .files import remove

if TYPE_CHECKING:
    from .cache import CachedChapter

__all__ = [
    "FORMATS",
    "REVEALJS_VARIABLE",
    "PrintedBeat",
    "PrintedPage",
    "SlidesError",
    "export_deck",
    "find_revealjs",
    "kept_whole",
    "present_live",
    "printed_beats",
    "printed_pages",
    "slide_index",
]

FORMATS = ("html", "pptx", "pdf", "zip")
REVEALJS_VARIABLE = "SOFTMAX_LECTURE_REVEALJS"
REPOSITORY = Path(__file__).resolve().parent.parent
# Where `make` installs reveal.js with npm (inside the git-ignored .venv).
DEFAULT_REVEALJS = REPOSITORY / ".venv" / "revealjs" / "node_modules" / "reveal.js"
ASSETS = "lecture_assets"
REVEAL_FILES = (
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/plugin/notes.js",
    "dist/plugin/markdown.js",
    "dist/plugin/highlight/zenburn.css",
    "dist/theme/black.css",
    "dist/theme/white.css",
)


class SlidesError(RuntimeError):
    """The deck could not be made; the message is one line for the user."""


def find_revealjs() -> Path:
    """The installed reveal.js package folder (holding ``dist/reveal.js``)."""
    candidate = Path(os.environ.get(REVEALJS_VARIABLE) or DEFAULT_REVEALJS)
    if not (candidate / "dist" / "reveal.js").is_file():
        raise SlidesError(
            f"reveal.js is not installed at {candidate}: run `make` (it runs "
            f"npm install --prefix .venv/revealjs reveal.js@6.0.2) or set {REVEALJS_VARIABLE}"
        )
    return candidate


def _configs(chapters: Sequence[Chapter], folder: Path) -> list:
    from manim_slides.config import PresentationConfig

    configs = []
    for chapter in chapters:
        index = Path(folder) / f"{chapter.scene}.json"
        if not index.is_file():
            raise SlidesError(f"no slides for chapter {chapter.number} ({index} is missing)")
        data = json.loads(index.read_text(encoding="utf-8"))
        # manim-slides stores absolute paths; a cached render may have moved since.
        for slide in data.get("slides", []):
            for key in ("file", "rev_file"):
                path = Path(slide[key])
                if not path.is_file():
                    slide[key] = str(index.parent / "files" / chapter.scene / path.name)
            if not Path(slide["file"]).is_file():
                raise SlidesError(
                    f"slide video {slide['file']} of chapter {chapter.number} is missing")
        config = PresentationConfig.model_validate(data)
        configs.append(config)
    return configs


def _replace(source: Path, destination: Path) -> None:
    """Move ``source`` onto ``destination`` (file or folder), replacing it at the last moment."""
    if destination.is_dir() and not destination.is_symlink():
        old = destination.with_name(destination.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        destination.rename(old)
        source.rename(destination)
        shutil.rmtree(old)
    else:
        source.replace(destination)


_LINK = re.compile(rf'<link rel="stylesheet" href="(?P<path>{ASSETS}/revealjs/[^"]+)">')
_SCRIPT = re.compile(rf'<script src="(?P<path>{ASSETS}/revealjs/[^"]+)"></script>')


def _inline_reveal(html: str, root: Path) -> str:
    """Put the local reveal.js CSS and scripts inside the HTML itself."""

    def stylesheet(match: re.Match) -> str:
        return "<style>\n" + (root / match["path"]).read_text(encoding="utf-8") + "\n</style>"

    def script(match: re.Match) -> str:
        code = (root / match["path"]).read_text(encoding="utf-8")
        return "<script>\n" + code.replace("</script", "<\\/script") + "\n</script>"

    html = _LINK.sub(stylesheet, html)
    return _SCRIPT.sub(script, html)


# What stands for each slide's notes while manim-slides fills its template.
_NOTES_MARK = "softmax-lecture-notes-{}"
_NOTES = re.compile(
    r'<aside class="notes" data-markdown>softmax-lecture-notes-(?P<index>\d+)</aside>')


def _marked_notes(configs: list) -> tuple[list, list[str]]:
    """Copies of ``configs`` whose notes are numbered marks, and the notes they stand for."""
    notes: list[str] = []
    marked = []
    for config in configs:
        copy = config.model_copy(deep=True)
        for slide in copy.slides:
            if slide.notes:
                notes.append(slide.notes)
                slide.notes = _NOTES_MARK.format(len(notes) - 1)
        marked.append(copy)
    return marked, notes


def _plain_notes(html: str, notes: Sequence[str]) -> str:
    """Put each slide's notes in as escaped text, not as markdown for reveal.js to parse."""
    found: list[int] = []

    def aside(match: re.Match) -> str:
        index = int(match["index"])
        found.append(index)
        return f'<aside class="notes">{html_text.escape(notes[index])}</aside>'

    html = _NOTES.sub(aside, html)
    if found != list(range(len(notes))):
        raise SlidesError("manim-slides' HTML template has changed: the speaker notes were "
                          "not where softmax-lecture puts them in as text")
    return html


# manim-slides binds Space to play/pause the slide's video, so a finished slide took
# a second press, and a press mid-video restarted or paused it. Space and the arrow
# keys advance; K (as in video players) plays or pauses.
_KEYS = """<script>
function presenterKeys() {
  Reveal.removeKeyBinding(32);
  Reveal.addKeyBinding({keyCode: 32, key: 'SPACE', description: 'Next slide'},
                       () => Reveal.next());
  Reveal.addKeyBinding({keyCode: 75, key: 'K', description: 'Play / pause the video'}, () => {
    const video = Reveal.getCurrentSlide().slideBackgroundContentElement
      .querySelector('video');
    if (video) { if (video.paused) video.play(); else video.pause(); }
  });
}
if (Reveal.isReady()) presenterKeys(); else Reveal.on('ready', presenterKeys);
</script>
"""


def _presenter_keys(html: str) -> str:
    """The deck with :data:`_KEYS` after manim-slides' own scripts."""
    if html.count("</body>") != 1:
        raise SlidesError("manim-slides' HTML template has changed: no single </body> to put "
                          "the presenter's keys before")
    return html.replace("</body>", _KEYS + "</body>")


# A narrated deck's voice control: M (or the button) mutes and unmutes every slide's
# speech; the deck may start muted (a lecturer who speaks over it live).
_VOICE = """<button id="voice-toggle" type="button" title="Mute or unmute the narration (M)"
  style="position:fixed;top:12px;right:12px;z-index:40;font:14px sans-serif;padding:4px 10px;
  border-radius:4px;border:1px solid #888;background:rgba(40,40,40,.6);color:#eee;
  cursor:pointer"></button>
<script>
// The speaker view (S) shows the deck twice more, in frames whose address says
// "receiver": they play the pictures silently, or the voice would be heard thrice.
const voicePreview = /receiver/i.test(window.location.search);
let voiceMuted = __MUTED__ || voicePreview;
if (voicePreview) document.getElementById('voice-toggle').style.display = 'none';
function voiceVideos() { return document.querySelectorAll('.reveal .backgrounds video'); }
function showVoice() {
  const button = document.getElementById('voice-toggle');
  button.textContent = voiceMuted ? 'Voice off (M)' : 'Voice on (M)';
  button.setAttribute('aria-pressed', String(!voiceMuted));
}
// Muting needs no permission; unmuting does (a key press or a click gives it), so
// only the presenter's own M or click unmutes, and reveal.js keeps its autoplay rules.
function keepMuted() { if (voiceMuted) voiceVideos().forEach(v => { v.muted = true; }); }
function toggleVoice() {
  voiceMuted = !voiceMuted;
  voiceVideos().forEach(v => { v.muted = voiceMuted; });
  const current = Reveal.getCurrentSlide().slideBackgroundContentElement;
  const video = current && current.querySelector('video');
  if (video && !voiceMuted && video.paused && !video.ended) video.play().catch(() => {});
  showVoice();
}
document.getElementById('voice-toggle').addEventListener('click', toggleVoice);
function voiceKeys() {
  Reveal.addKeyBinding({keyCode: 77, key: 'M', description: 'Mute / unmute the narration'},
                       toggleVoice);
  showVoice();
  keepMuted();
  Reveal.on('slidechanged', keepMuted);
  // reveal.js creates a slide's video when it is shown; mute it before it plays.
  new MutationObserver(keepMuted).observe(document.querySelector('.reveal .backgrounds'),
                                          {childList: true, subtree: true});
}
if (Reveal.isReady()) voiceKeys(); else Reveal.on('ready', voiceKeys);
</script>
"""
_MUTED_ATTRIBUTE = re.compile(r"\s*data-background-video-muted\b")
_VIDEO_ATTRIBUTE = re.compile(r'(data-background-video="[^"]*")')


def _sound(html: str, voiced: bool, muted: bool) -> str:
    """The deck's sound: a narrated deck with its voice control, a silent one muted throughout.

    manim-slides mutes only the first slide (so that it may autoplay). A silent
    deck's videos are all muted: the browser lets them autoplay and shows no
    "unmute" button. A narrated deck's are not: they speak, and :data:`_VOICE`
    adds the control (``muted``: the deck starts muted).
    """
    html = _MUTED_ATTRIBUTE.sub("", html)
    if not voiced:
        return _VIDEO_ATTRIBUTE.sub(r"\1 data-background-video-muted", html)
    return html.replace("</body>", _VOICE.replace("__MUTED__", "true" if muted else "false")
                        + "</body>")


def _write_html(configs: list, work: Path, theme: Theme, title: str, one_file: bool,
                voiced: bool = False, muted: bool = False) -> Path:
    from manim_slides.convert import RevealJS

    reveal = find_revealjs()
    html = work / "lecture.html"
    marked, notes = _marked_notes(configs)
    converter = RevealJS(
        presentation_configs=marked,
        cdn_url=f"{ASSETS}/revealjs",
        assets_dir=ASSETS,
        one_file=one_file,
        title=html_text.escape(title),
        background_color=theme.background,
        reveal_theme="black" if theme.name == "dark" else "white",
        # Where the presenter is: a progress bar, and the slide in the URL (a reload
        # or a shared link opens that slide; the browser's back button steps back).
        progress="true",
        hash="true",
        history="true",
        # The slide's place: "chapter · beat" is drawn in every frame; the speaker
        # view also shows n / N (not the audience's screen, where it would cover the mark).
        slide_number="c/t",
        show_slide_number="speaker",
    )
    converter.convert_to(html)
    text = _sound(_presenter_keys(_plain_notes(html.read_text(encoding="utf-8"), notes)),
                  voiced, muted)
    copy = work / ASSETS / "revealjs"
    for relative in REVEAL_FILES:
        target = copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(reveal / relative, target)
    if one_file:
        text = _inline_reveal(text, work)
        shutil.rmtree(work / ASSETS)
    html.write_text(text, encoding="utf-8")
    return html


@contextmanager
def _no_progress_bars() -> Iterator[None]:
    """Turn off the tqdm bars of manim-slides' converters; the command prints its own lines.

    ``TQDM_DISABLE`` would not do: tqdm reads it once, when it is first imported.
    """
    from manim_slides import convert
    from tqdm import tqdm

    drawing = convert.tqdm
    convert.tqdm = functools.partial(tqdm, disable=True)
    try:
        yield
    finally:
        convert.tqdm = drawing


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def _write_pptx(configs: list, chapters: Sequence[Chapter], path: Path) -> Path:
    """manim-slides' PowerPoint, then each slide made readable without playing it.

    manim-slides shows a slide's first frame as the video's still image (what
    edit view and print show: often only a title), names shapes by hash and
    gives slides no title. Each slide's still becomes its video's last frame
    (the finished beat); the slide gets a title, ``2.3 Logits to
    probabilities``, behind the video (outline view, navigation, screen
    readers), and the video its narration as alt text.
    """
    import copy
    import io

    from manim_slides.convert import PowerPoint
    from pptx import Presentation

    from .frames import last_frame

    PowerPoint(presentation_configs=configs).convert_to(path)
    deck = Presentation(str(path))
    title_shape = next(shape for shape in deck.slide_layouts[5].placeholders
                       if shape.placeholder_format.type == 1)  # PP_PLACEHOLDER.TITLE
    beats = [(chapter, number, slide)
             for chapter, config in zip(chapters, configs, strict=True)
             for number, slide in enumerate(config.slides, start=1)]
    if len(beats) != len(deck.slides):
        raise SlidesError(f"manim-slides wrote {len(deck.slides)} PPTX slides for "
                          f"{len(beats)} beats")
    for page, (chapter, number, config) in zip(deck.slides, beats, strict=True):
        label = f"{chapter.number}.{number} {chapter.title}"
        movie = next(shape for shape in page.shapes if shape.element.tag.endswith("}pic"))
        still = io.BytesIO()
        last_frame(Path(config.file)).save(still, format="PNG")
        # A new image part: python-pptx shares one part between equal first frames.
        blip = movie.element.xpath("./p:blipFill/a:blip")[0]
        first = blip.get(EMBED)
        _, relation = page.part.get_or_add_image_part(still)
        blip.set(EMBED, relation)
        page.part.drop_rel(first)  # the first frame, unless another shape still shows it
        properties = movie.element.xpath("./p:nvPicPr/p:cNvPr")[0]
        properties.set("name", f"Video {label}")
        properties.set("descr", config.notes)
        title = copy.deepcopy(title_shape.element)
        page.shapes._spTree.insert(2, title)  # after the tree's own properties: under the video
        page.shapes.title.text = label
    deck.save(str(path))
    return path


# The printed deck: one landscape page per beat, the beat's finished frame at full
# resolution and its narration below it as text (searchable, selectable, read aloud).
# A beat whose picture the next beat keeps whole (a build-up step, or a looped slide that
# ends where it began) gets no page of its own: its narration goes on the next page.

# Two pixels differ when a channel differs by more than this (of 255): well above
# H.264's noise on a flat background, well below any drawn change.
PIXEL_TOLERANCE = 40
# The "chapter · beat" marker in the bottom-right corner changes on every beat: this
# share of the frame's width and height, at that corner, is not compared.
MARKER_CORNER = (0.12, 0.1)
# A beat's drawing survives into the next one when at most this share of its drawn
# pixels changed: where something new is drawn over it (chapter 4's dots on its bars),
# a symbol that moves into the formula built around it (2.2 to 2.3), a loop that ends
# a pixel off where it began (9.1 to 9.2). Measured on the lecture's renders (light
# and dark, low and medium quality) the beats folded lose at most 1.2% of their drawn
# pixels, the others at least 9%: docs/BENCHMARKS.md, "Which beats share a page".
LOST_SHARE = 0.03


@dataclass(frozen=True)
class PrintedBeat:
    """One beat of the printed deck: its finished frame and its narration."""

    chapter: Chapter
    number: int
    frame: Path
    notes: str

    @property
    def label(self) -> str:
        """``2.3``: chapter and beat, as the frame's own marker shows them."""
        return f"{self.chapter.number}.{self.number}"


@dataclass(frozen=True)
class PrintedPage:
    """A page of the printed deck: the frame of its last beat, the narration of them all."""

    beats: tuple[PrintedBeat, ...]

    @property
    def chapter(self) -> Chapter:
        """The chapter the page belongs to."""
        return self.beats[-1].chapter

    @property
    def frame(self) -> Path:
        """What the page shows: the finished frame of its last beat."""
        return self.beats[-1].frame

    @property
    def label(self) -> str:
        """``3.2`` or, for a page that holds several beats, ``3.2–3.3``."""
        first, last = self.beats[0], self.beats[-1]
        return first.label if first is last else f"{first.label}\u2013{last.label}"


def _pixels(frame: Path):
    import numpy as np
    from PIL import Image

    with Image.open(frame) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def kept_whole(earlier: Path, later: Path) -> bool:
    """Whether frame ``later`` still shows everything frame ``earlier`` draws.

    True when ``later`` equals ``earlier`` or only adds to it (on what was
    background), apart from the beat marker's corner; False when anything drawn
    moved, changed colour or went away, or the frames differ in size.
    """
    import numpy as np

    before, after = _pixels(earlier), _pixels(later)
    if before.shape != after.shape:
        return False
    height, width = before.shape[:2]
    edge = np.concatenate([before[0], before[-1], before[:, 0], before[:, -1]])
    background = np.median(edge, axis=0)
    drawn = np.abs(before - background).max(axis=2) > PIXEL_TOLERANCE
    drawn[round(height * (1 - MARKER_CORNER[1])):, round(width * (1 - MARKER_CORNER[0])):] = False
    lost = drawn & (np.abs(after - before).max(axis=2) > PIXEL_TOLERANCE)
    return int(lost.sum()) <= LOST_SHARE * int(drawn.sum())


def printed_beats(entries: Sequence[CachedChapter]) -> list[PrintedBeat]:
    """Every beat of the rendered chapters: its last frame (from the cache) and narration."""
    beats = []
    for entry in entries:
        scene = entry.chapter.scene
        index = json.loads((entry.slides / f"{scene}.json").read_text(encoding="utf-8"))
        notes = [slide.get("notes", "") for slide in index.get("slides", [])]
        if len(notes) != len(entry.beats):
            raise SlidesError(f"chapter {entry.chapter.number} has {len(entry.beats)} beats "
                              f"but {len(notes)} slides")
        beats += [PrintedBeat(entry.chapter, beat.number, beat.frame, text)
                  for beat, text in zip(entry.beats, notes, strict=True)]
    return beats


def printed_pages(beats: Sequence[PrintedBeat],
                  kept: Callable[[Path, Path], bool] = kept_whole) -> list[PrintedPage]:
    """The pages to print, in order, each with the beats it holds.

    A beat whose frame the next beat of its chapter keeps whole (``kept``) shares
    that beat's page: the page shows the later, fuller frame and both narrations.
    """
    pages: list[PrintedPage] = []
    waiting: list[PrintedBeat] = []
    for beat, following in zip(beats, [*beats[1:], None], strict=True):
        waiting.append(beat)
        if (following is not None and following.chapter == beat.chapter
                and kept(beat.frame, following.frame)):
            continue
        pages.append(PrintedPage(tuple(waiting)))
        waiting = []
    return pages


_PRINT_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\usepackage[sc]{mathpazo}
\usepackage[a4paper,landscape,margin=1.4cm]{geometry}
\usepackage{graphicx}
\usepackage{xcolor}
\usepackage[hidelinks]{hyperref}
\pagestyle{empty}
\setlength{\parindent}{0pt}
\setlength{\fboxsep}{0pt}
\setlength{\fboxrule}{0.4pt}
\hyphenpenalty=10000 \exhyphenpenalty=10000
\newsavebox\narration
\begin{document}
"""


def _page_tex(page: PrintedPage, name: str) -> str:
    """One page: its label and title, the frame, the narration below it.

    The narration is set first, in a box, and the frame takes the height left,
    so that a page of several beats stays one page.
    """
    from mathcore.notation import escape_text

    several = len(page.beats) > 1
    # On a page of several beats each narration starts with its beat's number.
    narration = "\\par\\smallskip\n".join(
        (rf"{{\color{{gray}}{beat.label}}}\enspace " if several else "")
        + escape_text(beat.notes) for beat in page.beats)
    size = r"\large" if len(page.beats) == 1 else (
        r"\normalsize" if len(page.beats) <= 3 else r"\small")
    return (rf"\sbox\narration{{\parbox[t]{{\linewidth}}{{{size}\raggedright {narration}"
            r"\par}}" "\n"
            rf"{{\small\color{{gray}}{page.label}\quad "
            rf"{escape_text(page.chapter.title)}}}\par\smallskip" "\n"
            r"{\color{lightgray}\fbox{\includegraphics[width=\dimexpr\linewidth-0.8pt\relax,"
            r"height=\dimexpr\textheight-\ht\narration-\dp\narration-3\baselineskip\relax,"
            rf"keepaspectratio]{{{name}}}}}}}\par\medskip" "\n"
            r"\usebox\narration" "\n")


def _write_print_pdf(pages: Sequence[PrintedPage], work: Path, title: str) -> Path:
    """``lecture.pdf``: a page per printed page, its frame and its narration (pdflatex)."""
    from handout.latex import LatexError, compile_pdf
    from mathcore.notation import escape_text

    assets = {}
    for page in pages:
        name = f"print/{page.chapter.number:02d}-{page.beats[-1].number:02d}.png"
        assets[name] = page.frame
    tex = (_PRINT_PREAMBLE.replace(r"\begin{document}", rf"\hypersetup{{pdftitle={{"
                                   rf"{escape_text(title)}}}}}" "\n" r"\begin{document}")
           + "\n\\newpage\n".join(_page_tex(page, name)
                                  for page, name in zip(pages, assets, strict=True))
           + "\\end{document}\n")
    pdf = work / "lecture.pdf"
    try:
        compile_pdf(tex, work / "printed" / "lecture.pdf", assets)
    except LatexError as error:
        raise SlidesError(f"the printed deck: {error}") from None
    os.replace(work / "printed" / "lecture.pdf", pdf)
    return pdf


def _write_zip(html: Path, work: Path) -> Path:
    archive = work / "lecture.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
        bundle.write(html, html.name)
        assets = work / ASSETS
        if assets.is_dir():
            for path in sorted(assets.rglob("*")):
                if path.is_file():
                    bundle.write(path, path.relative_to(work).as_posix())
    return archive


def export_deck(
    chapters: Sequence[Chapter],
    slides_folder: Path,
    out_dir: Path,
    formats: Iterable[str],
    theme: Theme,
    title: str = "Removing the magic: where -log y_T comes from",
    one_file: bool = False,
    say: Callable[[str], None] = _to_stderr,
    voiced: bool = False,
    muted: bool = False,
    pages: Sequence[PrintedPage] | None = None,
) -> dict[str, Path]:
    """Convert the chapters' slide indices into the deck formats asked for.

    Returns the path of each output written (``html``, ``pptx``, ``pdf``, ``zip``).
    ``pdf`` prints ``pages`` (:func:`printed_pages`; they may come from renders in
    another theme than the deck's). A one-file deck replaces the assets folder of an
    earlier deck: ``say`` (default: a line on stderr) tells the user it was removed.
    """
    wanted = list(dict.fromkeys(formats))
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown:
        raise SlidesError(f"unknown slide format {unknown[0]!r}: choose from {', '.join(FORMATS)}")
    if "pdf" in wanted and not pages:
        raise SlidesError("the printed deck needs its pages (printed_pages)")
    configs = _configs(chapters, slides_folder)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    with (tempfile.TemporaryDirectory(prefix=".deck-", dir=out_dir) as scratch,
          _no_progress_bars()):
        work = Path(scratch)
        html = None
        if "html" in wanted or "zip" in wanted:
            html = _write_html(configs, work, theme, title, one_file, voiced, muted)
        if "pptx" in wanted:
            _write_pptx(configs, chapters, work / "lecture.pptx")
        if "pdf" in wanted:
            _write_print_pdf(pages, work, title)
        if "zip" in wanted:
            _write_zip(html, work)
        # Everything is complete: move it into place.
        for name in wanted:
            produced = work / f"lecture.{name}"
            target = out_dir / produced.name
            if name == "html" and (work / ASSETS).is_dir():
                _replace(work / ASSETS, out_dir / ASSETS)
            elif name == "html" and (out_dir / ASSETS).is_dir():
                shutil.rmtree(out_dir / ASSETS)  # a one-file deck needs no assets folder
                say(f"removed {out_dir / ASSETS}/: the one-file deck needs no assets folder")
            _replace(produced, target)
            written[name] = target
    return written


def slide_index(entries: Sequence[CachedChapter], folder: Path) -> Path:
    """Gather the chapters' slide indices in ``folder/index`` (for manim-slides present).

    The entries' indices were checked against their hashes when the entries
    were loaded; the folder is built anew each time and renamed into place,
    whatever was there before (a killed run's leftovers, a file) removed. A
    voiced chapter's slide videos get their beat's speech, and none of them
    loops (a looping slide would say its narration again and again).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(".index-*"):  # what a killed run left (the lock is held)
        remove(leftover)
    staging = Path(tempfile.mkdtemp(prefix=".index-", dir=folder))
    for entry in entries:
        scene = entry.chapter.scene
        shutil.copytree(entry.slides / "files" / scene, staging / "files" / scene)
        data = json.loads((entry.slides / f"{scene}.json").read_text(encoding="utf-8"))
        # Absolute: manim-slides resolves a relative path against the index's parent, not
        # the folder the command ran in.
        final = (folder / "index" / "files" / scene).absolute()
        for slide in data["slides"]:
            for key in ("file", "rev_file"):
                slide[key] = str(final / Path(slide[key]).name)
        if entry.voiced:
            _voice_slides(entry, data, staging / "files" / scene)
        (staging / f"{scene}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    index = folder / "index"
    if index.exists() or index.is_symlink():
        old = folder / ".index-old"
        index.rename(old)
        staging.rename(index)
        remove(old)
    else:
        staging.rename(index)
    return index


def _voice_slides(entry: CachedChapter, data: dict, files: Path) -> None:
    """Each slide video of a voiced chapter with its beat's speech; no slide loops."""
    from .voice import voice_slides

    videos = [files / Path(slide["file"]).name for slide in data["slides"]]
    try:
        voice_slides(entry.speech, [(beat.start, beat.duration) for beat in entry.beats],
                     videos, files / ".speech")
    except (ValueError, RuntimeError, OSError) as error:
        raise SlidesError(f"chapter {entry.chapter.number}: {error}") from None
    shutil.rmtree(files / ".speech", ignore_errors=True)
    for slide in data["slides"]:
        slide["loop"] = False


def present_live(index: Path, scenes: Sequence[str]) -> list[str]:
    """The command that presents the deck with manim-slides' Qt player, as a shell runs it.

    It names this venv's ``manim-slides`` by its absolute path (the venv need not
    be activated) and the index by its absolute path, each word shell-quoted.
    When PySide6 is missing, a second line says how to install it.
    """
    python = os.path.abspath(sys.executable)  # not resolved: a venv's python is a link
    program = Path(python).parent / "manim-slides"
    runner = [str(program)] if program.is_file() else [python, "-m", "manim_slides"]
    command = [*runner, "present", "--folder", str(index.absolute()), *scenes]
    lines = [f"present live: {shlex.join(command)}"]
    if importlib.util.find_spec("PySide6") is None:
        install = [python, "-m", "pip", "install", "manim-slides[pyside6]"]
        lines.append(f"present live needs Qt (PySide6), not installed; install it once: "
                     f"{shlex.join(install)}")
    return lines
