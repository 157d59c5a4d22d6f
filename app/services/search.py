"""Global search (Ctrl+K): members, proposals, 社情民意 and events matching a few typed
characters, a handful of each (newest first; members by surname strokes), for a popup
that opens the chosen record.

What is searched: 委员 by name and pinyin (full or initials: ``zl`` finds 张琳, via the derived
``search_key``); 提案 by 案由 and by number (``12`` finds 第12号 of every series); 社情民意 by
title and 收文登记号; 会议活动 by title. Records in the recycle bin are left out.

Each group fetches at most ``limit`` + 1 rows (LIMIT in SQL) in the order of an indexed column
(strokes, dates), so a common word stops after the first few matches; ``%word%`` cannot use an
index, so a rare word reads every title (about 50–100 ms for 60,000 events of city-decade) —
the popup therefore searches on a worker thread, a moment after the last keystroke.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.db.engine import Database
from app.models import Event, Member, OpinionReport, Proposal
from app.services.proposal_stage import number_text, stage
from app.text.numerals import cn_date

LIMIT = 8  # rows per group
MAX_TEXT = 50  # longer input is cut (nothing is that long to type into a search box)


@dataclass(frozen=True)
class SearchHit:
    id: int
    title: str
    detail: str = ""


@dataclass(frozen=True)
class SearchGroup:
    entity: str  # members / proposals / opinion_reports / events
    label: str  # 委员 / 提案 / 社情民意 / 会议活动
    page: str  # the client page that shows the record (navigate key)
    hits: tuple[SearchHit, ...]
    more: bool  # more records match than are listed


def _like(column: Any, text: str) -> ColumnElement[bool]:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def _rows(session: Session, stmt: Select[*tuple[Any, ...]], limit: int) -> tuple[list[Any], bool]:
    """At most ``limit`` rows (plain columns, no ORM objects) and whether there are more."""
    rows = list(session.execute(stmt.limit(limit + 1)))
    return rows[:limit], len(rows) > limit


def _members(session: Session, text: str, limit: int) -> tuple[list[SearchHit], bool]:
    stmt = (select(Member.id, Member.name, Member.work_unit_post).where(Member.deleted_at.is_(None),
                                 or_(_like(Member.name, text), _like(Member.search_key, text)))
            .order_by(Member.stroke_key, Member.id))
    rows, more = _rows(session, stmt, limit)
    return [SearchHit(m.id, m.name, m.work_unit_post or "") for m in rows], more


def _proposals(session: Session, text: str, limit: int) -> tuple[list[SearchHit], bool]:
    match = _like(Proposal.title, text)
    digits = text.removeprefix("第").removesuffix("号")
    if digits.isdigit():
        match = or_(match, Proposal.number == int(digits))
    stmt = (select(Proposal.id).where(Proposal.deleted_at.is_(None), match)
            .order_by(Proposal.submitted_on.desc(), Proposal.id.desc()))
    rows, more = _rows(session, stmt, limit)
    ids = [row.id for row in rows]
    found = {p.id: p for p in session.scalars(  # only the few listed, with their chain
        select(Proposal).where(Proposal.id.in_(ids)).options(selectinload(Proposal.assignments)))}
    return [SearchHit(i, found[i].title, f"{number_text(found[i])}，{stage(found[i]).label}")
            for i in ids], more


def _opinions(session: Session, text: str, limit: int) -> tuple[list[SearchHit], bool]:
    stmt = (select(OpinionReport.id, OpinionReport.title, OpinionReport.serial_no,
                   OpinionReport.received_on, OpinionReport.status)
            .where(OpinionReport.deleted_at.is_(None),
                   or_(_like(OpinionReport.title, text), _like(OpinionReport.serial_no, text)))
            .order_by(OpinionReport.received_on.desc(), OpinionReport.id.desc()))
    rows, more = _rows(session, stmt, limit)
    return [SearchHit(o.id, o.title, " ".join(x for x in (o.serial_no, cn_date(o.received_on),
                                                          o.status.label) if x))
            for o in rows], more


def _events(session: Session, text: str, limit: int) -> tuple[list[SearchHit], bool]:
    stmt = (select(Event.id, Event.title, Event.start_on)
            .where(Event.deleted_at.is_(None), _like(Event.title, text))
            .order_by(Event.start_on.desc(), Event.id.desc()))
    rows, more = _rows(session, stmt, limit)
    return [SearchHit(e.id, e.title, cn_date(e.start_on)) for e in rows], more


KINDS = (("members", "委员", "members", _members),
         ("proposals", "提案", "proposals", _proposals),
         ("opinion_reports", "社情民意", "opinions", _opinions),
         ("events", "会议活动", "events", _events))


def global_search(db: Database, text: str, limit: int = LIMIT) -> list[SearchGroup]:
    """The groups with matches for ``text`` (case-insensitive), in a fixed order; [] for
    blank text."""
    text = " ".join(text.split())[:MAX_TEXT].lower()
    if not text:
        return []
    groups = []
    with db.reader() as session:
        for entity, label, page, find in KINDS:
            hits, more = find(session, text, limit)
            if hits:
                groups.append(SearchGroup(entity, label, page, tuple(hits), more))
    return groups
