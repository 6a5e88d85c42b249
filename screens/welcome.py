"""First start: what offrecord does, then "Which of these do you use?", on one screen.

One screen, not two: the list is built with the welcome and shown by the same Enter that leaves
the text, so keys typed in one burst (Enter, Down, Space, Enter) all reach it; a screen switch in
between used to drop them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from screens.checklist_app import ChecklistApp
from screens.messages import ChooseServices, SaveSetting
from screens.text import plain
from screens.tick_list import PlatformPicker, RegionPicker, TickList
from screens.workarounds import SteadyFooter
from tui.core.catalog import PLATFORMS, Provider
from tui.core.grouping import grouped
from tui.core.settings import chosen_platforms, chosen_region

WELCOME = (
    "Most AI assistants keep what you type to them and, unless you switch it off, use it to train their "
    "next models. The switches are real but buried, named differently everywhere, and some leave gaps.\n\n"
    "offrecord walks you through them one service at a time: why it matters, then each step with the "
    "setting's name, where to find it, a link and a source. Tick what you have done; it is remembered.\n\n"
    "Your record stays in a file on this computer. offrecord sends nothing anywhere and opens a link "
    "only when you ask it to.\n\nPress Enter to choose your services, or Escape to go straight to the list."
)
COMMON = 6  # the most used services (lowest rank) are marked as common


class ServicePicker(TickList):
    """The services, grouped; the most used marked as common. Letters filter, Backspace erases."""

    @dataclass
    class Filtered(Message):
        """The filter changed."""

        wanted: str

    BINDINGS = [
        Binding("enter", "start", "Walk me through them"),
        # Letters filter this list, q too: the Footer offers ctrl+q to quit instead.
        Binding("q", "filter_with('q')", show=False),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),  # as the app binds it, but shown
    ]

    def __init__(self, providers: tuple[Provider, ...], chosen: set[str]) -> None:
        super().__init__(chosen, id="services")
        self.providers = providers
        self.common = {p.id for p in sorted(providers, key=lambda p: p.rank)[:COMMON]}
        self.wanted = ""

    def entries(self) -> Iterator[tuple[str | None, Content]]:
        for heading, members in grouped(self.providers, lambda p: p):
            shown = [p for p in members if self.wanted in f"{p.id} {p.name} {p.company}".lower()]
            if shown:
                yield None, Content.styled(heading, "bold")
                for p in shown:
                    common = ("  · common", "dim") if p.id in self.common else ""
                    yield p.id, Content.assemble(plain(f"{p.name} ({p.company})"), common)

    def other_key(self, event: Key) -> bool:
        if event.key == "backspace":
            self.filter(self.wanted[:-1])
        elif event.is_printable and event.character and event.character != " ":
            self.filter(self.wanted + event.character.lower())
        else:
            return False
        return True

    def action_filter_with(self, letter: str) -> None:
        self.filter(self.wanted + letter)

    def filter(self, wanted: str) -> None:
        self.wanted = wanted
        self.show()
        self.post_message(self.Filtered(wanted))


class WelcomeScreen(Screen[None]):
    """The welcome text; Enter shows the choice of services, Enter again walks through them.
    Escape skips the welcome for good (the choice is remembered), or leaves the choice for later."""

    AUTO_FOCUS = ""  # focusing would scroll the text away on a small terminal
    BINDINGS = [
        # Priority, on the welcome text only: the list is shown and focused before the next key of
        # a burst is passed on. On the list, the list takes its keys (ServicePicker).
        Binding("enter", "choose", "Start", priority=True),
        Binding("escape", "escape", "Later"),
    ]
    app: ChecklistApp

    def compose(self) -> ComposeResult:
        skipped = self.app.record.skipped
        chosen = set(self.app.catalog.ids) - skipped if skipped else set()  # a second walk starts from the last choice
        yield Header()
        with Vertical(id="welcome"):
            yield Static("Welcome to offrecord", classes="title")
            yield Static(WELCOME, markup=False)
        with Vertical(id="choose"):
            yield Static("Which of these do you use? Space selects, Enter starts the walkthrough. "
                         "Type to filter.", classes="title")
            yield Static(id="filter-line", markup=False)
            yield ServicePicker(self.app.catalog.providers, chosen)
            yield Static("Services you leave unselected are marked as not used; you can change that later. "
                         "Tab: the platforms you use (their paths come first) and where you live (steps for "
                         "elsewhere leave your list).", classes="muted")
            with Horizontal(id="about-you"):
                yield PlatformPicker(set(chosen_platforms(self.app.record.settings)))
                yield RegionPicker(chosen_region(self.app.record.settings))
        yield SteadyFooter()

    @property
    def picker(self) -> ServicePicker:
        return self.query_one(ServicePicker)

    def on_mount(self) -> None:
        self.sub_title = "Welcome"
        self.query_one("#choose").display = False
        self.picker.show()
        self.query_one(PlatformPicker).show()
        self.query_one(RegionPicker).show()

    @property
    def choosing(self) -> bool:
        return bool(self.query_one("#choose").display)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.choosing if action == "choose" else True

    def action_choose(self) -> None:
        """Enter on the welcome text: the choice of services, ready for the next key."""
        self.sub_title = "Choose your services"
        self.query_one("#welcome").display = False
        self.query_one("#choose").display = True
        self.set_focus(self.picker)
        self.picker.highlight()
        self.refresh_bindings()

    @on(TickList.Start)
    def start(self) -> None:
        chosen = [p.id for p in self.app.catalog.providers if p.id in self.picker.chosen]
        if not chosen:
            self.notify("Select at least one service with Space, or press Escape to decide later.", severity="warning")
            return
        platforms = self.query_one(PlatformPicker).chosen
        if platforms:
            self.app.post_message(SaveSetting("platforms", [p for p in PLATFORMS if p in platforms]))
        region = self.query_one(RegionPicker).chosen_code
        if region:
            self.app.post_message(SaveSetting("region", region))
        self.app.pop_screen()
        self.app.post_message(ChooseServices(chosen))

    @on(ServicePicker.Filtered)
    def show_filter(self, event: ServicePicker.Filtered) -> None:
        line = f"Showing services with “{event.wanted}” (Backspace erases, Escape shows all)" if event.wanted else ""
        self.query_one("#filter-line", Static).update(plain(line))

    def action_escape(self) -> None:
        if self.choosing and self.picker.wanted:
            self.picker.filter("")
        elif self.choosing:
            self.app.pop_screen()
        else:
            self.app.post_message(SaveSetting("welcome", "skipped"))
            self.app.pop_screen()
