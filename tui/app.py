"""The Textual app: owns the store and the current record; screens show it and send intents."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from providers.catalog import Catalog, Provider
from tui.progress import ProviderState, catalog_state, provider_state
from tui.storage import RecordError
from tui.store import Record, Store, now_utc


class OffrecordApp(App[int]):
    """offrecord's terminal UI."""

    TITLE = "offrecord"
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("q", "quit", "Quit")]

    record: reactive[Record] = reactive(Record, always_update=True, init=False)
    """The last record read or written; screens watch it to redraw."""

    def __init__(self, store: Store, catalog: Catalog) -> None:
        super().__init__()
        self.store = store
        self.catalog = catalog

    @property
    def stale_after(self) -> int | None:
        return self.record.settings.get("stale_after")

    def on_mount(self) -> None:
        from screens.error_dialog import ErrorDialog
        from screens.home import HomeScreen

        for problem in self.catalog.skipped_files:
            self.notify(problem, title="Skipped a provider file", severity="warning", timeout=15)
        try:
            self.store.load()
        except RecordError as error:
            self.push_screen(ErrorDialog(str(error)), callback=lambda _: self.exit(return_code=2))
        else:
            self.push_screen(HomeScreen())

    def reload(self) -> None:
        """Read the record again, showing changes made from elsewhere (another copy, the shell)."""
        try:
            self.record = self.store.load()
        except RecordError as error:
            self.notify(str(error), title="Cannot read the record", severity="error")

    def states(self) -> list[ProviderState]:
        return catalog_state(self.catalog, self.record, now_utc(), self.stale_after)

    def provider_state(self, provider: Provider) -> ProviderState:
        return provider_state(provider, self.record, now_utc(), self.stale_after)

    def set_step(self, provider: Provider, step_id: str, checked: bool) -> bool:
        """Write one step's tick to disk at once; False (and a message) when it could not be saved."""
        step = provider.step(step_id)
        assert step is not None
        try:
            if checked:
                self.store.mark(provider.id, step_id, fingerprint=step.fingerprint)
            else:
                self.store.unmark(provider.id, step_id)
            self.record = self.store.load()
        except RecordError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=15)
            return False
        return True


def create_app(db_path: Path, catalog: Catalog) -> OffrecordApp:
    """The app on the record at `db_path`: the CLI and the tests both build it here."""
    return OffrecordApp(Store(db_path), catalog)
