"""Property and fuzz tests: the provider loader, the store and the team report's summary reader.

- Any TOML-ish table fed to `parse_provider`, and any bytes in a provider file, give a Provider or a
  one-line CatalogError, never another exception; what loads is well-formed.
- Any sequence of changes to the store reads back, after every one, as the model kept here says
  (a stateful test: long runs of changes).
- Any summary file, however mangled, gives a report or a one-line ReportError naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from tests.conftest import FIXTURE_CATALOG
from tui.core.catalog import CatalogError, Provider, load_catalog, load_file, parse_provider
from tui.core.progress import catalog_state
from tui.core.record import OUTCOMES, AccountError, Record, StepRecord, Store
from tui.core.report import FORMATS, ReportError, read_report
from tui.core.report_render import render
from tui.core.summary import build_summary

FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WHEN = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
URL = re.compile(r"https://[^\s/]+\.\S+")


# --- values as TOML (and JSON) can hold them ------------------------------------------------------

toml_leaves = st.one_of(
    st.text(max_size=12), st.sampled_from(["", " ", "chat", "on", "alpha", "https://a.example/x", "a\nb"]),
    st.integers(-3, 10**20), st.booleans(), st.floats(allow_nan=False),
    st.dates(), st.datetimes(), st.datetimes(timezones=st.just(dt.UTC)), st.times(),
)
toml_values = st.recursive(
    toml_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def mutated(data: Any, draw: Callable[..., Any], values: st.SearchStrategy[Any]) -> Any:
    """A copy of `data` with a few places replaced by arbitrary values, dropped, or added."""
    data = json.loads(json.dumps(data, default=str)) if values is json_values else _deep_copy(data)
    for _ in range(draw(st.integers(1, 4))):
        node: Any = data
        while True:
            keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = node[key]
            if isinstance(child, (dict, list)) and child and draw(st.booleans()):
                node = child
                continue
            action = draw(st.sampled_from(["replace", "drop", "add", "touch"]))
            if action == "touch" and isinstance(child, str):  # almost right: the hardest to catch
                node[key] = draw(st.sampled_from(["", " ", "\n", "\r\n", "\t"])) + child + draw(
                    st.sampled_from(["\n", " ", "\r", "\n\n", "x", "/", "\u2028"]))
            elif action in ("replace", "touch"):
                node[key] = draw(values)
            elif action == "drop":
                del node[key]
            elif isinstance(node, dict):
                node[draw(st.text(max_size=8))] = draw(values)
            else:
                node.append(draw(values))
            break
    return data


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def assert_one_line(error: Exception, starts: str) -> None:
    message = str(error)
    assert "\n" not in message and "\r" not in message, message
    assert message.startswith(starts), message


# --- the provider loader ---------------------------------------------------------------------------

VALID = tomllib.loads((FIXTURE_CATALOG / "alpha.toml").read_text())


def assert_well_formed(provider: Provider) -> None:
    """What the loader lets through is what the rest of the app relies on."""
    assert ID.fullmatch(provider.id)
    step_ids = [step.id for step in provider.steps]
    assert len(set(step_ids)) == len(step_ids) and all(ID.fullmatch(s) for s in step_ids)
    urls = {source.url for source in provider.sources}
    assert all(URL.fullmatch(url) for url in urls)
    for step in provider.steps:
        assert step.source in urls and (step.url is None or URL.fullmatch(step.url))
        assert step.label or step.no_label
        assert step.stale_after_days is None or step.stale_after_days >= 1
    assert all(isinstance(text, str) and text.strip() for text in (provider.name, provider.company, provider.summary))


def test_the_valid_provider_parses() -> None:
    assert_well_formed(parse_provider(VALID, "alpha.toml"))


@FEW
@given(st.data())
def test_parse_provider_on_a_mangled_provider(data: st.DataObject) -> None:
    parses_or_names_the_problem(mutated(VALID, data.draw, toml_values))


@FEW
@given(st.dictionaries(st.text(max_size=10) | st.sampled_from(list(VALID)), toml_values, max_size=8))
def test_parse_provider_on_any_table(table: dict[str, Any]) -> None:
    parses_or_names_the_problem(table)


def parses_or_names_the_problem(table: dict[str, Any]) -> None:
    """A well-formed provider, or a one-line CatalogError naming the file: nothing else."""
    try:
        provider = parse_provider(table, "where.toml")
    except CatalogError as error:
        assert_one_line(error, "where.toml")
    else:
        assert_well_formed(provider)


@FEW
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode)
       | st.builds(lambda text, cut: text[:cut], st.just((FIXTURE_CATALOG / "alpha.toml").read_bytes()),
                   st.integers(0, 1200)))
def test_load_file_on_any_bytes(content: bytes) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "alpha.toml"
        path.write_bytes(content)
        try:
            load_file(path)
        except CatalogError as error:
            assert_one_line(error, str(path))
        catalog = load_catalog([folder], builtin=FIXTURE_CATALOG)  # a broken extra file is skipped, never fatal
        assert {"alpha", "beta"} <= set(catalog.ids)
        assert all("\n" not in problem for problem in catalog.skipped_files)
    finally:
        shutil.rmtree(folder)


# --- the store against a model ---------------------------------------------------------------------

PROVIDERS = ["p1", "p2"]
STEPS = ["a", "b"]
notes = st.none() | st.text(max_size=20)
ACCOUNTS = ["work", "Work", "parent"]  # "Work" clashes with "work": refused
marks = st.tuples(st.just("mark"), st.sampled_from(PROVIDERS), st.sampled_from(STEPS), st.sampled_from(OUTCOMES),
                  notes, st.none() | st.sampled_from(["f1", "f2"]), st.integers(0, 2))
changes = st.one_of(
    marks, marks, marks,  # the richest change, so drawn most often
    st.tuples(st.just("unmark"), st.sampled_from(PROVIDERS), st.sampled_from(STEPS), st.integers(0, 2)),
    st.tuples(st.just("add_account"), st.sampled_from(PROVIDERS), st.sampled_from(ACCOUNTS)),
    st.tuples(st.just("remove_account"), st.sampled_from(PROVIDERS), st.sampled_from(["default", *ACCOUNTS])),
    st.tuples(st.just("rename_account"), st.sampled_from(PROVIDERS), st.sampled_from(["default", *ACCOUNTS]),
              st.sampled_from(["home", *ACCOUNTS])),
    st.tuples(st.sampled_from(["skip", "unskip"]), st.sampled_from(PROVIDERS)),
    st.tuples(st.just("see"), st.sampled_from(PROVIDERS), st.lists(st.sampled_from([*STEPS, "c"]), unique=True)),
    st.tuples(st.just("set_skipped"), st.sets(st.sampled_from(PROVIDERS)), st.lists(st.sampled_from(PROVIDERS), unique=True)),
    st.tuples(st.just("set_setting"), st.sampled_from(["theme", "stale_after", "walk"]), json_values),
)


class Model:
    """What the record should hold, kept the simplest way."""

    def __init__(self) -> None:
        self.steps: dict[tuple[str, str, str], StepRecord] = {}
        self.providers: dict[str, dict[str, Any]] = {}
        self.settings: dict[str, Any] = {}
        self.accounts: dict[str, list[str]] = {}

    def names(self, provider: str) -> list[str]:
        return self.accounts.get(provider, ["default"])

    def apply(self, store: Store, change: tuple[Any, ...], when: dt.datetime) -> None:
        kind, *args = change
        if kind == "mark":
            provider, step, outcome, note, fingerprint, pick = args
            names = self.names(provider)
            account = names[pick % len(names)]
            sent_on = when.date() if outcome == "sent" else None
            answer = "granted" if outcome == "answered" else None
            store.mark(provider, step, outcome, note=note, fingerprint=fingerprint, when=when, account=account,
                       sent_on=sent_on, answer=answer)
            old = self.steps.get((provider, account, step))
            kept = note if note is not None else (old.note if old else None)
            if answer and old and old.sent_on:
                sent_on = old.sent_on  # an answer keeps the day its request went
            self.steps[(provider, account, step)] = StepRecord(provider, step, outcome, when, kept, fingerprint, account,
                                                               sent_on, answer)
        elif kind == "unmark":
            provider, step, pick = args
            names = self.names(provider)
            store.unmark(provider, step, account=names[pick % len(names)])
            self.steps.pop((provider, names[pick % len(names)], step), None)
        elif kind in ("add_account", "remove_account", "rename_account"):
            self.change_accounts(store, kind, *args)
        elif kind in ("skip", "unskip"):
            getattr(store, kind)(args[0])
            self.providers.setdefault(args[0], {})["skipped"] = kind == "skip"
        elif kind == "see":
            store.see(*args)
            self.providers.setdefault(args[0], {})["seen"] = frozenset(args[1])
        elif kind == "set_skipped":
            skipped, among = args
            store.set_skipped(skipped, among)
            for provider in among:
                self.providers.setdefault(provider, {})["skipped"] = provider in skipped
        else:
            store.set_setting(*args)
            self.settings[args[0]] = json.loads(json.dumps(args[1]))

    def change_accounts(self, store: Store, kind: str, provider: str, name: str, new: str = "") -> None:
        names = self.names(provider)
        folded = [n.casefold() for n in names]
        if kind == "add_account":
            refused = name.casefold() in folded
        elif kind == "remove_account":
            refused = name not in names or len(names) == 1
        else:
            refused = name not in names or (new != name and new.casefold() in folded)
        if refused:
            with pytest.raises(AccountError):
                getattr(store, kind)(provider, name, *([new] if new else []))
            return
        getattr(store, kind)(provider, name, *([new] if new else []))
        if kind == "add_account":
            names = [*names, name]
        elif kind == "remove_account":
            names = [n for n in names if n != name]
            self.steps = {slot: r for slot, r in self.steps.items() if slot[:2] != (provider, name)}
        else:
            names = [new if n == name else n for n in names]
            self.steps = {(p, new if (p, a) == (provider, name) else a, s): r._replace(account=new)
                          if (p, a) == (provider, name) else r for (p, a, s), r in self.steps.items()}
        if names == ["default"]:
            self.accounts.pop(provider, None)
        else:
            self.accounts[provider] = names

    def record(self) -> Record:
        return Record(
            steps=self.steps,
            skipped=frozenset(p for p, doc in self.providers.items() if doc.get("skipped")),
            seen={p: doc["seen"] for p, doc in self.providers.items() if "seen" in doc},  # opened providers only
            settings=self.settings,
            accounts={p: tuple(names) for p, names in self.accounts.items()},
        )


def _fast_temp_root() -> str | None:
    """tmpfs where there is one (hundreds of fsyncs cost nothing there), else the default temp folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


class StoreAgainstModel(RuleBasedStateMachine):
    """Long runs of any changes; after every one, a fresh Store reads back what the model holds."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="offrecord-model-", dir=_fast_temp_root()))
        self.store, self.model, self.count = Store(self.folder / "record.json"), Model(), 0

    @rule(change=changes)
    def change(self, change: tuple[Any, ...]) -> None:
        self.count += 1
        self.model.apply(self.store, change, WHEN + dt.timedelta(minutes=self.count))

    @invariant()
    def reads_back_as_the_model_says(self) -> None:
        assert Store(self.folder / "record.json").load() == self.model.record()

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


TestStoreAgainstModel = StoreAgainstModel.TestCase
TestStoreAgainstModel.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)


def test_text_that_cannot_be_saved_is_refused_and_nothing_is_lost(store: Store, db_path: Path) -> None:
    """A lone surrogate (what Python makes of a non-UTF-8 byte in a shell argument) has no UTF-8 form."""
    store.mark("alpha", "training-off", note="first")
    before = db_path.read_bytes()
    with pytest.raises(Exception) as caught:
        store.mark("alpha", "training-off", note="bad \udcff byte")
    assert type(caught.value).__name__ == "RecordError" and str(db_path) in str(caught.value)
    assert db_path.read_bytes() == before


# --- the team report's summary reader --------------------------------------------------------------

def a_summary(label: str | None) -> dict[str, Any]:
    catalog = load_catalog(builtin=FIXTURE_CATALOG)
    store_dir = Path(tempfile.mkdtemp())
    try:
        store = Store(store_dir / "r.json")
        store.mark("alpha", "training-off", when=WHEN)
        store.mark("alpha", "delete-history", "failed", note="n", when=WHEN)
        store.skip("beta")
        states = catalog_state(catalog, store.load(), WHEN + dt.timedelta(days=1))
    finally:
        shutil.rmtree(store_dir)
    return json.loads(json.dumps(build_summary(catalog, states, WHEN + dt.timedelta(days=1), label=label, notes=True)))


SUMMARY = a_summary("Ann")


@FEW
@given(st.data())
def test_the_report_reads_any_summaries_or_names_the_bad_one(data: st.DataObject) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        for n in range(data.draw(st.integers(1, 3), label="files")):
            kind = data.draw(st.sampled_from(["good", "mangled", "mangled", "bytes"]), label="kind")
            if kind == "bytes":
                content = data.draw(st.binary(max_size=100) | st.text(max_size=100).map(str.encode))
            else:
                summary = SUMMARY if kind == "good" else mutated(SUMMARY, data.draw, json_values)
                content = json.dumps(summary).encode()
            (folder / f"person-{n}.json").write_bytes(content)
        try:
            report = read_report([folder])
        except ReportError as error:
            assert_one_line(error, str(folder))
            return
        now = WHEN + dt.timedelta(days=2)
        for fmt in FORMATS:
            output = "".join(render(fmt, report, now))
            if fmt == "json":
                json.loads(output)
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize("fmt", ["offrecord-summary/1\n", "offrecord-summary/x\nmore", "offrecord-summary/9\r\n"])
def test_report_errors_stay_on_one_line(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "ann.json"
    path.write_text(json.dumps({**SUMMARY, "format": fmt}))
    with pytest.raises(ReportError) as caught:
        read_report([path])
    assert_one_line(caught.value, str(path))
