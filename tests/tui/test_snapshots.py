"""Every screen as a picture, on a fixed clock, fixed size and a temp record.

After an intended change of look, review the diff report, then run `pytest --snapshot-update`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tui.app import OffrecordApp, create_app
from tui.core.catalog import Catalog
from tui.core.record import Store

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
SIZE = (100, 34)


def make_app(db_path: Path, catalog: Catalog, welcome: bool = False) -> OffrecordApp:
    return create_app(db_path, catalog, welcome=welcome, clock=lambda: NOW)


@pytest.fixture
def partly_done(store: Store) -> Store:
    """One step done long ago (due a re-check), one not applicable, one open."""
    store.mark("alpha", "delete-history", when=NOW - dt.timedelta(days=45))
    store.mark("beta", "object-eu", "na", when=NOW - dt.timedelta(days=2))
    return store


WIDE, NARROW, TINY = (120, 40), (80, 24), (50, 14)


@pytest.fixture
def in_use(store: Store) -> Store:
    """Alpha in use with one step done; Beta marked as not used."""
    store.mark("alpha", "training-off", when=NOW - dt.timedelta(days=3))
    store.skip("beta")
    return store


def test_home_empty(snap_compare, db_path: Path, catalog: Catalog) -> None:
    assert snap_compare(make_app(db_path, catalog), terminal_size=SIZE)


def test_home_partly_done(snap_compare, db_path: Path, catalog: Catalog, partly_done: Store) -> None:
    """One step due a re-check: the notice says so on start."""
    assert snap_compare(make_app(db_path, catalog), terminal_size=SIZE)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
def test_home_in_use_and_not_used_folded(snap_compare, db_path: Path, catalog: Catalog, in_use: Store,
                                         size: tuple[int, int]) -> None:
    assert snap_compare(make_app(db_path, catalog), terminal_size=size)


@pytest.mark.parametrize("size", [WIDE, NARROW, TINY], ids=["120x40-two-panes", "80x24", "50x14"])
def test_provider(snap_compare, db_path: Path, catalog: Catalog, partly_done: Store, size: tuple[int, int]) -> None:
    """The first open step focused and in view, the gist above it; beside it the context when wide."""
    assert snap_compare(make_app(db_path, catalog), press=["enter"], terminal_size=size)


def test_outstanding(snap_compare, db_path: Path, catalog: Catalog, partly_done: Store) -> None:
    assert snap_compare(make_app(db_path, catalog), press=["o"], terminal_size=SIZE)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
def test_share(snap_compare, db_path: Path, catalog: Catalog, in_use: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(db_path, catalog), press=["s"], terminal_size=size)


def test_help(snap_compare, db_path: Path, catalog: Catalog) -> None:
    assert snap_compare(make_app(db_path, catalog), press=["enter", "question_mark"], terminal_size=SIZE)


def test_welcome(snap_compare, db_path: Path, catalog: Catalog) -> None:
    assert snap_compare(make_app(db_path, catalog, welcome=True), terminal_size=SIZE)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
def test_choice_of_services(snap_compare, db_path: Path, catalog: Catalog, size: tuple[int, int]) -> None:
    app = make_app(db_path, catalog, welcome=True)
    assert snap_compare(app, press=["enter", "down", "space"], terminal_size=size)


def test_walkthrough_step(snap_compare, db_path: Path, catalog: Catalog) -> None:
    app = make_app(db_path, catalog, welcome=True)
    assert snap_compare(app, press=["enter", "space", "down", "space", "enter"], terminal_size=SIZE)


def test_finish(snap_compare, db_path: Path, catalog: Catalog) -> None:
    app = make_app(db_path, catalog, welcome=True)
    assert snap_compare(app, press=["enter", "space", "enter", "space", "n"], terminal_size=SIZE)


def test_small_terminal_home(snap_compare, db_path: Path, catalog: Catalog, partly_done: Store) -> None:
    assert snap_compare(make_app(db_path, catalog), terminal_size=TINY)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x40", "80x24"])
def test_request(snap_compare, db_path: Path, catalog: Catalog, store: Store, size: tuple[int, int]) -> None:
    """Beta's objection, prepared with the person's name and email, sent ten days ago."""
    store.set_setting("name", "Ada Lovelace")
    store.set_setting("email", "ada@example.com")
    store.mark("beta", "object-eu", "sent", sent_on=(NOW - dt.timedelta(days=10)).date())
    assert snap_compare(make_app(db_path, catalog), press=["enter", "n", "r"], terminal_size=size)
