"""The home screen: every provider with its progress, and what needs attention."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.progress import ProviderState, attention_counts

if TYPE_CHECKING:
    from tui.app import OffrecordApp

STATUS_MARKS = {"done": "✔ done", "partial": "◐ partial", "todo": "○ to do", "skipped": "– skipped"}


def provider_line(state: ProviderState, name_width: int) -> Content:
    """One row: mark and word (never colour alone), name, company, progress."""
    progress = "" if state.skipped else f"{state.settled}/{state.total}"
    name = f"{state.provider.name} ({state.provider.company})"
    return Content(f"{STATUS_MARKS[state.status]:<10} {name:<{name_width}} {progress:>5}")


def overview(states: list[ProviderState]) -> str:
    """The one line that says where the person stands."""
    counts = attention_counts(states)
    used = [s for s in states if not s.skipped]
    settled = sum(s.settled for s in used)
    total = sum(s.total for s in used)
    needs = f"{counts['outstanding']} outstanding, {counts['reverify']} to re-verify, {counts['changed']} changed"
    return f"{settled}/{total} steps settled across {len(used)} services · {needs}"


class HomeScreen(Screen[None]):
    """Lists the providers; Enter opens one."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
        Binding("enter", "open", "Open"),
    ]
    app: OffrecordApp

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="overview", markup=False)
        yield OptionList(id="providers")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "record", self.refresh_list, init=False)

    def on_screen_resume(self) -> None:
        # Coming back (or starting) re-reads the record, so changes made elsewhere show.
        self.app.reload()

    def refresh_list(self) -> None:
        states = self.app.states()
        width = max((len(s.provider.name) + len(s.provider.company) + 3 for s in states), default=10)
        providers = self.query_one("#providers", OptionList)
        highlighted = providers.highlighted
        providers.clear_options()
        providers.add_options(Option(provider_line(s, width), id=s.provider.id) for s in states)
        providers.highlighted = highlighted if highlighted is not None else 0
        self.query_one("#overview", Static).update(overview(states))
        self.sub_title = overview(states).split(" · ")[0]

    def action_cursor(self, direction: str) -> None:
        providers = self.query_one("#providers", OptionList)
        providers.action_cursor_down() if direction == "down" else providers.action_cursor_up()

    def action_open(self) -> None:
        providers = self.query_one("#providers", OptionList)
        if providers.highlighted is not None:
            option = providers.get_option_at_index(providers.highlighted)
            self.open_provider(option.id)

    @on(OptionList.OptionSelected, "#providers")
    def on_provider_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_provider(event.option.id)

    def open_provider(self, provider_id: str | None) -> None:
        from screens.provider import ProviderScreen

        provider = self.app.catalog.get(provider_id or "")
        if provider is not None:
            self.app.push_screen(ProviderScreen(provider))
