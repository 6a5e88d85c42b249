"""A program in a real pseudo-terminal, its output recorded with the time each chunk arrived.

Shared by the end-to-end tests (tests/e2e) and the benchmark (tests/perf/bench.py). Each program
starts in its own session with the pty as its controlling terminal, as a terminal emulator would
start it, at a fixed size; it is reaped with os.wait4, so its peak memory is its own.
"""

from __future__ import annotations

import bisect
import fcntl
import os
import re
import resource
import select
import shutil
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

QUIT_TIMEOUT = 10.0
SETTLE_QUIET = 0.15  # seconds without output that count as "the screen has settled"


class TerminalError(Exception):
    """The program did not show what was expected; the message says what was seen instead."""

# ---------------------------------------------------------------------------------------------
# Children: a program in a pseudo-terminal, and a plain command; both reaped with os.wait4 so each
# run's peak memory is that child's own.
# ---------------------------------------------------------------------------------------------

_LIVE: set[int] = set()  # process groups started and not yet reaped


def _kill_group(pid: int) -> None:
    """Kill a child started here and its process group (it leads its own session)."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def kill_all_children() -> None:
    for pid in list(_LIVE):
        _kill_group(pid)
        try:
            if reap(pid, QUIT_TIMEOUT) is None:
                print(f"bench: process {pid} did not end when killed", file=sys.stderr)
        except ChildProcessError:
            pass
        _LIVE.discard(pid)


def track(pid: int) -> None:
    """A child started elsewhere (a plain command), to be killed with the rest when things go wrong."""
    _LIVE.add(pid)


_PEAKS: dict[int, int] = {}  # pid -> the highest VmHWM read while it ran (Linux)


def note_peak(pid: int) -> None:
    """Read the process's own peak resident memory (VmHWM, Linux) while it still runs.

    Not ru_maxrss: a child forked from this benchmark starts with a copy of the benchmark's pages,
    and ru_maxrss keeps that high-water mark across exec, so every child would show at least the
    benchmark's own size. VmHWM belongs to the address space the program got at exec.
    """
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    _PEAKS[pid] = max(_PEAKS.get(pid, 0), int(line.split()[1]) * 1024)
                    return
    except (OSError, ValueError):
        pass


def peak_rss(pid: int, usage: resource.struct_rusage) -> int:
    """The peak noted while `pid` ran; ru_maxrss where /proc is missing (an upper bound)."""
    return _PEAKS.get(pid) or maxrss_bytes(usage)


def reap(pid: int, timeout: float) -> tuple[int, resource.struct_rusage] | None:
    """(exit code, rusage) once `pid` ends within `timeout`, else None (still running)."""
    deadline = time.perf_counter() + timeout
    while True:
        note_peak(pid)
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            _LIVE.discard(pid)
            return os.waitstatus_to_exitcode(status), usage
        if time.perf_counter() >= deadline:
            return None
        time.sleep(0.005)


def kill_and_reap(pid: int) -> tuple[int, resource.struct_rusage]:
    _kill_group(pid)
    _, status, usage = os.wait4(pid, 0)
    _LIVE.discard(pid)
    return os.waitstatus_to_exitcode(status), usage


def maxrss_bytes(usage: resource.struct_rusage) -> int:
    return usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?")


def visible_text(raw: bytes) -> str:
    """The terminal output without escape sequences (for error messages)."""
    return _ESCAPES.sub(b" ", raw).decode("utf-8", "replace")


class Terminal:
    """One program in a new pseudo-terminal (its controlling terminal), with its output recorded.

    A reader thread appends everything the program writes to `buffer` and notes when each chunk
    arrived, so a marker's time is the arrival of the chunk that completed it.
    """

    def __init__(self, argv: Sequence[str], env: dict[str, str], cwd: Path, cols: int = 120, rows: int = 50) -> None:
        self.argv = list(argv)
        self.env = env
        self.cwd = cwd
        self.size = (rows, cols)
        self.buffer = bytearray()
        self._ends: list[int] = []  # buffer length after each chunk
        self._times: list[float] = []  # perf_counter when that chunk was read
        self._cond = threading.Condition()
        self._eof = False
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self.pid = -1
        self.fd = -1
        self.started = 0.0
        self.exit_code: int | None = None
        self.usage: resource.struct_rusage | None = None

    def __enter__(self) -> Terminal:
        if self.pid < 0:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        exe = shutil.which(self.argv[0]) or self.argv[0]
        self.started = time.perf_counter()
        pid, fd = os.forkpty()  # setsid + the pty as controlling terminal, as a terminal emulator does
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", *self.size, 0, 0))
                os.chdir(self.cwd)
                os.execve(exe, self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        _LIVE.add(pid)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if not ready:
                    if self._stop.is_set():
                        chunk = b""
                    else:
                        continue
                else:
                    chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the program closed the terminal
                chunk = b""
            now = time.perf_counter()
            with self._cond:
                if not chunk:
                    self._eof = True
                    self._cond.notify_all()
                    return
                self.buffer += chunk
                self._ends.append(len(self.buffer))
                self._times.append(now)
                self._cond.notify_all()

    @property
    def offset(self) -> int:
        with self._cond:
            return len(self.buffer)

    def send(self, keys: str) -> float:
        """Type `keys`; returns the time just before they were written."""
        now = time.perf_counter()
        os.write(self.fd, keys.encode())
        return now

    def wait_for(self, find: Callable[[bytearray, int], int | None], since: int, what: str,
                 timeout: float) -> float:
        """The arrival time of the output that made `find` succeed (it returns an end offset)."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while True:
                end = find(self.buffer, since)
                if end is not None:
                    return self._times[bisect.bisect_left(self._ends, end)]
                left = deadline - time.perf_counter()
                if self._eof or left <= 0:
                    tail = visible_text(bytes(self.buffer[-3000:]))
                    why = "the program ended" if self._eof else f"nothing after {timeout:.0f} s"
                    raise TerminalError(f"{' '.join(self.argv[-4:])}: waited for {what}, {why}; "
                                     f"last output: {' '.join(tail.split())[-600:]!r}")
                self._cond.wait(left)

    def wait_markers(self, markers: Sequence[str], since: int, timeout: float) -> float:
        """When every marker has appeared (in any order) after `since`."""
        wanted = [m.encode() for m in markers]

        def find(buffer: bytearray, start: int) -> int | None:
            ends = []
            for marker in wanted:
                at = buffer.find(marker, start)
                if at < 0:
                    return None
                ends.append(at + len(marker))
            return max(ends)

        return self.wait_for(find, since, " and ".join(repr(m) for m in markers), timeout)

    def settle(self, quiet: float = SETTLE_QUIET, timeout: float = 5.0) -> None:
        """Wait until the program has written nothing for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while time.perf_counter() < deadline and not self._eof:
                last = self._times[-1] if self._times else self.started
                left = last + quiet - time.perf_counter()
                if left <= 0:
                    return
                self._cond.wait(left)

    def quit(self, keys: str = "q") -> None:
        """Ask the program to quit and reap it; killed if it does not go in time."""
        if self.exit_code is not None:
            return
        note_peak(self.pid)
        try:
            self.send(keys)
        except OSError:
            pass
        reaped = reap(self.pid, QUIT_TIMEOUT)
        if reaped is None:
            raise TerminalError(f"{' '.join(self.argv)}: did not quit within {QUIT_TIMEOUT:.0f} s of {keys!r}")
        self.exit_code, self.usage = reaped

    @property
    def peak_rss(self) -> int:
        if self.usage is None:
            raise TerminalError("the program was not reaped")
        return peak_rss(self.pid, self.usage)

    def text(self, since: int = 0) -> str:
        """What the program wrote since `since`, without escape sequences."""
        with self._cond:
            return visible_text(bytes(self.buffer[since:]))

    def close(self) -> None:
        if self.pid > 0 and self.exit_code is None:
            try:
                self.exit_code, self.usage = kill_and_reap(self.pid)
            except ChildProcessError:  # already reaped by kill_all_children
                self.exit_code = -signal.SIGKILL
        if self.fd >= 0:
            # The reader must be gone before the descriptor is closed: the next terminal may get
            # the same number, and a stray reader would steal its output.
            self._stop.set()
            if self._reader.is_alive():
                self._reader.join()
            os.close(self.fd)
            self.fd = -1
