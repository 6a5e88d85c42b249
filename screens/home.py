"""The home screen: overall progress, the services in use by group, the rest folded away."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from screens.checklist_app import ChecklistApp
from screens.messages import OpenProvider, Reload
from screens.text import plain
from screens.workarounds import SteadyFooter
from tui.core.grouping import split_by_use
from tui.core.progress import ProviderState, attention_counts, attention_words
from tui.core.words import plural

STATUS_MARKS = {"done": "✔ done", "partial": "◐ partial", "todo": "○ to do", "skipped": "– not used",
                "elsewhere": "– not here"}
NOT_USED = "-not-used"  # the id of the folded group's heading


def provider_line(state: ProviderState) -> Content:
    """One row: mark and word (never colour alone), progress, name and company."""
    progress = "" if state.skipped else f"{state.settled}/{state.total}"
    accounts = f", {len(state.accounts)} accounts" if len(state.accounts) > 1 and not state.skipped else ""
    return plain(f"  {STATUS_MARKS[state.status]:<10} {progress:>5}  {state.provider.name} ({state.provider.company})"
                 f"{accounts}")


def progress_words(states: list[ProviderState]) -> str:
    used = [s for s in states if not s.skipped]
    settled, total = sum(s.settled for s in used), sum(s.total for s in used)
    return f"{settled} of {plural(total, 'step')} settled · {plural(len(used), 'service')} in use"


def overview(states: list[ProviderState]) -> str:
    """The one line that says what needs attention."""
    counts = attention_counts(states)
    return f"Needs attention: {attention_words(counts)}. o lists them."


def notice(states: list[ProviderState]) -> str:
    """What changed while the person was away, in one line with the key that lists it; or nothing."""
    counts = attention_counts(states)
    parts = []
    if counts["changed"]:
        it = "it" if counts["changed"] == 1 else "them"
        parts.append(f"{plural(counts['changed'], 'step')} changed in the catalog since you ticked {it}")
    if counts["reverify"]:
        parts.append(f"{plural(counts['reverify'], 'is', 'are')} due a re-check")
    if counts["overdue"]:
        parts.append(f"{plural(counts['overdue'], 'reply is', 'replies are')} overdue")
    them = "it" if counts["changed"] + counts["reverify"] + counts["overdue"] == 1 else "them"
    return f"Since you were last here: {' and '.join(parts)}. Press o to see {them}." if parts else ""


def provider_options(states: list[ProviderState], wanted: str, show_unused: bool) -> Iterator[Option]:
    """The list: a heading per group of services in use, with its progress, then its services;
    then one "Not used (N)" heading, whose services show only when it is open. With a filter
    (`wanted`, lower case), only the services whose id, name or company contain it, in every group."""
    def matches(state: ProviderState) -> bool:
        return wanted in f"{state.provider.id} {state.provider.name} {state.provider.company}".lower()

    groups, unused = split_by_use(states)
    for heading, members in groups:
        shown = [s for s in members if matches(s)]
        if shown:
            settled, total = sum(s.settled for s in members), sum(s.total for s in members)
            yield Option(Content.assemble((heading, "bold"), (f"  {settled}/{total}", "dim")), disabled=True)
            yield from (Option(provider_line(s), id=s.provider.id) for s in shown)
    shown_unused = [s for s in unused if matches(s)]
    if not shown_unused:
        return
    if wanted or show_unused:
        yield Option(Content.styled(f"Not used ({len(unused)})", "bold"), id=NOT_USED)
        yield from (Option(provider_line(s), id=s.provider.id) for s in shown_unused)
    else:
        yield Option(Content.assemble((f"Not used ({len(unused)})", "bold"), ("  Enter shows them", "dim")),
                     id=NOT_USED)


class ServiceList(OptionList):
    """The services. `/` starts a filter that the keys typed next edit (Backspace erases, Escape
    clears). The list keeps the focus and takes these keys itself, as they arrive: a separate
    input box would miss the letters of a burst (a paste, a script) that come before it has the
    focus, and a binding would run them out of order (see screens/tick_list.py)."""

    # While a filter is typed these keys are letters of it, so their bindings elsewhere leave the
    # Footer (a binding here wins over the screen's and the app's), which offers Escape and ctrl+q.
    BINDINGS = [
        *(Binding(key, f"type({char!r})", show=False)
          for key, char in (("o", "o"), ("s", "s"), ("q", "q"), ("question_mark", "?"), ("slash", "/"))),
        Binding("escape", "type(None)", "Clear filter"),
        Binding("ctrl+q", "leave", "Quit", priority=True),
    ]

    wanted: str | None = None
    """The filter as typed; None when not filtering."""

    @dataclass
    class Filtered(Message):
        wanted: str | None

    def start_filter(self) -> None:
        self._filter("" if self.wanted is None else self.wanted)

    def end_filter(self) -> None:
        if self.wanted is not None:
            self._filter(None)

    def on_key(self, event: Key) -> None:
        if self.wanted is None:
            if event.key != "slash":
                return
            self._filter("")
        elif event.key == "escape":
            self._filter(None)
        elif event.key == "backspace":
            self._filter(self.wanted[:-1])
        elif event.is_printable and event.character:
            self._filter(self.wanted + event.character)
        else:
            return
        event.stop()
        event.prevent_default()

    def _filter(self, wanted: str | None) -> None:
        self.wanted = wanted
        self.post_message(self.Filtered(wanted))
        self.screen.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The bindings above only while filtering; the list's own (Up, Down, Enter) always."""
        return self.wanted is not None if action in ("type", "leave") else True

    def action_type(self, character: str | None) -> None:
        """A binding's key clicked in the Footer, or typed (the list usually takes it first)."""
        self._filter(None if character is None else (self.wanted or "") + character)

    async def action_leave(self) -> None:
        await self.app.action_quit()


class HomeScreen(Screen[None]):
    """Lists the services in use by group; Enter opens one, `/` filters, and the services not in
    use wait in one folded group at the end."""

    AUTO_FOCUS = "#providers"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # narrow: the words without the bar
    BINDINGS = [
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
        Binding("slash", "filter", "Filter"),
        Binding("o", "app.outstanding", "Outstanding"),
        Binding("s", "app.share", "Share"),
    ]
    app: ChecklistApp
    resumed_before = False
    """False until the first resume: the list drawn at mount needs no second read."""
    stale = False
    """The record changed while another screen was on top: redraw on the way back."""
    show_unused = False

    def compose(self) -> ComposeResult:
        # Filled here, not at mount: the first frame drawn already lists the services.
        states = self.app.states()
        used = [s for s in states if not s.skipped]
        yield Header()
        with Horizontal(id="progress-line"):
            yield ProgressBar(total=max(1, sum(s.total for s in used)), show_eta=False, id="progress")
            yield Static(plain(progress_words(states)), id="progress-words")
        yield Static(plain(overview(states)), id="overview")
        yield Static(plain(notice(states)), id="notice")
        yield Static(id="filter")
        yield ServiceList(*provider_options(states, "", False), id="providers")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show_progress(self.app.states())
        self._highlight(self.query_one("#providers", OptionList), None)
        self.watch(self.app, "record", self.refresh_list, init=False)

    def on_screen_resume(self) -> None:
        # Coming back re-reads the record, so changes made elsewhere (the shell, another copy) show.
        if self.resumed_before:
            self.app.post_message(Reload())
        elif self.stale:
            self.refresh_list()
        self.resumed_before = True

    def refresh_list(self) -> None:
        if self.app.screen is not self:
            # Hidden: drawing now would pile up work (and widgets) Textual keeps for a screen that
            # is not shown; on_screen_resume redraws it on the way back.
            self.stale = True
            return
        self.stale = False
        states = self.app.states()
        providers = self.query_one("#providers", ServiceList)
        wanted = (providers.wanted or "").strip().lower()
        highlighted = providers.highlighted_option.id if providers.highlighted_option else None
        providers.clear_options()
        providers.add_options(provider_options(states, wanted, self.show_unused))
        self._highlight(providers, highlighted)
        self._show_progress(states)

    def _show_progress(self, states: list[ProviderState]) -> None:
        used = [s for s in states if not s.skipped]
        self.query_one("#progress", ProgressBar).update(total=max(1, sum(s.total for s in used)),
                                                        progress=sum(s.settled for s in used))
        self.query_one("#progress-words", Static).update(plain(progress_words(states)))
        self.query_one("#overview", Static).update(plain(overview(states)))
        said = notice(states)
        self.query_one("#notice", Static).update(plain(said))
        self.query_one("#notice", Static).display = bool(said)

    @staticmethod
    def _highlight(providers: OptionList, option_id: str | None) -> None:
        """Keep the highlight on the same entry, else on the first service."""
        ids = [providers.get_option_at_index(i).id for i in range(providers.option_count)]
        if option_id is not None and option_id in ids:
            providers.highlighted = ids.index(option_id)
        elif any(ids):
            providers.highlighted = next(i for i, option in enumerate(ids) if option)

    def action_cursor(self, direction: str) -> None:
        providers = self.query_one("#providers", OptionList)
        providers.action_cursor_down() if direction == "down" else providers.action_cursor_up()

    def action_filter(self) -> None:
        """`/` from the Footer (typed, the list takes it first)."""
        self.query_one("#providers", ServiceList).start_filter()

    def on_service_list_filtered(self, event: ServiceList.Filtered) -> None:
        line = self.query_one("#filter", Static)
        line.display = event.wanted is not None
        line.update(plain(f"Filter: {event.wanted}▏  Backspace erases, Escape clears"))
        self.refresh_list()

    @on(OptionList.OptionSelected, "#providers")
    def on_provider_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NOT_USED:
            self.show_unused = not self.show_unused
            self.refresh_list()
        elif event.option.id:
            # The filter was the way there: back here, every service shows and letters are keys again.
            self.query_one("#providers", ServiceList).end_filter()
            self.app.post_message(OpenProvider(event.option.id))
