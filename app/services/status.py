"""Counts for the status bar: how many records of each kind the database holds."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.db.engine import Database
from app.models import (
    Event,
    Honor,
    MediaReport,
    Member,
    OpinionReport,
    PlatformSession,
    Proposal,
    Publication,
)


def record_counts(db: Database) -> list[tuple[str, int]]:
    """(label, count) of live members, events, proposals and opinion reports."""
    with db.reader() as session:
        return [
            (label, session.scalar(select(func.count()).select_from(model)
                                   .where(model.deleted_at.is_(None))) or 0)
            for label, model in (("委员", Member), ("会议活动", Event), ("提案", Proposal),
                                 ("社情民意", OpinionReport))
        ]


def latest_year(db: Database, entity: str | None = None) -> int | None:
    """The most recent year, up to this year, that has records (of ``entity`` if given).

    Pages and the dashboard open on this year, so that in early January, or on a database
    whose records stop earlier, a clerk does not land on an empty year.
    """
    import datetime as dt

    columns = {"events": Event.start_on, "proposals": Proposal.submitted_on,
               "opinion_reports": OpinionReport.received_on}
    if entity is not None:  # kinds a page asks for by name only (not part of "any year")
        columns.update(_dated_kinds())
    today = dt.date.today()
    years = []
    with db.reader() as session:
        for name, column in columns.items():
            if entity is not None and name != entity:
                continue
            newest = session.scalar(select(func.max(column)).where(column <= today))
            if newest is not None:
                years.append(newest.year)
    return max(years) if years else None


def _dated_kinds() -> dict[str, Any]:
    """The date column of the smaller record kinds whose pages open on their latest year."""
    return {"honors": Honor.awarded_on, "platform_sessions": PlatformSession.held_on,
            "publications": Publication.published_on, "media_reports": MediaReport.reported_on}
