"""One provider: why it matters, who it applies to, then the opt-out steps as checkboxes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, Markdown, Static

from providers.catalog import Provider, Step
from screens.step_checkbox import StepCheckbox
from tui.progress import STATE_WORDS, StepState

if TYPE_CHECKING:
    from tui.app import OffrecordApp


def step_label(state: StepState) -> Content:
    """The checkbox label: the title, then the state in words (status is never colour alone)."""
    hint = f": {state.hint}" if state.hint else ""
    return Content(f"{state.step.title}  [{STATE_WORDS[state.state]}{hint}]")


def step_details(step: Step) -> Content:
    lines = [step.how]
    if step.path:
        lines.append(f"Where: {step.path}")
    if step.label:
        lines.append(f"Control: “{step.label}”")
    if step.applies_to:
        lines.append(f"Applies to: {step.applies_to}")
    if step.unverified:
        lines.append(f"Not verified: {step.unverified}")
    lines.append(f"Link: {step.url}" if step.url else "Link: none (no direct link to this setting)")
    lines.append(f"Source: {step.source}")
    return Content("\n".join(lines))


def about(provider: Provider) -> str:
    """The Markdown above the steps: risk, who it applies to, what the opt-out leaves out."""
    parts = [f"## {provider.name} ({provider.company})", "", provider.summary, "", provider.risk.strip(), ""]
    parts += ["### Who this applies to", ""]
    parts += [f"- Accounts: {'; '.join(provider.accounts)}", f"- Regions: {'; '.join(provider.regions)}", ""]
    if provider.not_covered:
        parts += ["### What the opt-out does not cover", ""]
        parts += [f"- {item}" for item in provider.not_covered] + [""]
    if provider.unverified:
        parts += [f"*Not verified:* {provider.unverified}", ""]
    return "\n".join(parts)


def sources(provider: Provider) -> Content:
    lines = [f"Sources (reviewed {provider.reviewed.isoformat()}):"]
    for source in provider.sources:
        dated = f"read {source.read.isoformat()}"
        if source.published:
            dated = f"published {source.published.isoformat()}, {dated}"
        lines.append(f"- {source.title}: {source.url} ({dated})")
    return Content("\n".join(lines))


class ProviderScreen(Screen[None]):
    """The checklist for one provider. Space ticks; the tick is on disk at once."""

    CSS_PATH = "provider.tcss"
    AUTO_FOCUS = ""  # on_mount focuses the first step without scrolling the risk out of view
    BINDINGS = [
        Binding("escape", "back", "Back"),
        # Priority, or the scrolling container would take up/down before the screen sees them.
        Binding("down", "step(1)", "Next step", show=False, priority=True),
        Binding("up", "step(-1)", "Previous step", show=False, priority=True),
        Binding("j", "step(1)", "Next step", show=False),
        Binding("k", "step(-1)", "Previous step", show=False),
        Binding("n", "provider(1)", "Next service"),
        Binding("p", "provider(-1)", "Previous service"),
    ]
    app: OffrecordApp

    def __init__(self, provider: Provider) -> None:
        super().__init__()
        self.provider = provider

    def compose(self) -> ComposeResult:
        state = self.app.provider_state(self.provider)
        yield Header()
        with VerticalScroll(id="page", can_focus=False):
            yield Markdown(about(self.provider), id="about")
            yield Static(Content(f"Steps ({state.settled}/{state.total} settled)"), id="steps-title")
            for item in state.steps:
                with Vertical(classes="step"):
                    yield StepCheckbox(step_label(item), value=item.settled, id=f"step-{item.step.id}")
                    yield Static(step_details(item.step), classes="details")
            yield Static(sources(self.provider), id="sources")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.provider.name
        self.query(Checkbox).first().focus(scroll_visible=False)
        self.watch(self.app, "record", self.refresh_steps, init=False)

    def refresh_steps(self) -> None:
        """Show the record as it is now, without sending Changed back to the store."""
        state = self.app.provider_state(self.provider)
        for item in state.steps:
            box = self.query_one(f"#step-{item.step.id}", Checkbox)
            with box.prevent(Checkbox.Changed):
                box.value = item.settled
            box.label = step_label(item)
        self.query_one("#steps-title", Static).update(Content(f"Steps ({state.settled}/{state.total} settled)"))

    @on(Checkbox.Changed)
    def on_step_changed(self, event: Checkbox.Changed) -> None:
        step_id = (event.checkbox.id or "").removeprefix("step-")
        if not self.app.set_step(self.provider, step_id, event.value):
            self.refresh_steps()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, delta: int) -> None:
        """Move between steps; past the first or last one, scroll to the page's top or end."""
        boxes = list(self.query(Checkbox))
        current = boxes.index(self.focused) if self.focused in boxes else -1
        target = current + delta
        if 0 <= target < len(boxes):
            boxes[target].focus()
        else:
            page = self.query_one("#page", VerticalScroll)
            page.scroll_home() if target < 0 else page.scroll_end()

    def action_provider(self, delta: int) -> None:
        providers = self.app.catalog.providers
        index = providers.index(self.provider)
        self.app.switch_screen(ProviderScreen(providers[(index + delta) % len(providers)]))
