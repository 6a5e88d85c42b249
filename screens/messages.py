"""What the screens ask of the app. Screens read the app's state through `screens.base` and never
change it themselves: every change to the record, and every move to another service, is one of
these messages, which the app handles with `@on` (attributes down, messages up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.message import Message


@dataclass
class SetOutcome(Message):
    """Tick (done), mark not applicable (na) or could-not-do (failed), or forget (None) a step."""

    provider: str
    step: str
    outcome: str | None
    account: str | None = None


@dataclass
class SetNote(Message):
    """Keep a private note with a step (empty clears it)."""

    provider: str
    step: str
    note: str
    account: str | None = None


@dataclass
class SetSkipped(Message):
    """"I don't use this service" (or, False, count it again)."""

    provider: str
    skipped: bool


@dataclass
class StepsSeen(Message):
    """A service's steps were shown: steps added later will show as new."""

    provider: str


@dataclass
class SaveSetting(Message):
    """Keep one of the person's settings (None forgets it)."""

    key: str
    value: object


@dataclass
class ChooseServices(Message):
    """The services the person uses: the rest are skipped, the chosen ones walked through."""

    chosen: list[str]


@dataclass
class OpenProvider(Message):
    """Show a service's page, at one of its steps when `step` is given."""

    provider: str
    step: str | None = None
    account: str | None = None
    manage_accounts: bool = False


@dataclass
class ChangeAccount(Message):
    """Add an account to a provider, or rename or remove one (`name` is the new one for add and
    rename, the account for remove)."""

    provider: str
    action: str
    account: str
    name: str


@dataclass
class RecordRequest(Message):
    """A request step's request went (`sent_on`), or its answer came (`answer`)."""

    provider: str
    step: str
    account: str
    sent_on: dt.date | None = None
    answer: str | None = None


@dataclass
class Reload(Message):
    """Read the record again: it may have changed elsewhere (the shell, another copy)."""
