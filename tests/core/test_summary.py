"""The summary about the person: what matters first, the services in use, the rest in one line."""

from __future__ import annotations

import datetime as dt
import json

from tui.core.catalog import Catalog
from tui.core.progress import catalog_state
from tui.core.record import Record, StepRecord
from tui.core.summary import build_summary, render_json, render_markdown, render_text

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def summarise(catalog: Catalog, record: Record, stale_after: int | None = None):  # type: ignore[no-untyped-def]
    states = catalog_state(catalog, record, NOW, stale_after)
    return build_summary(catalog, states, NOW, stale_after=stale_after), states


def test_services_not_used_are_one_line_and_json_keeps_them(catalog: Catalog) -> None:
    summary, states = summarise(catalog, Record(skipped=frozenset({"beta"})))
    markdown = render_markdown(summary, states)
    assert "| Alpha Chat |" in markdown and "| Beta Assistant |" not in markdown
    assert "1 service not used: Beta Assistant." in markdown
    assert "1 service not used: Beta Assistant." in render_text(summary, states)
    assert [p["status"] for p in json.loads(render_json(summary))["providers"]] == ["todo", "skipped"]


def test_the_first_lines_say_what_matters(catalog: Catalog) -> None:
    done = StepRecord("alpha", "training-off", "done", NOW - dt.timedelta(days=10))
    summary, states = summarise(catalog, Record(steps={done.slot: done}), stale_after=30)
    first = render_text(summary, states).splitlines()
    assert first[1] == "0 of 2 services you use fully done, 2 steps outstanding."
    assert first[2] == "Nothing to check again now; the next check falls due on 2026-12-20."
    assert summary["totals"]["next_due"] == "2026-12-20"
    due, states = summarise(catalog, Record(steps={done.slot: done}), stale_after=5)
    assert render_markdown(due, states).splitlines()[3] == "1 step to check again now."
