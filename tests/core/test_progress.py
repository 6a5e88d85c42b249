"""Step states from catalog + record at an injected time: open, done, re-verify, changed, new."""

from __future__ import annotations

import datetime as dt

from tui.core.catalog import Catalog
from tui.core.progress import attention, attention_counts, catalog_state, provider_state, step_state
from tui.core.record import Record, StepRecord

NOW = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)


def record_with(*entries: StepRecord, skipped: frozenset[str] = frozenset(), seen=None) -> Record:
    return Record(steps={e.slot: e for e in entries}, skipped=skipped, seen=seen or {})


def done(step: str, days_ago: int, provider: str = "alpha", **kw) -> StepRecord:
    return StepRecord(provider, step, kw.pop("outcome", "done"), NOW - dt.timedelta(days=days_ago), **kw)


def test_fresh_record_everything_open(catalog: Catalog) -> None:
    states = catalog_state(catalog, Record(), NOW)
    assert [s.status for s in states] == ["todo", "todo"]
    assert attention_counts(states) == {"outstanding": 3, "reverify": 0, "changed": 0, "overdue": 0, "awaiting": 0}


def test_done_becomes_reverify_after_its_interval(catalog: Catalog) -> None:
    alpha = catalog.get("alpha")
    record = record_with(done("training-off", 179), done("delete-history", 30))
    state = provider_state(alpha, record, NOW)  # type: ignore[arg-type]
    assert [s.state for s in state.steps] == ["done", "reverify"]  # delete-history re-checks after 30 days
    assert state.status == "done" and state.settled == 2
    assert state.steps[1].hint == "checked 30 days ago"
    assert [s.state for s in provider_state(alpha, record, NOW + dt.timedelta(days=1)).steps] == ["reverify", "reverify"]  # type: ignore[arg-type]


def test_person_interval_overrides_catalog_and_zero_makes_all_due(catalog: Catalog) -> None:
    alpha = catalog.get("alpha")
    record = record_with(done("training-off", 0), done("delete-history", 40))
    assert [s.state for s in provider_state(alpha, record, NOW, stale_after=0).steps] == ["reverify", "reverify"]  # type: ignore[arg-type]
    assert [s.state for s in provider_state(alpha, record, NOW, stale_after=365).steps] == ["done", "done"]  # type: ignore[arg-type]


def test_changed_when_content_or_changed_date_is_newer(catalog: Catalog) -> None:
    alpha = catalog.get("alpha")
    step = alpha.steps[0]  # type: ignore[union-attr]
    entry = done("training-off", 10, fingerprint=step.fingerprint)
    assert step_state(alpha, step, record_with(entry), NOW).state == "done"  # type: ignore[arg-type]
    reworded = step._replace(how="New instructions.")
    assert step_state(alpha, reworded, record_with(entry), NOW).state == "changed"  # type: ignore[arg-type]
    dated = step._replace(changed=(NOW - dt.timedelta(days=2)).date(), change_note="renamed")
    changed = step_state(alpha, dated, record_with(entry), NOW)  # type: ignore[arg-type]
    assert (changed.state, changed.hint) == ("changed", "renamed")
    retitled = step._replace(title="Reworded title")
    assert step_state(alpha, retitled, record_with(entry), NOW).state == "done"  # type: ignore[arg-type]


def test_new_steps_since_last_seen(catalog: Catalog) -> None:
    record = record_with(seen={"alpha": frozenset({"training-off"})})
    states = provider_state(catalog.get("alpha"), record, NOW)  # type: ignore[arg-type]
    assert [s.state for s in states.steps] == ["open", "new"]


def test_other_outcomes_and_skipped_providers(catalog: Catalog) -> None:
    record = record_with(
        done("training-off", 1, outcome="na"),
        done("delete-history", 1, outcome="failed"),
        skipped=frozenset({"beta"}),
    )
    states = catalog_state(catalog, record, NOW)
    assert [s.status for s in states] == ["partial", "skipped"]
    assert [item.key for item in attention(states)] == ["alpha/delete-history"]
    assert attention(states)[0].state == "failed"
