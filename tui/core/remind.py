"""Re-verify reminders as an iCalendar file (RFC 5545): one all-day event per day something is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import groupby
from typing import NamedTuple

from tui import __version__
from tui.core.clean import clean
from tui.core.progress import CHANGED, DONE, ProviderState, StepState, interval_days, reply_due

MAX_OCTETS = 75  # a content line's length before it is folded, line break not counted


class Due(NamedTuple):
    """A done step and the day it should be checked again (a NamedTuple: `summary` imports this
    module, and `dataclasses` would cost it a sixth of its start, tui/core/catalog.py)."""

    day: dt.date
    item: StepState


def due_steps(states: list[ProviderState], today: dt.date, stale_after: int | None = None) -> list[Due]:
    """Every done step of a counted service with its re-verify day (checked_at plus its interval,
    progress.interval_days; today when that has passed or the instructions changed), and every
    request sent with the day its reply is due (today once overdue); by day, then catalog order."""
    dues = []
    for state in states:
        if state.skipped:
            continue
        for item in state.steps:
            record = item.record
            if record is not None and record.outcome == "sent" and record.sent_on is not None:
                dues.append(Due(max(today, reply_due(item.step, record.sent_on)), item))
                continue
            if record is None or record.outcome != DONE or not item.counts:
                continue
            due = record.checked_at + dt.timedelta(days=interval_days(item.step, stale_after))
            day = today if item.state == CHANGED else max(today, due.date())
            dues.append(Due(day, item))
    return sorted(dues, key=lambda d: d.day)


def escape_text(text: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped, and the control
    characters the RFC forbids in TEXT replaced (`clean`)."""
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n"), lines=True)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character;
    each continuation starts with a space (which counts towards its 75)."""
    data = line.encode("utf-8")
    pieces, start, limit = [], 0, MAX_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, MAX_OCTETS - 1
    pieces.append(data[start:].decode("utf-8"))
    return "\r\n ".join(pieces)


def _event(day: dt.date, dues: list[Due], stamp: str) -> list[str]:
    names = list(dict.fromkeys(due.item.provider.name for due in dues))
    lines = []
    for due in dues:
        item, record = due.item, due.item.record
        assert record is not None  # due_steps keeps recorded steps only
        if record.sent_on is not None:
            reply = reply_due(item.step, record.sent_on)
            why = f"request sent {record.sent_on}, reply {'overdue since' if reply < day else 'due'} {reply}"
        elif item.state == CHANGED:
            why = f"changed since you ticked it on {record.checked_at.date()}"
        else:
            why = f"ticked {record.checked_at.date()}"
        link = f" {item.step.url}" if item.step.url else ""
        lines.append(f"- {item.provider.name}{item.where}: {item.step.title} ({item.key}), {why}.{link}")
    lines += ["", "Check each setting is still as you left it and tick it again in offrecord; record the "
                  "answer to each request (offrecord mark PROVIDER/STEP --answered granted|refused|none)."]
    return [
        "BEGIN:VEVENT",
        f"UID:offrecord-reverify-{day:%Y%m%d}@offrecord",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text('offrecord: check your AI training opt-outs: ' + ', '.join(names))}",
        f"DESCRIPTION:{escape_text(chr(10).join(lines))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def render_ics(dues: Iterable[Due], now: dt.datetime) -> str:
    """The calendar: one event per day, steps due that day listed in it; CRLF line ends, folded."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//offrecord//offrecord {__version__}//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for day, group in groupby(sorted(dues, key=lambda due: due.day), key=lambda due: due.day):
        lines += _event(day, list(group), stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
