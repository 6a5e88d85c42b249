"""A request step's prepared request: read it, copy it, save it, open the form or an email, then
record that it went, and later its answer."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from screens.checklist_app import ChecklistApp
from screens.messages import RecordRequest, SaveSetting
from screens.text import plain, plain_lines
from screens.workarounds import SteadyFooter
from tui.core.catalog import Provider, Step
from tui.core.files import FileProblem, unused_name, write_output
from tui.core.requests import MissingDetail, PreparedRequest, as_text, mailto, prepare
from tui.core.settings import SettingError, setting


class RequestScreen(Screen[None]):
    """The request filled in with the person's name and email (asked for here when missing, and
    kept in their record only)."""

    AUTO_FOCUS = ""  # a box has the focus only while a detail is missing: c, s, o and m are letters there
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("c", "copy", "Copy"),
        Binding("s", "save", "Save .txt"),
        Binding("o", "open", "Open form/email"),
        Binding("m", "sent", "Mark sent"),
        Binding("g", "answer('granted')", "Granted"),
        Binding("r", "answer('refused')", "Refused"),
        Binding("n", "answer('none')", "No reply"),
    ]
    app: ChecklistApp

    def __init__(self, provider: Provider, step: Step, account: str) -> None:
        super().__init__()
        self.provider = provider
        self.step = step
        self.account = account

    def compose(self) -> ComposeResult:
        settings = self.app.record.settings
        yield Header()
        yield Static(id="where", markup=False)
        with Horizontal(id="details"):
            yield Input(str(settings.get("name") or ""), placeholder="your name", id="name")
            yield Input(str(settings.get("email") or ""), placeholder="your email", id="email")
        with VerticalScroll(id="request-text"):
            yield Static(id="text", markup=False)
        yield Static(id="request-state", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{self.provider.name}: {self.step.title}"
        self.watch(self.app, "record", self.show)
        missing = [box for box in self.query(Input) if not box.value]
        if missing:
            missing[0].focus()

    def prepared(self) -> PreparedRequest | None:
        try:
            return prepare(self.provider, self.step, self.app.record.settings, self.account, self.app.clock().date())
        except MissingDetail:
            return None

    def show(self) -> None:
        prepared = self.prepared()
        entry = self.app.record.step(self.provider.id, self.step.id, self.account)
        if prepared is None:
            draft = prepare(self.provider, self.step, self.app.record.settings, self.account,
                            self.app.clock().date(), draft=True)
            self.query_one("#where", Static).update(plain("Type your name and email above (Enter keeps each): "
                                                          "they fill the request, and stay in your record only."))
            self.query_one("#text", Static).update(plain_lines(draft.text))
        else:
            goes = prepared.send_to.removeprefix("mailto:") if prepared.send_to else "the company (see its page)"
            basis = f" Basis: {prepared.legal_basis}." if prepared.legal_basis else ""
            self.query_one("#where", Static).update(plain(
                f"Send to: {goes}.{basis} The company has {prepared.response_days} days to answer. "
                "c copies, s saves, o opens the form or an email; m once it has gone."))
            self.query_one("#text", Static).update(plain_lines(prepared.text))
        if entry is not None and entry.outcome == "sent":
            state = f"Sent on {entry.sent_on}. When the answer comes: g granted, r refused, n no reply."
        elif entry is not None and entry.outcome == "answered":
            state = f"Answered: {entry.answer}."
        else:
            state = "Not sent yet."
        self.query_one("#request-state", Static).update(plain(state))

    @on(Input.Submitted)
    def keep_detail(self, event: Input.Submitted) -> None:
        """Enter in the name or email box keeps it as a setting (checked as `offrecord set` does)."""
        key = event.input.id or ""
        try:
            value = setting(key).parse(event.value)
        except SettingError as error:
            self.notify(str(error), title="Not kept", severity="warning")
            return
        self.app.post_message(SaveSetting(key, value))
        self.set_focus(self.query_one("#email", Input) if key == "name" else None)

    def _ready(self) -> PreparedRequest | None:
        prepared = self.prepared()
        if prepared is None:
            self.notify("Type your name and email first (Enter keeps each).", title="Request", severity="warning")
        return prepared

    def action_copy(self) -> None:
        prepared = self._ready()
        if prepared:
            self.app.copy_to_clipboard(prepared.text)
            self.notify("Sent the request to the clipboard. If nothing pastes (some terminals do not pass it on), "
                        "press s to save it as a file.", title="Request")

    def action_save(self) -> None:
        prepared = self._ready()
        if prepared is None:
            return
        try:
            folder = Path.cwd()
        except OSError:
            folder = Path.home()
        path = unused_name(folder, f"offrecord-request-{self.provider.id}-{self.step.id}", "txt")
        try:
            write_output(path, as_text(prepared).encode("utf-8"), [self.app.record_path], private=True)
        except FileProblem as problem:
            self.notify(str(problem), title="Not saved", severity="error")
            return
        self.notify(f"Saved the request to {path}", title="Request")

    def action_open(self) -> None:
        prepared = self._ready()
        if prepared is None:
            return
        link = mailto(prepared) or prepared.send_to or self.step.url
        if link and self.app.open_link(link):
            what = f"an email to {link[7:].split('?')[0]}" if link.startswith("mailto:") else link
            self.notify(f"Opened {what}. Once it has gone, press m.", title="Request")
        elif not link:
            self.notify("This request has no form or address of its own: see the step's source.", title="Request")

    def action_sent(self) -> None:
        self.app.post_message(RecordRequest(self.provider.id, self.step.id, self.account,
                                            sent_on=self.app.clock().date()))

    def action_answer(self, answer: str) -> None:
        entry = self.app.record.step(self.provider.id, self.step.id, self.account)
        if entry is None or entry.outcome != "sent":
            self.notify("Mark the request as sent first (m).", title="Request", severity="warning")
            return
        self.app.post_message(RecordRequest(self.provider.id, self.step.id, self.account, answer=answer))
