"""The zygote forks chapter processes that behave as processes of their own would.

Each check looks at the process from outside (its process group, its log, its
exit status, the CPU ``wait4`` reports, whether it is still alive), with the
zygote started as the renderer starts it. The scene rendered is a tiny one
written here, not a chapter.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from pipeline.render import REPOSITORY
from pipeline.zygote import Forked, Zygote

SCENE = """
import os, time
from manim import Scene, Square
class Tiny(Scene):
    def construct(self):
        print("pid", os.getpid(), "group", os.getpgid(0), "example", os.environ.get("TINY"))
        if os.environ.get("TINY") == "fail":
            raise RuntimeError("the scene failed on purpose")
        if os.environ.get("TINY") == "slow":
            end = time.process_time() + 0.5  # CPU, so wait4 has something to count
            while time.process_time() < end:
                pass
            if os.environ.get("TINY_FIFO"):  # tell the test: busy done
                with open(os.environ["TINY_FIFO"], "w") as fifo:
                    fifo.write("busy done")
            self.wait(60)  # long enough to be stopped
        self.add(Square())
"""


def _environment(**extra: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(REPOSITORY)
    environment.update(extra)
    return environment


@pytest.fixture()
def zygote(tmp_path):
    started = Zygote(REPOSITORY, _environment(), tmp_path / "logs" / "zygote.log")
    assert started.ready()
    yield started
    started.close()


def _argv(scene: Path, media: Path) -> list[str]:
    return ["render", "-ql", "-s", "--media_dir", str(media), "--progress_bar", "none",
            "--disable_caching", "--silent", str(scene), "Tiny"]


def _start(zygote: Zygote, folder: Path, name: str, **environment: str) -> Forked:
    """The tiny scene rendered in a fork of ``zygote``, its log ``folder/<name>.log``."""
    scene = folder / "tiny.py"
    scene.write_text(SCENE)
    return zygote.start(_argv(scene, folder / name), _environment(**environment), folder,
                        folder / f"{name}.log")


def test_a_forked_chapter_runs_in_its_own_group_with_its_own_environment(zygote, tmp_path):
    forked = _start(zygote, tmp_path, "cat", TINY="cat")
    status, cpu = forked.wait()
    assert status == 0
    words = next(line for line in (tmp_path / "cat.log").read_text().splitlines()
                 if line.startswith("pid")).split()
    assert int(words[1]) == forked.pid and int(words[3]) == forked.pid  # leads its group
    assert words[5] == "cat"
    assert forked.pid != zygote.process.pid and cpu > 0
    assert list((tmp_path / "cat" / "images").rglob("*.png"))  # Manim's output


def test_a_failing_chapter_reports_its_status_and_its_traceback_in_its_log(zygote, tmp_path):
    status, _ = _start(zygote, tmp_path, "fail", TINY="fail").wait()
    assert status != 0
    assert "the scene failed on purpose" in (tmp_path / "fail.log").read_text()


def test_stopping_a_chapter_stops_it_and_the_zygote_goes_on(zygote, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    slow = _start(zygote, tmp_path, "slow", TINY="slow", TINY_FIFO=str(fifo))
    assert fifo.read_text() == "busy done"  # blocks until the scene has spent its CPU
    os.killpg(slow.pid, signal.SIGTERM)  # as the renderer stops a chapter
    status, cpu = slow.wait()
    assert status == -signal.SIGTERM and cpu >= 0.4
    assert _start(zygote, tmp_path, "dog", TINY="dog").wait()[0] == 0


def test_closing_the_zygote_stops_what_still_runs(tmp_path):
    zygote = Zygote(REPOSITORY, _environment(), tmp_path / "zygote.log")
    slow = _start(zygote, tmp_path, "slow", TINY="slow")
    zygote.close()
    assert zygote.process.returncode is not None
    status, _ = slow.wait()
    assert status != 0
    with pytest.raises(ProcessLookupError):
        os.killpg(slow.pid, 0)


def test_a_zygote_that_cannot_import_says_so_and_chapters_render_without_it(tmp_path):
    from mathcore.example import WorkedExample
    from mathcore.outline import CHAPTERS
    from pipeline.render import render_chapter

    shadow = tmp_path / "shadow" / "manim"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("no Manim in this zygote")\n')
    broken = _environment(PYTHONPATH=os.pathsep.join([str(shadow.parent), str(REPOSITORY)]))
    zygote = Zygote(REPOSITORY, broken, tmp_path / "zygote.log")
    assert not zygote.ready()
    assert zygote.process.returncode not in (None, 0)
    assert "no Manim in this zygote" in (tmp_path / "zygote.log").read_text()
    # Given to the renderer anyway, the chapter is rendered by a Python of its own.
    rendered = render_chapter(CHAPTERS[0], WorkedExample.build(), tmp_path / "media",
                              extra_environment={"SOFTMAX_LECTURE_SLIDES_DIR":
                                                 str(tmp_path / "slides")}, zygote=zygote)
    assert rendered.video.is_file() and rendered.sections
    assert rendered.cpu_seconds > 0
