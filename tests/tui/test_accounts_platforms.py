"""Accounts and platforms in the TUI: the page shows whose ticks they are, u switches, A manages;
the person's platforms come first in every step's paths."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, OptionList, Static

from screens.account_dialog import AccountDialog
from screens.platform_dialog import PlatformDialog
from screens.provider import ProviderScreen, step_details
from tui.app import OffrecordApp, create_app
from tui.core.catalog import Catalog, load_file
from tui.core.progress import StepState
from tui.core.record import Store


def text(app: OffrecordApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_one_account_shows_no_account_anywhere(app: OffrecordApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert "account" not in text(app, "#heading")
        assert not app.screen.check_action("next_account", ())


async def test_u_switches_account_and_space_ticks_the_one_shown(app: OffrecordApp, store: Store) -> None:
    store.mark("alpha", "training-off")
    store.add_account("alpha", "work")
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.screen.query_one("#providers", OptionList)
        assert "2 accounts" in str(listing.get_option("alpha").prompt)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert "account default (1 of 2; u switches)" in text(app, "#heading")
        await pilot.press("u")
        await pilot.pause(0.1)
        assert "account work (2 of 2" in text(app, "#heading")
        assert app.focused is app.screen.query_one("#step-training-off")  # open on work
        await pilot.press("space")
        await pilot.pause()
    record = store.load()
    assert record.step("alpha", "training-off", "work") is not None
    assert record.step("alpha", "delete-history") is None


async def test_the_accounts_dialog_adds_renames_and_removes(app: OffrecordApp, store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "A")
        assert isinstance(app.screen, AccountDialog)
        await pilot.press(*"Mum's", "enter")
        await pilot.pause()
        assert store.load().accounts_of("alpha") == ("default", "Mum's")
        assert isinstance(app.screen, ProviderScreen) and app.screen.account == "Mum's"
        await pilot.press("space", "A")
        await pilot.click("#remove")
        assert isinstance(app.screen, AccountDialog), "a second press is needed: a step is recorded"
        app.screen.query_one("#remove", Button).press()  # a click right after the first is ignored by Button
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ProviderScreen)
        await pilot.pause()
    record = store.load()
    assert record.accounts_of("alpha") == ("default",) and not record.steps


async def test_outstanding_names_the_account_and_opens_it(app: OffrecordApp, store: Store) -> None:
    store.add_account("alpha", "work")
    store.mark("alpha", "training-off")
    store.mark("alpha", "delete-history")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        listing = app.screen.query_one("#items", OptionList)
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("Switch off training (work)" in line for line in lines), lines
        listing.highlighted = next(i for i, line in enumerate(lines) if "(work)" in line)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, ProviderScreen) and app.screen.account == "work"


async def test_the_palette_opens_a_services_accounts(app: OffrecordApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"alpha accounts")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, AccountDialog)


async def test_platforms_chosen_at_the_welcome_come_first(db_path: Path, catalog: Catalog, store: Store) -> None:
    app = create_app(db_path, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "space", "tab", "down", "space", "enter")  # Alpha; iPhone and iPad
        await pilot.pause()
        assert isinstance(app.screen, ProviderScreen)
    assert store.load().settings["platforms"] == ["ios"]


async def test_platforms_from_the_palette(app: OffrecordApp, store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"choose your platforms")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, PlatformDialog)
        await pilot.press("down", "down", "space", "enter")  # Android
        await pilot.pause()
    assert store.load().settings["platforms"] == ["android"]


def test_the_persons_platforms_come_first_in_a_steps_paths(tmp_path: Path) -> None:
    from tests.conftest import FIXTURE_CATALOG

    text_ = (FIXTURE_CATALOG / "alpha.toml").read_text().replace(
        'path = "Settings > Privacy"\n', 'paths = { web = "Settings", ios = "Profile", android = "Menu" }\n')
    (tmp_path / "alpha.toml").write_text(text_)
    provider = load_file(tmp_path / "alpha.toml")
    state = StepState(provider, provider.steps[0], None, "open")
    lines = step_details(state).plain.splitlines()
    assert [line.split(":")[0] for line in lines[1:4]] == ["Web", "iPhone and iPad", "Android"]  # catalog order
    lines = step_details(state, ["android"]).plain.splitlines()
    assert [line.split(":")[0] for line in lines[1:4]] == ["Android", "Web", "iPhone and iPad"]
