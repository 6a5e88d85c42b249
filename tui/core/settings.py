"""The person's settings: one list, read by `offrecord set` and the TUI alike.

Each setting has the name people type (`stale-after`) and the key it is kept under in the record
(`stale_after`, as schema 1 already kept it), a parser that turns typed text into the value and
says the valid ones when it cannot, and a way to show the value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from tui.core.catalog import PLATFORMS, REGIONS
from tui.core.clean import UNSAFE

# Where a person lives: the catalog's region codes, and `other` for everywhere else.
REGION_CHOICES = {**REGIONS, "other": "Somewhere else"}
MAX_TEXT = 120

MAX_STALE_AFTER = 36500
# Textual 8.2.8's built-in themes (tests/tui/test_settings.py checks this list against Textual's).
THEMES = ("ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe", "catppuccin-latte",
          "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki", "gruvbox", "monokai", "nord", "rose-pine",
          "rose-pine-dawn", "rose-pine-moon", "solarized-dark", "solarized-light", "textual-dark", "textual-light",
          "tokyo-night")


class SettingError(ValueError):
    """A setting or a value that cannot be used; the message names the valid ones."""


class Setting(NamedTuple):
    name: str  # as typed: `offrecord set stale-after 90`
    key: str  # as kept in the record
    about: str
    parse: Callable[[str], Any]
    show: Callable[[Any], str] = str


def _platforms(text: str) -> list[str]:
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    wrong = [part for part in chosen if part not in PLATFORMS]
    if wrong or not chosen:
        raise SettingError(f"'{wrong[0] if wrong else text}' is not a platform; choose from: {', '.join(PLATFORMS)}")
    return [platform for platform in PLATFORMS if platform in chosen]


def _days(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_STALE_AFTER:
        raise SettingError(f"'{text}' is not a whole number of days from 0 to {MAX_STALE_AFTER}")
    return int(text)


def _region(text: str) -> str:
    code = text.strip().lower()
    if code not in REGION_CHOICES:
        raise SettingError(f"'{text}' is not a region; choose from: {', '.join(REGION_CHOICES)}")
    return code


def _text(what: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        text = text.strip()
        if not text or len(text) > MAX_TEXT or UNSAFE.search(text) or "\n" in text:
            raise SettingError(f"{what} is one line of 1 to {MAX_TEXT} characters")
        return text
    return parse


def _email(text: str) -> str:
    text = _text("an email address")(text)
    local, at, domain = text.partition("@")
    if not (at and local and "." in domain) or any(c in text for c in " <>\"'(),;:[]\\"):
        raise SettingError(f"'{text}' is not an email address (name@example.com)")
    return text


def _theme(text: str) -> str:
    if text not in THEMES:
        raise SettingError(f"'{text}' is not a theme; choose from: {', '.join(THEMES)}")
    return text


SETTINGS: dict[str, Setting] = {setting.name: setting for setting in (
    Setting("platforms", "platforms", "the platforms you use (web, ios, android, windows, macos): their paths "
            "come first", _platforms, lambda value: ", ".join(value)),
    Setting("stale-after", "stale_after", "days before a done step is due a re-check (else the catalog's, "
            "180 by default)", _days),
    Setting("theme", "theme", "the colour theme of the checklist", _theme),
    Setting("region", "region", f"where you live, so steps for elsewhere leave the list ({', '.join(REGION_CHOICES)})",
            _region, lambda value: f"{value} ({REGION_CHOICES.get(value, value)})"),
    Setting("name", "name", "your name, to fill in requests (kept in your record only, never shared)",
            _text("a name")),
    Setting("email", "email", "your email address, to fill in requests (kept in your record only, never shared)",
            _email),
)}


def setting(name: str) -> Setting:
    found = SETTINGS.get(name)
    if found is None:
        raise SettingError(f"there is no setting '{name}'; the settings: {', '.join(SETTINGS)}")
    return found


def chosen_platforms(settings: Any) -> list[str]:
    """The platforms the person said they use, in catalog order; [] until they say."""
    value = settings.get("platforms")
    return [p for p in PLATFORMS if p in value] if isinstance(value, list) else []


def chosen_region(settings: Any) -> str | None:
    value = settings.get("region")
    return value if value in REGION_CHOICES else None
