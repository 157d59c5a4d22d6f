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
