"""The core and the shell path never import Textual: checked in a fresh interpreter.

The layers themselves are import-linter contracts in pyproject.toml (`lint-imports`, run by CI);
these tests check what the contracts cannot: what a real run loads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_no_core_module_imports_textual() -> None:
    code = ("import pkgutil, sys, tui.core\n"
            "names = [m.name for m in pkgutil.iter_modules(tui.core.__path__, 'tui.core.')]\n"
            "for name in names: __import__(name)\n"
            "print(len(names), sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, loaded = result.stdout.strip().split(" ", 1)
    assert int(count) >= 15 and loaded == "[]"


@pytest.mark.parametrize("command", [["status"], ["walk"], ["show", "chatgpt"]])
def test_shell_commands_do_not_import_textual(tmp_path: Path, command: list[str]) -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"main({command!r} + ['--db', {str(tmp_path / 'r.json')!r}])\n"
        "print('textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, input="q\n")
    assert result.stderr.strip().endswith("False")
