"""The record's lock: one change at a time, a clear message when it is held too long."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

import tui.core.record
from tui.core.lock import LockError, exclusive
from tui.core.record import Store
from tui.core.record_file import RecordError

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_holder_waits_until_the_first_lets_go(tmp_path: Path) -> None:
    lock = str(tmp_path / "record.json.lock")
    order: list[str] = []
    first_in = threading.Event()

    def first() -> None:
        with exclusive(lock, timeout=5):
            first_in.set()
            threading.Event().wait(0.2)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with exclusive(lock, timeout=5):
        order.append("second in")
    thread.join()
    assert order == ["first out", "second in"]


def test_a_lock_held_too_long_is_a_clear_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "record.json"
    store = Store(db)
    store.mark("alpha", "training-off")
    before = db.read_bytes()
    monkeypatch.setattr(tui.core.record, "LOCK_TIMEOUT_SECONDS", 0.1)
    holder = subprocess.Popen(  # another process, as another running offrecord would be
        [sys.executable, "-c", f"from tui.core.lock import exclusive\nwith exclusive({str(db) + '.lock'!r}, 5):\n"
         "    print('held', flush=True); input()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(RecordError, match="another offrecord holds the lock for too long; try again"):
            store.mark("alpha", "delete-history")
    finally:
        holder.communicate("\n", timeout=10)
    assert db.read_bytes() == before
    store.mark("alpha", "delete-history")  # the holder has gone: the lock is free again
    assert store.load().step("alpha", "delete-history") is not None


def test_a_lock_file_that_cannot_be_created_names_it(tmp_path: Path) -> None:
    with (pytest.raises(LockError, match=r"cannot create .*nowhere/record.json.lock"),
          exclusive(str(tmp_path / "nowhere" / "record.json.lock"), timeout=1)):
        pass
