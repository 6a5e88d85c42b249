"""Where a person stands: each step's state and each provider's progress, from catalog + record.

Pure functions of their inputs; the clock is passed in, so tests choose the date.
"""

import datetime as dt
from typing import NamedTuple

from tui.core.catalog import Catalog, Provider, Step
from tui.core.record import DEFAULT_ACCOUNT, Record, StepRecord
from tui.core.words import plural

DEFAULT_STALE_AFTER_DAYS = 180

DEFAULT_RESPONSE_DAYS = 30  # the GDPR's one month, where the catalog gives no time

# A step's state. "open", "new", "failed", "reverify", "changed" and "overdue" need the person.
OPEN, NEW, DONE, NA, FAILED, REVERIFY, CHANGED = "open", "new", "done", "na", "failed", "reverify", "changed"
AWAITING, OVERDUE, ANSWERED, ELSEWHERE = "awaiting", "overdue", "answered", "elsewhere"
ATTENTION = (OPEN, NEW, FAILED, REVERIFY, CHANGED, OVERDUE)
STATE_WORDS = {
    OPEN: "open",
    NEW: "new",
    DONE: "done",
    NA: "n.a.",
    FAILED: "could not do",
    REVERIFY: "re-verify",
    CHANGED: "changed",
    AWAITING: "awaiting reply",
    OVERDUE: "reply overdue",
    ANSWERED: "answered",
    ELSEWHERE: "not for your region",
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
    here: bool = True
    """False when the step does not concern a person where they live (a request sent still does)."""

    @property
    def key(self) -> str:
        return f"{self.provider.id}/{self.step.id}"

    @property
    def where(self) -> str:
        """" (account)" when the provider has several accounts, else nothing."""
        return f" ({self.account})" if self.named else ""

    @property
    def settled(self) -> bool:
        """Done (even if due a re-check), not applicable, or a request answered: counts towards progress."""
        return self.record is not None and self.record.outcome in (DONE, NA, ANSWERED)

    @property
    def counts(self) -> bool:
        """False for a step that does not apply where the person lives: it leaves the progress."""
        return self.here

    @property
    def needs_attention(self) -> bool:
        return self.here and self.state in ATTENTION


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
        return sum(step.settled for step in self.steps if step.counts)

    @property
    def total(self) -> int:
        return sum(step.counts for step in self.steps)

    @property
    def status(self) -> str:
        """`skipped`, `elsewhere` (nothing applies where the person lives), `done`, `partial` or `todo`."""
        if self.skipped:
            return "skipped"
        if self.steps and not self.total:
            return "elsewhere"
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
    if entry is not None and entry.outcome in ("sent", "answered"):  # a request sent stays tracked anywhere
        return _request_state(provider, step, entry, now, account, named)
    here = applies(provider, step, record.settings.get("region"))
    if entry is None:
        seen = record.seen.get(provider.id)
        state = NEW if seen is not None and step.id not in seen else OPEN
        return StepState(provider, step, None, state if here else ELSEWHERE, None, account, named, here)
    if entry.outcome != DONE:
        return StepState(provider, step, entry, entry.outcome, None, account, named, here)
    checked = entry.checked_at
    changed_content = entry.fingerprint is not None and entry.fingerprint != step.fingerprint
    changed_later = step.changed is not None and step.changed > checked.date()
    if changed_content or changed_later:
        hint = step.change_note or "the instructions changed"
        return StepState(provider, step, entry, CHANGED, hint, account, named, here)
    age = (now - checked).days
    if age >= interval_days(step, stale_after):
        return StepState(provider, step, entry, REVERIFY, f"checked {age} days ago", account, named, here)
    return StepState(provider, step, entry, DONE, None, account, named, here)


def applies(provider: Provider, step: Step, region: object) -> bool:
    """Whether a step concerns a person in `region` (a code; None: not said, so everything does)."""
    if not isinstance(region, str):
        return True
    for only_in, not_in in ((provider.only_in, provider.not_in), (step.only_in, step.not_in)):
        if (only_in and region not in only_in) or region in not_in:
            return False
    return True


def reply_due(step: Step, sent_on: dt.date) -> dt.date:
    """The day a reply to a request sent on `sent_on` is due: the catalog's time, else a month."""
    days = step.request.response_days if step.request and step.request.response_days else DEFAULT_RESPONSE_DAYS
    return sent_on + dt.timedelta(days=days)


def _request_state(provider: Provider, step: Step, entry: StepRecord, now: dt.datetime, account: str,
                   named: bool) -> StepState:
    if entry.outcome == "answered":
        return StepState(provider, step, entry, ANSWERED, f"answer: {entry.answer}", account, named)
    assert entry.sent_on is not None  # the record checks a sent request has its day
    due = reply_due(step, entry.sent_on)
    if now.date() > due:
        return StepState(provider, step, entry, OVERDUE, f"sent {entry.sent_on}, due {due}", account, named)
    return StepState(provider, step, entry, AWAITING, f"due {due}", account, named)


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
    """How many steps need attention, by reason: outstanding (open/new/failed), re-verify, changed,
    and replies overdue; and how many requests are awaiting a reply (these need nothing yet)."""
    items = attention(states)
    return {
        "outstanding": sum(s.state in (OPEN, NEW, FAILED) for s in items),
        "reverify": sum(s.state == REVERIFY for s in items),
        "changed": sum(s.state == CHANGED for s in items),
        "overdue": sum(s.state == OVERDUE for s in items),
        "awaiting": sum(s.state == AWAITING for state in states if not state.skipped for s in state.steps),
    }


def attention_words(counts: dict[str, int]) -> str:
    """`3 outstanding, 1 to re-verify, 0 changed`, then the replies overdue and awaited when there are any."""
    words = f"{counts['outstanding']} outstanding, {counts['reverify']} to re-verify, {counts['changed']} changed"
    if counts["overdue"]:
        words += f", {plural(counts['overdue'], 'reply', 'replies')} overdue"
    if counts["awaiting"]:
        words += f", {plural(counts['awaiting'], 'request')} awaiting a reply"
    return words
