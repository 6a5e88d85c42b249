"""A dialog for the platforms a person uses (from the command palette)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.tick_list import PlatformPicker, TickList
from tui.core.catalog import PLATFORMS


class PlatformDialog(ModalScreen[list[str] | None]):
    """Returns the platforms chosen (in catalog order), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, chosen: list[str]) -> None:
        super().__init__()
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note"):
            yield Static("Which platforms do you use?", classes="dialog-title")
            yield Static("Space ticks, Enter saves. Each step then shows your platforms' paths first.")
            yield PlatformPicker(self.chosen)

    def on_mount(self) -> None:
        picker = self.query_one(PlatformPicker)
        picker.show()
        picker.focus()

    @on(TickList.Start)
    def save(self) -> None:
        self.dismiss([p for p in PLATFORMS if p in self.query_one(PlatformPicker).chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
