"""A dialog for a service's accounts: add one, rename or remove the one shown."""

from __future__ import annotations

from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from screens.text import plain


class AccountRequest(NamedTuple):
    """What the person asked: `add` NAME, `rename` (the account shown) to NAME, or `remove` it."""

    action: str
    name: str


class AccountDialog(ModalScreen[AccountRequest | None]):
    """Returns the request, or None when cancelled. Removing an account with something recorded on
    it takes a second press of Remove."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, service: str, accounts: tuple[str, ...], current: str, recorded: int) -> None:
        super().__init__()
        self.service = service
        self.accounts = accounts
        self.current = current
        self.recorded = recorded
        self.confirming = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note"):
            yield Static(plain(f"Accounts of {self.service}"), classes="dialog-title")
            yield Static(plain(f"Its accounts: {', '.join(self.accounts)}. Each has its own ticks; u switches "
                               f"between them on the service's page. Add a new one, or rename or remove the one "
                               f"shown now: {self.current}."))
            yield Input(placeholder="a name, e.g. work, or Mum's", id="name", max_length=40)
            yield Static(id="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Rename", id="rename", tooltip=f"Rename {self.current} to the name typed")
                yield Button("Remove", id="remove", disabled=len(self.accounts) == 1, tooltip=f"Remove {self.current}")
                yield Button("Cancel", id="cancel")

    def typed_name(self) -> str | None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#problem", Static).update("Type a name first.")
            return None
        return name

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def add(self) -> None:
        name = self.typed_name()
        if name:
            self.dismiss(AccountRequest("add", name))

    @on(Button.Pressed, "#rename")
    def rename(self) -> None:
        name = self.typed_name()
        if name:
            self.dismiss(AccountRequest("rename", name))

    @on(Button.Pressed, "#remove")
    def remove_account(self) -> None:
        if self.recorded and not self.confirming:
            self.confirming = True
            self.query_one("#problem", Static).update(plain(
                f"{self.current} has {self.recorded} step(s) recorded; they go with it. "
                "Press Remove again to remove it."))
            return
        self.dismiss(AccountRequest("remove", self.current))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
