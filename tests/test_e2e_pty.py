"""The installed `offrecord` in a real pseudo-terminal: it paints, takes keys, saves and quits."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tui.core.record import Store

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\")
SCRIPT = Path(sys.executable).with_name("offrecord")


class Terminal:
    """A child process on a pty of a fixed size, with its output read as plain text."""

    def __init__(self, args: list[str], cols: int = 100, rows: int = 30) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.output = b""

    def text(self) -> str:
        return ANSI.sub(b"", self.output).decode("utf-8", "replace")

    def wait_for(self, wanted: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while wanted not in self.text():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{wanted!r} never appeared; screen text ends: {self.text()[-500:]!r}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    break
        return self.text()

    def press(self, keys: str) -> None:
        self.output = b""
        os.write(self.master, keys.encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=20)
        finally:
            os.close(self.master)


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed offrecord script")
def test_installed_offrecord_in_a_pty(db_path: Path) -> None:
    terminal = Terminal([str(SCRIPT), "--no-welcome", "--db", str(db_path)])  # the shipped catalog, from the install
    try:
        terminal.wait_for("steps settled")
        terminal.press("\r")  # the first service, whichever the catalog puts first
        terminal.wait_for("Don't use")  # the provider screen's footer
        terminal.press("  ")  # the first Space goes to the first step, the second ticks it
        terminal.wait_for("[done]")
        terminal.press("q")
        assert terminal.close() == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    record = Store(db_path).load()
    assert len([s for s in record.steps.values() if s.outcome == "done"]) == 1
