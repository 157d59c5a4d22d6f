"""委员履职档案: one member, or every member seated at the end of the period, one after the
other, each with the figures about that member and the records behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, selectinload

from app.errors import AppError
from app.models import (
    Department,
    Event,
    EventKind,
    Honor,
    Member,
    MemberTerm,
    OpinionReport,
    OpinionSubmitter,
    Participation,
    Proposal,
    ProposalCosigner,
    Sector,
    Term,
    Unit,
    UnitMembership,
)
from app.reports.context import Build, base_context
from app.reports.defs_members import seated_on
from app.reports.period import Scope
from app.reports.template_objects import RecordList, Subject, cn_day, row
from app.text.numerals import cn_number

if TYPE_CHECKING:
    from app.reports.kinds import ReportRequest


def _month(day: Any) -> str:
    return f"{day.year}年{day.month}月" if day else ""


def _seat(s: Session, member: Member, b: Build) -> tuple[MemberTerm | None, str, str]:
    seat = s.execute(select(MemberTerm, Term, Sector.name).join(Term)
                     .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
                     .where(MemberTerm.member_id == member.id, Term.start_on <= b.period.end)
                     .order_by(Term.start_on.desc())).first()
    if seat is None:
        return None, "", ""
    return seat[0], f"第{cn_number(seat[1].number)}届", seat[2] or ""


def _lists(b: Build, s: Session, member: Member) -> dict[str, RecordList]:
    from app.services.proposal_stage import number_text, stage

    p, label, t = b.period, member.name, b.tracker
    events = s.execute(
        select(Participation, Event, EventKind).join(Event, Event.id == Participation.event_id)
        .join(EventKind, EventKind.id == Event.kind_id)
        .where(Participation.member_id == member.id, Event.deleted_at.is_(None),
               Event.start_on.between(p.start, p.end)).order_by(Event.start_on, Event.id)).all()
    proposals = list(s.scalars(
        select(Proposal).options(selectinload(Proposal.assignments))
        .where(Proposal.deleted_at.is_(None), Proposal.submitted_on.between(p.start, p.end),
               or_(Proposal.lead_member_id == member.id,
                   exists().where(ProposalCosigner.proposal_id == Proposal.id,
                                  ProposalCosigner.member_id == member.id)))
        .order_by(Proposal.submitted_on, Proposal.number)))
    depts = dict(s.execute(select(Department.id, Department.name)).all())
    opinions = list(s.scalars(
        select(OpinionReport).options(selectinload(OpinionReport.forwards))
        .where(OpinionReport.deleted_at.is_(None),
               OpinionReport.received_on.between(p.start, p.end),
               exists().where(OpinionSubmitter.opinion_id == OpinionReport.id,
                              OpinionSubmitter.member_id == member.id))
        .order_by(OpinionReport.received_on, OpinionReport.id)))
    honors = list(s.scalars(select(Honor).where(
        Honor.member_id == member.id, Honor.deleted_at.is_(None),
        Honor.awarded_on.between(p.start, p.end)).order_by(Honor.awarded_on)))

    def adoption(o: OpinionReport) -> str:
        parts = (["本级编发"] if o.issued_on else []) + [
            f"{f.level.label}采用" for f in o.forwards if f.adopted]
        forwarded = [f.level.label for f in o.forwards if not f.adopted]
        if forwarded:
            parts.append(f"已报{'、'.join(forwarded)}")
        return "；".join(parts) or "未采用"

    def record_list(key: str, title: str, entity: str, rows: list[Any], ids: list[int]
                    ) -> RecordList:
        return RecordList(t, f"{key}[{label}]", f"{label}的{title}", entity, rows, ids, label,
                          p.label)

    return {
        "event_list": record_list("member_events", "会议活动", "participations", [
            row(date=cn_day(e.start_on), title=e.title, kind=k.name,
                attendance=pa.attendance.label + (f"（{pa.leave_reason}）" if pa.leave_reason
                                                  else ""), role=pa.role.label)
            for pa, e, k in events], [pa.id for pa, _e, _k in events]),
        "proposal_list": record_list("member_proposals", "提案", "proposals", [
            row(number=number_text(x), title=x.title,
                role="第一提案人" if x.lead_member_id == member.id else "联名",
                status=stage(x).label,
                departments="、".join(depts.get(a.department_id, "") for a in x.assignments),
                reply="、".join(sorted({a.reply_class.value for a in x.assignments
                                        if a.reply_class})))
            for x in proposals], [x.id for x in proposals]),
        "opinion_list": record_list("member_opinions", "社情民意信息", "opinion_reports", [
            row(date=cn_day(o.received_on), title=o.title, adoption=adoption(o))
            for o in opinions], [o.id for o in opinions]),
        "honor_list": record_list("member_honors", "表彰", "honors", [
            row(date=cn_day(h.awarded_on), title=h.title, level=h.level.label,
                body=h.awarding_body) for h in honors], [h.id for h in honors]),
    }


def member_file(b: Build, s: Session, member: Member) -> Subject:
    seat, term, sector = _seat(s, member, b)
    units = s.execute(select(Unit.name, UnitMembership.role).join(UnitMembership)
                      .where(UnitMembership.member_id == member.id, Unit.deleted_at.is_(None))
                      .order_by(Unit.kind, Unit.sort_order)).all()
    fields: dict[str, Any] = dict(
        name=member.name, gender=member.gender.label if member.gender else "",
        ethnicity=member.ethnicity, birth=_month(member.birth_date), party=member.party,
        education=member.education, degree=member.degree, title=member.professional_title,
        work=member.work_unit_post, native_place=member.native_place,
        term=term, sector=sector, post=seat.post.label if seat else "",
        standing="是" if seat and seat.is_standing else "否",
        joined=cn_day(seat.joined_on) if seat and seat.joined_on else "",
        origin=seat.origin.label if seat else "",
        units="；".join(f"{n}{r.label}" for n, r in units) or "无",
        **_lists(b, s, member))
    source = b.tracker.source(b.period, Scope(label=member.name, member_id=member.id))
    return Subject(fields, source, "member")


def dossier_context(b: Build, req: ReportRequest) -> dict[str, Any]:
    context = base_context(b)
    with b.db.reader() as s:
        stmt = select(Member).where(Member.deleted_at.is_(None))
        if req.member_id is not None:
            stmt = stmt.where(Member.id == req.member_id)
        else:
            stmt = stmt.where(exists().where(MemberTerm.member_id == Member.id,
                                             seated_on(b.period)))
        members = list(s.scalars(stmt.order_by(Member.sort_number.is_(None), Member.sort_number,
                                               Member.stroke_key)))
        if not members:
            raise AppError("没有找到要生成履职档案的委员。" if req.member_id is not None
                           else f"{b.period.label}期末没有在任委员。")
        files = [member_file(b, s, m) for m in members]
    context["members"] = RecordList(b.tracker, "members", "委员", "members", files,
                                    [m.id for m in members], b.scope.label, b.period.label)
    return context
