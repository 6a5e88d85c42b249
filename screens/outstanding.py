"""Everything that needs the person, across services, grouped by service."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from screens.checklist_app import ChecklistApp
from screens.messages import OpenProvider, Reload
from screens.text import plain
from screens.workarounds import SteadyFooter
from tui.core.progress import STATE_WORDS, attention, attention_counts, attention_words


class OutstandingScreen(Screen[None]):
    """Open, re-verify, changed and could-not-do steps; Enter jumps to the step."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]
    app: ChecklistApp

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="overview", markup=False)
        yield OptionList(id="items")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Outstanding"
        self.watch(self.app, "record", self.refresh_items, init=False)

    def on_screen_resume(self) -> None:
        self.app.post_message(Reload())

    def refresh_items(self) -> None:
        states = self.app.states()
        items = attention(states)
        counts = attention_counts(states)
        self.query_one("#overview", Static).update(
            f"{attention_words(counts)}. Enter opens the step." if items
            else "Nothing needs you: every step is done or not applicable."
        )
        listing = self.query_one("#items", OptionList)
        listing.clear_options()
        provider = None
        for item in items:
            if item.provider is not provider:
                provider = item.provider
                heading = plain(f"{provider.name} ({provider.company})").stylize("bold")
                listing.add_option(Option(heading, disabled=True))
            hint = f", {item.hint}" if item.hint else ""
            line = plain(f"  {STATE_WORDS[item.state]:<13} {item.step.title}{item.where}{hint}")
            listing.add_option(Option(line, id=f"{item.key}@{item.account}"))
        if items:
            listing.highlighted = 1

    def action_cursor(self, direction: str) -> None:
        listing = self.query_one("#items", OptionList)
        listing.action_cursor_down() if direction == "down" else listing.action_cursor_up()

    @on(OptionList.OptionSelected, "#items")
    def jump(self, event: OptionList.OptionSelected) -> None:
        key, _, account = (event.option.id or "").partition("@")
        provider_id, _, step_id = key.partition("/")
        self.app.post_message(OpenProvider(provider_id, step_id, account))
