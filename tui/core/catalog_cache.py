"""A cache of validated provider files, so start-up neither parses nor checks unchanged TOML again.

Python's TOML parser is pure Python, and every field of every file is checked: with a large
custom catalog the two were most of start-up (tests/perf/README.md). The cache keeps each file's provider, as the
loader built it, keyed by the file's path, size and modification time, in the user cache folder:
one cache file per catalog folder, so a large folder used once does not slow down the starts that
do not use it. Only a file that passed validation is stored, so a broken file is read and reported
on every start. A cache is dropped whole when the loader changes (the stamp of `catalog.py` is in
it). Any problem with the cache (missing, corrupt, unwritable, a row that does not fit) just means
reading the file again.
"""

from __future__ import annotations

import binascii
import json
import os
import sys
from pathlib import Path
from typing import Any

CACHE_NAME = "catalog-cache"
CACHE_VERSION = 2
LOADER = Path(__file__).with_name("catalog.py")


def default_cache_dir() -> Path:
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
    """Validated providers by file, as JSON rows, one cache file per catalog folder, each read on
    first use; `save()` writes the ones something was added to."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_cache_dir()
        self.shelves: dict[str, dict[str, Any]] = {}  # catalog folder -> file path -> entry
        self.changed: set[str] = set()  # catalog folders whose shelf has something new
        self.loader: list[int] | None = None  # the loader's stamp; None: cannot tell, so no cache
        try:
            self.loader = _stamp(LOADER)
        except OSError:
            pass

    def path(self, catalog: str) -> Path:
        """The cache file of one catalog folder (its name a checksum of the folder's path)."""
        return self.folder / f"{binascii.crc32(os.fsencode(catalog)):08x}.json"

    def shelf(self, catalog: str) -> dict[str, Any]:
        """The entries of one catalog folder, read from its cache file on first use."""
        entries = self.shelves.get(catalog)
        if entries is None:
            entries = {}
            try:
                data = json.loads(self.path(catalog).read_bytes()) if self.loader else {}
                if (data.get("version") == CACHE_VERSION and data.get("loader") == self.loader
                        and data.get("folder") == catalog and isinstance(data.get("files"), dict)):
                    entries = data["files"]
            except (OSError, ValueError, AttributeError):
                pass
            self.shelves[catalog] = entries
        return entries

    def get(self, file: Path) -> list[Any] | None:
        """The row stored for `file`, if the file is unchanged since."""
        name = os.path.abspath(file)
        entry = self.shelf(os.path.dirname(name)).get(name)
        try:
            if isinstance(entry, dict) and entry.get("stamp") == _stamp(name) and isinstance(entry.get("row"), list):
                return entry["row"]
        except OSError:
            pass
        return None

    def put(self, file: Path, row: list[Any]) -> None:
        name = os.path.abspath(file)
        catalog = os.path.dirname(name)
        try:
            self.shelf(catalog)[name] = {"stamp": _stamp(name), "row": row}
        except OSError:
            return
        self.changed.add(catalog)

    def save(self) -> None:
        """Write the cache files something was added to, dropping files that no longer exist."""
        if self.loader is None or not self.changed:
            return
        import tempfile  # only when writing: it pulls in shutil, random and more

        for catalog in sorted(self.changed):
            entries = {name: entry for name, entry in self.shelves[catalog].items() if os.path.exists(name)}
            temp = None
            try:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".catalog-", suffix=".tmp")
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump({"version": CACHE_VERSION, "loader": self.loader, "folder": catalog, "files": entries},
                              handle, default=str)  # dates, the only values JSON lacks, as ISO text
                os.replace(temp, self.path(catalog))
            except OSError:  # a cache that cannot be written is only a slower next start
                if temp is not None:
                    Path(temp).unlink(missing_ok=True)
        self.changed.clear()
