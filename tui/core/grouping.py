"""Providers grouped by category, the groups ordered by their most used member."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from tui.core.catalog import Provider
from tui.core.progress import ProviderState

T = TypeVar("T")

GROUP_NAMES = {
    "chat": "Chat assistants",
    "voice": "Voice assistants",
    "social": "Social networks and messaging",
    "workplace": "Work tools",
    "email": "Email",
    "device": "Devices and glasses",
    "developer": "Developer tools",
    "creative": "Creative and publishing",
}


def split_by_use(states: Iterable[ProviderState]) -> tuple[list[tuple[str, list[ProviderState]]], list[ProviderState]]:
    """The services in use, grouped; then those the person said they do not use, in catalog order."""
    states = list(states)
    return grouped([s for s in states if not s.skipped], lambda s: s.provider), [s for s in states if s.skipped]


def grouped(items: Iterable[T], provider_of: Callable[[T], Provider]) -> list[tuple[str, list[T]]]:
    """(heading, members) pairs; members keep their catalog order (rank, then name)."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(provider_of(item).category, []).append(item)
    ordered = sorted(groups.items(), key=lambda pair: min(provider_of(i).rank for i in pair[1]))
    return [(GROUP_NAMES[category], members) for category, members in ordered]
