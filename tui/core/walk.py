"""The guided first-run walk through the services a person chose, kept in the record's settings."""

from __future__ import annotations

from typing import Any, NamedTuple

WALK_SETTING = "walk"


class Walk(NamedTuple):
    """The chosen services in order, and where the person is among them."""

    queue: tuple[str, ...]
    at: int = 0

    @classmethod
    def from_setting(cls, value: Any, known: list[str]) -> Walk | None:
        """The saved walk, without services no longer in the catalog; None when there is none."""
        if not isinstance(value, dict):
            return None
        queue = tuple(p for p in value.get("queue", ()) if p in known)
        index = value.get("index", 0)
        if not queue or not isinstance(index, int):
            return None
        return cls(queue, min(max(index, 0), len(queue) - 1))

    def to_setting(self) -> dict[str, Any]:
        return {"queue": list(self.queue), "index": self.at}

    @property
    def current(self) -> str:
        return self.queue[self.at]

    @property
    def position(self) -> str:
        return f"{self.at + 1} of {len(self.queue)}"

    def moved(self, delta: int) -> Walk | None:
        """The walk one service on or back; None past the end (the walk is finished)."""
        index = self.at + delta
        if index >= len(self.queue):
            return None
        return Walk(self.queue, max(index, 0))
