"""Prepared requests: a catalog step's template filled in with the person's details, and where it goes.

The template is the catalog's (`{name}`, `{email}`, `{account}`, `{date}`, `{service}`,
`{company}`); the values are the person's settings and the step's account. A service's one
unnamed account is the email address: `{account} ({email})` then reads as the address alone. Every value is
cleaned to one line and capped, and the placeholders are replaced one by one, never through
`str.format`, so a value can neither add lines nor reach into Python. The person's name and email
are used here only: summaries, reports and exports of the catalog never carry them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import NamedTuple

from tui.core.catalog import Provider, Step
from tui.core.clean import clean, is_openable
from tui.core.progress import DEFAULT_RESPONSE_DAYS
from tui.core.record import DEFAULT_ACCOUNT

MAX_VALUE = 120
_PLACEHOLDER = re.compile(r"\{(name|email|account|date|service|company)\}")
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
GENERIC = """Hello {company},

I use {service} with the account {account} ({email}). I ask you not to use my personal data, including
what I type and upload, to train or improve your AI models, and to confirm that you have stopped.

Thank you,
{name}
{date}
"""


class MissingDetail(ValueError):
    """The template needs a setting the person has not given; the message names the command."""


class PreparedRequest(NamedTuple):
    subject: str
    text: str
    send_to: str | None
    legal_basis: str | None
    legal_source: str | None
    response_days: int


def needs(template: str) -> list[str]:
    """The person's details the template asks for, among name and email."""
    return [field for field in ("name", "email") if "{" + field + "}" in template]


def prepare(provider: Provider, step: Step, settings: Mapping[str, object], account: str,
            today: dt.date, draft: bool = False) -> PreparedRequest:
    """The filled request for a request step; MissingDetail when a detail it needs is not set (a
    `draft` shows `[your name]` there instead, to read before the details are given)."""
    template = step.request.template if step.request and step.request.template else GENERIC
    values = {"name": settings.get("name"), "email": settings.get("email"), "account": account,
              "date": today.isoformat(), "service": provider.name, "company": provider.company}
    missing = [field for field in needs(template) if not isinstance(values[field], str) or not values[field]]
    if missing and draft:
        values.update({field: f"[your {field}]" for field in missing})
    elif missing:
        commands = " and ".join(f"offrecord set {field} ..." for field in missing)
        them = "them" if len(missing) > 1 else "it"
        raise MissingDetail(f"the request needs your {' and '.join(missing)}: give {them} with {commands} "
                            "(kept in your record only)")
    if account == DEFAULT_ACCOUNT:  # one account, never named: the address says which
        values["account"] = values["email"] or "my account"
        template = template.replace("{account} ({email})", "{email}")
    safe = {field: clean(str(value)).strip()[:MAX_VALUE] for field, value in values.items()}
    text = _PLACEHOLDER.sub(lambda match: safe[match.group(1)], template.strip()) + "\n"
    request = step.request
    return PreparedRequest(
        subject=clean(f"{step.title} ({provider.name})"),
        text=clean(text, lines=True),
        send_to=request.send_to if request else step.url,
        legal_basis=request.legal_basis if request else None,
        legal_source=request.legal_source if request else None,
        response_days=request.response_days if request and request.response_days else DEFAULT_RESPONSE_DAYS,
    )


def _quote(text: str) -> str:
    """Percent-encode for a mailto URL (RFC 6068): every byte but the unreserved ones."""
    return "".join(chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in text.encode("utf-8"))


def mailto(prepared: PreparedRequest) -> str | None:
    """The mailto link with subject and body filled in, when the request goes by email."""
    if not prepared.send_to or not prepared.send_to.lower().startswith("mailto:"):
        return None
    address = prepared.send_to.split("?", 1)[0]
    body = prepared.text.replace("\n", "\r\n")  # RFC 6068: line breaks in a body are CRLF
    link = f"{address}?subject={_quote(prepared.subject)}&body={_quote(body)}"
    return link if is_openable(link) else None


def as_text(prepared: PreparedRequest) -> str:
    """The request as a text file: where it goes and on what basis, then the request itself."""
    lines = [f"Subject: {prepared.subject}"]
    if prepared.send_to:
        lines.append(f"Send to: {prepared.send_to.removeprefix('mailto:')}")
    if prepared.legal_basis:
        source = f" ({prepared.legal_source})" if prepared.legal_source else ""
        lines.append(f"Basis: {prepared.legal_basis}{source}")
    lines.append(f"The company has {prepared.response_days} days to answer.")
    return "\n".join(lines) + "\n\n" + prepared.text
