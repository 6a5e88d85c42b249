"""The home screen: every provider with its progress, grouped, and what needs attention."""

from __future__ import annotations

from collections.abc import Iterator

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from screens.checklist_app import ChecklistApp
from screens.messages import OpenProvider, Reload
from screens.text import plain
from tui.core.grouping import grouped
from tui.core.progress import ProviderState, attention_counts

STATUS_MARKS = {"done": "✔ done", "partial": "◐ partial", "todo": "○ to do", "skipped": "– skipped"}


def provider_line(state: ProviderState) -> Content:
    """One row: mark and word (never colour alone), progress, name and company."""
    progress = "" if state.skipped else f"{state.settled}/{state.total}"
    return plain(f"{STATUS_MARKS[state.status]:<10} {progress:>5}  {state.provider.name} ({state.provider.company})")


def overview(states: list[ProviderState]) -> str:
    """The one line that says what needs attention."""
    counts = attention_counts(states)
    used = sum(not s.skipped for s in states)
    return (
        f"Needs attention: {counts['outstanding']} outstanding, {counts['reverify']} to re-verify, "
        f"{counts['changed']} changed · {used} of {len(states)} services in use"
    )


def provider_options(states: list[ProviderState], wanted: str) -> Iterator[Option]:
    """The list's options: a heading per group, then its services whose id, name or company
    contains `wanted` (lower case); a group with none of them is left out."""
    for heading, members in grouped(states, lambda s: s.provider):
        shown = [s for s in members if wanted in f"{s.provider.id} {s.provider.name} {s.provider.company}".lower()]
        if shown:
            yield Option(Content.styled(heading, "bold"), disabled=True)
            yield from (Option(provider_line(s), id=s.provider.id) for s in shown)


class HomeScreen(Screen[None]):
    """Lists the providers by group; Enter opens one, `/` filters."""

    AUTO_FOCUS = "#providers"
    BINDINGS = [
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
        Binding("slash", "filter", "Filter"),
        Binding("o", "app.outstanding", "Outstanding"),
        Binding("s", "app.share", "Share"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]
    app: ChecklistApp
    resumed_before = False
    """False until the first resume: the list drawn at mount needs no second read."""

    def compose(self) -> ComposeResult:
        # Filled here, not at mount: the first frame drawn already lists the services.
        states = self.app.states()
        yield Header()
        yield Static(overview(states), id="overview", markup=False)
        yield Input(placeholder="Filter services (Escape clears)", id="filter")
        yield OptionList(*provider_options(states, ""), id="providers")
        yield Footer()

    def on_mount(self) -> None:
        self._highlight(self.query_one("#providers", OptionList), None)
        self.watch(self.app, "record", self.refresh_list, init=False)

    def on_screen_resume(self) -> None:
        # Coming back re-reads the record, so changes made elsewhere (the shell, another copy) show.
        if self.resumed_before:
            self.app.post_message(Reload())
        self.resumed_before = True

    def refresh_list(self) -> None:
        if self.app.screen is not self and self.resumed_before:
            return  # hidden under another screen: on_screen_resume redraws it on the way back
        states = self.app.states()
        wanted = self.query_one("#filter", Input).value.strip().lower()
        providers = self.query_one("#providers", OptionList)
        highlighted = providers.highlighted_option.id if providers.highlighted_option else None
        providers.clear_options()
        providers.add_options(provider_options(states, wanted))
        self._highlight(providers, highlighted)
        self.query_one("#overview", Static).update(overview(states))

    @staticmethod
    def _highlight(providers: OptionList, option_id: str | None) -> None:
        """Keep the highlight on the same provider, else on the first one."""
        ids = [providers.get_option_at_index(i).id for i in range(providers.option_count)]
        if option_id is not None and option_id in ids:
            providers.highlighted = ids.index(option_id)
        elif any(ids):
            providers.highlighted = next(i for i, option in enumerate(ids) if option)

    def action_cursor(self, direction: str) -> None:
        providers = self.query_one("#providers", OptionList)
        providers.action_cursor_down() if direction == "down" else providers.action_cursor_up()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.query_one("#providers", OptionList).focus()

    @on(Input.Changed, "#filter")
    def on_filter_changed(self) -> None:
        self.refresh_list()

    @on(Input.Submitted, "#filter")
    def on_filter_submitted(self) -> None:
        self.query_one("#providers", OptionList).focus()

    @on(OptionList.OptionSelected, "#providers")
    def on_provider_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.post_message(OpenProvider(event.option.id))
