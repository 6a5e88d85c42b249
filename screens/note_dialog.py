"""A small dialog for a private note on a step."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from screens.text import plain
from tui.core.clean import clean


class NoteDialog(ModalScreen[str | None]):
    """Returns the note (empty to clear it), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, step_title: str, note: str | None) -> None:
        super().__init__()
        self.step_title = step_title
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note"):
            yield Static(plain(f"A note for: {self.step_title}"), classes="dialog-title")
            yield Static("Kept with the step on this machine; left out of summaries unless you ask (--notes).")
            yield Input(clean(self.note), placeholder="e.g. done on the phone app too", id="note")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        self.dismiss(self.query_one("#note", Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
