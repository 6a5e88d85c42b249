"""Reading files offrecord did not write, and writing outputs where the person asked, safely.

A path given to offrecord may be an accident: a FIFO that never ends, a link to `/dev/zero`, a
summary of half a gigabyte, or an output that is the record itself. Reads take regular files only,
up to a size; outputs never land on the record, its lock or an input, and replace an existing file
only when asked to (`--force`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from tui.core.clean import one_line


class FileProblem(Exception):
    """A file that cannot be read or written as asked; the message is one line naming it."""


def reason(error: OSError) -> str:
    """An OSError in words fit for one line: a loop of links is not "no such file"."""
    if error.errno == errno.ELOOP:
        return "a symbolic link that loops (or points through itself)"
    return one_line(error.strerror or str(error))


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Anything else raises OSError: a folder
    IsADirectoryError, another kind of file or a larger one an OSError whose `strerror` says so.
    Opened without blocking, so a FIFO is refused instead of waiting forever for a writer."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        if not stat.S_ISREG(mode):
            raise OSError(0, "not a regular file")
        chunks, size = [], 0
        while size <= limit:  # the file may have grown since it was opened
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise OSError(errno.EFBIG, f"larger than {_size(limit)}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MB" if count >= 1024 * 1024 else f"{count // 1024} KB"


def _identity(path: str | os.PathLike[str]) -> tuple[str, tuple[int, int] | None]:
    """Where a path really leads: its resolved name, and its device and inode when it exists (a
    hard link has another name but the same inode)."""
    real = os.path.realpath(path)
    try:
        info = os.stat(real)
    except OSError:
        return real, None
    return real, (info.st_dev, info.st_ino)


def write_output(path: str | os.PathLike[str], data: bytes, protected: Iterable[str | os.PathLike[str]],
                 force: bool = False, private: bool = False) -> None:
    """Write `data` to `path`, refusing a path that leads to any of `protected` (the record, its
    lock, the inputs), and an existing file unless `force`. A new file is readable by others
    (a summary is for sharing) unless `private`. Raises FileProblem."""
    name = one_line(os.fspath(path))
    real, inode = _identity(path)
    for other in protected:
        other_real, other_inode = _identity(other)
        if real == other_real or (inode is not None and inode == other_inode):
            raise FileProblem(f"{name}: is {one_line(os.fspath(other))}, which offrecord reads; choose another file")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o600 if private else 0o644)
    except FileExistsError:
        raise FileProblem(f"{name}: already exists; add --force to replace it") from None
    except OSError as error:
        raise FileProblem(f"{name}: cannot write: {reason(error)}") from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as error:
        raise FileProblem(f"{name}: cannot write: {reason(error)}") from None
    finally:
        os.close(fd)


def unused_name(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem.suffix`, or `stem-2.suffix`, `stem-3.suffix`... the first that does not exist."""
    candidate, number = folder / f"{stem}.{suffix}", 1
    while os.path.lexists(candidate):
        number += 1
        candidate = folder / f"{stem}-{number}.{suffix}"
    return candidate
