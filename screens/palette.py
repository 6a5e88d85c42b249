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

    def _entries(self) -> list[tuple[str, str, str | None]]:
        entries: list[tuple[str, str, str | None]] = []
        for provider in self.checklist.catalog.providers:
            entries.append((f"Open {provider.name} ({provider.company})", provider.id, None))
            entries += [(f"{provider.name}: {step.title}", provider.id, step.id) for step in provider.steps]
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
        for text, provider_id, step_id in self._entries():
            score = matcher.match(text)
            if score > 0:
                open_it = partial(self.app.post_message, OpenProvider(provider_id, step_id))
                yield Hit(score, highlighted(matcher, text), open_it, text=clean(text))
