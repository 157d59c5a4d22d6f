"""Opening a database already at the head revision without importing Alembic (issue 15):
``schema_head`` reads the revision files as text and trusts a database only when it is
stamped with their single head; anything else goes through ``migrate.ensure_schema``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import migrate
from app.db.engine import Database
from app.db.schema_head import head_from_files, known_current
from app.services.opening import open_database


def test_the_head_read_from_the_files_is_alembics() -> None:
    assert head_from_files() == migrate.head_revision()


def test_a_current_database_is_known_current(db: Database) -> None:
    assert known_current(db)


def test_another_stamp_or_no_stamp_is_not(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'zzzz'"))
    assert not known_current(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    assert not known_current(db)


def test_a_new_database_has_no_version_table(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.sqlite", migrate=False, seed=False)
    try:
        assert not known_current(db)
    finally:
        db.dispose()


def test_a_new_revision_makes_the_old_stamp_not_current(db: Database, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """The folder migrate uses (tests point it at a copy) is the one read."""
    dest = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, dest, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", dest)
    head = migrate.head_revision()
    (dest / "versions" / "0002_probe.py").write_text(
        f'revision: str = "0002"\ndown_revision: str | None = "{head}"\n', encoding="utf-8")
    assert head_from_files() == "0002"
    assert not known_current(db)
    (dest / "versions" / "0003_branch.py").write_text(
        f'revision = "0003"\ndown_revision = "{head}"\n', encoding="utf-8")
    assert head_from_files() is None  # two heads: unsure, Alembic decides
