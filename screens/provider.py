"""One provider: its steps first, as checkboxes, with the gist of the risk above them; the context
(what is collected and kept, who it applies to, what the opt-out leaves out, the sources) beside
them on a wide terminal and below them on a narrow one."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Checkbox, Header, Static

from screens.checklist_app import ChecklistApp
from screens.messages import ChangeAccount, SaveSetting, SetNote, SetOutcome, SetSkipped, StepsSeen
from screens.pacing import after_frame
from screens.text import MarkdownText, plain, plain_lines
from screens.ticks import StepCheckbox
from screens.workarounds import SteadyFooter, forget_removed_widgets
from tui.core.catalog import Provider
from tui.core.clean import is_https, markdown_text
from tui.core.page import step_facts, step_heading
from tui.core.progress import ProviderState, StepState
from tui.core.settings import chosen_platforms
from tui.core.walk import WALK_SETTING, Walk

WIDE = 110  # columns from which the context stands beside the steps


def step_label(state: StepState) -> Content:
    """The checkbox label: the title, then the state in words (status is never colour alone)."""
    return plain(step_heading(state))


def step_details(state: StepState, platforms: Sequence[str] = ()) -> Content:
    """What to do and where, one fact a line (tui/core/page.py), the person's platforms first;
    the links can be clicked (https only)."""
    note = state.record.note if state.record else None
    lines: list[Content] = []
    for fact in step_facts(state.step, platforms, note):
        label = f"{fact.label}: " if fact.label else ""
        if fact.link and is_https(fact.text):
            lines.append(Content.assemble(label, Content(fact.text).stylize(Style(underline=True, link=fact.text))))
        else:  # the instructions may keep their line breaks; every other fact is one line
            lines.append(plain(label + fact.text) if label else plain_lines(fact.text))
        if fact.label == "Answer due":
            lines.append(Content("Request: r prepares it; offrecord then tracks the company's reply"))
    return Content("\n").join(lines)


def about(provider: Provider) -> str:
    """The context as Markdown: risk, who it applies to, what the opt-out leaves out. Only the risk
    is Markdown in the catalog; every other field is plain text, escaped here."""
    md = markdown_text
    parts = [provider.risk.strip(), "", "### Who this applies to", "", "**Accounts**", ""]
    parts += [f"- {md(account)}" for account in provider.accounts]
    parts += ["", "**Regions**", ""] + [f"- {md(region)}" for region in provider.regions] + [""]
    if provider.not_covered:
        parts += ["### What the opt-out does not cover", ""]
        parts += [f"- {md(item)}" for item in provider.not_covered] + [""]
    if provider.unverified:
        parts += [f"*If something looks different:* {md(provider.unverified)}", ""]
    return "\n".join(parts)


def sources(provider: Provider) -> str:
    """The sources as a Markdown list, so long lines wrap under their own item."""
    lines = [f"### Sources (reviewed {provider.reviewed.isoformat()})", ""]
    for source in provider.sources:
        dated = f"read {source.read.isoformat()}"
        if source.published:
            dated = f"published {source.published.isoformat()}, {dated}"
        link = f"<{source.url}>" if is_https(source.url) else markdown_text(source.url)
        lines.append(f"- {markdown_text(source.title)} ({dated}): {link}")
    return "\n".join(lines)


class ProviderScreen(Screen[None]):
    """The checklist for one provider. It opens on the first step that needs the person, focused
    and in view, so Space ticks what the person sees. Every change is on disk at once."""

    AUTO_FOCUS = ""  # show() focuses the first open step
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        Binding("escape", "back", "Back"),
        # Priority, or the scrolling container would take up/down before the screen sees them.
        Binding("down", "step(1)", "Next step", show=False, priority=True),
        Binding("up", "step(-1)", "Previous step", show=False, priority=True),
        Binding("j", "step(1)", "Next step", show=False),
        Binding("k", "step(-1)", "Previous step", show=False),
        # Priority over the Checkbox's own Space: the record is written first and the box then
        # shows it, all in one frame (a toggled box would paint, then wait a frame for the write).
        Binding("space", "tick", "Tick", priority=True),
        Binding("a", "outcome('na')", "N/A"),
        Binding("x", "outcome('failed')", "Couldn't"),
        Binding("l", "link", "Link"),
        Binding("e", "note", "Note"),
        Binding("r", "request", "Request", show=False),  # said on each request step: the Footer is full
        Binding("i", "context", "About"),
        Binding("u", "next_account", "Next account"),
        Binding("A", "accounts", "Accounts", show=False),  # in ? and the palette: the Footer is full
        Binding("d", "skip", "Don't use"),
        Binding("n", "provider(1)", "Next"),
        Binding("p", "provider(-1)", "Prev"),
        Binding("f", "finish_later", "Finish later"),
    ]
    app: ChecklistApp

    def __init__(self, provider: Provider, focus_step: str | None = None, walk: Walk | None = None,
                 account: str | None = None, manage_accounts: bool = False) -> None:
        super().__init__()
        self.provider = provider
        self.focus_step = focus_step
        self.walk = walk
        self.chosen_account = account
        self.manage_accounts = manage_accounts
        self.drawn_platforms: list[str] = []
        self.shown: dict[str, tuple[str, str | None]] = {}
        """Each step's state and note as last drawn: a change redraws only the steps it touched."""
        self.parts: dict[str, Widget] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Container(id="panes"):
            with VerticalScroll(id="checklist", can_focus=False):
                yield from self.checklist()
            with VerticalScroll(id="context"):
                yield from self.context()
        yield SteadyFooter()

    @property
    def platforms(self) -> list[str]:
        return chosen_platforms(self.app.record.settings)

    @property
    def accounts(self) -> tuple[str, ...]:
        return self.app.record.accounts_of(self.provider.id)

    @property
    def account(self) -> str:
        """The account whose ticks the page shows: the one chosen, else the provider's first."""
        accounts = self.accounts
        return self.chosen_account if self.chosen_account in accounts else accounts[0]

    def _steps(self, state: ProviderState) -> tuple[StepState, ...]:
        """The steps on the account shown (a skipped account's too: its page still works)."""
        shown = state.on(self.account)
        if shown:
            return shown
        from tui.core.progress import step_state

        return tuple(step_state(self.provider, step, self.app.record, self.app.clock(), self.app.stale_after,
                                self.account) for step in self.provider.steps)

    def checklist(self) -> ComposeResult:
        """The heading, the gist and the steps. The widgets that change are kept in `self.parts`
        rather than looked up: Textual caches query results per screen, and with one screen reused
        for every provider that cache would keep old pages alive."""
        state = self.app.provider_state(self.provider)
        self.parts = {name: Static(id=name, markup=False) for name in ("heading", "steps-title")}
        steps = self._steps(state)
        self.drawn_platforms = self.platforms
        self.shown = {item.step.id: (item.state, item.record.note if item.record else None) for item in steps}
        yield self.parts["heading"]
        yield Static(plain(self.provider.summary), id="gist")
        yield self.parts["steps-title"]
        for item in steps:
            box = self.parts[f"step-{item.step.id}"] = StepCheckbox(
                step_label(item), value=item.settled, id=f"step-{item.step.id}"
            )
            details = self.parts[f"details-{item.step.id}"] = Static(
                step_details(item, self.platforms), classes="details", id=f"details-{item.step.id}"
            )
            with Vertical(classes="step"):
                yield box
                yield details

    def context(self) -> ComposeResult:
        """Why it matters and where it comes from: rich renderables in a Static (screens/text.py),
        far lighter than Textual's Markdown widget (one widget per block)."""
        yield MarkdownText(about(self.provider), id="about")
        yield MarkdownText(sources(self.provider), id="sources")

    def on_mount(self) -> None:
        self.watch(self.app, "record", self.refresh_steps, init=False)
        self.show()
        if self.manage_accounts:
            self.action_accounts()

    def show(self) -> None:
        """Set up for the current provider: title, state, focus; remember its steps as seen."""
        self.sub_title = f"{self.provider.name} · walkthrough {self.walk.position}" if self.walk else self.provider.name
        self.refresh_steps()
        self.app.post_message(StepsSeen(self.provider.id))
        box = self.parts.get(f"step-{self.focus_step or self._first_open()}")
        if isinstance(box, StepCheckbox):
            self.set_focus(box, scroll_visible=False)  # now: a Space typed right after opening ticks it
            self.call_after_refresh(self._bring_into_view, box)
        # The new focus gives the Footer new keys; the old ones' rendered lines go once it has redrawn.
        after_frame(self, forget_removed_widgets)

    def _first_open(self) -> str:
        """The first step that needs the person on the account shown, else the first step."""
        steps = self._steps(self.app.provider_state(self.provider))
        return next((item.step.id for item in steps if item.needs_attention), steps[0].step.id)

    async def change_provider(self, provider: Provider, walk: Walk | None = None) -> None:
        """Show another provider in this same screen (`n`/`p`): no new screen, no new watcher."""
        self.provider, self.walk, self.focus_step, self.chosen_account = provider, walk, None, None
        checklist = self.query_one("#checklist", VerticalScroll)
        context = self.query_one("#context", VerticalScroll)
        await checklist.remove_children()
        await context.remove_children()
        forget_removed_widgets()
        await checklist.mount_compose(self.checklist())
        await context.mount_compose(self.context())
        for pane in (checklist, context, self.query_one("#panes")):
            pane.scroll_home(animate=False)
        self.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`f` (finish later) only in the walkthrough; `u` only with more than one account."""
        if action == "finish_later":
            return self.walk is not None
        if action == "next_account":
            return len(self.accounts) > 1
        if action == "request":
            step = self.provider.step(self._focused_step() or "")
            return step is not None and step.kind == "request"
        return True

    def refresh_steps(self) -> None:
        """Show the record as it is now, redrawing only steps whose state or note changed."""
        state = self.app.provider_state(self.provider)
        if self.chosen_account is not None and self.chosen_account not in self.accounts:
            self.chosen_account = None  # removed: back to the first
            self.shown = {}
        if self.platforms != self.drawn_platforms:  # chosen in the palette: every step's paths reorder
            self.drawn_platforms = self.platforms
            self.shown = {}
        for item in self._steps(state):
            drawn = (item.state, item.record.note if item.record else None)
            before = self.shown.get(item.step.id)
            if before == drawn:
                continue
            self.shown[item.step.id] = drawn
            box = self.parts[f"step-{item.step.id}"]
            assert isinstance(box, StepCheckbox)
            with box.prevent(Checkbox.Changed):
                box.value = item.settled
            box.show_label(step_label(item))
            if before is None or drawn[1] != before[1]:  # the details change only with the note
                details = self.parts[f"details-{item.step.id}"]
                assert isinstance(details, Static)
                details.update(step_details(item, self.platforms))
        # The heading and counts a frame later: the step the person just ticked is drawn first.
        after_frame(self, partial(self._show_counts, state))

    def _show_counts(self, state: ProviderState) -> None:
        skipped = " · you marked this service as not used (d to undo)" if state.skipped else ""
        accounts = self.accounts
        account = ""
        if len(accounts) > 1:
            position = accounts.index(self.account) + 1
            account = f" · account {self.account} ({position} of {len(accounts)}; u switches)"
        steps = self._steps(state)
        self._set("heading", f"{self.provider.name} ({self.provider.company}){account}{skipped}")
        here = [item for item in steps if item.counts]
        elsewhere = f" ({len(steps) - len(here)} not for your region)" if len(here) < len(steps) else ""
        settled = sum(item.settled for item in here)
        count = f"{settled} of {len(here)} settled{elsewhere}" if here else "none is for your region"
        self._set("steps-title", f"Steps: {count}. Space ticks; ? lists every key.")

    def _set(self, widget_id: str, text: str) -> None:
        """Update a line of text only when it changed, and lay the page out again only when its
        height changed (a tick changes a count, and a repaint shows that much sooner)."""
        if self.shown.get(widget_id) != (text, None):
            self.shown[widget_id] = (text, None)
            line = self.parts[widget_id]
            assert isinstance(line, Static)
            height = line.size.height
            line.update(plain(text), layout=False)
            if line.get_content_height(line.size, line.size, line.size.width) != height:
                line.refresh(layout=True)

    def _focused_step(self) -> str | None:
        if isinstance(self.focused, Checkbox) and self.focused.id:
            return self.focused.id.removeprefix("step-")
        return None

    @on(Checkbox.Changed)
    def on_step_changed(self, event: Checkbox.Changed) -> None:
        """A box ticked with the mouse."""
        step_id = (event.checkbox.id or "").removeprefix("step-")
        self.app.post_message(SetOutcome(self.provider.id, step_id, "done" if event.value else None, self.account))

    def on_click(self, event: Click) -> None:
        """A click on a link (the step's, or one in the context) opens it; only https ever does."""
        link = event.style.link
        if link:
            event.stop()
            self.app.open_link(link)

    def action_tick(self) -> None:
        """Space ticks (or unticks) the step under the cursor; with none there (the cursor is in
        the context), it goes back to the first step that needs the person, without ticking it."""
        step_id = self._focused_step()
        if step_id is None:
            self._go_to(self.parts[f"step-{self._first_open()}"])
            return
        box = self.parts[f"step-{step_id}"]
        assert isinstance(box, StepCheckbox)
        self.app.post_message(SetOutcome(self.provider.id, step_id, None if box.value else "done", self.account))

    def _go_to(self, box: Widget) -> None:
        # set_focus now, not box.focus() (which waits a turn): a second Space right after must tick.
        self.set_focus(box, scroll_visible=False)
        self._bring_into_view(box)

    def _bring_into_view(self, box: Widget) -> None:
        """Bring the step (its box and details) into view, in whichever container scrolls."""
        if isinstance(box.parent, Widget):
            box.parent.scroll_visible(animate=False)

    def action_outcome(self, outcome: str) -> None:
        """Set n.a. or could-not-do on the focused step; the same key again clears it."""
        step_id = self._focused_step()
        if step_id is None:
            return
        current = self.app.record.step(self.provider.id, step_id, self.account)
        same = current is not None and current.outcome == outcome
        self.app.post_message(SetOutcome(self.provider.id, step_id, None if same else outcome, self.account))

    def action_link(self) -> None:
        step = self.provider.step(self._focused_step() or "")
        if step is None:
            return
        if step.url:
            if self.app.open_link(step.url):
                self.notify(f"Opened {step.url} in your browser", title="Link")
        else:
            self.notify(f"This step has no direct link. Its source: {step.source}", title="No link", severity="warning")

    def action_note(self) -> None:
        from screens.note_dialog import NoteDialog

        step_id = self._focused_step()
        if step_id is None:
            return
        current = self.app.record.step(self.provider.id, step_id, self.account)
        account = self.account

        def save(note: str | None) -> None:
            if note is not None:
                self.app.post_message(SetNote(self.provider.id, step_id, note, account))

        step = self.provider.step(step_id)
        if step is not None:
            self.app.push_screen(NoteDialog(step.title, current.note if current else None), save)

    def action_context(self) -> None:
        """`i`: to the context and back. Beside the steps it takes the cursor, so Up and Down
        scroll it; below them, the page scrolls to it."""
        context = self.query_one("#context", VerticalScroll)
        if self.focused is context:
            self._go_to(self.parts[f"step-{self.focus_step or self._first_open()}"])
        elif self.has_class("-wide"):
            self.set_focus(context)
        else:
            self.set_focus(None)
            self.query_one("#panes").scroll_to_widget(context, top=True, animate=False)

    def action_request(self) -> None:
        """`r` on a request step: the request, prepared."""
        from screens.request_screen import RequestScreen

        step = self.provider.step(self._focused_step() or "")
        if step is not None and step.kind == "request":
            self.app.push_screen(RequestScreen(self.provider, step, self.account))

    def action_next_account(self) -> None:
        """`u`: the ticks of the provider's next account."""
        accounts = self.accounts
        self.chosen_account = accounts[(accounts.index(self.account) + 1) % len(accounts)]
        self.shown = {}
        self.refresh_steps()
        self._go_to(self.parts[f"step-{self._first_open()}"])
        self.notify(f"Showing the ticks of {self.account}", title=self.provider.name, timeout=3)

    def action_accounts(self) -> None:
        """`A`: add an account, or rename or remove the one shown."""
        from screens.account_dialog import AccountDialog, AccountRequest

        account = self.account
        recorded = sum(1 for r in self.app.record.steps.values() if r.provider == self.provider.id
                       and r.account == account)

        def done(request: AccountRequest | None) -> None:
            if request is None:
                return
            self.app.post_message(ChangeAccount(self.provider.id, request.action, account, request.name))
            if request.action in ("add", "rename"):
                self.chosen_account = request.name  # show the account just made or renamed
                self.shown = {}

        self.app.push_screen(AccountDialog(self.provider.name, self.accounts, account, recorded), done)

    def action_skip(self) -> None:
        skipped = self.provider.id in self.app.record.skipped
        self.app.post_message(SetSkipped(self.provider.id, not skipped))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        """Down and Up move from step to step. In the context beside the steps they scroll it;
        past the last step (or with no step under the cursor) they scroll the page."""
        context = self.query_one("#context", VerticalScroll)
        if self.focused is context:
            context.scroll_relative(y=delta * 3, animate=False)
            return
        boxes = list(self.query(StepCheckbox))
        page = self.query_one("#panes") if self.has_class("-narrow") else self.query_one("#checklist")
        if self.focused not in boxes:
            page.scroll_relative(y=delta * 3, animate=False)
            return
        target = boxes.index(self.focused) + delta
        if 0 <= target < len(boxes):
            self._go_to(boxes[target])
        elif target < 0:
            page.scroll_home(animate=False)
        else:
            page.scroll_relative(y=3, animate=False)

    async def action_provider(self, delta: int) -> None:
        """The next or previous service: in the walkthrough, the next chosen one, then the finish."""
        if self.walk is not None:
            walk = self.walk.moved(delta)
            self.app.post_message(SaveSetting(WALK_SETTING, walk.to_setting() if walk else None))
            if walk is None:
                from screens.finish import FinishScreen

                self.app.switch_screen(FinishScreen())
                return
            provider = self.app.catalog.get(walk.current)
            assert provider is not None
            await self.change_provider(provider, walk)
            return
        providers = self.app.provider_order
        index = providers.index(self.provider)
        await self.change_provider(providers[(index + delta) % len(providers)])

    def action_finish_later(self) -> None:
        """Leave the walkthrough; it resumes at this service next time offrecord starts."""
        self.notify("The walkthrough will pick up here next time you start offrecord.", title="Finish later")
        self.app.pop_screen()
