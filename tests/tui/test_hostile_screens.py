"""Hostile text in the TUI: markup, escape sequences and links from files never act."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG, provider_toml
from tui.core.record import Store

# --- the TUI ----------------------------------------------------------------------------------------

MARKUP_TITLE = "[@click=app.quit]Switch off training[/]"


def screen_text(app: object) -> str:
    """The screen as the SVG Textual saves, with its non-breaking spaces as spaces."""
    return app.export_screenshot().replace("&#160;", " ")  # type: ignore[attr-defined]


@pytest.fixture
def markup_catalog(tmp_path: Path) -> Path:
    """A provider whose texts are markup and non-https links (all of it valid catalog text)."""
    folder = tmp_path / "markup"
    folder.mkdir()
    text = provider_toml("evil", 2).replace('title = "Step 1"', f'title = "{MARKUP_TITLE}"')
    text = text.replace('name = "Generated evil"', 'name = "Evil [b]Corp[/b] [/]"')
    text = text.replace('risk = "Keeps everything."',
                        'risk = "See [http](http://evil.example/x), [smb](smb://evil.example/s), [file](/etc/passwd) '
                        'and [fine](https://evil.example/ok)."')
    (folder / "evil.toml").write_text(text)
    (folder / "[@click=app.quit]broken[old].toml").write_text("id = ")
    return folder


def test_the_provider_page_links_only_https(markup_catalog: Path) -> None:
    from rich.console import Console

    from screens.provider import about
    from screens.text import render_markdown
    from tui.core.catalog import load_file

    output = io.StringIO()
    Console(file=output, force_terminal=True, color_system="standard", width=100).print(
        render_markdown(about(load_file(markup_catalog / "evil.toml"))))
    assert set(re.findall(r"\x1b]8;[^;]*;([^\x1b\x07]+)", output.getvalue())) == {"https://evil.example/ok"}
    assert "http://evil.example/x" not in output.getvalue()


async def test_markup_in_catalog_text_and_file_names_never_acts(tmp_path: Path, markup_catalog: Path,
                                                               opened_urls: list[str],
                                                               notices: list[tuple[str, bool]]) -> None:
    from screens.provider import ProviderScreen
    from tui.app import create_app
    from tui.core.catalog import load_catalog

    db = tmp_path / "record.json"
    catalog = load_catalog([markup_catalog], builtin=FIXTURE_CATALOG)
    app = create_app(db, catalog, welcome=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"app.quit")  # only the markup step title holds these letters in order
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ProviderScreen) and app.screen.provider.id == "evil"
        shown = screen_text(app)
        assert MARKUP_TITLE in shown and "Evil [b]Corp[/b] [/]" in shown
    assert [(markup, "[@click=app.quit]broken[old].toml" in message) for message, markup in notices] == [(False, True)]
    assert not db.exists() or not Store(db).load().steps
    assert opened_urls == []


async def test_hostile_notes_and_labels_reach_the_screen_inert(db_path: Path, catalog, tmp_path: Path) -> None:
    from screens.share import ShareScreen
    from tui.app import create_app

    store = Store(db_path)
    store.mark("alpha", "training-off", note="\x1b]0;PWNED\x07 [@click=app.quit]x[/] \u202eevil")
    store.set_setting("label", "<b>\x1b]52;c;eA==\x07Eve</b> [x](http://evil.example)")
    app = create_app(db_path, catalog, welcome=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        shown = screen_text(app)
        assert "PWNED" in shown and "\x1b" not in shown and "\u202e" not in shown
        await pilot.press("escape", "s")
        assert isinstance(app.screen, ShareScreen)
        ElementTree.fromstring(app.export_screenshot())  # the share picture is well-formed XML
        source = app.screen.query_one("#summary").source  # type: ignore[attr-defined]
        assert "\\<b\\>" in source and "\x1b" not in source and "](http" not in source
    assert app.return_code in (None, 0)


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every notification as Textual receives it: (message, markup)."""
    from textual.app import App

    seen: list[tuple[str, bool]] = []
    monkeypatch.setattr(App, "notify", lambda self, message, **kwargs: seen.append((message, kwargs["markup"])))
    return seen


async def test_link_key_refuses_what_is_not_https_and_says_when_no_browser_starts(
        app, opened_urls: list[str], notices: list[tuple[str, bool]], monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    def no_browser(*args: object, **kwargs: object) -> object:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr("webbrowser.get", no_browser)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "space", "l")
        await pilot.pause()
        assert app.open_link("http://evil.example") is False
    assert [message.split(".")[0] for message, _ in notices] == [
        "No web browser could be started here", "offrecord opens only https links; this one was not opened: http://evil"]
    assert opened_urls == []


async def test_share_saves_never_overwrite_and_survive_a_deleted_start_folder(
        app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from screens.share import ShareScreen

    start = tmp_path / "start"
    start.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(start)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "m", "m")
        assert isinstance(app.screen, ShareScreen)
        names = sorted(p.name for p in start.iterdir())
        assert len(names) == 2 and sum(name.endswith("-2.md") for name in names) == 1, names
        for path in start.iterdir():
            path.unlink()
        start.rmdir()  # the folder offrecord was started from is gone
        await pilot.press("m")
        await pilot.pause()
    assert [p.suffix for p in home.iterdir()] == [".md"]
