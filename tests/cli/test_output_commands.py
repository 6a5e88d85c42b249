"""`offrecord remind` and `offrecord report` as commands, in subprocesses: files written, errors in one line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import fixture, run
from tests.core.test_remind import parse
from tests.core.test_report import BAD, made, make_team, save
from tui.core.catalog import Catalog
from tui.core.record import Store, now_utc


def test_command_writes_the_calendar(db_path: Path, tmp_path: Path) -> None:
    checked = now_utc() - dt.timedelta(days=1)
    Store(db_path).mark("alpha", "training-off", when=checked)
    Store(db_path).set_setting("stale_after", 5)
    ics = tmp_path / "remind.ics"
    result = run(*fixture("remind", "--ics", str(ics)), db=db_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"wrote 1 event (1 step) to {ics}\n"
    data = ics.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    (event,) = parse(data.decode())
    assert event["DTSTART;VALUE=DATE"] == f"{(checked + dt.timedelta(days=5)).date():%Y%m%d}"


@pytest.fixture
def team(tmp_path: Path, catalog: Catalog) -> Path:
    return make_team(tmp_path, catalog)


def test_command_with_nothing_done_writes_nothing(db_path: Path, tmp_path: Path) -> None:
    ics = tmp_path / "remind.ics"
    result = run(*fixture("remind", "--ics", str(ics)), db=db_path)
    assert result.returncode == 1 and "no done step to re-verify and no reply awaited" in result.stderr
    assert not ics.exists()
    missing = run(*fixture("remind"), db=db_path)
    assert missing.returncode == 2 and "--ics" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("name", ["garbage.json", "other.json", "newer.json", "noproviders.json", "nostate.json"])
def test_command_refuses_a_bad_summary_in_one_line_exit_2(tmp_path: Path, catalog: Catalog, name: str) -> None:
    _, content, expected = next(case for case in BAD if case[0] == name)
    save(tmp_path, "good.json", made(catalog, label="Ana"))
    bad = save(tmp_path, name, content)
    result = run("report", str(tmp_path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"offrecord: error: {bad}: {expected}")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(("make", "expected"), [
    (lambda root: [str(root / "nowhere")], "nowhere: no such file or folder"),
    (lambda root: [str(root)], "no summaries to read"),
])
def test_command_missing_path_or_nothing_to_read(tmp_path: Path, make: Any, expected: str) -> None:
    result = run("report", *make(tmp_path))
    assert result.returncode == 2 and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_command_writes_every_format(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("report", str(team), "--format", "json", "--output", str(out))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"wrote json report to {out} (3 people from 3 summaries)\n"
    assert json.loads(out.read_text(encoding="utf-8"))["matrix"]["bob"] == {"alpha": "todo", "beta": "skipped",
                                                                             "gamma": None}
    text = run("report", str(team / "bob.json"), "--format", "text")
    assert text.returncode == 0 and text.stdout.startswith("offrecord team report, generated ")
    markdown = run("report", str(team / "c.json"))
    assert markdown.returncode == 0 and "| Cy | done | 0 | 0 |" in markdown.stdout
