"""Ranks and grades of a year's totals, by points or by share.

By points: 优秀 from ``excellent_min``, 良好 from ``good_min``, 称职 from ``pass_min``, below it
不称职. By share: the top ``excellent_share`` per cent of all members are 优秀 and the next
``good_share`` per cent 良好 (members tied with the last one in a quota share its grade); the
rest are 称职 from ``pass_min`` and 不称职 below it. In both modes a member who missed the
minimum duties is at best 称职, and a member below ``pass_min`` is 不称职.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from app.domain.enums import GradeMode, ScoreGrade

if TYPE_CHECKING:
    from app.scoring.rules import RuleSet


class Graded(Protocol):
    total: Decimal
    grade: ScoreGrade
    rank: int

    @property
    def minimum_met(self) -> bool: ...


def _by_points(rule_set: RuleSet, total: Decimal) -> ScoreGrade:
    if total >= rule_set.excellent_min:
        return ScoreGrade.EXCELLENT
    if total >= rule_set.good_min:
        return ScoreGrade.GOOD
    if total >= rule_set.pass_min:
        return ScoreGrade.COMPETENT
    return ScoreGrade.POOR


def assign_grades(rule_set: RuleSet, ordered: Sequence[Graded]) -> None:
    """Set ``rank`` (ties share a rank) and ``grade`` of members ordered by total, best first."""
    previous: Decimal | None = None
    for index, member in enumerate(ordered, 1):
        if member.total != previous:
            member.rank, previous = index, member.total
        else:
            member.rank = ordered[index - 2].rank
    for member in ordered:
        if member.total < rule_set.pass_min:
            member.grade = ScoreGrade.POOR
        else:
            member.grade = ScoreGrade.COMPETENT
    eligible = [m for m in ordered if m.minimum_met and m.total >= rule_set.pass_min]
    if rule_set.grade_mode == GradeMode.POINTS:
        for member in eligible:
            member.grade = _by_points(rule_set, member.total)
        return
    size = len(ordered)
    excellent = size * rule_set.excellent_share // 100
    good = size * (rule_set.excellent_share + rule_set.good_share) // 100
    last: dict[ScoreGrade, Decimal] = {}
    for position, member in enumerate(eligible):
        if position < excellent or last.get(ScoreGrade.EXCELLENT) == member.total:
            member.grade = ScoreGrade.EXCELLENT
        elif position < good or last.get(ScoreGrade.GOOD) == member.total:
            member.grade = ScoreGrade.GOOD
        else:
            break
        last[member.grade] = member.total
