"""What a person does to their checklist, for the TUI and the shell alike.

Each function is one intent on the record (`Store`), with the catalog knowledge it needs: a tick
keeps the step's fingerprint, so a later change to its instructions shows; a note needs an outcome
to hang on; choosing services for the walk skips the rest. Each returns the record as saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tui.core.catalog import Provider
from tui.core.record import Record, Store
from tui.core.walk import WALK_SETTING, Walk


def set_outcome(store: Store, provider: Provider, step_id: str, outcome: str | None,
                note: str | None = None, account: str | None = None) -> Record:
    """Record done / na / failed for a step with its fingerprint, or forget it (None), on an
    account (default: the provider's first)."""
    step = provider.step(step_id)
    if step is None:
        raise ValueError(f"{provider.id} has no step {step_id!r}")
    if outcome is None:
        return store.unmark(provider.id, step_id, account=account)
    return store.mark(provider.id, step_id, outcome, note=note, fingerprint=step.fingerprint, account=account)


def record_sent(store: Store, provider: Provider, step_id: str, sent_on: dt.date, note: str | None = None,
                account: str | None = None) -> Record:
    """A request went out on `sent_on`: the step awaits the company's reply."""
    step = provider.step(step_id)
    assert step is not None and step.kind == "request"
    return store.mark(provider.id, step_id, "sent", note=note, fingerprint=step.fingerprint, account=account,
                      sent_on=sent_on)


def record_answer(store: Store, provider: Provider, step_id: str, answer: str, note: str | None = None,
                  account: str | None = None) -> Record:
    """The company answered a request (granted or refused), or no reply came (none): settled."""
    step = provider.step(step_id)
    assert step is not None and step.kind == "request"
    return store.mark(provider.id, step_id, "answered", note=note, fingerprint=step.fingerprint, account=account,
                      answer=answer)


def set_note(store: Store, record: Record, provider: Provider, step_id: str, note: str,
             account: str | None = None) -> Record:
    """Keep a private note with a step. A note needs an outcome to live in: a step without one is
    recorded as could-not-do, which is what a note on an open step usually says."""
    current = record.step(provider.id, step_id, account)
    return set_outcome(store, provider, step_id, current.outcome if current else "failed", note, account)


def see(store: Store, record: Record, provider: Provider) -> Record:
    """Remember the steps shown, so steps added later show as new; written only when it changes."""
    step_ids = frozenset(step.id for step in provider.steps)
    if record.seen.get(provider.id) == step_ids:
        return record
    return store.see(provider.id, sorted(step_ids))


def save_setting(store: Store, record: Record, key: str, value: object) -> Record:
    """Keep a setting; written only when it changes."""
    if record.settings.get(key) == value:
        return record
    return store.set_setting(key, value)


def choose_services(store: Store, order: Sequence[Provider], chosen: Sequence[str]) -> tuple[Record, Walk | None]:
    """Skip every service not chosen and start a walk through the chosen ones, in `order` (the
    home list's). No walk when nothing was chosen."""
    ids = [provider.id for provider in order]
    record = store.set_skipped(set(ids) - set(chosen), ids)
    if not chosen:
        return record, None
    walk = Walk(tuple(pid for pid in ids if pid in chosen))
    return save_setting(store, record, WALK_SETTING, walk.to_setting()), walk
