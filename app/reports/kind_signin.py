"""会议签到表: the invitees of one meeting with their 界别, a signature column, and those
already excused marked, in roster order (manual order, then 姓氏笔画)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.domain.enums import Attendance
from app.errors import AppError
from app.models import Event, EventKind, Member, MemberTerm, Participation, Sector, Unit
from app.reports.context import Build, base_context
from app.reports.meta import term_on
from app.reports.period import Scope
from app.reports.template_objects import RecordList, Subject, cn_day, row

if TYPE_CHECKING:
    from app.reports.kinds import ReportRequest


def day_span(start: dt.date, end: dt.date) -> str:
    """2024年2月9日至11日 (the month and year only where they change)."""
    if end == start:
        return cn_day(start)
    if end.year != start.year:
        return f"{cn_day(start)}至{cn_day(end)}"
    tail = f"{end.day}日" if end.month == start.month else f"{end.month}月{end.day}日"
    return f"{cn_day(start)}至{tail}"


def padded(name: str) -> str:
    """Two-character names get a full-width space in printed lists (张　琳)."""
    return f"{name[0]}　{name[1]}" if len(name) == 2 else name


def signin_context(b: Build, req: ReportRequest) -> dict[str, Any]:
    if req.event_id is None:
        raise AppError("生成签到表需要指定会议活动（--event 编号）。")
    with b.db.reader() as s:
        found = s.execute(select(Event, EventKind, Unit).join(EventKind)
                          .outerjoin(Unit, Unit.id == Event.organizer_id)
                          .where(Event.id == req.event_id)).first()
        if found is None or found[0].deleted_at is not None:
            raise AppError(f"找不到编号为{req.event_id}的会议活动（可能已删除）。")
        event, kind, organizer = found
        term = term_on(s, event.start_on)
        seats = s.execute(
            select(Participation, Member, Sector.name)
            .join(Member, Member.id == Participation.member_id)
            .outerjoin(MemberTerm, (MemberTerm.member_id == Member.id)
                       & (MemberTerm.term_id == (term.id if term else -1)))
            .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
            .where(Participation.event_id == event.id)
            .order_by(Member.sort_number.is_(None), Member.sort_number, Member.stroke_key)).all()
    context = base_context(b)
    rows = [row(name=padded(m.name), plain_name=m.name, sector=sector or "",
                work=m.work_unit_post, role=p.role.label, attendance=p.attendance.label,
                note="请假" if p.attendance == Attendance.EXCUSED else "",
                leave_reason=p.leave_reason)
            for p, m, sector in seats]
    end = event.end_on or event.start_on
    fields = dict(title=event.title, kind=kind.name, place=event.place or "",
                  date=cn_day(event.start_on), dates=day_span(event.start_on, end),
                  organizer=organizer.name if organizer else "",
                  sheet_title=f"{event.title}签到表")
    source = b.tracker.source(b.period, Scope(label=event.title, event_id=event.id))
    context["event"] = Subject(fields, source, "event")
    context["attendees"] = RecordList(b.tracker, "attendees", "参加人员", "participations", rows,
                                      [p.id for p, _m, _s in seats], event.title, "")
    return context
