"""Reading and writing the record file so that it is never half-written or world-readable.

TinyDB's own JSONStorage rewrites the file in place through a long-lived handle; a crash mid-write
corrupts it. Here a save serialises, writes a private temp file beside the record, fsyncs it,
renames it over the record and fsyncs the folder; a read opens the file anew every time and
refuses anything that is not a record rather than returning nothing.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from tui.core.files import read_regular_file, reason


class RecordError(Exception):
    """The record cannot be read or written; the message names the file and says why."""


def _make_dirs(folder: Path) -> None:
    """`mkdir -p` that makes every missing folder owner-only (pathlib gives parents 0o777 & ~umask)."""
    try:
        folder.mkdir(mode=0o700)
    except FileNotFoundError:
        if folder.parent == folder:
            raise
        _make_dirs(folder.parent)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by another process
            if not folder.is_dir():
                raise
    except OSError:
        if not folder.is_dir():
            raise


def ensure_private_dir(folder: Path) -> None:
    """Create the folder (and missing parents) owner-only; refuse a path that is not a folder.

    Folders that exist already are left as they are: they may be the person's own.
    """
    if os.path.isdir(folder):  # every save asks: one stat, not a failed mkdir and its exception
        return
    try:
        _make_dirs(folder)
    except FileExistsError:
        raise RecordError(f"{folder}: is not a folder, so the record cannot be stored there") from None
    except NotADirectoryError:
        raise RecordError(f"{folder}: a part of this path is a file, not a folder") from None
    except OSError as error:
        raise RecordError(f"{folder}: cannot create the folder: {reason(error)}") from None


RECORD_LIMIT = 16 * 1024 * 1024  # a record with every service ticked and noted is a few KB


def read_json(path: Path) -> dict[str, Any] | None:
    """The record's tables, or None when there is no record yet (missing or empty file)."""
    try:
        raw = read_regular_file(path, RECORD_LIMIT)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise RecordError(f"{path}: a part of this path is a file, not a folder") from None
    except IsADirectoryError:
        raise RecordError(f"{path}: is a folder, not a record file") from None
    except OSError as error:
        raise RecordError(f"{path}: cannot read the record: {reason(error)}") from None
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise RecordError(f"{path}: is not an offrecord record (not valid JSON)") from None
    tables_ok = isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
        for table in data.values()
    )
    if not tables_ok:
        raise RecordError(f"{path}: is not an offrecord record (unexpected JSON shape)")
    return data


def check_writable(path: Path) -> None:
    """Refuse to replace a record its owner made read-only (`chmod 400`): that was on purpose."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not mode & stat.S_IWUSR:
        raise RecordError(f"{path}: is read-only, so offrecord leaves it as it is; "
                          f"make it writable (chmod u+w) to record changes")


def write_json_atomically(path: Path, data: Any) -> None:
    """Replace `path` with `data` so that a crash at any point leaves the old or the new file.

    The caller has made the folder and holds the record's lock, so the temp file beside the record
    has one fixed name: a save killed half-way leaves at most that one, which the next save reuses.
    """
    try:
        payload = json.dumps(data, ensure_ascii=False).encode()  # no indent: that is the slow pure-Python encoder
    except UnicodeEncodeError:  # a lone surrogate, as Python decodes a non-UTF-8 byte in a shell argument
        raise RecordError(f"{path}: cannot write the record: some text is not valid Unicode") from None
    write_bytes_atomically(path, payload)


def write_bytes_atomically(path: Path, payload: bytes) -> None:
    """`payload` as the whole of `path`, owner-only, through a temp file renamed over it."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as error:
        raise RecordError(f"{path}: cannot write the record: {reason(error)}") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # a leftover temp file keeps its mode through O_TRUNC
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, path)
    except OSError as error:
        if fd >= 0:
            os.close(fd)
        temp.unlink(missing_ok=True)
        raise RecordError(f"{path}: cannot write the record: {reason(error)}") from None
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


class StagedStorage(Storage):
    """TinyDB storage over one change's tables held in memory; the caller saves them once at the end.

    An intent may take several TinyDB writes (an upsert is an update then an insert; `set_skipped`
    updates then inserts). Staging them makes the whole intent one atomic replace of the file, so a
    crash leaves the record before or after the intent, never half-way through it.
    """

    def __init__(self, data: dict[str, Any] | None) -> None:
        self.data = data
        self.written = False

    def read(self) -> dict[str, Any] | None:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.written = True
