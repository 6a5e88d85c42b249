"""Where the law gives a right: steps that know the person's region, and requests with their deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FIXTURE_CATALOG
from tests.hostile_values import HOSTILE
from tui.core.catalog import Catalog, load_catalog
from tui.core.clean import UNSAFE
from tui.core.progress import AWAITING, ELSEWHERE, OPEN, OVERDUE, attention, catalog_state, reply_due
from tui.core.record import Record, StepRecord
from tui.core.requests import MissingDetail, mailto, prepare

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
SETTINGS = {"name": "Ada Lovelace", "email": "ada@example.com"}


def beta_step(catalog: Catalog, record: Record):  # type: ignore[no-untyped-def]
    return next(s for state in catalog_state(catalog, record, NOW) if state.provider.id == "beta" for s in state.steps)


def test_a_step_for_another_region_stops_counting_and_comes_back(catalog: Catalog) -> None:
    assert beta_step(catalog, Record()).state == OPEN  # no region said: everything shows as before
    us = Record(settings={"region": "us"})
    step = beta_step(catalog, us)
    assert step.state == ELSEWHERE and not step.counts
    beta = next(state for state in catalog_state(catalog, us, NOW) if state.provider.id == "beta")
    assert (beta.total, beta.status) == (0, "elsewhere")
    assert not [s for s in attention(catalog_state(catalog, us, NOW)) if s.provider.id == "beta"]
    for region in ("eu", "uk"):
        assert beta_step(catalog, Record(settings={"region": region})).state == OPEN


def test_a_request_sent_stays_tracked_whatever_the_region(catalog: Catalog) -> None:
    sent = StepRecord("beta", "object-eu", "sent", NOW, sent_on=NOW.date())
    step = beta_step(catalog, Record(steps={sent.slot: sent}, settings={"region": "us"}))
    assert step.state == AWAITING and step.counts


@pytest.mark.parametrize(("days_ago", "state"), [(0, AWAITING), (20, AWAITING), (21, OVERDUE), (200, OVERDUE)])
def test_a_reply_is_due_after_the_catalogs_time(catalog: Catalog, days_ago: int, state: str) -> None:
    sent_on = NOW.date() - dt.timedelta(days=days_ago)
    entry = StepRecord("beta", "object-eu", "sent", NOW, sent_on=sent_on)
    step = beta_step(catalog, Record(steps={entry.slot: entry}))
    assert step.state == state and step.needs_attention == (state == OVERDUE)
    assert reply_due(step.step, sent_on) == sent_on + dt.timedelta(days=20)  # beta's catalog says 20 days


def test_a_month_when_the_catalog_gives_no_time(catalog: Catalog) -> None:
    alpha = catalog.get("alpha")
    assert alpha is not None
    assert reply_due(alpha.steps[0], dt.date(2026, 1, 31)) == dt.date(2026, 3, 2)  # 30 days


def test_the_request_is_filled_in(catalog: Catalog) -> None:
    beta = catalog.get("beta")
    assert beta is not None
    prepared = prepare(beta, beta.steps[0], SETTINGS, "default", NOW.date())
    assert prepared.text == ("Dear Beta Corp,\n\nI, Ada Lovelace (ada@example.com), object to the use of my recordings "
                             "with Beta Assistant for training, as of 2026-11-30.\n")
    assert prepared.response_days == 20 and prepared.send_to == "mailto:privacy@beta.example"


@pytest.mark.parametrize(("account", "wanted"), [("default", "I use Meta AI with the account ada@example.com."),
                                                 ("work", "I use Meta AI with the account work (ada@example.com).")])
def test_one_unnamed_account_is_the_email_address(account: str, wanted: str) -> None:
    meta = load_catalog().get("meta-ai")
    assert meta is not None
    step = next(step for step in meta.steps if step.id == "object-eu")
    assert wanted in " ".join(prepare(meta, step, SETTINGS, account, NOW.date()).text.split())


def test_a_missing_name_or_email_names_the_command(catalog: Catalog) -> None:
    beta = catalog.get("beta")
    assert beta is not None
    with pytest.raises(MissingDetail, match=r"needs your name: give it with offrecord set name \.\.\."):
        prepare(beta, beta.steps[0], {"email": "a@b.example"}, "default", NOW.date())
    draft = prepare(beta, beta.steps[0], {"email": "a@b.example"}, "default", NOW.date(), draft=True)
    assert "I, [your name] (a@b.example), object" in draft.text


BETA = load_catalog(builtin=FIXTURE_CATALOG).get("beta")


@given(st.sampled_from(HOSTILE) | st.text(max_size=300))
def test_hostile_details_stay_plain_text_and_the_mailto_link_decodes_back(value: str) -> None:
    beta = BETA
    assert beta is not None
    prepared = prepare(beta, beta.steps[0], {"name": value or "x", "email": "a@b.example"}, value or "x", NOW.date())
    assert not UNSAFE.search(prepared.text) and prepared.text.count("\n") == 3  # no line added by a value
    link = mailto(prepared)
    assert link is not None and link.startswith("mailto:privacy@beta.example?subject=")
    assert " " not in link and "\n" not in link
    body = link.split("&body=", 1)[1]
    assert _unquote(body).replace("\r\n", "\n") == prepared.text


def _unquote(text: str) -> str:
    out, i = bytearray(), 0
    while i < len(text):
        if text[i] == "%":
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
        else:
            out += text[i].encode()
            i += 1
    return out.decode("utf-8")
