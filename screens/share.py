"""The summary previewed, then copied or saved as Markdown, JSON or a picture."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from screens.checklist_app import ChecklistApp
from screens.text import MarkdownText, plain
from screens.workarounds import SteadyFooter
from tui.core.files import FileProblem, unused_name, write_output
from tui.core.progress import ProviderState
from tui.core.summary import build_summary, render_json
from tui.core.summary import render_markdown as summary_markdown


class ShareScreen(Screen[None]):
    """Each action says what it did and where the file went. Files are never overwritten: a second
    save the same day gets a new name."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("c", "copy", "Copy"),
        Binding("m", "save('markdown')", "Save .md"),
        Binding("j", "save('json')", "Save .json"),
        Binding("v", "picture", "Save picture"),
    ]
    app: ChecklistApp

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "c copies the Markdown below; m and j save it as Markdown or JSON; v saves a picture (SVG). "
            "Files go to the folder you started offrecord from. Your notes stay out of it.",
            id="share-help", markup=False,
        )
        with VerticalScroll(id="preview"):
            yield MarkdownText(self.markdown(), id="summary")
        yield Static(id="last-action", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Share a summary"

    def _summary(self) -> tuple[dict[str, Any], list[ProviderState]]:
        states = self.app.states()
        label = self.app.record.settings.get("label")
        label = label if isinstance(label, str) else None
        app = self.app
        summary = build_summary(app.catalog, states, app.clock(), label=label, stale_after=app.stale_after)
        return summary, states

    def markdown(self) -> str:
        summary, states = self._summary()
        return summary_markdown(summary, states)

    def _done(self, message: str) -> None:
        self.query_one("#last-action", Static).update(plain(message))
        self.notify(message, title="Share")

    def _path(self, suffix: str) -> Path:
        """A new file in the folder offrecord was started from (the home folder if that is gone)."""
        folder = self.folder
        if folder is None:
            try:
                folder = Path.cwd()
            except OSError:
                folder = Path.home()
        return unused_name(folder, f"offrecord-summary-{self.app.clock().date().isoformat()}", suffix)

    def _protected(self) -> list[Path]:
        record = Path(os.path.realpath(self.app.record_path))
        return [self.app.record_path, record, Path(f"{record}.lock")]

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.markdown())
        self._done(
            "Sent the Markdown summary to the clipboard. Some terminals (tmux without set-clipboard, "
            "macOS Terminal) do not pass it on: if nothing pastes, press m to save it as a file."
        )

    def action_save(self, fmt: str) -> None:
        summary, states = self._summary()
        text = summary_markdown(summary, states) if fmt == "markdown" else render_json(summary)
        path = self._path("md" if fmt == "markdown" else "json")
        try:
            write_output(path, text.encode("utf-8"), self._protected())
        except FileProblem as problem:
            self.notify(f"Not saved: {problem}", title="Not saved", severity="error")
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
