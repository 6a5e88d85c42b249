"""Fixtures that keep every test away from the real record, the network and the browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from providers.catalog import Catalog, load_catalog
from tui.app import OffrecordApp, create_app
from tui.store import Store

FIXTURE_CATALOG = Path(__file__).parent / "fixtures" / "catalog"


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every default path into the test's temp folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OFFRECORD_DB", raising=False)
    return tmp_path


@pytest.fixture(autouse=True)
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record links instead of opening a browser."""
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr(OffrecordApp, "open_url", lambda self, url, **k: opened.append(url))
    return opened


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
def app(db_path: Path, catalog: Catalog) -> OffrecordApp:
    """The app on a temp record, without the first-run welcome (tests of the walk ask for it)."""
    return create_app(db_path, catalog, welcome=False)
