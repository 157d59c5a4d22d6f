"""The records behind a score item, described for people (drill-down), and the years a
committee can be scored for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.db.engine import Database
from app.domain.enums import Attendance
from app.models import (
    Event,
    Honor,
    Instruction,
    OpinionReport,
    Participation,
    Proposal,
    ScoreAdjustment,
)

# Which page of the client shows each kind of record (navigate key).
PAGE_OF_ENTITY = {"events": "events", "proposals": "proposals", "opinion_reports": "opinions"}


@dataclass(frozen=True)
class RecordLine:
    entity: str
    id: int
    day: dt.date | None
    title: str
    detail: str = ""

    @property
    def page(self) -> str | None:
        return PAGE_OF_ENTITY.get(self.entity)


def describe_records(db: Database, entity: str, ids: tuple[int, ...] | list[int],
                     member_id: int | None = None) -> list[RecordLine]:
    """One line per record (date, title, and for events the member's attendance)."""
    if not ids:
        return []
    wanted = list(ids)
    lines: list[RecordLine] = []
    with db.reader() as s:
        if entity == "events":
            attendance: dict[int, Any] = {}
            if member_id is not None:
                attendance = {eid: (att, reason, approver) for eid, att, reason, approver in
                              s.execute(select(Participation.event_id, Participation.attendance,
                                               Participation.leave_reason,
                                               Participation.leave_approver)
                                        .where(Participation.member_id == member_id,
                                               Participation.event_id.in_(wanted)))}
            for eid, day, title in s.execute(select(Event.id, Event.start_on, Event.title)
                                             .where(Event.id.in_(wanted))):
                detail = ""
                if eid in attendance:
                    att, reason, approver = attendance[eid]
                    detail = att.label
                    if att == Attendance.EXCUSED:
                        detail += f"（{reason or '未填事由'}；批准人：{approver or '未填'}）"
                lines.append(RecordLine(entity, eid, day, title, detail))
        elif entity == "proposals":
            for pid, day, title, number, status in s.execute(
                    select(Proposal.id, Proposal.submitted_on, Proposal.title, Proposal.number,
                           Proposal.review_status).where(Proposal.id.in_(wanted))):
                lines.append(RecordLine(entity, pid, day, title, f"第{number}号，{status.label}"))
        elif entity == "opinion_reports":
            for oid, day, title, serial in s.execute(
                    select(OpinionReport.id, OpinionReport.received_on, OpinionReport.title,
                           OpinionReport.serial_no).where(OpinionReport.id.in_(wanted))):
                lines.append(RecordLine(entity, oid, day, title, serial))
        elif entity == "instructions":
            for iid, day, leader, level, gist in s.execute(
                    select(Instruction.id, Instruction.instructed_on, Instruction.leader,
                           Instruction.level, Instruction.gist).where(Instruction.id.in_(wanted))):
                lines.append(RecordLine(entity, iid, day, f"{level.label}{leader}批示", gist))
        elif entity == "honors":
            for hid, day, title, honor_level in s.execute(
                    select(Honor.id, Honor.awarded_on, Honor.title, Honor.level)
                    .where(Honor.id.in_(wanted))):
                lines.append(RecordLine(entity, hid, day, title, honor_level.label))
        elif entity == "score_adjustments":
            for row in s.scalars(select(ScoreAdjustment).where(ScoreAdjustment.id.in_(wanted))):
                lines.append(RecordLine(entity, row.id, row.decided_on, row.reason,
                                        f"{row.decided_by.label} {row.decision_ref}".strip()))
    lines.sort(key=lambda r: (r.day or dt.date.min, r.id))
    return lines


def data_years(db: Database) -> tuple[list[int], int]:
    """Years that have meetings, newest first (at least the current year), and the year to
    show first: the year every page opens on (``default_year``)."""
    from app.services.status import default_year

    with db.reader() as s:
        first = s.scalar(select(func.min(Event.start_on)).where(Event.deleted_at.is_(None)))
        last = s.scalar(select(func.max(Event.start_on)).where(Event.deleted_at.is_(None)))
    today = dt.date.today().year
    if first is None or last is None:
        return [today], today
    years = list(range(max(last.year, today), first.year - 1, -1))
    opening = default_year(db)
    return years, opening if opening in years else last.year
