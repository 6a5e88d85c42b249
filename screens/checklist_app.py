"""The app as the screens see it, declared on their side: `tui.app.OffrecordApp` is one.

Screens read the catalog, the record and where the person stands from here, `watch` the `record`
to redraw, and ask for every change by posting a message (`screens.messages`) that the app handles.
No screen imports `tui.app`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from textual.app import App
from textual.reactive import var

from tui.core.catalog import Catalog, Provider
from tui.core.clean import is_openable
from tui.core.grouping import grouped
from tui.core.progress import (
    ProviderState,
    catalog_state,
    chosen_stale_after,
    provider_state,
)
from tui.core.record import Record
from tui.core.walk import WALK_SETTING, Walk


class ChecklistApp(App[None]):
    """The catalog, the record as last read or written, and what follows from them."""

    record: var[Record] = var(Record, always_update=True, init=False)
    """The last record read or written; screens watch it and redraw what changed. A `var`, not a
    `reactive`: an App reactive repaints the whole screen on every change, which made a tick slow."""

    def __init__(self, catalog: Catalog, record_path: Path, clock: Callable[[], dt.datetime]) -> None:
        super().__init__()
        self.catalog = catalog
        self.record_path = record_path
        self.clock = clock

    @cached_property
    def provider_order(self) -> list[Provider]:
        """Providers in the order the home list shows them (grouped), which `n`/`p` and the walk follow."""
        return [provider for _, members in grouped(self.catalog.providers, lambda p: p) for provider in members]

    @property
    def stale_after(self) -> int | None:
        return chosen_stale_after(None, self.record)

    def states(self) -> list[ProviderState]:
        return catalog_state(self.catalog, self.record, self.clock(), self.stale_after)

    def provider_state(self, provider: Provider) -> ProviderState:
        return provider_state(provider, self.record, self.clock(), self.stale_after)

    def walk(self) -> Walk | None:
        return Walk.from_setting(self.record.settings.get(WALK_SETTING), self.catalog.ids)

    def open_link(self, url: str) -> bool:
        """Open an https (or mailto) link in the person's browser; False, and a message, when the
        link is of another kind or no browser can be started."""
        if not is_openable(url):
            self.notify(f"offrecord opens only https links; this one was not opened: {url}", title="Link",
                        severity="warning")
            return False
        import webbrowser

        try:
            webbrowser.get()
        except webbrowser.Error:
            self.notify(f"No web browser could be started here. The link: {url}", title="Link", severity="warning",
                        timeout=20)
            return False
        self.open_url(url)
        return True
