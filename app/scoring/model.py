"""What an explained score is made of: items with their rule, points and records; a member's
score; a year's scores with grade counts and group results. Plain data, no queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from app.domain.enums import ScoreGrade
from app.domain.scoring import ADJUSTMENT_ITEM
from app.scoring.rules import RuleSet

# Which entity the record ids of each rule's item belong to (for drill-down).
EVENTS, PROPOSALS, OPINIONS = "events", "proposals", "opinion_reports"
ENTITY_OF_PREFIX = (
    ("attend_", EVENTS), ("excused_", EVENTS), ("absent_", EVENTS), ("speech", EVENTS),
    ("written_speech", EVENTS), ("proposal_", PROPOSALS), ("opinion_", OPINIONS),
    ("instruction_", "instructions"), ("honor_", "honors"),
)


def entity_of(rule: str) -> str:
    if rule == ADJUSTMENT_ITEM:
        return "score_adjustments"
    for prefix, entity in ENTITY_OF_PREFIX:
        if rule.startswith(prefix):
            return entity
    return ""


class ScoreItem(NamedTuple):
    """One line of an explained score: rule, how many records, points, and the records.

    Immutable; a named tuple rather than a frozen dataclass because a city's year makes
    ~7,000 of them per computation: a tuple is built four times faster, and one holding only
    text, numbers and a tuple of ids is left alone by the garbage collector's full passes."""

    rule: str
    label: str
    category: str
    points: Decimal
    count: int = 0  # type: ignore[assignment]  # the field hides tuple.count, unused here
    unit_points: Decimal | None = None
    records: tuple[int, ...] = ()
    note: str = ""

    @property
    def entity(self) -> str:
        return entity_of(self.rule)


@dataclass
class MemberScore:
    member_id: int
    name: str
    stroke_key: str
    sort_number: int | None
    sector_id: int | None
    sector: str
    group_id: int | None
    group: str
    standing: bool
    committees: tuple[tuple[int, str], ...] = ()
    items: list[ScoreItem] = field(default_factory=list)
    total: Decimal = Decimal(0)
    grade: ScoreGrade = ScoreGrade.COMPETENT
    rank: int = 0
    missing: tuple[str, ...] = ()  # minimum duties not met, in words
    warnings: tuple[str, ...] = ()  # e.g. no proposal for two years
    counts: dict[str, int] = field(default_factory=dict)  # plenary/proposals/opinions/activities

    @property
    def minimum_met(self) -> bool:
        return not self.missing

    def category_points(self, category: str) -> Decimal:
        return sum((i.points for i in self.items if i.category == category), Decimal(0))


@dataclass
class GroupResult:
    unit_id: int
    name: str
    members: int
    average: Decimal
    excellent: int
    below_minimum: int
    rank: int = 0


@dataclass
class YearScores:
    year: int
    rule_set: RuleSet
    members: list[MemberScore]

    def by_member(self, member_id: int) -> MemberScore | None:
        for score in self.members:
            if score.member_id == member_id:
                return score
        return None

    @property
    def average(self) -> Decimal:
        if not self.members:
            return Decimal(0)
        return (sum((m.total for m in self.members), Decimal(0)) / len(self.members)).quantize(
            Decimal("0.01"))

    def grade_counts(self) -> dict[ScoreGrade, int]:
        counts = dict.fromkeys(ScoreGrade, 0)
        for m in self.members:
            counts[m.grade] += 1
        return counts

    def groups(self, kind: str) -> list[GroupResult]:
        """Averages and ranking of 界别组 (``kind="sector_group"``) or 专委会 (``"committee"``)."""
        buckets: dict[tuple[int, str], list[MemberScore]] = defaultdict(list)
        for m in self.members:
            if kind == "sector_group":
                if m.group_id is not None:
                    buckets[(m.group_id, m.group)].append(m)
            else:
                for unit in m.committees:
                    buckets[unit].append(m)
        results = [
            GroupResult(uid, name, len(ms),
                        (sum((m.total for m in ms), Decimal(0)) / len(ms)).quantize(
                            Decimal("0.01")),
                        sum(1 for m in ms if m.grade is ScoreGrade.EXCELLENT),
                        sum(1 for m in ms if not m.minimum_met))
            for (uid, name), ms in buckets.items()
        ]
        results.sort(key=lambda g: (-g.average, g.name))
        for i, g in enumerate(results, 1):
            g.rank = i
        return results
