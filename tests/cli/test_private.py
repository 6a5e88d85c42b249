"""Owner-only: the record, its temp files, its lock file and every folder offrecord creates.

The commands run with umask 0, so any mode that comes out right is offrecord's doing, not the umask's.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_CATALOG

ROOT = Path(__file__).resolve().parents[2]

# A save, watched from the inside: the temp file's mode when it is renamed over the record.
WATCH_SAVE = r"""
import json, os, stat, sys
from tui.cli import main
seen = []
real_replace = os.replace
def replace(src, dst, *args, **kwargs):
    seen.append({"temp": os.fspath(src), "mode": stat.S_IMODE(os.stat(src).st_mode)})
    return real_replace(src, dst, *args, **kwargs)
os.replace = replace
os.umask(0)
code = main(sys.argv[1:])
print(json.dumps({"code": code, "temps": seen}))
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def offrecord(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args, "--catalog", str(FIXTURE_CATALOG), "--catalog-only"],
                          capture_output=True, text=True, cwd=ROOT, umask=0, env={**os.environ, **(env or {})}, timeout=60)


def test_umask_0_really_is_in_force(tmp_path: Path) -> None:
    probe = subprocess.run([sys.executable, "-c", f"open({str(tmp_path / 'probe')!r}, 'w')"], umask=0, check=True)
    assert probe.returncode == 0 and mode(tmp_path / "probe") == 0o666


def test_new_nested_folders_record_and_lock_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "new" / "nested" / "folders" / "record.json"
    for args in (["mark", "alpha/training-off"], ["skip", "beta"], ["unmark", "alpha/training-off"]):
        result = offrecord(*args, "--db", str(db))
        assert result.returncode == 0, result.stderr
    assert mode(db) == 0o600
    assert mode(Path(f"{db}.lock")) == 0o600
    for folder in (tmp_path / "new", tmp_path / "new" / "nested", db.parent):
        assert mode(folder) == 0o700, folder
    assert sorted(p.name for p in db.parent.iterdir()) == ["record.json", "record.json.lock"], "no temp file left"


def test_the_default_location_is_owner_only(tmp_path: Path) -> None:
    data_home = tmp_path / "fresh-home" / ".local" / "share"
    result = offrecord("mark", "alpha/training-off", env={"XDG_DATA_HOME": str(data_home)})
    assert result.returncode == 0, result.stderr
    record = data_home / "offrecord" / "record.json"
    assert mode(record) == 0o600 and mode(record.parent) == 0o700
    for folder in (tmp_path / "fresh-home", tmp_path / "fresh-home" / ".local", data_home):
        assert mode(folder) == 0o700, folder


def test_temp_files_are_owner_only_and_a_loose_record_is_tightened(tmp_path: Path) -> None:
    db = tmp_path / "record.json"
    db.write_text("")
    os.chmod(db, 0o644)  # a record copied in by hand, readable by all
    result = subprocess.run([sys.executable, "-c", WATCH_SAVE, "mark", "alpha/training-off", "--db", str(db),
                             "--catalog", str(FIXTURE_CATALOG), "--catalog-only"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0
    assert [t for t in report["temps"] if Path(t["temp"]).parent == db.parent], "the save went through a temp file"
    for temp in report["temps"]:
        assert temp["mode"] == 0o600, temp
    assert mode(db) == 0o600


def test_folders_that_already_exist_are_left_as_they_are(tmp_path: Path) -> None:
    """offrecord tightens what it creates, never a folder of the person's that it merely uses."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    assert offrecord("mark", "alpha/training-off", "--db", str(shared / "record.json")).returncode == 0
    assert mode(shared) == 0o755 and mode(shared / "record.json") == 0o600
