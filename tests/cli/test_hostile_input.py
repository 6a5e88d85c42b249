"""Hostile text and careless paths at the shell: one line, exit 2, and nothing acts on the terminal.

Text comes from provider files, teammates' summaries, notes, labels and file names; every command
must print it as inert text. Paths may be accidents: a FIFO, a link to /dev/zero, an output that is
the record.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import FIXTURE_CATALOG
from tests.hostile_values import HOSTILE, TERMINAL_ACTIONS
from tui.cli import main
from tui.core.clean import REPLACEMENT
from tui.core.record import Store

ROOT = Path(__file__).resolve().parents[2]

# --- the shell commands, in-process (fast) ---------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--catalog", str(FIXTURE_CATALOG), "--catalog-only"])
    out, err = capsys.readouterr()
    return code, out, err


def assert_inert(*texts: str) -> None:
    for text in texts:
        found = TERMINAL_ACTIONS.search(text)
        assert not found, f"{found.group()!r} reached the terminal in {text!r}"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_command_prints_hostile_notes_and_labels_inertly(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                hostile: str) -> None:
    db = str(tmp_path / "record.json")
    assert run(capsys, "mark", "alpha/training-off", "--note", hostile, "--db", db)[0] in (0, 2)  # 2: not Unicode
    Store(Path(db)).mark("alpha", "delete-history", note=hostile.encode("utf-8", "replace").decode())  # always kept
    for args in (["status"], ["providers"], ["summary", "--notes", "--label", hostile],
                 ["summary", "--format", "text", "--notes", "--label", hostile],
                 ["summary", "--format", "json", "--notes", "--label", hostile], ["status", "--json"],
                 ["show", "alpha"], ["show", "alpha", "--format", "markdown"]):
        code, out, err = run(capsys, *args, "--db", db)
        assert code in (0, 1), err
        assert_inert(out, err)
    code, out, _ = run(capsys, "summary", "--format", "json", "--notes", "--label", hostile, "--db", db)
    assert json.loads(out)["label"] == hostile  # JSON keeps the value exactly, escaped


def test_markdown_summary_escapes_labels_and_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "record.json")
    run(capsys, "mark", "alpha/training-off", "--note", "x | y \\", "--db", db)
    _code, out, _ = run(capsys, "summary", "--notes", "--label", "<b>Eve</b> [x](http://evil.example)", "--db", db)
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = [child for t in tokens if t.children for child in t.children]
    assert not [c for c in inline if c.type in ("link_open", "html_inline", "image")]
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows), rows  # no forged or swallowed cells
    assert "## Notes" in out and "x \\| y \\\\" in out


def test_hostile_file_names_are_printed_inertly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "\x1b]0;PWNED\x07.toml").write_text("id = ")
    code, out, err = run(capsys, "providers", "--db", str(tmp_path / "r.json"), "--catalog", str(catalog))
    assert "skipped a provider file" in err
    assert_inert(out, err)
    code, out, err = run(capsys, "validate", str(catalog / "\x1b]0;PWNED\x07.toml"))
    assert code == 2
    assert_inert(out, err)


def test_a_hostile_summaries_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    for n, hostile in enumerate(HOSTILE):
        summary = {"format": "offrecord-summary/1", "generated_at": "2026-11-01T00:00:00+00:00", "label": hostile,
                   "providers": [{"id": f"svc{n}", "name": hostile, "status": "todo",
                                  "steps": [{"id": "s", "state": "open", "outcome": None, "checked_at": None}]}]}
        (folder / f"{n}.json").write_text(json.dumps(summary), encoding="utf-8", errors="surrogatepass")
    (folder / "\x1b]52;c;eA==\x07.json").write_text("not json")
    code, out, err = run(capsys, "report", str(folder))
    assert code == 2 and "not JSON" in err
    assert_inert(out, err)
    (folder / "\x1b]52;c;eA==\x07.json").unlink()
    for fmt in ("markdown", "text", "json"):
        code, out, err = run(capsys, "report", str(folder), "--format", fmt)
        assert code == 0, err
        assert_inert(out, err)
    code, out, _ = run(capsys, "report", str(folder))
    inline = [c for t in MarkdownIt("commonmark").enable("table").parse(out) if t.children for c in t.children]
    assert not [c for c in inline if c.type in ("link_open", "html_inline", "image")]


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("generated_at", "0001-01-01T00:00:00+05:00", "must be a date from 2000 to 2200"),
    ("generated_at", "9999-12-31T23:00:00-05:00", "must be a date from 2000 to 2200"),
    ("format", "offrecord-summary/" + "9" * 5000, "unknown summary format"),
])
def test_report_refuses_implausible_values_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       field: str, value: str, problem: str) -> None:
    summary = {"format": "offrecord-summary/1", "generated_at": "2026-11-01T00:00:00+00:00", "providers": []}
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**summary, field: value}))
    code, _out, err = run(capsys, "report", str(path))
    assert code == 2 and problem in err and len(err.splitlines()) == 1 and len(err) < 300, err


# --- outputs never land on the record or an input ------------------------------------------------

def test_outputs_never_replace_the_record_its_lock_or_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    run(capsys, "mark", "alpha/training-off", "--db", str(db))
    before = db.read_bytes()
    (tmp_path / "shared").mkdir()
    summary = tmp_path / "shared" / "s.json"
    run(capsys, "summary", "--format", "json", "--output", str(summary), "--db", str(db))
    link = tmp_path / "link.json"
    link.symlink_to(db)
    hard = tmp_path / "hard.json"
    os.link(db, hard)
    for args in (["summary", "--output", str(db)], ["summary", "--output", str(link), "--force"],
                 ["summary", "--output", str(hard), "--force"], ["summary", "--output", f"{db}.lock", "--force"],
                 ["remind", "--ics", str(db), "--force"], ["report", str(summary), "--output", str(db), "--force"],
                 ["report", str(summary), "--output", str(summary), "--force"],
                 ["report", str(tmp_path / "shared"), "--output", str(summary), "--force"]):
        code, _out, err = run(capsys, *args, "--db", str(db))
        assert code == 2 and "which offrecord reads" in err and len(err.splitlines()) == 1, (args, err)
    assert db.read_bytes() == before
    assert json.loads(summary.read_text())["format"] == "offrecord-summary/1"


def test_an_existing_output_is_replaced_only_with_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, out_file = str(tmp_path / "record.json"), tmp_path / "summary.md"
    out_file.write_text("mine")
    code, _, err = run(capsys, "summary", "--output", str(out_file), "--db", db)
    assert code == 2 and "already exists; add --force to replace it" in err
    assert out_file.read_text() == "mine"
    assert run(capsys, "summary", "--output", str(out_file), "--db", db, "--force")[0] == 0
    assert out_file.read_text().startswith("# offrecord status")


def test_summary_with_notes_is_written_owner_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "record.json")
    run(capsys, "summary", "--output", str(tmp_path / "plain.md"), "--db", db)
    run(capsys, "summary", "--notes", "--output", str(tmp_path / "noted.md"), "--db", db)
    assert (tmp_path / "noted.md").stat().st_mode & 0o077 == 0


def test_a_label_that_is_not_utf8_is_written_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "summary", "--label", "caf\udce9", "--output", str(tmp_path / "s.md"),
                       "--db", str(tmp_path / "r.json"))
    assert code == 0, err
    assert f"caf{REPLACEMENT}" in (tmp_path / "s.md").read_text(encoding="utf-8")


# --- careless paths --------------------------------------------------------------------------------

def test_an_empty_db_never_falls_back_to_the_real_record(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(capsys, "mark", "alpha/training-off", "--db", "")
    assert code == 2 and "--db was given an empty path" in err
    monkeypatch.setenv("OFFRECORD_DB", "")
    code, _, err = run(capsys, "mark", "alpha/training-off")
    assert code == 2 and "OFFRECORD_DB is set but empty" in err
    assert not (tmp_path / "xdg-data").exists(), "the default record was never touched"


def test_a_symlinked_record_is_written_through_with_the_lock_beside_its_target(tmp_path: Path,
                                                                               capsys: pytest.CaptureFixture[str]) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "record.json"
    link = tmp_path / "record.json"
    link.symlink_to(target)
    assert run(capsys, "mark", "alpha/training-off", "--db", str(link))[0] == 0
    assert run(capsys, "mark", "alpha/delete-history", "--db", str(link))[0] == 0
    assert link.is_symlink(), "the link is still a link"
    assert {s.key for s in Store(target).load().steps.values()} == {"alpha/training-off", "alpha/delete-history"}
    assert (synced / "record.json.lock").exists() and not (tmp_path / "record.json.lock").exists()


def test_a_lock_that_is_a_symlink_is_never_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    victim = tmp_path / "victim"
    (tmp_path / "record.json.lock").symlink_to(victim)
    code, _, err = run(capsys, "mark", "alpha/training-off", "--db", str(db))
    assert code == 2 and "is a symbolic link" in err
    assert not victim.exists() and not db.exists()


def test_a_symlink_loop_is_called_a_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    code, _, err = run(capsys, "status", "--db", str(loop))
    assert code == 2 and "loops" in err
    code, _, err = run(capsys, "report", str(loop))
    assert code == 2 and "loops" in err and "no such file" not in err


def test_fifos_devices_and_huge_files_are_refused_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(9 * 1024 * 1024)
    for path in (fifo, zero, huge):
        code, _, err = run(capsys, "report", str(path))
        assert code == 2 and str(path) in err and ("not a regular file" in err or "larger than" in err), err
    code, _, err = run(capsys, "status", "--db", str(fifo))
    assert code == 2 and "not a regular file" in err


def test_a_read_only_record_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    run(capsys, "mark", "alpha/training-off", "--db", str(db))
    db.chmod(0o400)
    before = db.read_bytes()
    code, _, err = run(capsys, "mark", "alpha/delete-history", "--db", str(db))
    assert code == 2 and "is read-only" in err
    assert db.read_bytes() == before


def test_a_failed_mark_on_a_file_that_is_not_a_record_leaves_no_lock(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "mine" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("my notes")
    code, _, err = run(capsys, "mark", "alpha/training-off", "--db", str(notes))
    assert code == 2 and "not an offrecord record" in err
    assert sorted(p.name for p in notes.parent.iterdir()) == ["notes.txt"]


def test_implausible_dates_and_intervals_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    run(capsys, "mark", "alpha/training-off", "--db", str(db))
    for args in (["status", "--stale-after", "3000000"], ["remind", "--ics", str(tmp_path / "x.ics"), "--stale-after",
                                                          "3000000"], ["status", "--stale-after", "²"]):
        code, _, err = run(capsys, *args, "--db", str(db))
        assert code == 2 and "whole number of days from 0 to 36500" in err and "_days" not in err, err
    data = json.loads(db.read_text())
    data["steps"]["1"]["checked_at"] = "9999-12-31T00:00:00+00:00"
    db.write_text(json.dumps(data))
    code, _, err = run(capsys, "remind", "--ics", str(tmp_path / "x.ics"), "--db", str(db))
    assert code == 2 and "malformed" in err and len(err.splitlines()) == 1


def test_a_full_disk_on_stdout_is_one_line(tmp_path: Path) -> None:
    for command in (["summary"], ["status"]):
        with open("/dev/full", "w") as full:
            result = subprocess.run([sys.executable, "-m", "tui", *command, "--db", str(tmp_path / "r.json"),
                                     "--catalog", str(FIXTURE_CATALOG), "--catalog-only"],
                                    stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=60)
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines()[-1].startswith("offrecord: error: cannot write the output")
        assert "Traceback" not in result.stderr
