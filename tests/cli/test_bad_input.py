"""Bad paths and bad provider files: one clear line, exit 2, no traceback; a broken custom file is skipped."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG, provider_toml
from tui.core.catalog import CatalogError, load_file

ROOT = Path(__file__).resolve().parents[2]
WRITERS = [["mark", "alpha/training-off"], ["unmark", "alpha/training-off"], ["skip", "beta"], ["unskip", "beta"]]
READERS = [["status"], ["summary"], ["providers"]]


def offrecord(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def on_fixture(db: Path | str, args: list[str]) -> subprocess.CompletedProcess[str]:
    return offrecord(*args, "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only")


def in_parallel(db: Path | str, commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda args: on_fixture(db, args), commands))


def in_parallel_raw(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda args: offrecord(*args), commands))


def assert_one_line_error(result: subprocess.CompletedProcess[str], *wanted: str) -> None:
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("offrecord: error: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for text in wanted:
        assert text in lines[0], lines[0]


def test_db_under_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    db = tmp_path / "notes.txt" / "sub" / "record.json"
    for result in in_parallel(db, WRITERS + READERS):
        assert_one_line_error(result, str(tmp_path / "notes.txt"), "not a folder")
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("db", ["/proc/offrecord-test/deeper/record.json", "/proc/self/record.json",
                                "/dev/null/record.json", "/sys/offrecord-record.json"])
def test_db_where_nothing_can_be_created(db: str) -> None:
    """Root ignores permissions, so: folders under /proc, /sys and a device, which nobody can write to."""
    for result in in_parallel(db, WRITERS):
        assert_one_line_error(result, db.rsplit("/", 2)[0])
    for result in in_parallel(db, READERS):  # reading a record that cannot exist: none yet, or a clear error
        assert result.returncode in (0, 1) or len(result.stderr.splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


def test_db_that_is_a_folder(tmp_path: Path) -> None:
    for result in in_parallel(tmp_path, WRITERS + READERS):
        assert_one_line_error(result, str(tmp_path))


def test_db_whose_lock_file_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "record.json.lock").mkdir()
    assert_one_line_error(on_fixture(tmp_path / "record.json", ["mark", "alpha/training-off"]), "record.json.lock")


@pytest.mark.parametrize("command", [["providers"], ["status"], ["mark", "alpha/training-off"]])
def test_catalog_folder_missing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "no-such-catalog"
    result = offrecord(*command, "--db", str(tmp_path / "r.json"), "--catalog", str(missing))
    assert_one_line_error(result, str(missing), "does not exist")
    assert not (tmp_path / "r.json").exists()


BROKEN_PROVIDER_FILES = {
    "toml syntax": b'id = "broken"\nname = "Broken\n',
    "missing field": provider_toml("broken", 1).replace('company = "Test Corp"\n', "").encode(),
    "wrong type": provider_toml("broken", 1).replace('reviewed = 2026-06-01', 'reviewed = "last week"').encode(),
    "not utf-8": provider_toml("broken", 1).replace("Generated", "Gen\udcffrated").encode("utf-8", "surrogateescape"),
    "binary": b"\x00\x01\x02\xff\xfe",
    "empty": b"",
    "id not the file name": provider_toml("other", 1).encode(),
    "a newline in a value": provider_toml("broken", 1).replace('category = "chat"', 'category = "ch\\nat"').encode(),
    "a newline in an id": provider_toml("broken", 2).replace('id = "step-01"', 'id = "step-01\\n"').encode(),
}


@pytest.mark.parametrize("content", BROKEN_PROVIDER_FILES.values(), ids=BROKEN_PROVIDER_FILES.keys())
def test_a_broken_provider_file_is_one_catalog_error(tmp_path: Path, content: bytes) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_bytes(content)
    with pytest.raises(CatalogError) as caught:
        load_file(broken)
    message = str(caught.value)
    assert message.startswith(f"{broken}: ") and "\n" not in message and "\r" not in message, message


def test_broken_custom_provider_files_are_named_and_skipped(tmp_path: Path) -> None:
    """All the broken files at once, in a subprocess: the built-ins and the good file still load."""
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    broken = {}
    for n, content in enumerate(BROKEN_PROVIDER_FILES.values()):
        broken[n] = catalog / f"broken-{n}.toml"
        broken[n].write_bytes(content.replace(b'"broken"', f'"broken-{n}"'.encode()))
    (catalog / "fine.toml").write_text(provider_toml("fine", 2))

    listed, checked = in_parallel_raw([
        ["providers", "--db", str(tmp_path / "r.json"), "--catalog", str(catalog)],
        ["validate", *map(str, broken.values()), str(catalog / "fine.toml")],
    ])
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    skipped = listed.stderr.splitlines()
    assert len(skipped) == len(broken), listed.stderr
    assert [line.split(": ")[2] for line in skipped] == [str(path) for path in broken.values()]
    assert all(line.startswith("offrecord: skipped a provider file: ") for line in skipped)
    ids = [line.split()[0] for line in listed.stdout.splitlines()]
    assert "fine" in ids and {"chatgpt", "claude"} <= set(ids)
    assert not [i for i in ids if i.startswith("broken")]

    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    errors = checked.stderr.splitlines()
    assert [line.split(": ")[1] for line in errors] == [f"{path}" for path in broken.values()], checked.stderr
    assert all(line.startswith("error: ") for line in errors)
    assert checked.stdout.startswith("ok: ") and len(checked.stdout.splitlines()) == 1


def test_a_folder_named_like_a_provider_file_is_skipped(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "odd.toml").mkdir(parents=True)
    result = offrecord("providers", "--db", str(tmp_path / "r.json"), "--catalog", str(catalog))
    assert result.returncode == 0 and f"{catalog / 'odd.toml'}" in result.stderr and "Traceback" not in result.stderr


def test_a_note_that_is_not_utf8_is_refused_and_the_record_kept(tmp_path: Path) -> None:
    """A non-UTF-8 byte in a shell argument becomes a lone surrogate in Python: it has no UTF-8 form."""
    db = tmp_path / "record.json"
    assert on_fixture(db, ["mark", "alpha/training-off", "--note", "first"]).returncode == 0
    before = db.read_bytes()
    result = subprocess.run([sys.executable, "-m", "tui", "mark", "alpha/training-off", "--note", b"caf\xe9",
                             "--db", str(db), "--catalog", str(FIXTURE_CATALOG), "--catalog-only"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert_one_line_error(result, str(db))
    assert db.read_bytes() == before
