"""The same record from both sides: answers given in `offrecord walk` show in the full-screen
checklist, which picks up the walk where the line mode left it."""

from __future__ import annotations

from pathlib import Path

from screens.provider import ProviderScreen
from tests.cli.test_walk import offrecord
from tui.app import create_app
from tui.core.catalog import Catalog


async def test_the_tui_shows_what_the_walk_saved(db_path: Path, catalog: Catalog) -> None:
    result = offrecord(db_path, "walk", stdin="\ny\nx\nq\n")  # Alpha: done, could not do; quit at Beta
    assert result.returncode == 0
    app = create_app(db_path, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "beta"  # the walk resumes
        await pilot.press("p")  # back to Alpha in the walk
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "alpha"
        labels = [str(box.label) for box in app.screen.query("Checkbox")]
        assert labels == ["Switch off training  [done]", "Delete old chats  [could not do]"]
