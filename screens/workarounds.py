"""Every use of Textual's private API, in one place, so that a Textual upgrade breaks here alone.

Textual is pinned exactly (pyproject.toml) because of this module. Each workaround says what
Textual does, why offrecord needs otherwise, and which upstream issue tracks it;
tests/tui/test_workarounds.py fails when a private name used here disappears.
"""

from __future__ import annotations

from textual._styles_cache import StylesCache
from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Checkbox, Footer

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


class SteadyFooter(Footer):
    """A Footer that rebuilds its keys only when the keys it shows change.

    Textual's Footer recomposes on every `bindings_updated` signal, which a screen publishes on
    every change of focus, even when the keys shown stay the same (moving from step to step, or
    to the next provider's first step). Each FooterKey it makes is `data_bind`-ed to the Footer,
    which keeps a reference to it after a recompose removes it: the old keys, and their rendered
    lines, are never freed. Upstream: not yet reported; the behaviour is in `Footer.compose`
    (`.data_bind(compact=Footer.compact)`) and `DOMNode.data_bind`, which keep the removed keys.
    Skipping the recomposes that change nothing keeps the leak to real changes of keys.
    """

    shown: frozenset[tuple[str, str, bool]] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        keys = frozenset((binding.key, binding.description, enabled)  # the order moves with the focus
                         for _, binding, enabled, _ in screen.active_bindings.values() if binding.show)
        if keys == self.shown and self.children:
            return
        self.shown = keys
        super().bindings_changed(screen)
