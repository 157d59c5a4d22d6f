"""Rule sets per year, grades, and manual adjustments (logged), on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.db.engine import Database
from app.domain.enums import AuditAction, GradeMode, ScoreGrade
from app.errors import PermissionDeniedError, ValidationError
from app.models import AuditEntry, ScoreAdjustment, ScoringRule, ScoringRuleSet
from app.scoring.adjustments import AdjustmentService
from app.scoring.engine import compute_scores
from app.scoring.grading import assign_grades
from app.scoring.rules import RuleSetService
from tests.scoring.conftest import YEAR, Committee


def _plenary_points(db: Database, c: Committee, year: int) -> Decimal:
    score = compute_scores(db, year).by_member(c.m["王一"])
    assert score is not None
    return next(i.points for i in score.items if i.rule == "attend_plenary")


def test_rule_change_applies_to_its_year_only(any_db: Database, committee: Committee,
                                              actor: object) -> None:
    svc = RuleSetService(any_db)
    before = _plenary_points(any_db, committee, YEAR - 1)
    svc.update_rule(actor, YEAR, "attend_plenary", {"points": "25"})
    assert _plenary_points(any_db, committee, YEAR) == 25
    assert _plenary_points(any_db, committee, YEAR - 1) == before
    svc.update_rule(actor, YEAR - 1, "attend_plenary", {"points": "7"})
    assert _plenary_points(any_db, committee, YEAR) == 25  # a later edit of 2024 leaves 2025
    assert svc.years() == [YEAR - 1, YEAR]
    # a new year copies the nearest earlier year's rules, then keeps its own
    assert svc.load(YEAR + 1).rule("attend_plenary").points == 25  # type: ignore[union-attr]
    svc.copy_from(actor, YEAR, YEAR - 1)
    assert _plenary_points(any_db, committee, YEAR) == 7
    with any_db.reader() as s:
        sets = s.scalar(select(func.count()).select_from(ScoringRuleSet))
        per_set = s.execute(select(ScoringRule.rule_set_id, func.count())
                            .group_by(ScoringRule.rule_set_id)).all()
    assert sets == 3
    assert len({n for _, n in per_set}) == 1  # every set and the defaults have every rule


def test_rule_set_settings_are_checked_and_logged(any_db: Database, actor: object) -> None:
    svc = RuleSetService(any_db)
    rs = svc.load(YEAR)
    with pytest.raises(ValidationError) as err:
        svc.update(actor, YEAR, {"grade_mode": "按分数", "excellent_min": "60", "good_min": "80"})
    assert "分数线应依次降低" in str(err.value) and "良好分数线" in str(err.value)
    with pytest.raises(ValidationError) as err:
        svc.update(actor, YEAR, {}, caps={"proposals": "很多"})
    assert "提案上限" in str(err.value) and "很多" in str(err.value)
    assert svc.load(YEAR) == rs  # nothing changed
    new = svc.update(actor, YEAR, {"min_opinions": "2", "base_score": "60"},
                     caps={"proposals": "50"})
    assert (new.min_opinions, new.base_score, new.category_caps) == (2, 60, {"proposals": 50})
    with any_db.reader() as s:
        summaries = list(s.scalars(select(AuditEntry.summary).where(
            AuditEntry.entity == "scoring_rule_sets", AuditEntry.action == AuditAction.UPDATE)))
    assert summaries == [f"修改{YEAR}年度履职考核规则"]


def test_read_only_users_cannot_edit_rules(any_db: Database, reader: object) -> None:
    with pytest.raises(PermissionDeniedError):
        RuleSetService(any_db).update_rule(reader, YEAR, "attend_plenary", {"points": "1"})


def test_adjustment_is_scored_and_logged(any_db: Database, committee: Committee,
                                         actor: object) -> None:
    svc = AdjustmentService(any_db)
    before = compute_scores(any_db, YEAR).by_member(committee.m["赵七"])
    assert before is not None
    added = svc.add(actor, {"member_id": committee.m["赵七"], "year": YEAR, "points": "8",
                            "reason": "牵头完成重点调研", "decided_by": "主席会议",
                            "decided_on": "2025-12-20", "decision_ref": "第20次主席会议"})
    after = compute_scores(any_db, YEAR).by_member(committee.m["赵七"])
    assert after is not None and after.total == before.total + 8
    item = next(i for i in after.items if i.rule == "adjustment")
    assert item.records == (added.id,) and "主席会议决定：牵头完成重点调研" in item.label
    with any_db.reader() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "score_adjustments")).one()
    assert entry.action is AuditAction.CREATE and entry.entity_id == added.id
    assert "赵七" in entry.summary and "加8分" in entry.summary and "主席会议" in entry.summary
    svc.remove(actor, added.id, "决定撤回")
    again = compute_scores(any_db, YEAR).by_member(committee.m["赵七"])
    assert again is not None and again.total == before.total
    with any_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "score_adjustments")) == 2


def test_bad_adjustment_names_every_field_and_writes_nothing(
        any_db: Database, committee: Committee, actor: object) -> None:
    with pytest.raises(ValidationError) as err:
        AdjustmentService(any_db).add(actor, {
            "member_id": committee.m["赵七"], "year": YEAR, "points": "0", "reason": " ",
            "decided_by": "县委", "decided_on": "2025-13-01"})
    text = str(err.value)
    for part in ("加减分值", "事由", "决定机构", "县委", "决定日期"):
        assert part in text, part
    with any_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(ScoreAdjustment)) == 0


def test_read_only_users_cannot_adjust(any_db: Database, committee: Committee,
                                       reader: object) -> None:
    with pytest.raises(PermissionDeniedError):
        AdjustmentService(any_db).add(reader, {"member_id": committee.m["王一"]})


@dataclass
class _M:
    total: Decimal
    ok: bool = True
    grade: ScoreGrade = ScoreGrade.COMPETENT
    rank: int = 0

    @property
    def minimum_met(self) -> bool:
        return self.ok


def test_grades_by_points_and_by_share(db: Database) -> None:
    rs = RuleSetService(db).load(YEAR)
    points = [_M(Decimal(t)) for t in (120, 95, 85, 85, 65, 50)] + [_M(Decimal(99), ok=False)]
    points.sort(key=lambda m: -m.total)
    by_points = rs.__class__(**{**rs.__dict__, "grade_mode": GradeMode.POINTS,
                                "excellent_min": Decimal(90), "good_min": Decimal(80),
                                "pass_min": Decimal(60)})
    assign_grades(by_points, points)
    assert [(int(m.total), m.grade.label, m.rank) for m in points] == [
        (120, "优秀", 1), (99, "称职", 2), (95, "优秀", 3), (85, "良好", 4), (85, "良好", 4),
        (65, "称职", 6), (50, "不称职", 7)]
    share = [_M(Decimal(t)) for t in range(100, 80, -1)] + [_M(Decimal(81))]  # 21 members
    by_share = rs.__class__(**{**rs.__dict__, "grade_mode": GradeMode.SHARE,
                               "excellent_share": 15, "good_share": 30,
                               "pass_min": Decimal(70)})
    assign_grades(by_share, share)
    grades = [m.grade for m in share]
    # 15 % of 21 is 3 优秀; 45 % is 9, so 6 良好, and the tie at 81 shares the last 良好
    assert grades.count(ScoreGrade.EXCELLENT) == 3
    assert grades[3:9] == [ScoreGrade.GOOD] * 6 and grades[9] == ScoreGrade.COMPETENT
    tied = [_M(Decimal(t)) for t in (90, 90, 90, 10)]
    assign_grades(rs.__class__(**{**by_share.__dict__, "excellent_share": 25,
                                  "good_share": 0}), tied)
    assert [m.grade for m in tied] == [ScoreGrade.EXCELLENT] * 3 + [ScoreGrade.POOR]


def test_two_programs_creating_a_years_rules_at_once(any_db: Database, actor: object,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The second program's insert fails on the unique year; it uses the first one's set."""
    import app.scoring.rules as rules

    real_create = rules._create

    def racing(session, year, actor=None):  # type: ignore[no-untyped-def]
        with any_db.session() as other:  # the other program wins the race
            real_create(other, year, None, actor or rules.SYSTEM)
        return real_create(session, year, None, actor or rules.SYSTEM)

    monkeypatch.setattr(rules, "ensure_rule_set", racing)
    rs = RuleSetService(any_db).load(YEAR)
    assert rs.year == YEAR and rs.rule("attend_plenary") is not None
    with any_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(ScoringRuleSet)) == 1
