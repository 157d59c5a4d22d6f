"""``totals_in`` (what the 履职考核 figures use: attendance counted in SQL, no items) gives
every member the same total, rank, grade, minimum duties, counts and warnings as the
explained scores, on SQLite and PostgreSQL — with caps that cut, an adjustment, and grades by
points as well as by share."""

from __future__ import annotations

from decimal import Decimal

from app.db.engine import Database
from app.scoring.adjustments import AdjustmentService
from app.scoring.engine import MemberScore, YearScores, scores_in, totals_in
from app.scoring.rules import RuleSetService
from app.services.context import Actor
from tests.scoring.conftest import YEAR, Committee


def _summary(m: MemberScore) -> tuple[object, ...]:
    return (m.member_id, m.total, m.rank, m.grade, m.missing, m.counts, m.warnings,
            m.committees, m.group_id, m.standing)


def _both(db: Database) -> tuple[YearScores, YearScores]:
    with db.reader() as s:
        totals = totals_in(s, YEAR)
        assert totals is totals_in(s, YEAR)  # once per session
    with db.reader() as s:
        full = scores_in(s, YEAR)
        assert totals_in(s, YEAR) is full  # the explained scores, when already computed
    return totals, full


def _check(db: Database) -> YearScores:
    totals, full = _both(db)
    assert [_summary(m) for m in totals.members] == [_summary(m) for m in full.members]
    assert all(not m.items for m in totals.members)
    for m in full.members:
        assert m.total == sum((i.points for i in m.items), Decimal(0))
    return full


def test_totals_equal_the_explained_scores(any_db: Database, committee: Committee,
                                           actor: Actor) -> None:
    full = _check(any_db)
    assert any(i.rule.startswith("cap_") for m in full.members for i in m.items)
    assert any(not m.minimum_met for m in full.members)
    assert any(m.warnings for m in full.members)
    rules = RuleSetService(any_db)
    rules.update_rule(actor, YEAR, "opinion_submitted", {"yearly_cap": "5"})
    rules.update_rule(actor, YEAR, "attend_plenary", {"yearly_cap": "1"})
    AdjustmentService(any_db).add(actor, {
        "member_id": committee.m["赵七"], "year": YEAR, "points": "-2.5",
        "reason": "无故缺席", "decided_by": "主席会议", "decided_on": "2025-12-20",
        "decision_ref": "第20次主席会议"})
    full = _check(any_db)
    assert any("上限" in i.note for m in full.members for i in m.items)
    assert any(i.rule == "adjustment" for m in full.members for i in m.items)
    rules.update(actor, YEAR, {"grade_mode": "points", "base_score": "0"})
    _check(any_db)
