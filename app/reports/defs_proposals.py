"""Figures about proposals (提案): received, accepted, key, supervised, replied."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from app.domain.enums import AssignmentRole, ReplyClass, ReviewStatus
from app.models import PlenarySession, Proposal, ProposalAssignment, SupervisionRecord
from app.reports.figures import FigureResult, figure, ratio
from app.reports.period import Period, Scope

ANSWERING = (AssignmentRole.LEAD, AssignmentRole.SEPARATE)  # units that reply formally


def proposal_day(period: Period) -> ColumnElement[dt.date]:
    """The date that places a proposal in a period: its submission date; for "since session X"
    periods, a plenary's proposals count from that plenary's opening (many are handed in
    before it opens, and the next plenary's early ones belong to the next period)."""
    if period.kind != "session":
        return Proposal.submitted_on
    opening = (select(PlenarySession.start_on).where(PlenarySession.id == Proposal.session_id)
               .scalar_subquery())
    return func.coalesce(opening, Proposal.submitted_on)


def in_channel(stmt: Select, scope: Scope) -> Select:  # type: ignore[type-arg]
    """Limit a proposal query to one unit's 归口 proposals when the scope names a unit."""
    if scope.unit_id is None:
        return stmt
    return stmt.where(Proposal.channel_unit_id == scope.unit_id)


def received(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    stmt = select(Proposal.id).where(
        Proposal.deleted_at.is_(None), proposal_day(period).between(period.start, period.end)
    )
    if scope.unit_id is not None:
        stmt = stmt.where(Proposal.channel_unit_id == scope.unit_id)
    return stmt


def accepted(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    return received(period, scope).where(Proposal.review_status == ReviewStatus.ACCEPTED)


def replied(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    """Accepted proposals that have an answering unit and whose answering units all replied."""
    pa = aliased(ProposalAssignment)
    answering = and_(pa.proposal_id == Proposal.id, pa.role.in_(ANSWERING))
    return accepted(period, scope).where(
        exists().where(answering), ~exists().where(answering, pa.replied_on.is_(None))
    )


@figure("proposals.received", "收到提案", "件", "proposals",
        "提交日期在统计期间内的提案件数（含大会期间和闭会期间，不含已删除）。统计期间为"
        "“某次全体会议以来”时，大会期间的提案按所属会议的开幕日期计。", "提案")
def proposals_received(session: Session, period: Period, scope: Scope) -> FigureResult:
    return received(period, scope)


@figure("proposals.accepted", "立案", "件", "proposals",
        "统计期间内收到、审查结果为“立案”的提案件数（并案、转意见建议、不予立案、撤案不计）。",
        "提案")
def proposals_accepted(session: Session, period: Period, scope: Scope) -> FigureResult:
    return accepted(period, scope)


@figure("proposals.key", "重点提案", "件", "proposals",
        "统计期间内收到并立案、确定为重点提案的件数。", "提案")
def proposals_key(session: Session, period: Period, scope: Scope) -> FigureResult:
    return accepted(period, scope).where(Proposal.is_key.is_(True))


@figure("proposals.supervised", "督办提案", "件", "proposals",
        "统计期间内有督办记录的提案件数（一件提案多次督办只计一件）。", "提案")
def proposals_supervised(session: Session, period: Period, scope: Scope) -> FigureResult:
    stmt = (select(SupervisionRecord.proposal_id).join(Proposal)
            .where(Proposal.deleted_at.is_(None),
                   SupervisionRecord.supervised_on.between(period.start, period.end)))
    return in_channel(stmt, scope)


@figure("proposals.replied", "已办复", "件", "proposals",
        "统计期间内立案的提案中，主办（或分办）单位均已答复的件数。", "提案")
def proposals_replied(session: Session, period: Period, scope: Scope) -> FigureResult:
    return replied(period, scope)


@figure("proposals.reply_rate", "办复率", "%", "proposals",
        "已办复件数 ÷ 立案件数 × 100，保留一位小数；记录为已办复的提案。", "提案")
def proposals_reply_rate(session: Session, period: Period, scope: Scope) -> FigureResult:
    done = list(session.scalars(replied(period, scope)))
    total = len(list(session.scalars(accepted(period, scope))))
    return ratio(len(done), total), done


def _class_figure(reply_class: ReplyClass) -> None:
    @figure(f"proposals.class_{reply_class.value.lower()}", f"{reply_class.value}类答复", "件",
            "proposals",
            f"统计期间内立案的提案中，主办（或分办）单位答复为{reply_class.label}的件数。",
            "提案")
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return accepted(period, scope).join(ProposalAssignment).where(
            ProposalAssignment.role.in_(ANSWERING),
            ProposalAssignment.reply_class == reply_class,
        )


for _class in (ReplyClass.A, ReplyClass.B, ReplyClass.C):
    _class_figure(_class)
