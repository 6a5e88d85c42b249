"""The checklist comes first: however a page is opened, Space ticks the first open step, in view.

Also: the mouse ticks and opens links, the services not used fold away on the home screen, and
keys typed in one burst on the welcome all arrive.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import OptionList

from screens.home import NOT_USED, HomeScreen
from screens.provider import ProviderScreen
from screens.ticks import StepCheckbox
from tui.app import OffrecordApp, create_app
from tui.core.catalog import Catalog
from tui.core.record import Store


def focused_step(app: OffrecordApp) -> str:
    focused = app.focused
    assert isinstance(focused, StepCheckbox) and focused.id, focused
    return focused.id.removeprefix("step-")


async def assert_space_ticks_the_first_open_step(app: OffrecordApp, pilot, store: Store, provider: str) -> None:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, ProviderScreen) and screen.provider.id == provider
    step = focused_step(app)
    state = app.provider_state(screen.provider)
    first_open = next(item.step.id for item in state.steps if item.needs_attention)
    assert step == first_open
    box = screen.query_one(f"#step-{step}", StepCheckbox)
    assert screen.region.contains_region(box.region), "the step is in view"
    await pilot.press("space")
    await pilot.pause()
    entry = store.load().step(provider, step)
    assert entry is not None and entry.outcome == "done"


async def test_enter_then_space_from_the_list(app: OffrecordApp, store: Store) -> None:
    store.mark("alpha", "training-off")  # the first open step is now the second one
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await assert_space_ticks_the_first_open_step(app, pilot, store, "alpha")


async def test_next_previous_and_the_palette_open_on_the_first_open_step(app: OffrecordApp, store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "n")
        await assert_space_ticks_the_first_open_step(app, pilot, store, "beta")
        await pilot.press("p")
        await assert_space_ticks_the_first_open_step(app, pilot, store, "alpha")
        await pilot.press("escape", "ctrl+p", *"alpha", "enter")
        await pilot.pause()
        await assert_space_ticks_the_first_open_step(app, pilot, store, "alpha")


async def test_the_walk_opens_on_the_first_open_step(db_path: Path, catalog: Catalog, store: Store) -> None:
    app = create_app(db_path, catalog)
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.press("enter", "space", "enter")  # choose Alpha, walk
        await pilot.pause()
        await assert_space_ticks_the_first_open_step(app, pilot, store, "alpha")


async def test_two_panes_when_wide_one_page_when_narrow(app: OffrecordApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        checklist, context = screen.query_one("#checklist"), screen.query_one("#context")
        assert screen.has_class("-wide") and checklist.region.right <= context.region.x
        await pilot.press("i")
        assert app.focused is context
        await pilot.press("i")
        assert focused_step(app) == "training-off"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.has_class("-narrow") and context.region.y >= checklist.region.bottom


async def test_clicking_a_box_ticks_and_a_link_opens(app: OffrecordApp, store: Store, opened_urls: list[str]) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        await pilot.click("#step-delete-history")
        await pilot.pause()
        assert store.load().step("alpha", "delete-history") is not None
        details = screen.query_one("#details-training-off")
        lines = details.render().plain.splitlines()  # type: ignore[union-attr]
        for line in ("Link: ", "Source: "):
            row = details.region.y + next(i for i, text in enumerate(lines) if text.startswith(line))
            await pilot.click(offset=(details.region.x + 14, row))  # inside the URL, after the label
            await pilot.pause()
    assert opened_urls == ["https://alpha.example/settings/privacy", "https://help.alpha.example/privacy"]


async def test_services_not_used_fold_into_one_group(app: OffrecordApp, store: Store) -> None:
    store.skip("beta")
    async with app.run_test(size=(80, 24)) as pilot:
        listing = app.screen.query_one("#providers", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert ids[-1] == NOT_USED and "beta" not in ids
        listing.highlighted = ids.index(NOT_USED)
        await pilot.press("enter")
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert ids[-2:] == [NOT_USED, "beta"]
        assert isinstance(app.screen, HomeScreen)


async def test_the_welcome_takes_a_burst_of_keys(db_path: Path, catalog: Catalog, store: Store) -> None:
    """Enter, Down, Space, Enter sent at once: the choice and the walk both happen."""
    app = create_app(db_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("enter", "down", "space", "enter"):
            app.post_message(events.Key(key, " " if key == "space" else None))
        for _ in range(4):
            await pilot.pause()
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "beta"
    assert store.load().skipped == {"alpha"}


async def test_tab_in_a_burst_moves_on_before_the_next_key(db_path: Path, catalog: Catalog, store: Store) -> None:
    """Enter, Space, Tab, Space, Tab, Space, Enter at once: Alpha, Web and the first region are chosen."""
    app = create_app(db_path, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("enter", "space", "tab", "space", "tab", "space", "enter"):
            app.post_message(events.Key(key, " " if key == "space" else None))
        for _ in range(4):
            await pilot.pause()
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "alpha"
    record = store.load()
    assert (record.skipped, record.settings["platforms"], record.settings["region"]) == ({"beta"}, ["web"], "eu")


async def test_typing_filters_the_choice_and_keeps_what_was_chosen(db_path: Path, catalog: Catalog, store: Store) -> None:
    app = create_app(db_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space", *"bet")  # choose Alpha, then filter to Beta
        listing = app.screen.query_one("#services", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert [i for i in ids if i] == ["beta"]
        await pilot.press("space", "escape", "enter")  # choose Beta too, show all, walk
        await pilot.pause()
        assert isinstance(app.screen, ProviderScreen)
    assert store.load().skipped == set()


async def test_q_filters_the_choice_and_the_footer_offers_ctrl_q(db_path: Path, catalog: Catalog) -> None:
    app = create_app(db_path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        shown = {key: active.binding.description for key, active in app.screen.active_bindings.items()
                 if active.binding.show}
        assert shown.get("ctrl+q") == "Quit" and "q" not in shown
        await pilot.press("q")
        assert app.is_running and app.screen.query_one("#filter-line").render().plain.count("“q”") == 1
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
