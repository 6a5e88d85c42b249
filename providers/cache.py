"""A cache of parsed provider files, so start-up does not parse unchanged TOML again.

Python's TOML parser is pure Python: the shipped catalog takes tens of milliseconds to parse, a
large custom one far more, while the same data as JSON loads in well under one. The cache keeps
each file's parsed data keyed by path, size and modification time, in the user cache folder.
Validation still runs on every load, so a cached file fails exactly as the file itself would.
Any problem with the cache itself (missing, corrupt, unwritable) just means parsing the TOML.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

CACHE_NAME = "catalog-cache.json"
CACHE_VERSION = 1


def default_cache_path() -> Path:
    """The user cache folder. On Linux that is the XDG rule, applied here because importing
    platformdirs costs more than the whole cached catalog load; elsewhere platformdirs decides."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "offrecord" / CACHE_NAME
    from platformdirs import user_cache_path

    return user_cache_path("offrecord", appauthor=False) / CACHE_NAME


def _encode(value: Any) -> Any:
    """TOML's dates and times as tagged JSON objects."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$datetime" in obj:
            return dt.datetime.fromisoformat(obj["$datetime"])
        if "$date" in obj:
            return dt.date.fromisoformat(obj["$date"])
        if "$time" in obj:
            return dt.time.fromisoformat(obj["$time"])
    return obj


class ParsedFiles:
    """Parsed TOML by file; `save()` writes it back only when something new was parsed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self.entries: dict[str, Any] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_bytes(), object_hook=_decode)
            if data.get("version") == CACHE_VERSION:
                self.entries = data["files"]
        except (OSError, ValueError, AttributeError, KeyError):
            pass

    @staticmethod
    def _key(file: Path) -> tuple[str, list[int]]:
        stat = file.stat()
        return str(file.resolve()), [stat.st_size, stat.st_mtime_ns]

    def get(self, file: Path) -> dict[str, Any] | None:
        try:
            name, stamp = self._key(file)
        except OSError:
            return None
        entry = self.entries.get(name)
        if isinstance(entry, dict) and entry.get("stamp") == stamp and isinstance(entry.get("data"), dict):
            return entry["data"]
        return None

    def put(self, file: Path, data: dict[str, Any]) -> None:
        try:
            name, stamp = self._key(file)
        except OSError:
            return
        self.entries[name] = {"stamp": stamp, "data": data}
        self.changed = True

    def save(self) -> None:
        """Write the cache if anything new was parsed, dropping files that no longer exist."""
        if not self.changed:
            return
        self.entries = {name: entry for name, entry in self.entries.items() if os.path.exists(name)}
        import tempfile  # only when writing: it pulls in shutil, random and more

        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".catalog-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": CACHE_VERSION, "files": _encode(self.entries)}, handle)
            os.replace(temp, self.path)
            self.changed = False
        except OSError:
            pass
