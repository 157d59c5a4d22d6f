"""Figures of work waiting (待办): proposals and 社情民意 whose next step has not been taken.

Each counts the records received in the period (提案按提交日期、社情民意按收到日期) whose state
*now* waits for a step; the 答复期限 figures compare the deadline with the period's end (the
首页 asks with a period ending today). Shown on the 首页's to-do list, where each number opens
its records; the other to-do numbers there are ordinary figures (待审查, 会议活动总数 of this
week, 未完成最低履职要求的委员 of this year).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session

from app.domain.enums import OpinionStatus, ProposalStage
from app.models import OpinionForward, OpinionReport, ProposalAssignment
from app.reports.defs_proposals import ANSWERING, received
from app.reports.figures import FigureResult, figure
from app.reports.period import Period, Scope
from app.services.proposal_stage import assigned, stage_condition

GROUP = "待办"
DUE_SOON_DAYS = 14  # 答复期限 within this many days of the period's end counts as 即将到期
PA = ProposalAssignment
RECEIVED = "统计期间内收到（按提交日期）的提案中"
OPINIONS = "统计期间内收到的社情民意信息中"


def _unreplied(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """An answering unit (主办、分办) of the open, accepted proposal has not replied yet."""
    return assigned(PA.role.in_(ANSWERING), PA.replied_on.is_(None), *conditions)


def _stage(period: Period, scope: Scope, step: ProposalStage) -> Select:  # type: ignore[type-arg]
    return received(period, scope).where(stage_condition(step))


@figure("todo.proposals_assign", "立案待交办", "件", "proposals",
        f"{RECEIVED}，已立案、尚未交办承办单位的件数（当前状态）。", GROUP)
def proposals_assign(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _stage(period, scope, ProposalStage.ACCEPTED)


@figure("todo.proposals_reply", "交办待答复", "件", "proposals",
        f"{RECEIVED}，已交办、主办（或分办）单位尚未全部答复的件数（当前状态）。", GROUP)
def proposals_reply(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _stage(period, scope, ProposalStage.ASSIGNED)


@figure("todo.replies_overdue", "超过答复期限未答复", "件", "proposals",
        f"{RECEIVED}，未办结、有主办（或分办）单位的答复期限早于统计期末而尚未答复的件数。",
        GROUP)
def replies_overdue(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _stage(period, scope, ProposalStage.ASSIGNED).where(
        _unreplied(PA.due_on < period.end))


@figure("todo.replies_due", f"{DUE_SOON_DAYS}天内到答复期限", "件", "proposals",
        f"{RECEIVED}，未办结、有主办（或分办）单位尚未答复、答复期限在统计期末起"
        f"{DUE_SOON_DAYS}天内（含期末当天）的件数。", GROUP)
def replies_due(session: Session, period: Period, scope: Scope) -> FigureResult:
    last = period.end + dt.timedelta(days=DUE_SOON_DAYS)
    return _stage(period, scope, ProposalStage.ASSIGNED).where(
        _unreplied(PA.due_on.between(period.end, last)))


@figure("todo.proposals_evaluate", "答复待评价", "件", "proposals",
        f"{RECEIVED}，承办单位均已答复、提案者尚未全部评价的件数（当前状态）。", GROUP)
def proposals_evaluate(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _stage(period, scope, ProposalStage.REPLIED)


def _opinions(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    stmt = select(OpinionReport.id).where(
        OpinionReport.deleted_at.is_(None),
        OpinionReport.received_on.between(period.start, period.end))
    if scope.unit_id is not None:
        stmt = stmt.where(OpinionReport.channel_unit_id == scope.unit_id)
    return stmt


def _forwarded(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(OpinionForward.opinion_id == OpinionReport.id, *conditions)


@figure("todo.opinions_issue", "社情民意待编发", "篇", "opinion_reports",
        f"{OPINIONS}，状态为“{OpinionStatus.RECEIVED.label}”或“{OpinionStatus.EDITING.label}”"
        "（尚未编发、也未定为不采用）的篇数（当前状态）。", GROUP)
def opinions_issue(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _opinions(period, scope).where(
        OpinionReport.status.in_([OpinionStatus.RECEIVED, OpinionStatus.EDITING]))


@figure("todo.opinions_forward", "已编发未上报", "篇", "opinion_reports",
        f"{OPINIONS}，已在本级编发、还没有上报任何上级政协的篇数（当前状态）。", GROUP)
def opinions_forward(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _opinions(period, scope).where(OpinionReport.status == OpinionStatus.ISSUED,
                                          ~_forwarded())


@figure("todo.opinions_adoption", "上报待登记采用", "篇", "opinion_reports",
        f"{OPINIONS}，已上报上级政协、还没有登记任何一级采用的篇数（当前状态）。", GROUP)
def opinions_adoption(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _opinions(period, scope).where(_forwarded(),
                                          ~_forwarded(OpinionForward.adopted.is_(True)))
