"""``generate_demo`` as an operation: deterministic, cancellable, refuses non-empty data,
and the same code builds the city benchmark (here at 1/100 of its volume)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from app.demo import CITY_DECADE, COUNTY, DemoCancelled, DemoError, DemoScale, generate_demo
from app.models import Base, Member, RefValue, Unit
from app.services.opening import open_database

if TYPE_CHECKING:
    from tests.demo.conftest import Demo


def _fingerprint(path: Path) -> tuple[object, ...]:
    with sqlite3.connect(path) as conn:
        names = conn.execute("SELECT id, name, id_number FROM members ORDER BY id").fetchall()
        titles = conn.execute(
            "SELECT id, title, submitted_on FROM proposals ORDER BY id"
        ).fetchall()
        events = conn.execute("SELECT count(*), sum(id * length(title)) FROM events").fetchone()
        people = conn.execute("SELECT sum(event_id * member_id) FROM participations").fetchone()
    return names, titles, events, people


def _names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM members")}


def test_same_seed_same_data_other_seed_other_data(county: Demo, tmp_path: Path) -> None:
    again = open_database(tmp_path / "again.sqlite")
    summary = generate_demo(again, seed=2025)
    again.dispose()
    assert summary == county.summary
    assert _fingerprint(tmp_path / "again.sqlite") == _fingerprint(county.path)

    other = open_database(tmp_path / "other.sqlite")
    generate_demo(other, seed=7)
    other.dispose()
    mine, theirs = _names(county.path), _names(tmp_path / "other.sqlite")
    assert len(mine & theirs) < len(mine) / 2


def test_default_today_covers_two_full_years(county: Demo) -> None:
    assert county.summary.today == dt.date(2025, 12, 31)
    first, last = county.rows("SELECT min(start_on), max(start_on) FROM events")[0]
    assert first.startswith("2024-01") and last.startswith("2025-12")


def _row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            t.name: conn.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]
            for t in Base.metadata.sorted_tables
        }


@pytest.mark.parametrize("after", [0, 3, 12])
def test_cancel_leaves_nothing(tmp_path: Path, after: int) -> None:
    path = tmp_path / "c.sqlite"
    db = open_database(path)
    before = _row_counts(path)
    polls = iter(range(1000))
    messages: list[tuple[str, float]] = []
    with pytest.raises(DemoCancelled):
        generate_demo(
            db,
            should_cancel=lambda: next(polls) >= after,
            progress=lambda m, f: messages.append((m, f)),
        )
    db.dispose()
    assert _row_counts(path) == before
    assert before["members"] == before["events"] == before["terms"] == 0
    assert messages and all(0 <= f <= 1 for _, f in messages)
    assert "取消" in str(DemoCancelled())


def test_progress_and_refusal(county: Demo) -> None:
    with pytest.raises(DemoError, match="已有委员"):
        generate_demo(county.db)
    with pytest.raises(DemoError, match="未知"):
        generate_demo(county.db, scale="planet")
    with pytest.raises(DemoError):
        generate_demo(county.db, today=dt.date(2030, 1, 1))


def test_progress_reports_every_stage(tmp_path: Path) -> None:
    db = open_database(tmp_path / "p.sqlite")
    seen: list[tuple[str, float]] = []
    small = COUNTY.scaled(0.3)
    generate_demo(db, scale=small, progress=lambda m, f: seen.append((m, f)))
    db.dispose()
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1
    assert len(seen) >= 7 and any("提案" in m for m, _ in seen)


def test_city_decade_code_path_at_one_percent(tmp_path: Path) -> None:
    scale: DemoScale = CITY_DECADE.scaled(0.01)
    path = tmp_path / "city.sqlite"
    db = open_database(path)
    summary = generate_demo(db, scale=scale, seed=11)
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == summary.members
        research = s.scalars(select(Unit).where(Unit.kind == "research_center")).one()
        assert research.name == "研究中心"
        assert s.scalar(select(func.count()).select_from(RefValue)) > 100
    db.dispose()
    assert summary.terms == CITY_DECADE.previous_terms + 1
    assert summary.members == scale.members + scale.former_members
    assert 600 <= summary.events <= 1100 and summary.participations > 5 * summary.events
    with sqlite3.connect(path) as conn:

        def q(sql: str) -> list[tuple[object, ...]]:
            return conn.execute(sql).fetchall()

        assert q("SELECT region, level FROM committee_settings") == [("示范市", "city")]
        years = {y for (y,) in q("SELECT DISTINCT substr(start_on, 1, 4) FROM events")}
        assert years == {str(y) for y in range(2016, 2026)}
        plenaries = q(
            "SELECT count(*) FROM events e JOIN event_kinds k ON k.id = e.kind_id "
            "WHERE k.name = '全体会议'"
        )
        assert plenaries == [(10,)]
        terms_active = q(
            "SELECT count(DISTINCT t.number) FROM events e JOIN plenary_sessions s "
            "ON s.id = e.session_id JOIN terms t ON t.id = s.term_id"
        )
        assert terms_active == [(3,)]
        levels = {lv for (lv,) in q("SELECT DISTINCT level FROM opinion_forwards")}
        assert levels <= {"province", "national"} and "province" in levels
        assert q(
            "SELECT count(*) FROM participations p JOIN events e ON e.id = p.event_id "
            "WHERE NOT EXISTS (SELECT 1 FROM member_terms mt WHERE mt.member_id = "
            "p.member_id AND mt.joined_on <= e.start_on AND (mt.left_on IS NULL "
            "OR mt.left_on > e.start_on))"
        ) == [(0,)]
        assert q(
            "SELECT count(*) FROM proposals p WHERE lead_member_id IS NOT NULL AND NOT "
            "EXISTS (SELECT 1 FROM member_terms mt WHERE mt.member_id = p.lead_member_id "
            "AND mt.joined_on <= p.submitted_on AND (mt.left_on IS NULL "
            "OR mt.left_on > p.submitted_on))"
        ) == [(0,)]


def test_scales_are_parameters_of_one_generator() -> None:
    assert CITY_DECADE.is_city and not COUNTY.is_city
    tiny = CITY_DECADE.scaled(0.01)
    assert tiny.members >= 60 and tiny.former_members == 30
    assert tiny.activity_factor == pytest.approx(CITY_DECADE.activity_factor / 100)


def test_demo_opinion_reports_are_consistent_with_the_service_rules(tmp_path) -> None:
    from sqlalchemy import func, select

    from app.demo import generate_demo
    from app.models import OpinionReport, OpinionSubmitter
    from app.services.opening import open_database

    db = open_database(tmp_path / "d.sqlite")
    generate_demo(db, scale="county", seed=2025)
    with db.reader() as s:
        early = s.scalar(select(func.count()).select_from(OpinionReport).where(
            OpinionReport.issued_on < OpinionReport.received_on))
        first = s.scalar(select(func.min(OpinionSubmitter.position)))
    db.dispose()
    assert early == 0 and first == 1


def test_opinion_status_agrees_with_its_bulletin(county: Demo) -> None:
    """已编发 exactly when the item has its 本级编发 (date and 期号); items only 上报 to a higher
    level are 编辑中, as the workflow leaves them (issue #14: 35 of 135 showed 已编发 with an
    empty 本级编发 column)."""
    from app.domain.enums import OpinionStatus
    from app.models import OpinionForward, OpinionReport

    with county.db.reader() as s:
        rows = s.execute(select(OpinionReport.status, OpinionReport.issued_on,
                                OpinionReport.bulletin_no, OpinionReport.id)).all()
        forwarded = set(s.scalars(select(OpinionForward.opinion_id)))
    issued = [r for r in rows if r.status == OpinionStatus.ISSUED]
    assert issued and all(r.issued_on and r.bulletin_no for r in issued)
    assert all(r.status == OpinionStatus.ISSUED for r in rows if r.issued_on)
    only_forwarded = [r for r in rows if r.id in forwarded and not r.issued_on]
    assert only_forwarded and all(r.status == OpinionStatus.EDITING for r in only_forwarded)
