"""The core and the shell path never import Textual: checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

CORE = ["tui.core.catalog", "tui.core.record", "tui.core.record_file", "tui.core.progress", "tui.core.summary", "tui.cli", "tui.core.locations",
        "tui.core.report", "tui.core.report_render", "tui.core.remind"]


def test_core_modules_do_not_import_textual() -> None:
    code = f"import sys\nfor m in {CORE!r}: __import__(m)\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_status_command_does_not_import_textual(tmp_path) -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        f"main(['status', '--db', {str(tmp_path / 'r.json')!r}])\n"
        "print('textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().endswith("False")
