"""Pilot tests of the walkthrough, outstanding view, share, help, palette, filter, notes and links."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from textual import events
from textual._styles_cache import StylesCache
from textual.widgets import Checkbox, OptionList, Static

from screens.finish import FinishScreen
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.note_dialog import NoteDialog
from screens.outstanding import OutstandingScreen
from screens.provider import ProviderScreen
from screens.share import ShareScreen
from screens.text import MarkdownText
from screens.welcome import WelcomeScreen
from tui.app import OffrecordApp, create_app
from tui.core.catalog import Catalog
from tui.core.record import Store


def visible_ids(app: OffrecordApp, selector: str) -> list[str]:
    listing = app.screen.query_one(selector, OptionList)
    options = [listing.get_option_at_index(i) for i in range(listing.option_count)]
    return [option.id for option in options if option.id]


async def test_first_run_walk_finish_later_and_resume(db_path: Path, catalog: Catalog, store: Store) -> None:
    app = create_app(db_path, catalog)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, WelcomeScreen) and app.screen.choosing
        await pilot.press("down", "space", "enter")  # choose Beta only
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "beta"
        assert "walkthrough 1 of 1" in app.screen.sub_title
        await pilot.press("f")
        assert isinstance(app.screen, HomeScreen)
    assert store.load().skipped == {"alpha"}
    resumed = create_app(db_path, catalog)
    async with resumed.run_test() as pilot:
        assert isinstance(resumed.screen, ProviderScreen) and resumed.screen.walk is not None
        await pilot.press("space", "n")  # the page opens on the step: one Space ticks it
        assert isinstance(resumed.screen, FinishScreen)
        assert "Done:** Beta Assistant" in resumed.screen.query_one(MarkdownText).source
    assert store.load().settings.get("walk") is None
    assert store.load().step("beta", "object-eu") is not None


async def test_walk_through_several_then_finish(db_path: Path, catalog: Catalog) -> None:
    app = create_app(db_path, catalog)
    async with app.run_test() as pilot:
        await pilot.press("enter", "space", "down", "space", "enter")
        assert app.screen.provider.id == "alpha" and "1 of 2" in app.screen.sub_title  # type: ignore[attr-defined]
        await pilot.press("n")
        assert app.screen.provider.id == "beta" and "2 of 2" in app.screen.sub_title  # type: ignore[attr-defined]
        await pilot.press("p")
        assert app.screen.provider.id == "alpha"  # type: ignore[attr-defined]
        await pilot.press("n", "n")
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


async def test_skipping_the_welcome_is_remembered(db_path: Path, catalog: Catalog) -> None:
    app = create_app(db_path, catalog)
    async with app.run_test() as pilot:
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    again = create_app(db_path, catalog)
    async with again.run_test():
        assert isinstance(again.screen, HomeScreen)


async def test_outstanding_view_jumps_to_the_step(app: OffrecordApp, store: Store) -> None:
    store.mark("alpha", "training-off")
    async with app.run_test() as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OutstandingScreen)
        assert visible_ids(app, "#items") == ["alpha/delete-history@default", "beta/object-eu@default"]
        await pilot.press("down", "enter")  # the cursor skips the Beta heading
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "beta"
        assert app.focused is app.screen.query_one("#step-object-eu", Checkbox)
        await pilot.press("space", "escape")
        assert isinstance(app.screen, OutstandingScreen)
        assert visible_ids(app, "#items") == ["alpha/delete-history@default"]


async def test_outcomes_na_and_failed_from_keys(app: OffrecordApp, store: Store) -> None:
    async with app.run_test() as pilot:
        await pilot.press("enter", "a")  # the page opens on the first step
        assert store.load().step("alpha", "training-off").outcome == "na"  # type: ignore[union-attr]
        assert "[n.a.]" in str(app.screen.query_one("#step-training-off", Checkbox).label)
        await pilot.press("down", "x")
        assert store.load().step("alpha", "delete-history").outcome == "failed"  # type: ignore[union-attr]
        await pilot.press("x")
        assert store.load().step("alpha", "delete-history") is None


async def test_note_is_saved_with_the_step(app: OffrecordApp, store: Store) -> None:
    async with app.run_test() as pilot:
        await pilot.press("enter", "space", "e")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"on the phone too", "enter")
        assert isinstance(app.screen, ProviderScreen)
        assert store.load().step("alpha", "training-off").note == "on the phone too"  # type: ignore[union-attr]
        assert "Your note: on the phone too" in str(app.screen.query_one("#details-training-off", Static).render())


async def test_link_key_opens_the_url_through_the_app(app: OffrecordApp, opened_urls: list[str]) -> None:
    async with app.run_test() as pilot:
        await pilot.press("enter", "l")
        assert opened_urls == ["https://alpha.example/settings/privacy"]
        await pilot.press("down", "l")  # no link on this step: nothing opened
        assert opened_urls == ["https://alpha.example/settings/privacy"]


async def test_filter_narrows_the_home_list(app: OffrecordApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press("slash", *"betx", "backspace", "a")
        assert visible_ids(app, "#providers") == ["beta"]
        assert "Filter: beta" in str(app.screen.query_one("#filter", Static).render())
        await pilot.press("enter")
        assert app.screen.provider.id == "beta"  # type: ignore[attr-defined]
        await pilot.press("escape")  # the filter ended when it opened Beta: letters are keys again
        assert visible_ids(app, "#providers") == ["alpha", "beta"]
        assert not app.screen.query_one("#filter", Static).display
        await pilot.press("o")
        assert isinstance(app.screen, OutstandingScreen)


async def test_while_filtering_the_footer_offers_only_what_works(app: OffrecordApp) -> None:
    def shown() -> dict[str, str]:
        return {key: active.binding.description for key, active in app.screen.active_bindings.items()
                if active.binding.show}

    async with app.run_test() as pilot:
        assert {"o", "s", "q", "slash"} <= set(shown())
        await pilot.press("slash", "q")  # a letter of the filter, not Quit
        assert app.is_running and shown() == {"escape": "Clear filter", "ctrl+q": "Quit"}
        await pilot.press("escape")
        assert {"o", "s", "q", "slash"} <= set(shown()) and "ctrl+q" not in shown()


async def test_a_burst_of_keys_lands_in_the_filter_in_order(app: OffrecordApp) -> None:
    """As from a paste or a script: every key is sent before the app has handled the first; the
    letters after `/` must all reach the filter, and letters that are bindings (s, o, q) must not
    run them."""
    async with app.run_test() as pilot:
        for key, character in [("slash", "/"), ("s", "s"), ("o", "o"), ("space", " "), ("q", "q")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Filter: so q" in str(app.screen.query_one("#filter", Static).render())
        for key in ("backspace",) * 4 + tuple("beta"):
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        assert visible_ids(app, "#providers") == ["beta"]


async def test_palette_jumps_to_a_step(app: OffrecordApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p", *"delete old chats")
        await pilot.pause(0.3)  # the palette searches in a worker; let it answer
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "alpha"
        assert app.focused is app.screen.query_one("#step-delete-history", Checkbox)


async def test_help_lists_the_keys_of_the_screen_beneath(app: OffrecordApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(MarkdownText).source
        for expected in ("| l | Link |", "| e | Note |", "| n | Next |", "offrecord status"):
            assert expected in text
        await pilot.press("escape")
        assert isinstance(app.screen, ProviderScreen)


async def test_share_copies_and_saves(app: OffrecordApp, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.mark("alpha", "training-off", note="secret")
    copied: list[str] = []
    monkeypatch.setattr(OffrecordApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    monkeypatch.chdir(tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, ShareScreen)
        await pilot.press("c")
        assert copied and copied[0].startswith("# offrecord status") and "| Alpha Chat | Alpha Labs | partial | 1/2 |" in copied[0]
        await pilot.press("m", "j", "v")
        await pilot.pause()
        saved = sorted(p.suffix for p in tmp_path.glob("offrecord-summary-*"))
        assert saved == [".json", ".md", ".svg"]
        summary = json.loads(next(tmp_path.glob("offrecord-summary-*.json")).read_text())
        assert summary["format"] == "offrecord-summary/1" and "secret" not in json.dumps(summary)
        last = str(app.screen.query_one("#last-action", Static).render())
        assert "Saved a picture" in last and str(tmp_path) in last


async def test_theme_choice_is_remembered(db_path: Path, catalog: Catalog, store: Store) -> None:
    app = create_app(db_path, catalog, welcome=False)
    async with app.run_test() as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert store.load().settings["theme"] == "nord"
    again = create_app(db_path, catalog, welcome=False)
    async with again.run_test():
        assert again.theme == "nord"


async def test_skip_a_provider_from_its_screen(app: OffrecordApp, store: Store) -> None:
    async with app.run_test() as pilot:
        await pilot.press("enter", "d")
        assert store.load().skipped == {"alpha"}
        await pilot.press("escape")
        listing = app.screen.query_one("#providers", OptionList)
        assert str(listing.get_option("-not-used").prompt).startswith("Not used (1)")  # folded away
        listing.highlighted = listing.get_option_index("-not-used")
        await pilot.press("enter")
        assert "not used" in str(listing.get_option("alpha").prompt)


async def test_pages_shown_before_are_not_kept_in_memory(app: OffrecordApp) -> None:
    """Textual's lru_cache on StylesCache.get_inner_outer (textual#6665) would keep every
    replaced page's widgets' rendered lines alive; n and p must leave none of them behind."""

    def render_caches() -> int:
        gc.collect()
        return sum(isinstance(o, StylesCache) for o in gc.get_objects())

    async with app.run_test() as pilot:
        await pilot.press("enter", "n", "p")
        await pilot.pause()
        after_one_round = render_caches()
        for key in "npnpnpnp":
            await pilot.press(key)
            await pilot.pause()
        assert render_caches() <= after_one_round


def test_step_details_show_every_platform_path_and_why_a_source(tmp_path: Path) -> None:
    from screens.provider import step_details
    from tests.conftest import FIXTURE_CATALOG
    from tui.core.catalog import load_file
    from tui.core.progress import StepState

    text = (FIXTURE_CATALOG / "alpha.toml").read_text().replace(
        'path = "Settings > Privacy"\n',
        'paths = { web = "Settings > Privacy", android = "Menu > Privacy" }\nsource_note = "The only page that says so."\n')
    (tmp_path / "alpha.toml").write_text(text)
    provider = load_file(tmp_path / "alpha.toml")
    shown = step_details(StepState(provider, provider.steps[0], None, "open")).plain.splitlines()
    assert "Web: Settings > Privacy" in shown and "Android: Menu > Privacy" in shown
    source = shown.index("Source: https://help.alpha.example/privacy")
    assert shown[source + 1] == "(The only page that says so.)"


async def test_the_shipped_catalog_opens_page_by_page(db_path: Path) -> None:
    """Every shipped service is listed under a group and its page opens (n walks through them all)."""
    from tui.core.catalog import load_catalog

    shipped = load_catalog()
    app = create_app(db_path, shipped, welcome=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert len(visible_ids(app, "#providers")) == len(shipped.providers)
        await pilot.press("enter")
        seen = []
        for _ in shipped.providers:
            assert isinstance(app.screen, ProviderScreen)
            seen.append(app.screen.provider.id)
            await pilot.press("n")
        assert sorted(seen) == sorted(shipped.ids)
