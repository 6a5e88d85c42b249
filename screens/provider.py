"""One provider: why it matters, who it applies to, then the opt-out steps as checkboxes."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Header, Static

from screens.checklist_app import ChecklistApp
from screens.messages import SaveSetting, SetNote, SetOutcome, SetSkipped, StepsSeen
from screens.pacing import after_frame
from screens.text import MarkdownText, plain
from screens.ticks import StepCheckbox
from screens.workarounds import forget_removed_widgets
from tui.core.catalog import PLATFORM_NAMES, Provider, Step
from tui.core.clean import clean, is_https, markdown_text
from tui.core.progress import STATE_WORDS, ProviderState, StepState
from tui.core.walk import WALK_SETTING, Walk


def step_label(state: StepState) -> Content:
    """The checkbox label: the title, then the state in words (status is never colour alone)."""
    hint = f": {state.hint}" if state.hint else ""
    return plain(f"{state.step.title}  [{STATE_WORDS[state.state]}{hint}]")


def step_details(state: StepState) -> Content:
    step: Step = state.step
    lines = [step.how]
    if step.path:
        lines.append(f"Where: {step.path}")
    lines += [f"{PLATFORM_NAMES[platform]}: {path}" for platform, path in step.paths]
    if step.label:
        lines.append(f"Control: “{step.label}”")
    if step.applies_to:
        lines.append(f"Applies to: {step.applies_to}")
    if step.unverified:
        lines.append(f"If it looks different: {step.unverified}")
    lines.append(f"Link: {step.url}" if step.url else "Link: none (no direct link to this setting)")
    lines.append(f"Source: {step.source}" + (f" ({step.source_note})" if step.source_note else ""))
    if state.record and state.record.note:
        lines.append(f"Your note: {clean(state.record.note)}")
    return Content(clean("\n".join(lines), lines=True))


def about(provider: Provider) -> str:
    """The Markdown above the steps: risk, who it applies to, what the opt-out leaves out. Only the
    risk is Markdown in the catalog; every other field is plain text, escaped here."""
    md = markdown_text
    parts = [md(provider.summary), "", provider.risk.strip(), "", "### Who this applies to", "", "**Accounts**", ""]
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
    """The checklist for one provider. Every change is on disk at once."""

    AUTO_FOCUS = ""  # the page opens on the risk; Down or Space reaches the steps
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
        Binding("d", "skip", "Don't use"),
        Binding("n", "provider(1)", "Next"),
        Binding("p", "provider(-1)", "Prev"),
        Binding("f", "finish_later", "Finish later"),
    ]
    app: ChecklistApp

    def __init__(self, provider: Provider, focus_step: str | None = None, walk: Walk | None = None) -> None:
        super().__init__()
        self.provider = provider
        self.focus_step = focus_step
        self.walk = walk
        self.shown: dict[str, tuple[str, str | None]] = {}
        """Each step's state and note as last drawn: a change redraws only the steps it touched."""
        self.parts: dict[str, Widget] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="page", can_focus=False):
            yield from self.page()
        yield Footer()

    def page(self) -> ComposeResult:
        """The provider's content. The risk and sources are rich renderables in a Static
        (screens/text.py), far lighter than Textual's Markdown widget (one widget per
        block). The widgets that change are kept in `self.parts` rather than looked up: Textual
        caches query results per screen, and with one screen reused for every provider that
        cache would keep old pages alive."""
        state = self.app.provider_state(self.provider)
        self.parts = {name: Static(id=name, markup=False) for name in ("heading", "steps-title")}
        self.shown = {item.step.id: (item.state, item.record.note if item.record else None) for item in state.steps}
        yield self.parts["heading"]
        yield MarkdownText(about(self.provider), id="about")
        yield self.parts["steps-title"]
        for item in state.steps:
            box = self.parts[f"step-{item.step.id}"] = StepCheckbox(
                step_label(item), value=item.settled, id=f"step-{item.step.id}"
            )
            details = self.parts[f"details-{item.step.id}"] = Static(
                step_details(item), classes="details", id=f"details-{item.step.id}"
            )
            with Vertical(classes="step"):
                yield box
                yield details
        yield MarkdownText(sources(self.provider), id="sources")

    def on_mount(self) -> None:
        self.watch(self.app, "record", self.refresh_steps, init=False)
        self.show()

    def show(self) -> None:
        """Set up for the current provider: title, state, focus; remember its steps as seen."""
        self.sub_title = f"{self.provider.name} · walkthrough {self.walk.position}" if self.walk else self.provider.name
        self.refresh_steps()
        self.app.post_message(StepsSeen(self.provider.id))
        if self.focus_step:
            self.call_after_refresh(self._go_to, self.parts[f"step-{self.focus_step}"])

    async def change_provider(self, provider: Provider, walk: Walk | None = None) -> None:
        """Show another provider in this same screen (`n`/`p`): no new screen, no new watcher."""
        self.provider, self.walk, self.focus_step = provider, walk, None
        page = self.query_one("#page", VerticalScroll)
        await page.remove_children()
        forget_removed_widgets()
        await page.mount_compose(self.page())
        page.scroll_home(animate=False)
        self.set_focus(None)
        self.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`f` (finish later) only in the walkthrough."""
        return self.walk is not None if action == "finish_later" else True

    def refresh_steps(self) -> None:
        """Show the record as it is now, redrawing only steps whose state or note changed."""
        state = self.app.provider_state(self.provider)
        for item in state.steps:
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
                details.update(step_details(item))
        # The heading and counts a frame later: the step the person just ticked is drawn first.
        after_frame(self, partial(self._show_counts, state))

    def _show_counts(self, state: ProviderState) -> None:
        skipped = " · you marked this service as not used (d to undo)" if state.skipped else ""
        self._set("heading", f"{self.provider.name} ({self.provider.company}){skipped}")
        self._set(
            "steps-title",
            f"Steps: {state.settled} of {state.total} settled. Down moves through them, Space ticks, "
            "a marks not applicable, x could not do, l opens the link, e adds a note.",
        )

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
        step_id = (event.checkbox.id or "").removeprefix("step-")
        self.app.post_message(SetOutcome(self.provider.id, step_id, "done" if event.value else None))

    def action_tick(self) -> None:
        """Space ticks (or unticks) the step under the cursor; before the cursor is on a step, it
        goes to the first."""
        step_id = self._focused_step()
        if step_id is None:
            self._go_to(self.query(Checkbox).first())
            return
        box = self.parts[f"step-{step_id}"]
        assert isinstance(box, StepCheckbox)
        ticked = box.value
        self.app.post_message(SetOutcome(self.provider.id, step_id, None if ticked else "done"))

    def _go_to(self, box: Checkbox) -> None:
        # set_focus now, not box.focus() (which waits a turn): a second Space right after must tick.
        self.set_focus(box, scroll_visible=False)
        if isinstance(box.parent, Widget):
            box.parent.scroll_visible(top=True, animate=False)

    def action_outcome(self, outcome: str) -> None:
        """Set n.a. or could-not-do on the focused step; the same key again clears it."""
        step_id = self._focused_step()
        if step_id is None:
            return
        current = self.app.record.step(self.provider.id, step_id)
        same = current is not None and current.outcome == outcome
        self.app.post_message(SetOutcome(self.provider.id, step_id, None if same else outcome))

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
        current = self.app.record.step(self.provider.id, step_id)

        def save(note: str | None) -> None:
            if note is not None:
                self.app.post_message(SetNote(self.provider.id, step_id, note))

        step = self.provider.step(step_id)
        if step is not None:
            self.app.push_screen(NoteDialog(step.title, current.note if current else None), save)

    def action_skip(self) -> None:
        skipped = self.provider.id in self.app.record.skipped
        self.app.post_message(SetSkipped(self.provider.id, not skipped))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        """Down reads on through the text above the steps, then moves from step to step; Up goes back."""
        page = self.query_one("#page", VerticalScroll)
        boxes = list(self.query(Checkbox))
        if self.focused not in boxes:
            first = boxes[0]
            if delta > 0 and first.region.y < page.region.bottom - 1:
                self.set_focus(first)
            else:
                page.scroll_relative(y=delta * 3, animate=False)
            return
        target = boxes.index(self.focused) + delta
        if target < 0:
            self.set_focus(None)
            page.scroll_relative(y=-3, animate=False)
        elif target < len(boxes):
            self.set_focus(boxes[target])
        else:
            page.scroll_end(animate=False)

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
