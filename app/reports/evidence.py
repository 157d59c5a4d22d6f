"""The records behind a figure, described in one line each, for drill-down and 数据底稿."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from app.db.engine import Database
from app.models import Event, Honor, Member, OpinionReport, Outcome, Participation, Proposal


def describe_records(db: Database, entity: str, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, one-line description) for ``ids`` of ``entity``, in the order given."""
    wanted = list(ids)
    found: dict[int, str] = {}
    with db.reader() as session:
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            if entity == "members":
                rows = session.execute(select(Member.id, Member.name, Member.work_unit_post)
                                       .where(Member.id.in_(chunk)))
                found.update({i: f"{n}　{w}" for i, n, w in rows})
            elif entity == "events":
                rows = session.execute(select(Event.id, Event.start_on, Event.title)
                                       .where(Event.id.in_(chunk)))
                found.update({i: f"{d}　{t}" for i, d, t in rows})
            elif entity == "proposals":
                from app.services.proposals import number_text

                for p in session.scalars(select(Proposal).where(Proposal.id.in_(chunk))):
                    found[p.id] = f"{number_text(p)}　{p.title}"
            elif entity == "opinion_reports":
                rows = session.execute(select(OpinionReport.id, OpinionReport.received_on,
                                              OpinionReport.title)
                                       .where(OpinionReport.id.in_(chunk)))
                found.update({i: f"{d}　{t}" for i, d, t in rows})
            elif entity == "participations":
                rows = session.execute(
                    select(Participation.id, Member.name, Event.start_on, Event.title)
                    .join(Member, Member.id == Participation.member_id)
                    .join(Event, Event.id == Participation.event_id)
                    .where(Participation.id.in_(chunk)))
                found.update({i: f"{n}　{d}　{t}" for i, n, d, t in rows})
            elif entity == "outcomes":
                rows = session.execute(select(Outcome.id, Outcome.title, Outcome.aspects,
                                              Outcome.items).where(Outcome.id.in_(chunk)))
                found.update({i: f"{t}（{a}方面{n}条）" for i, t, a, n in rows})
            elif entity == "honors":
                rows = session.execute(select(Honor.id, Honor.awarded_on, Honor.title,
                                              Member.name).outerjoin(Member)
                                       .where(Honor.id.in_(chunk)))
                found.update({i: f"{d}　{n or ''}　{t}" for i, d, t, n in rows})
            else:
                raise ValueError(f"no description for {entity}")
    return [(i, found[i]) for i in wanted if i in found]
