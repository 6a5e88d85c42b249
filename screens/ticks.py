"""Toggles that show a tick when on and a blank when off: status never told by colour alone."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton

TICK, BLANK = "✔", " "


class StepCheckbox(Checkbox):
    """A Checkbox with a tick, whose long label wraps over several lines.

    The ticked button takes its colours from the `step--ticked` component class when drawn,
    rather than from the `-on` class: changing a class makes Textual apply the stylesheet to the
    box again, about a millisecond on every tick."""

    COMPONENT_CLASSES = {"step--ticked"}

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("step--ticked" if self.value else "toggle--button")
        side = Style(foreground=style.background, background=self.background_colors[1])
        inner = TICK if self.value else BLANK
        return Content.assemble((self.BUTTON_LEFT, side), (inner, style), (self.BUTTON_RIGHT, side))

    def watch_value(self) -> None:
        self.post_message(self.Changed(self, self.value))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.render().get_height(self.styles, width)

    def show_label(self, label: Content) -> None:
        """Change the label, laying the screen out again only when it may wrap differently.

        The `label` setter always lays out the whole screen; a tick only swaps "[open]" for "[done]",
        and a repaint of this one widget shows it several times sooner."""
        new = self._make_label(label)
        same_wrap = _word_widths(new.plain) == _word_widths(self._label.plain)
        self._label = new
        self.refresh(layout=not same_wrap)


def _word_widths(text: str) -> list[int]:
    """What wrapping depends on: two texts with the same word widths wrap the same at any width."""
    return [cell_len(word) for word in text.split(" ")]


class TickSelectionList(SelectionList[str]):
    """A SelectionList whose buttons show a tick for the selected options."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        option = self.get_option_at_index(self.scroll_offset.y + y)
        segments[1] = Segment(TICK if option.value in self.selected else BLANK, segments[1].style)
        return Strip(segments, strip.cell_length)
