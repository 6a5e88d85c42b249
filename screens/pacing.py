"""Keeping the TUI quick and small: work that can wait a frame, caches that must be let go."""

from __future__ import annotations

from collections.abc import Callable

from textual._styles_cache import StylesCache
from textual.message_pump import MessagePump

FRAME_SECONDS = 1 / 60


def after_frame(owner: MessagePump, callback: Callable[[], object]) -> None:
    """Run `callback` (on `owner`'s timer, gone with it) once the next frame is on its way out.

    Textual sends frames from a writer thread, which needs the GIL: work started right after a
    refresh keeps it from the writer for up to Python's switch interval (5 ms). Waiting one frame
    period lets the event loop go idle first, so the frame goes out at once.
    """
    owner.call_after_refresh(owner.set_timer, FRAME_SECONDS, callback)


def forget_removed_widgets() -> None:
    """Let removed widgets' rendered lines go.

    Textual 8 memoises `StylesCache.get_inner_outer` with `functools.lru_cache` on the method, so
    the cache holds the last 1,024 StylesCache objects, each with every line its widget drew
    (textual#6665, open). Replacing a provider page leaves its widgets there: about a quarter
    of a megabyte each time. Clearing it is cheap; live widgets fill it again as they draw.
    """
    StylesCache.get_inner_outer.cache_clear()
