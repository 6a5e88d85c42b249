"""A maintainer's link checker: request every source and step URL of the catalog, list what fails
or lands somewhere else.

Separate from the app, which never touches the network: run it by hand before a catalog review.

    python tests/tools/check_links.py                 # the shipped catalog
    python tests/tools/check_links.py --catalog DIR   # plus (or, with --catalog-only, only) a folder

It prints one line per problem, `FAIL` (an HTTP error or no answer) or `MOVED` (a redirect to
another page: not the same URL give or take a trailing slash), with the providers and steps that
use the URL, then a count; exit 0 when every link answered where it was, 1 otherwise. Sites that
refuse robots (403, 429) are listed as failures too: open those by hand.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) offrecord-link-check/1"


class Result(NamedTuple):
    url: str
    status: int | None  # the HTTP status, None when nothing answered
    final: str  # where the request ended after redirects
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None or self.status is None or self.status >= 400

    @property
    def moved(self) -> bool:
        return not self.failed and _same_page(self.url, self.final) is False


def _same_page(a: str, b: str) -> bool:
    """The same URL give or take a trailing slash, the scheme's case and an empty query."""
    one, two = urlsplit(a), urlsplit(b)
    return (one.netloc.lower(), one.path.rstrip("/"), one.query) == (two.netloc.lower(), two.path.rstrip("/"), two.query)


def fetch(url: str, timeout: float) -> Result:
    """HEAD first (cheap); many sites refuse HEAD, so a GET of the first bytes when it fails."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)
                return Result(url, response.status, response.geturl())
        except urllib.error.HTTPError as error:
            if method == "GET" or error.code not in (403, 405, 501):
                return Result(url, error.code, error.geturl() or url, f"HTTP {error.code}")
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return Result(url, None, url, str(reason))
    raise AssertionError("unreachable")


def check(urls: Iterable[str], timeout: float = 15, workers: int = 8,
          fetcher: Callable[[str, float], Result] = fetch) -> list[Result]:
    """Every URL's result, in the order given."""
    urls = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda url: fetcher(url, timeout), urls))


def catalog_urls(folders: list[Path], catalog_only: bool) -> dict[str, list[str]]:
    """Each URL of the catalog with where it is used: `provider` for a source, `provider/step` for a
    step's link, form or legal source."""
    sys.path.insert(0, str(ROOT))
    from tui.core.catalog import BUILTIN_DIR, load_catalog

    catalog = load_catalog(folders, builtin=None if catalog_only else BUILTIN_DIR)
    used: dict[str, list[str]] = {}
    for provider in catalog.providers:
        for source in provider.sources:
            used.setdefault(source.url, []).append(provider.id)
        for step in provider.steps:
            links = [step.url, step.request.send_to if step.request else None]
            for link in links:
                if link and link.startswith("https://"):
                    used.setdefault(link, []).append(f"{provider.id}/{step.id}")
    return used


def report(results: list[Result], used: dict[str, list[str]]) -> list[str]:
    lines = []
    for result in results:
        where = ", ".join(used.get(result.url, []))
        if result.failed:
            lines.append(f"FAIL  {result.error or result.status}  {result.url}  ({where})")
        elif result.moved:
            lines.append(f"MOVED {result.status}  {result.url} -> {result.final}  ({where})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every link of the offrecord catalog (uses the network).")
    parser.add_argument("--catalog", metavar="DIR", action="append", default=[], help="a folder of extra provider files")
    parser.add_argument("--catalog-only", action="store_true", help="only the --catalog folders")
    parser.add_argument("--timeout", type=float, default=15, help="seconds to wait for each answer")
    parser.add_argument("--workers", type=int, default=8, help="requests at once")
    args = parser.parse_args(argv)
    used = catalog_urls([Path(folder) for folder in args.catalog], args.catalog_only)
    results = check(used, args.timeout, args.workers)
    problems = report(results, used)
    print("\n".join(problems) if problems else "every link answered where it was")
    print(f"{len(results)} links checked, {len(problems)} to look at", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
