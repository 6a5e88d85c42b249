"""Two writers never lose each other's work: many processes change one record at once, all of it stays."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from tui.core.record import Store

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 8
STEPS_PER_WORKER = 12


def test_concurrent_shell_commands_all_land(big_catalog: Path, ram_path: Path) -> None:
    """32 `offrecord mark/skip/unmark` processes started together on one record."""
    db = ram_path / "record.json"
    store = Store(db)
    store.mark("solo-1", "step-01")
    store.mark("solo-2", "step-01")
    outcomes = {n: ("--na", "--failed", None)[n % 3] for n in range(1, 25)}  # 24 of the 40 steps
    commands = []
    for n, flag in outcomes.items():
        commands.append(["mark", f"many/step-{n:02d}", *([flag] if flag else []), "--note", f"note {n}"])
    commands += [["skip", f"solo-{n}"] for n in range(3, 9)]  # solo-1, solo-2: unmarked below
    commands += [["unmark", "solo-1/step-01"], ["unmark", "solo-2/step-01"]]
    base = [sys.executable, "-m", "tui", "--db", str(db), "--catalog", str(big_catalog), "--catalog-only"]
    processes = [subprocess.Popen([*base, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for args in commands]
    for process in processes:
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    assert len(processes) == 32

    record = Store(db).load()
    expected_outcome = {None: "done", "--na": "na", "--failed": "failed"}
    assert {s.key for s in record.steps.values()} == {f"many/step-{n:02d}" for n in outcomes}
    for n, flag in outcomes.items():
        step = record.step("many", f"step-{n:02d}")
        assert step is not None and (step.outcome, step.note) == (expected_outcome[flag], f"note {n}")
    assert record.skipped == {f"solo-{n}" for n in range(3, 9)}


def _worker(db: str, worker: int, barrier: multiprocessing.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    """Every kind of change, on keys of this worker's own, as fast as it can."""
    store = Store(Path(db))
    barrier.wait()
    for n in range(STEPS_PER_WORKER):
        store.mark(f"w{worker}", f"s{n}", ("done", "na", "failed")[n % 3], note=f"w{worker} s{n}")
        store.set_setting(f"w{worker}", n)
    for n in range(0, STEPS_PER_WORKER, 4):
        store.unmark(f"w{worker}", f"s{n}")
    store.skip(f"w{worker}-unused")
    store.skip(f"w{worker}-back")
    store.unskip(f"w{worker}-back")
    store.see(f"w{worker}", ["s0", "s1"])


def test_concurrent_store_writers_lose_nothing(ram_path: Path) -> None:
    """8 processes x 31 changes each (mark, unmark, skip, unskip, see, set_setting), all at once: 248 writes."""
    db = ram_path / "record.json"
    Store(db).set_setting("before", True)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WORKERS)
    workers = [context.Process(target=_worker, args=(str(db), w, barrier)) for w in range(WORKERS)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0

    record = Store(db).load()
    expected_steps = {f"w{w}/s{n}" for w in range(WORKERS) for n in range(STEPS_PER_WORKER) if n % 4}
    assert {s.key for s in record.steps.values()} == expected_steps
    for w in range(WORKERS):
        for n in range(1, STEPS_PER_WORKER):
            if n % 4:
                step = record.step(f"w{w}", f"s{n}")
                assert step is not None and (step.outcome, step.note) == (("done", "na", "failed")[n % 3], f"w{w} s{n}")
    assert record.settings == {"before": True, **{f"w{w}": STEPS_PER_WORKER - 1 for w in range(WORKERS)}}
    assert record.skipped == {f"w{w}-unused" for w in range(WORKERS)}
    written = {doc["provider"]: doc for doc in json.loads(db.read_text())["providers"].values()}
    assert all(written[f"w{w}-back"]["skipped"] is False for w in range(WORKERS))  # skip, then unskip, both kept
    assert all(record.seen[f"w{w}"] == {"s0", "s1"} for w in range(WORKERS))
    assert not [name for name in os.listdir(ram_path) if name.endswith(".tmp")]
