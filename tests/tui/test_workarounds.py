"""Each private Textual name screens/workarounds.py relies on still exists and still does its job.

When Textual is upgraded, a failure here names the workaround to look at again.
"""

from __future__ import annotations

import inspect

from textual._styles_cache import StylesCache
from textual.app import App
from textual.widgets import Checkbox
from textual.widgets._toggle_button import ToggleButton

from screens.workarounds import BLANK, TICK, GlyphCheckbox, OpaqueTopScreen, forget_removed_widgets


def test_the_private_names_exist() -> None:
    assert isinstance(inspect.getattr_static(App, "_background_screens"), property)
    assert callable(StylesCache.get_inner_outer.cache_clear)  # the lru_cache of textual#6665
    assert isinstance(inspect.getattr_static(ToggleButton, "_button"), property)
    assert callable(ToggleButton._make_label)
    assert hasattr(Checkbox("x"), "_label")


def test_the_overrides_override_something() -> None:
    assert "_background_screens" in vars(OpaqueTopScreen)
    assert "_button" in vars(GlyphCheckbox)


def test_forgetting_removed_widgets_empties_the_cache() -> None:
    forget_removed_widgets()
    assert StylesCache.get_inner_outer.cache_info().currsize == 0


async def test_the_glyph_shows_the_state() -> None:
    class Boxes(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield GlyphCheckbox("on", value=True, id="on")
            yield GlyphCheckbox("off", value=False, id="off")

    app = Boxes()
    async with app.run_test() as pilot:
        await pilot.pause()
        on, off = app.query_one("#on", GlyphCheckbox), app.query_one("#off", GlyphCheckbox)
        assert TICK in on._button.plain and BLANK in off._button.plain and TICK not in off._button.plain
        off.relabel(off._make_label("changed"), layout=False)
        assert off.label_text == "changed"
