"""A modal that says why the record cannot be used, instead of a traceback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.text import plain


class ErrorDialog(ModalScreen[None]):
    """Shows one problem; any dismissal closes it."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, message: str, title: str = "offrecord cannot open your record") -> None:
        super().__init__()
        self.message = message
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.heading), classes="dialog-title")
            yield Static(plain(self.message))
            yield Static("Nothing has been changed. Move or repair the file, then start offrecord again.")
            yield Button("Close", variant="primary", id="close")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
