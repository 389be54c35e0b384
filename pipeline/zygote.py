"""One process that imports Manim and the scenes once, and forks a chapter process from itself.

Every chapter used to start a fresh Python (``python -m manim render ...``)
that imported Manim, manim-slides, sympy and the scenes before drawing
anything: 1.6 CPU seconds a chapter, 17 of a lecture's. The zygote imports
them once; each chapter process is a ``fork`` of it, so it starts with
everything imported, and then runs Manim's own command line
(``manim render ...``, the same arguments) as ``python -m manim`` would.

A chapter process is what it was: its own process group (so stopping it stops
the LaTeX it runs), its output in the chapter's log, the chapter's environment
(example, theme, voice), and its exit status and CPU time (from ``wait4``,
children included) reported back. Nothing is drawn in the zygote, and a
fork starts from the zygote as it was after the imports, so no chapter sees
another's state.

The protocol, one JSON object a line: the client writes ``{"id", "argv", "env",
"cwd", "log"}``; the zygote answers ``{"ready": true}`` once, then
``{"id", "pid"}`` when a chapter process started and ``{"id", "status", "cpu"}``
when it ended. When its standard input closes, the zygote stops any chapter
process still running and exits.

:class:`Zygote` is the client :mod:`pipeline.render` uses. If the zygote cannot
start (an import fails), the renderer starts each chapter as a process of its
own, as before; ``SOFTMAX_LECTURE_ZYGOTE=0`` asks for that.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import traceback
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

__all__ = ["ZYGOTE_VARIABLE", "Forked", "Zygote", "ZygoteError"]

ZYGOTE_VARIABLE = "SOFTMAX_LECTURE_ZYGOTE"  # "0": a new Python per chapter

# What a chapter process imports before it draws (scenes.base brings Manim,
# manim-slides, mathcore and sympy); pipeline.voice is the speaker's provider.
PRELOAD = ("manim", "manim.__main__", "manim_slides", "scenes.base", "pipeline.voice")


class ZygoteError(RuntimeError):
    """The zygote did not start (or stopped); render each chapter in a process of its own."""


# ----------------------------------------------------------------------
# The zygote itself (``python -m pipeline.zygote``).


def _write(stream: IO[bytes], message: dict) -> None:
    stream.write((json.dumps(message) + "\n").encode())
    stream.flush()


def _child(request: dict) -> None:
    """In the forked process: become the chapter's Manim process, then exit with its status."""
    code = 1
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        nothing = os.open(os.devnull, os.O_RDONLY)
        os.dup2(nothing, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["manim", *request["argv"]]
        from manim.__main__ import main

        try:
            main.main(args=list(request["argv"]), prog_name="manim")
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:  # noqa: BLE001 (reported in the chapter's log, as Python would)
        traceback.print_exc()
        code = 1
    finally:
        with suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    """Import, say ready, then fork a chapter process per request until standard input closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the client's to handle
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    out = sys.stdout.buffer
    _write(out, {"ready": True})
    children: dict[int, Any] = {}
    source = sys.stdin.buffer.fileno()
    pending = b""
    reading = True
    while reading or children:
        if reading:
            ready, _, _ = select.select([source], [], [], 0.05 if children else None)
            if ready:
                data = os.read(source, 1 << 16)
                if not data:
                    reading = False
                    for pid in children:  # the client is gone: stop what it started
                        with suppress(ProcessLookupError):
                            os.killpg(pid, signal.SIGTERM)
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    request = json.loads(line)
                    pid = os.fork()
                    if pid == 0:
                        _child(request)
                    with suppress(OSError):  # as the child does: no race with a stop
                        os.setpgid(pid, pid)
                    children[pid] = request["id"]
                    _write(out, {"id": request["id"], "pid": pid})
        while children:
            pid, status, usage = os.wait4(-1, 0 if not reading else os.WNOHANG)
            if pid == 0:
                break
            _write(out, {"id": children.pop(pid), "status": os.waitstatus_to_exitcode(status),
                         "cpu": usage.ru_utime + usage.ru_stime})


# ----------------------------------------------------------------------
# The client.


class Forked:
    """A chapter process the zygote started: what ``subprocess.Popen`` offers the renderer."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.cpu = 0.0
        self._ended = threading.Event()

    def _end(self, status: int, cpu: float) -> None:
        self.returncode, self.cpu = status, cpu
        self._ended.set()

    def wait(self) -> tuple[int, float]:
        """Its exit status (negative: the signal that ended it) and CPU seconds, children too."""
        self._ended.wait()
        assert self.returncode is not None
        return self.returncode, self.cpu


class Zygote:
    """The client side: start the zygote, ask it for chapter processes, close it."""

    def __init__(self, cwd: Path, environment: dict[str, str], log: Path) -> None:
        """Start the zygote; it imports while the caller goes on (see :meth:`ready`).

        Its standard error goes to ``log``, which :meth:`close` removes if the
        zygote started well (else it holds why not).
        """
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as errors:  # two renders into one output may both write
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pipeline.zygote"], cwd=cwd, env=environment,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        self._ready: bool | None = None
        self._lock = threading.Lock()
        self._next = 0
        self._started: dict[int, tuple[threading.Event, list]] = {}
        self._running: dict[int, Forked] = {}

    def ready(self) -> bool:
        """Wait for the zygote's imports: True when it can start chapters, else it is closed."""
        if self._ready is None:
            assert self.process.stdout is not None
            first = self.process.stdout.readline()
            try:
                self._ready = json.loads(first).get("ready") is True
            except ValueError:
                self._ready = False
            if self._ready:
                threading.Thread(target=self._read, name="zygote", daemon=True).start()
            else:
                self.close()
        return self._ready

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            message = json.loads(line)
            with self._lock:
                if "pid" in message:
                    event, box = self._started.pop(message["id"])
                    forked = Forked(message["pid"])
                    self._running[message["id"]] = forked
                    box.append(forked)
                    event.set()
                elif "status" in message:
                    self._running.pop(message["id"])._end(message["status"], message["cpu"])
        # The zygote is gone: nothing more will be reported.
        with self._lock:
            for event, _ in self._started.values():
                event.set()
            for forked in self._running.values():
                with suppress(ProcessLookupError):
                    os.killpg(forked.pid, signal.SIGTERM)
                forked._end(-signal.SIGTERM, 0.0)
            self._started.clear()
            self._running.clear()

    def start(self, argv: list[str], environment: dict[str, str], cwd: Path,
              log: Path) -> Forked:
        """A chapter process running ``manim <argv>`` (the arguments after ``-m manim``)."""
        if not self.ready():
            raise ZygoteError("the zygote did not start")
        assert self.process.stdin is not None
        event, box = threading.Event(), []
        with self._lock:
            number = self._next
            self._next += 1
            self._started[number] = (event, box)
            request = {"id": number, "argv": argv, "env": environment,
                       "cwd": str(Path(cwd).absolute()), "log": str(Path(log).absolute())}
            try:
                self.process.stdin.write((json.dumps(request) + "\n").encode())
                self.process.stdin.flush()
            except OSError:
                self._started.pop(number, None)
                raise ZygoteError("the zygote stopped") from None
        event.wait()
        if not box:
            raise ZygoteError("the zygote stopped")
        return box[0]

    def close(self) -> None:
        """No more chapters: the zygote exits once its chapter processes have (5 s at most).

        Closing twice is harmless.
        """
        with suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            with suppress(OSError):
                self.process.stdout.close()
        if self._ready:
            self.log.unlink(missing_ok=True)


if __name__ == "__main__":
    serve()
