"""Where a person stands: each step's state and each provider's progress, from catalog + record.

Pure functions of their inputs; the clock is passed in, so tests choose the date.
"""

import datetime as dt
from typing import NamedTuple

from tui.core.catalog import Catalog, Provider, Step
from tui.core.record import Record, StepRecord

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
    provider: Provider
    step: Step
    record: StepRecord | None
    state: str
    hint: str | None = None

    @property
    def key(self) -> str:
        return f"{self.provider.id}/{self.step.id}"

    @property
    def settled(self) -> bool:
        """Done (even if due a re-check) or not applicable: counts towards progress."""
        return self.record is not None and self.record.outcome in (DONE, NA)

    @property
    def needs_attention(self) -> bool:
        return self.state in ATTENTION


class ProviderState(NamedTuple):
    provider: Provider
    skipped: bool
    steps: tuple[StepState, ...]

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
        if self.settled == self.total:
            return "done"
        return "partial" if self.settled else "todo"

    @property
    def attention(self) -> tuple[StepState, ...]:
        """Steps that need the person, none for a skipped provider."""
        return () if self.skipped else tuple(s for s in self.steps if s.needs_attention)


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
) -> StepState:
    """One step's state; `stale_after` (days) from the person overrides the catalog's interval."""
    entry = record.step(provider.id, step.id)
    if entry is None:
        seen = record.seen.get(provider.id)
        is_new = seen is not None and step.id not in seen
        return StepState(provider, step, None, NEW if is_new else OPEN)
    if entry.outcome != DONE:
        return StepState(provider, step, entry, entry.outcome)
    checked = entry.checked_at
    changed_content = entry.fingerprint is not None and entry.fingerprint != step.fingerprint
    changed_later = step.changed is not None and step.changed > checked.date()
    if changed_content or changed_later:
        return StepState(provider, step, entry, CHANGED, step.change_note or "the instructions changed")
    age = (now - checked).days
    if age >= interval_days(step, stale_after):
        return StepState(provider, step, entry, REVERIFY, f"checked {age} days ago")
    return StepState(provider, step, entry, DONE)


def provider_state(
    provider: Provider, record: Record, now: dt.datetime, stale_after: int | None = None
) -> ProviderState:
    steps = tuple(step_state(provider, step, record, now, stale_after) for step in provider.steps)
    return ProviderState(provider, provider.id in record.skipped, steps)


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
