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

from tui.core.lock import LockError, exclusive
from tui.core.record_file import (
    RecordError,
    StagedStorage,
    check_writable,
    ensure_private_dir,
    read_json,
    write_json_atomically,
)

SCHEMA_VERSION = 1
OUTCOMES = ("done", "na", "failed")
TABLES = ("meta", "steps", "providers", "settings")
LOCK_TIMEOUT_SECONDS = 10
EARLIEST, LATEST = 2000, 2200  # the years a tick can plausibly carry: date arithmetic never overflows


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class StepRecord(NamedTuple):
    """What the person recorded for one step."""

    provider: str
    step: str
    outcome: str
    checked_at: dt.datetime
    note: str | None = None
    fingerprint: str | None = None

    @property
    def key(self) -> str:
        return f"{self.provider}/{self.step}"


class Record(NamedTuple):
    """A snapshot of the whole record."""

    steps: Mapping[str, StepRecord] = MappingProxyType({})
    skipped: frozenset[str] = frozenset()
    seen: Mapping[str, frozenset[str]] = MappingProxyType({})
    settings: Mapping[str, Any] = MappingProxyType({})

    def step(self, provider: str, step: str) -> StepRecord | None:
        return self.steps.get(f"{provider}/{step}")


def _step_record(doc: Mapping[str, Any]) -> StepRecord:
    return StepRecord(
        provider=doc["provider"],
        step=doc["step"],
        outcome=doc["outcome"],
        checked_at=dt.datetime.fromisoformat(doc["checked_at"]),
        note=doc.get("note"),
        fingerprint=doc.get("fingerprint"),
    )


def _step_ok(doc: Mapping[str, Any]) -> bool:
    optional = (doc.get(name) for name in ("note", "fingerprint"))
    if not (type(doc.get("provider")) is str and type(doc.get("step")) is str and doc.get("outcome") in OUTCOMES
            and type(doc.get("checked_at")) is str and all(v is None or type(v) is str for v in optional)):
        return False
    try:
        checked = dt.datetime.fromisoformat(doc["checked_at"])
    except ValueError:
        return False
    return checked.tzinfo is not None and EARLIEST <= checked.year <= LATEST


def _provider_ok(doc: Mapping[str, Any]) -> bool:
    seen = doc.get("seen_steps", [])
    return (type(doc.get("provider")) is str and type(doc.get("skipped", False)) is bool
            and type(seen) is list and all(type(step) is str for step in seen))


def _setting_ok(doc: Mapping[str, Any]) -> bool:
    return type(doc.get("key")) is str and "value" in doc


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
        if version > SCHEMA_VERSION:
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
        """Read the record; a missing or empty file is an empty record."""
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
            steps[record.key] = record
        providers = data.get("providers", {}).values()
        return Record(
            steps=steps,
            skipped=frozenset(doc["provider"] for doc in providers if doc.get("skipped")),
            # Only providers actually opened have seen steps; a skip alone must not make all steps "new".
            seen={doc["provider"]: frozenset(doc["seen_steps"]) for doc in providers if "seen_steps" in doc},
            settings={doc["key"]: doc["value"] for doc in data.get("settings", {}).values()},
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
                staged = StagedStorage(data)
                db = TinyDB(storage=lambda: staged)
                if not db.table("meta").get(doc_id=1):
                    db.table("meta").insert({"schema_version": SCHEMA_VERSION, "created": now_utc().isoformat()})
                yield db
                if staged.written:
                    write_json_atomically(target, staged.data)
        except LockError as error:
            raise RecordError(f"{self.path}: {error}") from None

    def mark(
        self,
        provider: str,
        step: str,
        outcome: str = "done",
        *,
        note: str | None = None,
        fingerprint: str | None = None,
        when: dt.datetime | None = None,
    ) -> Record:
        """Record an outcome for a step (done, na or failed); a note given replaces the old one.

        Like every intent, returns the record as saved, so callers need not read it again."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        entry = Query()
        with self._change() as db:
            table = db.table("steps")
            old = table.get((entry.provider == provider) & (entry.step == step))
            record = StepRecord(
                provider, step, outcome, when or now_utc(),
                note if note is not None else old.get("note") if old else None,
                fingerprint,
            )
            doc = {
                "provider": provider,
                "step": step,
                "outcome": outcome,
                "checked_at": record.checked_at.isoformat(),
                "note": record.note,
                "fingerprint": fingerprint,
            }
            table.upsert(doc, (entry.provider == provider) & (entry.step == step))
        return self._saved(db)

    def unmark(self, provider: str, step: str) -> Record:
        """Forget the step's outcome (its note goes with it)."""
        entry = Query()
        with self._change() as db:
            db.table("steps").remove((entry.provider == provider) & (entry.step == step))
        return self._saved(db)

    def _provider_update(self, provider: str, values: Mapping[str, Any]) -> Record:
        entry = Query()
        with self._change() as db:
            table = db.table("providers")
            doc = table.get(entry.provider == provider) or {"provider": provider}
            table.upsert({**doc, **values}, entry.provider == provider)
        return self._saved(db)

    def skip(self, provider: str) -> Record:
        """"I don't use this service": it no longer counts as outstanding."""
        return self._provider_update(provider, {"skipped": True})

    def unskip(self, provider: str) -> Record:
        return self._provider_update(provider, {"skipped": False})

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
