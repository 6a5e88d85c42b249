"""The provider loader: good files load into frozen records, bad ones name the file and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from providers.catalog import BUILTIN_DIR, CatalogError, load_catalog, load_file
from tests.conftest import FIXTURE_CATALOG

ALPHA = (FIXTURE_CATALOG / "alpha.toml").read_text()


def write(folder: Path, text: str, name: str = "alpha.toml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_fixture_provider_loads_into_frozen_records() -> None:
    provider = load_file(FIXTURE_CATALOG / "alpha.toml")
    assert provider.id == "alpha"
    assert [step.id for step in provider.steps] == ["training-off", "delete-history"]
    assert provider.steps[1].stale_after_days == 30
    with pytest.raises(AttributeError):  # frozen: a NamedTuple has no setters
        provider.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda t: t.replace('company = "Alpha Labs"\n', ""), "company"),
        (lambda t: t.replace("reviewed = 2026-06-01", 'reviewed = "June 2026"'), "reviewed"),
        (lambda t: t.replace("reviewed = 2026-06-01", "reviewed = 2026-06-01T10:00:00"), "reviewed"),
        (lambda t: t.replace("read = 2026-06-01", 'read = "yesterday"'), "read"),
        (lambda t: t.replace("https://alpha.example/settings", "http://alpha.example/settings"), "url"),
        (lambda t: t.replace('id = "delete-history"', 'id = "training-off"'), "steps"),
        (lambda t: t.replace('id = "delete-history"', 'id = "Delete History"'), "id"),
        (lambda t: t.replace('kind = "cleanup"', 'kind = "chore"'), "kind"),
        (lambda t: t.replace('no_label = "a habit, no single control"\n', ""), "label"),
        (lambda t: t.replace('source = "https://help.alpha.example/privacy"\nstale',
                             'source = "https://elsewhere.example/x"\nstale'), "source"),
        (lambda t: t.replace("stale_after_days = 30", "stale_after_days = 0"), "stale_after_days"),
        (lambda t: t.replace('category = "chat"', 'category = "misc"'), "category"),
        (lambda t: t.replace('regions = ["Worldwide"]', "regions = [1]"), "regions"),
        (lambda t: t.replace('summary = "Alpha trains on chats unless you switch it off."', 'summary = "  "'), "summary"),
    ],
)
def test_each_validation_error_names_file_and_field(tmp_path: Path, edit, field: str) -> None:
    path = write(tmp_path, edit(ALPHA))
    with pytest.raises(CatalogError) as error:
        load_file(path)
    message = str(error.value)
    assert message.startswith(str(path)), message
    assert f"'{field}'" in message, message


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, ALPHA.replace('name = "Alpha Chat"', 'name = "Alpha Chat'))
    with pytest.raises(CatalogError, match=re.escape(str(path)) + r".*line 2"):
        load_file(path)


def test_file_name_must_match_id(tmp_path: Path) -> None:
    path = write(tmp_path, ALPHA, name="other.toml")
    with pytest.raises(CatalogError, match="'id'"):
        load_file(path)


def test_custom_folder_adds_and_replaces_providers(tmp_path: Path) -> None:
    write(tmp_path, ALPHA.replace('name = "Alpha Chat"', 'name = "Alpha Custom"'))
    write(tmp_path, ALPHA.replace('id = "alpha"', 'id = "gamma"').replace("rank = 1", "rank = 0"), "gamma.toml")
    catalog = load_catalog([tmp_path], builtin=FIXTURE_CATALOG)
    assert catalog.ids == ["gamma", "alpha", "beta"]
    assert catalog.get("alpha").name == "Alpha Custom"  # type: ignore[union-attr]


def test_broken_custom_file_is_skipped_and_reported(tmp_path: Path) -> None:
    write(tmp_path, "id = ", "broken.toml")
    catalog = load_catalog([tmp_path], builtin=FIXTURE_CATALOG)
    assert catalog.ids == ["alpha", "beta"]
    assert len(catalog.skipped_files) == 1 and "broken.toml" in catalog.skipped_files[0]


def test_missing_catalog_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog([tmp_path / "nope"], builtin=FIXTURE_CATALOG)


def test_rewording_a_title_keeps_the_fingerprint() -> None:
    step = load_file(FIXTURE_CATALOG / "alpha.toml").steps[0]
    assert step._replace(title="Reworded").fingerprint == step.fingerprint
    assert step._replace(how="Something else").fingerprint != step.fingerprint


def test_the_shipped_catalog_is_valid_sourced_and_dated() -> None:
    catalog = load_catalog()
    files = sorted(BUILTIN_DIR.glob("*.toml"))
    assert len(catalog.providers) == len(files)
    for provider in catalog.providers:
        assert provider.sources and provider.reviewed
        assert all(source.url.startswith("https://") for source in provider.sources)
        for step in provider.steps:
            assert step.label or step.no_label, f"{provider.id}/{step.id}"
            assert step.url is None or step.url.startswith("https://")
