"""Accounts, settings and the portable record, from the shell."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG
from tui.cli import main
from tui.core.record import Store

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "tests" / "fixtures" / "records"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only"])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_account_shows_no_account_names_anywhere(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db_path, "mark", "alpha/training-off")
    assert run(capsys, db_path, "accounts", "alpha")[1] == "alpha  default\n"
    for args in (["status"], ["providers"], ["summary"], ["summary", "--format", "text"]):
        assert "default" not in run(capsys, db_path, *args)[1], args


def test_a_second_account_has_its_own_ticks_and_every_listing_names_it(db_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db_path, "mark", "alpha/training-off")
    assert run(capsys, db_path, "account", "add", "alpha", "work")[1] == "alpha: accounts default, work\n"
    assert run(capsys, db_path, "mark", "alpha/delete-history", "--account", "work")[1] == \
        "alpha/delete-history on 'work': done\n"
    code, out, err = run(capsys, db_path, "status")
    assert code == 1
    assert out.splitlines()[:2] == ["alpha/delete-history (default)  Delete old chats",
                                    "alpha/training-off (work)  Switch off training"]
    assert "3 outstanding" in err  # alpha's two open steps, one on each account, and beta's
    providers = run(capsys, db_path, "providers")[1]
    assert "2/4  Alpha Chat (Alpha Labs), on 2 accounts" in providers
    summary = json.loads(run(capsys, db_path, "summary", "--format", "json")[1])
    alpha = summary["providers"][0]
    assert [s["state"] for s in alpha["steps"]] == ["open", "open"]  # a step open on one account is open
    assert [a["name"] for a in alpha["accounts"]] == ["default", "work"]
    assert summary["format"] == "offrecord-summary/1" and summary["totals"]["outstanding"] == 3
    markdown = run(capsys, db_path, "summary")[1]
    assert "- [ ] **Alpha Chat** \\(work\\): Switch off training - open" in markdown


def test_unknown_accounts_and_risky_removals_are_one_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db_path, "account", "add", "alpha", "work")
    code, _, err = run(capsys, db_path, "mark", "alpha/training-off", "--account", "wrok")
    assert code == 2 and err == "offrecord: error: alpha has no account 'wrok'; its accounts: default, work\n"
    assert run(capsys, db_path, "account", "add", "alpha", "Work")[2].endswith("already has an account 'Work'; "
                                                                               "its accounts: default, work\n")
    run(capsys, db_path, "mark", "alpha/training-off", "--account", "work")
    code, _, err = run(capsys, db_path, "account", "remove", "alpha", "work")
    assert code == 2 and "add --yes" in err
    assert run(capsys, db_path, "account", "remove", "alpha", "work", "--yes")[0] == 0
    assert Store(db_path).load().accounts_of("alpha") == ("default",)
    assert run(capsys, db_path, "account", "remove", "alpha", "default")[0] == 2  # the last one stays


def test_renaming_the_first_account_keeps_its_ticks(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db_path, "mark", "alpha/training-off")
    run(capsys, db_path, "account", "add", "alpha", "parent")
    run(capsys, db_path, "account", "rename", "alpha", "default", "mine")
    record = Store(db_path).load()
    assert record.accounts_of("alpha") == ("mine", "parent")
    assert record.step("alpha", "training-off") is not None and record.step("alpha", "training-off", "parent") is None


def test_an_account_can_stop_counting(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db_path, "account", "add", "alpha", "old")
    run(capsys, db_path, "skip", "alpha", "--account", "old")
    assert run(capsys, db_path, "accounts", "alpha")[1] == "alpha  default, old (not counted)\n"
    assert "(old)" not in run(capsys, db_path, "status")[1]


def test_settings_list_change_and_clear(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listing = run(capsys, db_path, "set")[1].splitlines()
    assert [line.split()[0] for line in listing] == ["platforms", "stale-after", "theme", "region", "name", "email"]
    assert run(capsys, db_path, "set", "platforms", "ios,web")[1] == "platforms: web, ios\n"
    assert run(capsys, db_path, "set", "stale-after", "90")[1] == "stale-after: 90\n"
    assert run(capsys, db_path, "set", "theme", "nord")[0] == 0
    settings = Store(db_path).load().settings
    assert (settings["platforms"], settings["stale_after"], settings["theme"]) == (["web", "ios"], 90, "nord")
    for args, wanted in ((["set", "platforms", "linux"], "choose from: web, ios, android, windows, macos"),
                         (["set", "colour", "red"], "the settings: platforms, stale-after, theme, region, name, email"),
                         (["set", "stale-after", "soon"], "whole number of days"),
                         (["set", "theme"], "give theme a value, or --clear")):
        code, _, err = run(capsys, db_path, *args)
        assert code == 2 and wanted in err and len(err.splitlines()) == 1, err
    run(capsys, db_path, "set", "stale-after", "--clear")
    assert "stale_after" not in Store(db_path).load().settings


def test_a_schema_1_records_settings_show_under_these_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    shutil.copyfile(RECORDS / "schema-1.json", db)
    listing = run(capsys, db, "set")[1]
    assert "stale-after  90" in listing and "theme        nord" in listing


def test_export_then_import_into_a_fresh_record(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, db_path, "mark", "alpha/training-off", "--note", "on the phone")
    run(capsys, db_path, "account", "add", "alpha", "work")
    run(capsys, db_path, "mark", "alpha/delete-history", "--account", "work", "--na")
    run(capsys, db_path, "skip", "beta")
    run(capsys, db_path, "set", "theme", "nord")
    export = tmp_path / "backup.json"
    assert run(capsys, db_path, "export", "--output", str(export))[0] == 0
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    assert json.loads(export.read_text())["format"] == "offrecord-export/1"
    fresh = tmp_path / "elsewhere" / "record.json"
    code, out, err = run(capsys, fresh, "import", str(export), "--dry-run")
    said = len(out.splitlines())
    assert code == 0 and err == f"{said} changes would be made (nothing was written)\n" and not fresh.exists()
    code, out, err = run(capsys, fresh, "import", str(export))
    assert code == 0 and "alpha/delete-history on 'work': na" in out and err == f"{said} changes made\n"
    assert Store(fresh).load()._replace(schema=2) == Store(db_path).load()._replace(schema=2)
    code, out, err = run(capsys, fresh, "import", str(export))
    assert (out, err) == ("", "nothing to change: the record already holds everything in the file\n")


def test_import_keeps_the_newest_check_and_fills_only_what_is_missing(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    run(capsys, old, "mark", "alpha/training-off", "--note", "older")
    run(capsys, old, "set", "theme", "nord")
    export = tmp_path / "old-export.json"
    run(capsys, old, "export", "--output", str(export))
    run(capsys, new, "mark", "alpha/training-off", "--failed", "--note", "newer")
    run(capsys, new, "set", "theme", "dracula")
    run(capsys, new, "import", str(export))
    record = Store(new).load()
    assert record.step("alpha", "training-off").note == "newer"  # type: ignore[union-attr]
    assert record.settings["theme"] == "dracula"


@pytest.mark.parametrize(("content", "wanted"), [
    ({"format": "offrecord-summary/1", "providers": []}, "not an offrecord export"),
    ({"format": "offrecord-export/2", "steps": []}, "written by a newer offrecord"),
    ({"format": "offrecord-export/1", "steps": [{"provider": 1}], "providers": [], "settings": {}}, "malformed"),
])
def test_import_refuses_what_is_not_an_export(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              content: dict[str, object], wanted: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(content))
    db = tmp_path / "record.json"
    run(capsys, db, "mark", "alpha/training-off")
    before = db.read_bytes()
    code, _, err = run(capsys, db, "import", str(bad))
    assert code == 2 and wanted in err and len(err.splitlines()) == 1
    assert db.read_bytes() == before


def test_account_commands_in_a_subprocess(db_path: Path) -> None:
    def offrecord(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tui", *args, "--db", str(db_path), "--catalog",
                               str(FIXTURE_CATALOG), "--catalog-only"], capture_output=True, text=True, cwd=ROOT,
                              timeout=60)
    assert offrecord("account", "add", "alpha", "work").returncode == 0
    assert offrecord("mark", "alpha/training-off", "--account", "work").stdout == "alpha/training-off on 'work': done\n"
    missing = offrecord("unmark", "alpha/training-off", "--account", "home")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
