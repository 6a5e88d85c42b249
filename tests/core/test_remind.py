"""Re-verify reminders: which day each done step is due, and the iCalendar file they are written as."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.core.catalog import Catalog
from tui.core.progress import catalog_state, chosen_stale_after
from tui.core.record import Record, StepRecord
from tui.core.remind import Due, due_steps, escape_text, fold, render_ics

NOW = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)
TODAY = NOW.date()


def record(*steps: tuple[str, str, int], skipped: frozenset[str] = frozenset(), **settings: object) -> Record:
    entries = [StepRecord(*key.split("/"), outcome, NOW - dt.timedelta(days=age)) for key, outcome, age in steps]
    return Record(steps={e.slot: e for e in entries}, skipped=skipped, settings=settings)


def dues(catalog: Catalog, rec: Record, flag: int | None = None) -> list[Due]:
    stale_after = chosen_stale_after(flag, rec)
    return due_steps(catalog_state(catalog, rec, NOW, stale_after), TODAY, stale_after)


def days(found: list[Due]) -> list[tuple[str, dt.date]]:
    return [(due.item.key, due.day) for due in found]


def test_each_done_step_is_due_after_its_interval(catalog: Catalog) -> None:
    rec = record(("alpha/training-off", "done", 10), ("alpha/delete-history", "done", 40), ("beta/object-eu", "na", 1))
    assert days(dues(catalog, rec)) == [
        ("alpha/delete-history", TODAY),  # its own 30 days ran out 10 days ago: today, not the past
        ("alpha/training-off", TODAY + dt.timedelta(days=170)),  # the default 180
    ]


def test_flag_beats_setting_beats_catalog(catalog: Catalog) -> None:
    rec = record(("alpha/training-off", "done", 10), ("alpha/delete-history", "done", 5), stale_after=20)
    assert days(dues(catalog, rec)) == [("alpha/training-off", TODAY + dt.timedelta(days=10)),
                                        ("alpha/delete-history", TODAY + dt.timedelta(days=15))]
    assert days(dues(catalog, rec, flag=60)) == [("alpha/training-off", TODAY + dt.timedelta(days=50)),
                                                 ("alpha/delete-history", TODAY + dt.timedelta(days=55))]
    assert days(dues(catalog, rec, flag=0)) == [("alpha/training-off", TODAY), ("alpha/delete-history", TODAY)]
    assert chosen_stale_after(None, record(stale_after="soon")) is None  # a broken setting is ignored


def test_skipped_services_open_and_other_outcomes_are_left_out(catalog: Catalog) -> None:
    rec = record(("alpha/training-off", "failed", 1), ("beta/object-eu", "done", 1), skipped=frozenset({"beta"}))
    assert dues(catalog, rec) == []


def test_a_changed_step_is_due_today(catalog: Catalog) -> None:
    alpha = catalog.get("alpha")
    assert alpha is not None
    reworded = alpha.steps[0]._replace(changed=TODAY - dt.timedelta(days=1))
    changed = Catalog((alpha._replace(steps=(reworded, alpha.steps[1])),))
    assert days(dues(changed, record(("alpha/training-off", "done", 10)))) == [("alpha/training-off", TODAY)]


def parse(text: str) -> list[dict[str, str]]:
    """The VEVENTs of an iCalendar text as {property (with parameters): raw value}, after unfolding."""
    events, current = [], None
    for line in text.replace("\r\n ", "").split("\r\n")[:-1]:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return events


def test_calendar_one_event_per_day_listing_its_steps(catalog: Catalog) -> None:
    rec = record(("alpha/training-off", "done", 190), ("alpha/delete-history", "done", 31), ("beta/object-eu", "done", 2))
    text = render_ics(dues(catalog, rec), NOW)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//offrecord//") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")  # CRLF, and only CRLF
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    today, later = parse(text)
    assert today["DTSTART;VALUE=DATE"] == "20261129" and today["DTEND;VALUE=DATE"] == "20261130"
    assert later["DTSTART;VALUE=DATE"] == "20270526"  # 2 days ago + 180
    assert today["SUMMARY"] == "offrecord: check your AI training opt-outs: Alpha Chat"
    assert later["SUMMARY"] == "offrecord: check your AI training opt-outs: Beta Assistant"
    assert today["DESCRIPTION"].split("\\n") == [
        "- Alpha Chat: Switch off training (alpha/training-off)\\, ticked 2026-05-23. https://alpha.example/settings/privacy",
        "- Alpha Chat: Delete old chats (alpha/delete-history)\\, ticked 2026-10-29.",
        "",
        "Check each setting is still as you left it and tick it again in offrecord\\; record the answer to each "
        "request (offrecord mark PROVIDER/STEP --answered granted|refused|none).",
    ]
    assert [e["UID"] for e in (today, later)] == ["offrecord-reverify-20261129@offrecord",
                                                  "offrecord-reverify-20270526@offrecord"]
    assert {e["DTSTAMP"] for e in (today, later)} == {"20261129T153000Z"}


def test_escape_text() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


@pytest.mark.parametrize(("line", "octets"), [
    ("x" * 75, [75]),
    ("x" * 76, [75, 2]),
    ("DESCRIPTION:" + "é" * 100, [74, 75, 65]),  # é is 2 octets: 75 would cut one in half
    ("SUMMARY:" + "🙂" * 40 + "a" * 7, [72, 73, 32]),  # 4 octets each
])
def test_fold_at_75_octets_never_inside_a_character(line: str, octets: list[int]) -> None:
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert [len(piece.encode()) for piece in pieces] == octets
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line


def test_a_request_sent_has_an_event_on_its_reply_day_or_today_once_overdue(catalog: Catalog) -> None:
    def sent(days_ago: int) -> list[Due]:
        entry = StepRecord("beta", "object-eu", "sent", NOW - dt.timedelta(days=days_ago),
                           sent_on=(NOW - dt.timedelta(days=days_ago)).date())
        return dues(catalog, Record(steps={entry.slot: entry}))

    (waiting,) = sent(10)  # beta gives 20 days to answer
    assert waiting.day == TODAY + dt.timedelta(days=10) and waiting.item.state == "awaiting"
    (late,) = sent(40)
    assert late.day == TODAY and late.item.state == "overdue"
    (event,) = parse(render_ics([late], NOW))
    assert "request sent 2026-10-20\\, reply overdue since 2026-11-09" in event["DESCRIPTION"]
