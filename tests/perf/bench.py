"""offrecord's performance benchmark: each target as a ratio against a baseline run side by side.

    python tests/perf/bench.py            # 7 runs a measurement (a few minutes)
    python tests/perf/bench.py --quick    # 3 runs, for information in CI
    python tests/perf/bench.py --only startup,key --json results.json

Run it with the Python that has offrecord's dependencies installed (the project's venv). It uses
the standard library only and measures the code of the checkout it sits in (`python -m tui` run
from the repository root). Every TUI is started in a pseudo-terminal of a fixed size with
TERM=xterm-256color, and "painted" means the bytes the program wrote to that terminal contain a
marker (a label, a heading) that only the expected screen shows. Every run uses a record in a
temporary folder, never the person's own; the folder and every child process go when it ends.

What each row means is in the README's "Performance" section. The exit code is 0 when the
benchmark ran (1 with --strict when a target is missed), 2 when it could not run at all.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.e2e.terminal import (  # noqa: E402  (the shared pty helper, found from the repository root)
    Terminal,
    TerminalError,
    kill_all_children,
    kill_and_reap,
    peak_rss,
    reap,
    track,
)

PY = sys.executable
ROWS, COLS = 50, 120  # tall enough for the bare app's 15 checkboxes (3 rows each) with header and footer

START_TIMEOUT = 30.0
KEY_TIMEOUT = 10.0
COMMAND_TIMEOUT = 120.0
REPORT_TIMEOUT = 600.0

# What the screens write when painted (searched in the raw bytes; each is one styled run of text).
TICK_GLYPH = "\u2714"  # StepCheckbox shows it when ticked (and a blank when not)
TICKED_LABEL = "[done]"  # a step's label ends "title  [done]" once the record says done
UNTICKED_LABEL = "[open]"  # and "title  [open]" once the record no longer has the step
# The header's sub-title ("offrecord — ChatGPT"): names the provider a screen shows.
HEADER_SUBTITLE = re.compile(rb" \xe2\x80\x94 (?:\x1b\[[0-9;:]*m)+([^\x1b]+)")
BARE_TITLE = "barebench"
BARE_LAST_LABEL = "Checkbox 15"
# The bare app's first checkbox: the style of its "X" changes when toggled (its glyph does not).
BARE_BUTTON = re.compile(rb"\xe2\x96\x90(?:\x1b\[[0-9;:]*m)*?(\x1b\[[0-9;:]*m)X(?:(?!Checkbox).){0,200}?Checkbox 01 ", re.S)

BARE_APP = f'''\
"""The baseline: a bare Textual app with a Header, 15 Checkboxes and a Footer."""

from textual.app import App
from textual.widgets import Checkbox, Footer, Header


class Bare(App[None]):
    TITLE = "{BARE_TITLE}"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        for number in range(1, 16):
            yield Checkbox(f"Checkbox {{number:02d}}")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
'''

PLAIN_IMPORTS = "import tinydb, tomllib, json"
PLAIN_LOOP = """\
import json, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    json.loads(path.read_bytes())
"""


class BenchError(TerminalError):
    """A measurement that could not be taken; the message says what was expected and seen."""


@dataclass
class Finished:
    seconds: float
    exit_code: int
    peak_rss: int
    stdout: bytes
    stderr: bytes


def run_command(argv: Sequence[str], env: dict[str, str], timeout: float = COMMAND_TIMEOUT,
                capture: bool = False, ok: Sequence[int] = (0,)) -> Finished:
    """Run a command to its end (stdout to a file or nowhere), timing it and taking its peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out if capture else subprocess.DEVNULL,
                                stderr=err, env=env, cwd=REPO, start_new_session=True)
        track(proc.pid)
        reaped = reap(proc.pid, timeout)
        seconds = time.perf_counter() - started
        if reaped is None:
            kill_and_reap(proc.pid)
            proc.returncode = -9
            raise BenchError(f"{' '.join(argv)}: still running after {timeout:.0f} s (killed)")
        proc.returncode = reaped[0]
        out.seek(0)
        err.seek(0)
        finished = Finished(seconds, reaped[0], peak_rss(proc.pid, reaped[1]), out.read(), err.read())
    if finished.exit_code not in ok:
        raise BenchError(f"{' '.join(argv)}: exit {finished.exit_code}: "
                         f"{finished.stderr.decode(errors='replace').strip()[-600:]}")
    return finished


# ---------------------------------------------------------------------------------------------
# The setting: a temp folder with the bare app, the records, the generated catalogs and summaries.
# ---------------------------------------------------------------------------------------------


@dataclass
class ProviderInfo:
    id: str
    name: str
    company: str
    steps: list[str]


@dataclass
class Setup:
    root: Path
    env: dict[str, str]
    catalog_note: str
    providers: list[ProviderInfo]
    bare_script: Path
    clean_record: Path  # a record with nothing ticked (copied for every TUI run)
    _runs: int = 0

    def offrecord(self, *args: str) -> list[str]:
        return [PY, "-m", "tui", *args]

    def fresh_db(self) -> Path:
        """A new record path for one run: a copy of the clean record when there is one."""
        self._runs += 1
        folder = self.root / "runs" / f"{self._runs:04d}"
        folder.mkdir(parents=True)
        db = folder / "record.json"
        shutil.copyfile(self.clean_record, db)
        os.chmod(db, 0o600)
        return db

    def tui_argv(self, db: Path, extra_catalog: Path | None = None) -> list[str]:
        argv = self.offrecord("--db", str(db), "--no-welcome")
        if extra_catalog is not None:
            argv += ["--catalog", str(extra_catalog)]
        return argv


def child_env(root: Path) -> dict[str, str]:
    """The environment for every child: a fixed terminal, no developer tools, no real data folder."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TEXTUAL", "OFFRECORD_", "PYTHONPROFILE")) and key not in
           {"COLUMNS", "LINES", "TMUX", "NO_COLOR", "FORCE_COLOR", "PYTHONIMPORTTIME", "PYTHONTRACEMALLOC"}}
    env.pop("COLORTERM", None)
    # Python as people run it: bytecode cached (gitignored __pycache__ beside the sources). With
    # PYTHONDONTWRITEBYTECODE set, every start would compile offrecord's modules again, while
    # Textual's and TinyDB's come precompiled from their wheels: the comparison would be skewed.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The record, settings and caches (the catalog cache) all go to the temp folder; the
    # warm-up run of each measurement fills the cache, as a person's first start would.
    env.update(TERM="xterm-256color", XDG_DATA_HOME=str(root / "xdg-data"), XDG_CONFIG_HOME=str(root / "xdg-config"),
               XDG_CACHE_HOME=str(root / "xdg-cache"), XDG_STATE_HOME=str(root / "xdg-state"))
    return env


def prepare(root: Path) -> Setup:
    env = child_env(root)
    bare = root / "bare_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    probe_db = root / "probe" / "record.json"
    listing = json.loads(run_command([PY, "-m", "tui", "providers", "--json", "--db", str(probe_db)],
                                     env, capture=True).stdout)
    providers = [ProviderInfo(p["id"], p["name"], p["company"], list(p["steps"])) for p in listing]
    note = f"shipped catalog, {len(providers)} providers, {sum(len(p.steps) for p in providers)} steps"
    # A record that exists (so no first-run welcome) with nothing ticked: skip and unskip the last.
    clean = root / "clean" / "record.json"
    for command in ("skip", "unskip"):
        run_command([PY, "-m", "tui", command, providers[-1].id, "--db", str(clean)], env)
    return Setup(root, env, note, providers, bare, clean)


def generate_catalog(setup: Setup, count: int) -> Path:
    """`count` valid provider files: a shipped (or fixture) file with a new id and name."""
    folder = setup.root / f"catalog-{count}"
    folder.mkdir()
    template = sorted((REPO / "providers").glob("*.toml"))[0].read_text(encoding="utf-8")
    head, sep, tail = template.partition("\n[")  # the provider's own keys come before any table
    for number in range(1, count + 1):
        new_id = f"bench-{number:03d}"
        top = re.sub(r'(?m)^id\s*=\s*".*"$', f'id = "{new_id}"', head, count=1)
        top = re.sub(r'(?m)^name\s*=\s*".*"$', f'name = "Bench Provider {number:03d}"', top, count=1)
        (folder / f"{new_id}.toml").write_text(top + sep + tail, encoding="utf-8")
    sample = sorted(folder.glob("*.toml"))[:1] + sorted(folder.glob("*.toml"))[-1:]
    run_command(setup.offrecord("validate", *map(str, sample)), setup.env)
    return folder


def generate_summaries(setup: Setup, folder: Path, count: int, template: dict[str, Any]) -> None:
    """`count` summaries in the real JSON format, each with its own label and ticks."""
    folder.mkdir()
    for number in range(count):
        rnd = random.Random(number)
        summary = json.loads(json.dumps(template))
        summary["label"] = f"person-{number:05d}"
        statuses = {"done": 0, "partial": 0, "todo": 0, "skipped": 0}
        steps_total = settled_total = outstanding = 0
        for provider in summary["providers"]:
            skipped = rnd.random() < 0.1
            settled = 0
            for step in provider["steps"]:
                outcome = rnd.choice((None, None, "done", "done", "done", "na", "failed"))
                step.update(done=outcome == "done", outcome=outcome, state=outcome or "open",
                            checked_at=f"2026-{rnd.randint(1, 11):02d}-{rnd.randint(1, 28):02d}T10:00:00+00:00"
                            if outcome else None, reverify=False, changed=False)
                settled += outcome in ("done", "na")
                if not skipped and outcome in (None, "failed"):
                    outstanding += 1
            provider["settled"] = settled
            status = ("skipped" if skipped else "done" if settled == provider["total"]
                      else "partial" if settled else "todo")
            provider["status"] = status
            statuses[status] += 1
            if not skipped:
                steps_total += provider["total"]
                settled_total += settled
        summary["totals"].update(statuses, steps=steps_total, steps_settled=settled_total,
                                 outstanding=outstanding, reverify=0, changed=0)
        (folder / f"summary-{number:05d}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
                                                           encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    what: str
    against: str
    target: float
    unit: str  # "s" or "bytes"
    ours: list[float] = field(default_factory=list)
    base: list[float] = field(default_factory=list)
    note: str = ""
    problem: str | None = None  # set when the row could not be measured
    extra_miss: str | None = None  # a miss that is not about the ratio (textual imported, ...)

    @property
    def ratio(self) -> float | None:
        if self.problem or not self.ours or not self.base:
            return None
        return statistics.median(self.ours) / statistics.median(self.base)

    @property
    def verdict(self) -> str:
        if self.problem:
            return "not measured"
        ratio = self.ratio
        if ratio is None:
            return "not measured"
        if self.extra_miss:
            return f"MISSED ({self.extra_miss})"
        return "meets" if ratio <= self.target else "MISSED"

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "what": self.what, "against": self.against, "target": self.target,
                "unit": self.unit, "ours": self.ours, "base": self.base, "ratio": self.ratio,
                "verdict": self.verdict, "note": self.note, "problem": self.problem}


def start_to_paint(setup: Setup, argv: list[str], markers: Sequence[str]) -> tuple[float, Terminal]:
    """Start `argv` in a new terminal; seconds until every marker was written. The caller quits it."""
    term = Terminal(argv, setup.env, REPO, cols=COLS, rows=ROWS)
    term.start()
    try:
        painted = term.wait_markers(markers, 0, START_TIMEOUT)
    except BaseException:
        term.close()
        raise
    return painted - term.started, term


def bare_markers() -> list[str]:
    return [BARE_TITLE, BARE_LAST_LABEL]


def home_markers(setup: Setup) -> list[str]:
    """The first provider's line in the home list (the list is filled after the record is read)."""
    first = setup.providers[0]
    return [f"{first.name} ({first.company})"]


def provider_markers(provider: ProviderInfo) -> list[str]:
    """The provider's name, in the header of its screen (always in view, unlike the heading, which
    scrolls away when a step takes the focus). The home list shows it too but is not redrawn."""
    return [provider.name]


def one_startup(setup: Setup, argv: list[str], markers: list[str]) -> float:
    seconds, term = start_to_paint(setup, argv, markers)
    with term:
        term.settle()
        term.quit()
    return seconds


def measure_startup(setup: Setup, runs: int, row: Row) -> None:
    bare = [PY, str(setup.bare_script)]
    one_startup(setup, bare, bare_markers())  # warm-up: caches, .pyc files
    one_startup(setup, setup.tui_argv(setup.fresh_db()), home_markers(setup))
    for _ in range(runs):
        row.base.append(one_startup(setup, bare, bare_markers()))
        row.ours.append(one_startup(setup, setup.tui_argv(setup.fresh_db()), home_markers(setup)))


def measure_catalog_startup(setup: Setup, runs: int, row: Row, extra: Path) -> None:
    with_extra = lambda: setup.tui_argv(setup.fresh_db(), extra)  # noqa: E731
    shipped = lambda: setup.tui_argv(setup.fresh_db())  # noqa: E731
    one_startup(setup, with_extra(), home_markers(setup))  # warm-up
    for _ in range(runs):
        row.base.append(one_startup(setup, shipped(), home_markers(setup)))
        row.ours.append(one_startup(setup, with_extra(), home_markers(setup)))


def bare_key_presses(setup: Setup, presses: int) -> list[float]:
    """Space on the bare app's focused first checkbox, until its button is drawn in the other style."""
    times: list[float] = []
    _, term = start_to_paint(setup, [PY, str(setup.bare_script)], bare_markers())
    with term:
        term.settle()
        first = BARE_BUTTON.search(term.buffer)
        if first is None:
            raise BenchError("the bare app's first checkbox button was not found in its first paint")
        styles = [first.group(1)]  # the style of X unticked (and focused)

        for _ in range(presses):
            since = term.offset
            current = styles[-1]

            def find(buffer: bytearray, start: int, current: bytes = current) -> int | None:
                for match in BARE_BUTTON.finditer(buffer, start):
                    if match.group(1) != current:
                        styles.append(match.group(1))
                        return match.end()
                return None

            sent = term.send(" ")
            times.append(term.wait_for(find, since, "the first checkbox drawn toggled", KEY_TIMEOUT) - sent)
            term.settle()
        term.quit()
    return times


def offrecord_key_presses(setup: Setup, presses: int) -> tuple[list[float], str]:
    """Enter on the first provider, Space once to put the cursor on its first step (untimed), then
    Space on that step until the rendering that follows the write is drawn: the step's label with
    its new state (the label changes only once the record has been written and read back)."""
    times: list[float] = []
    provider = setup.providers[0]
    step = provider.steps[0]
    title = step_title(provider.id, step)
    db = setup.fresh_db()
    _, term = start_to_paint(setup, setup.tui_argv(db), home_markers(setup))
    with term:
        term.settle()
        since = term.offset
        term.send("\r")
        term.wait_markers(provider_markers(provider), since, START_TIMEOUT)
        term.settle()
        term.send(" ")  # the first Space goes to the first step
        term.settle(quiet=0.3)
        ticked = step_on_disk(db, provider.id, step)
        early = 0
        for _ in range(presses):
            since = term.offset
            markers = [f"{title}  {UNTICKED_LABEL}"] if ticked else [TICK_GLYPH, f"{title}  {TICKED_LABEL}"]
            sent = term.send(" ")
            times.append(term.wait_markers(markers, since, KEY_TIMEOUT) - sent)
            ticked = not ticked
            if step_on_disk(db, provider.id, step) != ticked:
                early += 1
            term.settle()
        term.quit()
    note = f"Space on {provider.id}/{step}"
    if early:
        note += f"; {early} paint(s) came before the record file changed"
    return times, note


def step_title(provider_id: str, step_id: str) -> str:
    """A step's title, read from its provider file."""
    data = tomllib.loads((REPO / "providers" / f"{provider_id}.toml").read_text(encoding="utf-8"))
    return str(next(s["title"] for s in data["steps"] if s["id"] == step_id))


def step_on_disk(db: Path, provider: str, step: str) -> bool:
    data = json.loads(db.read_text(encoding="utf-8"))
    return any(doc.get("provider") == provider and doc.get("step") == step and doc.get("outcome") == "done"
               for doc in data.get("steps", {}).values())


def measure_keys(setup: Setup, runs: int, row: Row) -> None:
    launches = 2 if runs > 3 else 1
    presses = max(4, runs)
    notes = ""
    for _ in range(launches):
        row.base += bare_key_presses(setup, presses)
        ours, notes = offrecord_key_presses(setup, presses)
        row.ours += ours
    row.note = f"{launches} launch(es) x {presses} presses each, ticking and unticking; {notes}"


def open_next(term: Terminal, key: str, current: str | None) -> str:
    """Press `key` and wait for the header to name a provider other than `current`; returns it."""
    since = term.offset
    found: list[str] = []

    def find(buffer: bytearray, start: int) -> int | None:
        for match in HEADER_SUBTITLE.finditer(buffer, start):
            name = match.group(1).decode("utf-8", "replace").strip()
            if name and name != current:
                found.append(name)
                return match.end()
        return None

    term.send(key)
    term.wait_for(find, since, f"a provider screen after {current or 'the home screen'}", START_TIMEOUT)
    term.settle()
    return found[0]


def measure_memory(setup: Setup, runs: int, row: Row) -> None:
    """Peak RSS of the bare app (start, quit) and of offrecord after opening every provider once."""
    def bare() -> int:
        _, term = start_to_paint(setup, [PY, str(setup.bare_script)], bare_markers())
        with term:
            term.settle()
            term.quit()
        return term.peak_rss

    def tour() -> int:
        _, term = start_to_paint(setup, setup.tui_argv(setup.fresh_db()), home_markers(setup))
        with term:
            term.settle()
            home = [m.group(1) for m in HEADER_SUBTITLE.finditer(term.buffer)]
            shown = [open_next(term, "\r", home[-1].decode("utf-8", "replace").strip() if home else None)]
            while len(shown) < len(setup.providers):
                shown.append(open_next(term, "n", shown[-1]))
            term.quit()
        visited.append(len(shown))
        return term.peak_rss

    visited: list[int] = []
    for _ in range(runs):
        row.base.append(bare())
        row.ours.append(tour())
    row.note = f"offrecord opened {', '.join(map(str, sorted(set(visited))))} providers (Enter, then n), then q"


TEXTUAL_IMPORT = re.compile(r"^import time:.*\|\s*textual(\.|\s*$)")


def measure_shell(setup: Setup, runs: int, status: Row, summary: Row) -> None:
    db = setup.fresh_db()
    first = setup.providers[0]  # a record with something in it: one step done
    run_command(setup.offrecord("mark", f"{first.id}/{first.steps[0]}", "--db", str(db)), setup.env)
    plain = [PY, "-c", PLAIN_IMPORTS]
    commands = {
        "status": setup.offrecord("status", "--db", str(db)),
        "summary": setup.offrecord("summary", "--db", str(db)),
    }
    rows = {"status": status, "summary": summary}
    for name, argv in commands.items():  # textual on the path? -X importtime lists every import
        traced = run_command([PY, "-X", "importtime", *argv[1:]], setup.env, capture=True, ok=(0, 1))
        hits = [line.split("|")[-1].strip() for line in traced.stderr.decode().splitlines()
                if TEXTUAL_IMPORT.match(line)]
        if hits:
            rows[name].extra_miss = f"imports textual ({len(hits)} modules)"
            rows[name].note = f"textual imported: {', '.join(hits[:5])}"
        else:
            rows[name].note = "textual not imported (checked with -X importtime)"
    run_command(plain, setup.env)  # warm-up
    for argv in commands.values():
        run_command(argv, setup.env, ok=(0, 1))
    for _ in range(runs):
        base = run_command(plain, setup.env).seconds
        status.base.append(base)
        summary.base.append(base)
        status.ours.append(run_command(commands["status"], setup.env, ok=(0, 1)).seconds)
        summary.ours.append(run_command(commands["summary"], setup.env, ok=(0, 1)).seconds)


def measure_report(setup: Setup, runs: int, speed: Row, memory: Row, big: int, small: int) -> None:
    db = setup.fresh_db()
    template = json.loads(run_command(setup.offrecord("summary", "--format", "json", "--label", "template",
                                                      "--db", str(db)),
                                      setup.env, capture=True).stdout)
    large = setup.root / f"summaries-{big}"
    generate_summaries(setup, large, big, template)
    little = setup.root / f"summaries-{small}"
    little.mkdir()
    for path in sorted(large.glob("*.json"))[:small]:
        os.link(path, little / path.name)
    size = sum(path.stat().st_size for path in large.glob("*.json"))

    def report(folder: Path) -> Finished:
        return run_command(setup.offrecord("report", str(folder), "--db", str(db)),
                           setup.env, timeout=REPORT_TIMEOUT, ok=(0, 1))

    loop = [PY, "-c", PLAIN_LOOP]
    report(little)  # warm-up (and the page cache)
    run_command([*loop, str(large)], setup.env, timeout=REPORT_TIMEOUT)
    rss_small: list[float] = []
    rss_loop: list[float] = []
    for _ in range(runs):
        base = run_command([*loop, str(large)], setup.env, timeout=REPORT_TIMEOUT)
        speed.base.append(base.seconds)
        rss_loop.append(base.peak_rss)
        ours = report(large)
        speed.ours.append(ours.seconds)
        memory.ours.append(ours.peak_rss)
        memory.base.append(report(little).peak_rss)
        rss_small.append(memory.base[-1])
    speed.note = f"{big:,} summaries, {size / 2**20:.0f} MiB"
    memory.note = (f"peak RSS: report over {small:,} {mib(statistics.median(rss_small))}, over {big:,} "
                   f"{mib(statistics.median(memory.ours))}; the plain loop over {big:,} "
                   f"{mib(statistics.median(rss_loop))}")


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def mib(value: float) -> str:
    return f"{value / 2**20:.1f} MiB"


def shown(value: float, unit: str) -> str:
    return mib(value) if unit == "bytes" else f"{value * 1000:.0f} ms" if value < 10 else f"{value:.2f} s"


def print_table(rows: list[Row], heading: str) -> None:
    print()
    print(heading)
    print()
    print("| what | offrecord (median) | against (median) | ratio | target | verdict |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        if row.problem or not row.ours or not row.base:
            print(f"| {row.what} | - | - | - | <= {row.target}x | {row.problem or 'not measured'} |")
            continue
        print(f"| {row.what} | {shown(statistics.median(row.ours), row.unit)} | {row.against}: "
              f"{shown(statistics.median(row.base), row.unit)} | {row.ratio:.2f}x | <= {row.target}x | {row.verdict} |")
    print()
    print("Every run (offrecord / against), and notes:")
    for row in rows:
        if row.ours or row.base:
            ours = ", ".join(shown(v, row.unit) for v in row.ours)
            base = ", ".join(shown(v, row.unit) for v in row.base)
            print(f"- {row.key}: [{ours}] / [{base}]")
        if row.note:
            print(f"  {row.note}")


def textual_version() -> str:
    found = run_command([PY, "-c", "import textual.app, importlib.metadata as m; print(m.version('textual'))"],
                        {**os.environ}, capture=True)
    return found.stdout.decode().strip()


# ---------------------------------------------------------------------------------------------


def build_rows() -> dict[str, Row]:
    rows = [
        Row("startup", "start to first painted home screen", "bare app", 1.2, "s"),
        Row("key", "Space on a step to its ticked rendering (write included)", "bare app", 1.5, "s"),
        Row("status", "`offrecord status`", "plain imports", 2.0, "s"),
        Row("summary", "`offrecord summary`", "plain imports", 2.0, "s"),
        Row("catalog", "start-up with 200 extra providers", "shipped catalog", 1.3, "s"),
        Row("memory", "peak memory after opening every provider", "bare app", 1.4, "bytes"),
        Row("report", "`offrecord report` over 10,000 summaries", "plain json loop", 2.0, "s"),
        Row("report-memory", "report peak memory, 10,000 vs 1,000 summaries (flat)", "1,000", 1.25, "bytes"),
    ]
    return {row.key: row for row in rows}


GROUPS = ("startup", "key", "shell", "catalog", "memory", "report")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 runs a measurement instead of 7 (for CI information)")
    parser.add_argument("--runs", type=int, help="runs a measurement (overrides --quick)")
    parser.add_argument("--only", metavar="GROUPS", help=f"comma-separated subset of: {', '.join(GROUPS)}")
    parser.add_argument("--summaries", type=int, default=10_000, help="summaries for the report row (default 10000)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 7)
    groups = set(args.only.split(",")) if args.only else set(GROUPS)
    if groups - set(GROUPS):
        parser.error(f"unknown group(s): {', '.join(sorted(groups - set(GROUPS)))}")

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    rows = build_rows()
    began = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="offrecord-bench-") as temp:
            root = Path(temp)
            try:
                setup = prepare(root)
            except TerminalError as error:
                print(f"bench: cannot start: {error}", file=sys.stderr)
                return 2
            heading = (f"offrecord benchmark: Python {platform.python_version()}, textual {textual_version()}, "
                       f"{os.cpu_count()} CPUs, {platform.system()}; terminal {COLS}x{ROWS} "
                       f"TERM=xterm-256color; {runs} runs a measurement; {setup.catalog_note}; "
                       f"load average {os.getloadavg()[0]:.2f} (other work on the machine skews the ratios)")
            print(heading, flush=True)

            def attempt(keys: Sequence[str], measure: Callable[[], None]) -> None:
                progress = f"  measuring {', '.join(keys)} ..."
                print(progress, end="", flush=True, file=sys.stderr)
                try:
                    measure()
                    print(" done", file=sys.stderr)
                except TerminalError as error:
                    print(" failed", file=sys.stderr)
                    for key in keys:
                        rows[key].problem = f"error: {error}"
                finally:
                    kill_all_children()

            if "startup" in groups:
                attempt(["startup"], lambda: measure_startup(setup, runs, rows["startup"]))
            if "key" in groups:
                attempt(["key"], lambda: measure_keys(setup, runs, rows["key"]))
            if "shell" in groups:
                attempt(["status", "summary"], lambda: measure_shell(setup, runs, rows["status"], rows["summary"]))
            if "catalog" in groups:
                attempt(["catalog"], lambda: measure_catalog_startup(setup, runs, rows["catalog"],
                                                                     generate_catalog(setup, 200)))
            if "memory" in groups:
                attempt(["memory"], lambda: measure_memory(setup, max(3, runs - 2), rows["memory"]))
            if "report" in groups:
                attempt(["report", "report-memory"], lambda: measure_report(
                    setup, max(3, runs - 2), rows["report"], rows["report-memory"],
                    args.summaries, max(1, args.summaries // 10)))
    except KeyboardInterrupt:
        kill_all_children()
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    finally:
        kill_all_children()

    chosen = [row for row in rows.values() if any(row.key.startswith(g) or (g == "shell" and row.key in
                                                                          ("status", "summary")) for g in groups)]
    print_table(chosen, f"Results ({time.perf_counter() - began:.0f} s, load average now {os.getloadavg()[0]:.2f}):")
    if args.json:
        Path(args.json).write_text(json.dumps([row.to_json() for row in chosen], indent=2) + "\n", encoding="utf-8")
    missed = [row for row in chosen if row.verdict.startswith("MISSED")]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
