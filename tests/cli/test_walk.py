"""`offrecord walk` and `offrecord show` as a person (or a script) uses them: a whole session fed on
stdin to the real command, the record checked after, and the output read for anything that is not
plain text. Also: the full-screen checklist refusing a dumb terminal with a pointer to the walk."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG
from tests.hostile_values import HOSTILE, TERMINAL_ACTIONS
from tui.core.record import Store
from tui.core.walk import WALK_SETTING

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "Done? (y)es, (n)ot yet, (a) not applicable, (x) couldn't, (o)pen link, (q)uit:"


def offrecord(db: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args, "--db", str(db), "--catalog", str(FIXTURE_CATALOG),
                           "--catalog-only"], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "TERM": "dumb", **(env or {})})


def assert_plain(text: str) -> None:
    """No escape byte nor any other control character; lines of at most 80 columns, but for a URL
    standing whole on its own line (after at most a short label)."""
    found = TERMINAL_ACTIONS.search(text.replace("\n", ""))
    assert not found, f"{found.group()!r} in the output"
    for line in text.splitlines():
        words = line.split()
        if len(line) > 80:
            assert "://" in words[-1] and len(words) <= 4, f"a line over 80 columns: {line!r}"


def flat(text: str) -> str:
    """The output without its line breaks, to find a sentence wherever the wrap fell."""
    return " ".join(text.split())


def browser_log(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A BROWSER that only writes down the link it was given (nothing is opened)."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n')
    script.chmod(0o755)
    return {"BROWSER": f"{script} %s"}, log


def test_a_whole_session_answers_each_kind_and_saves_each_answer(db_path: Path, tmp_path: Path) -> None:
    env, opened = browser_log(tmp_path)
    session = "\n".join([
        "zzz",  # not a service: asked again
        "1, beta",
        "o",  # open Alpha's link, then the same question again
        "y",  # Alpha: switch off training, done
        "maybe",  # not an answer: asked again
        "x",  # Alpha: delete old chats, could not do
        "r", "Ada Lovelace", "ada@example", "ada@example.com",  # Beta: read the request (a bad email first)
        "s",  # sent today
    ]) + "\n"
    result = offrecord(db_path, "walk", stdin=session, env=env)
    assert result.returncode == 0 and result.stderr == ""
    out = result.stdout
    assert_plain(out)
    assert "Not understood: 'zzz'. Use numbers from the list, names, all, or Enter." in out
    assert out.count(QUESTION) == 4 and "Please answer one of y, n, a, x, o, q." in out
    assert "'ada@example' is not an email address (name@example.com)." in out
    assert "I, Ada Lovelace (ada@example.com), object to the use of my recordings with Beta" in out
    assert flat(out).endswith(
        "Walk finished: 1 of 3 steps settled in 2 services, 1 still open. offrecord status lists what is open.")
    assert opened.read_text() == "https://alpha.example/settings/privacy\n"
    record = Store(db_path).load()
    assert [(r.step, r.outcome) for r in record.steps.values()] == \
        [("training-off", "done"), ("delete-history", "failed"), ("object-eu", "sent")]
    assert record.step("beta", "object-eu").sent_on == dt.date.today()  # type: ignore[union-attr]
    assert (record.settings["name"], record.settings["email"]) == ("Ada Lovelace", "ada@example.com")
    assert WALK_SETTING not in record.settings  # finished: nothing to resume
    assert record.skipped == frozenset()  # choosing here marks nothing as not used


def test_quit_then_resume_at_the_first_open_step(db_path: Path) -> None:
    first = offrecord(db_path, "walk", stdin="\nn\ny\nq\n")  # Alpha: not yet, done; quit at Beta
    assert first.returncode == 0 and first.stdout.rstrip().endswith(
        "Stopped. Your answers are saved; offrecord walk picks up at the first open step.")
    second = offrecord(db_path, "walk", stdin="\n")  # Enter: the services of the last walk, from Beta
    assert "Enter walks the 1 service from your last walk (Beta Assistant)." in flat(second.stdout)
    assert "Step 1 of 1: File an objection [open]" in second.stdout
    assert "Switch off training" not in second.stdout.split("Which services?")[1]
    third = offrecord(db_path, "walk", stdin="all\n")
    assert "Step 1 of 1: Switch off training [open]" in third.stdout  # the step left open comes back first
    assert "Delete old chats" not in third.stdout.split("Which services?")[1]


def test_the_end_of_the_input_half_way_keeps_every_answer(db_path: Path) -> None:
    result = offrecord(db_path, "walk", stdin="\ny\n")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.rstrip().endswith("offrecord walk picks up at the first open step.")
    assert [r.step for r in Store(db_path).load().steps.values()] == ["training-off"]


def test_ctrl_c_leaves_the_record_as_after_the_last_answer(db_path: Path) -> None:
    walk = subprocess.Popen([sys.executable, "-m", "tui", "walk", "--db", str(db_path), "--catalog",
                             str(FIXTURE_CATALOG), "--catalog-only"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert walk.stdin is not None
    walk.stdin.write("\ny\n")
    walk.stdin.flush()
    deadline = time.monotonic() + 30
    while not (db_path.exists() and Store(db_path).load().steps) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # the next question is asked: the walk waits for a line
    walk.send_signal(signal.SIGINT)
    out, err = walk.communicate(timeout=30)
    assert walk.returncode == 130 and err == ""
    assert out.rstrip().endswith("Stopped. Your answers are saved; offrecord walk picks up at the first open step.")
    assert [(r.step, r.outcome) for r in Store(db_path).load().steps.values()] == [("training-off", "done")]


def test_only_the_steps_for_the_region_and_the_account_asked(db_path: Path) -> None:
    store = Store(db_path)
    store.set_setting("region", "us")
    store.add_account("alpha", "work")
    result = offrecord(db_path, "walk", stdin="\n2\ny\ny\n")  # every service, then Alpha's work account
    out = result.stdout
    assert "Alpha Chat has 2 accounts: 1. default, 2. work." in flat(out) and "Account: work." in out
    assert "Account: default." not in out and "File an objection" not in out
    assert "2. Beta Assistant (Beta Corp): nothing for your region" in out
    assert {(r.account, r.step) for r in Store(db_path).load().steps.values()} == \
        {("work", "training-off"), ("work", "delete-history")}


def test_a_reply_overdue_is_asked_about(db_path: Path) -> None:
    Store(db_path).mark("beta", "object-eu", "sent", sent_on=dt.date.today() - dt.timedelta(days=40))
    result = offrecord(db_path, "walk", stdin="beta\nr\n")
    assert "Answered? (g)ranted, (r)efused, (u) no reply came, (w)ait longer, (q)uit:" in result.stdout
    entry = Store(db_path).load().step("beta", "object-eu")
    assert entry is not None and (entry.outcome, entry.answer) == ("answered", "refused")


def test_hostile_notes_and_answers_stay_text(db_path: Path) -> None:
    store = Store(db_path)
    store.mark("alpha", "training-off", "failed", note="".join(HOSTILE[:-1]))  # the last is not Unicode
    store.mark("alpha", "delete-history", "failed", note="\x1b]52;c;cm0gLXJmIH4=\x07")
    result = offrecord(db_path, "walk", stdin="\n\x1b[2J\nq\n")  # an escape typed as an answer
    assert result.returncode == 0 and result.stderr == ""
    assert_plain(result.stdout)
    assert "Your note:" in result.stdout and "Please answer one of y, n, a, x, o, q." in result.stdout


def test_show_prints_the_page_with_the_persons_progress(db_path: Path) -> None:
    Store(db_path).mark("alpha", "training-off", "done", note="done on the laptop")
    text = offrecord(db_path, "show", "alpha")
    assert text.returncode == 0
    assert_plain(text.stdout)
    lines = text.stdout.splitlines()
    assert lines[0] == "Alpha Chat (Alpha Labs)"
    assert "1. Switch off training [done]" in lines and "2. Delete old chats [open]" in lines
    assert "   Link: https://alpha.example/settings/privacy" in lines
    assert "   Your note: done on the laptop" in lines
    assert "What the opt-out does not cover" in lines and "Sources (reviewed 2026-06-01)" in lines
    markdown = offrecord(db_path, "show", "alpha", "--format", "markdown").stdout
    assert markdown.startswith("# Alpha Chat \\(Alpha Labs\\)\n")
    assert "- **Link:** <https://alpha.example/settings/privacy>" in markdown
    unknown = offrecord(db_path, "show", "alpah")
    assert unknown.returncode == 2 and unknown.stderr == "offrecord: error: unknown provider 'alpah'; did you mean alpha?\n"


@pytest.mark.parametrize(("term", "stdin", "why"), [
    ("dumb", None, "this terminal (TERM=dumb)"),
    ("xterm-256color", subprocess.DEVNULL, "this is not a terminal"),
])
def test_the_full_screen_checklist_points_to_the_walk(db_path: Path, term: str, stdin: int | None, why: str) -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--db", str(db_path)], stdin=stdin, capture_output=True,
                            text=True, cwd=ROOT, timeout=60, env={**os.environ, "TERM": term})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"offrecord: error: the full-screen checklist cannot start here: {why}; offrecord walk "
                             "asks the same questions line by line\n")
    assert not db_path.exists()
