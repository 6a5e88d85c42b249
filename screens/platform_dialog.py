"""Dialogs for the platforms a person uses and where they live (from the command palette)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.tick_list import PlatformPicker, RegionPicker, TickList
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


class RegionDialog(ModalScreen[str | None]):
    """Returns the region chosen (`""` to forget it), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, chosen: str | None) -> None:
        super().__init__()
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note"):
            yield Static("Where do you live?", classes="dialog-title")
            yield Static("Space chooses, Enter saves. Steps that concern only other places then leave your list; "
                         "they come back if you change this.")
            yield RegionPicker(self.chosen)

    def on_mount(self) -> None:
        picker = self.query_one(RegionPicker)
        picker.show()
        picker.focus()

    @on(TickList.Start)
    def save(self) -> None:
        self.dismiss(self.query_one(RegionPicker).chosen_code or "")

    def action_cancel(self) -> None:
        self.dismiss(None)
