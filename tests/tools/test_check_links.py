"""The maintainer's link checker, against a local HTTP server (it never reaches the internet here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_CATALOG
from tests.tools.check_links import Result, catalog_urls, report

ROOT = Path(__file__).resolve().parents[2]

SERVER_AND_CHECK = r"""
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
sys.path.insert(0, sys.argv[1])
from tests.tools.check_links import check, report

class Pages(BaseHTTPRequestHandler):
    ROUTES = {"/ok": (200, None), "/gone": (404, None), "/moved": (301, "/elsewhere"),
              "/slash": (301, "/slash/"), "/slash/": (200, None), "/elsewhere": (200, None)}

    def answer(self, body):
        if self.path == "/nohead" and self.command == "HEAD":
            self.send_response(405); self.end_headers(); return
        status, location = self.ROUTES.get(self.path, (200 if self.path == "/nohead" else 500, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_port}"
urls = [base + path for path in ("/ok", "/gone", "/moved", "/slash", "/nohead")] + ["http://127.0.0.1:9/closed"]
results = check(urls, timeout=5, workers=3)
print(json.dumps({"base": base, "lines": report(results, {url: ["p/s"] for url in urls})}))
server.shutdown()
"""


def test_failures_and_moves_are_listed_against_a_local_server(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key != "PYTHONPATH" and not key.lower().endswith("_proxy")}  # no network guard: loopback only
    result = subprocess.run([sys.executable, "-c", SERVER_AND_CHECK, str(ROOT)], capture_output=True, text=True,
                            env=env, timeout=60, check=True)
    found = json.loads(result.stdout)
    base = found["base"]
    lines = [line.replace(base, "") for line in found["lines"]]
    assert lines[0] == "FAIL  HTTP 404  /gone  (p/s)"
    assert lines[1] == "MOVED 200  /moved -> /elsewhere  (p/s)"
    assert lines[2].startswith("FAIL  ") and lines[2].endswith("http://127.0.0.1:9/closed  (p/s)")
    assert len(lines) == 3, lines  # /ok, /slash -> /slash/ and /nohead (GET after a refused HEAD) are fine


def test_every_source_step_link_and_form_is_collected() -> None:
    used = catalog_urls([FIXTURE_CATALOG], catalog_only=True)
    assert used == {
        "https://help.alpha.example/privacy": ["alpha"],
        "https://alpha.example/settings/privacy": ["alpha/training-off"],
        "https://beta.example/privacy": ["beta"],
    }


def test_a_clean_run_reports_nothing() -> None:
    assert report([Result("https://a.example/x", 200, "https://a.example/x/")], {}) == []
