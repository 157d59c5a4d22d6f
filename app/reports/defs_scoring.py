"""Figures of the year's 履职考核 (app/scoring): how many members were assessed, the grades,
the average score, the minimum duties. Scored for the year the period ends in, under that
year's rules; the records behind each figure are the members concerned."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from app.domain.enums import ScoreGrade
from app.reports.figures import FigureResult, figure, ratio
from app.reports.period import Period, Scope
from app.scoring.engine import MemberScore, totals_in

GROUP = "履职考核"


def _members(session: Session, period: Period, scope: Scope) -> list[MemberScore]:
    """The year's assessed members; with a unit in scope, that unit's members (专委会 or
    界别组)."""
    members = totals_in(session, period.end.year).members
    if scope.unit_id is None:
        return members
    return [m for m in members if m.group_id == scope.unit_id
            or scope.unit_id in {uid for uid, _ in m.committees}]


def _count(keep: Callable[[MemberScore], bool]
           ) -> Callable[[Session, Period, Scope], FigureResult]:
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        ids = [m.member_id for m in _members(session, period, scope) if keep(m)]
        return len(ids), ids

    return compute


def _grade(grade: ScoreGrade) -> Callable[[Session, Period, Scope], FigureResult]:
    return _count(lambda m: m.grade is grade)


RULES_NOTE = "按统计期间截止日所在年度的履职考核规则计分（系统设置→履职考核规则）。"

figure("scoring.assessed", "参加履职考核的委员", "人", "members",
       "年度内任职的委员（不论任职长短）。" + RULES_NOTE, GROUP)(_count(lambda m: True))
figure("scoring.excellent", "履职考核优秀委员", "人", "members",
       "年度履职考核等次为优秀的委员。" + RULES_NOTE, GROUP)(_grade(ScoreGrade.EXCELLENT))
figure("scoring.good", "履职考核良好委员", "人", "members",
       "年度履职考核等次为良好的委员。" + RULES_NOTE, GROUP)(_grade(ScoreGrade.GOOD))
figure("scoring.competent", "履职考核称职委员", "人", "members",
       "年度履职考核等次为称职的委员。" + RULES_NOTE, GROUP)(_grade(ScoreGrade.COMPETENT))
figure("scoring.poor", "履职考核不称职委员", "人", "members",
       "年度履职考核等次为不称职的委员。" + RULES_NOTE, GROUP)(_grade(ScoreGrade.POOR))
figure("scoring.minimum_met", "完成最低履职要求的委员", "人", "members",
       "出席全体会议、提案、社情民意信息和其他履职活动均达到当年最低要求的委员。" + RULES_NOTE,
       GROUP)(_count(lambda m: m.minimum_met))
figure("scoring.below_minimum", "未完成最低履职要求的委员", "人", "members",
       "任一项最低履职要求未达到的委员。" + RULES_NOTE, GROUP)(_count(lambda m: not m.minimum_met))
figure("scoring.no_proposal_two_years", "连续两年未提交提案的委员", "人", "members",
       "本年度和上一年度均未作为提案人或联名人提交提案、且上一年度已任职的委员。", GROUP)(
    _count(lambda m: bool(m.warnings)))


@figure("scoring.average", "委员履职考核平均得分", "分", "members",
        "参加考核委员年度总分（含基础分和考核加减分）的平均数，保留一位小数。" + RULES_NOTE,
        GROUP)
def scoring_average(session: Session, period: Period, scope: Scope) -> FigureResult:
    members = _members(session, period, scope)
    if not members:
        return Decimal(0), []
    total = sum((m.total for m in members), Decimal(0))
    return (total / len(members)).quantize(Decimal("0.1")), [m.member_id for m in members]


@figure("scoring.minimum_rate", "完成最低履职要求的委员比例", "%", "members",
        "完成最低履职要求的委员占参加考核委员的百分比，保留一位小数。" + RULES_NOTE, GROUP)
def scoring_minimum_rate(session: Session, period: Period, scope: Scope) -> FigureResult:
    members = _members(session, period, scope)
    met = [m.member_id for m in members if m.minimum_met]
    return ratio(len(met), len(members)), met
