"""`?`: every key of the screen beneath, and the shell commands."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen

from screens.text import MarkdownText
from tui.core.clean import markdown_text

SHELL = """\
### From the shell

| command | does |
| --- | --- |
| `offrecord status` | what needs doing (exit 1 when something does) |
| `offrecord mark PROVIDER/STEP [--na or --failed]` | record a step |
| `offrecord summary --format markdown` | a summary to share (also `text`, `json`) |
| `offrecord report FOLDER` | a team view from many JSON summaries |
| `offrecord providers [TEXT]` | the services and your progress |

`offrecord --help` lists them all.
"""

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Escape", "enter": "Enter", "space": "Space",
             "ctrl+p": "ctrl+p", "up": "Up", "down": "Down"}


def key_table(screen: Screen, app_bindings: Iterable[Binding | tuple[str, ...]]) -> str:
    """A Markdown table of the screen's bindings, then the app's."""
    keys_by_action: dict[str, list[str]] = {}  # bindings sharing a description share a row: "Down or j"
    for binding in [*screen.BINDINGS, *app_bindings]:
        if isinstance(binding, Binding):
            keys = keys_by_action.setdefault(binding.description, [])
            keys += [KEY_NAMES.get(key, key) for key in binding.key.split(",") if KEY_NAMES.get(key, key) not in keys]
    rows = ["| key | does |", "| --- | --- |"]
    rows += [f"| {' or '.join(keys)} | {action} |" for action, keys in keys_by_action.items()]
    rows.append("| ctrl+p | command palette: jump to any service or step, theme, share |")
    return "\n".join(rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def __init__(self, beneath: Screen) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        title = markdown_text(self.beneath.sub_title or "offrecord")
        text = f"## Keys: {title}\n\n{key_table(self.beneath, type(self.app).BINDINGS)}\n\n{SHELL}"
        with VerticalScroll(classes="dialog help"):
            yield MarkdownText(text, id="help-text")
