"""The provider loader: good files load into frozen records, bad ones name the file and field."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG
from tui.core.catalog import BUILTIN_DIR, CatalogError, load_catalog, load_file, on_domains

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
    assert len(catalog.providers) == len(files) >= 36
    for provider in catalog.providers:
        assert provider.sources and provider.reviewed and provider.domains
        own = [source for source in provider.sources if on_domains(source.url, provider.domains)]
        assert own, f"{provider.id} cites no page of the company"
        for step in provider.steps:
            assert step.label or step.no_label, f"{provider.id}/{step.id}"
            assert on_domains(step.source, provider.domains) or step.source_note, f"{provider.id}/{step.id}"


# How the research was done is for the maintainers' notes, never for the person reading the page.
RESEARCH_WORDS = re.compile(r"offline|mirror|proxy|read here|pages read|what was found|could not be (read|fetched|reached)"
                            r"|secondary (source|coverage)|third-party (review|guide|summar)|in the copies", re.IGNORECASE)


def test_no_text_a_person_sees_describes_the_research() -> None:
    for provider in load_catalog().providers:
        texts = [provider.summary, provider.risk, *provider.not_covered, *provider.accounts, *provider.regions,
                 provider.unverified or ""]
        for step in provider.steps:
            texts += [step.title, step.how, step.no_label or "", step.unverified or "", step.applies_to or "",
                      step.source_note or "", step.change_note or "", *(path for _, path in step.paths)]
        for text in texts:
            found = RESEARCH_WORDS.search(text)
            assert not found, f"{provider.id}: {found.group()!r} in {text[:80]!r}"


# --- New fields: domains, source_note, paths, regions, requests ---------------------------------

def test_a_step_sourced_off_the_company_domains_needs_a_source_note(tmp_path: Path) -> None:
    moved = ALPHA.replace('url = "https://help.alpha.example/privacy"\ntitle',
                          'url = "https://help.alpha.example/privacy"\ntitle = "x"\nread = 2026-06-01\n\n'
                          '[[sources]]\nurl = "https://news.example/story"\ntitle')
    moved = moved.replace('source = "https://help.alpha.example/privacy"\nstale', 'source = "https://news.example/story"\nstale')
    path = write(tmp_path, moved)
    with pytest.raises(CatalogError, match=r"\('delete-history'\): field 'source' .*not on the provider's own domains"):
        load_file(path)
    noted = moved.replace("stale_after_days = 30", 'stale_after_days = 30\nsource_note = "Reported by a newspaper."')
    assert load_file(write(tmp_path, noted)).steps[1].source_note == "Reported by a newspaper."


def test_every_provider_cites_its_own_domain(tmp_path: Path) -> None:
    path = write(tmp_path, ALPHA.replace('domains = ["alpha.example"]', 'domains = ["other.example"]'))
    with pytest.raises(CatalogError, match="field 'sources' must cite at least one page on the provider's own domains"):
        load_file(path)


@pytest.mark.parametrize("domains", ['[]', '["https://alpha.example"]', '["Alpha.example"]', '["alpha"]'])
def test_domains_are_bare_domains(tmp_path: Path, domains: str) -> None:
    with pytest.raises(CatalogError, match="field 'domains'"):
        load_file(write(tmp_path, ALPHA.replace('domains = ["alpha.example"]', f"domains = {domains}")))


def test_subdomains_count_as_the_company(tmp_path: Path) -> None:
    provider = load_file(FIXTURE_CATALOG / "alpha.toml")
    assert provider.domains == ("alpha.example",)
    assert provider.steps[0].source.startswith("https://help.alpha.example/")


def test_platform_paths_load_in_platform_order(tmp_path: Path) -> None:
    text = ALPHA.replace('path = "Settings > Privacy"\n',
                         'path = "Settings > Privacy"\npaths = { android = "Menu > Privacy", web = "Settings > Privacy" }\n')
    step = load_file(write(tmp_path, text)).steps[0]
    assert step.paths == (("web", "Settings > Privacy"), ("android", "Menu > Privacy"))
    plain = load_file(FIXTURE_CATALOG / "alpha.toml").steps[0]
    assert step.fingerprint != plain.fingerprint  # new paths are new instructions
    with pytest.raises(CatalogError, match=r"paths: field 'linux' is not a known field"):
        load_file(write(tmp_path, text.replace("android =", "linux =")))


def test_regions_are_known_codes(tmp_path: Path) -> None:
    text = ALPHA.replace('stale_after_days = 30', 'stale_after_days = 30\nonly_in = ["eu", "uk"]')
    assert load_file(write(tmp_path, text)).steps[1].only_in == ("eu", "uk")
    with pytest.raises(CatalogError, match=r"field 'only_in' 'europe' must be one of: eu, uk"):
        load_file(write(tmp_path, text.replace('"uk"]', '"europe"]')))


REQUEST = '''
[[steps]]
id = "object"
kind = "request"
title = "Object to training"
no_label = "A form."
how = "Send the form."
source = "https://help.alpha.example/privacy"
send_to = "mailto:privacy@alpha.example"
legal_basis = "GDPR Article 21"
legal_source = "https://help.alpha.example/privacy"
response_days = 30
template = "I, {name} ({email}), object to the use of my data for training, as of {date}."
'''


def test_a_request_step_carries_where_it_goes_and_a_template(tmp_path: Path) -> None:
    step = load_file(write(tmp_path, ALPHA + REQUEST)).step("object")
    assert step is not None and step.request is not None
    assert step.request.send_to == "mailto:privacy@alpha.example" and step.request.response_days == 30


@pytest.mark.parametrize(("edit", "problem"), [
    (lambda t: t.replace("{date}", "{0.__class__}"), "field 'template' has the placeholder {0.__class__}"),
    (lambda t: t.replace("mailto:privacy@alpha.example", "javascript:alert(1)"), "field 'send_to'"),
    (lambda t: t.replace('legal_source = "https://help.alpha.example/privacy"\n', ""), "field 'legal_source' is missing"),
    (lambda t: t.replace('kind = "request"', 'kind = "setting"\nlabel = "x"'), "field 'send_to' belongs to a step of kind 'request'"),
    (lambda t: t.replace("response_days = 30", "response_days = 3000000"), "field 'response_days' must be from 1 to 365"),
])
def test_request_fields_are_checked(tmp_path: Path, edit, problem: str) -> None:
    with pytest.raises(CatalogError, match=re.escape(problem)):
        load_file(write(tmp_path, edit(ALPHA + REQUEST)))


def test_an_unknown_field_is_an_error_with_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, ALPHA.replace('source = "https://help.alpha.example/privacy"\nstale',
                                         'sourse_note = "typo"\nsource = "https://help.alpha.example/privacy"\nstale'))
    with pytest.raises(CatalogError, match=r"field 'sourse_note' is not a known field \(did you mean 'source_note'\?\)"):
        load_file(path)


# --- Hostile provider files ---------------------------------------------------------------------

HOSTILE_TEXT = {
    "escape": "\x1b]0;pwned\x07",
    "osc 52 clipboard": "\x1b]52;c;cm0gLXJmIH4=\x07",
    "bell": "ding\x07",
    "nul": "a\x00b",
    "c1 csi": "a\x9b31mb",
    "bidi override": "abc\u202edcba",
    "bidi isolate": "\u2066x\u2069",
    "line separator": "a\u2028b",
    "zero width only": "\u200b\u200b",
    "carriage return": "a\rb",
}


@pytest.mark.parametrize("value", HOSTILE_TEXT.values(), ids=HOSTILE_TEXT.keys())
@pytest.mark.parametrize("field", ["name", "company", "summary", "risk", "title", "how", "label", "url", "domains"])
def test_control_and_bidi_characters_are_refused_in_every_text_field(tmp_path: Path, field: str, value: str) -> None:
    escaped = json.dumps(value)  # a TOML basic string takes JSON's escapes
    targets = {
        "name": ('name = "Alpha Chat"', f"name = {escaped}"),
        "company": ('company = "Alpha Labs"', f"company = {escaped}"),
        "summary": ('summary = "Alpha trains on chats unless you switch it off."', f"summary = {escaped}"),
        "risk": ('risk = """\nAlpha keeps', f'risk = """\n{escaped[1:-1]} Alpha keeps'),
        "title": ('title = "Switch off training"', f"title = {escaped}"),
        "how": ('how = "Open the settings and switch the toggle off."', f"how = {escaped}"),
        "label": ('label = "Improve Alpha"', f"label = {escaped}"),
        "url": ('url = "https://alpha.example/settings/privacy"', f'url = "https://alpha.example/{escaped[1:-1]}"'),
        "domains": ('domains = ["alpha.example"]', f'domains = ["alpha.example", {escaped}]'),
    }
    old, new = targets[field]
    assert old in ALPHA
    with pytest.raises(CatalogError) as caught:
        load_file(write(tmp_path, ALPHA.replace(old, new)))
    message = str(caught.value)
    assert f"'{field}'" in message
    assert not any(ch in message for ch in "\x1b\x07\x00\x9b\u202e\u2066\u2028\r"), repr(message)


@pytest.mark.parametrize("url", ["http://alpha.example/x", "smb://alpha.example/x", "/etc/passwd", "file:///etc/passwd",
                                 "https://alpha.example/[/]", "https://alpha.example/a b", "javascript:alert(1)",
                                 "mailto:a@alpha.example"])
def test_only_https_links_are_accepted(tmp_path: Path, url: str) -> None:
    with pytest.raises(CatalogError, match="field 'url'"):
        load_file(write(tmp_path, ALPHA.replace("https://alpha.example/settings/privacy", url)))


def test_markup_in_text_is_data_and_loads_as_written(tmp_path: Path) -> None:
    """`[@click=...]` is harmless text to the loader: the screens never parse it (tests/test_hostile.py)."""
    title = "[@click=app.quit]Switch off[/] [b]training[/b]"
    provider = load_file(write(tmp_path, ALPHA.replace('title = "Switch off training"', f'title = "{title}"')))
    assert provider.steps[0].title == title


def test_a_deeply_nested_file_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, ALPHA + "deep = " + "[" * 500 + "]" * 500 + "\n")
    with pytest.raises(CatalogError, match=re.escape(str(path))):
        load_file(path)


def test_only_regular_files_of_sensible_size_are_read(tmp_path: Path) -> None:
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(CatalogError, match=r"zero\.toml: cannot read: not a regular file"):
        load_file(zero)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(CatalogError, match=r"fifo\.toml: cannot read: not a regular file"):
        load_file(fifo)
    huge = write(tmp_path, ALPHA + "# " + "x" * 300_000 + "\n", "huge.toml")
    with pytest.raises(CatalogError, match=r"huge\.toml: cannot read: larger than 256 KB"):
        load_file(huge)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_catalog_folder_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        with pytest.raises(CatalogError, match="cannot read the catalog folder"):
            load_catalog([folder], builtin=FIXTURE_CATALOG)
    finally:
        folder.chmod(0o700)


def test_a_catalog_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="is a file, not a catalog folder"):
        load_catalog([write(tmp_path, ALPHA)], builtin=FIXTURE_CATALOG)


def test_dates_must_be_plausible(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="field 'changed' 9999-12-31 is not a plausible date"):
        load_file(write(tmp_path, ALPHA.replace("stale_after_days = 30", "stale_after_days = 30\nchanged = 9999-12-31")))
    with pytest.raises(CatalogError, match="field 'stale_after_days' must be from 1 to 3650"):
        load_file(write(tmp_path, ALPHA.replace("stale_after_days = 30", "stale_after_days = 3000000")))
