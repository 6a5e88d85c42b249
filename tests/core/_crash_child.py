"""Crash driver for tests/test_crash.py: kill a save at its k-th file-system call, for every k.

Run as `python tests/core/_crash_child.py SCENARIO OUT_DIR`. For each mode and each k it copies the
scenario's starting record into `OUT_DIR/<mode>-<k>/`, forks a worker that runs the scenario's
changes through `Store` with the file-system calls of `os` wrapped by a counter, and the worker
SIGKILLs itself at the k-th call: before it (`before`), after it (`after`), or, counting writes
only, after writing part of the k-th write's bytes (`first-byte`, `half`, `all-but-one`). k grows
until the worker runs to the end without reaching it. `OUT_DIR/manifest.json` lists every kill:
the folder, mode, k, the call it died at and which change (index into the scenario) was under way.
The worker runs with umask 0, so what comes out owner-only is offrecord's doing.

The scenarios live here so that the test computes the expected states from the same changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.core.record import Store
from tui.core.record_file import ensure_private_dir

WHEN = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
LATER = WHEN + dt.timedelta(days=3)
WRAPPED = ("open", "write", "fsync", "close", "replace", "rename", "mkdir", "unlink", "ftruncate", "fchmod")
MODES = ("before", "after", "first-byte", "half", "all-but-one")
CUTS = {"first-byte": lambda n: min(n, 1), "half": lambda n: n // 2, "all-but-one": lambda n: max(n - 1, 0)}

Change = Callable[[Store], Any]


def setup_existing(store: Store) -> None:
    """A record with a bit of everything, written before any kill."""
    store.mark("alpha", "training-off", when=WHEN, fingerprint="f1")
    store.mark("alpha", "delete-history", "failed", note="the button was missing", when=WHEN)
    store.skip("gamma")
    store.set_setting("theme", "nord")


SCHEMA_1 = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "schema-1.json"


def setup_schema_1(store: Store) -> None:
    """A record as the release before accounts wrote it (schema 1), byte for byte."""
    ensure_private_dir(store.path.parent)
    store.path.write_bytes(SCHEMA_1.read_bytes())
    store.path.chmod(0o600)


SCENARIOS: dict[str, tuple[Callable[[Store], None] | None, list[Change]]] = {
    # Several saves of every kind over an existing record.
    "existing": (setup_existing, [
        lambda s: s.mark("alpha", "training-off", when=LATER, note="über ✓ — done on the phone", fingerprint="f2"),
        lambda s: s.mark("beta", "object-eu", "na", note="not in the EU " * 40, when=LATER),
        lambda s: s.unmark("alpha", "delete-history"),
        lambda s: s.unskip("gamma"),
        lambda s: s.skip("delta"),
        lambda s: s.set_setting("stale_after", 30),
        lambda s: s.set_skipped({"alpha", "gamma"}, ["alpha", "beta", "gamma", "delta", "epsilon"]),
        lambda s: s.see("beta", ["object-eu", "new-step"]),
    ]),
    # The first write to a schema-1 record upgrades it, keeping the old file beside it once.
    "upgrade": (setup_schema_1, [
        lambda s: s.mark("chatgpt", "no-feedback", when=LATER),
        lambda s: s.add_account("chatgpt", "work"),
        lambda s: s.mark("chatgpt", "training-off", when=LATER, account="work"),
    ]),
    # The first saves ever: nested folders created, the file made.
    "fresh": (None, [
        lambda s: s.mark("alpha", "training-off", when=WHEN),
        lambda s: s.set_skipped({"beta"}, ["alpha", "beta"]),
    ]),
}


def db_in(folder: Path) -> Path:
    return folder / "nested" / "deeper" / "record.json"


def _worker(db: Path, changes: list[Change], mode: str, kill_at: int, report: int) -> None:
    """Runs in the forked child: count calls, die at the k-th; `report` gets the change index."""
    real = {name: getattr(os, name) for name in WRAPPED}
    real_write, kill = os.write, os.kill
    count = 0

    def wrap(name: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            count += mode not in CUTS or name == "write"  # the cutting modes count writes only
            if count == kill_at:
                real_write(report, f"call {name}\n".encode())
                if mode == "before":
                    kill(os.getpid(), signal.SIGKILL)
                if mode in CUTS:
                    fd, data = args[0], memoryview(args[1])
                    real["write"](fd, data[: CUTS[mode](len(data))])
                    kill(os.getpid(), signal.SIGKILL)
                try:
                    return real[name](*args, **kwargs)
                finally:  # also when the call raises (mkdir of a folder that exists)
                    kill(os.getpid(), signal.SIGKILL)
            return real[name](*args, **kwargs)
        return wrapper

    for name in WRAPPED:
        setattr(os, name, wrap(name))
    store = Store(db)
    for index, change in enumerate(changes):
        real_write(report, f"change {index}\n".encode())
        change(store)


def run(scenario: str, out: Path) -> list[dict[str, Any]]:
    setup, changes = SCENARIOS[scenario]
    start = out / "start"
    if setup:
        setup(Store(db_in(start)))
    manifest = []
    for mode in MODES:
        kill_at = 0
        while True:
            kill_at += 1
            folder = out / f"{mode}-{kill_at}"
            if setup:
                shutil.copytree(start, folder)
            else:
                folder.mkdir()
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker
                os.close(read)
                os.umask(0)  # so owner-only files prove themselves, not the umask
                try:
                    _worker(db_in(folder), changes, mode, kill_at, write)
                except BaseException:
                    traceback.print_exc()
                    os._exit(3)
                os._exit(0)
            os.close(write)
            lines = b""
            while chunk := os.read(read, 4096):
                lines += chunk
            os.close(read)
            _, status = os.waitpid(pid, 0)
            log = lines.decode().splitlines()
            calls = [line.split()[1] for line in log if line.startswith("call ")]
            started = [int(line.split()[1]) for line in log if line.startswith("change ")]
            if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
                shutil.rmtree(folder)  # ran to the end: every call of this mode has been tried
                break
            if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
                raise SystemExit(f"{scenario} {mode}-{kill_at}: the worker failed instead of being killed")
            manifest.append({"folder": folder.name, "mode": mode, "k": kill_at, "call": calls[-1],
                             "change": started[-1]})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


if __name__ == "__main__":
    run(sys.argv[1], Path(sys.argv[2]))
