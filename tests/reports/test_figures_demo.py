"""On the county demo, every registry figure equals an independent hand-written SQL count."""

from __future__ import annotations

import sqlite3

import pytest

from app.bench.stats import BASELINE_STATS_SQL
from app.demo import generate_demo
from app.reports.figures import compute, figures
from app.reports.period import Period
from app.services.opening import open_database


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("fig") / "demo.sqlite"
    db = open_database(path)
    generate_demo(db, scale="county", seed=7)
    yield db, path
    db.dispose()


@pytest.mark.parametrize("year", [2024, 2025])
def test_registry_agrees_with_raw_sql(demo, year: int) -> None:
    db, path = demo
    period = Period.year(year)
    v = compute(db, [f.key for f in figures()], period)
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    with sqlite3.connect(path) as conn:
        (members,), by_family, (present,), (received, accepted, key), (supervised,), \
            classes, (opinions, issued), levels = (
                conn.execute(sql, params).fetchall() if "GROUP BY" in sql
                else conn.execute(sql, params).fetchone() for sql in BASELINE_STATS_SQL)
        issued_any = conn.execute(
            "SELECT count(*) FROM opinion_reports WHERE deleted_at IS NULL "
            "AND issued_on BETWEEN :start AND :end", params).fetchone()[0]
    assert v["members.total"].value == members
    for family, n in by_family:
        assert v[f"events.{family}"].value == n, family
    assert v["events.total"].value == sum(n for _f, n in by_family)
    assert v["participations.present"].value == present
    assert (v["proposals.received"].value, v["proposals.accepted"].value,
            v["proposals.key"].value) == (received, accepted, key)
    assert v["proposals.supervised"].value == supervised
    for reply_class, n in classes:
        if reply_class in ("A", "B", "C"):
            assert v[f"proposals.class_{reply_class.lower()}"].value == n
    assert v["opinions.received"].value == opinions
    assert v["opinions.issued"].value == issued_any
    assert issued <= issued_any
    for level, forwarded, adopted in levels:
        assert v[f"opinions.forwarded_{level}"].value == forwarded, level
        assert v[f"opinions.adopted_{level}"].value == adopted, level


def test_demo_year_is_believable(demo) -> None:
    db, _path = demo
    v = compute(db, [f.key for f in figures()], Period.year(2025))
    assert 180 <= v["members.total"].value <= 260
    assert 200 <= v["proposals.received"].value <= 320
    assert v["proposals.accepted"].value < v["proposals.received"].value
    assert 300 <= v["opinions.received"].value <= 500
    assert (v["opinions.forwarded_city"].value > v["opinions.forwarded_province"].value
            > v["opinions.forwarded_national"].value > 0)
