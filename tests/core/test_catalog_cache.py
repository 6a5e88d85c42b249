"""The provider cache: used when files are unchanged, ignored when stale, broken or from another loader."""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest

import tui.core.catalog
from tests.conftest import FIXTURE_CATALOG
from tui.core import catalog_cache as cache_module
from tui.core.catalog import load_catalog
from tui.core.catalog_cache import ProviderCache


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURE_CATALOG, target)
    return target


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a file is parsed or validated."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was read although the cache had it")

    monkeypatch.setattr(tomllib, "loads", refuse)
    monkeypatch.setattr(tui.core.catalog, "parse_provider", refuse)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files parsed from here on."""
    names: list[str] = []
    parse = tui.core.catalog.parse_provider

    def counting(data: object, where: str, origin: Path | None = None) -> object:
        names.append(Path(where).name)
        return parse(data, where, origin)  # type: ignore[arg-type]

    monkeypatch.setattr(tui.core.catalog, "parse_provider", counting)
    return names


def test_unchanged_files_come_from_the_cache(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = load_catalog(builtin=folder, cache=ProviderCache(cache))
    assert ProviderCache(cache).path(str(folder)).exists()
    no_reading(monkeypatch)
    second = load_catalog(builtin=folder, cache=ProviderCache(cache))
    assert second.providers == first.providers  # dates, nested steps and all survive the JSON round trip


def test_a_changed_file_is_parsed_again(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_catalog(builtin=folder, cache=ProviderCache(cache))
    alpha = folder / "alpha.toml"
    alpha.write_text(alpha.read_text().replace('name = "Alpha Chat"', 'name = "Alpha Renamed"'))
    os.utime(alpha, ns=(1, 1))  # a different stamp even on a coarse clock
    catalog = load_catalog(builtin=folder, cache=ProviderCache(cache))
    assert catalog.get("alpha").name == "Alpha Renamed"  # type: ignore[union-attr]


def test_a_corrupt_cache_is_ignored(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    ProviderCache(cache).path(str(folder)).write_text("{not json")
    assert load_catalog(builtin=folder, cache=ProviderCache(cache)).ids == ["alpha", "beta"]


def test_a_row_that_does_not_fit_means_reading_the_file(folder: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    expected = load_catalog(builtin=folder, cache=ProviderCache(cache))
    stored = ProviderCache(cache)
    entry = next(entry for name, entry in stored.shelf(str(folder)).items() if name.endswith("alpha.toml"))
    del entry["row"][2]  # the company
    stored.changed.add(str(folder))
    stored.save()
    parsed = reads(monkeypatch)
    assert load_catalog(builtin=folder, cache=ProviderCache(cache)) == expected
    assert parsed == ["alpha.toml"]


def test_a_broken_file_is_never_cached(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "gamma.toml").write_text((folder / "alpha.toml").read_text().replace('id = "alpha"', 'id = "gamma"')
                                      .replace('company = "Alpha Labs"\n', ""))
    for _ in range(2):  # reported on every start, not only the first
        catalog = load_catalog([extra], builtin=folder, cache=ProviderCache(cache))
        assert catalog.ids == ["alpha", "beta"]
        assert len(catalog.skipped_files) == 1 and "'company' is missing" in catalog.skipped_files[0]


def test_a_changed_loader_drops_the_cache(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loader = tmp_path / "catalog.py"
    loader.write_text("# version 1\n")
    monkeypatch.setattr(cache_module, "LOADER", loader)
    cache = tmp_path / "cache"
    load_catalog(builtin=folder, cache=ProviderCache(cache))
    loader.write_text("# version 2, with a new rule\n")
    parsed = reads(monkeypatch)
    load_catalog(builtin=folder, cache=ProviderCache(cache))
    assert sorted(parsed) == ["alpha.toml", "beta.toml"]


def test_each_catalog_folder_has_its_own_cache_and_only_those_in_use_are_read(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "gamma.toml").write_text((folder / "alpha.toml").read_text().replace('id = "alpha"', 'id = "gamma"'))
    load_catalog([extra], builtin=folder, cache=ProviderCache(cache))
    assert len(list(cache.glob("*.json"))) == 2
    plain = ProviderCache(cache)
    assert load_catalog(builtin=folder, cache=plain).ids == ["alpha", "beta"]
    assert list(plain.shelves) == [str(folder)]  # the extra folder's rows were not even read


def test_a_cache_that_cannot_be_written_leaves_no_temp_file(folder: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    assert load_catalog(builtin=folder, cache=ProviderCache(cache)).ids == ["alpha", "beta"]
    assert list(cache.iterdir()) == []
