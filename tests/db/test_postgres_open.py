"""A new PostgreSQL database opens as a new SQLite file does: migrated, seeded with the same
reference data, and passing ``check`` (issue 12: seeding failed on a VARCHAR(20) code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.engine import Database
from app.models import Base, RefValue
from app.services.opening import open_database

pytestmark = pytest.mark.postgres


def _contents(db: Database) -> dict[str, int]:
    with db.reader() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables}


def _codes(db: Database) -> list[tuple[Any, ...]]:
    with db.reader() as session:
        return [tuple(r) for r in session.execute(
            select(RefValue.list_name, RefValue.label, RefValue.code).order_by(RefValue.id))]


def test_a_new_postgres_database_opens_migrates_and_seeds(pg_empty_url: str, tmp_path: Path,
                                                         capsys) -> None:
    pg = open_database(pg_empty_url)
    sqlite = open_database(tmp_path / "new.sqlite")
    try:
        seeded = _contents(sqlite)
        assert seeded["ref_values"] > 100
        assert _contents(pg) == seeded
        assert _codes(pg) == _codes(sqlite)
        assert "ethnic_religious_hkmt" in {code for _list, _label, code in _codes(pg)}
    finally:
        pg.dispose()
        sqlite.dispose()
    again = open_database(pg_empty_url)  # opening again seeds nothing twice
    try:
        assert _contents(again) == seeded
    finally:
        again.dispose()
    assert main(["check", "--db", pg_empty_url]) == 0
    assert "检查通过" in capsys.readouterr().out
