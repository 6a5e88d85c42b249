"""A portable record: the whole record as a versioned JSON file, for a backup or a new machine.

`offrecord export` writes it (owner-only); `offrecord import` reads it back and merges it into the
record at hand (`Store.merge`). The file is checked as strictly as the record itself: anything
that is not an export this version understands is refused in one line, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NamedTuple

from tui import __version__
from tui.core.clean import json_text
from tui.core.files import read_regular_file, reason
from tui.core.record import DEFAULT_ACCOUNT, OUTCOMES, Record, StepRecord

FORMAT_PREFIX = "offrecord-export/"
MAJOR = 1
FORMAT = f"{FORMAT_PREFIX}{MAJOR}"
LIMIT = 16 * 1024 * 1024


class ExportError(ValueError):
    """A file that is not an export this version can read; the message names it."""


class Export(NamedTuple):
    steps: list[StepRecord]
    providers: list[dict[str, Any]]
    settings: dict[str, Any]


def export_text(record: Record, now: dt.datetime) -> str:
    """The record as `offrecord-export/1` JSON: every step on every account, every provider's
    accounts, skips and seen steps, and every setting."""
    providers = sorted({*record.skipped, *record.seen, *record.accounts, *record.skipped_accounts,
                        *(r.provider for r in record.steps.values())})
    data = {
        "format": FORMAT,
        "exported_at": now.isoformat(),
        "generator": f"offrecord {__version__}",
        "steps": [{"provider": r.provider, "account": r.account, "step": r.step, "outcome": r.outcome,
                   "checked_at": r.checked_at.isoformat(), "note": r.note, "fingerprint": r.fingerprint}
                  for r in sorted(record.steps.values(), key=lambda r: r.slot)],
        "providers": [{"provider": pid, "skipped": pid in record.skipped,
                       "accounts": list(record.accounts_of(pid)),
                       "skipped_accounts": sorted(record.skipped_accounts.get(pid, ())),
                       **({"seen_steps": sorted(record.seen[pid])} if pid in record.seen else {})}
                      for pid in providers],
        "settings": dict(record.settings),
    }
    return json_text(data) + "\n"


def read_export(path: str) -> Export:
    """Read and check an export file; every problem is an ExportError naming the file."""
    try:
        data = json.loads(read_regular_file(path, LIMIT))
    except OSError as error:
        raise ExportError(f"{path}: cannot read: {reason(error)}") from None
    except (ValueError, RecursionError):
        raise ExportError(f"{path}: not an offrecord export (not JSON)") from None
    if not isinstance(data, dict) or not isinstance(data.get("format"), str) \
            or not data["format"].startswith(FORMAT_PREFIX):
        raise ExportError(f"{path}: not an offrecord export (no 'format': '{FORMAT}'); make one with offrecord export")
    major = data["format"][len(FORMAT_PREFIX):].partition(".")[0]
    if not (major.isascii() and major.isdecimal() and len(major) <= 6):
        raise ExportError(f"{path}: unknown export format")
    if int(major) > MAJOR:
        raise ExportError(f"{path}: written by a newer offrecord ({FORMAT_PREFIX}{major}); "
                          "upgrade offrecord to read it")
    try:
        return Export(
            steps=[_step(doc) for doc in data["steps"]],
            providers=[_provider(doc) for doc in data["providers"]],
            settings=_settings(data["settings"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ExportError(f"{path}: not an offrecord export (an entry is malformed)") from None


def _text(value: Any) -> str:
    if type(value) is not str or not value:
        raise TypeError("not a non-empty string")
    return value


def _step(doc: Any) -> StepRecord:
    checked = dt.datetime.fromisoformat(_text(doc["checked_at"]))
    if checked.tzinfo is None or not 2000 <= checked.year <= 2200 or doc["outcome"] not in OUTCOMES:
        raise ValueError("an implausible step")
    note, fingerprint = doc.get("note"), doc.get("fingerprint")
    if not all(value is None or type(value) is str for value in (note, fingerprint)):
        raise TypeError("note and fingerprint are strings or null")
    return StepRecord(_text(doc["provider"]), _text(doc["step"]), doc["outcome"], checked, note, fingerprint,
                      _text(doc.get("account", DEFAULT_ACCOUNT)))


def _names(value: Any) -> list[str]:
    if type(value) is not list or len(set(value)) != len(value):
        raise TypeError("a list of distinct names")
    return [_text(name) for name in value]


def _provider(doc: Any) -> dict[str, Any]:
    checked: dict[str, Any] = {"provider": _text(doc["provider"])}
    if type(doc.get("skipped", False)) is not bool:
        raise TypeError("skipped is true or false")
    checked["skipped"] = doc.get("skipped", False)
    accounts = _names(doc.get("accounts", [DEFAULT_ACCOUNT]))
    if not accounts:
        raise ValueError("a provider has an account")
    if accounts != [DEFAULT_ACCOUNT]:
        checked["accounts"] = accounts
    if doc.get("skipped_accounts"):
        checked["skipped_accounts"] = _names(doc["skipped_accounts"])
    if "seen_steps" in doc:
        checked["seen_steps"] = _names(doc["seen_steps"])
    return checked


def _settings(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(type(key) is str for key in value):
        raise TypeError("settings are an object")
    return dict(value)
