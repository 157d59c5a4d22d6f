"""Figures about members and honors."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from app.domain.enums import TermOrigin
from app.models import Honor, Member, MemberTerm
from app.reports.figures import FigureResult, figure
from app.reports.period import Period, Scope


def _seated_on(period: Period) -> ColumnElement[bool]:
    day = period.end
    return and_(
        or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= day),
        or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > day),
        Member.deleted_at.is_(None),
    )


@figure("members.total", "委员总数", "人", "members",
        "期末在任的委员人数（任一届次中任职日期不晚于期末、且期末时未离任）。", "委员")
def members_total(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Member.id).join(MemberTerm).where(_seated_on(period))


@figure("members.standing", "常委人数", "人", "members",
        "期末在任委员中担任常委（含主席、副主席、秘书长）的人数。", "委员")
def members_standing(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (select(Member.id).join(MemberTerm)
            .where(_seated_on(period), MemberTerm.is_standing.is_(True)))


@figure("members.added", "增补委员", "人", "members",
        "统计期间内以“增补”方式产生、任职日期在期间内的委员人数。", "委员")
def members_added(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Member.id).join(MemberTerm).where(
        MemberTerm.origin == TermOrigin.ADDITION,
        MemberTerm.joined_on.between(period.start, period.end),
        Member.deleted_at.is_(None),
    )


@figure("honors.members", "委员受表彰", "人次", "honors",
        "统计期间内委员个人获得的表彰（一人多次表彰按多次计）。", "委员")
def honors_members(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Honor.id).where(
        Honor.member_id.is_not(None), Honor.deleted_at.is_(None),
        Honor.awarded_on.between(period.start, period.end),
    )
