"""The step's checkbox: a tick when on, a blank when off, and a label that wraps."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size

from screens.workarounds import GlyphCheckbox


class StepCheckbox(GlyphCheckbox):
    """A step's box: its long label wraps over several lines, and the ticked button takes its
    colours from the `step--ticked` component class (screens/provider.tcss)."""

    COMPONENT_CLASSES = {"step--ticked"}
    ticked_class = "step--ticked"

    def watch_value(self) -> None:
        self.post_message(self.Changed(self, self.value))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.render().get_height(self.styles, width)  # type: ignore[arg-type]  # RenderStyles is a RulesMap at run time

    def show_label(self, label: Content) -> None:
        """Change the label; a tick only swaps "[open]" for "[done]", which wraps the same, and a
        repaint of this one widget shows it several times sooner than a layout of the screen."""
        self.relabel(label, layout=_word_widths(label.plain) != _word_widths(self.label_text))


def _word_widths(text: str) -> list[int]:
    """What wrapping depends on: two texts with the same word widths wrap the same at any width."""
    return [cell_len(word) for word in text.split(" ")]
