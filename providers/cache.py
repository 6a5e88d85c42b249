"""A cache of validated provider files, so start-up neither parses nor checks unchanged TOML again.

Python's TOML parser is pure Python, and checking every field costs about 0.1 ms a provider: with
a large custom catalog the two were most of start-up. The cache keeps each file's provider, as the
loader built it, keyed by the file's path, size and modification time, in the user cache folder.
Only a file that passed validation is stored, so a broken file is read and reported on every start.
The whole cache is dropped when the loader changes (the stamp of `catalog.py` is part of it).
Any problem with the cache (missing, corrupt, unwritable, a row that does not fit) just means
reading the file again.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

CACHE_NAME = "catalog-cache.json"
CACHE_VERSION = 2
LOADER = Path(__file__).with_name("catalog.py")


def default_cache_path() -> Path:
    """The user cache folder. On Linux that is the XDG rule, applied here because importing
    platformdirs costs more than the whole cached catalog load; elsewhere platformdirs decides."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "offrecord" / CACHE_NAME
    from platformdirs import user_cache_path

    return user_cache_path("offrecord", appauthor=False) / CACHE_NAME


def _stamp(path: str | Path) -> list[int]:
    stat = os.stat(path)
    return [stat.st_size, stat.st_mtime_ns]


class ProviderCache:
    """Validated providers by file, as JSON rows; `save()` writes only when something was added."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self.entries: dict[str, Any] = {}
        self.changed = False
        self.loader: list[int] | None = None  # the loader's stamp; None: cannot tell, so never save
        try:
            self.loader = _stamp(LOADER)
            data = json.loads(self.path.read_bytes())
            if data.get("version") == CACHE_VERSION and data.get("loader") == self.loader:
                self.entries = data["files"]
        except (OSError, ValueError, AttributeError, KeyError):
            pass

    def get(self, file: Path) -> list[Any] | None:
        """The row stored for `file`, if the file is unchanged since."""
        name = os.path.abspath(file)
        entry = self.entries.get(name)
        try:
            if isinstance(entry, dict) and entry.get("stamp") == _stamp(name) and isinstance(entry.get("row"), list):
                return entry["row"]
        except OSError:
            pass
        return None

    def put(self, file: Path, row: list[Any]) -> None:
        name = os.path.abspath(file)
        try:
            self.entries[name] = {"stamp": _stamp(name), "row": row}
        except OSError:
            return
        self.changed = True

    def save(self) -> None:
        """Write the cache if anything was added, dropping files that no longer exist."""
        if not self.changed or self.loader is None:
            return
        self.entries = {name: entry for name, entry in self.entries.items() if os.path.exists(name)}
        import tempfile  # only when writing: it pulls in shutil, random and more

        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".catalog-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": CACHE_VERSION, "loader": self.loader, "files": self.entries}, handle,
                          default=str)  # dates, the only values JSON lacks, as ISO text
            os.replace(temp, self.path)
            self.changed = False
        except OSError:
            pass
