"""The page as plain text and Markdown (tui/core/page.py): wrapped at 80 with every URL whole,
every value escaped, and the services picked by number or name in the line-mode walk."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tests.hostile_values import TERMINAL_ACTIONS, hostile_text
from tui.core.catalog import Catalog, load_catalog
from tui.core.clean import clean
from tui.core.page import Block, page_blocks, render_markdown, render_text, wrap
from tui.core.record import Record, StepRecord
from tui.line_walk import pick

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
URL = "https://help.example.com/en/articles/7730893-data-controls-faq-with-a-very-long-name-indeed"


def test_prose_wraps_at_80_and_a_url_stands_whole_on_its_line() -> None:
    lines = wrap(f"Read the page at {URL} before you switch it off, and check the toggle again " * 2)
    assert all(len(line) <= 80 for line in lines if URL not in line)
    assert [line for line in lines if URL in line] == [URL, URL]  # alone, never after prose
    assert " ".join(lines).split() == (f"Read the page at {URL} before you switch it off, and check the "
                                       "toggle again " * 2).split()


def test_a_short_label_keeps_its_url_and_indents_hold() -> None:
    assert wrap(f"Link: {URL}", first="   ", rest="     ") == [f"   Link: {URL}"]
    assert wrap("word " * 30, first="- ", rest="  ")[1].startswith("  word")
    assert wrap("") == [""]


@given(st.lists(st.sampled_from(["a", "switch", "Link:", "Settings > Privacy", URL, "mailto:privacy@example.com",
                                 "x" * 90]) | hostile_text, max_size=40))
def test_every_line_fits_but_a_url_and_no_word_is_lost(words: list[str]) -> None:
    lines = wrap(" ".join(words), first="   ", rest="     ")
    for line in lines:
        assert len(line) <= 80 or "://" in line.split()[-1] or "mailto:" in line.split()[-1]
        assert not TERMINAL_ACTIONS.search(line)
    assert "".join("".join(lines).split()) == "".join(clean(" ".join(words)).split())


def test_the_page_lists_each_step_with_its_state_on_every_account(catalog: Catalog) -> None:
    alpha = catalog.get("alpha")
    assert alpha is not None
    done = StepRecord("alpha", "training-off", "done", NOW, account="work", note="on the laptop")
    record = Record(steps={done.slot: done}, accounts={"alpha": ("default", "work")})
    text = render_text(page_blocks(alpha, record, NOW))
    assert "1. Switch off training [default: open; work: done]" in text
    assert "   Your note: work: on the laptop" in text
    assert "- Chats rated with a thumb still go to review." in text


def test_markdown_escapes_every_value_and_links_only_https() -> None:
    blocks = [Block("title", "[x](javascript:alert(1)) <b>"), Block("fact", "javascript:alert(1)", "Link", link=True),
              Block("fact", "https://example.com/a", "Source", link=True), Block("item", "**not bold**")]
    markdown = render_markdown(blocks)
    assert markdown == ("# \\[x\\]\\(javascript\\:alert\\(1\\)\\) \\<b\\>\n\n"
                        "- **Link:** javascript\\:alert\\(1\\)\n"
                        "- **Source:** <https://example.com/a>\n"
                        "- \\*\\*not bold\\*\\*\n")


def test_the_shipped_pages_fit_80_columns() -> None:
    for provider in load_catalog().providers:
        for line in render_text(page_blocks(provider, Record(), NOW)).splitlines():
            assert len(line) <= 80 or "://" in line.split()[-1], (provider.id, line)


def test_services_are_picked_by_number_id_or_name(catalog: Catalog) -> None:
    providers = catalog.providers
    assert pick("2, alpha", providers) == (("alpha", "beta"), None)
    assert pick("Beta Assistant", providers) == (("beta",), None)
    assert pick("ALL", providers) == (("alpha", "beta"), None)
    assert pick("3", providers) == ((), "Not understood: '3'. Use numbers from the list, names, all, or Enter.")
    assert pick(" , ", providers) == ((), "Please name at least one service, or press Enter.")
