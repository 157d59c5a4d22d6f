"""Figures about proposals (提案): received, accepted, key, supervised, replied.

Cohorts: every proposal figure counts the proposals *received* in the period (按提交日期; the
plenary's opening day for "since session X" periods), so 收到、立案、重点、督办 in one sentence
are the same proposals. Their state (办复、督办、评价、办结) is taken as of the period's end —
the one 截至 date a document prints. Only 开展督办N次 (``proposals.supervision_visits``) and
批示 count what was *done* in the period, and the templates put them in a sentence of their own.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from app.domain.enums import AssignmentRole, ReplyClass, ReviewStatus
from app.models import PlenarySession, Proposal, ProposalAssignment, SupervisionRecord
from app.reports.figures import FigureResult, built, figure, ratio
from app.reports.period import Period, Scope

ANSWERING = (AssignmentRole.LEAD, AssignmentRole.SEPARATE)  # units that reply formally


def proposal_day(period: Period) -> ColumnElement[dt.date] | InstrumentedAttribute[dt.date]:
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
    """Accepted proposals that have an answering unit and whose answering units all replied
    by the end of the period."""
    return accepted(period, scope).where(answered_by(period.end))


def answered_by(until: dt.date) -> ColumnElement[bool]:
    """The condition ``replied`` adds to the accepted proposals."""
    pa = aliased(ProposalAssignment)
    answering = and_(pa.proposal_id == Proposal.id, pa.role.in_(ANSWERING))
    return and_(exists().where(answering),
                ~exists().where(answering, or_(pa.replied_on.is_(None), pa.replied_on > until)))


def is_supervised(until: dt.date) -> ColumnElement[bool]:
    """督办提案 — the one meaning used by the proposal page, the import and every figure: a
    supervision level or a supervising leader is set on the proposal (as the 重点提案 dialog and
    the Excel columns 督办层级/督办领导 set them), or at least one 督办 visit is recorded on or
    before ``until``."""
    return or_(Proposal.supervision_level.is_not(None), Proposal.supervisor != "",
               exists().where(SupervisionRecord.proposal_id == Proposal.id,
                              SupervisionRecord.supervised_on <= until))


def supervised(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    """督办提案 among the proposals received and accepted in the period."""
    return accepted(period, scope).where(is_supervised(period.end))


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


SUPERVISED = "确定了督办层级或督办领导，或截至统计期末登记过督办的提案（一件提案多次督办只计一件）"


@figure("proposals.supervised", "督办提案", "件", "proposals",
        f"统计期间内收到并立案的提案中，督办提案的件数。督办提案指{SUPERVISED}。与收到、立案、"
        "重点提案是同一批提案；统计期间内开展督办的次数见“开展督办”。", "提案")
def proposals_supervised(session: Session, period: Period, scope: Scope) -> FigureResult:
    return supervised(period, scope)


@figure("proposals.replied", "已办复", "件", "proposals",
        "统计期间内收到并立案的提案中，截至统计期末主办（或分办）单位均已答复的件数。", "提案")
def proposals_replied(session: Session, period: Period, scope: Scope) -> FigureResult:
    return replied(period, scope)


@figure("proposals.reply_rate", "办复率", "%", "proposals",
        "已办复件数 ÷ 立案件数 × 100，保留一位小数（同一批提案，截至统计期末）；"
        "明细为已办复的提案。", "提案")
def proposals_reply_rate(session: Session, period: Period, scope: Scope) -> FigureResult:
    done_stmt, total_stmt = built(("reply_rate", period, scope),
                                  lambda: (replied(period, scope), accepted(period, scope)))
    done = list(session.scalars(done_stmt))
    total = len(list(session.scalars(total_stmt)))
    return ratio(len(done), total), done


def _class_figure(reply_class: ReplyClass) -> None:
    @figure(f"proposals.class_{reply_class.value.lower()}", f"{reply_class.value}类答复", "件",
            "proposals",
            f"统计期间内收到并立案的提案中，截至统计期末主办（或分办）单位答复为{reply_class.label}"
            "的件数。",
            "提案")
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return accepted(period, scope).join(ProposalAssignment).where(
            ProposalAssignment.role.in_(ANSWERING),
            ProposalAssignment.reply_class == reply_class,
            ProposalAssignment.replied_on <= period.end,
        )


for _class in (ReplyClass.A, ReplyClass.B, ReplyClass.C):
    _class_figure(_class)
