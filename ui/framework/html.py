"""Small HTML pieces for detail panes (QTextBrowser rich text): tables, links, notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from ui.theme import colour, resolve

# colour roles (ui.theme): resolved for the light or dark palette when the HTML is made
RED = "error"
GREEN = "ok"
GREY = "muted"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A bordered table; ``headers`` are plain text, cells are HTML (escape them first)."""
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (f"<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse;"
            f"border-color:{colour('border')}'><tr style='background:{colour('header_bg')}'>"
            f"{head}</tr>{body}</table>")


def link(page: str, record_id: int, text: str) -> str:
    """A link the record page follows: ``page:members?id=12``."""
    return f"<a href='page:{page}?id={record_id}'>{escape(text)}</a>"


def coloured(text: str, colour: str) -> str:
    return f"<span style='color:{resolve(colour)}'>{escape(text)}</span>"


def note(text: str) -> str:
    """A grey paragraph: what is missing and what to do about it."""
    return f"<p style='color:{resolve(GREY)}'>{escape(text)}</p>"


def day(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def heading(text: str) -> str:
    return f"<h3>{escape(text)}</h3>"


def para(*parts: str) -> str:
    """A paragraph of already escaped parts joined by a full-width space."""
    return "<p>" + "　".join(p for p in parts if p) + "</p>"


def body_text(text: str) -> str:
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>" if text else ""
