"""Text from files is data: the one cleaning function every output goes through, and its kin.

offrecord shows text it did not write: provider files from an organisation's catalog folder,
teammates' summaries, notes, labels, file names. Any of it may carry escape sequences (which can
retitle a terminal or write its clipboard), bidi controls (which reorder what a person reads), or
Markdown and links. Nothing here imports Textual.
"""

from __future__ import annotations

import json
import re
from typing import Any

REPLACEMENT = "\ufffd"

# Control characters, bidi and other invisible format characters, line and paragraph separators,
# lone surrogates (a non-UTF-8 byte in a shell argument becomes one), private-use characters and
# the two XML forbids: none of them has a place in anything offrecord writes.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u00ad\u180e\u200b\u200e\u200f\u2028-\u202e"
                    r"\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\uf8ff\U000e0000-\U000e007f"
                    r"\U000f0000-\U0010ffff]")
_BREAKS = re.compile(r"[\t\n]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&:\"'=$^@])")
_HTTPS = re.compile(r"https://[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]{1,5})?(/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*)?",
                    re.IGNORECASE)
_MAILTO = re.compile(r"mailto:[^\s<>\"\\]+", re.IGNORECASE)


def clean(text: str, lines: bool = False) -> str:
    """`text` fit for a terminal: every unsafe character replaced by U+FFFD (so a person sees that
    something was there). Tabs and newlines become one space unless `lines` keeps the newlines."""
    if not lines:
        text = _BREAKS.sub(" ", text)
    return UNSAFE.sub(REPLACEMENT, text)


def one_line(text: str) -> str:
    """`clean` for a value quoted inside a sentence: also without leading and trailing space."""
    return clean(text).strip()


def markdown_text(text: str) -> str:
    """Plain text that Markdown shows exactly as written: one cleaned line, every ASCII punctuation
    character that could start markup, a link, raw HTML or an entity escaped with a backslash."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def is_https(url: str) -> bool:
    return _HTTPS.fullmatch(url) is not None


def is_openable(url: str) -> bool:
    """The only links offrecord opens or draws as hyperlinks: https, and mailto for requests."""
    return is_https(url) or (_MAILTO.fullmatch(url) is not None and not UNSAFE.search(url))


def _escape_unsafe(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON escapes an astral character as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON that keeps every value exactly and is still safe to print: readable UTF-8, with the
    unsafe characters (which `json` leaves raw beyond U+001F) written as escapes."""
    return UNSAFE.sub(_escape_unsafe, json.dumps(data, indent=indent, ensure_ascii=False))
