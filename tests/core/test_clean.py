"""Cleaning text for the terminal, Markdown, JSON and calendars: hostile input stays inert."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.hostile_values import hostile_text
from tui.core.clean import UNSAFE, clean, is_openable, json_text, markdown_text
from tui.core.remind import escape_text


@given(hostile_text)
def test_clean_leaves_nothing_unsafe_and_is_stable(text: str) -> None:
    cleaned = clean(text)
    assert not UNSAFE.search(cleaned) and "\n" not in cleaned
    assert clean(cleaned) == cleaned
    assert len(clean(text, lines=True).splitlines()) <= len(text.splitlines()) + 1


@given(hostile_text)
def test_markdown_text_renders_exactly_the_text(text: str) -> None:
    """Escaped text parsed as Markdown (CommonMark and GFM tables) is one paragraph holding the
    cleaned text itself: no link, no HTML, no emphasis, no new block."""
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(f"before {markdown_text(text)} after")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert {child.type for child in children} <= {"text"}, [c.type for c in children]
    shown = "".join(child.content for child in children)
    assert shown == f"before {clean(text).strip()} after"


@given(st.recursive(st.none() | st.booleans() | st.integers() | hostile_text,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
                    max_leaves=10))
def test_json_text_keeps_every_value_and_prints_safely(value: object) -> None:
    text = json_text(value)
    assert not UNSAFE.search(text)
    assert json.loads(text) == value


@given(hostile_text)
def test_calendar_text_has_no_control_characters(text: str) -> None:
    escaped = escape_text(text)
    assert not UNSAFE.search(escaped) and "\n" not in escaped and "\r" not in escaped


@pytest.mark.parametrize("url", ["http://evil.example", "smb://evil.example/share", "/etc/passwd", "file:///etc/passwd",
                                 "javascript:alert(1)", "https://evil.example/\x1b]0;x\x07", "https://evil.example/a b"])
def test_only_https_and_mailto_are_openable(url: str) -> None:
    assert not is_openable(url)
    assert is_openable("https://help.example.com/a?b=c#d") and is_openable("mailto:privacy@example.com?subject=Hi")
