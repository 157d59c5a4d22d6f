"""委员履职档案: one member, or every member seated at the end of the period, one after the
other, each with the figures about that member and the records behind them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, exists, or_, select, true
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
from app.reports.figures import FigureValue
from app.reports.member_figures import batch_keys, compute_members
from app.reports.period import Scope
from app.reports.template_objects import RecordList, Subject, cn_day, row
from app.text.numerals import cn_number

if TYPE_CHECKING:
    from app.reports.kinds import ReportRequest

T = TypeVar("T")


def _month(day: Any) -> str:
    return f"{day.year}年{day.month}月" if day else ""


ONE_BY_ONE = 50  # up to so many members: ask for their rows by id; more: the period's rows


def _who(column: Any, ids: Sequence[int]) -> ColumnElement[bool]:
    """Rows of these members only when they are few (an ``IN`` list); the period's rows of
    everyone otherwise, filtered in Python (no statement with hundreds of parameters)."""
    return column.in_(ids) if len(ids) <= ONE_BY_ONE else true()


def _grouped(pairs: Iterable[tuple[int | None, T]], ids: Sequence[int]) -> dict[int, list[T]]:
    """``(member id, item)`` pairs -> each wanted member's items, in the order given."""
    out: dict[int, list[T]] = {m: [] for m in ids}
    for member_id, item in pairs:
        if member_id in out:
            out[member_id].append(item)
    return out


@dataclass
class _Records:
    """Every wanted member's seat, units and records of the period, a few queries in all."""

    seats: dict[int, tuple[MemberTerm, str, str]]
    units: dict[int, list[tuple[str, Any]]]
    events: dict[int, list[Any]]
    proposals: dict[int, list[Proposal]]
    opinions: dict[int, list[OpinionReport]]
    honors: dict[int, list[Honor]]
    depts: dict[int, str]


def _load(b: Build, s: Session, ids: Sequence[int]) -> _Records:
    p = b.period
    seats: dict[int, tuple[MemberTerm, str, str]] = {}
    for seat, term, sector in s.execute(
            select(MemberTerm, Term, Sector.name).join(Term)
            .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
            .where(_who(MemberTerm.member_id, ids), Term.start_on <= p.end)
            .order_by(Term.start_on.desc())):
        seats.setdefault(seat.member_id, (seat, f"第{cn_number(term.number)}届", sector or ""))
    units = _grouped(((m, (n, r)) for m, n, r in s.execute(
        select(UnitMembership.member_id, Unit.name, UnitMembership.role).join(UnitMembership)
        .where(_who(UnitMembership.member_id, ids), Unit.deleted_at.is_(None))
        .order_by(Unit.kind, Unit.sort_order, Unit.id))), ids)
    events = _grouped(((r.member_id, r) for r in s.execute(
        select(Participation.member_id, Participation.id, Participation.attendance,
               Participation.leave_reason, Participation.role, Event.start_on, Event.title,
               EventKind.name.label("kind"))
        .join(Event, Event.id == Participation.event_id)
        .join(EventKind, EventKind.id == Event.kind_id)
        .where(_who(Participation.member_id, ids), Event.deleted_at.is_(None),
               Event.start_on.between(p.start, p.end)).order_by(Event.start_on, Event.id))),
        ids)
    in_period = (Proposal.deleted_at.is_(None), Proposal.submitted_on.between(p.start, p.end))
    signers: dict[int, list[int]] = {}
    for proposal_id, member_id in s.execute(
            select(ProposalCosigner.proposal_id, ProposalCosigner.member_id)
            .join(Proposal, Proposal.id == ProposalCosigner.proposal_id)
            .where(_who(ProposalCosigner.member_id, ids), *in_period)):
        signers.setdefault(proposal_id, []).append(member_id)
    proposal_rows = s.scalars(
        select(Proposal).options(selectinload(Proposal.assignments))
        .where(*in_period, or_(_who(Proposal.lead_member_id, ids),
                               Proposal.id.in_(signers) if len(ids) <= ONE_BY_ONE else true()))
        .order_by(Proposal.submitted_on, Proposal.number))
    proposals = _grouped(((who, x) for x in proposal_rows
                          for who in dict.fromkeys([x.lead_member_id, *signers.get(x.id, ())])),
                         ids)
    submitters: dict[int, list[int | None]] = {}
    for opinion_id, submitter in s.execute(
            select(OpinionSubmitter.opinion_id, OpinionSubmitter.member_id)
            .join(OpinionReport, OpinionReport.id == OpinionSubmitter.opinion_id)
            .where(_who(OpinionSubmitter.member_id, ids), OpinionReport.deleted_at.is_(None),
                   OpinionReport.received_on.between(p.start, p.end))):
        submitters.setdefault(opinion_id, []).append(submitter)
    opinion_rows = s.scalars(
        select(OpinionReport).options(selectinload(OpinionReport.forwards))
        .where(OpinionReport.id.in_(submitters) if len(ids) <= ONE_BY_ONE else true(),
               OpinionReport.deleted_at.is_(None),
               OpinionReport.received_on.between(p.start, p.end))
        .order_by(OpinionReport.received_on, OpinionReport.id))
    opinions = _grouped(((m, o) for o in opinion_rows
                         for m in dict.fromkeys(submitters.get(o.id, []))), ids)
    honors = _grouped(((h.member_id, h) for h in s.scalars(select(Honor).where(
        _who(Honor.member_id, ids), Honor.deleted_at.is_(None),
        Honor.awarded_on.between(p.start, p.end)).order_by(Honor.awarded_on, Honor.id))), ids)
    depts: dict[int, str] = {i: n for i, n in s.execute(select(Department.id, Department.name))}
    return _Records(seats, units, events, proposals, opinions, honors, depts)


def _adoption(o: OpinionReport) -> str:
    parts = (["本级编发"] if o.issued_on else []) + [
        f"{f.level.label}采用" for f in o.forwards if f.adopted]
    forwarded = [f.level.label for f in o.forwards if not f.adopted]
    if forwarded:
        parts.append(f"已报{'、'.join(forwarded)}")
    return "；".join(parts) or "未采用"


def _lists(b: Build, rec: _Records, member: Member) -> dict[str, RecordList]:
    from app.services.proposal_stage import number_text, stage

    p, label, t = b.period, member.name, b.tracker
    events = rec.events[member.id]
    proposals = rec.proposals[member.id]
    opinions = rec.opinions[member.id]
    honors = rec.honors[member.id]

    def record_list(key: str, title: str, entity: str, rows: list[Any], ids: list[int]
                    ) -> RecordList:
        return RecordList(t, f"{key}[{label}]", f"{label}的{title}", entity, rows, ids, label,
                          p.label)

    return {
        "event_list": record_list("member_events", "会议活动", "participations", [
            row(date=cn_day(e.start_on), title=e.title, kind=e.kind,
                attendance=e.attendance.label + (f"（{e.leave_reason}）" if e.leave_reason
                                                 else ""), role=e.role.label)
            for e in events], [e.id for e in events]),
        "proposal_list": record_list("member_proposals", "提案", "proposals", [
            row(number=number_text(x), title=x.title,
                role="第一提案人" if x.lead_member_id == member.id else "联名",
                status=stage(x).label,
                departments="、".join(rec.depts.get(a.department_id, "")
                                     for a in x.assignments),
                reply="、".join(sorted({a.reply_class.value for a in x.assignments
                                        if a.reply_class})))
            for x in proposals], [x.id for x in proposals]),
        "opinion_list": record_list("member_opinions", "社情民意信息", "opinion_reports", [
            row(date=cn_day(o.received_on), title=o.title, adoption=_adoption(o))
            for o in opinions], [o.id for o in opinions]),
        "honor_list": record_list("member_honors", "表彰", "honors", [
            row(date=cn_day(h.awarded_on), title=h.title, level=h.level.label,
                body=h.awarding_body) for h in honors], [h.id for h in honors]),
    }


def member_file(b: Build, rec: _Records, member: Member,
                figures: dict[str, FigureValue]) -> Subject:
    """One member's fields and lists; ``figures`` are the member's figures, computed for
    every member at once, which the member's figure source starts with."""
    seat, term, sector = rec.seats.get(member.id, (None, "", ""))
    fields: dict[str, Any] = dict(
        name=member.name, gender=member.gender.label if member.gender else "",
        ethnicity=member.ethnicity, birth=_month(member.birth_date), party=member.party,
        education=member.education, degree=member.degree, title=member.professional_title,
        work=member.work_unit_post, native_place=member.native_place,
        term=term, sector=sector, post=seat.post.label if seat else "",
        standing="是" if seat and seat.is_standing else "否",
        joined=cn_day(seat.joined_on) if seat and seat.joined_on else "",
        origin=seat.origin.label if seat else "",
        units="；".join(f"{n}{r.label}" for n, r in rec.units[member.id]) or "无",
        **_lists(b, rec, member))
    source = b.tracker.source(b.period, Scope(label=member.name, member_id=member.id))
    source.preload(figures)
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
        ids = [m.id for m in members]
        rec = _load(b, s, ids)
        figures = compute_members(b.db, batch_keys(), b.period, ids)
        files = [member_file(b, rec, m, figures[m.id]) for m in members]
    context["members"] = RecordList(b.tracker, "members", "委员", "members", files,
                                    [m.id for m in members], b.scope.label, b.period.label)
    return context
