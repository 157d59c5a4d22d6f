"""Figures about one member (履职档案), one event (签到表) or one plenary session (提案汇编).

The subject's id comes in the scope (``Scope(member_id=…)``); ``compute`` refuses a subject
figure without it. Member figures count within the period; event and session figures
describe the event or session as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select, true, union_all
from sqlalchemy.orm import Session

from app.domain.enums import Attendance, EventFamily, ParticipationRole, ReviewStatus
from app.models import (
    Event,
    EventKind,
    Honor,
    OpinionForward,
    OpinionReport,
    OpinionSubmitter,
    Participation,
    Proposal,
    ProposalCosigner,
)
from app.reports.figures import BreakdownResult, FigureResult, Number, breakdown, figure, ratio
from app.reports.member_figures import RowsQuery, member_figure
from app.reports.period import Period, Scope

MEMBER = "委员个人"
IN_PERIOD = "统计期间内（按活动开始日期）"


def _members(column: Any, member_ids: Sequence[int] | None) -> ColumnElement[bool]:
    """The members asked for: the given ids, or every member (``None``)."""
    if member_ids is None:
        return true()
    if len(member_ids) == 1:  # the usual case (one member's figures): a plain equality
        return column == member_ids[0]  # type: ignore[no-any-return]
    return column.in_(member_ids)  # type: ignore[no-any-return]


def _invited(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return (select(Participation.member_id, Participation.id)
            .join(Event, Event.id == Participation.event_id)
            .where(_members(Participation.member_id, member_ids), Event.deleted_at.is_(None),
                   Event.start_on.between(period.start, period.end)))


@member_figure("member.invited", "应参加会议活动", "次", "participations",
               f"{IN_PERIOD}本委员被列入参加人员的会议活动次数。", MEMBER)
def member_invited(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _invited(period, member_ids)


def _attendance(status: Attendance, key: str) -> None:
    @member_figure(f"member.{key}", status.label, "次", "participations",
                   f"{IN_PERIOD}本委员出席情况为“{status.label}”的会议活动次数。", MEMBER)
    def rows(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
        return _invited(period, member_ids).where(Participation.attendance == status)


_attendance(Attendance.PRESENT, "present")
_attendance(Attendance.EXCUSED, "excused")
_attendance(Attendance.ABSENT, "absent")


def _rate(rows: list[tuple[Any, ...]]) -> tuple[Number, Sequence[int]]:
    present = [i for i, a in rows if a == Attendance.PRESENT]
    return ratio(len(present), len(rows)), present


@member_figure("member.attendance_rate", "出席率", "%", "participations",
               "本委员出席次数 ÷ 应参加次数 × 100，保留一位小数。", MEMBER, reduce=_rate)
def member_attendance_rate(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _invited(period, member_ids).add_columns(Participation.attendance)


@member_figure("member.meetings_present", "出席会议和协商", "次", "participations",
               f"{IN_PERIOD}本委员出席的会议类、协商类活动次数。", MEMBER)
def member_meetings(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return (_invited(period, member_ids).join(EventKind, EventKind.id == Event.kind_id)
            .where(Participation.attendance == Attendance.PRESENT,
                   EventKind.family.in_((EventFamily.MEETING, EventFamily.CONSULTATION))))


@member_figure("member.activities_present", "参加履职活动", "次", "participations",
               f"{IN_PERIOD}本委员出席的视察调研、学习培训、服务为民等其他活动次数。", MEMBER)
def member_activities(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return (_invited(period, member_ids).join(EventKind, EventKind.id == Event.kind_id)
            .where(Participation.attendance == Attendance.PRESENT,
                   EventKind.family.not_in((EventFamily.MEETING, EventFamily.CONSULTATION))))


@member_figure("member.speeches", "会议发言", "次", "participations",
               f"{IN_PERIOD}本委员以“发言”角色参加的会议活动次数。", MEMBER)
def member_speeches(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _invited(period, member_ids).where(Participation.role == ParticipationRole.SPEAKER)


def _in_period(stmt: Select, period: Period) -> RowsQuery:
    return stmt.where(Proposal.deleted_at.is_(None),
                      Proposal.submitted_on.between(period.start, period.end))


def _lead(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _in_period(select(Proposal.lead_member_id, Proposal.id)
                      .where(_members(Proposal.lead_member_id, member_ids)), period)


def _cosigned(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _in_period(select(ProposalCosigner.member_id, Proposal.id)
                      .join(Proposal, Proposal.id == ProposalCosigner.proposal_id)
                      .where(_members(ProposalCosigner.member_id, member_ids)), period)


@member_figure("member.proposals_lead", "提交提案（第一提案人）", "件", "proposals",
               "统计期间内（按提交日期）本委员作为第一提案人的提案件数。", MEMBER)
def member_proposals_lead(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _lead(period, member_ids)


@member_figure("member.proposals_cosigned", "联名提案（附议）", "件", "proposals",
               "统计期间内（按提交日期）本委员作为联名人的提案件数。", MEMBER)
def member_proposals_cosigned(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _cosigned(period, member_ids)


def _own(period: Period, member_ids: Sequence[int] | None, *conditions: Any) -> RowsQuery:
    """Proposals the member leads or cosigns (a proposal may be both: counted once)."""
    both = union_all(_lead(period, member_ids).where(*conditions),
                     _cosigned(period, member_ids).where(*conditions)).subquery()
    return select(*both.c).order_by(both.c[1])  # by proposal, as a single query lists them


@member_figure("member.proposals_accepted", "提案立案", "件", "proposals",
               "统计期间内本委员作为第一提案人或联名人、审查结果为立案的提案件数。", MEMBER)
def member_proposals_accepted(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _own(period, member_ids, Proposal.review_status == ReviewStatus.ACCEPTED)


@member_figure("member.proposals_key", "重点提案", "件", "proposals",
               "统计期间内本委员作为第一提案人或联名人、确定为重点提案的件数。", MEMBER)
def member_proposals_key(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _own(period, member_ids, Proposal.review_status == ReviewStatus.ACCEPTED,
                Proposal.is_key.is_(True))


def _opinions(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return (select(OpinionSubmitter.member_id, OpinionReport.id)
            .join(OpinionReport, OpinionReport.id == OpinionSubmitter.opinion_id)
            .where(_members(OpinionSubmitter.member_id, member_ids),
                   OpinionReport.deleted_at.is_(None),
                   OpinionReport.received_on.between(period.start, period.end)))


@member_figure("member.opinions", "报送社情民意信息", "篇", "opinion_reports",
               "统计期间内（按收到日期）本委员单独或与他人共同报送的社情民意信息篇数。", MEMBER)
def member_opinions(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _opinions(period, member_ids)


@member_figure("member.opinions_adopted", "信息被采用", "篇", "opinion_reports",
               "本委员统计期间内报送的信息中，被本级《社情民意》编发或被上级政协采用的篇数（按收到计，"
               "编发、采用不论何时）。", MEMBER)
def member_opinions_adopted(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return _opinions(period, member_ids).where(or_(
        OpinionReport.issued_on.is_not(None),
        exists().where(OpinionForward.opinion_id == OpinionReport.id,
                       OpinionForward.adopted.is_(True))))


@member_figure("member.honors", "获得表彰", "项", "honors",
               "统计期间内（按表彰日期）本委员获得的表彰项数。", MEMBER)
def member_honors(period: Period, member_ids: Sequence[int] | None) -> RowsQuery:
    return select(Honor.member_id, Honor.id).where(
        _members(Honor.member_id, member_ids), Honor.deleted_at.is_(None),
        Honor.awarded_on.between(period.start, period.end))


# ----- one event ---------------------------------------------------------------------------
EVENT = "会议签到"


def _event_people(scope: Scope) -> Select:  # type: ignore[type-arg]
    return select(Participation.id).where(Participation.event_id == scope.event_id)


@figure("event.invited", "应到人数", "人", "participations",
        "本次会议活动列入参加人员的委员人数（含已请假的）。", EVENT, subject="event")
def event_invited(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _event_people(scope)


def _event_attendance(status: Attendance, key: str, label: str) -> None:
    @figure(f"event.{key}", label, "人", "participations",
            f"本次会议活动中出席情况登记为“{status.label}”的委员人数。", EVENT, subject="event")
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return _event_people(scope).where(Participation.attendance == status)


_event_attendance(Attendance.PRESENT, "present", "实到人数")
_event_attendance(Attendance.EXCUSED, "excused", "请假人数")
_event_attendance(Attendance.ABSENT, "absent", "缺席人数")


# ----- one plenary session's proposals -------------------------------------------------------
SESSION = "会议提案"


def session_proposals(scope: Scope) -> Select:  # type: ignore[type-arg]
    return select(Proposal.id).where(Proposal.deleted_at.is_(None),
                                     Proposal.session_id == scope.session_id)


@figure("session.received", "本次会议收到提案", "件", "proposals",
        "编号属于本次全体会议（大会期间）的提案件数，不含闭会期间提案和已删除的提案。", SESSION,
        subject="session")
def session_received(session: Session, period: Period, scope: Scope) -> FigureResult:
    return session_proposals(scope).order_by(Proposal.number)


@figure("session.accepted", "本次会议立案", "件", "proposals",
        "编号属于本次全体会议、审查结果为立案的提案件数。", SESSION, subject="session")
def session_accepted(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (session_proposals(scope).where(Proposal.review_status == ReviewStatus.ACCEPTED)
            .order_by(Proposal.number))


@figure("session.key", "本次会议重点提案", "件", "proposals",
        "编号属于本次全体会议、立案并确定为重点提案的件数。", SESSION, subject="session")
def session_key(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (session_proposals(scope).where(Proposal.review_status == ReviewStatus.ACCEPTED,
                                           Proposal.is_key.is_(True)).order_by(Proposal.number))


@breakdown("session.by_category", "本次会议立案提案按类别", "件", "proposals",
           "编号属于本次全体会议、立案的提案按“类别”分组的件数，合计等于本次会议立案件数。",
           SESSION)
def session_by_category(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    return (select(func.coalesce(func.nullif(Proposal.category, ""), "未分类"), Proposal.id)
            .where(Proposal.id.in_(session_proposals(scope).where(
                Proposal.review_status == ReviewStatus.ACCEPTED)))
            .order_by(Proposal.number))
