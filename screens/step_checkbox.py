"""A Checkbox for a step: a tick or a blank (not colour alone), and a label that wraps."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox


class StepCheckbox(Checkbox):
    """Shows ✔ when ticked and a blank when not, and wraps long titles over several lines."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✔" if self.value else " "
        return super()._button

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.render().get_height(self.styles, width)
