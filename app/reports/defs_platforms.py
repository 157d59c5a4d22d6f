"""Figures about 协商议事 platforms (有事来商量 协商议事会/室, 委员之家) and their sessions.

Sessions count by the day they were held (议事日期) in the period; platforms by the day they
were set up (on or before the period's end). With a unit scope only the platforms linked to
that unit (a 乡镇联络组, a 委员之家) and their sessions count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.domain.enums import PlatformLevel
from app.models import Member, Platform, PlatformSession, PlatformSessionMember
from app.reports.figures import (
    BreakdownResult,
    FigureResult,
    Number,
    breakdown,
    built,
    driver_rows,
    figure,
    ids_of,
)
from app.reports.period import Period, Scope

GROUP = "协商议事"
SCOPED = "限定机构时只计联系机构为该机构的平台"


def _live_platforms(scope: Scope) -> Select:  # type: ignore[type-arg]
    stmt = select(Platform.id).where(Platform.deleted_at.is_(None))
    if scope.unit_id is not None:
        stmt = stmt.where(Platform.unit_id == scope.unit_id)
    return stmt


def sessions_in(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    """Live sessions held in the period on live platforms (of the scope's unit)."""
    return (select(PlatformSession.id)
            .where(PlatformSession.deleted_at.is_(None),
                   PlatformSession.held_on.between(period.start, period.end),
                   PlatformSession.platform_id.in_(_live_platforms(scope)))
            .order_by(PlatformSession.held_on, PlatformSession.id))


def _attendances(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    """Rows of members taking part in those sessions (deleted members left out)."""
    return (select(PlatformSessionMember.id)
            .join(Member, Member.id == PlatformSessionMember.member_id)
            .where(Member.deleted_at.is_(None),
                   PlatformSessionMember.session_id.in_(sessions_in(period, scope)))
            .order_by(PlatformSessionMember.session_id, PlatformSessionMember.position))


@figure("platforms.count", "协商议事平台", "个", "platforms",
        "期末已建立的协商议事平台个数（乡镇协商议事会、村和社区协商议事室、委员之家；"
        f"建立日期晚于期末的不计，未填建立日期的计入；{SCOPED}）。", GROUP)
def platforms_count(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _live_platforms(scope).where(or_(Platform.established_on.is_(None),
                                            Platform.established_on <= period.end)
                                        ).order_by(Platform.level, Platform.name)


@figure("platforms.sessions", "协商议事活动", "次", "platform_sessions",
        f"统计期间内在协商议事平台开展的协商议事活动次数（按议事日期；{SCOPED}）。", GROUP)
def platforms_sessions(session: Session, period: Period, scope: Scope) -> FigureResult:
    return sessions_in(period, scope)


@figure("platforms.member_times", "委员参与协商议事", "人次", "platform_session_members",
        "统计期间内各次协商议事活动登记的参加委员人次之和（一位委员参加一次计一人次；"
        f"按议事日期；{SCOPED}）。即“参与协商议事活动××次”中的次数。", GROUP)
def platforms_member_times(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _attendances(period, scope)


@figure("platforms.members", "参与协商议事的委员", "人", "members",
        f"统计期间内至少参加过一次协商议事活动的委员人数（按议事日期；{SCOPED}）。", GROUP)
def platforms_members(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (select(PlatformSessionMember.member_id)
            .where(PlatformSessionMember.id.in_(_attendances(period, scope)))
            .order_by(PlatformSessionMember.member_id))


def _sum(session: Session, period: Period, scope: Scope, column: Any) -> FigureResult:
    rows = session.execute(select(PlatformSession.id, column).where(
        PlatformSession.id.in_(sessions_in(period, scope)), column > 0)
        .order_by(PlatformSession.held_on, PlatformSession.id)).all()
    return sum(r[1] for r in rows), [r[0] for r in rows]


@figure("platforms.results", "落实协商结果（办成实事）", "件", "platform_sessions",
        "统计期间内各次协商议事活动登记的“办成实事（件）”之和（按议事日期；"
        f"{SCOPED}）；明细为填写了件数的活动。", GROUP)
def platforms_results(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _sum(session, period, scope, PlatformSession.results_done)


@figure("platforms.participants", "参加协商议事", "人次", "platform_sessions",
        "统计期间内各次协商议事活动登记的“参加人数”之和（含委员和群众等其他参加者；"
        f"按议事日期；{SCOPED}）；明细为填写了人数的活动。", GROUP)
def platforms_participants(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _sum(session, period, scope, PlatformSession.participants)


@breakdown("platforms.sessions_by_level", "协商议事活动按平台层级", "次", "platform_sessions",
           "统计期间内的协商议事活动按所在平台层级（乡镇、村、社区、委员之家）分组的次数，"
           "合计等于协商议事活动次数。", GROUP, by_count=False)
def sessions_by_level(session: Session, period: Period, scope: Scope) -> BreakdownResult:
    rows = session.execute(
        select(Platform.level, PlatformSession.id)
        .join(Platform, Platform.id == PlatformSession.platform_id)
        .where(PlatformSession.id.in_(sessions_in(period, scope)))
        .order_by(PlatformSession.held_on, PlatformSession.id)).all()
    order = list(PlatformLevel)
    groups: dict[PlatformLevel, list[int]] = {}
    for level, session_id in rows:
        groups.setdefault(level, []).append(session_id)
    return [(lv.label, len(groups[lv]), groups[lv]) for lv in order if lv in groups]


@figure("member.platform_sessions", "参与协商议事", "次", "platform_session_members",
        "统计期间内（按议事日期）本委员被登记为参加委员的协商议事活动次数。", "委员个人",
        subject="member")
def member_platform_sessions(session: Session, period: Period, scope: Scope) -> FigureResult:
    return (select(PlatformSessionMember.id)
            .where(PlatformSessionMember.member_id == scope.member_id,
                   PlatformSessionMember.session_id.in_(sessions_in(period, Scope())))
            .order_by(PlatformSessionMember.session_id))


# ----- the ids of the session figures in one read (figures.ids_of) -------------------------
@ids_of("platforms.sessions", "platforms.results", "platforms.participants")
def session_ids(session: Session, period: Period, scope: Scope
                ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """协商议事活动 and the sums of their 办成实事 and 参加人数 from one read of the period's
    sessions (``sessions_in``, any scope) with both numbers, in the order of the figures'
    own statements (ORDER BY 议事日期, id); a sum's records are the sessions with a number
    above 0."""
    stmt = built(("platform sessions", period, scope), lambda: sessions_in(
        period, scope).with_only_columns(PlatformSession.id, PlatformSession.results_done,
                                         PlatformSession.participants))
    rows = driver_rows(session, stmt)  # integers: nothing for SQLAlchemy to convert
    out: dict[str, tuple[Number, Sequence[int]]] = {
        "platforms.sessions": (len(rows), [r[0] for r in rows])}
    for at, key in ((1, "platforms.results"), (2, "platforms.participants")):
        found = [(r[0], r[at]) for r in rows if r[at] is not None and r[at] > 0]
        out[key] = (sum(value for _id, value in found), [sid for sid, _v in found])
    return out
