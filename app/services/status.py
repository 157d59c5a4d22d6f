"""Counts for the status bar: how many records of each kind the database holds."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db.engine import Database
from app.models import Event, Member, OpinionReport, Proposal


def record_counts(db: Database) -> list[tuple[str, int]]:
    """(label, count) of live members, events, proposals and opinion reports."""
    with db.reader() as session:
        return [
            (label, session.scalar(select(func.count()).select_from(model)
                                   .where(model.deleted_at.is_(None))) or 0)
            for label, model in (("委员", Member), ("会议活动", Event), ("提案", Proposal),
                                 ("社情民意", OpinionReport))
        ]
