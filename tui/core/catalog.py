"""Load and validate provider files into frozen records.

One TOML file per provider; `providers/README.md` documents every field. Nothing here imports
Textual: the shell commands and the tests use it directly. Provider files may come from anyone
(`--catalog`), so every value is checked: known fields only, no control or bidi characters, links
that are https (or, where a request is sent, mailto), and no nesting or size beyond reason.

The records here, in the store and in progress are NamedTuples rather than frozen dataclasses:
`dataclasses` imports `inspect` and builds every class with `exec`, a cost every shell command would
pay (tests/perf/README.md) on a start-up that `offrecord status` keeps near a bare
`python -c "import tinydb"`.
"""

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from tui.core.catalog_cache import ProviderCache
from tui.core.clean import UNSAFE
from tui.core.files import read_regular_file, reason

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "providers"  # the data files, shipped beside this package
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")  # used with fullmatch: "$" lets "id\n" through
STEP_KINDS = ("setting", "request", "habit", "cleanup")
CATEGORIES = ("chat", "voice", "social", "workplace", "email", "developer", "creative", "device")
DEFAULTS = ("on", "off", "no-opt-out", "unclear")
PLATFORMS = ("web", "ios", "android", "windows", "macos")
PLATFORM_NAMES = {"web": "Web", "ios": "iPhone and iPad", "android": "Android", "windows": "Windows", "macos": "Mac"}
REGIONS = {
    "eu": "EU and EEA",
    "uk": "United Kingdom",
    "ch": "Switzerland",
    "br": "Brazil",
    "us": "United States",
    "ca": "Canada",
    "au": "Australia",
    "in": "India",
    "jp": "Japan",
    "kr": "South Korea",
    "cn": "China",
    "il": "Israel",
    "ng": "Nigeria",
    "vn": "Vietnam",
}
PLACEHOLDERS = ("name", "email", "account", "date", "service", "company")
DEFAULT_RANK = 100
MAX_FILE_BYTES = 256 * 1024  # the largest shipped file is about 10 KB
MAX_DEPTH = 8  # a provider file nests three levels: a step's `paths` table is the deepest

_URL = re.compile(r"https://[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]{1,5})?(/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*)?",
                  re.IGNORECASE)
_MAILTO = re.compile(r"mailto:[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+(\?[A-Za-z0-9\-._~%&=+]*)?",
                     re.IGNORECASE)
_TAB = re.compile(r"\t")
_DOMAIN = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

_TYPE_NAMES: dict[type, str] = {
    str: "a string", int: "an integer", dt.date: "a date (YYYY-MM-DD)", list: "a list", dict: "a table",
}

_PROVIDER_FIELDS = ("id", "name", "company", "reviewed", "rank", "category", "summary", "default_training", "risk",
                    "not_covered", "unverified", "domains", "only_in", "not_in", "applies", "sources", "steps")
_APPLIES_FIELDS = ("accounts", "regions")
_SOURCE_FIELDS = ("url", "title", "read", "published")
_STEP_FIELDS = ("id", "kind", "title", "label", "no_label", "path", "paths", "how", "url", "source", "source_note",
                "applies_to", "only_in", "not_in", "stale_after_days", "changed", "change_note", "unverified",
                "send_to", "legal_basis", "legal_source", "response_days", "template")
_REQUEST_FIELDS = ("send_to", "legal_basis", "legal_source", "response_days", "template")
_MULTILINE = ("risk", "how", "template")


class CatalogError(ValueError):
    """A provider file that cannot be used; the message names the file and the field."""


def unsafe_character(text: str) -> str | None:
    """The first character of `text` that has no place in catalog text, as `U+XXXX`, or None: the
    ones `tui.core.clean` would replace, and tabs (a newline is allowed only in multi-line fields)."""
    found = UNSAFE.search(text) or _TAB.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def host_of(url: str) -> str:
    """The host of an https URL, lower case."""
    return url.split("//", 1)[-1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split(":", 1)[0].lower()


def on_domains(url: str, domains: Iterable[str]) -> bool:
    """True when the URL's host is one of `domains` or below one of them."""
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in domains)


class Source(NamedTuple):
    """A page a provider's facts come from, with the day it was read for the catalog."""

    url: str
    title: str
    read: dt.date
    published: dt.date | None = None


class Request(NamedTuple):
    """Where a request step is sent, on what legal basis, how long the company has to answer, and a
    template of the request with `{name}`-style placeholders (see PLACEHOLDERS)."""

    send_to: str | None = None
    legal_basis: str | None = None
    legal_source: str | None = None
    response_days: int | None = None
    template: str | None = None


class Step(NamedTuple):
    """One thing to do for a provider: a setting, a request, a habit or a cleanup.

    `id` is stable across rewordings: a person's record is keyed by it. `paths` holds the click
    path per platform, `only_in` / `not_in` the region codes (REGIONS) where the step does or
    does not apply (empty: everywhere).
    """

    id: str
    kind: str
    title: str
    how: str
    source: str
    label: str | None = None
    no_label: str | None = None
    path: str | None = None
    url: str | None = None
    applies_to: str | None = None
    stale_after_days: int | None = None
    changed: dt.date | None = None
    change_note: str | None = None
    unverified: str | None = None
    source_note: str | None = None
    paths: tuple[tuple[str, str], ...] = ()
    only_in: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()
    request: Request | None = None

    @property
    def fingerprint(self) -> str:
        """A short hash of what the person is asked to do; rewording the title leaves it alone.
        Platform paths join the hash only when a step has them, so adding the field to the format
        left every other step's hash as it was."""
        basis: list[Any] = [self.kind, self.label, self.path, self.how, self.url]
        if self.paths:
            basis.append(list(self.paths))
        import hashlib  # only the TUI and `mark` need fingerprints

        return hashlib.sha256(json.dumps(basis).encode()).hexdigest()[:12]


class Provider(NamedTuple):
    """One AI service: why it matters (`summary`, `risk`, `not_covered`), who it applies to, its
    sources and its steps. `domains` are the company's own web domains: a source on them is the
    company speaking."""

    id: str
    name: str
    company: str
    reviewed: dt.date
    category: str
    summary: str
    default_training: str
    risk: str
    not_covered: tuple[str, ...]
    accounts: tuple[str, ...]
    regions: tuple[str, ...]
    sources: tuple[Source, ...]
    steps: tuple[Step, ...]
    rank: int = DEFAULT_RANK
    unverified: str | None = None
    domains: tuple[str, ...] = ()
    only_in: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()
    origin: Path | None = None

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)


class Catalog(NamedTuple):
    """Providers in display order (rank, then name)."""

    providers: tuple[Provider, ...]
    skipped_files: tuple[str, ...] = ()

    def get(self, provider_id: str) -> Provider | None:
        return next((p for p in self.providers if p.id == provider_id), None)

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.providers]

    @property
    def version(self) -> str:
        """The newest review date: tells a summary reader how fresh the catalog was."""
        return max((p.reviewed for p in self.providers), default=dt.date.min).isoformat()


class _Fields:
    """Typed access to one TOML table, raising CatalogError that names file and field."""

    def __init__(self, table: Mapping[str, Any], where: str, known: Iterable[str]) -> None:
        self.table = table
        self.where = where
        unknown = sorted(set(table) - set(known))
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise self.fail(_shown(unknown[0]), f"is not a known field{hint}")

    def fail(self, field: str, problem: str) -> CatalogError:
        return CatalogError(f"{self.where}: field '{field}' {problem}")

    def get(self, field: str, kind: type, required: bool) -> Any:
        if field not in self.table:
            if required:
                raise self.fail(field, "is missing")
            return None
        value = self.table[field]
        # bool is an int in Python; TOML datetimes are dates too: keep them apart.
        wrong_bool = isinstance(value, bool) and kind is int
        wrong_datetime = isinstance(value, dt.datetime) and kind is dt.date
        if not isinstance(value, kind) or wrong_bool or wrong_datetime:
            raise self.fail(field, f"must be {_TYPE_NAMES[kind]}")
        if isinstance(value, str):
            self.check_text(field, value, required)
        return value

    def check_text(self, field: str, value: str, required: bool = True) -> None:
        allowed = value.replace("\n", "") if field in _MULTILINE else value
        bad = unsafe_character(allowed)
        if bad:
            raise self.fail(field, f"holds the invisible or control character {bad}")
        if required and not any(c.isalnum() for c in value):
            raise self.fail(field, "must not be empty (it needs a letter or a digit)")

    def text(self, field: str) -> str:
        return self.get(field, str, True)

    def maybe_text(self, field: str) -> str | None:
        return self.get(field, str, False)

    def date(self, field: str) -> dt.date:
        value = self.maybe_date(field, required=True)
        assert value is not None
        return value

    def maybe_date(self, field: str, required: bool = False) -> dt.date | None:
        value = self.get(field, dt.date, required)
        if value is not None and not dt.date(2000, 1, 1) <= value <= dt.date(2100, 12, 31):
            raise self.fail(field, f"{value.isoformat()} is not a plausible date (2000 to 2100)")
        return value

    def ident(self, field: str) -> str:
        value = self.get(field, str, True)
        if not ID_PATTERN.fullmatch(value) or len(value) > 64:
            raise self.fail(field, f"{_shown(value)!r} must be lowercase letters, digits and dashes")
        return value

    def url(self, field: str) -> str:
        value = self.maybe_url(field, required=True)
        assert value is not None
        return value

    def maybe_url(self, field: str, required: bool = False, mailto: bool = False) -> str | None:
        value = self.get(field, str, required)
        if value is None:
            return None
        if (_URL.fullmatch(value) or (mailto and _MAILTO.fullmatch(value))) and len(value) <= 2000:
            return value
        kinds = "an https:// URL or a mailto: address" if mailto else "an https:// URL"
        raise self.fail(field, f"{_shown(value)!r} must be {kinds}")

    def choice(self, field: str, choices: Iterable[str]) -> str:
        value = self.get(field, str, True)
        if value not in choices:
            raise self.fail(field, f"{_shown(value)!r} must be one of: {', '.join(choices)}")
        return value

    def integer(self, field: str, low: int, high: int) -> int | None:
        value = self.get(field, int, required=False)
        if value is not None and not low <= value <= high:
            raise self.fail(field, f"must be from {low} to {high}")
        return value

    def strings(self, field: str, required: bool = True) -> tuple[str, ...]:
        value = self.get(field, list, required) or []
        if not all(isinstance(item, str) for item in value):
            raise self.fail(field, "must be a list of non-empty strings")
        for item in value:
            self.check_text(field, item)
        return tuple(value)

    def codes(self, field: str, choices: Iterable[str]) -> tuple[str, ...]:
        """A list of codes, each one of `choices`."""
        values = self.strings(field, required=False)
        for value in values:
            if value not in choices:
                raise self.fail(field, f"{_shown(value)!r} must be one of: {', '.join(choices)}")
        return values

    def tables(self, field: str, known: Iterable[str]) -> list["_Fields"]:
        value = self.get(field, list, True)
        if not value:
            raise self.fail(field, "must list at least one entry")
        if not all(isinstance(item, dict) for item in value):
            raise self.fail(field, "must be an array of tables ([[" + field + "]])")
        return [_Fields(item, f"{self.where}: {field}[{n}]", known) for n, item in enumerate(value, 1)]


def _shown(text: str) -> str:
    """A value quoted in an error: control characters as escapes, at most 80 characters."""
    text = text if len(text) <= 80 else text[:77] + "..."
    return "".join(c if not unsafe_character(c) and c != "\n" else f"\\u{ord(c):04x}" for c in text)


def _source(fields: _Fields) -> Source:
    return Source(
        url=fields.url("url"),
        title=fields.text("title"),
        read=fields.date("read"),
        published=fields.maybe_date("published"),
    )


def _paths(fields: _Fields) -> tuple[tuple[str, str], ...]:
    table = fields.get("paths", dict, required=False)
    if table is None:
        return ()
    paths = _Fields(table, f"{fields.where}: paths", PLATFORMS)
    found = tuple((platform, path) for platform in PLATFORMS if (path := paths.maybe_text(platform)))
    if not found:
        raise fields.fail("paths", f"must give at least one of: {', '.join(PLATFORMS)}")
    return found


def _request(fields: _Fields, kind: str, source_urls: set[str]) -> Request | None:
    given = [name for name in _REQUEST_FIELDS if name in fields.table]
    if not given:
        return None
    if kind != "request":
        raise fields.fail(given[0], "belongs to a step of kind 'request' only")
    legal_source = fields.maybe_url("legal_source")
    if legal_source is not None and legal_source not in source_urls:
        raise fields.fail("legal_source", f"{legal_source!r} is not one of the provider's [[sources]] urls")
    if "legal_basis" in fields.table and legal_source is None:
        raise fields.fail("legal_source", "is missing (a legal basis needs its source)")
    template = fields.maybe_text("template")
    for name in _PLACEHOLDER.findall(template or ""):
        if name not in PLACEHOLDERS:
            raise fields.fail("template", f"has the placeholder {{{_shown(name)}}}; use only "
                                          + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS))
    return Request(
        send_to=fields.maybe_url("send_to", mailto=True),
        legal_basis=fields.maybe_text("legal_basis"),
        legal_source=legal_source,
        response_days=fields.integer("response_days", 1, 365),
        template=template,
    )


def _step(fields: _Fields, source_urls: set[str], domains: tuple[str, ...]) -> Step:
    step_id = fields.ident("id")
    fields.where = f"{fields.where} ('{step_id}')"
    label = fields.maybe_text("label")
    no_label = fields.maybe_text("no_label")
    if not label and not no_label:
        raise fields.fail("label", "is missing (give the control's label, or no_label with the reason)")
    source = fields.url("source")
    if source not in source_urls:
        raise fields.fail("source", f"{source!r} is not one of the provider's [[sources]] urls")
    source_note = fields.maybe_text("source_note")
    if not on_domains(source, domains) and not source_note:
        raise fields.fail("source", f"{source!r} is not on the provider's own domains "
                                    f"({', '.join(domains)}); cite the company's page, or say why not in 'source_note'")
    kind = fields.choice("kind", STEP_KINDS)
    return Step(
        id=step_id,
        kind=kind,
        title=fields.text("title"),
        how=fields.text("how"),
        source=source,
        label=label,
        no_label=no_label,
        path=fields.maybe_text("path"),
        url=fields.maybe_url("url"),
        applies_to=fields.maybe_text("applies_to"),
        stale_after_days=fields.integer("stale_after_days", 1, 3650),
        changed=fields.maybe_date("changed"),
        change_note=fields.maybe_text("change_note"),
        unverified=fields.maybe_text("unverified"),
        source_note=source_note,
        paths=_paths(fields),
        only_in=fields.codes("only_in", REGIONS),
        not_in=fields.codes("not_in", REGIONS),
        request=_request(fields, kind, source_urls),
    )


def _domains(top: _Fields) -> tuple[str, ...]:
    domains = top.strings("domains")
    if not domains:
        raise top.fail("domains", "must list at least one of the company's own domains, e.g. \"example.com\"")
    for domain in domains:
        if not _DOMAIN.fullmatch(domain):
            raise top.fail("domains", f"{_shown(domain)!r} must be a bare lower-case domain such as \"example.com\"")
    return domains


def parse_provider(data: Mapping[str, Any], where: str, origin: Path | None = None) -> Provider:
    """Validate one provider's parsed TOML; `where` names it in errors."""
    if _depth(data) > MAX_DEPTH:
        raise CatalogError(f"{where}: nested deeper than a provider file ever is")
    top = _Fields(data, where, _PROVIDER_FIELDS)
    applies = _Fields(top.get("applies", dict, True), f"{where}: applies", _APPLIES_FIELDS)
    domains = _domains(top)
    sources = tuple(_source(item) for item in top.tables("sources", _SOURCE_FIELDS))
    if not any(on_domains(source.url, domains) for source in sources):
        raise top.fail("sources", f"must cite at least one page on the provider's own domains ({', '.join(domains)})")
    urls = {source.url for source in sources}
    steps = tuple(_step(item, urls, domains) for item in top.tables("steps", _STEP_FIELDS))
    seen: set[str] = set()
    for step in steps:
        if step.id in seen:
            raise top.fail("steps", f"has the step id '{step.id}' twice")
        seen.add(step.id)
    rank = top.integer("rank", -1000, 1000)
    return Provider(
        id=top.ident("id"),
        name=top.text("name"),
        company=top.text("company"),
        reviewed=top.date("reviewed"),
        category=top.choice("category", CATEGORIES),
        summary=top.text("summary"),
        default_training=top.choice("default_training", DEFAULTS),
        risk=top.text("risk"),
        not_covered=top.strings("not_covered"),
        accounts=applies.strings("accounts"),
        regions=applies.strings("regions"),
        sources=sources,
        steps=steps,
        rank=DEFAULT_RANK if rank is None else rank,
        unverified=top.maybe_text("unverified"),
        domains=domains,
        only_in=top.codes("only_in", REGIONS),
        not_in=top.codes("not_in", REGIONS),
        origin=origin,
    )


def _depth(value: Any) -> int:
    """How deeply tables and lists nest, counted without recursion (a hostile file may nest 500 deep)."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, depth = pending.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        pending.extend((child, depth + 1) for child in children)
    return deepest


def load_file(path: Path, cache: ProviderCache | None = None) -> Provider:
    """Read and validate one provider file, or take it from `cache` when the file is unchanged."""
    row = cache.get(path) if cache else None
    if row is not None:
        try:
            return _from_row(row, path)
        except (TypeError, ValueError):  # a row that does not fit: read the file
            pass
    import tomllib  # only on a cache miss: the cache spares most runs the parser

    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except OSError as error:
        raise CatalogError(f"{path}: cannot read: {reason(error)}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise CatalogError(f"{path}: not valid TOML: not UTF-8 text (byte {error.start + 1})") from None
    except RecursionError:
        raise CatalogError(f"{path}: not valid TOML: nested far too deeply") from None
    provider = parse_provider(data, str(path), origin=path)
    if path.stem != provider.id:
        raise CatalogError(f"{path}: field 'id' is '{provider.id}' but the file is named '{path.name}'")
    if cache:
        cache.put(path, list(provider[:-1]))  # all but the origin, which is the cache's key
    return provider


def _from_row(row: list[Any], origin: Path) -> Provider:
    """A provider from its cached row: the fields in order, dates as ISO text, tuples as lists (see
    `load_file`). A row of another shape raises ValueError or TypeError; the rows are the loader's
    own output, so the values are not checked again."""
    (pid, name, company, reviewed, category, summary, default, risk, not_covered, accounts, regions, sources,
     steps, rank, unverified, domains, only_in, not_in) = row  # a row of another length raises ValueError here
    return Provider(
        pid, name, company, dt.date.fromisoformat(reviewed), category, summary, default, risk, tuple(not_covered),
        tuple(accounts), tuple(regions),
        tuple(Source(url, title, dt.date.fromisoformat(read), _date(published))
              for url, title, read, published in sources),
        tuple(_step_from_row(step) for step in steps), rank, unverified, tuple(domains), tuple(only_in), tuple(not_in),
        origin,
    )


def _step_from_row(row: list[Any]) -> Step:
    (sid, kind, title, how, source, label, no_label, path, url, applies_to, stale, changed, change_note, unverified,
     source_note, paths, only_in, not_in, request) = row
    return Step(sid, kind, title, how, source, label, no_label, path, url, applies_to, stale, _date(changed),
                change_note, unverified, source_note, tuple((platform, text) for platform, text in paths),
                tuple(only_in), tuple(not_in), None if request is None else Request(*request))


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def provider_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def load_catalog(
    extra_dirs: Iterable[Path] = (), builtin: Path | None = BUILTIN_DIR, cache: ProviderCache | None = None
) -> Catalog:
    """Built-in providers (none when `builtin` is None) plus those in `extra_dirs` (same id replaces).

    A broken built-in file is a bug and raises. A broken custom file is skipped and reported in
    `Catalog.skipped_files`, so one bad file never stops the app. A missing or unreadable folder raises.
    `cache` (validated providers by file) is saved back at the end when it learned anything.
    """
    by_id: dict[str, Provider] = {}
    for path in provider_files(builtin) if builtin else ():
        provider = load_file(path, cache)
        by_id[provider.id] = provider
    skipped: list[str] = []
    for folder in extra_dirs:
        for path in _custom_files(folder):
            try:
                provider = load_file(path, cache)
            except CatalogError as error:
                skipped.append(str(error))
                continue
            by_id[provider.id] = provider
    if cache:
        cache.save()
    ordered = sorted(by_id.values(), key=lambda p: (p.rank, p.name.lower()))
    return Catalog(tuple(ordered), tuple(skipped))


def _custom_files(folder: Path) -> list[Path]:
    """The provider files of a `--catalog` folder; a folder that is missing or unreadable raises."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        raise CatalogError(f"{folder}: catalog folder does not exist") from None
    except NotADirectoryError:
        raise CatalogError(f"{folder}: is a file, not a catalog folder") from None
    except OSError as error:
        raise CatalogError(f"{folder}: cannot read the catalog folder: {error.strerror}") from None
    return sorted(folder / name for name in names if name.endswith(".toml"))
