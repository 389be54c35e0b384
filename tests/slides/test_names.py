"""Hostile class names in the deck: text in the speaker notes, never markup or script.

manim-slides fills its HTML template without escaping and reveal.js reads the
notes as markdown, so the issue's class names ran as a script in the browser
and markdown ate names out of the notes. The deck here is chapter 2 (whose
first note lists the class names) at low quality, opened in headless Chromium
with the network blocked; the PPTX keeps the notes as the raw text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.slides.browser import open_deck

# The payload: --classes splits it into three names that, joined by ", "
# in a note, read "<script>/*, */alert(1)/*, */</script>"; and a name markdown
# would set in bold, leaving "init".
CLASSES = "<script>/*,*/alert(1)/*,*/</script>,__init__"
FIRST_NOTE = ("The network ends in one number per class, its logits z: one for each of "
              "<script>/*, */alert(1)/*, */</script>, __init__. They can be any real numbers.")


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    output = tmp_path_factory.mktemp("names")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "slides", "--chapters", "2", "--format", "all",
         "--logits", "2,1,0.1,0.5", "--classes", CLASSES, "--quality", "low",
         "--print-theme", "same", "--output", str(output)],
        cwd=output, capture_output=True, text=True, timeout=900,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])))
    assert result.returncode == 0, result.stderr[-3000:]
    return output / "slides"


def test_class_names_are_text_in_the_browser_never_script(deck):
    report = open_deck(deck / "lecture.html")
    assert report.dialogs == []
    assert report.errors == []
    assert report.blocked == []
    assert FIRST_NOTE in report.notes


def test_pptx_notes_keep_the_raw_names(deck):
    from pptx import Presentation

    notes = [slide.notes_slide.notes_text_frame.text
             for slide in Presentation(str(deck / "lecture.pptx")).slides]
    assert FIRST_NOTE in notes
