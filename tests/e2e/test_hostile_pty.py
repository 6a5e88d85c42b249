"""The raw bytes offrecord writes to a real terminal carry no hostile sequence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG
from tests.e2e.test_pty import SCRIPT, terminal
from tui.core.record import Store

PTY_NOTE = "\x1b]0;PWNED\x07\x1b]52;c;cm0gLXJmIH4=\x07"


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed offrecord script")
def test_the_terminal_never_receives_a_hostile_sequence(db_path: Path, tmp_path: Path) -> None:
    """With a hostile note in the record and a hostile file name in a catalog folder."""
    Store(db_path).mark("alpha", "training-off", note=PTY_NOTE)
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / f"{PTY_NOTE}.toml").write_text("id = ")
    with terminal("--no-welcome", "--db", str(db_path), "--catalog", str(FIXTURE_CATALOG), "--catalog", str(catalog),
                  "--catalog-only") as term:
        term.wait_markers(["steps settled"], 0, 20)
        since = term.offset
        term.send("\r")
        term.wait_markers(["Your note"], since, 20)
        term.quit()
        assert term.exit_code == 0
        seen = bytes(term.buffer)
    assert b"PWNED" in seen.replace(b"\xef\xbf\xbd", b"")  # the text was shown...
    assert b"\x1b]0;PWNED" not in seen and b"\x1b]52;c;cm0g" not in seen  # ...but never as a sequence
    commands = set(re.findall(rb"\x1b\]([0-9]*);", seen))
    assert not commands & {b"0", b"1", b"2", b"52"}, commands  # no title, no clipboard: Textual's own are 8 and queries
