"""A crash at any point of a save loses nothing: the record holds the old state or the new one, exactly.

`tests/_crash_child.py` runs each scenario's changes in a forked worker and SIGKILLs it at every
file-system call of every save in turn (before the call, after it, and part-way through each write:
one byte, half, all but one), leaving one folder per kill. Here every one of those folders must
load, hold exactly the state before or after the change that was under way, keep its files
owner-only and its folders private, and take the next change (no lock left stuck).

A process kill is what this proves; a power cut (data in the page cache lost) is out of its reach.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core._crash_child import CUTS, MODES, SCENARIOS, SCHEMA_1, db_in
from tui.core.record import Record, Store, schema_1_copy

CHILD = Path(__file__).with_name("_crash_child.py")


def expected_states(scenario: str, folder: Path) -> list[Record]:
    """The record before the first change and after each one, made without any crash."""
    setup, changes = SCENARIOS[scenario]
    store = Store(db_in(folder))
    if setup:
        setup(store)
    states = [store.load()]
    for change in changes:
        change(store)
        states.append(store.load())
    return states


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_a_kill_at_any_call_of_a_save_leaves_the_old_or_the_new_record(scenario: str, ram_path: Path) -> None:
    out = ram_path / "kills"
    out.mkdir()
    result = subprocess.run([sys.executable, str(CHILD), scenario, str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    states = expected_states(scenario, ram_path / "expected")
    changes = len(SCENARIOS[scenario][1])
    # Every change was hit, by every kind of kill, and every write was also cut short three ways.
    assert {entry["change"] for entry in manifest} == set(range(changes))
    assert {entry["mode"] for entry in manifest} == set(MODES)
    writes = sum(1 for entry in manifest if entry["mode"] == "after" and entry["call"] == "write")
    assert writes >= changes
    for cut in CUTS:
        assert sum(1 for entry in manifest if entry["mode"] == cut) == writes

    for entry in manifest:
        where = f"{scenario}: killed {entry['mode']} call {entry['k']} ({entry['call']}) in change {entry['change']}"
        db = db_in(out / entry["folder"])
        store = Store(db)
        loaded = store.load()
        before, after = states[entry["change"]], states[entry["change"] + 1]
        assert loaded in (before, after), where
        if entry["mode"] == "before" and entry["k"] == 1:
            assert loaded == before, where
        for leftover in db.parent.iterdir() if db.parent.exists() else ():  # record, lock, temp files
            assert stat.S_IMODE(leftover.stat().st_mode) == 0o600, f"{where}: {leftover.name}"
        for folder in (db.parent, db.parent.parent):
            assert not folder.exists() or stat.S_IMODE(folder.stat().st_mode) == 0o700, f"{where}: {folder}"
        if entry["change"] == changes - 1:  # the last change: the next save must still go through
            store.mark("zeta", "after-the-crash")
            assert store.load().steps.keys() == loaded.steps.keys() | {("zeta", "default", "after-the-crash")}, where
        copy = schema_1_copy(db)
        if scenario == "upgrade" and copy.exists():  # the schema-1 file, kept whole or not at all
            assert copy.read_bytes() == SCHEMA_1.read_bytes(), where
