"""Figures about members and honors.

Scoped to a unit (``--scope``, a 年度工作回眸 section), a member figure counts the unit's own
members (its 组成人员 on the period's end, or at any time in the period for 增补/离任/表彰);
集体受表彰 is the committee's and counts nothing for a unit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from app.domain.enums import CommitteeLevel, HonorLevel, TermOrigin
from app.models import CommitteeSettings, Honor, Member, MemberTerm, Term, UnitMembership
from app.reports.figures import FigureResult, Number, built, figure, values_of
from app.reports.period import Period, Scope

UNIT = "按单位统计时只计该单位的组成人员。"


def in_unit(member_id: ColumnElement[int] | Any, period: Period, scope: Scope,
            *, at_end: bool = False) -> ColumnElement[bool]:
    """True for every member when the scope is the committee; else membership of the unit
    on the period's end (``at_end``) or at some time in the period."""
    if scope.unit_id is None:
        return true()
    since = or_(UnitMembership.since.is_(None),
                UnitMembership.since <= period.end)
    until = or_(UnitMembership.until.is_(None),
                UnitMembership.until > (period.end if at_end else period.start))
    return member_id.in_(select(UnitMembership.member_id).where(
        UnitMembership.unit_id == scope.unit_id, since, until))


def seated_on(period: Period) -> ColumnElement[bool]:
    day = period.end
    return and_(
        or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= day),
        or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > day),
        Member.deleted_at.is_(None),
    )


@figure("members.total", "委员总数", "人", "members",
        f"期末在任的委员人数（任一届次中任职日期不晚于期末、且期末时未离任）。{UNIT}", "委员")
def members_total(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Member.id).join(MemberTerm).where(
        seated_on(period), in_unit(Member.id, period, scope, at_end=True))


@figure("members.standing", "常委人数", "人", "members",
        f"期末在任委员中担任常委（含主席、副主席、秘书长）的人数。{UNIT}", "委员")
def members_standing(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (select(Member.id).join(MemberTerm)
            .where(seated_on(period), MemberTerm.is_standing.is_(True),
                   in_unit(Member.id, period, scope, at_end=True)))


@figure("members.added", "增补委员", "人", "members",
        f"统计期间内以“增补”方式产生、任职日期在期间内的委员人数。{UNIT}", "委员")
def members_added(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Member.id).join(MemberTerm).where(
        MemberTerm.origin == TermOrigin.ADDITION,
        MemberTerm.joined_on.between(period.start, period.end),
        Member.deleted_at.is_(None), in_unit(Member.id, period, scope),
    )


@figure("honors.members", "委员受表彰", "人次", "honors",
        f"统计期间内委员个人获得的表彰（一人多次表彰按多次计）。{UNIT}", "委员")
def honors_members(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _member_honors(period, scope)


# ----- more: seats that ended, standing members added, honors above the committee's level ----
MORE = "委员队伍"


@figure("members.left", "离任委员", "人", "members",
        f"统计期间内离任（辞去、撤销、免去、去世、届满）的委员人数，按离任日期。{UNIT}", MORE)
def members_left(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Member.id).join(MemberTerm).where(
        MemberTerm.left_on.between(period.start, period.end), Member.deleted_at.is_(None),
        in_unit(Member.id, period, scope))


@figure("members.standing_added", "增补常委", "人", "members",
        f"统计期间内任常委日期在期间内、且晚于该届开始日期（即换届后增补）的常委人数。{UNIT}", MORE)
def members_standing_added(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Member.id).join(MemberTerm).join(Term, Term.id == MemberTerm.term_id).where(
        MemberTerm.is_standing.is_(True),
        MemberTerm.standing_since.between(period.start, period.end),
        MemberTerm.standing_since > Term.start_on, Member.deleted_at.is_(None),
        in_unit(Member.id, period, scope))


def higher_levels(session: Session) -> tuple[HonorLevel, ...]:
    """Honor levels above the committee's own: 市级 and up for a county, 省级 and up for a city."""
    level = session.scalar(select(CommitteeSettings.level))
    if level == CommitteeLevel.CITY:
        return (HonorLevel.PROVINCIAL, HonorLevel.NATIONAL)
    return (HonorLevel.CITY, HonorLevel.PROVINCIAL, HonorLevel.NATIONAL)


def _member_honors(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    return select(Honor.id).where(
        Honor.member_id.is_not(None), Honor.deleted_at.is_(None),
        Honor.awarded_on.between(period.start, period.end),
        in_unit(Honor.member_id, period, scope))


@figure("honors.members_higher", "委员受上级表彰", "人次", "honors",
        "统计期间内委员个人获得的、级别高于本级政协的表彰（县级政协为市级及以上，市级政协为省级及以上；"
        f"一人多次按多次计）。{UNIT}", MORE)
def honors_members_higher(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _member_honors(period, scope).where(Honor.level.in_(higher_levels(session)))


@figure("honors.honored_members", "受表彰的委员", "人", "members",
        f"统计期间内获得表彰的委员人数（一人多次表彰只计一人）。{UNIT}", MORE)
def honors_honored_members(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (select(Honor.member_id).where(Honor.id.in_(_member_honors(period, scope)))
            .order_by(Honor.member_id))


@figure("honors.organizations", "集体受表彰", "项", "honors",
        "统计期间内政协机关或组织（非委员个人）获得的表彰项数；按单位统计时不计（集体表彰属于"
        "本级政协）。", MORE)
def honors_organizations(session: Session, period: Period, scope: Scope) -> FigureResult:
    return select(Honor.id).where(
        Honor.member_id.is_(None), Honor.deleted_at.is_(None),
        Honor.awarded_on.between(period.start, period.end),
        true() if scope.unit_id is None else false())


@values_of("members.total", "members.standing")
def seated_counts(session: Session, period: Period, scope: Scope) -> dict[str, Number]:
    """委员总数 and 常委人数 in one scan of the seats held on the period's end."""
    stmt = built(("seated counts", period, scope), lambda: select(
        func.count(distinct(Member.id)), func.count(distinct(
            case((MemberTerm.is_standing.is_(True), Member.id))))).join(MemberTerm).where(
        seated_on(period), in_unit(Member.id, period, scope, at_end=True)))
    total, standing = session.connection().execute(stmt).one()
    return {"members.total": int(total), "members.standing": int(standing)}
