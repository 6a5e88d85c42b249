"""The parsed-file cache: used when files are unchanged, ignored when stale or broken."""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest

from providers.cache import ParsedFiles
from providers.catalog import CatalogError, load_catalog
from tests.conftest import FIXTURE_CATALOG


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURE_CATALOG, target)
    return target


def no_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("TOML was parsed although the cache had it")

    monkeypatch.setattr(tomllib, "load", refuse)


def test_unchanged_files_come_from_the_cache(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache.json"
    first = load_catalog(builtin=folder, parsed=ParsedFiles(cache))
    assert cache.exists()
    no_toml(monkeypatch)
    second = load_catalog(builtin=folder, parsed=ParsedFiles(cache))
    assert second.providers == first.providers  # dates and all survive the JSON round trip


def test_a_changed_file_is_parsed_again(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    load_catalog(builtin=folder, parsed=ParsedFiles(cache))
    alpha = folder / "alpha.toml"
    alpha.write_text(alpha.read_text().replace('name = "Alpha Chat"', 'name = "Alpha Renamed"'))
    os.utime(alpha, ns=(1, 1))  # a different stamp even on a coarse clock
    catalog = load_catalog(builtin=folder, parsed=ParsedFiles(cache))
    assert catalog.get("alpha").name == "Alpha Renamed"  # type: ignore[union-attr]


def test_a_corrupt_cache_is_ignored(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    cache.write_text("{not json")
    assert load_catalog(builtin=folder, parsed=ParsedFiles(cache)).ids == ["alpha", "beta"]


def test_cached_data_is_still_validated(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    load_catalog(builtin=folder, parsed=ParsedFiles(cache))
    parsed = ParsedFiles(cache)
    entry = next(iter(parsed.entries.values()))
    del entry["data"]["company"]
    parsed.changed = True
    parsed.save()
    with pytest.raises(CatalogError, match="'company' is missing"):
        load_catalog(builtin=folder, parsed=ParsedFiles(cache))
