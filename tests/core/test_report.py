"""The team report: reading and merging summaries, refusing bad ones, and its three renderings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tui import __version__
from tui.core import report as report_module
from tui.core.catalog import Catalog
from tui.core.progress import catalog_state
from tui.core.record import Record, StepRecord
from tui.core.report import Report, ReportError, read_report
from tui.core.report_render import render_json, render_markdown, render_text
from tui.core.summary import build_summary

NOW = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)


def days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def made(catalog: Catalog, *steps: tuple[str, str, int], label: str | None = None, when: dt.datetime = NOW,
         skipped: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A real summary (`build_summary`) of a record with (provider/step, outcome, days before `when`)."""
    entries = [StepRecord(*key.split("/"), outcome, when - dt.timedelta(days=age)) for key, outcome, age in steps]
    record = Record(steps={e.slot: e for e in entries}, skipped=skipped)
    return build_summary(catalog, catalog_state(catalog, record, when), when, label=label)


def save(folder: Path, name: str, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


GAMMA = {  # written by hand, as an older catalog with a service this one no longer has would
    "format": "offrecord-summary/1",
    "generated_at": "2026-02-01T09:00:00+00:00",
    "label": "Cy",
    "providers": [{"id": "gamma", "name": "Gamma | Old", "status": "done", "steps": [
        {"id": "off", "state": "done", "outcome": "done", "checked_at": "2026-01-01T00:00:00+00:00"}]}],
}


@pytest.fixture
def team(tmp_path: Path, catalog: Catalog) -> Path:
    return make_team(tmp_path, catalog)


def make_team(tmp_path: Path, catalog: Catalog) -> Path:
    """Ana (labelled), bob (no label: named by his file) and Cy (an older catalog), in one folder."""
    folder = tmp_path / "team"
    save(folder, "a.json", made(catalog, ("alpha/training-off", "done", 10), ("beta/object-eu", "done", 200),
                                label="Ana"))
    save(folder, "bob.json", made(catalog, when=days_ago(1), skipped=frozenset({"beta"})))
    save(folder, "c.json", GAMMA)
    return folder


def statuses(report: Report) -> dict[str, list[str | None]]:
    return {p.name: [c.status if c else None for c in report.cells(p)] for p in report.people}


def test_team_matrix_totals_and_most_open(team: Path) -> None:
    report = read_report([team])
    assert report.summaries == 3
    assert report.providers == [("alpha", "Alpha Chat"), ("beta", "Beta Assistant"), ("gamma", "Gamma | Old")]
    assert statuses(report) == {
        "Ana": ["partial", "done", None],
        "bob": ["todo", "skipped", None],
        "Cy": [None, None, "done"],
    }
    alpha, beta, gamma = report.totals()
    assert (alpha.done, alpha.partial, alpha.todo, alpha.not_listed, alpha.outstanding, alpha.stale) == (0, 1, 1, 1, 3, 0)
    assert (beta.done, beta.skipped, beta.outstanding, beta.stale) == (1, 1, 0, 1)  # 200 days: re-verify
    assert (gamma.done, gamma.not_listed) == (1, 2)
    assert [(p.name, n) for p, n in report.most_open()] == [("bob", 2), ("Ana", 1)]


def test_the_newest_summary_states_where_a_person_stands(tmp_path: Path, catalog: Catalog) -> None:
    """An untick in the newest summary reaches the team view although an older file has the tick."""
    old = made(catalog, ("alpha/training-off", "done", 30), ("alpha/delete-history", "na", 30),
               label="Ana", when=days_ago(20))
    new = made(catalog, ("alpha/delete-history", "failed", 5), label="Ana")  # training-off unticked here
    for order in (("1.json", "2.json"), ("2.json", "1.json")):  # the order files are read in does not matter
        folder = tmp_path / "-".join(order)
        save(folder, order[0], old)
        save(folder, order[1], new)
        report = read_report([folder])
        (ana,) = report.people
        assert (ana.name, ana.summaries, ana.generated_at) == ("Ana", 2, NOW)
        assert statuses(report) == {"Ana": ["todo", "todo"]}  # training-off is open in the newest summary
        assert report.open_counts(ana) == (3, 0)  # training-off open, delete-history failed, object-eu open


def test_older_summaries_fill_only_the_steps_the_newest_does_not_list(tmp_path: Path, catalog: Catalog) -> None:
    old = made(catalog, ("alpha/training-off", "done", 30), label="Ana", when=days_ago(20))
    new = made(catalog, label="Ana")
    for provider in new["providers"]:  # made with a catalog that did not have training-off yet
        provider["steps"] = [step for step in provider["steps"] if step["id"] != "training-off"]
    save(tmp_path / "s", "old.json", old)
    save(tmp_path / "s", "new.json", new)
    report = read_report([tmp_path / "s"])
    (_ana,) = report.people
    assert statuses(report) == {"Ana": ["partial", "todo"]}  # the old tick fills the step the new one lacks


def test_equal_checks_go_to_the_newer_summary(tmp_path: Path, catalog: Catalog) -> None:
    checked = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    step = StepRecord("beta", "object-eu", "done", checked)
    record = Record(steps={step.slot: step})
    early = build_summary(catalog, catalog_state(catalog, record, checked), checked, label="Ana")
    late = build_summary(catalog, catalog_state(catalog, record, NOW), NOW, label="Ana")  # now due a re-check
    save(tmp_path / "s", "late.json", late)
    save(tmp_path / "s", "early.json", early)
    report = read_report([tmp_path / "s"])
    assert [t.stale for t in report.totals()] == [0, 1]


def test_skipped_follows_the_newest_summary(tmp_path: Path, catalog: Catalog) -> None:
    save(tmp_path / "a", "1.json", made(catalog, label="Ana", when=days_ago(9), skipped=frozenset({"beta"})))
    save(tmp_path / "a", "2.json", made(catalog, label="Ana", skipped=frozenset({"alpha"})))
    save(tmp_path / "a", "3.json", made(catalog, label="Ana", when=days_ago(3), skipped=frozenset({"beta"})))
    assert statuses(read_report([tmp_path / "a"])) == {"Ana": ["skipped", "todo"]}


def test_counts_follow_each_step_state(tmp_path: Path) -> None:
    states = [("open", None), ("new", None), ("failed", "failed"), ("reverify", "done"), ("changed", "done"),
              ("done", "done"), ("na", "na"), ("awaiting", "sent"), ("overdue", "sent"), ("answered", "answered"),
              ("elsewhere", None)]
    steps = [{"id": f"s{n}", "state": state, "outcome": outcome, "checked_at": None}
             for n, (state, outcome) in enumerate(states)]
    settled = [{"id": "a", "state": "na", "outcome": "na"}, {"id": "b", "state": "done", "outcome": "done"}]
    summary = {**GAMMA, "providers": [{"id": "g", "name": "G", "status": "partial", "steps": steps},
                                      {"id": "h", "name": "H", "status": "done", "steps": settled}]}
    save(tmp_path / "one", "x.json", summary)
    save(tmp_path / "two", "x.json", summary)
    save(tmp_path / "two", "y.json", {**summary, "generated_at": "2026-03-01T09:00:00+00:00"})
    for folder, merged in (("one", 1), ("two", 2)):  # read straight, and merged step by step
        report = read_report([tmp_path / folder])
        (cy,) = report.people
        assert (cy.summaries, report.cells(cy)) == (merged, [("partial", 3, 2, 1, 1), ("done", 0, 0, 0, 0)])


def test_file_name_when_label_is_missing_or_blank(tmp_path: Path, catalog: Catalog) -> None:
    save(tmp_path / "one", "dana.json", made(catalog, ("alpha/training-off", "done", 1)))
    save(tmp_path / "two", "dana.json", made(catalog, ("beta/object-eu", "done", 1), label="  "))
    save(tmp_path / "two", "eve.json", made(catalog, label="Eve\nSmith\x1b[31m"))
    report = read_report([tmp_path / "one", tmp_path / "two"])
    assert statuses(report) == {"dana": ["partial", "done"], "Eve Smith\ufffd[31m": ["todo", "todo"]}


def test_only_a_merged_person_is_read_again(tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    original = report_module.load_summary
    monkeypatch.setattr(report_module, "load_summary", lambda path: read.append(Path(path).name) or original(path))
    for name, label in (("1.json", "Ana"), ("2.json", "Bo"), ("3.json", "Ana"), ("4.json", "Ana")):
        save(tmp_path, name, made(catalog, label=label))
    report = read_report([tmp_path])
    assert read == ["1.json", "2.json", "3.json", "1.json", "4.json"]  # 1 again when 3 turns up, once
    assert [(p.name, p.summaries) for p in report.people] == [("Ana", 3), ("Bo", 1)]


def test_files_and_folders_mixed_and_minor_versions_read(tmp_path: Path, catalog: Catalog) -> None:
    summary = {**made(catalog, label="Fay"), "format": "offrecord-summary/1.4", "extra": {"added": "later"}}
    single = save(tmp_path, "single.json", summary)
    save(tmp_path / "folder", "notes.txt", "not a summary, and not read")
    save(tmp_path / "folder", "gus.json", made(catalog))
    assert [p.name for p in read_report([single, tmp_path / "folder"]).people] == ["Fay", "gus"]


def test_the_newest_summary_names_each_service(tmp_path: Path, catalog: Catalog) -> None:
    step = {"id": "training-off", "state": "done", "outcome": "done", "checked_at": GAMMA["generated_at"]}
    renamed = {**GAMMA, "label": "Old", "providers": [{"id": "alpha", "name": "Alpha (old name)", "status": "done",
                                                       "steps": [step]}]}
    save(tmp_path, "1.json", renamed)
    save(tmp_path, "2.json", made(catalog, label="New"))
    save(tmp_path, "3.json", {**renamed, "label": "Older"})  # read last, made before "New"
    report = read_report([tmp_path])
    assert report.providers == [("alpha", "Alpha Chat"), ("beta", "Beta Assistant")]
    assert statuses(report) == {"New": ["todo", "todo"], "Old": ["done", None], "Older": ["done", None]}


def test_a_service_without_steps_is_not_listed_rather_than_done(tmp_path: Path) -> None:
    empty = {**GAMMA, "label": "Eve", "providers": [{"id": "alpha", "name": "Alpha", "status": "done", "steps": []}]}
    save(tmp_path, "eve.json", empty)
    save(tmp_path, "gus.json", GAMMA)
    report = read_report([tmp_path])
    assert statuses(report) == {"Cy": ["done"], "Eve": [None]}


BAD = [
    ("garbage.json", "this is not json", "not JSON (Expecting value, line 1)"),
    ("binary.json", b"\xff\xfe{", "not JSON (not UTF-8 text, or nested too deeply)"),
    ("list.json", [1, 2], "not an offrecord summary (not a JSON object)"),
    ("other.json", {"format": "something/1"}, "not an offrecord summary (no 'format'"),
    ("newer.json", {**GAMMA, "format": "offrecord-summary/2"}, "written as 'offrecord-summary/2' by a newer offrecord"),
    ("odd.json", {**GAMMA, "format": "offrecord-summary/x"}, "unknown summary format 'offrecord-summary/x'"),
    ("nodate.json", {k: v for k, v in GAMMA.items() if k != "generated_at"}, "field 'generated_at' must be an ISO"),
    ("noproviders.json", {k: v for k, v in GAMMA.items() if k != "providers"}, "field 'providers' must be a list"),
    ("label.json", {**GAMMA, "label": 7}, "field 'label' must be a string or null"),
    ("noname.json", {**GAMMA, "providers": [{"id": "g", "status": "done", "steps": []}]},
     "providers[0]: field 'name' must be a non-empty string"),
    ("steps.json", {**GAMMA, "providers": [{"id": "g", "name": "G", "status": "todo", "steps": {}}]},
     "providers[0]: field 'steps' must be a list"),
    ("nostate.json", {**GAMMA, "providers": [{"id": "g", "name": "G", "status": "todo", "steps": [{"id": "s"}]}]},
     "providers[0].steps[0]: fields 'id' and 'state' must be strings"),
    ("when.json", {**GAMMA, "providers": [{"id": "g", "name": "G", "status": "todo",
                                           "steps": [{"id": "s", "state": "done", "checked_at": "yesterday"}]}]},
     "providers[0].steps[0]: field 'checked_at' must be an ISO 8601"),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD, ids=[case[0] for case in BAD])
def test_a_bad_summary_is_refused_naming_the_file(tmp_path: Path, name: str, content: Any, expected: str) -> None:
    path = save(tmp_path, name, content)
    with pytest.raises(ReportError) as caught:
        read_report([tmp_path])
    assert str(caught.value).startswith(f"{path}: ") and expected in str(caught.value)


def test_markdown(team: Path) -> None:
    assert "".join(render_markdown(read_report([team]), NOW)) == """\
# offrecord team report

Generated 2026-11-29 from 3 summaries: 3 people, 3 services. 3 steps outstanding, 1 stale (to re-verify or changed since checked).

## Services

| Service | Done | Partial | To do | Skipped | Not listed | Outstanding steps | Stale steps | Requests awaiting reply | Replies overdue |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| Alpha Chat | 0 | 1 | 1 | 0 | 1 | 3 | 0 | 0 | 0 |
| Beta Assistant | 1 | 0 | 0 | 1 | 1 | 0 | 1 | 0 | 0 |
| Gamma \\| Old | 1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 0 |

## People

| Person | Alpha Chat | Beta Assistant | Gamma \\| Old | Outstanding | Stale | Newest summary |
| --- | --- | --- | --- | ---: | ---: | --- |
| Ana | partial | done | not listed | 1 | 1 | 2026-11-29 |
| bob | to do | skipped | not listed | 2 | 0 | 2026-11-28 |
| Cy | not listed | not listed | done | 0 | 0 | 2026-02-01 |

## Most open

1. bob: 2 steps outstanding
2. Ana: 1 step outstanding
"""


def test_text_has_no_tables(team: Path) -> None:
    text = "".join(render_text(read_report([team]), NOW))
    assert text == """\
offrecord team report, generated 2026-11-29 from 3 summaries: 3 people, 3 services.
Steps outstanding: 3. Stale steps, to re-verify or changed since checked: 1.

Services:
Alpha Chat: done by 0 of 3 people. Partial 1, to do 1, skipped 0, not listed 1. Steps outstanding: 3. Stale: 0.
Beta Assistant: done by 1 of 3 people. Partial 0, to do 0, skipped 1, not listed 1. Steps outstanding: 0. Stale: 1.
Gamma | Old: done by 1 of 3 people. Partial 0, to do 0, skipped 0, not listed 2. Steps outstanding: 0. Stale: 0.

People:
Ana, newest summary 2026-11-29: steps outstanding 1, stale 1. Done: Beta Assistant. Partial: Alpha Chat. Not listed: Gamma | Old.
bob, newest summary 2026-11-28: steps outstanding 2, stale 0. To do: Alpha Chat. Skipped: Beta Assistant. Not listed: Gamma | Old.
Cy, newest summary 2026-02-01: steps outstanding 0, stale 0. Done: Gamma | Old. Not listed: Alpha Chat, Beta Assistant.

Most open:
1. bob: 2 steps outstanding.
2. Ana: 1 step outstanding.
"""


def test_json(team: Path) -> None:
    data = json.loads("".join(render_json(read_report([team]), NOW)))
    assert data == {
        "format": "offrecord-report/1",
        "generated_at": "2026-11-29T00:00:00+00:00",
        "generator": f"offrecord {__version__}",
        "providers": [{"id": "alpha", "name": "Alpha Chat"}, {"id": "beta", "name": "Beta Assistant"},
                      {"id": "gamma", "name": "Gamma | Old"}],
        "totals": {
            "summaries": 3, "people": 3, "outstanding": 3, "stale": 1,
            "providers": {
                "alpha": {"done": 0, "partial": 1, "todo": 1, "skipped": 0, "not_listed": 1, "outstanding": 3, "stale": 0, "awaiting": 0, "overdue": 0},
                "beta": {"done": 1, "partial": 0, "todo": 0, "skipped": 1, "not_listed": 1, "outstanding": 0, "stale": 1, "awaiting": 0, "overdue": 0},
                "gamma": {"done": 1, "partial": 0, "todo": 0, "skipped": 0, "not_listed": 2, "outstanding": 0, "stale": 0, "awaiting": 0, "overdue": 0},
            },
        },
        "most_open": [{"name": "bob", "outstanding": 2}, {"name": "Ana", "outstanding": 1}],
        "people": [
            {"name": "Ana", "generated_at": "2026-11-29T00:00:00+00:00", "summaries": 1, "outstanding": 1, "stale": 1},
            {"name": "bob", "generated_at": "2026-11-28T00:00:00+00:00", "summaries": 1, "outstanding": 2, "stale": 0},
            {"name": "Cy", "generated_at": "2026-02-01T09:00:00+00:00", "summaries": 1, "outstanding": 0, "stale": 0},
        ],
        "matrix": {
            "Ana": {"alpha": "partial", "beta": "done", "gamma": None},
            "bob": {"alpha": "todo", "beta": "skipped", "gamma": None},
            "Cy": {"alpha": None, "beta": None, "gamma": "done"},
        },
    }


def test_nobody_open(tmp_path: Path, catalog: Catalog) -> None:
    save(tmp_path, "a.json", made(catalog, ("alpha/training-off", "na", 1), ("alpha/delete-history", "done", 1),
                                  ("beta/object-eu", "done", 1)))
    report = read_report([tmp_path])
    assert "".join(render_markdown(report, NOW)).endswith("## Most open\n\nNobody has outstanding steps.\n")
    assert "".join(render_text(report, NOW)).endswith("\nNobody has outstanding steps.\n")
    assert json.loads("".join(render_json(report, NOW)))["most_open"] == []


def test_a_folder_changed_while_read_is_an_error_not_a_wrong_merge(tmp_path: Path, catalog: Catalog) -> None:
    first = save(tmp_path, "1.json", made(catalog, label="Ana"))
    second = save(tmp_path, "2.json", made(catalog, label="Ana"))
    report = Report([tmp_path])
    report.add(str(first))
    save(tmp_path, "0.json", made(catalog, label="Bo"))  # now listed before Ana's first file
    with pytest.raises(ReportError, match=r"1\.json|0\.json.*changed while the report was being read"):
        report.add(str(second))


def test_the_report_reads_every_summary_offrecord_has_written() -> None:
    """A summary from the release before accounts and one with accounts, side by side."""
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "summaries"
    report = read_report([folder])
    people = {person.name: person for person in report.people}
    assert set(people) == {"Ada (393fe6e)", "Bea (accounts)"}
    chatgpt = [pid for pid, _ in report.providers].index("chatgpt")
    assert report.cells(people["Ada (393fe6e)"])[chatgpt].status == "partial"  # type: ignore[union-attr]
    bea = report.cells(people["Bea (accounts)"])[chatgpt]
    # Each of Bea's two ticks is on one account only, so each step is still open on the other.
    assert bea is not None and bea.status == "todo" and bea.outstanding == 7
