"""Lists of choices with a tick on each one chosen: the services at the welcome, the platforms.

A TickList takes its keys itself, as they arrive (Up, Down, Space, Enter, Tab, and whatever a
subclass adds), rather than through bindings: a binding runs only once the key has travelled up
to the app, and a burst of keys would then be handled out of order. Keys that reached a list
after Tab moved the focus to another list are handed on to it. Its bindings are for the Footer
(and a click on it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from screens.text import plain
from screens.workarounds import BLANK, TICK


class TickList(OptionList):
    """Choices by id; `chosen` holds the ids ticked. Enter posts `Start`."""

    @dataclass
    class Start(Message):
        """Enter: done choosing."""

    BINDINGS = [
        Binding("space", "toggle_choice", "Select"),
        Binding("enter", "start", "Done"),
    ]

    def __init__(self, chosen: set[str], id: str) -> None:
        super().__init__(id=id)
        self.chosen = chosen

    def entries(self) -> Iterator[tuple[str | None, Content]]:
        """(id, label) of each line to show; a None id is a heading."""
        raise NotImplementedError

    def prompt(self, option_id: str, label: Content) -> Content:
        return Content.assemble(f"▐{TICK if option_id in self.chosen else BLANK}▌ ", label)

    def show(self) -> None:
        """Fill the list, keeping the highlight where it was."""
        current = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        self.labels: dict[str, Content] = {}
        for option_id, label in self.entries():
            if option_id is None:
                self.add_option(Option(label, disabled=True))
            else:
                self.labels[option_id] = label
                self.add_option(Option(self.prompt(option_id, label), id=option_id))
        self.highlight(current)

    def highlight(self, option_id: str | None = None) -> None:
        """Put the cursor on `option_id`, else on the first choice (never on a heading)."""
        ids = [self.get_option_at_index(i).id for i in range(self.option_count)]
        if option_id is not None and option_id in ids:
            self.highlighted = ids.index(option_id)
        elif any(ids):
            self.highlighted = next(i for i, found in enumerate(ids) if found)

    def toggle(self) -> None:
        option = self.highlighted_option
        if option is None or option.id is None or self.highlighted is None:
            return
        self.chosen ^= {option.id}
        self.replace_option_prompt_at_index(self.highlighted, self.prompt(option.id, self.labels[option.id]))

    def other_key(self, event: Key) -> bool:
        """A key a subclass takes; True when taken."""
        return False

    def on_key(self, event: Key) -> None:
        focused = self.screen.focused
        if focused is not self and isinstance(focused, TickList):
            focused.on_key(event)  # sent here before Tab moved the focus on: it belongs there
            return
        keys: dict[str, Callable[[], object]] = {
            "down": self.action_cursor_down, "up": self.action_cursor_up, "space": self.toggle,
            "enter": self.action_start, "tab": self.screen.focus_next, "shift+tab": self.screen.focus_previous,
        }
        if event.key in keys:
            keys[event.key]()
        elif not self.other_key(event):
            return
        event.stop()
        event.prevent_default()

    def action_toggle_choice(self) -> None:
        self.toggle()

    def action_start(self) -> None:
        self.post_message(self.Start())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click on a choice ticks it (or clears it)."""
        event.stop()
        self.toggle()


class PlatformPicker(TickList):
    """The platforms a person uses: their click paths come first on every page."""

    def __init__(self, chosen: set[str]) -> None:
        super().__init__(chosen, id="platforms")

    def entries(self) -> Iterator[tuple[str | None, Content]]:
        from tui.core.catalog import PLATFORM_NAMES

        for platform, name in PLATFORM_NAMES.items():
            yield platform, plain(name)


class RegionPicker(TickList):
    """Where a person lives: one choice (choosing one clears the others)."""

    def __init__(self, chosen: str | None) -> None:
        super().__init__({chosen} if chosen else set(), id="region")

    def entries(self) -> Iterator[tuple[str | None, Content]]:
        from tui.core.settings import REGION_CHOICES

        for code, name in REGION_CHOICES.items():
            yield code, plain(name)

    def toggle(self) -> None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        self.chosen = set() if option.id in self.chosen else {option.id}
        self.show()

    @property
    def chosen_code(self) -> str | None:
        return next(iter(self.chosen), None)
