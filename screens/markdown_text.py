"""The provider page's Markdown (the risk and the sources) as rich renderables.

Not `rich.markdown`: it imports Pygments to highlight code blocks, which this text never has, and
that cost every session about 2 MB. markdown-it (Textual's own Markdown parser) reads the text;
paragraphs and headings become rich `Text`, and a list becomes a grid with the bullet in its own
column, so that wrapped lines hang under their text. Blocks this text does not use (code, quotes,
tables) are shown as their plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

_PARSER = MarkdownIt("commonmark")
BULLET = "•"
INLINE_STYLES = {"strong_open": "bold", "em_open": "italic"}


def render_markdown(text: str) -> Group:
    """Blocks separated by a blank line, as `rich.markdown.Markdown` lays them out."""
    blocks, _ = _blocks(_PARSER.parse(text), 0, None)
    spaced: list[RenderableType] = []
    for block in blocks:
        if spaced:
            spaced.append(Text())
        spaced.append(block)
    return Group(*spaced)


def _blocks(tokens: Sequence[Token], at: int, close: str | None) -> tuple[list[RenderableType], int]:
    """The blocks from `tokens[at]` to the token of type `close` (or the end), and the index after it."""
    blocks: list[RenderableType] = []
    while at < len(tokens):
        token = tokens[at]
        kind = token.type
        if kind == close:
            return blocks, at + 1
        if kind in ("paragraph_open", "heading_open"):  # then the inline token, then the close
            blocks.append(_inline(tokens[at + 1], "bold" if kind == "heading_open" else ""))
            at += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            rows, at = _list(tokens, at)
            blocks.append(rows)
        elif kind in ("blockquote_open", "list_item_open"):
            inner, at = _blocks(tokens, at + 1, kind.replace("_open", "_close"))
            blocks.extend(inner)
        elif token.content:  # code, html, a table's cells: as written
            blocks.append(Text(token.content.rstrip("\n")))
            at += 1
        else:
            at += 1
    return blocks, at


def _list(tokens: Sequence[Token], at: int) -> tuple[Table, int]:
    """A list as a grid: the bullet (or number) in one column, the item's blocks in the other."""
    opening = tokens[at]
    ordered = opening.type == "ordered_list_open"
    number = int(opening.attrs.get("start", 1)) if ordered else 0
    close = opening.type.replace("_open", "_close")
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")  # a long URL breaks rather than being cut off
    at += 1
    while tokens[at].type != close:  # list_item_open
        blocks, at = _blocks(tokens, at + 1, "list_item_close")
        marker = f" {number}." if ordered else f" {BULLET}"
        grid.add_row(marker, Group(*blocks))
        number += 1
    return grid, at + 1


def _inline(token: Token, style: str) -> Text:
    """One paragraph or heading: bold, italic, code and links as styles; line breaks as in the source."""
    text = Text(style=style)
    styles: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "html_inline", "code_inline"):
            text.append(child.content, " ".join(styles) or None)
        elif kind == "softbreak":
            text.append(" ")
        elif kind == "hardbreak":
            text.append("\n")
        elif kind == "image":
            text.append(child.content or str(child.attrs.get("src", "")), " ".join(styles) or None)
        elif kind == "link_open":
            styles.append(f"underline link {child.attrs.get('href', '')}")
        elif kind in INLINE_STYLES:
            styles.append(INLINE_STYLES[kind])
        elif kind.endswith("_close") and styles:
            styles.pop()
    return text
