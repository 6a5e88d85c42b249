"""Requests and regions in the TUI: the prepared request, sent and answered; the region chosen at
the welcome or from the palette hides steps for elsewhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from screens.platform_dialog import RegionDialog
from screens.provider import ProviderScreen
from screens.request_screen import RequestScreen
from tui.app import OffrecordApp, create_app
from tui.core.catalog import Catalog
from tui.core.record import Store

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


def make(db_path: Path, catalog: Catalog) -> OffrecordApp:
    return create_app(db_path, catalog, welcome=False, clock=lambda: NOW)


async def test_prepare_send_and_answer_a_request(db_path: Path, catalog: Catalog, store: Store,
                                                 opened_urls: list[str]) -> None:
    app = make(db_path, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "n", "r")  # Beta's page opens on its request step
        assert isinstance(app.screen, RequestScreen)
        assert "Type your name and email" in str(app.screen.query_one("#where", Static).render())
        await pilot.press(*"Ada Lovelace", "enter", *"ada@example.com", "enter")
        await pilot.pause()
        text = str(app.screen.query_one("#text", Static).render())
        assert "I, Ada Lovelace (ada@example.com), object" in text
        await pilot.press("o")
        assert opened_urls and opened_urls[0].startswith("mailto:privacy@beta.example?subject=File%20an%20objection")
        await pilot.press("m")
        await pilot.pause()
        entry = store.load().step("beta", "object-eu")
        assert entry is not None and (entry.outcome, entry.sent_on) == ("sent", NOW.date())
        await pilot.press("g")
        await pilot.pause()
        assert "Answered: granted." in str(app.screen.query_one("#request-state", Static).render())
    entry = store.load().step("beta", "object-eu")
    assert entry is not None and (entry.outcome, entry.answer, entry.sent_on) == ("answered", "granted", NOW.date())
    assert store.load().settings["name"] == "Ada Lovelace"


async def test_with_name_and_email_kept_the_keys_act_and_type_nothing(db_path: Path, catalog: Catalog,
                                                                      store: Store) -> None:
    store.set_setting("name", "Ada Lovelace")
    store.set_setting("email", "ada@example.com")
    app = make(db_path, catalog)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "n", "r", "c")
        assert app.focused is None
        assert copied and "I, Ada Lovelace (ada@example.com), object" in copied[0]
        assert app.screen.query_one("#name", Input).value == "Ada Lovelace"
    assert store.load().settings["name"] == "Ada Lovelace"


async def test_an_overdue_reply_shows_on_the_home_screen_and_in_the_outstanding_view(
        db_path: Path, catalog: Catalog, store: Store) -> None:
    store.mark("beta", "object-eu", "sent", sent_on=NOW.date() - dt.timedelta(days=40))
    app = make(db_path, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "1 reply is overdue" in str(app.screen.query_one("#notice", Static).render())
        assert "1 reply overdue" in str(app.screen.query_one("#overview", Static).render())
        await pilot.press("o")
        assert str(app.screen.query_one("#overview", Static).render()).startswith(
            "2 outstanding, 0 to re-verify, 0 changed, 1 reply overdue.")  # Alpha's two
        listing = app.screen.query_one("#items", OptionList)
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert "  reply overdue File an objection, sent 2026-10-20, due 2026-11-09" in lines


async def test_region_at_the_welcome_and_from_the_palette(db_path: Path, catalog: Catalog, store: Store) -> None:
    app = create_app(db_path, catalog, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "space", "tab", "tab", "down", "down", "down", "down", "space", "enter")  # US
        await pilot.pause()
        assert isinstance(app.screen, ProviderScreen)
    assert store.load().settings["region"] == "us"
    again = make(db_path, catalog)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")  # the walk resumes: leave it for later
        await pilot.press("ctrl+p", *"choose where you live")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(again.screen, RegionDialog)
        await pilot.press("space", "enter")  # EU and EEA
        await pilot.pause()
        assert store.load().settings["region"] == "eu"
        listing = again.screen.query_one("#providers", OptionList)
        assert "alpha" in [listing.get_option_at_index(i).id for i in range(listing.option_count)]


async def test_the_page_counts_only_the_steps_for_the_region(db_path: Path, catalog: Catalog, store: Store) -> None:
    store.set_setting("region", "us")
    app = make(db_path, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "beta"
        title = str(app.screen.query_one("#steps-title", Static).render())
        assert title.startswith("Steps: none is for your region.")
        assert "[not for your region]" in str(app.screen.query_one("#step-object-eu").label)

