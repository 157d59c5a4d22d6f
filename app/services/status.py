"""Counts for the status bar: how many records of each kind the database holds."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.engine import Database
from app.models import (
    Event,
    Member,
    OpinionReport,
    Proposal,
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


def latest_year(db: Database) -> int | None:
    """The most recent year, up to this year, with events, proposals or 社情民意.

    The client opens on this year (``default_year``), so that in early January, or on a
    database whose records stop earlier, a clerk does not land on an empty year.
    """
    import datetime as dt

    columns = (Event.start_on, Proposal.submitted_on, OpinionReport.received_on)
    today = dt.date.today()
    years = []
    with db.reader() as session:
        for column in columns:
            newest = session.scalar(select(func.max(column)).where(column <= today))
            if newest is not None:
                years.append(newest.year)
    return max(years) if years else None


def default_year(db: Database) -> int | None:
    """The year the client opens on everywhere — every record page's 年度 filter, 打印表格,
    文稿生成, 首页 — so that they all show the same year: the latest year, up to this year,
    with events, proposals or 社情民意 (see ``latest_year``). None on a database without
    any (lists then show everything; a year box shows this year)."""
    return latest_year(db)
