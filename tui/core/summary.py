"""The status summary a person shares: JSON (versioned, machine-readable), Markdown and text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tui import __version__
from tui.core.catalog import Catalog
from tui.core.clean import json_text, markdown_text, one_line
from tui.core.progress import (
    STATE_WORDS,
    ProviderState,
    StepState,
    attention,
    attention_counts,
)

FORMAT = "offrecord-summary/1"
FORMATS = ("json", "markdown", "text")


def build_summary(
    catalog: Catalog,
    states: list[ProviderState],
    now: dt.datetime,
    label: str | None = None,
    notes: bool = False,
) -> dict[str, Any]:
    """The summary as plain data; notes are private and included only when asked."""
    providers = []
    for state in states:
        steps = []
        for item in state.steps:
            record = item.record
            entry: dict[str, Any] = {
                "id": item.step.id,
                "title": item.step.title,
                "done": record is not None and record.outcome == "done",
                "outcome": record.outcome if record else None,
                "checked_at": record.checked_at.isoformat() if record else None,
                "state": item.state,
                "reverify": item.state == "reverify",
                "changed": item.state == "changed",
            }
            if notes and record and record.note:
                entry["note"] = record.note
            steps.append(entry)
        providers.append({
            "id": state.provider.id,
            "name": state.provider.name,
            "company": state.provider.company,
            "reviewed": state.provider.reviewed.isoformat(),
            "status": state.status,
            "settled": state.settled,
            "total": state.total,
            "steps": steps,
        })
    statuses = [state.status for state in states]
    counts = attention_counts(states)
    return {
        "format": FORMAT,
        "generated_at": now.isoformat(),
        "generator": f"offrecord {__version__}",
        "label": label,
        "catalog_version": catalog.version,
        "totals": {
            "providers": len(states),
            **{status: statuses.count(status) for status in ("done", "partial", "todo", "skipped")},
            "steps": sum(s.total for s in states if not s.skipped),
            "steps_settled": sum(s.settled for s in states if not s.skipped),
            **counts,
        },
        "providers": providers,
    }


def render_json(summary: dict[str, Any]) -> str:
    return json_text(summary) + "\n"


def _note(item: StepState, notes: bool) -> str | None:
    return item.record.note if notes and item.record and item.record.note else None


def render_markdown(summary: dict[str, Any], states: list[ProviderState], notes: bool = False) -> str:
    """A table of providers, then what is still open: ready to paste into a ticket or a chat. Every
    text from the catalog or the person is escaped, so the Markdown shows exactly that text."""
    md = markdown_text
    title = f"offrecord status: {summary['label']}" if summary["label"] else "offrecord status"
    totals = summary["totals"]
    lines = [
        f"# {md(title)}",
        "",
        f"Generated {summary['generated_at'][:10]} with catalog {summary['catalog_version']}. "
        f"{totals['done']} of {totals['providers'] - totals['skipped']} services fully done, "
        f"{totals['outstanding']} steps outstanding, {totals['reverify']} to re-verify, "
        f"{totals['changed']} changed since checked.",
        "",
        "| Service | Company | Status | Steps settled |",
        "| --- | --- | --- | --- |",
    ]
    for state in states:
        progress = "-" if state.skipped else f"{state.settled}/{state.total}"
        lines.append(f"| {md(state.provider.name)} | {md(state.provider.company)} | {state.status} | {progress} |")
    items = attention(states)
    lines += ["", "## Still to do", ""]
    if not items:
        lines.append("Nothing: every step is done or not applicable.")
    for item in items:
        hint = f" ({md(item.hint)})" if item.hint else ""
        lines.append(f"- [ ] **{md(item.provider.name)}**: {md(item.step.title)} - {STATE_WORDS[item.state]}{hint}")
    noted = [(state, item, note) for state in states for item in state.steps if (note := _note(item, notes))]
    if noted:
        lines += ["", "## Notes", ""]
        lines += [f"- **{md(state.provider.name)}**, {md(item.step.title)}: {md(note)}" for state, item, note in noted]
    return "\n".join(lines) + "\n"


def render_text(summary: dict[str, Any], states: list[ProviderState], notes: bool = False) -> str:
    """The same as Markdown in plain sentences, one item a line, no tables: reads well aloud."""
    totals = summary["totals"]
    who = f" for {one_line(summary['label'])}" if summary["label"] else ""
    lines = [
        f"offrecord status{who}, generated {summary['generated_at'][:10]}.",
        f"Services fully done: {totals['done']} of {totals['providers'] - totals['skipped']}. "
        f"Steps outstanding: {totals['outstanding']}. To re-verify: {totals['reverify']}. "
        f"Changed since checked: {totals['changed']}.",
        "",
    ]
    for state in states:
        progress = "" if state.skipped else f", {state.settled} of {state.total} steps settled"
        lines.append(f"{one_line(state.provider.name)} ({one_line(state.provider.company)}): {state.status}{progress}.")
    items = attention(states)
    lines += ["", "Still to do:" if items else "Nothing left to do."]
    for item in items:
        hint = f", {one_line(item.hint)}" if item.hint else ""
        lines.append(f"{one_line(item.provider.name)}: {one_line(item.step.title)}. "
                     f"State: {STATE_WORDS[item.state]}{hint}.")
    noted = [(state, item, note) for state in states for item in state.steps if (note := _note(item, notes))]
    if noted:
        lines += ["", "Your notes:"]
        lines += [f"{one_line(state.provider.name)}, {one_line(item.step.title)}: {one_line(note)}"
                  for state, item, note in noted]
    return "\n".join(lines) + "\n"


def render(fmt: str, summary: dict[str, Any], states: list[ProviderState], notes: bool = False) -> str:
    if fmt == "json":
        return render_json(summary)
    if fmt == "markdown":
        return render_markdown(summary, states, notes)
    return render_text(summary, states, notes)
