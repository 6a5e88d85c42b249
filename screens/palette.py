"""Command palette entries: jump to any service or step by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from screens.checklist_app import ChecklistApp
from screens.messages import OpenProvider
from screens.text import plain
from tui.core.clean import clean


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` as plain Content with the matched letters highlighted. Not `Matcher.highlight`, which
    parses its argument as markup: a step title is catalog text, and `[@click=...]` in it would run."""
    content = plain(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    for offset in offsets:
        if not content.plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ChecklistCommands(Provider):
    """Every service ("Open ChatGPT") and every step ("ChatGPT: Turn off ...")."""

    @property
    def checklist(self) -> ChecklistApp:
        app = self.app
        assert isinstance(app, ChecklistApp)
        return app

    def _entries(self) -> list[tuple[str, OpenProvider]]:
        entries: list[tuple[str, OpenProvider]] = []
        for provider in self.checklist.catalog.providers:
            entries.append((f"Open {provider.name} ({provider.company})", OpenProvider(provider.id)))
            entries.append((f"{provider.name}: accounts (add, rename, remove)",
                            OpenProvider(provider.id, manage_accounts=True)))
            entries += [(f"{provider.name}: {step.title}", OpenProvider(provider.id, step.id))
                        for step in provider.steps]
        return entries

    async def discover(self) -> Hits:
        for provider in self.checklist.catalog.providers:
            yield DiscoveryHit(
                plain(f"Open {provider.name}"),
                partial(self.app.post_message, OpenProvider(provider.id)),
                help=escape(clean(provider.summary)),  # the palette parses help as markup
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, message in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text), partial(self.app.post_message, message), text=clean(text))
