"""Load and validate provider files into frozen records.

One TOML file per provider; `providers/README.md` documents every field. Nothing here imports
Textual: the shell commands and the tests use it directly.

The records here, in the store and in progress are NamedTuples rather than frozen dataclasses:
`dataclasses` imports `inspect` and builds every class with `exec`, which cost each shell command
about 15 ms of a start-up that `offrecord status` keeps near a bare `python -c "import tinydb"`.
"""

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from providers.cache import ProviderCache

BUILTIN_DIR = Path(__file__).resolve().parent
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")  # used with fullmatch: "$" lets "id\n" through
STEP_KINDS = ("setting", "request", "habit", "cleanup")
CATEGORIES = ("chat", "workplace", "developer", "social", "creative", "voice")
DEFAULTS = ("on", "off", "no-opt-out", "unclear")
DEFAULT_RANK = 100


_TYPE_NAMES: dict[type, str] = {
    str: "a string", int: "an integer", dt.date: "a date (YYYY-MM-DD)", list: "a list", dict: "a table",
}


class CatalogError(ValueError):
    """A provider file that cannot be used; the message names the file and the field."""


class Source(NamedTuple):
    url: str
    title: str
    read: dt.date
    published: dt.date | None = None


class Step(NamedTuple):
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

    @property
    def fingerprint(self) -> str:
        """A short hash of what the person is asked to do; rewording the title leaves it alone."""
        basis = json.dumps([self.kind, self.label, self.path, self.how, self.url])
        import hashlib  # only the TUI and `mark` need fingerprints

        return hashlib.sha256(basis.encode()).hexdigest()[:12]


class Provider(NamedTuple):
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

    def __init__(self, table: Mapping[str, Any], where: str) -> None:
        self.table = table
        self.where = where

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
        if isinstance(value, str) and required and not value.strip():
            raise self.fail(field, "must not be empty")
        return value

    def text(self, field: str, required: bool = True) -> str | None:
        return self.get(field, str, required)

    def date(self, field: str, required: bool = True) -> dt.date | None:
        return self.get(field, dt.date, required)

    def ident(self, field: str) -> str:
        value = self.get(field, str, True)
        if not ID_PATTERN.fullmatch(value):
            raise self.fail(field, f"{value!r} must be lowercase letters, digits and dashes")
        return value

    def url(self, field: str, required: bool = True) -> str | None:
        value = self.get(field, str, required)
        if value is not None and not re.fullmatch(r"https://[^\s/]+\.[^\s]+", value):
            raise self.fail(field, f"{value!r} must be an https:// URL")
        return value

    def choice(self, field: str, choices: Iterable[str]) -> str:
        value = self.get(field, str, True)
        if value not in choices:
            raise self.fail(field, f"{value!r} must be one of: {', '.join(choices)}")
        return value

    def strings(self, field: str, required: bool = True) -> tuple[str, ...]:
        value = self.get(field, list, required) or []
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(field, "must be a list of non-empty strings")
        return tuple(value)

    def tables(self, field: str) -> list["_Fields"]:
        value = self.get(field, list, True)
        if not value:
            raise self.fail(field, "must list at least one entry")
        if not all(isinstance(item, dict) for item in value):
            raise self.fail(field, "must be an array of tables ([[" + field + "]])")
        return [_Fields(item, f"{self.where}: {field}[{n}]") for n, item in enumerate(value, 1)]


def _source(fields: _Fields) -> Source:
    return Source(
        url=fields.url("url"),  # type: ignore[arg-type]
        title=fields.text("title"),  # type: ignore[arg-type]
        read=fields.date("read"),  # type: ignore[arg-type]
        published=fields.date("published", required=False),
    )


def _step(fields: _Fields, source_urls: set[str]) -> Step:
    step_id = fields.ident("id")
    fields.where = f"{fields.where} ('{step_id}')"
    label = fields.text("label", required=False)
    no_label = fields.text("no_label", required=False)
    if not label and not no_label:
        raise fields.fail("label", "is missing (give the control's label, or no_label with the reason)")
    source = fields.url("source")
    if source not in source_urls:
        raise fields.fail("source", f"{source!r} is not one of the provider's [[sources]] urls")
    stale = fields.get("stale_after_days", int, required=False)
    if stale is not None and stale < 1:
        raise fields.fail("stale_after_days", "must be at least 1")
    return Step(
        id=step_id,
        kind=fields.choice("kind", STEP_KINDS),
        title=fields.text("title"),  # type: ignore[arg-type]
        how=fields.text("how"),  # type: ignore[arg-type]
        source=source,  # type: ignore[arg-type]
        label=label,
        no_label=no_label,
        path=fields.text("path", required=False),
        url=fields.url("url", required=False),
        applies_to=fields.text("applies_to", required=False),
        stale_after_days=stale,
        changed=fields.date("changed", required=False),
        change_note=fields.text("change_note", required=False),
        unverified=fields.text("unverified", required=False),
    )


def parse_provider(data: Mapping[str, Any], where: str, origin: Path | None = None) -> Provider:
    """Validate one provider's parsed TOML; `where` names it in errors."""
    top = _Fields(data, where)
    applies = _Fields(top.get("applies", dict, True), f"{where}: applies")
    sources = tuple(_source(item) for item in top.tables("sources"))
    urls = {source.url for source in sources}
    steps = tuple(_step(item, urls) for item in top.tables("steps"))
    seen: set[str] = set()
    for step in steps:
        if step.id in seen:
            raise top.fail("steps", f"has the step id '{step.id}' twice")
        seen.add(step.id)
    rank = top.get("rank", int, required=False)
    return Provider(
        id=top.ident("id"),
        name=top.text("name"),  # type: ignore[arg-type]
        company=top.text("company"),  # type: ignore[arg-type]
        reviewed=top.date("reviewed"),  # type: ignore[arg-type]
        category=top.choice("category", CATEGORIES),
        summary=top.text("summary"),  # type: ignore[arg-type]
        default_training=top.choice("default_training", DEFAULTS),
        risk=top.text("risk"),  # type: ignore[arg-type]
        not_covered=top.strings("not_covered"),
        accounts=applies.strings("accounts"),
        regions=applies.strings("regions"),
        sources=sources,
        steps=steps,
        rank=DEFAULT_RANK if rank is None else rank,
        unverified=top.text("unverified", required=False),
        origin=origin,
    )


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
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError as error:  # tomllib decodes without catching it
        raise CatalogError(f"{path}: not valid TOML: not UTF-8 text (byte {error.start + 1})") from None
    except OSError as error:
        raise CatalogError(f"{path}: cannot read: {error.strerror}") from None
    provider = parse_provider(data, str(path), origin=path)
    if path.stem != provider.id:
        raise CatalogError(f"{path}: field 'id' is '{provider.id}' but the file is named '{path.name}'")
    if cache:
        cache.put(path, list(provider[:-1]))  # all but the origin, which is the cache's key
    return provider


_CHANGED = Step._fields.index("changed")  # a step's only date


def _from_row(row: list[Any], origin: Path) -> Provider:
    """A provider from its cached row: the fields in order, dates as ISO text (see `load_file`).
    A row of another shape raises ValueError; the rows are the loader's own output, so the values
    are not checked again."""
    (pid, name, company, reviewed, category, summary, default, risk, not_covered, accounts, regions, sources,
     steps, rank, unverified) = row  # a row of another length raises ValueError here
    if any(len(step) != len(Step._fields) for step in steps):
        raise ValueError("a cached step of another length")
    return Provider(
        pid, name, company, _date(reviewed), category, summary, default, risk, tuple(not_covered), tuple(accounts),
        tuple(regions), tuple(Source(url, title, _date(read), _date(published)) for url, title, read, published in sources),
        tuple(Step(*step[:_CHANGED], _date(step[_CHANGED]), *step[_CHANGED + 1:]) for step in steps), rank,
        unverified, origin,
    )


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def provider_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def load_catalog(
    extra_dirs: Iterable[Path] = (), builtin: Path | None = BUILTIN_DIR, cache: ProviderCache | None = None
) -> Catalog:
    """Built-in providers (none when `builtin` is None) plus those in `extra_dirs` (same id replaces).

    A broken built-in file is a bug and raises. A broken custom file is skipped and reported in
    `Catalog.skipped_files`, so one bad file never stops the app. A missing folder raises.
    `cache` (validated providers by file) is saved back at the end when it learned anything.
    """
    by_id: dict[str, Provider] = {}
    for path in provider_files(builtin) if builtin else ():
        provider = load_file(path, cache)
        by_id[provider.id] = provider
    skipped: list[str] = []
    for folder in extra_dirs:
        if not folder.is_dir():
            raise CatalogError(f"{folder}: catalog folder does not exist")
        for path in provider_files(folder):
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
