"""The team report: many people's JSON summaries folded into who stands where, service by service.

Streaming, so memory stays flat however many files there are: each file is parsed, checked and
reduced to one small row per person (a code per service for its status and counts) before the
next is read. A person found in a second summary gets step-level detail (each step as the newest
summary listing it says, in flat arrays), built by reading their first file once more. The
renderers yield line by line.
"""

from __future__ import annotations

import datetime as dt
import errno
import heapq
import json
import math
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from tui.core.clean import one_line
from tui.core.files import read_regular_file, reason

FORMAT = "offrecord-report/1"
SUMMARY_PREFIX = "offrecord-summary/"
SUMMARY_MAJOR = 1
FORMATS = ("json", "markdown", "text")
TOP = 10
SUMMARY_LIMIT = 8 * 1024 * 1024  # a summary of every shipped service is about 40 KB
EARLIEST, LATEST = 2000, 2200  # years a summary's times may carry: date arithmetic never overflows
OUTSTANDING = frozenset({"open", "new", "failed"})  # as progress.attention_counts counts them
STALE = frozenset({"reverify", "changed"})
SETTLED = frozenset({"done", "na", "answered"})  # outcomes
ELSEWHERE = "elsewhere"  # a step (or a service) that does not apply where the person lives: not counted
AWAITING, OVERDUE = "awaiting", "overdue"  # requests sent
STATUS_WORDS = {"done": "done", "partial": "partial", "todo": "to do", "skipped": "skipped", None: "not listed"}


class ReportError(ValueError):
    """A path or a summary the report cannot use; the message names it, on one line."""


class Cell(NamedTuple):
    """Where one person stands on one service."""

    status: str  # done, partial, todo, skipped
    outstanding: int
    stale: int
    awaiting: int = 0  # requests sent, their reply not yet due
    overdue: int = 0  # requests whose reply is overdue


class Merged:
    """Step-level detail of a person in several summaries: flat arrays indexed by the report's step
    and service numbers; times as POSIX seconds, -inf where not listed (or, for a step, not checked)."""

    __slots__ = ("checked", "kinds", "made", "service_made", "service_skipped", "summaries")

    def __init__(self) -> None:
        self.summaries = 1  # the first file is merged in when the second turns up
        self.checked = array("d")  # the kept entry's checked_at
        self.made = array("d")  # generated_at of the summary that entry came from
        self.kinds = array("B")  # what that entry counts as: `_kind`
        self.service_made = array("d")  # generated_at of the newest summary listing the service
        self.service_skipped = array("b")  # skipped, as that summary says


def _kind(state: str, outcome: str | None) -> int:
    """A step as a number: bit 0 settled, bit 1 outstanding, bit 2 stale, bit 3 awaiting a reply,
    bit 4 reply overdue, bit 5 not counted (elsewhere) (the `_cell` rule)."""
    return ((outcome in SETTLED) | (state in OUTSTANDING) << 1 | (state in STALE) << 2 | (state == AWAITING) << 3
            | (state == OVERDUE) << 4 | (state == ELSEWHERE) << 5)


class Person(NamedTuple):
    """One person as the renderers see them (made on demand: the report keeps people in columns)."""

    number: int
    name: str
    generated_at: dt.datetime  # of their newest summary
    summaries: int


@dataclass(frozen=True)
class ProviderTotals:
    done: int = 0
    partial: int = 0
    todo: int = 0
    skipped: int = 0
    not_listed: int = 0
    outstanding: int = 0
    stale: int = 0
    awaiting: int = 0
    overdue: int = 0


def _when(text: Any, where: str) -> dt.datetime:
    """An ISO 8601 time from 2000 to 2200; one without an offset is taken as UTC."""
    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ReportError(f"{where} must be an ISO 8601 date and time") from None
    if not EARLIEST <= value.year <= LATEST:
        raise ReportError(f"{where} must be a date from {EARLIEST} to {LATEST}")
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _cell(skipped: bool, steps: list[Any]) -> Cell:
    """A service's cell from its summary steps, checking their types on the way (on a TypeError,
    KeyError or ValueError `_check_provider` says what is wrong). Hot: one pass, known values first."""
    settled = outstanding = stale = awaiting = overdue = elsewhere = 0
    for step in steps:
        state, outcome, checked = step["state"], step.get("outcome"), step.get("checked_at")
        if state in OUTSTANDING:
            outstanding += 1
        elif state in STALE:
            stale += 1
        elif state == AWAITING:
            awaiting += 1
        elif state == OVERDUE:
            overdue += 1
        elif state == ELSEWHERE:
            elsewhere += 1
            continue
        elif type(state) is not str:
            raise TypeError("a step's state is not a string")
        if outcome in SETTLED:
            settled += 1
        elif outcome is not None and type(outcome) is not str:
            raise TypeError("a step's outcome is not a string")
        if type(step["id"]) is not str:
            raise TypeError("a step's id is not a string")
        if checked is not None and not EARLIEST <= dt.datetime.fromisoformat(checked).year <= LATEST:
            raise ValueError("a step's checked_at is out of range")
    return _status(skipped, len(steps) - elsewhere, settled, outstanding, stale, awaiting, overdue)


def _status(skipped: bool, total: int, settled: int, outstanding: int, stale: int, awaiting: int = 0,
            overdue: int = 0) -> Cell:
    """progress.ProviderState.status's rule, from a service's step counts (a service where nothing
    applies counts as skipped: it asks nothing of the person)."""
    if skipped or total <= 0:
        return Cell("skipped", 0, 0)
    return Cell("done" if settled == total else "partial" if settled else "todo", outstanding, stale, awaiting,
                overdue)


def load_summary(path: str) -> tuple[dict[str, Any], dt.datetime, list[tuple[str, str, Cell]]]:
    """Read and check one summary: its data, when it was made, and (id, name, cell) per service.
    Every problem is a ReportError naming the file."""
    try:
        data = json.loads(read_regular_file(path, SUMMARY_LIMIT))
    except OSError as error:
        raise ReportError(f"{path}: cannot read: {reason(error)}") from None
    except json.JSONDecodeError as error:
        raise ReportError(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None
    except (ValueError, RecursionError):
        raise ReportError(f"{path}: not JSON (not UTF-8 text, or nested too deeply)") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}: not an offrecord summary (not a JSON object)")
    fmt = data.get("format")
    if not isinstance(fmt, str) or not fmt.startswith(SUMMARY_PREFIX):
        raise ReportError(f"{path}: not an offrecord summary (no 'format': '{SUMMARY_PREFIX}...')")
    major = fmt[len(SUMMARY_PREFIX):].partition(".")[0]
    if not (major.isascii() and major.isdecimal() and len(major) <= 6) or int(major) < 1:
        raise ReportError(f"{path}: unknown summary format {one_line(fmt[:40])!r}")
    if int(major) > SUMMARY_MAJOR:
        raise ReportError(f"{path}: written as {one_line(fmt)!r} by a newer offrecord; this one reads "
                          f"'{SUMMARY_PREFIX}{SUMMARY_MAJOR}', upgrade offrecord to use it")
    generated_at = _when(data.get("generated_at"), f"{path}: field 'generated_at'")
    label = data.get("label")
    if label is not None and not isinstance(label, str):
        raise ReportError(f"{path}: field 'label' must be a string or null")
    providers = data.get("providers")
    if not isinstance(providers, list):
        raise ReportError(f"{path}: field 'providers' must be a list")
    try:  # the fast path; on any doubt, the slow one below names the field
        cells = []
        for provider in providers:
            pid, name, status, steps = provider["id"], provider["name"], provider["status"], provider["steps"]
            if not (type(pid) is type(name) is type(status) is str and pid and name and status and type(steps) is list):
                raise TypeError("a service field has the wrong type")
            if steps or status == "skipped":  # a service with no steps says nothing of the person
                cells.append((pid, name, _cell(status in ("skipped", ELSEWHERE), steps)))
    except (KeyError, TypeError, ValueError):
        for n, provider in enumerate(providers):
            _check_provider(provider, f"{path}: providers[{n}]")
        raise ReportError(f"{path}: not an offrecord summary (a service or step is malformed)") from None
    return data, generated_at, cells


def _check_provider(provider: Any, where: str) -> None:
    """Name the first problem in one service of a summary."""
    if not isinstance(provider, dict):
        raise ReportError(f"{where} must be an object")
    for name in ("id", "name", "status"):
        value = provider.get(name)
        if type(value) is not str or not value:
            raise ReportError(f"{where}: field '{name}' must be a non-empty string")
    steps = provider.get("steps")
    if type(steps) is not list:
        raise ReportError(f"{where}: field 'steps' must be a list")
    for n, step in enumerate(steps):
        if type(step) is not dict:
            raise ReportError(f"{where}.steps[{n}] must be an object")
        outcome, checked = step.get("outcome"), step.get("checked_at")
        if type(step.get("id")) is not str or type(step.get("state")) is not str:
            raise ReportError(f"{where}.steps[{n}]: fields 'id' and 'state' must be strings")
        if outcome is not None and type(outcome) is not str:
            raise ReportError(f"{where}.steps[{n}]: field 'outcome' must be a string or null")
        if checked is not None:
            _when(checked, f"{where}.steps[{n}]: field 'checked_at'")


def summary_paths(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Files as given, folders as their `*.json` files in name order; a missing path raises before
    any is read. A folder's names are let go one by one as they are read, not held to the end."""
    items = [os.fspath(item) for item in inputs]
    for item in items:
        try:
            os.stat(item)
        except OSError as error:
            found = "no such file or folder" if error.errno == errno.ENOENT else reason(error)
            raise ReportError(f"{item}: {found}") from None
    for item in items:
        if not os.path.isdir(item):
            yield item
            continue
        try:
            names = sorted((n for n in os.listdir(item) if n.endswith(".json")), reverse=True)
        except OSError as error:
            raise ReportError(f"{item}: cannot read the folder: {reason(error)}") from None
        while names:
            yield os.path.join(item, names.pop())


class Report:
    """People and services folded from summaries: `add` each file (the inputs' files in order),
    then read.

    People are kept in columns, not objects: a name, when their newest summary was made, the number
    of their first file and their row of cell codes, about 170 bytes a person, so a folder of
    10,000 summaries costs little more memory than one of 1,000.
    """

    def __init__(self, inputs: Iterable[str | os.PathLike[str]]) -> None:
        self.summaries = 0
        self._inputs = [os.fspath(item) for item in inputs]
        self._paths: list[str] | None = None  # listed again only once someone has two summaries
        self._number: dict[str, int] = {}  # name -> person number
        self._names: list[str] = []
        self._made = array("d")  # newest generated_at, POSIX seconds
        self._offset = array("i")  # its UTC offset, seconds
        self._file = array("I")  # the number of the person's first file among the inputs
        self._row_start = array("I", [0])  # person n's row: _row_codes[_row_start[n]:_row_start[n + 1]]
        self._row_codes = array("H")  # a cell code per service number (0: not listed); shorter: later ones unlisted
        self._merged: dict[int, tuple[Merged, list[int]]] = {}  # person -> detail, row (several summaries)
        self._providers: dict[str, list[Any]] = {}  # id -> [number, name, newest generated_at]
        self._codes: dict[Cell, int] = {}
        self._cells: list[Cell | None] = [None]  # code 0: not listed
        self._steps: dict[int, dict[str, int]] = {}  # service number -> step id -> step number
        self._step_service: list[int] = []  # step number -> service number

    def add(self, path: str) -> None:
        """Fold one summary in; the person is its label, else the file's name."""
        data, generated_at, cells = load_summary(path)
        self.summaries += 1
        name = _person_name(data, path)
        for pid, provider_name, _ in cells:  # new services get a number; the newest summary names each
            known = self._providers.get(pid)
            if known is None:
                self._providers[pid] = [len(self._providers), one_line(provider_name), generated_at]
            elif generated_at > known[2]:
                known[1:] = [one_line(provider_name), generated_at]
        number = self._number.get(name)
        if number is None:
            self._number[name] = len(self._names)
            self._names.append(name)
            self._made.append(-math.inf)
            self._offset.append(0)
            self._keep_newest(len(self._names) - 1, generated_at)
            self._file.append(self.summaries - 1)
            self._row_codes.extend(self._row({pid: c for pid, _, c in cells}))
            self._row_start.append(len(self._row_codes))
            return
        if number not in self._merged:
            first = self._first_path(number)
            first_data, first_made, _ = load_summary(first)
            if _person_name(first_data, first) != name:
                raise ReportError(f"{first}: changed while the report was being read; run it again")
            self._merged[number] = (Merged(), [])
            self._merge(self._merged[number][0], first_data, first_made)
        merged, _ = self._merged[number]
        merged.summaries += 1
        self._merge(merged, data, generated_at)
        self._merged[number] = (merged, self._merged_row(merged))
        self._keep_newest(number, generated_at)

    def _keep_newest(self, number: int, generated_at: dt.datetime) -> None:
        """Remember when person `number`'s newest summary was made, with its UTC offset."""
        if generated_at.timestamp() > self._made[number]:
            self._made[number] = generated_at.timestamp()
            self._offset[number] = int(generated_at.utcoffset().total_seconds())  # type: ignore[union-attr]  # _when makes every time aware

    def _first_path(self, number: int) -> str:
        """The path of person `number`'s first file, from the inputs listed again (once)."""
        if self._paths is None:
            self._paths = list(summary_paths(self._inputs))
        index = self._file[number]
        if index >= len(self._paths):
            raise ReportError(f"{self._inputs[0]}: changed while the report was being read; run it again")
        return self._paths[index]

    def _merge(self, merged: Merged, data: dict[str, Any], generated_at: dt.datetime) -> None:
        """Fold a checked summary into a person's detail. The newest summary states where the person
        stands now: for each step it lists, it wins (an untick in it beats an older tick); older
        summaries fill only the steps it does not list. Two summaries made at the same time: the
        later check wins. Per service, the newer summary says whether it is skipped."""
        made = generated_at.timestamp()
        _fit(merged.service_made, len(self._providers), -math.inf)
        _fit(merged.service_skipped, len(self._providers), 0)
        checked_column, made_column, kinds = merged.checked, merged.made, merged.kinds
        for provider in data["providers"]:
            if not provider["steps"] and provider["status"] not in ("skipped", ELSEWHERE):
                continue  # as in load_summary: says nothing of the person
            service = self._providers[provider["id"]][0]
            if made > merged.service_made[service]:
                merged.service_made[service] = made
                merged.service_skipped[service] = provider["status"] in ("skipped", ELSEWHERE)
            numbers = self._steps.setdefault(service, {})
            for step in provider["steps"]:
                number = numbers.get(step["id"])
                if number is None:
                    number = numbers[step["id"]] = len(self._step_service)
                    self._step_service.append(service)
                if number >= len(checked_column):
                    for column in (checked_column, made_column):
                        _fit(column, len(self._step_service), -math.inf)
                    _fit(kinds, len(self._step_service), 0)
                checked = step.get("checked_at")
                when = _when(checked, "checked_at").timestamp() if checked else -math.inf
                if (made, when) > (made_column[number], checked_column[number]):
                    checked_column[number], made_column[number] = when, made
                    kinds[number] = _kind(step["state"], step.get("outcome"))

    def _merged_row(self, merged: Merged) -> list[int]:
        counts = [[0] * 6 for _ in merged.service_made]  # per service: total, settled, outstanding, stale, ...
        for number, made in enumerate(merged.made):
            if made != -math.inf:
                kind, count = merged.kinds[number], counts[self._step_service[number]]
                if kind >> 5 & 1:  # elsewhere: not counted
                    continue
                count[0] += 1
                count[1] += kind & 1
                count[2] += kind >> 1 & 1
                count[3] += kind >> 2 & 1
                count[4] += kind >> 3 & 1
                count[5] += kind >> 4 & 1
        ids = list(self._providers)
        return self._row({ids[service]: _status(bool(merged.service_skipped[service]), *counts[service])
                          for service, made in enumerate(merged.service_made) if made != -math.inf})

    def _row(self, cells: dict[str, Cell]) -> list[int]:
        """The cells as codes into the shared table of distinct cells."""
        row = [0] * len(self._providers)
        for provider_id, cell in cells.items():
            code = self._codes.get(cell)
            if code is None:
                code = self._codes[cell] = len(self._cells)
                self._cells.append(cell)
                if code > 0xFFFF and self._row_codes.typecode == "H":  # two bytes a cell no longer do
                    self._row_codes = array("I", self._row_codes)
            row[self._providers[provider_id][0]] = code
        return row

    @property
    def providers(self) -> list[tuple[str, str]]:
        """(id, name) of every service, in the order they were first seen."""
        return [(one_line(pid), entry[1]) for pid, entry in self._providers.items()]

    @property
    def people_count(self) -> int:
        return len(self._names)

    @property
    def people(self) -> Iterator[Person]:
        """Everyone, by name."""
        names = self._names
        order = sorted(range(len(names)), key=names.__getitem__)  # ties in the next sort keep this order
        order.sort(key=lambda n: names[n].casefold())  # two sorts: no key tuple for every person at once
        for number in order:
            yield self._person(number)

    def _person(self, number: int) -> Person:
        offset = dt.timezone(dt.timedelta(seconds=self._offset[number]))
        merged = self._merged.get(number)
        return Person(number, self._names[number], dt.datetime.fromtimestamp(self._made[number], offset),
                      merged[0].summaries if merged else 1)

    def _codes_of(self, number: int) -> Sequence[int]:
        merged = self._merged.get(number)
        if merged:
            return merged[1]
        return self._row_codes[self._row_start[number]:self._row_start[number + 1]]

    def cells(self, person: Person) -> list[Cell | None]:
        """The person's cell for each service (None: not in their summaries)."""
        cells = [self._cells[code] for code in self._codes_of(person.number)]
        return cells + [None] * (len(self._providers) - len(cells))

    def open_counts(self, person: Person) -> tuple[int, int]:
        """(outstanding, stale) steps over all the person's services."""
        return self._open_counts(person.number)

    def _open_counts(self, number: int) -> tuple[int, int]:
        cells = [self._cells[code] for code in self._codes_of(number) if code]
        return sum(c.outstanding for c in cells if c), sum(c.stale for c in cells if c)

    def totals(self) -> list[ProviderTotals]:
        """Per service, in `providers` order: people by status, outstanding and stale steps."""
        counts = [dict.fromkeys(("done", "partial", "todo", "skipped", "not_listed", "outstanding", "stale",
                                 "awaiting", "overdue"), 0) for _ in self._providers]
        for number in range(len(self._names)):
            codes = self._codes_of(number)
            for service, count in enumerate(counts):
                cell = self._cells[codes[service]] if service < len(codes) else None
                if cell is None:
                    count["not_listed"] += 1
                    continue
                count[cell.status] += 1
                count["outstanding"] += cell.outstanding
                count["stale"] += cell.stale
                count["awaiting"] += cell.awaiting
                count["overdue"] += cell.overdue
        return [ProviderTotals(**count) for count in counts]

    def most_open(self, top: int = TOP) -> list[tuple[Person, int]]:
        """The people with the most outstanding steps (none with nothing open), most first."""
        names = self._names
        counts = ((number, self._open_counts(number)[0]) for number in range(len(names)))
        chosen = heapq.nsmallest(top, (nc for nc in counts if nc[1]),
                                 key=lambda nc: (-nc[1], names[nc[0]].casefold(), names[nc[0]]))
        return [(self._person(number), count) for number, count in chosen]


def _person_name(data: dict[str, Any], path: str) -> str:
    """Who a summary is about: its label, else the file's name."""
    return one_line(data.get("label") or "") or one_line(os.path.splitext(os.path.basename(path))[0])


def _fit(column: array[Any], size: int, fill: float) -> None:
    """Grow a column to `size` places, the new ones set to `fill`."""
    if len(column) < size:
        column.extend([fill] * (size - len(column)))


def read_report(inputs: Iterable[str | os.PathLike[str]]) -> Report:
    """The report over files and folders of summaries; raises ReportError on the first bad one."""
    inputs = [os.fspath(item) for item in inputs]
    report = Report(inputs)
    for path in summary_paths(inputs):
        report.add(path)
    if not report.summaries:
        raise ReportError("no summaries to read (a folder gives its *.json files)")
    return report
