"""First start: what offrecord does, then "Which of these do you use?"."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, SelectionList, Static
from textual.widgets.selection_list import Selection

from screens.checklist_app import ChecklistApp
from screens.messages import ChooseServices, SaveSetting
from screens.text import plain
from screens.workarounds import TickSelectionList
from tui.core.grouping import grouped

WELCOME = (
    "Most AI assistants keep what you type to them and, unless you switch it off, use it to train their "
    "next models. The switches are real but buried, named differently everywhere, and some leave gaps.\n\n"
    "offrecord walks you through them one service at a time: why it matters, then each step with the "
    "setting's name, where to find it, a link and a source. Tick what you have done; it is remembered.\n\n"
    "Your record stays in a file on this computer. offrecord sends nothing anywhere and opens a link "
    "only when you ask it to."
)


class WelcomeScreen(Screen[None]):
    """Enter starts; Escape skips the welcome for good (the choice is remembered)."""

    AUTO_FOCUS = ""  # focusing the button would scroll the text away on a small terminal
    BINDINGS = [
        Binding("enter", "start", "Start"),
        Binding("escape", "skip", "Skip"),
    ]
    app: ChecklistApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="welcome"):
            yield Static("Welcome to offrecord", classes="title")
            yield Static(WELCOME, markup=False)
            yield Button("Choose my services", variant="primary", id="start")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Welcome"

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        self.app.switch_screen(ChooseScreen())

    def action_skip(self) -> None:
        self.app.post_message(SaveSetting("welcome", "skipped"))
        self.app.pop_screen()


class ChooseScreen(Screen[None]):
    """A multi-select of the services; the ones not chosen are skipped (reversible with `d`)."""

    BINDINGS = [
        # Priority: the list would otherwise take Enter as another way to toggle.
        Binding("enter", "walk", "Walk me through them", priority=True),
        Binding("escape", "app.pop_screen", "Later"),
    ]
    app: ChecklistApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="choose"):
            yield Static("Which of these do you use? Space selects, Enter starts the walkthrough.", classes="title")
            yield TickSelectionList(id="services")
            yield Static("Services you leave unselected are marked as not used; you can change that later.",
                         classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Choose your services"
        skipped = self.app.record.skipped
        chosen = set(self.app.catalog.ids) - skipped if skipped else set()  # a second walk starts from the last choice
        services = self.query_one("#services", SelectionList)
        for heading, members in grouped(self.app.catalog.providers, lambda p: p):
            services.add_options(
                Selection(Content.assemble(plain(f"{p.name} ({p.company})"), (f"  · {heading}", "dim")), p.id,
                          p.id in chosen)
                for p in members
            )
        services.highlighted = 0
        services.focus()

    def action_walk(self) -> None:
        chosen = self.query_one("#services", SelectionList).selected
        if not chosen:
            self.notify("Select at least one service with Space, or press Escape to decide later.", severity="warning")
            return
        self.app.pop_screen()
        self.app.post_message(ChooseServices(list(chosen)))
