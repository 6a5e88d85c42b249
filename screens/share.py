"""The summary previewed, then copied or saved as Markdown, JSON or a picture."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from tui.summary import build_summary, render_json, render_markdown

if TYPE_CHECKING:
    from tui.app import OffrecordApp


class ShareScreen(Screen[None]):
    """Each action says what it did and where the file went."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("c", "copy", "Copy"),
        Binding("m", "save('markdown')", "Save .md"),
        Binding("j", "save('json')", "Save .json"),
        Binding("v", "picture", "Save picture"),
    ]
    app: OffrecordApp

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or Path.cwd()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "c copies the Markdown below; m and j save it as Markdown or JSON; v saves a picture (SVG). "
            "Files go to the folder you started offrecord from. Your notes stay out of it.",
            id="share-help", markup=False,
        )
        with VerticalScroll(id="preview"):
            yield Markdown(self.markdown(), id="summary")
        yield Static(id="last-action", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Share a summary"

    def _summary(self) -> tuple[dict, list]:
        states = self.app.states()
        return build_summary(self.app.catalog, states, self.app.clock(), label=self.app.record.settings.get("label")), states

    def markdown(self) -> str:
        summary, states = self._summary()
        return render_markdown(summary, states)

    def _done(self, message: str) -> None:
        self.query_one("#last-action", Static).update(message)
        self.notify(message, title="Share")

    def _path(self, suffix: str) -> Path:
        return self.folder / f"offrecord-summary-{self.app.clock().date().isoformat()}.{suffix}"

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.markdown())
        self._done(
            "Sent the Markdown summary to the clipboard. Some terminals (tmux without set-clipboard, "
            "macOS Terminal) do not pass it on: if nothing pastes, press m to save it as a file."
        )

    def action_save(self, fmt: str) -> None:
        summary, states = self._summary()
        text = render_markdown(summary, states) if fmt == "markdown" else render_json(summary)
        path = self._path("md" if fmt == "markdown" else "json")
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror}", title="Not saved", severity="error")
            return
        self._done(f"Saved the {fmt} summary to {path}")

    def action_picture(self) -> None:
        path = self._path("svg")
        try:
            self.app.save_screenshot(path.name, str(path.parent))
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror}", title="Not saved", severity="error")
            return
        self._done(f"Saved a picture of this summary to {path}")
