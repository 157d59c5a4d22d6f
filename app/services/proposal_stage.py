"""Where a proposal stands and what it is called: its stage (in Python and as SQL), the
办理期限 rule and its number text. Shared by ``proposals`` and the workflow steps
(``proposal_steps`` …)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, exists
from sqlalchemy.orm import Session

from app.domain.enums import AssignmentRole, ProposalStage, ReviewStatus
from app.models import PlenarySession, Proposal, ProposalAssignment, Term
from app.text.numerals import cn_number

REPLYING = (AssignmentRole.LEAD, AssignmentRole.SEPARATE)  # roles that owe a formal reply
PA = ProposalAssignment


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clipped to the month's end (11-30 + 3 → 02-28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stage(p: Proposal) -> ProposalStage:
    """Where the proposal stands; a pure function of its review status and assignments."""
    if p.review_status != ReviewStatus.ACCEPTED:
        return ProposalStage[p.review_status.name]
    if p.closed_on is not None:
        return ProposalStage.CLOSED
    if not p.assignments:
        return ProposalStage.ACCEPTED
    replying = [a for a in p.assignments if a.role in REPLYING]
    if any(a.replied_on is None for a in replying):
        return ProposalStage.ASSIGNED
    if any(a.satisfaction is None for a in replying):
        return ProposalStage.REPLIED
    return ProposalStage.EVALUATED


def assigned(*conditions: Any) -> ColumnElement[bool]:
    """The proposal has an assignment meeting ``conditions`` (all of them)."""
    return exists().where(PA.proposal_id == Proposal.id, *conditions)


def stage_condition(value: ProposalStage | str) -> ColumnElement[bool]:
    """``stage(p) == value`` as SQL."""
    st = value if isinstance(value, ProposalStage) else ProposalStage.from_label(value)
    if st is None:
        raise KeyError(f"unknown proposal stage {value!r}")
    if st.name in ReviewStatus.__members__ and st.name != ReviewStatus.ACCEPTED.name:
        return Proposal.review_status.in_([ReviewStatus[st.name]])
    accepted = Proposal.review_status == ReviewStatus.ACCEPTED
    if st == ProposalStage.CLOSED:
        return and_(accepted, Proposal.closed_on.is_not(None))
    open_ = and_(accepted, Proposal.closed_on.is_(None))
    unreplied = assigned(PA.role.in_(REPLYING), PA.replied_on.is_(None))
    unevaluated = assigned(PA.role.in_(REPLYING), PA.satisfaction.is_(None))
    return {
        ProposalStage.ACCEPTED: and_(open_, ~assigned()),
        ProposalStage.ASSIGNED: and_(open_, unreplied),
        ProposalStage.REPLIED: and_(open_, assigned(), ~unreplied, unevaluated),
        ProposalStage.EVALUATED: and_(open_, assigned(), ~unreplied, ~unevaluated),
    }[st]


def series_text(term: Term | None, plenary: PlenarySession | None) -> str:
    """十届三次会议, or 十届闭会期间 for proposals between plenaries."""
    term_text = f"{cn_number(term.number)}届" if term else ""
    if plenary is None:
        return f"{term_text}闭会期间"
    return f"{term_text}{cn_number(plenary.number)}次会议"


def series_name(session: Session, term_id: int, session_id: int | None) -> str:
    """The series of a term and session given by id (see ``series_text``)."""
    plenary = session.get(PlenarySession, session_id) if session_id else None
    return series_text(session.get(Term, term_id), plenary)


def number_text(p: Proposal) -> str:
    """十届三次会议第005号 (the proposal's term and plenary are loaded with it)."""
    return f"{series_text(p.term, p.plenary)}第{p.number:03d}号"


def is_supervised(p: Proposal, until: dt.date | None = None) -> bool:
    """督办提案, the meaning every page, import and figure shares (SQL form:
    ``app.reports.defs_proposals.is_supervised``): a supervision level or a supervising leader
    is set, or a 督办 visit is recorded (on or before ``until`` when given)."""
    return (p.supervision_level is not None or bool(p.supervisor)
            or any(until is None or s.supervised_on <= until for s in p.supervisions))
