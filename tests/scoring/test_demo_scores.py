"""On the county demo: a believable spread of grades under the default rules, figures that
write nothing, and the city-decade speed is measured by ``python main.py bench --only scoring``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.engine import Database
from app.demo import generate_demo
from app.domain.enums import ScoreGrade
from app.models import ScoringRuleSet
from app.reports.figures import compute
from app.reports.period import Period
from app.scoring.engine import compute_scores
from app.services.opening import open_database


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = open_database(Path(tmp_path_factory.mktemp("scoring")) / "county.sqlite")
    generate_demo(db, scale="county", seed=2025)
    return db


def test_figures_before_any_rule_set_write_nothing(demo: Database) -> None:
    values = compute(demo, ["scoring.excellent", "scoring.average"], Period.year(2024))
    with demo.reader() as s:
        assert s.scalar(select(func.count()).select_from(ScoringRuleSet)) == 0
    scores = compute_scores(demo, 2024)  # scoring creates the year's set, same rules
    assert values["scoring.excellent"].value == scores.grade_counts()[ScoreGrade.EXCELLENT]


def test_default_rules_give_a_believable_spread(demo: Database) -> None:
    scores = compute_scores(demo, 2025)
    n = len(scores.members)
    counts = scores.grade_counts()
    assert n > 150
    assert 0.10 * n <= counts[ScoreGrade.EXCELLENT] <= 0.20 * n
    assert 0.20 * n <= counts[ScoreGrade.GOOD] <= 0.40 * n
    assert counts[ScoreGrade.COMPETENT] >= 0.35 * n
    assert counts[ScoreGrade.POOR] < 0.10 * n
    totals = sorted(m.total for m in scores.members)
    assert totals[-1] - totals[0] > 50  # not everyone scored the same
    below = sum(1 for m in scores.members if not m.minimum_met)
    assert 0 < below < n / 2
    assert all(m.total == sum(i.points for i in m.items) for m in scores.members)


def test_totals_equal_the_explained_scores_on_the_demo(demo: Database) -> None:
    """What the 履职考核 figures read (``totals_in``) is the explained scores without items."""
    from app.scoring.engine import scores_in, totals_in

    def summary(scores: object) -> list[tuple[object, ...]]:
        return [(m.member_id, m.total, m.rank, m.grade, m.missing, m.counts, m.warnings)
                for m in scores.members]  # type: ignore[attr-defined]

    for year in (2024, 2025):
        with demo.reader() as s:
            totals = summary(totals_in(s, year))
        with demo.reader() as s:
            assert totals == summary(scores_in(s, year))
