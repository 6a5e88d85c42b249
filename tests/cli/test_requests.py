"""Requests from the shell: the prepared text, sent and answered, overdue in status and the calendar;
and the region that hides steps for elsewhere."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG
from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only"])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_request_needs_the_name_and_email_it_uses(db_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "request", "beta/object-eu", "--db", str(db_path),
                             "--catalog", str(FIXTURE_CATALOG), "--catalog-only"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("offrecord: error: the request needs your name and email: give them with offrecord set "
                             "name ... and offrecord set email ... (kept in your record only)\n")


def test_the_request_is_printed_and_saved_owner_only(db_path: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db_path, "set", "name", "Ada Lovelace")
    run(capsys, db_path, "set", "email", "ada@example.com")
    code, out, _ = run(capsys, db_path, "request", "beta/object-eu")
    assert code == 0 and out.startswith("Subject: File an objection (Beta Assistant)\nSend to: privacy@beta.example\n")
    assert "I, Ada Lovelace (ada@example.com), object" in out
    saved = tmp_path / "request.txt"
    assert run(capsys, db_path, "request", "beta/object-eu", "--output", str(saved))[0] == 0
    assert saved.read_text() == out and saved.stat().st_mode & 0o077 == 0
    assert run(capsys, db_path, "request", "alpha/training-off")[0] == 2  # not a request step


def test_sent_forty_days_ago_is_overdue_everywhere(db_path: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db_path, "set", "name", "Ada Lovelace")
    run(capsys, db_path, "set", "email", "ada@example.com")
    sent = (dt.date.today() - dt.timedelta(days=40)).isoformat()
    assert run(capsys, db_path, "mark", "beta/object-eu", "--sent", "--on", sent)[1] == f"beta/object-eu: sent {sent}\n"
    code, out, err = run(capsys, db_path, "status")
    assert code == 1 and "beta/object-eu  File an objection  (reply overdue: sent" in out and "1 reply overdue" in err
    ics = tmp_path / "r.ics"
    assert run(capsys, db_path, "remind", "--ics", str(ics))[0] == 0
    assert f"DTSTART;VALUE=DATE:{dt.date.today():%Y%m%d}" in ics.read_text()
    summary = json.loads(run(capsys, db_path, "summary", "--format", "json")[1])
    assert summary["totals"]["overdue"] == 1
    beta = summary["providers"][1]["steps"][0]
    assert (beta["state"], beta["sent_on"]) == ("overdue", sent)
    for form in ("markdown", "text"):
        assert "Requests: 0 awaiting a reply, 1 overdue." in run(capsys, db_path, "summary", "--format", form)[1]
    (tmp_path / "ada.json").write_text(json.dumps(summary))
    report = run(capsys, db_path, "report", str(tmp_path / "ada.json"), "--format", "json")[1]
    everything = json.dumps(summary) + report + "".join(
        run(capsys, db_path, "summary", "--format", form, "--notes")[1] for form in ("markdown", "text"))
    assert "Ada" not in everything and "ada@example.com" not in everything and "I, " not in everything
    assert run(capsys, db_path, "mark", "beta/object-eu", "--answered", "refused")[1] == \
        "beta/object-eu: answered: refused\n"
    code, out, _ = run(capsys, db_path, "status")
    assert "beta/object-eu" not in out


def test_request_flags_are_for_request_steps_only(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, wanted in ((["mark", "alpha/training-off", "--sent"], "not a request step"),
                         (["mark", "beta/object-eu", "--on", "2026-01-01"], "use it with --sent"),
                         (["mark", "beta/object-eu", "--sent", "--on", "2999-01-01"], "not a plausible date"),
                         (["mark", "beta/object-eu", "--sent", "--on", "yesterday"], "YYYY-MM-DD")):
        code, _, err = run(capsys, db_path, *args)
        assert code == 2 and wanted in err and len(err.splitlines()) == 1, err


def test_the_region_hides_steps_for_elsewhere_and_brings_them_back(db_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert "beta/object-eu" in run(capsys, db_path, "status")[1]
    run(capsys, db_path, "set", "region", "us")
    assert "beta/object-eu" not in run(capsys, db_path, "status")[1]
    run(capsys, db_path, "set", "region", "eu")
    assert "beta/object-eu" in run(capsys, db_path, "status")[1]
    code, _, err = run(capsys, db_path, "set", "region", "mars")
    assert code == 2 and "choose from: eu, uk, ch, br, us, ca" in err
