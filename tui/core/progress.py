"""Where a person stands: each step's state and each provider's progress, from catalog + record.

Pure functions of their inputs; the clock is passed in, so tests choose the date.
"""

import datetime as dt
from typing import NamedTuple

from tui.core.catalog import Catalog, Provider, Step
from tui.core.record import DEFAULT_ACCOUNT, Record, StepRecord

DEFAULT_STALE_AFTER_DAYS = 180

# A step's state. "open", "new", "failed", "reverify" and "changed" need the person's attention.
OPEN, NEW, DONE, NA, FAILED, REVERIFY, CHANGED = "open", "new", "done", "na", "failed", "reverify", "changed"
ATTENTION = (OPEN, NEW, FAILED, REVERIFY, CHANGED)
STATE_WORDS = {
    OPEN: "open",
    NEW: "new",
    DONE: "done",
    NA: "n.a.",
    FAILED: "could not do",
    REVERIFY: "re-verify",
    CHANGED: "changed",
}


class StepState(NamedTuple):
    """Where one step stands on one account: its state, and a hint for the person."""

    provider: Provider
    step: Step
    record: StepRecord | None
    state: str
    hint: str | None = None
    account: str = DEFAULT_ACCOUNT
    named: bool = False
    """True when the provider has more than one account, so listings name this one."""

    @property
    def key(self) -> str:
        return f"{self.provider.id}/{self.step.id}"

    @property
    def where(self) -> str:
        """" (account)" when the provider has several accounts, else nothing."""
        return f" ({self.account})" if self.named else ""

    @property
    def settled(self) -> bool:
        """Done (even if due a re-check) or not applicable: counts towards progress."""
        return self.record is not None and self.record.outcome in (DONE, NA)

    @property
    def needs_attention(self) -> bool:
        return self.state in ATTENTION


class ProviderState(NamedTuple):
    """Where a person stands on one provider: its steps on every account that counts (the steps
    of the first account first), and whether they use it at all."""

    provider: Provider
    skipped: bool
    steps: tuple[StepState, ...]
    accounts: tuple[str, ...] = (DEFAULT_ACCOUNT,)
    """The accounts that count (a skipped account does not)."""

    @property
    def settled(self) -> int:
        return sum(step.settled for step in self.steps)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def status(self) -> str:
        """`skipped`, `done`, `partial` or `todo`."""
        if self.skipped:
            return "skipped"
        if self.total and self.settled == self.total:
            return "done"
        return "partial" if self.settled else "todo"

    @property
    def attention(self) -> tuple[StepState, ...]:
        """Steps that need the person, none for a skipped provider."""
        return () if self.skipped else tuple(s for s in self.steps if s.needs_attention)

    def on(self, account: str) -> tuple[StepState, ...]:
        """The steps on one account."""
        return tuple(s for s in self.steps if s.account == account)


def accounts_words(state: ProviderState) -> str:
    """", on 2 accounts" for a provider with several, else nothing."""
    return f", on {len(state.accounts)} accounts" if len(state.accounts) > 1 else ""


def interval_days(step: Step, stale_after: int | None = None) -> int:
    """Days a done step stays fresh: the person's `stale_after`, else the step's own, else 180."""
    return stale_after if stale_after is not None else (step.stale_after_days or DEFAULT_STALE_AFTER_DAYS)


def chosen_stale_after(flag: int | None, record: Record) -> int | None:
    """The person's interval: `--stale-after` when given, else the one chosen in the TUI, else none."""
    if flag is not None:
        return flag
    setting = record.settings.get("stale_after")
    return setting if isinstance(setting, int) and not isinstance(setting, bool) else None


def step_state(
    provider: Provider,
    step: Step,
    record: Record,
    now: dt.datetime,
    stale_after: int | None = None,
    account: str | None = None,
) -> StepState:
    """One step's state on an account (default: the first); `stale_after` (days) from the person
    overrides the catalog's interval."""
    accounts = record.accounts_of(provider.id)
    account = account or accounts[0]
    named = len(accounts) > 1
    entry = record.step(provider.id, step.id, account)
    if entry is None:
        seen = record.seen.get(provider.id)
        is_new = seen is not None and step.id not in seen
        return StepState(provider, step, None, NEW if is_new else OPEN, None, account, named)
    if entry.outcome != DONE:
        return StepState(provider, step, entry, entry.outcome, None, account, named)
    checked = entry.checked_at
    changed_content = entry.fingerprint is not None and entry.fingerprint != step.fingerprint
    changed_later = step.changed is not None and step.changed > checked.date()
    if changed_content or changed_later:
        return StepState(provider, step, entry, CHANGED, step.change_note or "the instructions changed", account, named)
    age = (now - checked).days
    if age >= interval_days(step, stale_after):
        return StepState(provider, step, entry, REVERIFY, f"checked {age} days ago", account, named)
    return StepState(provider, step, entry, DONE, None, account, named)


def provider_state(
    provider: Provider, record: Record, now: dt.datetime, stale_after: int | None = None
) -> ProviderState:
    skipped_accounts = record.skipped_accounts.get(provider.id, frozenset())
    accounts = tuple(a for a in record.accounts_of(provider.id) if a not in skipped_accounts)
    steps = tuple(step_state(provider, step, record, now, stale_after, account)
                  for account in accounts for step in provider.steps)
    return ProviderState(provider, provider.id in record.skipped or not accounts, steps, accounts)


def catalog_state(
    catalog: Catalog, record: Record, now: dt.datetime, stale_after: int | None = None
) -> list[ProviderState]:
    return [provider_state(p, record, now, stale_after) for p in catalog.providers]


def attention(states: list[ProviderState]) -> list[StepState]:
    """Every step that needs the person, in catalog order."""
    return [step for state in states for step in state.attention]


def attention_counts(states: list[ProviderState]) -> dict[str, int]:
    """How many steps need attention, by reason: outstanding (open/new/failed), re-verify, changed."""
    items = attention(states)
    return {
        "outstanding": sum(s.state in (OPEN, NEW, FAILED) for s in items),
        "reverify": sum(s.state == REVERIFY for s in items),
        "changed": sum(s.state == CHANGED for s in items),
    }
