"""Figures about one member (履职档案), one event (签到表) or one plenary session (提案汇编).

The subject's id comes in the scope (``Scope(member_id=…)``); ``compute`` refuses a subject
figure without it. Member figures count within the period; event and session figures
describe the event or session as a whole.
"""

from __future__ import annotations

from sqlalchemy import Select, exists, func, or_, select
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
from app.reports.figures import BreakdownResult, FigureResult, breakdown, figure, ratio
from app.reports.period import Period, Scope

MEMBER = "委员个人"
IN_PERIOD = "统计期间内（按活动开始日期）"


def _invited(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    return (select(Participation.id).join(Event, Event.id == Participation.event_id)
            .where(Participation.member_id == scope.member_id, Event.deleted_at.is_(None),
                   Event.start_on.between(period.start, period.end)))


@figure("member.invited", "应参加会议活动", "次", "participations",
        f"{IN_PERIOD}本委员被列入参加人员的会议活动次数。", MEMBER, subject="member")
def member_invited(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _invited(period, scope)


def _attendance(status: Attendance, key: str) -> None:
    @figure(f"member.{key}", status.label, "次", "participations",
            f"{IN_PERIOD}本委员出席情况为“{status.label}”的会议活动次数。", MEMBER,
            subject="member")
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return _invited(period, scope).where(Participation.attendance == status)


_attendance(Attendance.PRESENT, "present")
_attendance(Attendance.EXCUSED, "excused")
_attendance(Attendance.ABSENT, "absent")


@figure("member.attendance_rate", "出席率", "%", "participations",
        "本委员出席次数 ÷ 应参加次数 × 100，保留一位小数。", MEMBER, subject="member")
def member_attendance_rate(session: Session, period: Period, scope: Scope) -> FigureResult:
    rows = session.execute(_invited(period, scope).add_columns(Participation.attendance)).all()
    present = [i for i, a in rows if a == Attendance.PRESENT]
    return ratio(len(present), len(rows)), present


@figure("member.meetings_present", "出席会议和协商", "次", "participations",
        f"{IN_PERIOD}本委员出席的会议类、协商类活动次数。", MEMBER, subject="member")
def member_meetings(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (_invited(period, scope).join(EventKind, EventKind.id == Event.kind_id)
            .where(Participation.attendance == Attendance.PRESENT,
                   EventKind.family.in_((EventFamily.MEETING, EventFamily.CONSULTATION))))


@figure("member.activities_present", "参加履职活动", "次", "participations",
        f"{IN_PERIOD}本委员出席的视察调研、学习培训、服务为民等其他活动次数。", MEMBER,
        subject="member")
def member_activities(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (_invited(period, scope).join(EventKind, EventKind.id == Event.kind_id)
            .where(Participation.attendance == Attendance.PRESENT,
                   EventKind.family.not_in((EventFamily.MEETING, EventFamily.CONSULTATION))))


@figure("member.speeches", "会议发言", "次", "participations",
        f"{IN_PERIOD}本委员以“发言”角色参加的会议活动次数。", MEMBER, subject="member")
def member_speeches(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _invited(period, scope).where(Participation.role == ParticipationRole.SPEAKER)


def _proposals(period: Period) -> Select:  # type: ignore[type-arg]
    return select(Proposal.id).where(Proposal.deleted_at.is_(None),
                                     Proposal.submitted_on.between(period.start, period.end))


def _cosigned(scope: Scope) -> object:
    return exists().where(ProposalCosigner.proposal_id == Proposal.id,
                          ProposalCosigner.member_id == scope.member_id)


@figure("member.proposals_lead", "提交提案（第一提案人）", "件", "proposals",
        "统计期间内（按提交日期）本委员作为第一提案人的提案件数。", MEMBER, subject="member")
def member_proposals_lead(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _proposals(period).where(Proposal.lead_member_id == scope.member_id)


@figure("member.proposals_cosigned", "联名提案（附议）", "件", "proposals",
        "统计期间内（按提交日期）本委员作为联名人的提案件数。", MEMBER, subject="member")
def member_proposals_cosigned(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _proposals(period).where(_cosigned(scope))  # type: ignore[arg-type]


def _own(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    return _proposals(period).where(or_(Proposal.lead_member_id == scope.member_id,
                                        _cosigned(scope)))  # type: ignore[arg-type]


@figure("member.proposals_accepted", "提案立案", "件", "proposals",
        "统计期间内本委员作为第一提案人或联名人、审查结果为立案的提案件数。", MEMBER,
        subject="member")
def member_proposals_accepted(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _own(period, scope).where(Proposal.review_status == ReviewStatus.ACCEPTED)


@figure("member.proposals_key", "重点提案", "件", "proposals",
        "统计期间内本委员作为第一提案人或联名人、确定为重点提案的件数。", MEMBER,
        subject="member")
def member_proposals_key(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _own(period, scope).where(Proposal.review_status == ReviewStatus.ACCEPTED,
                                     Proposal.is_key.is_(True))


def _opinions(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    return select(OpinionReport.id).where(
        OpinionReport.deleted_at.is_(None),
        OpinionReport.received_on.between(period.start, period.end),
        exists().where(OpinionSubmitter.opinion_id == OpinionReport.id,
                       OpinionSubmitter.member_id == scope.member_id))


@figure("member.opinions", "报送社情民意信息", "篇", "opinion_reports",
        "统计期间内（按收到日期）本委员单独或与他人共同报送的社情民意信息篇数。", MEMBER,
        subject="member")
def member_opinions(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _opinions(period, scope)


@figure("member.opinions_adopted", "信息被采用", "篇", "opinion_reports",
        "本委员统计期间内报送的信息中，被本级《社情民意》编发或被上级政协采用的篇数（按收到计，"
        "编发、采用不论何时）。", MEMBER,
        subject="member")
def member_opinions_adopted(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _opinions(period, scope).where(or_(
        OpinionReport.issued_on.is_not(None),
        exists().where(OpinionForward.opinion_id == OpinionReport.id,
                       OpinionForward.adopted.is_(True))))


@figure("member.honors", "获得表彰", "项", "honors",
        "统计期间内（按表彰日期）本委员获得的表彰项数。", MEMBER, subject="member")
def member_honors(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Honor.id).where(Honor.member_id == scope.member_id,
                                  Honor.deleted_at.is_(None),
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
