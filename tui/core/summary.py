"""The status summary a person shares: JSON (versioned, machine-readable), Markdown and text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tui import __version__
from tui.core.catalog import Catalog
from tui.core.clean import json_text, markdown_text, one_line
from tui.core.progress import (
    ANSWERED,
    AWAITING,
    CHANGED,
    DONE,
    ELSEWHERE,
    FAILED,
    NA,
    NEW,
    OPEN,
    OVERDUE,
    REVERIFY,
    STATE_WORDS,
    ProviderState,
    StepState,
    accounts_words,
    attention,
    attention_counts,
)
from tui.core.remind import due_steps
from tui.core.words import plural

FORMAT = "offrecord-summary/1"
FORMATS = ("json", "markdown", "text")


def build_summary(
    catalog: Catalog,
    states: list[ProviderState],
    now: dt.datetime,
    label: str | None = None,
    notes: bool = False,
    stale_after: int | None = None,
) -> dict[str, Any]:
    """The summary as plain data; notes are private and included only when asked. `stale_after`
    is the person's re-check interval, as the states were computed with it."""
    providers = []
    for state in states:
        entry: dict[str, Any] = {
            "id": state.provider.id,
            "name": state.provider.name,
            "company": state.provider.company,
            "reviewed": state.provider.reviewed.isoformat(),
            "status": state.status,
            "settled": state.settled,
            "total": state.total,
            "steps": [_step_entry(item, notes) for item in combined(state)],
        }
        if len(state.accounts) > 1:
            entry["accounts"] = [{"name": account, "steps": [_step_entry(item, notes) for item in state.on(account)]}
                                 for account in state.accounts]
        providers.append(entry)
    statuses = [state.status for state in states]
    counts = attention_counts(states)
    later = [due.day for due in due_steps(states, now.date(), stale_after) if due.day > now.date()]
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
            "next_due": min(later).isoformat() if later else None,
        },
        "providers": providers,
    }


# How much a step's state needs the person, most first: a step on several accounts shows the most.
_URGENCY = {state: rank for rank, state in enumerate((OPEN, NEW, FAILED, OVERDUE, CHANGED, REVERIFY, AWAITING, NA,
                                                       ANSWERED, DONE, ELSEWHERE))}


def combined(state: ProviderState) -> list[StepState]:
    """One entry per step: on a provider with several accounts, the account where it needs the
    person most (a step open on one account is open)."""
    worst: dict[str, StepState] = {}
    for item in state.steps:
        known = worst.get(item.step.id)
        if known is None or _URGENCY[item.state] < _URGENCY[known.state]:
            worst[item.step.id] = item
    return list(worst.values())


def _step_entry(item: StepState, notes: bool) -> dict[str, Any]:
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
    if record and record.sent_on:
        entry["sent_on"] = record.sent_on.isoformat()
    if record and record.answer:
        entry["answer"] = record.answer
    if notes and record and record.note:
        entry["note"] = record.note
    return entry


def render_json(summary: dict[str, Any]) -> str:
    return json_text(summary) + "\n"


def _where(item: StepState, escape: Callable[[str], str]) -> str:
    """" (account)" on a provider with several accounts, escaped for the output."""
    return f" {escape(item.where)}" if item.where else ""


def _note(item: StepState, notes: bool) -> str | None:
    return item.record.note if notes and item.record and item.record.note else None


def headline(summary: dict[str, Any]) -> list[str]:
    """What matters, first: services fully done, steps outstanding, what is due again and when."""
    totals = summary["totals"]
    used = totals["providers"] - totals["skipped"]
    due_now = totals["reverify"] + totals["changed"]
    due = f"{plural(due_now, 'step')} to check again now" if due_now else "Nothing to check again now"
    if totals.get("next_due"):
        due += f"; the next check falls due on {totals['next_due']}"
    lines = [
        f"{totals['done']} of {plural(used, 'service')} you use fully done, "
        f"{plural(totals['outstanding'], 'step')} outstanding.",
        f"{due}.",
    ]
    if totals.get("awaiting") or totals.get("overdue"):
        lines.append(f"Requests: {totals.get('awaiting', 0)} awaiting a reply, {totals.get('overdue', 0)} overdue.")
    return lines


def requests(states: list[ProviderState]) -> list[StepState]:
    """Every request sent, awaiting a reply, overdue or answered, of the services in use."""
    return [item for state in states if not state.skipped for item in state.steps
            if item.state in (AWAITING, OVERDUE, ANSWERED)]


def not_used_line(states: list[ProviderState], name: Callable[[str], str] = one_line) -> str | None:
    """The services the person does not use, in one line (each name passed through `name`), or None."""
    unused = [name(s.provider.name) for s in states if s.skipped]
    if not unused:
        return None
    return f"{plural(len(unused), 'service')} not used: {', '.join(unused)}."


def render_markdown(summary: dict[str, Any], states: list[ProviderState], notes: bool = False) -> str:
    """What matters, a table of the services in use, the rest in one line, then what is still
    open: ready to paste into a ticket or a chat. Every text from the catalog or the person is
    escaped, so the Markdown shows exactly that text."""
    md = markdown_text
    title = f"offrecord status: {summary['label']}" if summary["label"] else "offrecord status"
    lines = [f"# {md(title)}", "", *headline(summary), "",
             f"Generated {summary['generated_at'][:10]} with catalog {summary['catalog_version']}.", ""]
    used = [state for state in states if not state.skipped]
    if used:
        lines += ["| Service | Company | Status | Steps settled |", "| --- | --- | --- | --- |"]
        lines += [f"| {md(s.provider.name)} | {md(s.provider.company)} | {s.status} | {s.settled}/{s.total}"
                  f"{accounts_words(s)} |" for s in used]
    unused = not_used_line(states, md)
    if unused:
        lines += ["", unused]
    sent = requests(states)
    if sent:
        lines += ["", "## Requests", ""]
        lines += [f"- **{md(item.provider.name)}**{_where(item, md)}: {md(item.step.title)} - "
                  f"{STATE_WORDS[item.state]} ({md(item.hint or '')})" for item in sent]
    items = attention(states)
    lines += ["", "## Still to do", ""]
    if not items:
        lines.append("Nothing: every step is done or not applicable.")
    for item in items:
        hint = f" ({md(item.hint)})" if item.hint else ""
        lines.append(f"- [ ] **{md(item.provider.name)}**{_where(item, md)}: {md(item.step.title)} - "
                     f"{STATE_WORDS[item.state]}{hint}")
    noted = [(state, item, note) for state in states for item in state.steps if (note := _note(item, notes))]
    if noted:
        lines += ["", "## Notes", ""]
        lines += [f"- **{md(state.provider.name)}**{_where(item, md)}, {md(item.step.title)}: {md(note)}"
                  for state, item, note in noted]
    return "\n".join(lines) + "\n"


def render_text(summary: dict[str, Any], states: list[ProviderState], notes: bool = False) -> str:
    """The same as Markdown in plain sentences, one item a line, no tables: reads well aloud."""
    who = f" for {one_line(summary['label'])}" if summary["label"] else ""
    lines = [f"offrecord status{who}, generated {summary['generated_at'][:10]}.", *headline(summary), ""]
    for state in states:
        if not state.skipped:
            lines.append(f"{one_line(state.provider.name)} ({one_line(state.provider.company)}): {state.status}, "
                         f"{state.settled} of {state.total} steps settled{accounts_words(state)}.")
    unused = not_used_line(states)
    if unused:
        lines.append(unused)
    sent = requests(states)
    if sent:
        lines += ["", "Requests:"]
        lines += [f"{one_line(item.provider.name)}{_where(item, one_line)}: {one_line(item.step.title)}. "
                  f"{STATE_WORDS[item.state].capitalize()}, {one_line(item.hint or '')}." for item in sent]
    items = attention(states)
    lines += ["", "Still to do:" if items else "Nothing left to do."]
    for item in items:
        hint = f", {one_line(item.hint)}" if item.hint else ""
        lines.append(f"{one_line(item.provider.name)}{_where(item, one_line)}: {one_line(item.step.title)}. "
                     f"State: {STATE_WORDS[item.state]}{hint}.")
    noted = [(state, item, note) for state in states for item in state.steps if (note := _note(item, notes))]
    if noted:
        lines += ["", "Your notes:"]
        lines += [f"{one_line(state.provider.name)}{_where(item, one_line)}, {one_line(item.step.title)}: "
                  f"{one_line(note)}" for state, item, note in noted]
    return "\n".join(lines) + "\n"


def render(fmt: str, summary: dict[str, Any], states: list[ProviderState], notes: bool = False) -> str:
    if fmt == "json":
        return render_json(summary)
    if fmt == "markdown":
        return render_markdown(summary, states, notes)
    return render_text(summary, states, notes)
