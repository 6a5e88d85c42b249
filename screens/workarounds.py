"""Every use of Textual's private API, in one place, so that a Textual upgrade breaks here alone.

Textual is pinned exactly (pyproject.toml) because of this module. Each workaround says what
Textual does, why offrecord needs otherwise, and which upstream issue tracks it;
tests/tui/test_workarounds.py fails when a private name used here disappears.
"""

from __future__ import annotations

from rich.segment import Segment
from textual._styles_cache import StylesCache
from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, SelectionList

TICK, BLANK = "✔", " "


class OpaqueTopScreen(App[None]):
    """An app whose opaque top screen hides the screens below it from the compositor.

    Textual 8.2.8 (`App._background_screens`) counts the screen below the top one as visible
    whatever the top screen's background, so a change on a hidden screen repaints the whole
    screen above it. offrecord's home Header follows the title, which carries the progress, so
    every tick on a provider page came back as a full-screen repaint. Upstream: not yet reported;
    the behaviour is in `App._background_screens`, which does not look at the top screen's
    background alpha.
    """

    @property
    def _background_screens(self) -> list[Screen]:
        if self.screen.styles.background.a == 1:
            return []
        return super()._background_screens


def forget_removed_widgets() -> None:
    """Let removed widgets' rendered lines go.

    Textual 8 memoises `StylesCache.get_inner_outer` with `functools.lru_cache` on the method, so
    the cache holds the last 1,024 StylesCache objects, each with every line its widget drew
    (https://github.com/Textualize/textual/issues/6665, open). Replacing a provider page leaves
    its widgets there. Clearing it is cheap; live
    widgets fill it again as they draw.
    """
    StylesCache.get_inner_outer.cache_clear()


class GlyphCheckbox(Checkbox):
    """A Checkbox that shows a tick when on and a blank when off, and can change its label without
    laying out the whole screen.

    Textual's ToggleButton draws the same `BUTTON_INNER` in both states, so only colour tells
    them apart; offrecord never says anything by colour alone. There is no public hook for the
    glyph, so the private `_button` property is overridden. Its colours come from the component
    class `ticked_class` when on, not from the `-on` class: changing a class makes Textual apply
    the stylesheet to the box again, on every tick.

    The `label` setter lays out the whole screen (`refresh(layout=True)`), even when the new
    label wraps exactly like the old one; `relabel` sets the private `_label` through the private
    `_make_label` and lays out only when it must. Upstream: not yet reported.
    """

    ticked_class = "toggle--button"

    @property
    def _button(self) -> Content:
        style = self.get_visual_style(self.ticked_class if self.value else "toggle--button")
        side = Style(foreground=style.background, background=self.background_colors[1])
        inner = TICK if self.value else BLANK
        return Content.assemble((self.BUTTON_LEFT, side), (inner, style), (self.BUTTON_RIGHT, side))

    def relabel(self, label: Content, layout: bool) -> None:
        """Show `label`; lay the screen out again only when `layout` (it may wrap differently)."""
        self._label = self._make_label(label)
        self.refresh(layout=layout)

    @property
    def label_text(self) -> str:
        return self._label.plain


class TickSelectionList(SelectionList[str]):
    """A SelectionList whose buttons show a tick for the selected options (see GlyphCheckbox).

    SelectionList draws each option's button as the segments BUTTON_LEFT, BUTTON_INNER,
    BUTTON_RIGHT at the start of the line, with no hook for the glyph: the second segment is
    swapped here. This relies on that layout of `render_line`'s segments, not on a private name.
    """

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        option = self.get_option_at_index(self.scroll_offset.y + y)
        segments[1] = Segment(TICK if option.value in self.selected else BLANK, segments[1].style)
        return Strip(segments, strip.cell_length)
