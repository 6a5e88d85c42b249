"""The end of the walkthrough: what is done, what is left, how to share."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from screens.checklist_app import ChecklistApp
from screens.text import MarkdownText
from screens.workarounds import SteadyFooter
from tui.core.clean import markdown_text
from tui.core.progress import attention


class FinishScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,enter", "app.pop_screen", "Done"),
        Binding("s", "share", "Share"),
    ]
    app: ChecklistApp

    def compose(self) -> ComposeResult:
        states = [s for s in self.app.states() if not s.skipped]
        done = [s.provider.name for s in states if s.status == "done"]
        left = attention(states)
        lines = ["## Walkthrough finished", ""]
        done_text = ", ".join(map(markdown_text, done)) if done else "no service is complete yet"
        lines.append(f"**Done:** {done_text}.")
        lines += ["", f"**Still to do:** {len(left)} steps." if left else "**Still to do:** nothing. Well done."]
        lines += [f"- {markdown_text(item.provider.name)}: {markdown_text(item.step.title)}" for item in left[:12]]
        if len(left) > 12:
            lines.append(f"- and {len(left) - 12} more: press o on the home screen to see them all")
        lines += [
            "",
            "Come back any time: offrecord shows what is open, what to check again, and what changed.",
            "",
            "To share where you stand, press **s** (or run `offrecord summary --format markdown`).",
        ]
        yield Header()
        with VerticalScroll(id="finish"):
            yield MarkdownText("\n".join(lines), id="finish-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Finished"

    async def action_share(self) -> None:
        self.app.pop_screen()
        await self.app.run_action("share")
