"""A provider's page as plain text or Markdown: what the TUI page shows, for `offrecord show`, the
line-mode walk and a screen reader.

The page is a list of blocks (a title, headings, paragraphs, list items, steps and the facts of
each step); `render_text` wraps it at 80 columns, `render_markdown` escapes every value. A URL is
never broken: it stands whole on its own line, after at most a short label such as `Link:`.
Every value from the catalog or the record passes through `clean` (text) or `markdown_text`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from tui.core.catalog import PLATFORM_NAMES, Provider, Step
from tui.core.clean import clean, is_https, markdown_text
from tui.core.progress import DEFAULT_RESPONSE_DAYS, STATE_WORDS, StepState, step_state
from tui.core.record import Record
from tui.core.settings import chosen_platforms

WIDTH = 80
_LABEL_MAX = 24  # "If it looks different:" is the longest label a URL may follow on its line


class Block(NamedTuple):
    kind: str
    """`title`, `heading`, `text`, `item` (a list item), `step` (a step's title and state) or `fact`."""
    text: str
    label: str = ""
    """A fact's label (`Web`, `Control`, `Link`); empty for the step's instructions."""
    link: bool = False
    """The text is a URL: kept whole, and a link in Markdown when it is https."""


def step_heading(item: StepState) -> str:
    """The title, then the state in words: `Switch off training  [re-verify: checked 200 days ago]`."""
    hint = f": {item.hint}" if item.hint else ""
    return f"{item.step.title}  [{STATE_WORDS[item.state]}{hint}]"


def step_facts(step: Step, platforms: Sequence[str] = (), note: str | None = None) -> list[Block]:
    """What to do and where, one fact a block: each platform's path (the person's `platforms`
    first), the control's label, the request's details, the link and the source."""
    facts = [Block("fact", step.how)]
    if step.path:
        facts.append(Block("fact", step.path, "Where"))
    paths = sorted(step.paths, key=lambda pair: pair[0] not in platforms)  # stable: catalog order otherwise
    facts += [Block("fact", path, PLATFORM_NAMES[platform]) for platform, path in paths]
    if step.label:
        facts.append(Block("fact", f"“{step.label}”", "Control"))
    if step.applies_to:
        facts.append(Block("fact", step.applies_to, "Applies to"))
    if step.kind == "request" and step.request:
        request = step.request
        if request.send_to:
            facts.append(Block("fact", request.send_to.removeprefix("mailto:"), "Send to",
                               link=is_https(request.send_to)))
        if request.legal_basis:
            facts.append(Block("fact", request.legal_basis, "Legal basis"))
        if request.legal_source:
            facts.append(Block("fact", request.legal_source, "Basis source", link=True))
        days = request.response_days or DEFAULT_RESPONSE_DAYS
        facts.append(Block("fact", f"{days} days from the day it is sent", "Answer due"))
    if step.unverified:
        facts.append(Block("fact", step.unverified, "If it looks different"))
    if step.url:
        facts.append(Block("fact", step.url, "Link", link=True))
    else:
        facts.append(Block("fact", "none (no direct link to this setting)", "Link"))
    facts.append(Block("fact", step.source, "Source", link=True))
    if step.source_note:
        facts.append(Block("fact", f"({step.source_note})"))
    if note:
        facts.append(Block("fact", note, "Your note"))
    return facts


def page_blocks(provider: Provider, record: Record, now: dt.datetime, stale_after: int | None = None) -> list[Block]:
    """Everything the TUI page shows: the gist, the steps with the person's state of each (on
    every account), why it matters, who it applies to, what the opt-out leaves out, the sources."""
    accounts = record.accounts_of(provider.id)
    platforms = chosen_platforms(record.settings)
    blocks = [Block("title", f"{provider.name} ({provider.company})"), Block("text", provider.summary)]
    if provider.id in record.skipped:
        blocks.append(Block("text", "You marked this service as not used."))
    blocks.append(Block("heading", "Steps"))
    for number, step in enumerate(provider.steps, 1):
        states = [step_state(provider, step, record, now, stale_after, account) for account in accounts]
        if len(states) == 1:
            heading = step_heading(states[0])
        else:
            heading = f"{step.title}  [{'; '.join(f'{s.account}: {STATE_WORDS[s.state]}' for s in states)}]"
        blocks.append(Block("step", f"{number}. {heading}"))
        notes = [f"{s.account}: {s.record.note}" if len(states) > 1 else s.record.note
                 for s in states if s.record and s.record.note]
        blocks += step_facts(step, platforms, "; ".join(notes) or None)
    blocks.append(Block("heading", "Why it matters"))
    blocks += [Block("item", item) for item in _risk_items(provider.risk)]
    blocks.append(Block("heading", "Who this applies to"))
    blocks.append(Block("text", "Accounts:"))
    blocks += [Block("item", account) for account in provider.accounts]
    blocks.append(Block("text", "Regions:"))
    blocks += [Block("item", region) for region in provider.regions]
    if provider.not_covered:
        blocks.append(Block("heading", "What the opt-out does not cover"))
        blocks += [Block("item", item) for item in provider.not_covered]
    if provider.unverified:
        blocks.append(Block("fact", provider.unverified, "If something looks different"))
    blocks.append(Block("heading", f"Sources (reviewed {provider.reviewed.isoformat()})"))
    for source in provider.sources:
        dated = f"read {source.read.isoformat()}"
        if source.published:
            dated = f"published {source.published.isoformat()}, {dated}"
        blocks.append(Block("item", f"{source.title} ({dated}):"))
        blocks.append(Block("fact", source.url, link=True))
    return blocks


def _risk_items(risk: str) -> list[str]:
    """The risk's Markdown bullets as plain sentences (its only markup is `- ` and `**`)."""
    items: list[str] = []
    for line in risk.strip().splitlines():
        text = line.strip().replace("**", "")
        if text.startswith(("- ", "* ")):
            items.append(text[2:])
        elif text and items:
            items[-1] += " " + text
        elif text:
            items.append(text)
    return items


def _is_link(word: str) -> bool:
    return "://" in word or word.lower().startswith(("mailto:", "<mailto:", "(mailto:"))


def wrap(text: str, width: int = WIDTH, first: str = "", rest: str = "") -> list[str]:
    """`text` (cleaned) wrapped at `width`, the first line after `first`, the others after `rest`.
    A URL is never broken: it goes whole on a line of its own, after the words before it only
    when they are a short label ending in a colon. Any other word longer than a line is cut."""
    lines: list[str] = []
    line = ""

    def room() -> int:
        return width - len(rest if lines else first)

    def flush() -> None:
        nonlocal line
        lines.append((rest if lines else first) + line)
        line = ""

    for word in clean(text).split():
        if _is_link(word):
            if line and not (line.endswith(":") and len(line) <= _LABEL_MAX):
                flush()
            line = f"{line} {word}" if line else word
            flush()
            continue
        if line and len(line) + 1 + len(word) > room():
            flush()
        line = f"{line} {word}" if line else word
        while len(line) > room():  # one word longer than a whole line
            cut = max(room(), 1)
            line, left = line[:cut], line[cut:]
            flush()
            line = left
    if line or not lines:
        flush()
    return lines


def render_text(blocks: Iterable[Block], width: int = WIDTH) -> str:
    """The blocks as plain lines: no markup, no escape codes, wrapped at `width`; a step's facts
    indented under its title."""
    out: list[str] = []
    indent = ""
    for block in blocks:
        if block.kind in ("heading", "step"):
            out.append("")
        if block.kind == "step":
            out += wrap(block.text, width, rest="   ")
            indent = "   "
        elif block.kind == "item":
            out += wrap(block.text, width, "- ", "  ")
        elif block.kind == "fact":
            text = f"{block.label}: {block.text}" if block.label else block.text
            out += wrap(text, width, indent, indent + ("  " if block.label else ""))
        else:
            out += wrap(block.text, width)
            indent = ""
    return "\n".join(out) + "\n"


def render_markdown(blocks: Iterable[Block]) -> str:
    """The blocks as Markdown, every value escaped: only https URLs become links."""
    md = markdown_text
    out: list[str] = []
    for block in blocks:
        if block.kind == "title":
            out.append(f"# {md(block.text)}\n")
        elif block.kind == "heading":
            out.append(f"\n## {md(block.text)}\n")
        elif block.kind == "step":
            out.append(f"\n### {md(block.text)}\n")
        elif block.kind == "item":
            out.append(f"- {md(block.text)}")
        elif block.kind == "fact":
            value = f"<{block.text}>" if block.link and is_https(block.text) else md(block.text)
            out.append(f"- **{md(block.label)}:** {value}" if block.label else f"- {value}")
        else:
            out.append(f"\n{md(block.text)}\n")
    return "\n".join(out).strip() + "\n"
