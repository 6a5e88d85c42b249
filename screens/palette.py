"""Command palette entries: jump to any service or step by name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import OffrecordApp


class OffrecordCommands(Provider):
    """Every service ("Open ChatGPT") and every step ("ChatGPT: Turn off ...")."""

    app: OffrecordApp

    def _entries(self) -> list[tuple[str, str, str | None]]:
        entries: list[tuple[str, str, str | None]] = []
        for provider in self.app.catalog.providers:
            entries.append((f"Open {provider.name} ({provider.company})", provider.id, None))
            entries += [(f"{provider.name}: {step.title}", provider.id, step.id) for step in provider.steps]
        return entries

    async def discover(self) -> Hits:
        for provider in self.app.catalog.providers:
            yield DiscoveryHit(
                f"Open {provider.name}",
                partial(self.app.action_open_provider, provider.id),
                help=provider.summary,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, provider_id, step_id in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.action_open_provider, provider_id, step_id), text=text)
