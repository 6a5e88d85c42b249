"""A record offrecord cannot read is never overwritten, whatever the shell command.

Every command that reads or writes the record, on every kind of bad file: exit 2, one line on stderr
naming the file, nothing on stdout, and the file byte-identical (same inode, same modification time)
afterwards. Every kind goes through the store and `main` in-process (quick); the kinds the issue
names also through real `python -m tui` subprocesses. An empty file is a new record.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG
from tui.cli import main
from tui.core.record import SCHEMA_VERSION, Store
from tui.core.record_file import RecordError

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {
    "status": ["status"],
    "summary": ["summary", "--format", "json", "--notes"],
    "providers": ["providers"],
    "mark": ["mark", "alpha/training-off"],
    "unmark": ["unmark", "alpha/delete-history"],
    "skip": ["skip", "beta"],
    "unskip": ["unskip", "beta"],
}
STEP = {"provider": "alpha", "step": "delete-history", "outcome": "done",
        "checked_at": "2026-05-01T12:00:00+00:00", "note": None, "fingerprint": None}
META = {"1": {"schema_version": SCHEMA_VERSION, "created": "2026-05-01T12:00:00+00:00"}}
CURRENT = f'"schema_version": {SCHEMA_VERSION}'.encode()


def record(**tables: dict) -> bytes:
    return json.dumps({"meta": META, **tables}).encode()


def step(**changes: object) -> bytes:
    doc = {**STEP, **changes}
    return record(steps={"1": {k: v for k, v in doc.items() if v != "MISSING"}})


def a_real_record() -> bytes:
    return record(steps={"1": STEP}, providers={"1": {"provider": "beta", "skipped": True}},
                  settings={"1": {"key": "theme", "value": "nord"}})


BAD_RECORDS = {
    # not JSON at all
    "binary garbage": b"\x00\x01\xfe\xffgarbage\x00",
    "text": b"these are my notes, not a record\n",
    "truncated": a_real_record()[: len(a_real_record()) // 2],
    "truncated by one byte": a_real_record()[:-1],
    "not UTF-8": a_real_record().replace(b'"nord"', b'"n\xf8rd"'),
    "nested too deeply": b"[" * 100_000 + b"]" * 100_000,
    # JSON of the wrong shape
    "null": b"null",
    "a list": b"[1, 2, 3]",
    "a string": b'"record"',
    "tables not objects": b'{"meta": [1], "steps": []}',
    "documents not objects": b'{"meta": {"1": {"schema_version": 1}}, "steps": {"1": 7}}',
    "a TinyDB file of something else": b'{"_default": {"1": {"x": 1}}}',
    "no schema version": record(steps={}).replace(CURRENT, b'"version": 1'),
    "schema version a string": record().replace(CURRENT, b'"schema_version": "1"'),
    "schema version true": record().replace(CURRENT, b'"schema_version": true'),
    "document id not a number": record(steps={"first": STEP}),
    "step without an outcome": step(outcome="MISSING"),
    "step with an unknown outcome": step(outcome="sort-of"),
    "step checked at no time": step(checked_at="yesterday"),
    "step checked at a time without zone": step(checked_at="2026-05-01T12:00:00"),
    "step id not a string": step(step=["delete-history"]),
    "note not a string": step(note={"text": "x"}),
    "provider entry without its id": record(providers={"1": {"skipped": True}}),
    "seen steps not a list": record(providers={"1": {"provider": "alpha", "seen_steps": 5}}),
    "skipped not true or false": record(providers={"1": {"provider": "alpha", "skipped": "no"}}),
    "setting without its key": record(settings={"1": {"value": 30}}),
    "setting without a value": record(settings={"1": {"key": "theme"}}),
    "an unknown table": record(notes={"1": {"text": "x"}}),
    # a newer offrecord's file
    "newer schema": record().replace(CURRENT, f'"schema_version": {SCHEMA_VERSION + 1}'.encode()),
}


# The kinds the issue names, for the (slower) real subprocesses; every kind runs in-process below.
IN_SUBPROCESSES = ["binary garbage", "truncated", "a list", "documents not objects", "newer schema",
                   "step checked at a time without zone"]
STORE_CHANGES = {
    "mark": lambda s: s.mark("alpha", "training-off"),
    "unmark": lambda s: s.unmark("alpha", "delete-history"),
    "skip": lambda s: s.skip("beta"),
    "unskip": lambda s: s.unskip("beta"),
    "see": lambda s: s.see("alpha", ["training-off"]),
    "set_skipped": lambda s: s.set_skipped({"beta"}, ["alpha", "beta"]),
    "set_setting": lambda s: s.set_setting("stale_after", 30),
}


def offrecord(db: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tui", *args, "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only"]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)


def run_all(db: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every command on the same file, as many at a time as there are cores."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(COMMANDS, pool.map(lambda args: offrecord(db, args), COMMANDS.values()), strict=False))


def refusal_problem(db: Path, name: str, code: int, out: str, err: str) -> str | None:
    """None when the command refused the file as promised, else what went wrong."""
    lines = err.splitlines()
    if code == 2 and len(lines) == 1 and lines[0].startswith("offrecord: error: ") and str(db) in lines[0] and out == "":
        return None
    return f"{name}: exit {code}, stdout {out[:80]!r}, stderr {err[-300:]!r}"


def write_bad(tmp_path: Path, content: bytes) -> tuple[Path, os.stat_result]:
    db = tmp_path / "records" / "record.json"
    db.parent.mkdir()
    db.write_bytes(content)
    return db, db.stat()


def assert_untouched(db: Path, content: bytes, before: os.stat_result) -> None:
    after = db.stat()
    assert db.read_bytes() == content
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert sorted(p.name for p in db.parent.iterdir()) in (["record.json"], ["record.json", "record.json.lock"])


def test_the_good_record_used_to_build_the_bad_ones_is_good(tmp_path: Path) -> None:
    db = tmp_path / "record.json"
    db.write_bytes(a_real_record())
    loaded = Store(db).load()
    assert loaded.skipped == {"beta"} and loaded.settings == {"theme": "nord"} and loaded.step("alpha", "delete-history")
    assert main(["status", "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only"]) == 1
    assert main(["mark", "alpha/training-off", "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only"]) == 0


@pytest.mark.parametrize("content", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_the_store_refuses_a_bad_record_and_leaves_it_alone(tmp_path: Path, content: bytes) -> None:
    db, before = write_bad(tmp_path, content)
    store = Store(db)
    with pytest.raises(RecordError, match=re.escape(str(db))):
        store.load()
    for change in STORE_CHANGES.values():
        with pytest.raises(RecordError, match=re.escape(str(db))):
            change(store)
    assert_untouched(db, content, before)


@pytest.mark.parametrize("content", BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_every_command_refuses_a_bad_record(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    """All the kinds, all the commands, through `tui.cli.main` in this process (quick)."""
    db, before = write_bad(tmp_path, content)
    problems = []
    for name, args in COMMANDS.items():
        code = main([*args, "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only"])
        out, err = capsys.readouterr()
        problems.append(refusal_problem(db, name, code, out, err))
    assert not list(filter(None, problems)), "\n".join(filter(None, problems))
    assert_untouched(db, content, before)


@pytest.mark.parametrize("kind", IN_SUBPROCESSES)
def test_every_command_refuses_a_bad_record_in_a_subprocess(tmp_path: Path, kind: str) -> None:
    """The issue's kinds, every command, as the person runs them: `python -m tui ...`."""
    content = BAD_RECORDS[kind]
    db, before = write_bad(tmp_path, content)
    problems = [refusal_problem(db, name, r.returncode, r.stdout, r.stderr) for name, r in run_all(db).items()]
    assert not list(filter(None, problems)), "\n".join(filter(None, problems))
    assert_untouched(db, content, before)


@pytest.mark.parametrize("content", [b"", b"\n", b"  \n\t"], ids=["empty", "newline", "whitespace"])
def test_an_empty_file_is_a_new_record(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "record.json"
    db.write_bytes(content)
    results = {name: offrecord(db, args) for name, args in COMMANDS.items() if name in ("status", "providers", "summary")}
    assert {name: r.returncode for name, r in results.items()} == {"status": 1, "providers": 0, "summary": 0}
    assert db.read_bytes() == content, "reading commands do not write"
    result = offrecord(db, COMMANDS["mark"])
    assert result.returncode == 0, result.stderr
    assert Store(db).load().step("alpha", "training-off") is not None


def test_a_stale_after_setting_of_the_wrong_type_is_ignored(tmp_path: Path) -> None:
    """A preference is not worth refusing the record for: a bad one is ignored (progress.chosen_stale_after)."""
    db = tmp_path / "record.json"
    db.write_bytes(record(settings={"1": {"key": "stale_after", "value": "soon"}}))
    for name in ("status", "summary", "providers"):
        code = main([*COMMANDS[name], "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only"])
        assert code in (0, 1), name
