"""Breakdowns: one count split by category, status, reply class, level, kind or department.

Each row carries the records behind it, like a figure; the rows of a breakdown add up to the
figure named in its definition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.orm import Session

from app.domain.enums import (
    AssignmentRole,
    EventFamily,
    ForwardLevel,
    ProposalType,
    ReplyClass,
    ReviewStatus,
)
from app.models import (
    Department,
    Event,
    EventKind,
    Honor,
    OpinionForward,
    OpinionReport,
    Proposal,
    ProposalAssignment,
    Sector,
    Unit,
)
from app.reports.defs_events import events_in
from app.reports.defs_opinions import opinion_ids
from app.reports.defs_proposals import ANSWERING, accepted, received, supervised
from app.reports.figures import BreakdownResult, breakdown
from app.reports.period import Period, Scope


def _enum_order(column: Any, enum: type[Enum]) -> ColumnElement[int]:
    return case({m.value: i for i, m in enumerate(list(enum))}, value=column, else_=99)


@breakdown("proposals.by_category", "立案提案按类别", "件", "proposals",
           "统计期间内收到并立案的提案按“类别”分组的件数，合计等于立案件数。", "提案")
def by_category(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    ids = accepted(period, scope).subquery()
    return (select(func.coalesce(func.nullif(Proposal.category, ""), "未分类"), Proposal.id)
            .where(Proposal.id.in_(select(ids.c.id))).order_by(Proposal.number))


@breakdown("proposals.by_status", "收到提案按审查结果", "件", "proposals",
           "统计期间内收到的提案按审查结果分组的件数，合计等于收到提案件数。", "提案",
           by_count=False)
def by_status(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    ids = received(period, scope).subquery()
    rows = session.execute(select(Proposal.review_status, Proposal.id)
                           .where(Proposal.id.in_(select(ids.c.id)))
                           .order_by(_enum_order(Proposal.review_status, ReviewStatus),
                                     Proposal.id)).all()
    return _grouped(rows, lambda s: s.label)


@breakdown("proposals.by_type", "收到提案按提案类型", "件", "proposals",
           "统计期间内收到的提案按个人、联名、集体分组的件数。", "提案", by_count=False)
def by_type(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    ids = received(period, scope).subquery()
    rows = session.execute(select(Proposal.type, Proposal.id)
                           .where(Proposal.id.in_(select(ids.c.id)))
                           .order_by(_enum_order(Proposal.type, ProposalType), Proposal.id)).all()
    return _grouped(rows, lambda t: f"{t.label}提案")


@breakdown("proposals.by_reply_class", "立案提案按答复类别", "件", "proposals",
           "统计期间内收到并立案的提案按主办（或分办）单位答复类别分组的件数（截至统计期末未答复的不计）。",
           "提案", by_count=False)
def by_reply_class(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    ids = accepted(period, scope).subquery()
    rows = session.execute(
        select(ProposalAssignment.reply_class, ProposalAssignment.proposal_id)
        .where(ProposalAssignment.proposal_id.in_(select(ids.c.id)),
               ProposalAssignment.role.in_(ANSWERING),
               ProposalAssignment.reply_class.is_not(None),
               ProposalAssignment.replied_on <= period.end)
        .order_by(_enum_order(ProposalAssignment.reply_class, ReplyClass),
                  ProposalAssignment.proposal_id)).all()
    return _grouped(rows, lambda c: c.label)


def _department_name() -> ColumnElement[str]:
    return func.coalesce(func.nullif(Department.short_name, ""), Department.name)


@breakdown("proposals.by_lead_department", "立案提案按主办单位", "件", "proposals",
           "统计期间内收到并立案的提案按主办（或分办）单位分组的件数（一件多个主办单位时各计一次）。",
           "提案")
def by_lead_department(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    ids = accepted(period, scope).subquery()
    return (select(_department_name(), ProposalAssignment.proposal_id)
            .join(Department, Department.id == ProposalAssignment.department_id)
            .where(ProposalAssignment.proposal_id.in_(select(ids.c.id)),
                   ProposalAssignment.role.in_(ANSWERING))
            .order_by(Department.sort_order, ProposalAssignment.proposal_id))


@breakdown("proposals.supervised_by_department", "督办提案按主办单位", "件", "proposals",
           "督办提案（与“督办提案”指标同一批提案）按主办单位分组的件数，件数多的在前。", "提案")
def supervised_by_department(session: Session, period: Period, scope: Scope
                             ) -> BreakdownResult:
    ids = supervised(period, scope).subquery()
    return (select(_department_name(), ProposalAssignment.proposal_id)
            .join(Department, Department.id == ProposalAssignment.department_id)
            .where(ProposalAssignment.proposal_id.in_(select(ids.c.id)),
                   ProposalAssignment.role == AssignmentRole.LEAD)
            .order_by(Department.sort_order, ProposalAssignment.proposal_id))


@breakdown("opinions.by_category", "社情民意信息按类别", "篇", "opinion_reports",
           "统计期间内收到的社情民意信息按“类别”分组的篇数，合计等于收集篇数。", "社情民意")
def opinions_by_category(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    ids = opinion_ids(scope).where(OpinionReport.received_on.between(period.start, period.end))
    return (select(func.coalesce(func.nullif(OpinionReport.category, ""), "未分类"),
                   OpinionReport.id)
            .where(OpinionReport.id.in_(ids)).order_by(OpinionReport.received_on))


def _by_level(session: Session, period: Period, scope: Scope, adopted: bool
              ) -> BreakdownResult:
    day = OpinionForward.adopted_on if adopted else OpinionForward.forwarded_on
    stmt = (select(OpinionForward.level, OpinionForward.opinion_id)
            .where(OpinionForward.opinion_id.in_(opinion_ids(scope)),
                   day.between(period.start, period.end)))
    if adopted:
        stmt = stmt.where(OpinionForward.adopted.is_(True))
    found: dict[ForwardLevel, list[int]] = {level: [] for level in ForwardLevel}
    for level, opinion_id in session.execute(stmt.order_by(OpinionForward.opinion_id)):
        found[level].append(opinion_id)
    return [(level.label, len(ids), ids) for level, ids in found.items() if ids]


@breakdown("opinions.forwarded_by_level", "上报上级政协按层级", "篇", "opinion_reports",
           "统计期间内编辑上报市、省、全国政协的篇数（按上报日期），逐级列出，没有上报的层级不列。",
           "社情民意", by_count=False)
def forwarded_by_level(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    return _by_level(session, period, scope, adopted=False)


@breakdown("opinions.adopted_by_level", "被上级政协采用按层级", "篇", "opinion_reports",
           "统计期间内被市、省、全国政协采用的篇数（按采用日期），逐级列出，没有采用的层级不列。",
           "社情民意", by_count=False)
def adopted_by_level(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    return _by_level(session, period, scope, adopted=True)


@breakdown("events.by_kind", "会议活动按类型", "次", "events",
           "统计期间内开始的会议活动按活动类型分组的次数，合计等于会议活动总数。", "会议活动")
def events_by_kind(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    return (select(EventKind.name, Event.id).join(EventKind, EventKind.id == Event.kind_id)
            .where(Event.id.in_(events_in(period, scope)))
            .order_by(EventKind.sort_order, Event.start_on))


def _family_kinds(family: EventFamily, key: str) -> None:
    @breakdown(f"events.{key}", f"{family.label}活动按类型", "次", "events",
               f"统计期间内开始的“{family.label}”类活动按活动类型分组的次数。", "会议活动")
    def compute(session: Session, period: Period, scope: Scope) -> BreakdownResult:
        return (select(EventKind.name, Event.id).join(EventKind, EventKind.id == Event.kind_id)
                .where(Event.id.in_(events_in(period, scope)), EventKind.family == family)
                .order_by(EventKind.sort_order, Event.start_on))


for _family, _key in ((EventFamily.CONSULTATION, "consultation_kinds"),
                      (EventFamily.INSPECTION, "inspection_kinds"),
                      (EventFamily.OVERSIGHT, "oversight_kinds"),
                      (EventFamily.SERVICE, "service_kinds")):
    _family_kinds(_family, _key)


@breakdown("events.by_organizer", "会议活动按组织单位", "次", "events",
           "统计期间内开始的会议活动按组织单位分组的次数（未填组织单位的计入“未填”）。", "会议活动")
def events_by_organizer(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    return (select(func.coalesce(Unit.name, literal("未填")), Event.id)
            .outerjoin(Unit, Unit.id == Event.organizer_id)
            .where(Event.id.in_(events_in(period, scope)))
            .order_by(Unit.sort_order, Event.start_on))


@breakdown("honors.by_level", "委员受表彰按级别", "人次", "honors",
           "统计期间内委员个人获得的表彰按级别分组的人次；按单位统计时只计该单位的组成人员。",
           "委员", by_count=False)
def honors_by_level(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    from app.domain.enums import HonorLevel
    from app.reports.defs_members import in_unit

    rows = session.execute(
        select(Honor.level, Honor.id).where(
            Honor.member_id.is_not(None), Honor.deleted_at.is_(None),
            Honor.awarded_on.between(period.start, period.end),
            in_unit(Honor.member_id, period, scope))
        .order_by(_enum_order(Honor.level, HonorLevel), Honor.awarded_on)).all()
    return _grouped(rows, lambda level: level.label)


@breakdown("members.by_sector", "委员按界别", "人", "members",
           "期末在任委员按所在界别分组的人数，合计等于委员总数。", "委员")
def members_by_sector(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    from app.models import Member, MemberTerm
    from app.reports.defs_members import seated_on

    return (select(func.coalesce(Sector.name, literal("未填界别")), Member.id)
            .join(MemberTerm, MemberTerm.member_id == Member.id)
            .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
            .where(seated_on(period)).order_by(Sector.sort_order, Member.stroke_key))


def _grouped(rows: Iterable[Any], label: Callable[[Any], str]) -> BreakdownResult:
    """(enum value, id) rows, already in order, as (label, count, ids)."""
    groups: dict[str, dict[int, None]] = {}
    for value, record_id in rows:
        groups.setdefault(label(value), {})[record_id] = None
    return [(name, len(ids), list(ids)) for name, ids in groups.items()]
