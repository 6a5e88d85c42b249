"""Status in words and marks, not colour alone; NO_COLOR; small terminals stay usable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Checkbox, OptionList

from tui.app import OffrecordApp, create_app
from tui.core.catalog import Catalog
from tui.core.record import Store


async def test_no_color_makes_the_app_monochrome(db_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = create_app(db_path, catalog, welcome=False)
    async with app.run_test():
        assert app.no_color
        found = re.findall(r"(?:fill|color)[=:]\s*\"?#([0-9a-fA-F]{6})", app.export_screenshot())
        colours = {c.lower() for c in found} - {"ff5f57", "febc2e", "28c840", "c5c8c6"}  # the picture's window frame
        assert colours and all(c[0:2] == c[2:4] == c[4:6] for c in colours), colours


async def test_every_state_is_told_in_words(app: OffrecordApp, store: Store) -> None:
    store.mark("alpha", "training-off", "na")
    store.mark("alpha", "delete-history", "failed")
    async with app.run_test() as pilot:
        row = str(app.screen.query_one("#providers", OptionList).get_option("alpha").prompt)
        assert "partial" in row
        await pilot.press("enter")
        labels = [str(box.label) for box in app.screen.query(Checkbox)]
        assert labels == ["Switch off training  [n.a.]", "Delete old chats  [could not do]"]


async def test_small_terminal_keeps_every_step_reachable(app: OffrecordApp, store: Store) -> None:
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.press("enter", "space", "down", "space")
        assert len(store.load().steps) == 2, "both steps reached and ticked at 50x14"
        focused = app.focused
        assert isinstance(focused, Checkbox)
        page = app.screen.query_one("#panes")
        assert page.region.contains_region(focused.region), "the ticked step is on screen"
