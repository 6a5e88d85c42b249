"""`offrecord walk`: the checklist as plain questions and answers, one line at a time.

For screen readers and braille displays, plain terminals (`TERM=dumb`, a serial console, SSH from
a phone) and scripts: no Textual, no escape codes, no colour, no redraws. Prose is wrapped at 80
columns with each URL whole on its own line (tui/core/page.py); each question ends its line and
the answer is typed on the next. Every answer is saved at once through the same store as the TUI
(same lock, same record), and the walk is kept in the record like the TUI's, so `q`, the end of
the input or Ctrl-C leaves everything answered so far, and the next walk picks up at the first
open step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from tui.core import actions
from tui.core.catalog import Catalog, Provider
from tui.core.clean import clean, is_openable
from tui.core.page import render_text, step_facts, step_heading, wrap
from tui.core.progress import OVERDUE, ProviderState, StepState, chosen_stale_after, provider_state
from tui.core.record import Record, Store
from tui.core.requests import MissingDetail, as_text, mailto, prepare
from tui.core.settings import SettingError, chosen_platforms, setting
from tui.core.walk import WALK_SETTING, Walk
from tui.core.words import plural

Ask = Callable[[str], "str | None"]
"""Prints a question and returns the answer typed, or None at the end of the input."""
Say = Callable[[str], None]


class Stop(Exception):
    """The person quit (`q`) or the input ended: everything answered is already saved."""


QUESTIONS = {  # each fits on one line of 80 columns
    "step": ("Done? (y)es, (n)ot yet, (a) not applicable, (x) couldn't, (o)pen link, (q)uit:", "ynaxoq"),
    "request": ("Sent? (r)ead it, (s)ent, (n)ot yet, (a) n/a, (x) couldn't, (o)pen form, (q)uit:", "rsnaxoq"),
    "reply": ("Answered? (g)ranted, (r)efused, (u) no reply came, (w)ait longer, (q)uit:", "gruwq"),
}


OUTCOMES = {"y": ("done", "done"), "a": ("na", "not applicable"), "x": ("failed", "could not do")}


class LineWalk:
    """One walk: choose services, then one question per open step, each answer saved at once."""

    def __init__(self, store: Store, catalog: Catalog, ask: Ask, say: Say,
                 now: Callable[[], dt.datetime], open_link: Callable[[str], bool]) -> None:
        self.store, self.catalog, self.ask, self.say = store, catalog, ask, say
        self.now, self.open_link = now, open_link
        self.record = store.load()

    def state(self, provider: Provider) -> ProviderState:
        return provider_state(provider, self.record, self.now(), chosen_stale_after(None, self.record))

    def run(self) -> None:
        """The whole walk; raises Stop when the person quits or the input ends."""
        self.print("offrecord walk: one question per step; answer with a letter and Enter. Each answer "
                   "is saved at once; q stops, and the next walk picks up where you left off.")
        queue = self.choose()
        if not queue:
            self.print("Nothing to walk through.")
            return
        for index, provider_id in enumerate(queue):
            self.record = actions.save_setting(self.store, self.record, WALK_SETTING, Walk(queue, index).to_setting())
            provider = self.catalog.get(provider_id)
            assert provider is not None
            self.walk_provider(provider, f"{index + 1} of {len(queue)}")
        self.record = self.store.clear_setting(WALK_SETTING)
        states = [self.state(p) for p in self.catalog.providers if p.id in queue]
        settled, total = sum(s.settled for s in states), sum(s.total for s in states)
        left = sum(len(s.attention) for s in states)
        self.print("")
        self.print(f"Walk finished: {settled} of {plural(total, 'step')} settled in "
                   f"{plural(len(queue), 'service')}, {left} still open. offrecord status lists what is open.")

    # Choosing

    def choose(self) -> tuple[str, ...]:
        """The services to walk, in catalog order: as typed, or (Enter) the saved walk's remaining
        ones, else the ones in use. Choosing here marks nothing as not used."""
        providers = list(self.catalog.providers)
        saved = Walk.from_setting(self.record.settings.get(WALK_SETTING), [p.id for p in providers])
        if saved is not None:
            default, what = saved.queue[saved.at:], "from your last walk"
        else:
            default, what = tuple(p.id for p in providers if p.id not in self.record.skipped), "you use"
        self.print("")
        self.print("The services:")
        for number, provider in enumerate(providers, 1):
            self.print(f"{number}. {provider.name} ({provider.company}): {self.progress(provider)}")
        names = ", ".join(self.name_of(p) for p in default[:4]) + (", ..." if len(default) > 4 else "")
        self.print(f"Type numbers or names, separated by commas, or all; Enter walks the "
                   f"{plural(len(default), 'service')} {what} ({names}).")
        while True:
            answer = self.read("Which services?")
            if not answer:
                return tuple(default)
            chosen, problem = pick(answer, providers)
            if problem is None:
                return chosen
            self.print(problem)

    def name_of(self, provider_id: str) -> str:
        provider = self.catalog.get(provider_id)
        return provider.name if provider else provider_id

    def progress(self, provider: Provider) -> str:
        state = self.state(provider)
        if state.skipped:
            return "not used"
        if state.status == "elsewhere":
            return "nothing for your region"
        return f"{state.settled} of {state.total} settled"

    # Walking

    def walk_provider(self, provider: Provider, position: str) -> None:
        state = self.state(provider)
        self.print("")
        self.print(f"Service {position}: {provider.name} ({provider.company}). {state.settled} of "
                   f"{plural(state.total, 'step')} settled.")
        self.print(provider.summary)
        self.print(f"For: {'; '.join(provider.accounts)}.")
        if provider.not_covered:
            more = len(provider.not_covered) - 1
            also = f" And {more} more: offrecord show {provider.id} lists them." if more else ""
            self.print(f"Not covered: {provider.not_covered[0]}{also}")
        for account in self.accounts_to_walk(provider, state):
            steps = [item for item in self.state(provider).on(account) if item.needs_attention]
            if len(state.accounts) > 1:
                self.print("")
                self.print(f"Account: {account}.")
            if not steps:
                self.print("Nothing is open here.")
            for number, item in enumerate(steps, 1):
                self.walk_step(item, f"{number} of {len(steps)}")

    def accounts_to_walk(self, provider: Provider, state: ProviderState) -> Sequence[str]:
        """The account to walk when there are several: asked; Enter walks each in turn."""
        accounts = state.accounts
        if len(accounts) < 2:
            return accounts
        listed = ", ".join(f"{number}. {name}" for number, name in enumerate(accounts, 1))
        self.print(f"{provider.name} has {len(accounts)} accounts: {listed}. Type a number or a name; Enter walks "
                   "each in turn.")
        while True:
            answer = self.read("Which account?")
            if not answer:
                return accounts
            if answer.isdigit() and 1 <= int(answer) <= len(accounts):
                return [accounts[int(answer) - 1]]
            if answer in accounts:
                return [answer]
            self.print(f"Please type a number from 1 to {len(accounts)}, an account's name, or press Enter.")

    def walk_step(self, item: StepState, position: str) -> None:
        self.print("")
        self.print(f"Step {position}: {step_heading(item)}")
        facts = step_facts(item.step, chosen_platforms(self.record.settings),
                           item.record.note if item.record else None)
        self.say(render_text(facts).rstrip("\n"))
        kind = "reply" if item.state == OVERDUE else "request" if item.step.kind == "request" else "step"
        question, keys = QUESTIONS[kind]
        while True:
            answer = self.read(question).lower()
            if len(answer) != 1 or answer not in keys:
                self.print(f"Please answer one of {', '.join(keys)}.")
                continue
            if answer == "q":
                raise Stop
            if answer in "or" and kind != "reply":
                self.open_or_read(item, answer)
                continue
            self.answer(item, kind, answer)
            return

    def open_or_read(self, item: StepState, answer: str) -> None:
        """`o` opens the step's link (or the request's form); `r` prints the prepared request."""
        if answer == "r":
            self.read_request(item)
            return
        request = item.step.request
        link = (request.send_to if request and request.send_to else None) or item.step.url
        if item.step.kind == "request":  # an email with the request in it, once it can be filled in
            try:
                link = mailto(prepare(item.provider, item.step, self.record.settings, item.account,
                                      self.now().date())) or link
            except MissingDetail:
                pass
        if not link:
            self.print("This step has no link; its source is above.")
        elif not is_openable(link):
            self.print("offrecord opens only https links; this one was not opened.")
        elif self.open_link(link):
            self.print("Opened in your browser.")
        else:
            self.print("No web browser could be started here; the link is above.")

    def read_request(self, item: StepState) -> None:
        """The request, filled in; the name and email it needs are asked first (and kept as settings)."""
        for key in ("name", "email"):
            if self.record.settings.get(key):
                continue
            while True:
                self.print(f"The request is signed with your {key}, kept in your record only (Enter skips).")
                typed = self.read(f"Your {key}?")
                if not typed:
                    break
                try:
                    value = setting(key).parse(typed)
                except SettingError as error:
                    self.print(f"{error}.")
                    continue
                self.record = actions.save_setting(self.store, self.record, key, value)
                break
        try:
            prepared = prepare(item.provider, item.step, self.record.settings, item.account, self.now().date())
        except MissingDetail as error:
            self.print(f"The request cannot be filled in: {error}.")
            return
        self.say("")
        for line in as_text(prepared).rstrip("\n").split("\n"):  # each line of it wrapped, none joined
            self.print(line)
        self.say("")

    def answer(self, item: StepState, kind: str, answer: str) -> None:
        provider, step_id, account = item.provider, item.step.id, item.account
        if kind == "reply":
            if answer == "w":
                self.print("Still waiting.")
                return
            reply = {"g": "granted", "r": "refused", "u": "none"}[answer]
            self.record = actions.record_answer(self.store, provider, step_id, reply, account=account)
            self.print(f"Saved: answered, {reply}.")
        elif answer == "s":
            self.record = actions.record_sent(self.store, provider, step_id, self.now().date(), account=account)
            self.print("Saved: sent today. offrecord will say when the reply is due.")
        elif answer == "n":
            self.print("Left open.")
        else:
            outcome, words = OUTCOMES[answer]
            self.record = actions.set_outcome(self.store, provider, step_id, outcome, account=account)
            self.print(f"Saved: {words}.")

    # Lines in, lines out

    def print(self, text: str) -> None:
        self.say("\n".join(wrap(text)) if text else "")

    def read(self, question: str) -> str:
        self.print(question)
        answer = self.ask("")
        if answer is None:
            raise Stop
        return answer.strip()


def pick(answer: str, providers: Sequence[Provider]) -> tuple[tuple[str, ...], str | None]:
    """The services named in `answer` (numbers, ids or names, comma-separated, or `all`), in
    catalog order; or a one-line problem naming what was not understood."""
    if answer.strip().lower() == "all":
        return tuple(p.id for p in providers), None
    chosen: set[str] = set()
    for part in (part.strip() for part in answer.split(",")):
        if not part:
            continue
        found = _find(part, providers)
        if found is None:
            return (), (f"Not understood: '{clean(part)}'. Use numbers from the list, names, all, "
                        "or Enter.")
        chosen.add(found.id)
    if not chosen:
        return (), "Please name at least one service, or press Enter."
    return tuple(p.id for p in providers if p.id in chosen), None


def _find(part: str, providers: Sequence[Provider]) -> Provider | None:
    """A service by number, by id or name (any case), or by the one name that contains `part`."""
    if part.isdigit():
        number = int(part)
        return providers[number - 1] if 1 <= number <= len(providers) else None
    wanted = part.lower()
    for provider in providers:
        if wanted in (provider.id, provider.name.lower()):
            return provider
    matches = [p for p in providers if wanted in p.name.lower() or wanted in p.id]
    return matches[0] if len(matches) == 1 else None


def walk_lines(store: Store, catalog: Catalog, ask: Ask, say: Say, now: Callable[[], dt.datetime],
               open_link: Callable[[str], bool]) -> Record:
    """Run a walk to its end or until the person stops; the record as last saved."""
    walk = LineWalk(store, catalog, ask, say, now, open_link)
    try:
        walk.run()
    except Stop:
        walk.print("")
        walk.print("Stopped. Your answers are saved; offrecord walk picks up at the first open step.")
    return walk.record
