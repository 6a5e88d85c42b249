"""The Textual app on a temp record, for the Pilot and snapshot tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import OffrecordApp, create_app
from tui.core.catalog import Catalog


@pytest.fixture
def app(db_path: Path, catalog: Catalog) -> OffrecordApp:
    """The app on a temp record, without the first-run welcome (tests of the walk ask for it)."""
    return create_app(db_path, catalog, welcome=False)
