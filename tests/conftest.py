"""Fixtures that keep every test away from the real record, the network and the browser.

Nothing here imports Textual: `pytest tests/core -p no:textual-snapshot` runs without it. The
Textual fixtures are in tests/tui/conftest.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._netguard.offrecord_netguard import LOG_ENV as NETGUARD_LOG_ENV
from tests._netguard.offrecord_netguard import patches as netguard_patches
from tui.core.catalog import Catalog, load_catalog
from tui.core.record import Store

FIXTURE_CATALOG = Path(__file__).parent / "fixtures" / "catalog"
NETGUARD = Path(__file__).parent / "_netguard"


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every default path into the test's temp folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OFFRECORD_DB", raising=False)
    return tmp_path


@pytest.fixture(autouse=True)
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record links instead of opening a browser (App.open_url ends in webbrowser.open)."""
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr("webbrowser.get", lambda *a, **k: object())  # a browser is there (tests that need none say so)
    return opened


@pytest.fixture(autouse=True)
def no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """No test reaches the network, nor any Python a test starts.

    Here, internet sockets and name lookups raise (AF_UNIX still works: asyncio needs it). In
    subprocesses, `tests/_netguard/sitecustomize.py` does the same, put on PYTHONPATH, and logs each
    attempt to $OFFRECORD_NETGUARD_LOG. Any attempt, even one whose error was swallowed, fails the
    test; a test that tries on purpose clears the list (and removes the log).
    """
    attempts: list[str] = []
    for target, name, replacement in netguard_patches(attempts.append):
        monkeypatch.setattr(target, name, replacement)
    log = tmp_path / "network-attempts.log"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv(NETGUARD_LOG_ENV, str(log))
    yield attempts
    attempts += log.read_text().splitlines() if log.exists() else []
    assert not attempts, f"the test tried to reach the network: {attempts}"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "record.json"


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store(db_path)


@pytest.fixture
def catalog() -> Catalog:
    """Two small fixed providers, so tests do not move when the shipped catalog is edited."""
    return load_catalog(builtin=FIXTURE_CATALOG)


@pytest.fixture
def ram_path(tmp_path: Path) -> Iterator[Path]:
    """A temp folder in memory (tmpfs) where there is one, else `tmp_path`.

    For the tests that save hundreds of times: fsync on tmpfs costs nothing, and a killed process
    or a race behaves the same there as on disk (what a power cut does is out of their reach anyway).
    """
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="offrecord-test-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def provider_toml(provider_id: str, steps: int) -> str:
    """A valid provider file with `steps` steps called step-01, step-02, ..."""
    head = f'''id = "{provider_id}"
name = "Generated {provider_id}"
company = "Test Corp"
reviewed = 2026-06-01
category = "chat"
summary = "A generated provider."
default_training = "on"
risk = "Keeps everything."
domains = ["{provider_id}.example"]
not_covered = []

[applies]
accounts = ["Everyone"]
regions = ["Worldwide"]

[[sources]]
url = "https://{provider_id}.example/privacy"
title = "Privacy"
read = 2026-06-01
'''
    body = "".join(f'''
[[steps]]
id = "step-{n:02d}"
kind = "setting"
title = "Step {n}"
label = "Toggle {n}"
how = "Switch it off."
source = "https://{provider_id}.example/privacy"
''' for n in range(1, steps + 1))
    return head + body


@pytest.fixture
def big_catalog(tmp_path: Path) -> Path:
    """A catalog folder: `many` with 40 steps, and `solo-1` .. `solo-8` with one step each."""
    folder = tmp_path / "big-catalog"
    folder.mkdir()
    (folder / "many.toml").write_text(provider_toml("many", 40))
    for n in range(1, 9):
        (folder / f"solo-{n}.toml").write_text(provider_toml(f"solo-{n}", 1))
    return folder
