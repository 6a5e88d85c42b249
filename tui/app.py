"""The Textual app: owns the store and the current record; screens show it and send intents."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.binding import Binding
from textual.content import Content
from textual.reactive import Reactive, var
from textual.screen import Screen

from providers.catalog import Catalog, Provider
from screens.grouping import grouped
from screens.pacing import after_frame
from screens.palette import OffrecordCommands
from tui.clean import clean, is_openable
from tui.progress import ProviderState, catalog_state, chosen_stale_after, provider_state
from tui.storage import RecordError
from tui.store import Record, Store, now_utc
from tui.walk import WALK_SETTING, Walk


REVERIFY_CHOICES = (30, 90, 180, 365)


class OffrecordApp(App[None]):
    """offrecord's terminal UI."""

    TITLE = "offrecord"
    # Every screen's styles, read once at start. A screen with its own CSS_PATH makes Textual parse
    # the whole stylesheet again when it first opens, and the default screen's would not be read.
    CSS_PATH = ["app.tcss", *(f"../screens/{name}.tcss" for name in ("home", "provider", "welcome", "share", "dialogs"))]
    COMMANDS = App.COMMANDS | {OffrecordCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    ]

    title: Reactive[str] = Reactive("", compute=False, repaint=False)
    """App.title without its repaint: Textual repaints the whole screen for a new title, though the
    Header, which watches it, redraws itself. The title carries the progress, so it changes on
    every tick."""

    record: var[Record] = var(Record, always_update=True, init=False)
    """The last record read or written; screens watch it and redraw what changed. A `var`, not a
    `reactive`: an App reactive repaints the whole screen on every change, which made a tick slow."""

    def __init__(
        self, store: Store, catalog: Catalog, welcome: bool = True, clock: Callable[[], dt.datetime] = now_utc
    ) -> None:
        super().__init__()
        self.store = store
        self.catalog = catalog
        self.welcome = welcome
        self.clock = clock
        self.first_run = False
        self.load_error: str | None = None

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is plain text, cleaned, whatever the caller asks: messages name files,
        services, steps and links, which are data, and `[@click=...]` in one would be an action."""
        super().notify(clean(message), title=clean(title), severity=severity, timeout=timeout, markup=False)

    def format_title(self, title: str, sub_title: str) -> Content:
        """The Header's title and subtitle (a service's name), cleaned."""
        return super().format_title(clean(title), clean(sub_title))

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

    @property
    def _background_screens(self) -> list[Screen]:
        """None under an opaque screen. Textual counts the screen below the top one as visible
        whatever the top's background, so a change on the hidden home screen (its Header follows
        the title, which changes on every tick) repainted the whole provider screen above it."""
        if self.screen.styles.background.a == 1:
            return []
        return super()._background_screens

    @cached_property
    def provider_order(self) -> list[Provider]:
        """Providers in the order the home list shows them (grouped), which `n`/`p` and the walk follow."""
        return [provider for _, members in grouped(self.catalog.providers, lambda p: p) for provider in members]

    @property
    def stale_after(self) -> int | None:
        return chosen_stale_after(None, self.record)

    def on_load(self) -> None:
        """Read the record before the first screen is built, so the home screen's first frame
        already lists the services with their progress."""
        self.first_run = not self.store.exists()
        try:
            # Set quietly, and the title now: the watcher would compute it again a frame later.
            self.set_reactive(OffrecordApp.record, self.store.load())
        except RecordError as error:
            self.load_error = str(error)
        else:
            self.show_progress()

    def get_default_screen(self) -> Screen:
        if self.load_error is not None:
            return Screen()  # a blank screen under the error dialog
        from screens.home import HomeScreen

        return HomeScreen()

    def on_ready(self) -> None:
        gc.enable()  # the first frame is up: the CLI paused collection for start-up (cli.run_tui)

    def on_mount(self) -> None:
        for problem in self.catalog.skipped_files:
            self.notify(problem, title="Skipped a provider file", severity="warning", timeout=15)
        if self.load_error is not None:
            from screens.error_dialog import ErrorDialog

            self.push_screen(ErrorDialog(self.load_error), callback=lambda _: self.exit(return_code=2))
            return
        theme = self.record.settings.get("theme")
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda theme: self.save_setting("theme", theme.name))
        walk = self.walk()
        if self.first_run and self.welcome:
            from screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        elif walk is not None:
            self.show_walk(walk)

    def watch_record(self) -> None:
        # The title follows a frame later: the tick the person waits to see goes out first.
        after_frame(self, self.show_progress)

    def show_progress(self) -> None:
        """The Header's title carries overall progress on every screen."""
        used = [s for s in self.states() if not s.skipped]
        self.title = f"offrecord · {sum(s.settled for s in used)}/{sum(s.total for s in used)} steps settled"

    def reload(self) -> None:
        """Read the record again, showing changes made from elsewhere (another copy, the shell)."""
        try:
            self.record = self.store.load()
        except RecordError as error:
            self.notify(str(error), title="Cannot read the record", severity="error")

    def states(self) -> list[ProviderState]:
        return catalog_state(self.catalog, self.record, self.clock(), self.stale_after)

    def provider_state(self, provider: Provider) -> ProviderState:
        return provider_state(provider, self.record, self.clock(), self.stale_after)

    def _write(self, change: Callable[[], Record]) -> bool:
        """Run one store intent and show the record it saved; False (and a message) on failure."""
        try:
            self.record = change()
        except RecordError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=15)
            return False
        return True

    def set_outcome(self, provider: Provider, step_id: str, outcome: str | None, note: str | None = None) -> bool:
        """Record done / na / failed for a step, or forget it (None); on disk at once."""
        step = provider.step(step_id)
        assert step is not None
        if outcome is None:
            return self._write(lambda: self.store.unmark(provider.id, step_id))
        return self._write(lambda: self.store.mark(provider.id, step_id, outcome, note=note, fingerprint=step.fingerprint))

    def set_note(self, provider: Provider, step_id: str, note: str) -> bool:
        """Keep a private note with a step; a step without an outcome gets one as could-not-do."""
        current = self.record.step(provider.id, step_id)
        if current is None:
            return self.set_outcome(provider, step_id, "failed", note)
        return self.set_outcome(provider, step_id, current.outcome, note)

    def set_skipped(self, provider: Provider, skipped: bool) -> bool:
        change = self.store.skip if skipped else self.store.unskip
        return self._write(lambda: change(provider.id))

    def see(self, provider: Provider) -> None:
        """Remember the steps shown, so steps added later show as new; written only when it changes."""
        step_ids = frozenset(step.id for step in provider.steps)
        if self.record.seen.get(provider.id) != step_ids:
            self._write(lambda: self.store.see(provider.id, sorted(step_ids)))

    def save_setting(self, key: str, value: object) -> None:
        if self.record.settings.get(key) != value:
            self._write(lambda: self.store.set_setting(key, value))

    def walk(self) -> Walk | None:
        return Walk.from_setting(self.record.settings.get(WALK_SETTING), self.catalog.ids)

    def start_walk(self, chosen: list[str]) -> None:
        """Skip what was not chosen and walk through the rest."""
        if not self._write(lambda: self.store.set_skipped(set(self.catalog.ids) - set(chosen), self.catalog.ids)):
            return
        if chosen:
            walk = Walk(tuple(p.id for p in self.provider_order if p.id in chosen))
            self.save_setting(WALK_SETTING, walk.to_setting())
            self.show_walk(walk)

    def show_walk(self, walk: Walk) -> None:
        from screens.provider import ProviderScreen

        provider = self.catalog.get(walk.current)
        assert provider is not None
        self.push_screen(ProviderScreen(provider, walk=walk))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Outstanding", "Every step still open, due a re-check or changed", self.action_outstanding)
        yield SystemCommand("Share a summary", "Preview, copy or save where you stand", self.action_share)
        yield SystemCommand("Walkthrough again", "Choose your services and walk through them", self.action_welcome)
        yield SystemCommand(
            "Re-verify on the catalog's schedule",
            "180 days, or sooner for settings known to switch themselves back on",
            lambda: self.save_setting("stale_after", None),
        )
        for days in REVERIFY_CHOICES:
            yield SystemCommand(
                f"Re-verify after {days} days",
                "How old a tick may get before offrecord asks you to check it again",
                lambda days=days: self.save_setting("stale_after", days),
            )

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_open_provider(self, provider_id: str, step_id: str | None = None) -> None:
        """Open a provider (from the palette or the outstanding view), optionally at one step."""
        from screens.provider import ProviderScreen

        provider = self.catalog.get(provider_id)
        if provider is None:
            return
        screen = ProviderScreen(provider, focus_step=step_id)
        if isinstance(self.screen, ProviderScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_outstanding(self) -> None:
        from screens.outstanding import OutstandingScreen

        self.push_screen(OutstandingScreen())

    def action_share(self) -> None:
        from screens.share import ShareScreen

        self.push_screen(ShareScreen())

    def action_welcome(self) -> None:
        from screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen())


def create_app(
    db_path: Path, catalog: Catalog, welcome: bool = True, clock: Callable[[], dt.datetime] = now_utc
) -> OffrecordApp:
    """The app on the record at `db_path`: the CLI and the tests both build it here."""
    return OffrecordApp(Store(db_path), catalog, welcome=welcome, clock=clock)
