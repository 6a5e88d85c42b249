"""The Textual shell: owns the store, handles the screens' messages, moves between screens.

Everything the screens read is on `screens.checklist_app.ChecklistApp`; every change they ask
for arrives here as a message (`screens.messages`), is done by the core (`tui.core.actions`), and
comes back to them as a new `record`, which they watch.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable
from pathlib import Path

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.reactive import Reactive
from textual.screen import Screen

from screens import messages
from screens.checklist_app import ChecklistApp
from screens.pacing import after_frame
from screens.palette import ChecklistCommands
from screens.workarounds import OpaqueTopScreen
from tui.core import actions
from tui.core.catalog import Catalog
from tui.core.clean import clean
from tui.core.record import AccountError, Record, Store, now_utc
from tui.core.record_file import RecordError
from tui.core.settings import chosen_platforms, chosen_region
from tui.core.walk import Walk

REVERIFY_CHOICES = (30, 90, 180, 365)
NARROW = 70  # columns under which the title drops its words


class OffrecordApp(OpaqueTopScreen, ChecklistApp):
    """offrecord's terminal UI."""

    TITLE = "offrecord"
    # Every screen's styles, read once at start. A screen with its own CSS_PATH makes Textual parse
    # the whole stylesheet again when it first opens, and the default screen's would not be read.
    CSS_PATH = ["app.tcss", *(f"../screens/{name}.tcss" for name in
                              ("home", "provider", "outstanding", "welcome", "finish", "share", "request", "dialogs"))]
    COMMANDS = App.COMMANDS | {ChecklistCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
    ]

    title: Reactive[str] = Reactive("", compute=False, repaint=False)
    """App.title without its repaint: Textual repaints the whole screen for a new title, though the
    Header, which watches it, redraws itself. The title carries the progress, so it changes on
    every tick."""

    progress: tuple[int, int] = (0, 0)
    """Steps settled and steps in all, over the services in use."""

    def __init__(
        self, store: Store, catalog: Catalog, welcome: bool = True, clock: Callable[[], dt.datetime] = now_utc
    ) -> None:
        super().__init__(catalog, store.path, clock)
        self.store = store
        self.welcome = welcome
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

    def on_load(self) -> None:
        """Read the record before the first screen is built, so the home screen's first frame
        already lists the services with their progress."""
        self.first_run = not self.store.exists()
        try:
            # Set quietly, and the title now: the watcher would compute it again a frame later.
            self.set_reactive(ChecklistApp.record, self.store.load())
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
        self.theme_changed_signal.subscribe(self, lambda theme: self._save_setting("theme", theme.name))
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
        self.progress = (sum(s.settled for s in used), sum(s.total for s in used))
        self.show_title(self.size.width)

    def show_title(self, width: int) -> None:
        """Under 70 columns the title drops its words, so that the screen's subtitle (the service
        shown) still fits."""
        settled, total = self.progress
        self.title = f"offrecord · {settled}/{total}{' steps settled' if width >= NARROW else ''}"

    def on_resize(self, event: events.Resize) -> None:
        self.show_title(event.size.width)  # App.size follows a moment later

    def _write(self, change: Callable[[], Record]) -> bool:
        """Run one core action and show the record it saved. On failure, say why and show the
        record as it was, so a box ticked on screen goes back."""
        try:
            self.record = change()
        except AccountError as error:
            self.notify(str(error), title="Accounts", severity="warning", timeout=10)
            return False
        except RecordError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=15)
            self.record = self.record
            return False
        return True

    def _save_setting(self, key: str, value: object) -> None:
        self._write(lambda: actions.save_setting(self.store, self.record, key, value))

    @on(messages.SetOutcome)
    def set_outcome(self, message: messages.SetOutcome) -> None:
        provider = self.catalog.get(message.provider)
        if provider is not None:
            self._write(lambda: actions.set_outcome(self.store, provider, message.step, message.outcome,
                                                    account=message.account))

    @on(messages.SetNote)
    def set_note(self, message: messages.SetNote) -> None:
        provider = self.catalog.get(message.provider)
        if provider is not None:
            self._write(lambda: actions.set_note(self.store, self.record, provider, message.step, message.note,
                                                 message.account))

    @on(messages.SetSkipped)
    def set_skipped(self, message: messages.SetSkipped) -> None:
        change = self.store.skip if message.skipped else self.store.unskip
        self._write(lambda: change(message.provider))

    @on(messages.StepsSeen)
    def see(self, message: messages.StepsSeen) -> None:
        provider = self.catalog.get(message.provider)
        if provider is not None:
            self._write(lambda: actions.see(self.store, self.record, provider))

    @on(messages.SaveSetting)
    def save_setting(self, message: messages.SaveSetting) -> None:
        self._save_setting(message.key, message.value)

    @on(messages.RecordRequest)
    def record_request(self, message: messages.RecordRequest) -> None:
        provider = self.catalog.get(message.provider)
        if provider is None:
            return
        sent_on, answer, step, account = message.sent_on, message.answer, message.step, message.account
        if sent_on is not None:
            self._write(lambda: actions.record_sent(self.store, provider, step, sent_on, account=account))
        elif answer is not None:
            self._write(lambda: actions.record_answer(self.store, provider, step, answer, account=account))

    @on(messages.ChangeAccount)
    def change_account(self, message: messages.ChangeAccount) -> None:
        """Add, rename or remove an account of a provider."""
        pid, name = message.provider, message.name
        change = {"add": lambda: self.store.add_account(pid, name),
                  "rename": lambda: self.store.rename_account(pid, message.account, name),
                  "remove": lambda: self.store.remove_account(pid, message.account)}[message.action]
        if self._write(change):
            done = {"add": f"added the account {name}", "rename": f"renamed {message.account} to {name}",
                    "remove": f"removed the account {message.account}"}[message.action]
            provider = self.catalog.get(pid)
            self.notify(f"{provider.name if provider else pid}: {done}", title="Accounts")

    @on(messages.Reload)
    def reload(self) -> None:
        """Read the record again, showing changes made from elsewhere (another copy, the shell)."""
        try:
            self.record = self.store.load()
        except RecordError as error:
            self.notify(str(error), title="Cannot read the record", severity="error")

    @on(messages.ChooseServices)
    def choose_services(self, message: messages.ChooseServices) -> None:
        """Skip what was not chosen and walk through the rest."""
        walk: Walk | None = None

        def choose() -> Record:
            nonlocal walk
            record, walk = actions.choose_services(self.store, self.provider_order, message.chosen)
            return record

        if self._write(choose) and walk is not None:
            self.show_walk(walk)

    def show_walk(self, walk: Walk) -> None:
        from screens.provider import ProviderScreen

        provider = self.catalog.get(walk.current)
        assert provider is not None
        self.push_screen(ProviderScreen(provider, walk=walk))

    @on(messages.OpenProvider)
    def open_provider(self, message: messages.OpenProvider) -> None:
        """Open a provider (from the list, the palette or the outstanding view), optionally at one step."""
        from screens.provider import ProviderScreen

        provider = self.catalog.get(message.provider)
        if provider is None:
            return
        screen = ProviderScreen(provider, focus_step=message.step, account=message.account,
                                manage_accounts=message.manage_accounts)
        if isinstance(self.screen, ProviderScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Outstanding", "Every step still open, due a re-check or changed", self.action_outstanding)
        yield SystemCommand("Share a summary", "Preview, copy or save where you stand", self.action_share)
        yield SystemCommand("Walkthrough again", "Choose your services and walk through them", self.action_welcome)
        yield SystemCommand("Choose your platforms", "Web, iPhone and iPad, Android, Windows, Mac: their paths first",
                            self.action_platforms)
        yield SystemCommand("Choose where you live", "Steps that concern only other places leave your list",
                            self.action_region)
        yield SystemCommand(
            "Re-verify on the catalog's schedule",
            "180 days, or sooner for settings known to switch themselves back on",
            lambda: self._save_setting("stale_after", None),
        )
        for days in REVERIFY_CHOICES:
            yield SystemCommand(
                f"Re-verify after {days} days",
                "How old a tick may get before offrecord asks you to check it again",
                lambda days=days: self._save_setting("stale_after", days),
            )

    def action_platforms(self) -> None:
        from screens.platform_dialog import PlatformDialog

        def save(platforms: list[str] | None) -> None:
            if platforms is not None:
                self._save_setting("platforms", platforms)

        self.push_screen(PlatformDialog(chosen_platforms(self.record.settings)), save)

    def action_region(self) -> None:
        from screens.platform_dialog import RegionDialog

        def save(region: str | None) -> None:
            if region == "":
                self._write(lambda: self.store.clear_setting("region"))
            elif region is not None:
                self._save_setting("region", region)

        self.push_screen(RegionDialog(chosen_region(self.record.settings)), save)

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

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
