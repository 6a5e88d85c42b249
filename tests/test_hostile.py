"""Hostile text and careless paths: nothing from a file acts on the terminal, the app or the record.

Text comes from provider files, teammates' summaries, notes, labels and file names; every output
(shell commands, summaries, reports, calendar, the TUI) must show it as inert text. Paths may be
accidents: a FIFO, a link to /dev/zero, an output that is the record.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import FIXTURE_CATALOG, provider_toml
from tui.core.clean import REPLACEMENT, UNSAFE, clean, is_openable, json_text, markdown_text
from tui.cli import main
from tui.core.remind import escape_text
from tui.core.record import Store

ROOT = Path(__file__).resolve().parent.parent

# What an attacker would put in a note, a label, a file name or a teammate's summary.
HOSTILE = [
    "\x1b]0;PWNED\x07",  # retitle the terminal
    "\x1b]52;c;cm0gLXJmIH4=\x07",  # write the clipboard
    "\x1b[2J\x1b[H",  # clear the screen
    "\x9b31m",  # C1 CSI
    "evil\u202etxt.exe",  # bidi override
    "\u2066isolated\u2069",
    "[@click=app.quit]click me[/]",  # Textual markup that is an action
    "[b]bold[/b] [link=http://evil.example]x[/link]",
    "<script>alert(1)</script> <b>html</b>",
    "[md link](http://evil.example) ![img](http://evil.example/i.png)",
    "a | b \\",  # a table cell separator, a trailing backslash
    "line one\nline two\r\n| forged | row |",
    "caf\udce9",  # a non-UTF-8 byte from a shell argument
]
TERMINAL_ACTIONS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

hostile_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(HOSTILE)


@given(hostile_text)
def test_clean_leaves_nothing_unsafe_and_is_stable(text: str) -> None:
    cleaned = clean(text)
    assert not UNSAFE.search(cleaned) and "\n" not in cleaned
    assert clean(cleaned) == cleaned
    assert len(clean(text, lines=True).splitlines()) <= len(text.splitlines()) + 1


@given(hostile_text)
def test_markdown_text_renders_exactly_the_text(text: str) -> None:
    """Escaped text parsed as Markdown (CommonMark and GFM tables) is one paragraph holding the
    cleaned text itself: no link, no HTML, no emphasis, no new block."""
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(f"before {markdown_text(text)} after")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert {child.type for child in children} <= {"text"}, [c.type for c in children]
    shown = "".join(child.content for child in children)
    assert shown == f"before {clean(text).strip()} after"


@given(st.recursive(st.none() | st.booleans() | st.integers() | hostile_text,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
                    max_leaves=10))
def test_json_text_keeps_every_value_and_prints_safely(value: object) -> None:
    text = json_text(value)
    assert not UNSAFE.search(text)
    assert json.loads(text) == value


@given(hostile_text)
def test_calendar_text_has_no_control_characters(text: str) -> None:
    escaped = escape_text(text)
    assert not UNSAFE.search(escaped) and "\n" not in escaped and "\r" not in escaped


@pytest.mark.parametrize("url", ["http://evil.example", "smb://evil.example/share", "/etc/passwd", "file:///etc/passwd",
                                 "javascript:alert(1)", "https://evil.example/\x1b]0;x\x07", "https://evil.example/a b"])
def test_only_https_and_mailto_are_openable(url: str) -> None:
    assert not is_openable(url)
    assert is_openable("https://help.example.com/a?b=c#d") and is_openable("mailto:privacy@example.com?subject=Hi")


# --- the shell commands, in-process (fast) ---------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "--catalog", str(FIXTURE_CATALOG), "--catalog-only"])
    out, err = capsys.readouterr()
    return code, out, err


def assert_inert(*texts: str) -> None:
    for text in texts:
        found = TERMINAL_ACTIONS.search(text)
        assert not found, f"{found.group()!r} reached the terminal in {text!r}"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_command_prints_hostile_notes_and_labels_inertly(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                hostile: str) -> None:
    db = str(tmp_path / "record.json")
    assert run(capsys, "mark", "alpha/training-off", "--note", hostile, "--db", db)[0] in (0, 2)  # 2: not Unicode
    Store(Path(db)).mark("alpha", "delete-history", note=hostile.encode("utf-8", "replace").decode())  # always kept
    for args in (["status"], ["providers"], ["summary", "--notes", "--label", hostile],
                 ["summary", "--format", "text", "--notes", "--label", hostile],
                 ["summary", "--format", "json", "--notes", "--label", hostile], ["status", "--json"]):
        code, out, err = run(capsys, *args, "--db", db)
        assert code in (0, 1), err
        assert_inert(out, err)
    code, out, _ = run(capsys, "summary", "--format", "json", "--notes", "--label", hostile, "--db", db)
    assert json.loads(out)["label"] == hostile  # JSON keeps the value exactly, escaped


def test_markdown_summary_escapes_labels_and_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "record.json")
    run(capsys, "mark", "alpha/training-off", "--note", "x | y \\", "--db", db)
    code, out, _ = run(capsys, "summary", "--notes", "--label", "<b>Eve</b> [x](http://evil.example)", "--db", db)
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    inline = [child for t in tokens if t.children for child in t.children]
    assert not [c for c in inline if c.type in ("link_open", "html_inline", "image")]
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 5 for row in rows), rows  # no forged or swallowed cells
    assert "## Notes" in out and "x \\| y \\\\" in out


def test_hostile_file_names_are_printed_inertly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "\x1b]0;PWNED\x07.toml").write_text("id = ")
    code, out, err = run(capsys, "providers", "--db", str(tmp_path / "r.json"), "--catalog", str(catalog))
    assert "skipped a provider file" in err
    assert_inert(out, err)
    code, out, err = run(capsys, "validate", str(catalog / "\x1b]0;PWNED\x07.toml"))
    assert code == 2
    assert_inert(out, err)


def test_a_hostile_summaries_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    for n, hostile in enumerate(HOSTILE):
        summary = {"format": "offrecord-summary/1", "generated_at": "2026-11-01T00:00:00+00:00", "label": hostile,
                   "providers": [{"id": f"svc{n}", "name": hostile, "status": "todo",
                                  "steps": [{"id": "s", "state": "open", "outcome": None, "checked_at": None}]}]}
        (folder / f"{n}.json").write_text(json.dumps(summary), encoding="utf-8", errors="surrogatepass")
    (folder / "\x1b]52;c;eA==\x07.json").write_text("not json")
    code, out, err = run(capsys, "report", str(folder))
    assert code == 2 and "not JSON" in err
    assert_inert(out, err)
    (folder / "\x1b]52;c;eA==\x07.json").unlink()
    for fmt in ("markdown", "text", "json"):
        code, out, err = run(capsys, "report", str(folder), "--format", fmt)
        assert code == 0, err
        assert_inert(out, err)
    code, out, _ = run(capsys, "report", str(folder))
    inline = [c for t in MarkdownIt("commonmark").enable("table").parse(out) if t.children for c in t.children]
    assert not [c for c in inline if c.type in ("link_open", "html_inline", "image")]


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("generated_at", "0001-01-01T00:00:00+05:00", "must be a date from 2000 to 2200"),
    ("generated_at", "9999-12-31T23:00:00-05:00", "must be a date from 2000 to 2200"),
    ("format", "offrecord-summary/" + "9" * 5000, "unknown summary format"),
])
def test_report_refuses_implausible_values_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       field: str, value: str, problem: str) -> None:
    summary = {"format": "offrecord-summary/1", "generated_at": "2026-11-01T00:00:00+00:00", "providers": []}
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**summary, field: value}))
    code, out, err = run(capsys, "report", str(path))
    assert code == 2 and problem in err and len(err.splitlines()) == 1 and len(err) < 300, err


# --- outputs never land on the record or an input ------------------------------------------------

def test_outputs_never_replace_the_record_its_lock_or_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    run(capsys, "mark", "alpha/training-off", "--db", str(db))
    before = db.read_bytes()
    (tmp_path / "shared").mkdir()
    summary = tmp_path / "shared" / "s.json"
    run(capsys, "summary", "--format", "json", "--output", str(summary), "--db", str(db))
    link = tmp_path / "link.json"
    link.symlink_to(db)
    hard = tmp_path / "hard.json"
    os.link(db, hard)
    for args in (["summary", "--output", str(db)], ["summary", "--output", str(link), "--force"],
                 ["summary", "--output", str(hard), "--force"], ["summary", "--output", f"{db}.lock", "--force"],
                 ["remind", "--ics", str(db), "--force"], ["report", str(summary), "--output", str(db), "--force"],
                 ["report", str(summary), "--output", str(summary), "--force"],
                 ["report", str(tmp_path / "shared"), "--output", str(summary), "--force"]):
        code, out, err = run(capsys, *args, "--db", str(db))
        assert code == 2 and "which offrecord reads" in err and len(err.splitlines()) == 1, (args, err)
    assert db.read_bytes() == before
    assert json.loads(summary.read_text())["format"] == "offrecord-summary/1"


def test_an_existing_output_is_replaced_only_with_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, out_file = str(tmp_path / "record.json"), tmp_path / "summary.md"
    out_file.write_text("mine")
    code, _, err = run(capsys, "summary", "--output", str(out_file), "--db", db)
    assert code == 2 and "already exists; add --force to replace it" in err
    assert out_file.read_text() == "mine"
    assert run(capsys, "summary", "--output", str(out_file), "--db", db, "--force")[0] == 0
    assert out_file.read_text().startswith("# offrecord status")


def test_summary_with_notes_is_written_owner_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "record.json")
    run(capsys, "summary", "--output", str(tmp_path / "plain.md"), "--db", db)
    run(capsys, "summary", "--notes", "--output", str(tmp_path / "noted.md"), "--db", db)
    assert (tmp_path / "noted.md").stat().st_mode & 0o077 == 0


def test_a_label_that_is_not_utf8_is_written_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "summary", "--label", "caf\udce9", "--output", str(tmp_path / "s.md"),
                       "--db", str(tmp_path / "r.json"))
    assert code == 0, err
    assert f"caf{REPLACEMENT}" in (tmp_path / "s.md").read_text(encoding="utf-8")


# --- careless paths --------------------------------------------------------------------------------

def test_an_empty_db_never_falls_back_to_the_real_record(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(capsys, "mark", "alpha/training-off", "--db", "")
    assert code == 2 and "--db was given an empty path" in err
    monkeypatch.setenv("OFFRECORD_DB", "")
    code, _, err = run(capsys, "mark", "alpha/training-off")
    assert code == 2 and "OFFRECORD_DB is set but empty" in err
    assert not (tmp_path / "xdg-data").exists(), "the default record was never touched"


def test_a_symlinked_record_is_written_through_with_the_lock_beside_its_target(tmp_path: Path,
                                                                               capsys: pytest.CaptureFixture[str]) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "record.json"
    link = tmp_path / "record.json"
    link.symlink_to(target)
    assert run(capsys, "mark", "alpha/training-off", "--db", str(link))[0] == 0
    assert run(capsys, "mark", "alpha/delete-history", "--db", str(link))[0] == 0
    assert link.is_symlink(), "the link is still a link"
    assert set(Store(target).load().steps) == {"alpha/training-off", "alpha/delete-history"}
    assert (synced / "record.json.lock").exists() and not (tmp_path / "record.json.lock").exists()


def test_a_lock_that_is_a_symlink_is_never_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    victim = tmp_path / "victim"
    (tmp_path / "record.json.lock").symlink_to(victim)
    code, _, err = run(capsys, "mark", "alpha/training-off", "--db", str(db))
    assert code == 2 and "is a symbolic link" in err
    assert not victim.exists() and not db.exists()


def test_a_symlink_loop_is_called_a_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    code, _, err = run(capsys, "status", "--db", str(loop))
    assert code == 2 and "loops" in err
    code, _, err = run(capsys, "report", str(loop))
    assert code == 2 and "loops" in err and "no such file" not in err


def test_fifos_devices_and_huge_files_are_refused_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(9 * 1024 * 1024)
    for path in (fifo, zero, huge):
        code, _, err = run(capsys, "report", str(path))
        assert code == 2 and str(path) in err and ("not a regular file" in err or "larger than" in err), err
    code, _, err = run(capsys, "status", "--db", str(fifo))
    assert code == 2 and "not a regular file" in err


def test_a_read_only_record_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    run(capsys, "mark", "alpha/training-off", "--db", str(db))
    db.chmod(0o400)
    before = db.read_bytes()
    code, _, err = run(capsys, "mark", "alpha/delete-history", "--db", str(db))
    assert code == 2 and "is read-only" in err
    assert db.read_bytes() == before


def test_a_failed_mark_on_a_file_that_is_not_a_record_leaves_no_lock(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "mine" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("my notes")
    code, _, err = run(capsys, "mark", "alpha/training-off", "--db", str(notes))
    assert code == 2 and "not an offrecord record" in err
    assert sorted(p.name for p in notes.parent.iterdir()) == ["notes.txt"]


def test_implausible_dates_and_intervals_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "record.json"
    run(capsys, "mark", "alpha/training-off", "--db", str(db))
    for args in (["status", "--stale-after", "3000000"], ["remind", "--ics", str(tmp_path / "x.ics"), "--stale-after",
                                                          "3000000"], ["status", "--stale-after", "²"]):
        code, _, err = run(capsys, *args, "--db", str(db))
        assert code == 2 and "whole number of days from 0 to 36500" in err and "_days" not in err, err
    data = json.loads(db.read_text())
    data["steps"]["1"]["checked_at"] = "9999-12-31T00:00:00+00:00"
    db.write_text(json.dumps(data))
    code, _, err = run(capsys, "remind", "--ics", str(tmp_path / "x.ics"), "--db", str(db))
    assert code == 2 and "malformed" in err and len(err.splitlines()) == 1


def test_a_full_disk_on_stdout_is_one_line(tmp_path: Path) -> None:
    for command in (["summary"], ["status"]):
        with open("/dev/full", "w") as full:
            result = subprocess.run([sys.executable, "-m", "tui", *command, "--db", str(tmp_path / "r.json"),
                                     "--catalog", str(FIXTURE_CATALOG), "--catalog-only"],
                                    stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=60)
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines()[-1].startswith("offrecord: error: cannot write the output")
        assert "Traceback" not in result.stderr


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
    from tui.core.catalog import load_file
    from rich.console import Console

    from screens.provider import about
    from screens.text import render_markdown

    output = io.StringIO()
    Console(file=output, force_terminal=True, color_system="standard", width=100).print(
        render_markdown(about(load_file(markup_catalog / "evil.toml"))))
    assert set(re.findall(r"\x1b]8;[^;]*;([^\x1b\x07]+)", output.getvalue())) == {"https://evil.example/ok"}
    assert "http://evil.example/x" not in output.getvalue()


async def test_markup_in_catalog_text_and_file_names_never_acts(tmp_path: Path, markup_catalog: Path,
                                                               opened_urls: list[str],
                                                               notices: list[tuple[str, bool]]) -> None:
    from tui.core.catalog import load_catalog
    from screens.provider import ProviderScreen
    from tui.app import create_app

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


PTY_NOTE = "\x1b]0;PWNED\x07\x1b]52;c;cm0gLXJmIH4=\x07"


@pytest.mark.skipif(not Path(sys.executable).with_name("offrecord").exists(), reason="needs the installed script")
def test_the_terminal_never_receives_a_hostile_sequence(db_path: Path, tmp_path: Path) -> None:
    """The raw bytes offrecord writes to a real pty, with hostile notes and file names about."""
    from tests.test_e2e_pty import Terminal

    Store(db_path).mark("alpha", "training-off", note=PTY_NOTE)
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / f"{PTY_NOTE}.toml").write_text("id = ")
    terminal = Terminal([str(Path(sys.executable).with_name("offrecord")), "--no-welcome", "--db", str(db_path),
                         "--catalog", str(FIXTURE_CATALOG), "--catalog", str(catalog), "--catalog-only"])
    try:
        terminal.wait_for("steps settled")
        seen = terminal.output
        terminal.press("\r")
        terminal.wait_for("Your note")
        seen += terminal.output
        terminal.press("q")
        assert terminal.close() == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    assert b"PWNED" in seen.replace(b"\xef\xbf\xbd", b"")  # the text was shown...
    assert b"\x1b]0;PWNED" not in seen and b"\x1b]52;c;cm0g" not in seen  # ...but never as a sequence
    commands = set(re.findall(rb"\x1b\]([0-9]*);", seen))
    assert not commands & {b"0", b"1", b"2", b"52"}, commands  # no title, no clipboard: Textual's own are 8 and queries
