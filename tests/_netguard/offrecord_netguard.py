"""No network for offrecord's tests: creating an internet socket or resolving a name raises.

Used twice: by the autouse fixture in tests/conftest.py (this process, undone after each test) and
by `sitecustomize.py` beside this file, which every Python the tests start loads, because the
fixture puts this folder on PYTHONPATH. AF_UNIX sockets keep working: asyncio's event loop (and so
Textual's Pilot) wakes itself through a socketpair.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

INET = (socket.AF_INET, socket.AF_INET6)
LOG_ENV = "OFFRECORD_NETGUARD_LOG"
NAME_LOOKUPS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo")


class NetworkBlocked(RuntimeError):
    """A test (or the code under test) tried to reach the network."""


def patches(report: Callable[[str], None]) -> list[tuple[Any, str, Any]]:
    """(object, attribute, replacement) triples; `report` records an attempt (then it is refused)."""
    original_init = socket.socket.__init__

    def refuse(what: str) -> NetworkBlocked:
        report(what)
        return NetworkBlocked(f"offrecord tests: network blocked ({what})")

    def guarded_init(self: socket.socket, family: int = -1, type: int = -1, proto: int = -1,
                     fileno: int | None = None) -> None:
        if fileno is None and (family == -1 or family in INET):  # -1 means AF_INET
            raise refuse(f"socket.socket(family={family})")
        original_init(self, family, type, proto, fileno)
        if self.family in INET:  # an internet socket adopted from a file descriptor
            self.detach()
            raise refuse(f"socket.socket(fileno={fileno})")

    def guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        raise refuse(f"socket.create_connection({address!r})")

    def lookup(name: str) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            raise refuse(f"socket.{name}{args!r}")
        return guarded

    return [
        (socket.socket, "__init__", guarded_init),
        (socket, "create_connection", guarded_create_connection),
        *((socket, name, lookup(name)) for name in NAME_LOOKUPS),
    ]
