"""Figures about 社情民意信息: received, issued locally, forwarded and adopted per level."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.domain.enums import ForwardLevel
from app.models import Instruction, OpinionForward, OpinionReport
from app.reports.figures import FigureResult, figure
from app.reports.period import Period, Scope


def _opinions(scope: Scope) -> Select:  # type: ignore[type-arg]
    stmt = select(OpinionReport.id).where(OpinionReport.deleted_at.is_(None))
    if scope.unit_id is not None:
        stmt = stmt.where(OpinionReport.channel_unit_id == scope.unit_id)
    return stmt


@figure("opinions.received", "收集社情民意信息", "篇", "opinion_reports",
        "收到日期在统计期间内的社情民意信息篇数。", "社情民意")
def opinions_received(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _opinions(scope).where(OpinionReport.received_on.between(period.start, period.end))


@figure("opinions.issued", "本级编发", "篇", "opinion_reports",
        "统计期间内在本级《社情民意》编发（本级采用）的篇数，按编发日期。", "社情民意")
def opinions_issued(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _opinions(scope).where(OpinionReport.issued_on.between(period.start, period.end))


def _level_figures(level: ForwardLevel) -> None:
    @figure(f"opinions.forwarded_{level.value}", f"上报{level.label}", "篇", "opinion_reports",
            f"统计期间内编辑上报{level.label}的篇数，按上报日期（上报不等于采用）。", "社情民意")
    def forwarded(session: Session, period: Period, scope: Scope) -> FigureResult:
        return _opinions(scope).join(OpinionForward).where(
            OpinionForward.level == level,
            OpinionForward.forwarded_on.between(period.start, period.end),
        )

    @figure(f"opinions.adopted_{level.value}", f"{level.label}采用", "篇", "opinion_reports",
            f"统计期间内被{level.label}采用的篇数，按采用日期。", "社情民意")
    def adopted(session: Session, period: Period, scope: Scope) -> FigureResult:
        return _opinions(scope).join(OpinionForward).where(
            OpinionForward.level == level,
            OpinionForward.adopted.is_(True),
            OpinionForward.adopted_on.between(period.start, period.end),
        )


for _level in ForwardLevel:
    _level_figures(_level)


@figure("opinions.instructions", "获领导批示", "篇", "opinion_reports",
        "统计期间内获得领导批示的社情民意信息篇数（按批示日期，一篇多次批示计一篇）。", "社情民意")
def opinions_instructed(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _opinions(scope).join(Instruction, Instruction.opinion_id == OpinionReport.id).where(
        Instruction.instructed_on.between(period.start, period.end)
    )
