"""The team report as Markdown (tables), plain text (no tables, reads well aloud) or JSON.

Each renderer yields the output a line (or a person) at a time, so a report over thousands of
people is written without being built in memory first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from tui import __version__
from tui.core.clean import json_text, markdown_text
from tui.core.report import FORMAT, STATUS_WORDS, Cell, ProviderTotals, Report
from tui.core.words import plural

_STATUS_ORDER = ("done", "partial", "todo", "skipped", None)


def _overview(totals: list[ProviderTotals]) -> tuple[int, int]:
    """(outstanding, stale) steps over the whole team."""
    return sum(t.outstanding for t in totals), sum(t.stale for t in totals)


def _word(cell: Cell | None) -> str:
    return STATUS_WORDS[cell.status if cell else None]


def render_markdown(report: Report, now: dt.datetime) -> Iterator[str]:
    """Services with their totals, then a person-by-service table, then who has most open."""
    providers, totals, people = report.providers, report.totals(), report.people_count
    outstanding, stale = _overview(totals)
    yield "# offrecord team report\n\n"
    yield (f"Generated {now.date().isoformat()} from {plural(report.summaries, 'summary', 'summaries')}: "
           f"{plural(people, 'person', 'people')}, {plural(len(providers), 'service', 'services')}. "
           f"{outstanding} steps outstanding, {stale} stale (to re-verify or changed since checked).\n\n")
    yield "## Services\n\n"
    yield ("| Service | Done | Partial | To do | Skipped | Not listed | Outstanding steps | Stale steps "
           "| Requests awaiting reply | Replies overdue |\n")
    yield "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    for (_, name), t in zip(providers, totals, strict=True):
        yield (f"| {markdown_text(name)} | {t.done} | {t.partial} | {t.todo} | {t.skipped} | {t.not_listed} "
               f"| {t.outstanding} | {t.stale} | {t.awaiting} | {t.overdue} |\n")
    yield "\n## People\n\n"
    names = "".join(f"{markdown_text(name)} | " for _, name in providers)
    yield f"| Person | {names}Outstanding | Stale | Newest summary |\n"
    yield "| --- | " + "--- | " * len(providers) + "---: | ---: | --- |\n"
    for person in report.people:
        cells = "".join(f"{_word(cell)} | " for cell in report.cells(person))
        counts = report.open_counts(person)
        newest = person.generated_at.date().isoformat()
        yield f"| {markdown_text(person.name)} | {cells}{counts[0]} | {counts[1]} | {newest} |\n"
    yield "\n## Most open\n\n"
    most = report.most_open()
    if not most:
        yield "Nobody has outstanding steps.\n"
    for rank, (person, count) in enumerate(most, 1):
        yield f"{rank}. {markdown_text(person.name)}: {plural(count, 'step', 'steps')} outstanding\n"


def render_text(report: Report, now: dt.datetime) -> Iterator[str]:
    """The same in plain sentences, one a line: no tables, so a screen reader reads it in order."""
    providers, totals, people = report.providers, report.totals(), report.people_count
    outstanding, stale = _overview(totals)
    yield (f"offrecord team report, generated {now.date().isoformat()} from "
           f"{plural(report.summaries, 'summary', 'summaries')}: {plural(people, 'person', 'people')}, "
           f"{plural(len(providers), 'service', 'services')}.\n")
    yield (f"Steps outstanding: {outstanding}. Stale steps, to re-verify or changed since checked: {stale}."
           "\n\nServices:\n")
    for (_, name), t in zip(providers, totals, strict=True):
        requests = (f" Requests awaiting a reply: {t.awaiting}. Replies overdue: {t.overdue}."
                    if t.awaiting or t.overdue else "")
        yield (f"{name}: done by {t.done} of {plural(people, 'person', 'people')}. Partial {t.partial}, "
               f"to do {t.todo}, skipped {t.skipped}, not listed {t.not_listed}. "
               f"Steps outstanding: {t.outstanding}. Stale: {t.stale}.{requests}\n")
    yield "\nPeople:\n"
    for person in report.people:
        groups: dict[str | None, list[str]] = {status: [] for status in _STATUS_ORDER}
        for (_, name), cell in zip(providers, report.cells(person), strict=True):
            groups[cell.status if cell else None].append(name)
        said = " ".join(f"{STATUS_WORDS[s].capitalize()}: {', '.join(names)}." for s, names in groups.items() if names)
        counts = report.open_counts(person)
        yield (f"{person.name}, newest summary {person.generated_at.date().isoformat()}: "
               f"steps outstanding {counts[0]}, stale {counts[1]}. {said}\n")
    most = report.most_open()
    yield "\nMost open:\n" if most else "\nNobody has outstanding steps.\n"
    for rank, (person, count) in enumerate(most, 1):
        yield f"{rank}. {person.name}: {plural(count, 'step', 'steps')} outstanding.\n"


def render_json(report: Report, now: dt.datetime) -> Iterator[str]:
    """`offrecord-report/1`: providers, totals and most open first, then people and matrix, one person a line."""
    providers, totals, people = report.providers, report.totals(), report.people_count
    outstanding, stale = _overview(totals)
    head: dict[str, Any] = {
        "format": FORMAT,
        "generated_at": now.isoformat(),
        "generator": f"offrecord {__version__}",
        "providers": [{"id": pid, "name": name} for pid, name in providers],
        "totals": {
            "summaries": report.summaries,
            "people": people,
            "outstanding": outstanding,
            "stale": stale,
            "providers": {pid: vars(t) for (pid, _), t in zip(providers, totals, strict=True)},
        },
        "most_open": [{"name": person.name, "outstanding": count} for person, count in report.most_open()],
    }
    yield json_text(head)[:-2] + ',\n  "people": [\n'
    last = people - 1
    for n, person in enumerate(report.people):
        counts = report.open_counts(person)
        entry = {"name": person.name, "generated_at": person.generated_at.isoformat(),
                 "summaries": person.summaries, "outstanding": counts[0], "stale": counts[1]}
        yield f"    {json_text(entry, indent=None)}{',' if n < last else ''}\n"
    yield '  ],\n  "matrix": {\n'
    for n, person in enumerate(report.people):
        cells = zip(providers, report.cells(person), strict=True)
        row = {pid: cell.status if cell else None for (pid, _), cell in cells}
        yield (f"    {json_text(person.name, indent=None)}: {json_text(row, indent=None)}"
               f"{',' if n < last else ''}\n")
    yield "  }\n}\n"


def render(fmt: str, report: Report, now: dt.datetime) -> Iterator[str]:
    if fmt == "json":
        return render_json(report, now)
    if fmt == "markdown":
        return render_markdown(report, now)
    return render_text(report, now)
