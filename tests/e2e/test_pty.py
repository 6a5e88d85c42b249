"""The installed `offrecord` in a real pseudo-terminal: it paints, takes keys, saves and quits."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal
from tui.core.record import Store

SCRIPT = Path(sys.executable).with_name("offrecord")
ROOT = Path(__file__).resolve().parents[2]


def terminal(*args: str, cols: int = 100, rows: int = 30) -> Terminal:
    """The installed script in a new pty, with the test's environment (its temp folders)."""
    env = {**os.environ, "TERM": "xterm-256color"}
    for name in ("COLUMNS", "LINES", "NO_COLOR"):
        env.pop(name, None)
    term = Terminal([str(SCRIPT), *args], env, ROOT, cols=cols, rows=rows)
    term.start()
    return term


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed offrecord script")
def test_installed_offrecord_in_a_pty(db_path: Path) -> None:
    with terminal("--no-welcome", "--db", str(db_path)) as term:  # the shipped catalog, from the install
        term.wait_markers(["steps settled"], 0, 20)
        since = term.offset
        term.send("\r")  # the first service, whichever the catalog puts first
        term.wait_markers(["Couldn't"], since, 20)  # the provider screen's footer
        since = term.offset
        term.send(" ")  # the page opens on the first open step: Space ticks it
        term.wait_markers(["[done]"], since, 20)
        term.quit()
        assert term.exit_code == 0
    record = Store(db_path).load()
    assert len([s for s in record.steps.values() if s.outcome == "done"]) == 1
