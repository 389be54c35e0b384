"""Signals during a render: SIGTERM takes Ctrl-C's way out; short critical blocks hold both.

The chapters' Manim processes are stopped on either signal by
:func:`pipeline.render.render_chapters`; the renames that swap outputs into place
run inside :func:`interrupts_held`, so a signal never leaves half a lecture.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["HELD_SIGNALS", "Terminated", "interrupts_held", "terminate_as_interrupt"]


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be, so that it takes the same way out."""


HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _held(signum: int, frame: object) -> None:
    """A signal that arrives while :func:`interrupts_held` holds them: let the block finish."""


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM do not stop the block: it is short and must finish (renames, cleanup).

    They are caught and dropped rather than ignored (``SIG_IGN``), because an
    ignored signal stays ignored in a process started meanwhile, and a Manim
    process started while the renders are being stopped must still stop.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _held) for signum in HELD_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block SIGTERM raises :class:`Terminated`, a KeyboardInterrupt.

    So ``kill`` (or a supervisor stopping the command) takes Ctrl-C's way out:
    the Manim processes are stopped and the previous outputs stay as they were.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated("terminated")

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

