"""The record: intents round-trip, the file is private and versioned, bad files are never overwritten."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from tui.core.record import SCHEMA_VERSION, Store
from tui.core.record_file import RecordError

WHEN = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


def test_a_missing_or_empty_file_is_an_empty_record(store: Store, db_path: Path) -> None:
    assert store.load().steps == {}
    assert not store.exists()
    db_path.parent.mkdir(parents=True)
    db_path.write_text("")
    assert store.load().steps == {} and not store.exists()


def test_mark_unmark_skip_round_trip(store: Store) -> None:
    store.mark("alpha", "training-off", when=WHEN, fingerprint="abc")
    store.mark("beta", "object-eu", "na", note="not in the EU")
    store.skip("beta")
    record = store.load()
    entry = record.step("alpha", "training-off")
    assert entry is not None and entry.outcome == "done" and entry.checked_at == WHEN and entry.fingerprint == "abc"
    assert record.step("beta", "object-eu").note == "not in the EU"  # type: ignore[union-attr]
    assert record.skipped == {"beta"}
    store.unmark("alpha", "training-off")
    store.unskip("beta")
    record = store.load()
    assert record.step("alpha", "training-off") is None and record.skipped == frozenset()
    assert record.step("beta", "object-eu") is not None


def test_marking_again_keeps_the_note_unless_replaced(store: Store) -> None:
    store.mark("alpha", "training-off", note="did it on the phone")
    store.mark("alpha", "training-off", "failed")
    assert store.load().step("alpha", "training-off").note == "did it on the phone"  # type: ignore[union-attr]


def test_record_and_folder_are_private_and_versioned(store: Store, db_path: Path) -> None:
    store.mark("alpha", "training-off")
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    data = json.loads(db_path.read_text())
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "content",
    [
        b"\x00garbage",
        b'{"meta": {"1": {"schema_version": 1}}, "steps": {"1": {"provider": "alpha"',
        b"[1, 2, 3]",
        b'{"_default": {"1": {"x": 1}}}',
        json.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}}).encode(),
        json.dumps({"meta": {"1": {"schema_version": 1}}, "steps": {"1": {"provider": "a"}}}).encode(),
    ],
)
def test_an_unreadable_record_is_refused_and_left_untouched(store: Store, db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    with pytest.raises(RecordError, match=str(db_path)):
        store.load()
    with pytest.raises(RecordError, match=str(db_path)):
        store.mark("alpha", "training-off")
    assert db_path.read_bytes() == content


def test_a_path_under_a_regular_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    store = Store(tmp_path / "file" / "record.json")
    with pytest.raises(RecordError, match="not a folder"):
        store.mark("alpha", "training-off")


def test_a_temp_file_left_by_a_killed_save_is_reused_and_made_private(store: Store, db_path: Path) -> None:
    store.mark("alpha", "training-off")
    leftover = db_path.parent / f".{db_path.name}.tmp"
    leftover.write_text('{"half": ')
    leftover.chmod(0o644)
    store.mark("alpha", "delete-history")
    assert not leftover.exists()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert store.load().step("alpha", "delete-history") is not None
    assert sorted(path.name for path in db_path.parent.iterdir()) == ["record.json", "record.json.lock"]


def test_skipping_a_provider_does_not_mark_its_steps_as_seen(store: Store) -> None:
    store.skip("alpha")
    store.unskip("alpha")
    store.set_skipped({"beta"}, ["alpha", "beta"])
    assert store.load().seen == {}
    store.see("alpha", ["training-off"])
    assert store.load().seen == {"alpha": frozenset({"training-off"})}
