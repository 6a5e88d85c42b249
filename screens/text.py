"""How text from files is drawn: as plain text, or as Markdown through the one renderer here.

Every string from a provider file, a summary, a note, a label or a path is data. `plain` makes it
a `Content` that Textual never parses as markup, with the characters that could act on the
terminal replaced (`tui.core.clean`). Markdown (a provider's `risk`, and the screens offrecord builds
from escaped text: share, finish, help) is drawn by `render_markdown`, which turns only https links
into links: any other link is shown as its text.

Not `rich.markdown`: it imports Pygments to highlight code blocks, which this text never has, and
and every session would carry it. markdown-it (Textual's own Markdown parser) reads the text;
paragraphs and headings become rich `Text`, a list a grid with the bullet in its own column (so
wrapped lines hang under their text), and a table a rich Table. Blocks this text does not use
(code, quotes, raw HTML) are shown as their plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from tui.core.clean import clean, is_https

_PARSER = MarkdownIt("commonmark").enable("table")
BULLET = "•"
INLINE_STYLES = {"strong_open": "bold", "em_open": "italic"}


def plain(text: str) -> Content:
    """Text from a file as Content: never markup, never a control character."""
    return Content(clean(text))


class MarkdownText(Static):
    """Markdown drawn by `render_markdown`, keeping its `source` (a Static, far lighter than
    Textual's Markdown widget, which makes a widget per block)."""

    def __init__(self, source: str, *, id: str | None = None) -> None:
        super().__init__(render_markdown(source), id=id)
        self.source = source


def plain_lines(text: str) -> Content:
    """`plain` for text whose line breaks matter (a prepared request)."""
    return Content(clean(text, lines=True))


def render_markdown(text: str) -> Group:
    """Blocks separated by a blank line, as `rich.markdown.Markdown` lays them out."""
    blocks, _ = _blocks(_PARSER.parse(clean(text, lines=True)), 0, None)
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
        elif kind == "table_open":
            table, at = _table(tokens, at)
            blocks.append(table)
        elif kind in ("blockquote_open", "list_item_open"):
            inner, at = _blocks(tokens, at + 1, kind.replace("_open", "_close"))
            blocks.extend(inner)
        elif token.content:  # code, html: as written
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


def _table(tokens: Sequence[Token], at: int) -> tuple[Table, int]:
    """A GFM table as a rich Table: the header row in bold, the cells' inline text as paragraphs."""
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), show_edge=False, expand=False)
    row: list[Text] = []
    header = True
    at += 1
    while tokens[at].type != "table_close":
        kind = tokens[at].type
        if kind in ("th_open", "td_open"):
            row.append(_inline(tokens[at + 1], ""))
            at += 3
            continue
        if kind == "tr_close":
            if header:
                for cell in row:
                    table.add_column(cell, overflow="fold")
            else:
                table.add_row(*row)
            row = []
        elif kind == "thead_close":
            header = False
        at += 1
    return table, at + 1


def _inline(token: Token, style: str) -> Text:
    """One paragraph or heading: bold, italic, code and https links as styles; line breaks as in
    the source. A link to anything but https is drawn as its text only."""
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
            href = str(child.attrs.get("href", ""))
            styles.append(f"underline link {href}" if is_https(href) else "")
        elif kind in INLINE_STYLES:
            styles.append(INLINE_STYLES[kind])
        elif kind.endswith("_close") and styles:
            styles.pop()
    return text
