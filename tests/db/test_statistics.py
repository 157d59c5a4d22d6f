"""SQLite's planner statistics (issue 15): without them a period's events are found through
``ix_events_deleted_at`` (nearly every row) instead of ``ix_events_start_on``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.demo import generate_demo
from app.services.opening import open_database

PERIOD_QUERY = ("SELECT id FROM events WHERE deleted_at IS NULL "
                "AND start_on BETWEEN '2025-01-01' AND '2025-12-31'")


def _plan(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return " ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + PERIOD_QUERY))


def test_demo_and_open_leave_statistics_that_pick_the_date_index(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    generate_demo(db, scale="county", seed=3)
    db.dispose()
    assert "ix_events_start_on" in _plan(path)

    with sqlite3.connect(path) as conn:  # an older database: no statistics yet
        conn.execute("DROP TABLE sqlite_stat1")
    assert "ix_events_start_on" not in _plan(path)  # the slow plan the statistics avoid
    open_database(path).dispose()
    assert "ix_events_start_on" in _plan(path)


def test_refresh_is_skipped_quietly_when_the_file_is_locked(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    db = open_database(path)
    with sqlite3.connect(path, timeout=0) as other:
        other.execute("BEGIN EXCLUSIVE")
        db.engine.dispose()
        db.refresh_statistics()  # busy: keeps the old statistics, raises nothing
        other.rollback()
    db.dispose()


def test_a_soft_delete_index_is_not_taken_for_a_selective_one(tmp_path: Path) -> None:
    """The sampled ANALYZE sees ~1,000 rows per value in ``ix_*_deleted_at`` of a large table
    (all NULL): the refresh records the whole table under one value, as a full ANALYZE does,
    so the planner keeps using the date index (city-decade: outcomes and opinion forwards of a
    year were read through every event and report)."""
    from app.db.engine import connect_database

    path = tmp_path / "large.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, deleted_at TEXT, day TEXT)")
        conn.execute("CREATE INDEX ix_things_deleted_at ON things (deleted_at)")
        conn.execute("CREATE INDEX ix_things_day ON things (day)")
        conn.executemany("INSERT INTO things (deleted_at, day) VALUES (NULL, ?)",
                         [(f"20{10 + i % 16}-01-{1 + i % 28:02d}",) for i in range(20_000)])
        conn.execute("PRAGMA analysis_limit=1000")
        conn.execute("ANALYZE")
        sampled = conn.execute("SELECT stat FROM sqlite_stat1 "
                               "WHERE idx = 'ix_things_deleted_at'").fetchone()[0]
    total, per_value = sampled.split()
    assert int(per_value) < int(total)  # the sample's misjudgment this guards against

    db = connect_database(path)
    db.refresh_statistics()
    db.dispose()
    with sqlite3.connect(path) as conn:
        stat = conn.execute("SELECT stat FROM sqlite_stat1 "
                            "WHERE idx = 'ix_things_deleted_at'").fetchone()[0]
        plan = " ".join(str(r[-1]) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM things WHERE deleted_at IS NULL "
            "AND day BETWEEN '2025-01-01' AND '2025-01-31'"))
    first, second = stat.split()
    assert first == second
    assert "ix_things_day" in plan
