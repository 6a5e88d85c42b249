"""The TUI driven with the Pilot: what is on screen and what is on disk."""

from __future__ import annotations

import gc
import html
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets import Checkbox, OptionList, Static

from screens.error_dialog import ErrorDialog
from screens.home import HomeScreen
from screens.provider import ProviderScreen
from tui.app import OffrecordApp, create_app
from tui.core.catalog import Catalog
from tui.core.record import Store


def screen_text(app: OffrecordApp) -> str:
    """Everything visible, as plain text lines (read back from the app's own SVG screenshot)."""
    lines: dict[int, str] = {}
    for number, text in re.findall(r'clip-path="url\(#terminal-\d+-line-(\d+)\)">([^<]*)</text>', app.export_screenshot()):
        lines[int(number)] = lines.get(int(number), "") + html.unescape(text).replace("\xa0", " ")
    return "\n".join(lines[n] for n in sorted(lines))


def provider_rows(app: OffrecordApp) -> dict[str, str]:
    """The home list's provider rows by id (group headings left out)."""
    providers = app.screen.query_one("#providers", OptionList)
    options = [providers.get_option_at_index(i) for i in range(providers.option_count)]
    return {option.id: str(option.prompt) for option in options if option.id}


async def test_a_narrow_title_leaves_room_for_the_service(app: OffrecordApp) -> None:
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.press("enter")
        assert app.title == "offrecord · 0/3"
        title = app.screen.query_one("HeaderTitle")
        assert str(title.render()) == "offrecord · 0/3 — Alpha Chat"
        assert len(str(title.render())) <= title.content_region.width  # not cut short
        await pilot.resize_terminal(120, 40)
        assert app.title == "offrecord · 0/3 steps settled"


async def test_home_lists_providers_with_progress(app: OffrecordApp) -> None:
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen_stack == [app.screen]  # the home list is the bottom screen, no blank one below
        rows = provider_rows(app)
        assert list(rows) == ["alpha", "beta"]
        assert rows["alpha"].split() == ["○", "to", "do", "0/2", "Alpha", "Chat", "(Alpha", "Labs)"]
        assert rows["beta"].split()[3] == "0/1"
        headings = [str(o.prompt) for o in app.screen.query_one("#providers", OptionList).options if o.disabled]
        assert headings == ["Chat assistants  0/2", "Voice assistants  0/1"]
        overview = str(app.screen.query_one("#overview", Static).render())
        assert overview == "Needs attention: 3 outstanding, 0 to re-verify, 0 changed. o lists them."
        words = str(app.screen.query_one("#progress-words", Static).render())
        assert words == "0 of 3 steps settled · 2 services in use"
        assert app.title == "offrecord · 0/3 steps settled"


async def test_open_toggle_and_the_tick_is_on_disk(app: OffrecordApp, store: Store) -> None:
    async with app.run_test() as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "alpha"
        first = app.screen.query_one("#step-training-off", Checkbox)
        assert app.focused is first and not first.value, "the page opens on the first open step"
        await pilot.press("space")
        assert first.value and "[done]" in str(first.label)
        assert store.load().step("alpha", "training-off").outcome == "done"  # type: ignore[union-attr]
        await pilot.press("down", "space")
        assert app.screen.query_one("#step-delete-history", Checkbox).value
        assert store.load().step("alpha", "delete-history") is not None
        await pilot.press("space")  # untick
        assert store.load().step("alpha", "delete-history") is None
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        assert provider_rows(app)["alpha"].split()[:3] == ["◐", "partial", "1/2"]
        assert app.title == "offrecord · 1/3 steps settled"


async def test_a_click_ticks_too_and_the_counts_follow(app: OffrecordApp, store: Store) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("enter")
        counts = app.screen.query_one("#steps-title", Static)
        assert str(counts.render()).startswith("Steps: 0 of 2 settled.")
        await pilot.click("#step-delete-history")
        await pilot.pause()
        box = app.screen.query_one("#step-delete-history", Checkbox)
        assert box.value and str(box.label).endswith("[done]")
        assert store.load().step("alpha", "delete-history") is not None
        assert str(counts.render()).startswith("Steps: 1 of 2 settled.")
        assert app.title == "offrecord · 1/3 steps settled"


async def test_a_tick_repaints_the_step_and_the_header_not_the_whole_screen(app: OffrecordApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.1)
        screen = app.screen
        full: list[str] = []
        refresh = screen.refresh

        def spy(*regions: Region, **kwargs: bool) -> ProviderScreen:
            if not regions or any(region.size == screen.size for region in regions):
                full.append(f"refresh{regions or ''}{kwargs or ''}")
            return refresh(*regions, **kwargs)

        screen.refresh = spy  # type: ignore[method-assign]
        await pilot.press("space")
        await pilot.pause(0.2)  # the counts and the title follow a frame later
        assert app.title == "offrecord · 1/3 steps settled"
        assert full == []


async def test_a_tick_that_cannot_be_saved_is_not_shown(app: OffrecordApp, db_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    notices: list[str] = []
    monkeypatch.setattr(App, "notify", lambda self, message, **kwargs: notices.append(kwargs.get("title", "")))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        db_path.write_text("not a record", encoding="utf-8")  # broken behind offrecord's back
        await pilot.press("space")
        await pilot.pause()
        box = app.screen.query_one("#step-training-off", Checkbox)
        assert not box.value and str(box.label).endswith("[open]")
        assert db_path.read_text(encoding="utf-8") == "not a record"
        assert "Not saved" in notices


async def test_ticks_survive_a_restart(db_path: Path, catalog: Catalog) -> None:
    first = create_app(db_path, catalog, welcome=False)
    async with first.run_test() as pilot:
        await pilot.press("enter", "space", "q")
    second = create_app(db_path, catalog, welcome=False)
    async with second.run_test() as pilot:
        await pilot.press("enter")
        assert second.screen.query_one("#step-training-off", Checkbox).value
        assert not second.screen.query_one("#step-delete-history", Checkbox).value


async def test_next_and_previous_provider_walk_the_list(app: OffrecordApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press("j", "enter")
        assert app.screen.provider.id == "beta"  # type: ignore[attr-defined]
        await pilot.press("n")
        assert app.screen.provider.id == "alpha"  # type: ignore[attr-defined]
        await pilot.press("p")
        assert app.screen.provider.id == "beta"  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_provider_screen_shows_risk_applicability_steps_and_sources(app: OffrecordApp) -> None:
    async with app.run_test(size=(100, 80)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        for expected in ("Alpha keeps every chat", "Who this applies to", "Free and paid personal accounts",
                         "does not cover", "Switch off training", "Settings > Privacy",
                         "https://alpha.example/settings/privacy", "reviewed 2026-06-01"):
            assert expected in text, expected
        order = [text.index(s) for s in ("Switch off training", "Alpha keeps", "Who this applies to", "Sources")]
        assert order == sorted(order)


async def test_changes_made_elsewhere_show_when_home_is_drawn_again(app: OffrecordApp, store: Store) -> None:
    async with app.run_test() as pilot:
        await pilot.press("enter")
        store.mark("beta", "object-eu")  # as if from the shell
        await pilot.press("escape")
        await pilot.pause()
        assert provider_rows(app)["beta"].split()[:3] == ["✔", "done", "1/1"]


async def test_collection_paused_for_start_up_resumes_after_the_first_frame(app: OffrecordApp) -> None:
    gc.disable()  # as `offrecord` does before building the app
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_unreadable_record_shows_a_dialog_not_a_traceback(db_path: Path, catalog: Catalog) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("{broken")
    app = create_app(db_path, catalog, welcome=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorDialog)
        assert str(db_path) in app.screen.message
        assert not app.screen_stack[0].query(OptionList)  # nothing of the record is shown under it
        await pilot.press("enter")
    assert app.return_code == 2
    assert db_path.read_text() == "{broken"
