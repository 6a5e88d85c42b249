"""The person's record: the only module that touches TinyDB.

Every change is a read-modify-write of the file under a lock file beside it: a fresh TinyDB over
the tables just read (`StagedStorage`), saved once at the end with `write_json_atomically`, so two
running copies never lose each other's work, a crash never leaves half an intent, and nothing is
kept that could go stale. Reads return plain frozen records, never TinyDB documents.
"""

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from tinydb import Query, TinyDB

from tui.core.files import read_regular_file
from tui.core.lock import LockError, exclusive
from tui.core.record_file import (
    RECORD_LIMIT,
    RecordError,
    StagedStorage,
    check_writable,
    ensure_private_dir,
    read_json,
    write_bytes_atomically,
    write_json_atomically,
)

SCHEMA_VERSION = 2
"""2 added accounts: a step's entry names its account, a provider's may list its accounts. A
schema-1 record is read as it is and upgraded on its first write, its file kept beside it once."""
OUTCOMES = ("done", "na", "failed", "sent", "answered")
"""`sent`: a request is on its way (with `sent_on`); `answered`: its reply came (with `answer`)."""
ANSWERS = ("granted", "refused", "none")
TABLES = ("meta", "steps", "providers", "settings")
LOCK_TIMEOUT_SECONDS = 10
EARLIEST, LATEST = 2000, 2200  # the years a tick can plausibly carry: date arithmetic never overflows
DEFAULT_ACCOUNT = "default"
MAX_ACCOUNT_NAME = 40


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def schema_1_copy(path: Path) -> Path:
    """Where the schema-1 file is kept when its record is upgraded: `record.schema-1.json`."""
    return path.with_name(f"{path.stem}.schema-1{path.suffix}")


class _DryRun(Exception):
    """Leaves a change unsaved: `_change` writes nothing when its body raises."""

    def __init__(self, said: list[str]) -> None:
        super().__init__()
        self.said = said


class AccountError(ValueError):
    """An account name that cannot be used; the message says why and names the known ones."""


def account_name(name: str) -> str:
    """A name for an account, stripped; one line of printable text, at most 40 characters."""
    name = name.strip()
    if not name or len(name) > MAX_ACCOUNT_NAME or not name.isprintable():
        raise AccountError(f"an account name is 1 to {MAX_ACCOUNT_NAME} printable characters on one line")
    return name


class StepRecord(NamedTuple):
    """What the person recorded for one step on one account."""

    provider: str
    step: str
    outcome: str
    checked_at: dt.datetime
    note: str | None = None
    fingerprint: str | None = None
    account: str = DEFAULT_ACCOUNT
    sent_on: dt.date | None = None
    answer: str | None = None

    @property
    def key(self) -> str:
        return f"{self.provider}/{self.step}"

    @property
    def slot(self) -> tuple[str, str, str]:
        """Where it lives in `Record.steps`: (provider, account, step)."""
        return self.provider, self.account, self.step


class Record(NamedTuple):
    """A snapshot of the whole record. A provider with one account has no entry in `accounts`:
    its account is `default`, and nothing shows account names until a second one is added."""

    steps: Mapping[tuple[str, str, str], StepRecord] = MappingProxyType({})
    skipped: frozenset[str] = frozenset()
    seen: Mapping[str, frozenset[str]] = MappingProxyType({})
    settings: Mapping[str, Any] = MappingProxyType({})
    accounts: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    skipped_accounts: Mapping[str, frozenset[str]] = MappingProxyType({})
    schema: int = SCHEMA_VERSION

    def accounts_of(self, provider: str) -> tuple[str, ...]:
        """The provider's accounts in order; the first is the one everyone already had."""
        return self.accounts.get(provider) or (DEFAULT_ACCOUNT,)

    def step(self, provider: str, step: str, account: str | None = None) -> StepRecord | None:
        """What was recorded for a step, on `account` (default: the provider's first)."""
        return self.steps.get((provider, account or self.accounts_of(provider)[0], step))


def _step_record(doc: Mapping[str, Any]) -> StepRecord:
    return StepRecord(
        provider=doc["provider"],
        step=doc["step"],
        outcome=doc["outcome"],
        checked_at=dt.datetime.fromisoformat(doc["checked_at"]),
        note=doc.get("note"),
        fingerprint=doc.get("fingerprint"),
        account=doc.get("account", DEFAULT_ACCOUNT),
        sent_on=dt.date.fromisoformat(doc["sent_on"]) if doc.get("sent_on") else None,
        answer=doc.get("answer"),
    )


def _step_ok(doc: Mapping[str, Any]) -> bool:
    optional = (doc.get(name) for name in ("note", "fingerprint"))
    if not (type(doc.get("provider")) is str and type(doc.get("step")) is str and doc.get("outcome") in OUTCOMES
            and type(doc.get("checked_at")) is str and all(v is None or type(v) is str for v in optional)
            and type(doc.get("account", DEFAULT_ACCOUNT)) is str):
        return False
    try:
        checked = dt.datetime.fromisoformat(doc["checked_at"])
        sent = doc.get("sent_on")
        sent_ok = sent is None or (type(sent) is str and EARLIEST <= dt.date.fromisoformat(sent).year <= LATEST)
    except ValueError:
        return False
    request_ok = (doc["outcome"] != "sent" or doc.get("sent_on")) and doc.get("answer") in (None, *ANSWERS) \
        and (doc["outcome"] != "answered" or doc.get("answer"))
    return checked.tzinfo is not None and EARLIEST <= checked.year <= LATEST and sent_ok and bool(request_ok)


def _names_ok(value: Any, non_empty: bool) -> bool:
    return (type(value) is list and all(type(name) is str and name for name in value)
            and len(set(value)) == len(value) and (bool(value) or not non_empty))


def _provider_ok(doc: Mapping[str, Any]) -> bool:
    seen = doc.get("seen_steps", [])
    return (type(doc.get("provider")) is str and type(doc.get("skipped", False)) is bool
            and type(seen) is list and all(type(step) is str for step in seen)
            and _names_ok(doc.get("accounts", [DEFAULT_ACCOUNT]), non_empty=True)
            and _names_ok(doc.get("skipped_accounts", []), non_empty=False))


def _setting_ok(doc: Mapping[str, Any]) -> bool:
    return type(doc.get("key")) is str and "value" in doc


def upgraded(data: dict[str, Any]) -> dict[str, Any]:
    """A schema-1 record's tables as schema 2: every step on the `default` account."""
    meta = {**data.get("meta", {}).get("1", {}), "schema_version": SCHEMA_VERSION, "upgraded_from": 1}
    steps = {doc_id: {**doc, "account": doc.get("account", DEFAULT_ACCOUNT)}
             for doc_id, doc in data.get("steps", {}).items()}
    return {**data, "meta": {"1": meta}, "steps": steps}


class Store:
    """Intent-level access to the record file at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        """True once a record has been written (an empty file counts as no record)."""
        try:
            return self.path.stat().st_size > 0
        except OSError:
            return False

    def _check(self, data: Mapping[str, Any] | None) -> None:
        """Refuse a file that is JSON but not a record this version understands.

        Every entry is checked here, so that nothing later trips over a wrong type with a
        traceback, and no change is written on top of a file that was not understood.
        """
        if not data:
            return
        version = data.get("meta", {}).get("1", {}).get("schema_version")
        if type(version) is not int:
            raise RecordError(f"{self.path}: is not an offrecord record (no schema version)")
        if version > SCHEMA_VERSION or version < 1:
            raise RecordError(
                f"{self.path}: was written by a newer offrecord (schema {version}, "
                f"this one reads up to {SCHEMA_VERSION}); upgrade offrecord to use it"
            )
        unknown = sorted(set(data) - set(TABLES))
        if unknown:
            raise RecordError(f"{self.path}: is not an offrecord record (unknown table '{unknown[0]}')")
        for name, table in data.items():
            if not all(doc_id.isdecimal() for doc_id in table):
                raise RecordError(f"{self.path}: is not an offrecord record (an entry in '{name}' has no number)")
        checks = {"steps": _step_ok, "providers": _provider_ok, "settings": _setting_ok}
        for name, ok in checks.items():
            if not all(ok(doc) for doc in data.get(name, {}).values()):
                raise RecordError(f"{self.path}: is not an offrecord record (an entry in '{name}' is malformed)")

    def load(self) -> Record:
        """Read the record; a missing or empty file is an empty record. A schema-1 file is read as
        it is, without being changed."""
        data = read_json(self.path)
        self._check(data)
        return self._record(data)

    @staticmethod
    def _record(data: Mapping[str, Any] | None) -> Record:
        """Checked tables as a frozen Record."""
        data = data or {}
        steps = {}
        for doc in data.get("steps", {}).values():
            record = _step_record(doc)
            steps[record.slot] = record
        providers = data.get("providers", {}).values()
        return Record(
            steps=steps,
            skipped=frozenset(doc["provider"] for doc in providers if doc.get("skipped")),
            # Only providers actually opened have seen steps; a skip alone must not make all steps "new".
            seen={doc["provider"]: frozenset(doc["seen_steps"]) for doc in providers if "seen_steps" in doc},
            settings={doc["key"]: doc["value"] for doc in data.get("settings", {}).values()},
            accounts={doc["provider"]: tuple(doc["accounts"]) for doc in providers if "accounts" in doc},
            skipped_accounts={doc["provider"]: frozenset(doc["skipped_accounts"]) for doc in providers
                              if doc.get("skipped_accounts")},
            schema=data.get("meta", {}).get("1", {}).get("schema_version", SCHEMA_VERSION),
        )

    def _saved(self, db: TinyDB) -> Record:
        """The record as the change just saved it."""
        storage = db.storage
        assert isinstance(storage, StagedStorage)
        return self._record(storage.data)

    @contextmanager
    def _change(self) -> Iterator[TinyDB]:
        """A read-modify-write under the lock, saved in one atomic write; the file is checked first.

        A record that is a symbolic link (into a synced folder, say) is written through to where
        it leads, with the lock beside that file. If the body raises, nothing is written; a lock
        file made for a file that then proved not to be a record is removed again.
        """
        target = Path(os.path.realpath(self.path))
        ensure_private_dir(target.parent)
        try:
            with exclusive(f"{target}.lock", LOCK_TIMEOUT_SECONDS) as created:
                try:
                    data = read_json(target)
                    self._check(data)
                    check_writable(target)
                except RecordError:
                    if created:
                        Path(f"{target}.lock").unlink(missing_ok=True)
                    raise
                old_schema = data is not None and data["meta"]["1"]["schema_version"] < SCHEMA_VERSION
                staged = StagedStorage(upgraded(data) if data is not None and old_schema else data)
                db = TinyDB(storage=lambda: staged)
                if not db.table("meta").get(doc_id=1):
                    db.table("meta").insert({"schema_version": SCHEMA_VERSION, "created": now_utc().isoformat()})
                yield db
                if staged.written:
                    if old_schema:
                        self._keep_schema_1(target)
                    write_json_atomically(target, staged.data)
        except LockError as error:
            raise RecordError(f"{self.path}: {error}") from None

    @staticmethod
    def _keep_schema_1(target: Path) -> None:
        """Before a schema-1 record is first written as schema 2, keep its file beside it, byte
        for byte (once: an existing copy is left alone). Written atomically: a crash leaves either
        no copy or the whole one, and the record as it was."""
        copy = schema_1_copy(target)
        if not os.path.lexists(copy):
            write_bytes_atomically(copy, read_regular_file(target, RECORD_LIMIT))

    def mark(
        self,
        provider: str,
        step: str,
        outcome: str = "done",
        *,
        note: str | None = None,
        fingerprint: str | None = None,
        when: dt.datetime | None = None,
        account: str | None = None,
        sent_on: dt.date | None = None,
        answer: str | None = None,
    ) -> Record:
        """Record an outcome for a step (done, na or failed; for a request, sent with the day it
        went, or answered with the answer) on an account (default: the provider's first); a note
        given replaces the old one, and an answer keeps the day the request was sent.

        Like every intent, returns the record as saved, so callers need not read it again."""
        if outcome not in OUTCOMES or (outcome == "sent") != (sent_on is not None) \
                or (outcome == "answered") != (answer in ANSWERS):
            raise ValueError(f"unknown outcome {outcome!r}, or its day or answer is missing")
        entry = Query()
        with self._change() as db:
            name = self._account(db, provider, account)
            where = (entry.provider == provider) & (entry.step == step) & (entry.account == name)
            table = db.table("steps")
            old = table.get(where)
            record = StepRecord(provider, step, outcome, when or now_utc(),
                                note if note is not None else old.get("note") if old else None, fingerprint, name)
            if sent_on is None and answer is not None and old and old.get("sent_on"):
                sent_on = dt.date.fromisoformat(old["sent_on"])  # the answer to a request keeps when it went
            doc = {
                "provider": provider,
                "step": step,
                "account": name,
                "outcome": outcome,
                "checked_at": record.checked_at.isoformat(),
                "note": record.note,
                "fingerprint": fingerprint,
            }
            if sent_on is not None:
                doc["sent_on"] = sent_on.isoformat()
            if answer is not None:
                doc["answer"] = answer
            table.remove(where)  # not upsert: an update would keep a sent_on or answer from before
            table.insert(doc)
        return self._saved(db)

    def unmark(self, provider: str, step: str, account: str | None = None) -> Record:
        """Forget the step's outcome on an account (its note goes with it)."""
        entry = Query()
        with self._change() as db:
            name = self._account(db, provider, account)
            db.table("steps").remove((entry.provider == provider) & (entry.step == step) & (entry.account == name))
        return self._saved(db)

    @staticmethod
    def _accounts(db: TinyDB, provider: str) -> list[str]:
        doc = db.table("providers").get(Query().provider == provider)
        return list(doc.get("accounts", [DEFAULT_ACCOUNT])) if doc else [DEFAULT_ACCOUNT]

    def _account(self, db: TinyDB, provider: str, account: str | None) -> str:
        """The account named (the first when None); an unknown one is an AccountError."""
        known = self._accounts(db, provider)
        if account is None:
            return known[0]
        if account not in known:
            raise AccountError(f"{provider} has no account '{account}'; its accounts: {', '.join(known)}")
        return account

    def _provider_update(self, provider: str, values: Mapping[str, Any]) -> Record:
        entry = Query()
        with self._change() as db:
            table = db.table("providers")
            doc = table.get(entry.provider == provider) or {"provider": provider}
            table.upsert({**doc, **values}, entry.provider == provider)
        return self._saved(db)

    def skip(self, provider: str, account: str | None = None) -> Record:
        """"I don't use this service" (or, with `account`, "this account no longer matters"): it
        no longer counts as outstanding."""
        return self._skip(provider, account, True)

    def unskip(self, provider: str, account: str | None = None) -> Record:
        return self._skip(provider, account, False)

    def _skip(self, provider: str, account: str | None, skipped: bool) -> Record:
        entry = Query()
        with self._change() as db:
            table = db.table("providers")
            doc = dict(table.get(entry.provider == provider) or {"provider": provider})
            if account is None:
                doc["skipped"] = skipped
            else:
                name = self._account(db, provider, account)
                names = [n for n in doc.get("skipped_accounts", []) if n != name] + ([name] if skipped else [])
                doc["skipped_accounts"] = names
            table.upsert(doc, entry.provider == provider)
        return self._saved(db)

    def set_skipped(self, skipped: set[str], among: list[str]) -> Record:
        """Skip exactly `skipped` out of `among` in one change (the welcome's multi-select)."""
        entry = Query()
        with self._change() as db:
            table = db.table("providers")
            known = {doc["provider"] for doc in table.all()}
            # One write for the updates and one for the inserts, not one per provider.
            table.update_multiple([({"skipped": p in skipped}, entry.provider == p) for p in among if p in known])
            table.insert_multiple({"provider": p, "skipped": p in skipped} for p in among if p not in known)
        return self._saved(db)

    def see(self, provider: str, step_ids: list[str]) -> Record:
        """Remember which steps the person has been shown, so later additions show as new."""
        return self._provider_update(provider, {"seen_steps": sorted(step_ids)})

    def set_setting(self, key: str, value: Any) -> Record:
        entry = Query()
        with self._change() as db:
            db.table("settings").upsert({"key": key, "value": value}, entry.key == key)
        return self._saved(db)

    def clear_setting(self, key: str) -> Record:
        """Forget a setting: its default applies again."""
        with self._change() as db:
            db.table("settings").remove(Query().key == key)
        return self._saved(db)

    def add_account(self, provider: str, name: str) -> Record:
        """Another account of a provider, beside the ones it has, with ticks of its own."""
        name = account_name(name)
        with self._change() as db:
            known = self._accounts(db, provider)
            if name.casefold() in (n.casefold() for n in known):
                raise AccountError(f"{provider} already has an account '{name}'; its accounts: {', '.join(known)}")
            self._set_accounts(db, provider, [*known, name])
        return self._saved(db)

    def rename_account(self, provider: str, old: str, new: str) -> Record:
        """Rename an account; its ticks, notes and skip go with it."""
        new = account_name(new)
        entry = Query()
        with self._change() as db:
            known = self._accounts(db, provider)
            self._account(db, provider, old)
            if new != old and new.casefold() in (n.casefold() for n in known):
                raise AccountError(f"{provider} already has an account '{new}'; its accounts: {', '.join(known)}")
            self._set_accounts(db, provider, [new if n == old else n for n in known], {old: new})
            db.table("steps").update({"account": new}, (entry.provider == provider) & (entry.account == old))
        return self._saved(db)

    def remove_account(self, provider: str, name: str) -> Record:
        """Remove an account and everything recorded for it; a provider keeps at least one."""
        entry = Query()
        with self._change() as db:
            known = self._accounts(db, provider)
            self._account(db, provider, name)
            if len(known) == 1:
                raise AccountError(f"'{name}' is {provider}'s only account; rename it instead")
            self._set_accounts(db, provider, [n for n in known if n != name], {name: None})
            db.table("steps").remove((entry.provider == provider) & (entry.account == name))
        return self._saved(db)

    @staticmethod
    def _set_accounts(db: TinyDB, provider: str, names: list[str], renamed: Mapping[str, str | None] = {}) -> None:
        """Store a provider's accounts (none stored for the single `default`), renaming or dropping
        skipped accounts as `renamed` says."""
        entry = Query()
        table = db.table("providers")
        doc = dict(table.get(entry.provider == provider) or {"provider": provider})
        if names == [DEFAULT_ACCOUNT]:
            doc.pop("accounts", None)
        else:
            doc["accounts"] = names
        skipped = [renamed.get(n, n) for n in doc.get("skipped_accounts", [])]
        doc["skipped_accounts"] = [n for n in skipped if n is not None]
        if not doc["skipped_accounts"]:
            doc.pop("skipped_accounts")
        table.remove(entry.provider == provider)  # not upsert: an update keeps the keys popped above
        table.insert(doc)

    def merge(self, steps: list[StepRecord], providers: list[dict[str, Any]], settings: Mapping[str, Any],
              dry_run: bool = False) -> list[str]:
        """Fold an exported record in, under the lock, and say what changed (one line each):
        step by step and account by account the newest check wins, accounts are united, and
        skips and settings fill only what this record does not have. With `dry_run`, nothing is
        written. Merging the same export twice changes nothing the second time."""
        try:
            return self._merge(steps, providers, settings, dry_run)
        except _DryRun as stopped:
            return stopped.said

    def _merge(self, steps: list[StepRecord], providers: list[dict[str, Any]], settings: Mapping[str, Any],
               dry_run: bool) -> list[str]:
        said: list[str] = []
        seen_grew = False
        entry = Query()
        with self._change() as db:
            table = db.table("providers")
            docs = {doc["provider"]: dict(doc) for doc in table.all()}
            for incoming in providers:
                pid = incoming["provider"]
                doc = docs.setdefault(pid, {"provider": pid})
                names = list(doc.get("accounts", [DEFAULT_ACCOUNT]))
                added = [n for n in incoming.get("accounts", [DEFAULT_ACCOUNT]) if n not in names]
                if added:
                    doc["accounts"] = names + added
                    said += [f"{pid}: account '{name}' added" for name in added]
                for field in ("skipped", "skipped_accounts"):
                    if field in incoming and field not in doc:
                        doc[field] = incoming[field]
                        if incoming[field]:
                            said.append(f"{pid}: {field.replace('_', ' ')} taken from the file")
                seen = sorted(set(doc.get("seen_steps", [])) | set(incoming.get("seen_steps", [])))
                if seen and seen != sorted(doc.get("seen_steps", [])):
                    doc["seen_steps"] = seen
                    seen_grew = True
            steps_table = db.table("steps")
            for record in steps:
                where = ((entry.provider == record.provider) & (entry.account == record.account)
                         & (entry.step == record.step))
                old = steps_table.get(where)
                if old is not None and dt.datetime.fromisoformat(old["checked_at"]) >= record.checked_at:
                    continue
                known = docs.get(record.provider, {}).get("accounts", [DEFAULT_ACCOUNT])
                if record.account not in known:
                    continue  # an account the file's own providers did not list: left out
                doc = {"provider": record.provider, "step": record.step, "account": record.account,
                       "outcome": record.outcome, "checked_at": record.checked_at.isoformat(),
                       "note": record.note, "fingerprint": record.fingerprint}
                if record.sent_on:
                    doc["sent_on"] = record.sent_on.isoformat()
                if record.answer:
                    doc["answer"] = record.answer
                steps_table.remove(where)
                steps_table.insert(doc)
                on = f" on '{record.account}'" if len(known) > 1 else ""
                said.append(f"{record.key}{on}: {record.outcome}, checked {record.checked_at.date().isoformat()}"
                            + (" (newer than this record's)" if old else ""))
            for key, value in settings.items():
                if not db.table("settings").contains(entry.key == key):
                    db.table("settings").insert({"key": key, "value": value})
                    said.append(f"setting {key} taken from the file")
            if said or seen_grew:
                table.truncate()
                table.insert_multiple(docs.values())
            if dry_run:
                raise _DryRun(said)
        return said
