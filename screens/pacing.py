"""Keeping the TUI quick: work that can wait a frame."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump

FRAME_SECONDS = 1 / 60


def after_frame(owner: MessagePump, callback: Callable[[], object]) -> None:
    """Run `callback` (on `owner`'s timer, gone with it) once the next frame is on its way out.

    Textual sends frames from a writer thread, which needs the GIL: work started right after a
    refresh keeps it from the writer for up to Python's switch interval (5 ms). Waiting one frame
    period lets the event loop go idle first, so the frame goes out at once.
    """
    owner.call_after_refresh(owner.set_timer, FRAME_SECONDS, callback)
