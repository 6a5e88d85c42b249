"""Counting in words, for every sentence offrecord writes."""


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 step`, `2 steps`; `many` where adding an s is wrong (`1 reply is`, `2 replies are`)."""
    return f"{count} {one if count == 1 else many or one + 's'}"
