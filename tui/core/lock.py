"""One change to the record at a time, across every running copy of offrecord.

The lock is an exclusive `flock` on a file beside the record, held for one read-modify-write;
the kernel drops it when its holder closes the file or dies, so a crash never leaves it stuck.
On POSIX it is taken directly: a tick in the TUI waits on it, and filelock spent about half a
millisecond a change on bookkeeping this does not need. Windows has no `flock`; filelock
(installed only there) does the same job.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

POLL_SECONDS = 0.02
TIMED_OUT = "another offrecord holds the lock for too long; try again"


class LockError(Exception):
    """The lock could not be taken; the message says why (without the record's path)."""


@contextmanager
def exclusive(path: str, timeout: float) -> Iterator[bool]:
    """Hold the lock on `path` (created owner-only) for the body, or raise LockError. Yields True
    when this call created the lock file. A symbolic link is never followed to make or open it."""
    if sys.platform == "win32":  # pragma: no cover - CI runs on Linux
        with _filelock(path, timeout):
            yield False
        return
    import fcntl

    fd, created = _open_lock(path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockError(TIMED_OUT) from None
                time.sleep(POLL_SECONDS)
            except OSError as error:  # a file system without locks
                raise LockError(f"cannot write the record: cannot lock {path}: {error.strerror}") from None
        yield created
    finally:
        os.close(fd)  # releases the lock


def _open_lock(path: str) -> tuple[int, bool]:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        try:
            return os.open(path, flags | os.O_EXCL, 0o600), True
        except FileExistsError:
            return os.open(path, flags, 0o600), False
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LockError(f"cannot write the record: {path} is a symbolic link, which offrecord does not "
                            "follow; remove it") from None
        raise LockError(f"cannot write the record: cannot create {path}: {error.strerror}") from None


@contextmanager
def _filelock(path: str, timeout: float) -> Iterator[None]:  # pragma: no cover - Windows only
    from filelock import FileLock, Timeout

    lock = FileLock(path, timeout=timeout, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise LockError(TIMED_OUT) from None
    except OSError as error:
        raise LockError(f"cannot write the record: cannot create {path}: {error.strerror}") from None
    try:
        yield
    finally:
        lock.release()
