"""The core's tests run without Textual: checked at the end of a run of this folder alone, when no
plugin loaded Textual before them (`pytest tests/core -p no:textual-snapshot`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
TEXTUAL_BEFORE = any(name == "textual" or name.startswith("textual.") for name in sys.modules)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    items = getattr(session, "items", [])
    only_core = items and all(HERE in Path(str(item.path)).parents for item in items)
    if only_core and not TEXTUAL_BEFORE and any(name == "textual" or name.startswith("textual.") for name in sys.modules):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print("\ntests/core imported Textual: the core must not need it", file=sys.stderr)
