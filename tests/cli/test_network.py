"""Never phones home: the code imports nothing that talks to a network, and the tests prove it.

The autouse `no_network` fixture (tests/conftest.py) blocks internet sockets in this process and,
through tests/_netguard/sitecustomize.py on PYTHONPATH, in every Python a test starts. These tests
show that the guard really bites, in both places, and that local (AF_UNIX) sockets still work.
"""

from __future__ import annotations

import ast
import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests._netguard.offrecord_netguard import NetworkBlocked

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tui", "providers", "screens")
FORBIDDEN = {"urllib", "urllib3", "http", "socket", "ssl", "requests", "httpx", "aiohttp", "websocket", "websockets",
             "ftplib", "smtplib", "poplib", "imaplib", "telnetlib", "xmlrpc", "socketserver", "asyncssh", "paramiko"}
FORBIDDEN_CALLS = {"open_connection", "create_connection", "create_datagram_endpoint", "start_server", "urlopen"}


def network_uses(source: str) -> list[str]:
    """Imports of network modules (also through __import__ / importlib) and asyncio's network calls."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in FORBIDDEN_CALLS:
                found.append(f"line {node.lineno}: {called}()")
            if called in ("__import__", "import_module") and node.args and isinstance(node.args[0], ast.Constant):
                names = [str(node.args[0].value)]
        found += [f"line {node.lineno}: {name}" for name in names if name.split(".")[0] in FORBIDDEN]
    return found


def test_the_checker_finds_network_imports() -> None:
    assert network_uses("import urllib.request") and network_uses("from http import client")
    assert network_uses("import httpx as h") and network_uses("import os, socket")
    assert network_uses("importlib.import_module('requests')") and network_uses("__import__('ssl')")
    assert network_uses("await asyncio.open_connection('x', 1)")
    assert not network_uses("import webbrowser, json\nfrom .http_words import x\nfrom tui import store")


def test_no_module_of_offrecord_imports_a_network_library() -> None:
    files = [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    assert len(files) > 10
    found = {str(path.relative_to(ROOT)): uses for path in files if (uses := network_uses(path.read_text()))}
    assert found == {}


def test_internet_sockets_are_blocked_here(no_network: list[str]) -> None:
    with pytest.raises(NetworkBlocked):
        socket.socket()
    with pytest.raises(NetworkBlocked):
        socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(NetworkBlocked):
        socket.gethostbyname("localhost")
    with pytest.raises(NetworkBlocked):
        asyncio.run(asyncio.open_connection("127.0.0.1", 9))
    assert len(no_network) == 6
    no_network.clear()  # these attempts were the point


def test_local_sockets_and_the_event_loop_still_work() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ping")
        assert right.recv(4) == b"ping"
    assert asyncio.run(asyncio.sleep(0, result="ran")) == "ran"


def test_internet_sockets_are_blocked_in_subprocesses(no_network: list[str]) -> None:
    code = ("import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
            "except Exception as error:\n    print(type(error).__name__)\n"
            "import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9', timeout=1)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "NetworkBlocked", "the first attempt is refused even if swallowed"
    assert result.returncode != 0 and "network blocked" in result.stderr
    log = Path(os.environ["OFFRECORD_NETGUARD_LOG"])
    attempts = log.read_text().splitlines()
    assert len(attempts) == 2 and "create_connection" in attempts[0], attempts
    log.unlink()  # these attempts were the point


def test_the_shell_commands_run_under_the_guard(db_path: Path) -> None:
    code = "import sys, socket\nfrom tui.cli import main\nprint(socket.socket.__init__.__name__)\nsys.exit(main())"
    result = subprocess.run([sys.executable, "-c", code, "mark", "alpha/training-off", "--db", str(db_path),
                             "--catalog", str(ROOT / "tests" / "fixtures" / "catalog"), "--catalog-only"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "guarded_init"
