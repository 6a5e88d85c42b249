"""Schema 2 (accounts): a record written by the release before it is read as it is, upgraded on its
first write with its file kept beside it once, and nothing in it is lost."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.record import DEFAULT_ACCOUNT, SCHEMA_VERSION, Store, schema_1_copy

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "records"
ROOT = Path(__file__).resolve().parents[2]
RELEASE_BEFORE = "393fe6e"


@pytest.fixture(params=["schema-1.json", "schema-1-minimal.json"])
def old_record(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "record.json"
    shutil.copyfile(RECORDS / request.param, path)
    path.chmod(0o600)
    return path


def every_entry(path: Path) -> dict[str, object]:
    """What the schema-1 file holds, field by field, as the record should show it."""
    data = json.loads(path.read_bytes())
    return {
        "steps": sorted((d["provider"], d["step"], d["outcome"], d["checked_at"], d["note"], d["fingerprint"])
                        for d in data.get("steps", {}).values()),
        "skipped": sorted(d["provider"] for d in data.get("providers", {}).values() if d.get("skipped")),
        "seen": sorted((d["provider"], sorted(d["seen_steps"])) for d in data.get("providers", {}).values()
                       if "seen_steps" in d),
        "settings": sorted((d["key"], json.dumps(d["value"])) for d in data.get("settings", {}).values()),
    }


def as_entries(store: Store) -> dict[str, object]:
    record = store.load()
    return {
        "steps": sorted((r.provider, r.step, r.outcome, r.checked_at.isoformat(), r.note, r.fingerprint)
                        for r in record.steps.values()),
        "skipped": sorted(record.skipped),
        "seen": sorted((p, sorted(steps)) for p, steps in record.seen.items()),
        "settings": sorted((k, json.dumps(v)) for k, v in record.settings.items()),
    }


def test_a_schema_1_record_is_read_as_it_is(old_record: Path) -> None:
    before = old_record.read_bytes()
    store = Store(old_record)
    record = store.load()
    assert record.schema == 1 and as_entries(store) == every_entry(old_record)
    assert all(r.account == DEFAULT_ACCOUNT for r in record.steps.values())
    assert old_record.read_bytes() == before and not schema_1_copy(old_record).exists()


def test_the_first_write_upgrades_and_keeps_the_old_file_once(old_record: Path) -> None:
    original = old_record.read_bytes()
    expected = every_entry(old_record)
    store = Store(old_record)
    when = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    after = store.mark("perplexity", "training-off", when=when)
    assert after.schema == SCHEMA_VERSION == json.loads(old_record.read_bytes())["meta"]["1"]["schema_version"]
    copy = schema_1_copy(old_record)
    assert copy.name == "record.schema-1.json" and copy.read_bytes() == original
    assert copy.stat().st_mode & 0o777 == 0o600
    entries = as_entries(store)
    new_step = ("perplexity", "training-off", "done", when.isoformat(), None, None)
    assert entries["steps"] == sorted([*expected["steps"], new_step])  # type: ignore[misc]
    assert {k: v for k, v in entries.items() if k != "steps"} == {k: v for k, v in expected.items() if k != "steps"}
    store.add_account("chatgpt", "work")
    assert copy.read_bytes() == original, "kept once: later writes leave the copy alone"


def test_an_upgraded_record_takes_accounts_and_the_default_keeps_its_ticks(old_record: Path) -> None:
    store = Store(old_record)
    ticked = {r.step for r in store.load().steps.values() if r.provider == "chatgpt"}
    store.add_account("chatgpt", "work")
    store.rename_account("chatgpt", "default", "personal")
    record = store.load()
    assert record.accounts_of("chatgpt") == ("personal", "work")
    assert {r.step for r in record.steps.values() if r.account == "personal"} == ticked


def test_the_release_before_refuses_a_schema_2_record(tmp_path: Path) -> None:
    """The release at 393fe6e, run from its own files in git history, on a record this one wrote."""
    old = tmp_path / "release"
    for name in ("tui/__init__.py", "tui/__main__.py", "tui/cli.py", "tui/store.py", "tui/storage.py", "tui/lock.py",
                 "tui/locations.py", "tui/progress.py", "providers/__init__.py", "providers/catalog.py",
                 "providers/cache.py", "providers/chatgpt.toml"):
        shown = subprocess.run(["git", "show", f"{RELEASE_BEFORE}:{name}"], capture_output=True, cwd=ROOT)
        if shown.returncode != 0:
            pytest.skip(f"git history without {RELEASE_BEFORE} (a shallow clone)")
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_bytes(shown.stdout)
    record = tmp_path / "record.json"
    Store(record).mark("chatgpt", "training-off")
    result = subprocess.run([sys.executable, "-m", "tui", "status", "--db", str(record)], capture_output=True,
                            text=True, cwd=old, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (f"offrecord: error: {record}: was written by a newer offrecord (schema 2, this one "
                             "reads up to 1); upgrade offrecord to use it\n")
