"""The `offrecord` command: the TUI by default, and shell commands that never import Textual."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from tui import __version__
from tui.core import locations
from tui.core.catalog import (
    BUILTIN_DIR,
    Catalog,
    CatalogError,
    Provider,
    load_catalog,
    load_file,
)
from tui.core.catalog_cache import ProviderCache
from tui.core.clean import clean, json_text
from tui.core.files import FileProblem, reason, write_output
from tui.core.progress import (
    STATE_WORDS,
    ProviderState,
    accounts_words,
    attention,
    attention_counts,
    attention_words,
    catalog_state,
    chosen_stale_after,
)
from tui.core.record import AccountError, Store, now_utc
from tui.core.record_file import RecordError
from tui.core.words import plural

EXIT_OK, EXIT_ATTENTION, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Bad input from the person: printed as one line, exit 2."""


def emit(text: str) -> None:
    """Write to stdout, cleaned: every line offrecord prints goes through `clean`. A reader that
    stops early (`| head`) is not an error; a full disk is one."""
    try:
        sys.stdout.write(clean(text, lines=True))
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:
        raise UsageError(f"cannot write the output: {reason(error)}") from None


def warn(text: str) -> None:
    """One line to stderr, cleaned."""
    try:
        sys.stderr.write(clean(text) + "\n")
    except OSError:
        pass  # nowhere left to say it


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout with the width found without `shutil`, which argparse imports on
    every `add_argument` only to ask for the terminal's width (tests/perf/README.md has the cost)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` finds it: $COLUMNS, the terminal, 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]  # None under pythonw: caught below
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of the usage block."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(formatter_class=_Formatter, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _common_options(parser: argparse.ArgumentParser, top: bool) -> None:
    # Subcommands repeat the options with SUPPRESS so `offrecord status --db X` and
    # `offrecord --db X status` both work and neither overwrites the other with a default.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default,
                        help=f"the record file (default: ${locations.DB_ENV}, else the user data folder)")
    parser.add_argument("--catalog", metavar="DIR", action="append", default=[] if top else argparse.SUPPRESS,
                        help="a folder of extra provider files (repeatable)")
    parser.add_argument("--catalog-only", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="use only the providers in the --catalog folders, not the built-in ones")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="offrecord",
                     description="Switch off AI training on your conversations, one service at a time.")
    parser.add_argument("--version", action="version", version=f"offrecord {__version__}")
    parser.add_argument("--no-welcome", action="store_true", help="start on the list, without the first-run welcome")
    _common_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _common_options(sub, top=False)
        return sub

    sub = command("providers", "list the services with your progress")
    sub.add_argument("filter", nargs="?", help="only services whose id, name or company contains this text")
    sub.add_argument("--json", action="store_true", help="print JSON")

    sub = command("mark", "record a step as done (or not applicable, or could not do)")
    sub.add_argument("step", metavar="PROVIDER/STEP")
    outcome = sub.add_mutually_exclusive_group()
    outcome.add_argument("--na", dest="outcome", action="store_const", const="na",
                         help="the step does not apply to you")
    outcome.add_argument("--failed", dest="outcome", action="store_const", const="failed",
                         help="you tried and could not do it (setting missing, form refused)")
    outcome.add_argument("--sent", dest="outcome", action="store_const", const="sent",
                         help="a request step: you sent the request (today, or --on DATE)")
    outcome.add_argument("--answered", choices=("granted", "refused", "none"),
                         help="a request step: the company answered (or none: no reply came)")
    sub.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="when the request was sent (with --sent)")
    sub.add_argument("--note", help="a private note kept with the step")
    _account_option(sub)
    sub = command("unmark", "forget what was recorded for a step")
    sub.add_argument("step", metavar="PROVIDER/STEP")
    _account_option(sub)
    sub = command("skip", "you do not use this service (or, with --account, that account): it stops counting")
    sub.add_argument("provider", metavar="PROVIDER")
    _account_option(sub)
    sub = command("unskip", "count a skipped service (or account) again")
    sub.add_argument("provider", metavar="PROVIDER")
    _account_option(sub)

    sub = command("request", "print a request step's prepared request (objection, do-not-train request)")
    sub.add_argument("step", metavar="PROVIDER/STEP")
    sub.add_argument("--output", metavar="FILE", help="write it to FILE instead of printing")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")
    _account_option(sub)

    sub = command("walk", "the checklist as plain questions and answers, line by line (for screen readers, "
                          "plain terminals and scripts)")
    sub = command("show", "a service's page as text: every step with your progress, why it matters, the sources")
    sub.add_argument("provider", metavar="PROVIDER")
    sub.add_argument("--format", choices=("text", "markdown"), default="text")

    sub = command("accounts", "list the accounts of each service (or of one)")
    sub.add_argument("provider", metavar="PROVIDER", nargs="?")
    sub = command("account", "add, rename or remove an account of a service")
    sub.add_argument("action", choices=("add", "rename", "remove"))
    sub.add_argument("provider", metavar="PROVIDER")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("new", metavar="NEW", nargs="?", help="the new name (rename)")
    sub.add_argument("--yes", action="store_true", help="remove an account even though something is recorded on it")

    sub = command("set", "list your settings, or change one: offrecord set KEY VALUE, offrecord set KEY --clear")
    sub.add_argument("key", metavar="KEY", nargs="?")
    sub.add_argument("value", metavar="VALUE", nargs="?")
    sub.add_argument("--clear", action="store_true", help="forget the setting: its default applies again")

    sub = command("export", "write your whole record to a file, for a backup or another machine")
    sub.add_argument("--output", metavar="FILE", required=True, help="the file to write (readable by you only)")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")
    sub = command("import", "merge an exported record into this one (the newest check of each step wins)")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")

    sub = command("status", "list what needs doing; exit 0 when nothing, 1 when something")
    sub.add_argument("--stale-after", type=days, metavar="DAYS", help="re-verify done steps older than this")
    sub.add_argument("--json", action="store_true", help="print JSON")

    sub = command("summary", "print or save a status summary to share")
    sub.add_argument("--format", choices=("json", "markdown", "text"), default="markdown")
    sub.add_argument("--output", metavar="FILE", help="write to FILE instead of printing")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")
    sub.add_argument("--label", metavar="NAME", help="who this summary is for (shown in team reports)")
    sub.add_argument("--notes", action="store_true", help="include your private step notes")
    sub.add_argument("--stale-after", type=days, metavar="DAYS", help="re-verify done steps older than this")

    sub = command("validate", "check provider files and name every problem")
    sub.add_argument("files", nargs="+", metavar="FILE")

    sub = command("report", "a team view from many people's JSON summaries")
    sub.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER", help="summary files, or folders of *.json summaries")
    sub.add_argument("--format", choices=("markdown", "text", "json"), default="markdown")
    sub.add_argument("--output", metavar="FILE", help="write to FILE instead of printing")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")

    sub = command("remind", "write a calendar file with a reminder on each day a done step is due a re-check")
    sub.add_argument("--ics", metavar="FILE", required=True, help="the iCalendar file to write")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")
    sub.add_argument("--stale-after", type=days, metavar="DAYS", help="re-verify done steps older than this")
    return parser


MAX_DAYS = 36500


def day(text: str) -> dt.date:
    """A date as YYYY-MM-DD, from 2000 to today's century."""
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date as YYYY-MM-DD") from None
    if not 2000 <= value.year <= 2200:
        raise argparse.ArgumentTypeError(f"'{text}' is not a plausible date")
    return value


def _account_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account", metavar="NAME", help="the account (default: the service's first)")


def days(text: str) -> int:
    """A whole number of days from 0 to 100 years (argparse names this function in its errors)."""
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of days from 0 to {MAX_DAYS}")
    return int(text)


def _closest(wanted: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(wanted, choices, n=3, cutoff=0.5)
    return f"did you mean {', '.join(close)}?" if close else f"valid ids: {', '.join(choices)}"


def _provider(catalog: Catalog, provider_id: str) -> Provider:
    provider = catalog.get(provider_id)
    if provider is None:
        raise UsageError(f"unknown provider '{provider_id}'; {_closest(provider_id, catalog.ids)}")
    return provider


def _step_key(catalog: Catalog, key: str) -> tuple[Provider, str]:
    provider_id, _, step_id = key.partition("/")
    provider = _provider(catalog, provider_id)
    step_ids = [step.id for step in provider.steps]
    if step_id not in step_ids:
        keys = [f"{provider.id}/{s}" for s in step_ids]
        raise UsageError(f"unknown step '{key}'; {_closest(key, keys)}")
    return provider, step_id


class Context:
    """What a command needs: the parsed arguments, the catalog and the store, made on demand."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        if args.db == "":
            raise UsageError("--db was given an empty path; give the record's path, or leave --db out")
        if os.environ.get(locations.DB_ENV) == "" and args.db is None:
            raise UsageError(f"${locations.DB_ENV} is set but empty; give the record's path, or unset it")
        self.db_path = locations.db_path(args.db)
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            folders = [Path(folder).expanduser() for folder in self.args.catalog]
            if self.args.catalog_only and not folders:
                raise UsageError("--catalog-only needs at least one --catalog DIR")
            self._catalog = load_catalog(
                folders, builtin=None if self.args.catalog_only else BUILTIN_DIR, cache=ProviderCache()
            )
            for problem in self._catalog.skipped_files:
                warn(f"offrecord: skipped a provider file: {problem}")
            if not self._catalog.providers:  # else a broken catalog would read as "nothing to do"
                raise UsageError("no provider files could be loaded, so there is nothing to check")
        return self._catalog

    @property
    def store(self) -> Store:
        return Store(self.db_path)

    def states(self, stale_after: int | None = None) -> list[ProviderState]:
        """Every provider's state; without `stale_after`, the interval the person chose in the TUI."""
        record = self.store.load()
        return catalog_state(self.catalog, record, now_utc(), chosen_stale_after(stale_after, record))

    def record_files(self) -> list[Path]:
        """The record and the files beside it that offrecord owns: no output may land on them."""
        real = Path(os.path.realpath(self.db_path))
        return [self.db_path, real, Path(f"{real}.lock"), real.with_name(f".{real.name}.tmp")]

    def write(self, name: str, text: str, inputs: Sequence[str] = (), private: bool = False) -> None:
        """Write an output (`--output`, `--ics`) as the person asked: never over the record, its
        lock or an input, and over an existing file only with --force."""
        path = Path(name).expanduser()
        try:
            write_output(path, text.encode("utf-8", "replace"), [*self.record_files(), *inputs],
                         force=self.args.force, private=private)
        except FileProblem as problem:
            raise UsageError(str(problem)) from None


def cmd_providers(ctx: Context) -> int:
    states = ctx.states()
    wanted = (ctx.args.filter or "").lower()
    states = [s for s in states if wanted in f"{s.provider.id} {s.provider.name} {s.provider.company}".lower()]
    if ctx.args.json:
        rows = [{
            "id": s.provider.id,
            "name": s.provider.name,
            "company": s.provider.company,
            "reviewed": s.provider.reviewed.isoformat(),
            "sources": [source.url for source in s.provider.sources],
            "steps": [step.id for step in s.provider.steps],
            "done": s.settled,
            "total": s.total,
            "accounts": list(s.accounts),
            "status": s.status,
        } for s in states]
        emit(json_text(rows) + "\n")
        return EXIT_OK
    if not states:
        warn(f"no provider matches '{ctx.args.filter}'")
        return EXIT_ATTENTION
    width = max(len(s.provider.id) for s in states)
    emit("".join(f"{s.provider.id:<{width}}  {'skipped' if s.skipped else f'{s.settled}/{s.total}':>7}  "
                 f"{s.provider.name} ({s.provider.company}){accounts_words(s)}\n" for s in states))
    return EXIT_OK


def _on(account: str | None) -> str:
    return f" on '{account}'" if account else ""


def cmd_mark(ctx: Context) -> int:
    from tui.core.actions import record_answer, record_sent, set_outcome

    args = ctx.args
    provider, step_id = _step_key(ctx.catalog, args.step)
    step = provider.step(step_id)
    assert step is not None
    if (args.outcome == "sent" or args.answered) and step.kind != "request":
        raise UsageError(f"{provider.id}/{step_id} is not a request step; --sent and --answered are for requests")
    if args.on and args.outcome != "sent":
        raise UsageError("--on gives the day a request was sent: use it with --sent")
    if args.outcome == "sent":
        sent_on = args.on or now_utc().date()
        if sent_on > now_utc().date():
            raise UsageError(f"{sent_on} is in the future; a request is marked sent once it has gone")
        record_sent(ctx.store, provider, step_id, sent_on, note=args.note, account=args.account)
        said = f"sent {sent_on}"
    elif args.answered:
        record_answer(ctx.store, provider, step_id, args.answered, note=args.note, account=args.account)
        said = f"answered: {args.answered}"
    else:
        said = args.outcome or "done"
        set_outcome(ctx.store, provider, step_id, said, note=args.note, account=args.account)
    emit(f"{provider.id}/{step_id}{_on(args.account)}: {said}\n")
    return EXIT_OK


def cmd_request(ctx: Context) -> int:
    from tui.core.requests import MissingDetail, as_text, prepare

    provider, step_id = _step_key(ctx.catalog, ctx.args.step)
    step = provider.step(step_id)
    assert step is not None
    if step.kind != "request":
        raise UsageError(f"{provider.id}/{step_id} is not a request step; offrecord show {provider.id} lists its steps")
    record = ctx.store.load()
    account = ctx.args.account or record.accounts_of(provider.id)[0]
    if account not in record.accounts_of(provider.id):
        raise UsageError(f"{provider.id} has no account '{account}'; its accounts: "
                         f"{', '.join(record.accounts_of(provider.id))}")
    try:
        prepared = prepare(provider, step, record.settings, account, now_utc().date())
    except MissingDetail as error:
        raise UsageError(str(error)) from None
    text = as_text(prepared)
    if ctx.args.output:
        ctx.write(ctx.args.output, text, private=True)
        warn(f"wrote the request to {ctx.args.output}; once sent: offrecord mark {provider.id}/{step_id} --sent")
    else:
        emit(text)
    return EXIT_OK


def cmd_walk(ctx: Context) -> int:
    from tui.line_walk import walk_lines

    def ask(prompt: str) -> str | None:
        line = sys.stdin.readline()
        return line if line else None

    def say(text: str) -> None:
        emit(text + "\n")

    def open_link(url: str) -> bool:
        import webbrowser

        try:
            return webbrowser.open(url)
        except webbrowser.Error:
            return False

    catalog, store = ctx.catalog, ctx.store
    try:
        walk_lines(store, catalog, ask, say, now_utc, open_link)
    except KeyboardInterrupt:
        emit("\nStopped. Your answers are saved; offrecord walk picks up at the first open step.\n")
        return 130
    return EXIT_OK


def cmd_show(ctx: Context) -> int:
    from tui.core.page import page_blocks, render_markdown, render_text

    provider = _provider(ctx.catalog, ctx.args.provider)
    record = ctx.store.load()
    blocks = page_blocks(provider, record, now_utc(), chosen_stale_after(None, record))
    emit(render_markdown(blocks) if ctx.args.format == "markdown" else render_text(blocks))
    return EXIT_OK


def cmd_unmark(ctx: Context) -> int:
    provider, step_id = _step_key(ctx.catalog, ctx.args.step)
    ctx.store.unmark(provider.id, step_id, account=ctx.args.account)
    emit(f"{provider.id}/{step_id}{_on(ctx.args.account)}: open\n")
    return EXIT_OK


def cmd_skip(ctx: Context) -> int:
    provider = _provider(ctx.catalog, ctx.args.provider)
    if ctx.args.command == "skip":
        ctx.store.skip(provider.id, ctx.args.account)
    else:
        ctx.store.unskip(provider.id, ctx.args.account)
    said = "not counted" if ctx.args.command == "skip" else "counted again"
    emit(f"{provider.id}{_on(ctx.args.account)}: {said}\n")
    return EXIT_OK


def cmd_accounts(ctx: Context) -> int:
    record = ctx.store.load()
    providers = [_provider(ctx.catalog, ctx.args.provider)] if ctx.args.provider else ctx.catalog.providers
    width = max(len(p.id) for p in providers)
    lines = []
    for provider in providers:
        skipped = record.skipped_accounts.get(provider.id, frozenset())
        names = [f"{name} (not counted)" if name in skipped else name for name in record.accounts_of(provider.id)]
        lines.append(f"{provider.id:<{width}}  {', '.join(names)}\n")
    emit("".join(lines))
    return EXIT_OK


def cmd_account(ctx: Context) -> int:
    provider = _provider(ctx.catalog, ctx.args.provider)
    action, name, new = ctx.args.action, ctx.args.name, ctx.args.new
    if (action == "rename") != (new is not None):
        raise UsageError("rename takes the old name and the new one; add and remove take one name")
    if action == "add":
        record = ctx.store.add_account(provider.id, name)
    elif action == "rename":
        record = ctx.store.rename_account(provider.id, name, new)
    else:
        recorded = [r for r in ctx.store.load().steps.values() if r.provider == provider.id and r.account == name]
        if recorded and not ctx.args.yes:
            raise UsageError(f"'{name}' has {len(recorded)} step(s) recorded on {provider.id}; add --yes to remove "
                             "the account and what is recorded on it")
        record = ctx.store.remove_account(provider.id, name)
    emit(f"{provider.id}: accounts {', '.join(record.accounts_of(provider.id))}\n")
    return EXIT_OK


def cmd_set(ctx: Context) -> int:
    from tui.core.settings import SETTINGS, SettingError, setting

    args = ctx.args
    if args.key is None:
        settings = ctx.store.load().settings
        width = max(map(len, SETTINGS))
        emit("".join(f"{s.name:<{width}}  {s.show(settings[s.key]) if settings.get(s.key) is not None else '-':<20}"
                     f"  {s.about}\n" for s in SETTINGS.values()))
        return EXIT_OK
    try:
        chosen = setting(args.key)
        if args.clear == (args.value is not None):
            raise SettingError(f"give {args.key} a value, or --clear to forget it")
        if args.clear:
            ctx.store.clear_setting(chosen.key)
            emit(f"{chosen.name}: cleared\n")
        else:
            value = chosen.parse(args.value)
            ctx.store.set_setting(chosen.key, value)
            emit(f"{chosen.name}: {chosen.show(value)}\n")
    except SettingError as error:
        raise UsageError(str(error)) from None
    return EXIT_OK


def cmd_export(ctx: Context) -> int:
    from tui.core.portable import export_text

    record = ctx.store.load()
    ctx.write(ctx.args.output, export_text(record, now_utc()), private=True)
    accounts = sum(len(record.accounts_of(p)) for p in {r.provider for r in record.steps.values()})
    warn(f"exported {len(record.steps)} recorded steps ({accounts} accounts with ticks) and "
         f"{len(record.settings)} settings to {ctx.args.output}")
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    from tui.core.portable import ExportError, read_export

    path = str(Path(ctx.args.file).expanduser())
    if os.path.realpath(path) in (str(p) for p in map(os.path.realpath, ctx.record_files())):
        raise UsageError(f"{path}: is the record itself, not an export")
    try:
        export = read_export(path)
    except ExportError as error:
        raise UsageError(str(error)) from None
    said = ctx.store.merge(export.steps, export.providers, export.settings, dry_run=ctx.args.dry_run)
    emit("".join(f"{line}\n" for line in said))
    if said:
        warn(f"{plural(len(said), 'change')} {'would be made (nothing was written)' if ctx.args.dry_run else 'made'}")
    else:
        warn("nothing to change: the record already holds everything in the file")
    return EXIT_OK


def cmd_status(ctx: Context) -> int:
    states = ctx.states(ctx.args.stale_after)
    items = attention(states)
    counts = attention_counts(states)
    if ctx.args.json:
        rows = [{"provider": i.provider.id, "step": i.step.id, "account": i.account, "title": i.step.title,
                 "state": i.state, "hint": i.hint} for i in items]
        emit(json_text({"counts": counts, "items": rows}) + "\n")
    else:
        lines = []
        for item in items:
            hint = f": {item.hint}" if item.hint else ""
            extra = "" if item.state == "open" else f"  ({STATE_WORDS[item.state]}{hint})"
            lines.append(f"{item.key}{item.where}  {item.step.title}{extra}\n")
        emit("".join(lines))
        warn(attention_words(counts))
    return EXIT_ATTENTION if items else EXIT_OK


def cmd_summary(ctx: Context) -> int:
    from tui.core.summary import build_summary, render

    record, now = ctx.store.load(), now_utc()
    stale_after = chosen_stale_after(ctx.args.stale_after, record)
    states = catalog_state(ctx.catalog, record, now, stale_after)
    summary = build_summary(ctx.catalog, states, now, label=ctx.args.label, notes=ctx.args.notes,
                            stale_after=stale_after)
    text = render(ctx.args.format, summary, states, ctx.args.notes)
    if ctx.args.output:
        origins = [str(p.origin) for p in ctx.catalog.providers if p.origin]
        ctx.write(ctx.args.output, text, origins, private=ctx.args.notes)
        warn(f"wrote {ctx.args.format} summary to {ctx.args.output}")
    else:
        emit(text)
    return EXIT_OK


def cmd_validate(ctx: Context) -> int:
    failures = 0
    for name in ctx.args.files:
        try:
            provider = load_file(Path(name))
        except CatalogError as error:
            failures += 1
            warn(f"error: {error}")
        else:
            emit(f"ok: {name} ({provider.id}, {len(provider.steps)} steps)\n")
    return EXIT_ERROR if failures else EXIT_OK


def cmd_report(ctx: Context) -> int:
    # Imported here, like remind's, so that status and summary do not pay for them.
    from tui.core.report import ReportError, read_report, summary_paths
    from tui.core.report_render import render as render_report

    try:
        report = read_report(ctx.args.paths)
    except ReportError as error:
        raise UsageError(str(error)) from None
    chunks = render_report(ctx.args.format, report, now_utc())
    if not ctx.args.output:
        for chunk in chunks:
            emit(chunk)
        return EXIT_OK
    ctx.write(ctx.args.output, "".join(chunks), list(summary_paths(ctx.args.paths)))
    people, summaries = report.people_count, report.summaries
    warn(f"wrote {ctx.args.format} report to {ctx.args.output} ({people} {'person' if people == 1 else 'people'} "
         f"from {summaries} summar{'y' if summaries == 1 else 'ies'})")
    return EXIT_OK


def cmd_remind(ctx: Context) -> int:
    from tui.core.remind import due_steps, render_ics

    record, now = ctx.store.load(), now_utc()
    stale_after = chosen_stale_after(ctx.args.stale_after, record)
    dues = due_steps(catalog_state(ctx.catalog, record, now, stale_after), now.date(), stale_after)
    if not dues:
        warn("offrecord: no done step to re-verify and no reply awaited, so no calendar written")
        return EXIT_ATTENTION
    ctx.write(ctx.args.ics, render_ics(dues, now))
    events = len({due.day for due in dues})
    steps = len(dues)
    warn(f"wrote {plural(events, 'event')} ({plural(steps, 'step')}) to {ctx.args.ics}")
    return EXIT_OK


def run_tui(ctx: Context) -> int:
    import gc

    if os.environ.get("TERM") == "dumb" or not (sys.stdin.isatty() and sys.stdout.isatty()):
        why = "this terminal (TERM=dumb)" if os.environ.get("TERM") == "dumb" else "this is not a terminal"
        raise UsageError(f"the full-screen checklist cannot start here: {why}; offrecord walk asks the same "
                         "questions line by line")

    # Start-up makes many objects that live as long as the app, and little garbage: collecting
    # during it was a large share of start-up (tests/perf/README.md). The app turns collection back on
    # once its first frame is up (OffrecordApp.on_ready); what exists before it runs is frozen, so
    # later passes never scan Textual's modules or the catalog again.
    gc.disable()
    from tui.app import create_app

    app = create_app(ctx.db_path, ctx.catalog, welcome=not ctx.args.no_welcome)
    gc.freeze()
    try:
        app.run()
    except Exception as error:  # the terminal refused (termios, a closed descriptor): no traceback
        raise UsageError(f"the full-screen checklist could not start ({clean(str(error)) or type(error).__name__}); "
                         "offrecord walk asks the same questions line by line") from None
    return app.return_code or EXIT_OK


COMMANDS: dict[str, Callable[[Context], int]] = {
    "providers": cmd_providers,
    "mark": cmd_mark,
    "unmark": cmd_unmark,
    "skip": cmd_skip,
    "unskip": cmd_skip,
    "request": cmd_request,
    "walk": cmd_walk,
    "show": cmd_show,
    "accounts": cmd_accounts,
    "account": cmd_account,
    "set": cmd_set,
    "export": cmd_export,
    "import": cmd_import,
    "status": cmd_status,
    "summary": cmd_summary,
    "validate": cmd_validate,
    "report": cmd_report,
    "remind": cmd_remind,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        ctx = Context(args)
        return COMMANDS.get(args.command, run_tui)(ctx)
    except (UsageError, CatalogError, RecordError, AccountError) as error:
        warn(f"offrecord: error: {error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
