"""First start: what offrecord does, then "Which of these do you use?", on one screen.

One screen, not two: the list is built with the welcome and shown by the same Enter that leaves
the text, so keys typed in one burst (Enter, Down, Space, Enter) all reach it; a screen switch in
between used to drop them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from screens.checklist_app import ChecklistApp
from screens.messages import ChooseServices, SaveSetting
from screens.text import plain
from screens.workarounds import BLANK, TICK, SteadyFooter
from tui.core.catalog import Provider
from tui.core.grouping import grouped

WELCOME = (
    "Most AI assistants keep what you type to them and, unless you switch it off, use it to train their "
    "next models. The switches are real but buried, named differently everywhere, and some leave gaps.\n\n"
    "offrecord walks you through them one service at a time: why it matters, then each step with the "
    "setting's name, where to find it, a link and a source. Tick what you have done; it is remembered.\n\n"
    "Your record stays in a file on this computer. offrecord sends nothing anywhere and opens a link "
    "only when you ask it to.\n\nPress Enter to choose your services, or Escape to go straight to the list."
)
COMMON = 6  # the most used services (lowest rank) are marked as common


class ServicePicker(OptionList):
    """The services, grouped, each with a tick when chosen; the most used marked as common.

    It takes its keys itself, as they arrive (Up, Down, Space, letters to filter, Backspace,
    Enter), rather than through bindings: a binding runs only once the key has travelled up to
    the app, and a burst of keys would then be handled out of order."""

    @dataclass
    class Start(Message):
        """Enter: walk through the chosen services."""

    @dataclass
    class Filtered(Message):
        """The filter changed."""

        wanted: str

    BINDINGS = [  # for the Footer (and a click on it): the keys themselves are taken in on_key
        Binding("space", "toggle_service", "Select"),
        Binding("enter", "start", "Walk me through them"),
    ]

    def __init__(self, providers: tuple[Provider, ...], chosen: set[str]) -> None:
        super().__init__(id="services")
        self.providers = providers
        self.chosen = chosen
        self.common = {p.id for p in sorted(providers, key=lambda p: p.rank)[:COMMON]}
        self.wanted = ""

    def on_key(self, event: Key) -> None:
        keys = {"down": self.action_cursor_down, "up": self.action_cursor_up, "space": self.toggle,
                "enter": self.action_start, "backspace": lambda: self.filter(self.wanted[:-1])}
        if event.key in keys:
            keys[event.key]()
        elif event.is_printable and event.character:
            self.filter(self.wanted + event.character.lower())
        else:
            return
        event.stop()
        event.prevent_default()

    def action_toggle_service(self) -> None:
        self.toggle()

    def action_start(self) -> None:
        self.post_message(self.Start())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click on a service chooses it (or leaves it)."""
        event.stop()
        self.toggle()

    def filter(self, wanted: str) -> None:
        self.wanted = wanted
        self.show()
        self.post_message(self.Filtered(wanted))

    def show(self) -> None:
        """Fill the list with the services that match the filter, keeping the highlight."""
        current = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        for heading, members in grouped(self.providers, lambda p: p):
            shown = [p for p in members if self.wanted in f"{p.id} {p.name} {p.company}".lower()]
            if shown:
                self.add_option(Option(Content.styled(heading, "bold"), disabled=True))
                self.add_options(Option(self.prompt(p), id=p.id) for p in shown)
        self.highlight(current)

    def highlight(self, option_id: str | None = None) -> None:
        """Put the cursor on `option_id`, else on the first service (never on a heading)."""
        ids = [self.get_option_at_index(i).id for i in range(self.option_count)]
        if option_id is not None and option_id in ids:
            self.highlighted = ids.index(option_id)
        elif any(ids):
            self.highlighted = next(i for i, found in enumerate(ids) if found)

    def prompt(self, provider: Provider) -> Content:
        mark = TICK if provider.id in self.chosen else BLANK
        common = ("  · common", "dim") if provider.id in self.common else ""
        return Content.assemble(f"▐{mark}▌ ", plain(f"{provider.name} ({provider.company})"), common)

    def toggle(self) -> None:
        option = self.highlighted_option
        if option is None or option.id is None or self.highlighted is None:
            return
        self.chosen ^= {option.id}
        provider = next(p for p in self.providers if p.id == option.id)
        self.replace_option_prompt_at_index(self.highlighted, self.prompt(provider))


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
            yield Static("Services you leave unselected are marked as not used; you can change that later.",
                         classes="muted")
        yield SteadyFooter()

    @property
    def picker(self) -> ServicePicker:
        return self.query_one(ServicePicker)

    def on_mount(self) -> None:
        self.sub_title = "Welcome"
        self.query_one("#choose").display = False
        self.picker.show()

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

    @on(ServicePicker.Start)
    def start(self) -> None:
        chosen = [p.id for p in self.app.catalog.providers if p.id in self.picker.chosen]
        if not chosen:
            self.notify("Select at least one service with Space, or press Escape to decide later.", severity="warning")
            return
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
