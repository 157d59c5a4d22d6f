"""``PartialIndex`` (app/db/partial_index.py): the partial unique indexes of the models have
the same DDL on SQLite and PostgreSQL, and the same rendered migration, as a plain ``Index``
with ``sqlite_where`` and ``postgresql_where`` — without loading the PostgreSQL dialect when
the models are imported (issue 15: 40–80 ms of every start)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Index, MetaData, Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex

from app.db import migrate
from app.db.partial_index import PartialIndex
from app.models import Base
from app.services.opening import open_database

ROOT = Path(__file__).resolve().parents[2]
PARTIAL = ("uq_members_live_id_number", "uq_proposals_session_number",
           "uq_proposals_interim_number")


def _partial_indexes() -> list[PartialIndex]:
    found = [i for t in Base.metadata.tables.values() for i in t.indexes
             if isinstance(i, PartialIndex)]
    assert sorted(i.name for i in found) == sorted(PARTIAL)  # type: ignore[type-var]
    return found


def _plain_twin(index: PartialIndex) -> Index:
    """The same index written as before: a plain ``Index`` with both dialects' options."""
    assert index.table is not None
    table = Table(index.table.name, MetaData(),
                  *(Column(c.name, c.type) for c in index.table.columns))
    return Index(index.name, *(table.c[c.name] for c in index.columns), unique=index.unique,
                 sqlite_where=text(index.where), postgresql_where=text(index.where))


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()],
                         ids=["sqlite", "pg"])
def test_the_ddl_is_a_plain_index_with_both_where_options(dialect: object) -> None:
    for index in _partial_indexes():
        ddl = str(CreateIndex(index).compile(dialect=dialect))  # type: ignore[arg-type]
        assert ddl == str(CreateIndex(_plain_twin(index)).compile(
            dialect=dialect))  # type: ignore[arg-type]
        assert f"WHERE {index.where}" in ddl


def test_the_options_list_as_a_plain_index_lists_them() -> None:
    """What Alembic renders and compares: the same keys, in the same order."""
    for index in _partial_indexes():
        twin = _plain_twin(index)
        assert list(index.dialect_kwargs) == list(twin.dialect_kwargs) == [
            "sqlite_where", "postgresql_where"]
        assert [str(v) for v in index.dialect_kwargs.values()] == [index.where, index.where]
        assert len(index.dialect_kwargs) == 2


@pytest.fixture
def migrations_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    dest = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, dest, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", dest)
    yield dest


def test_the_regenerated_initial_migration_is_the_committed_one(migrations_copy: Path) -> None:
    """``regenerate-initial`` from the models writes 0001 as committed (but for its date):
    the schema did not change, on either backend."""
    revisions = [r.revision for r in migrate._script().walk_revisions()]
    if revisions != ["0001"]:
        pytest.skip("已有 0001 之后的版本：0001 不再重新生成")
    committed = (migrate.MIGRATIONS_DIR / "versions" / "0001_initial.py").read_text("utf-8")
    path = migrate.regenerate_initial()

    def undated(source: str) -> list[str]:
        return [line for line in source.splitlines() if not line.startswith("Create Date:")]

    assert undated(path.read_text("utf-8")) == undated(committed)
    assert committed.count("postgresql_where=") == 2 * len(PARTIAL)  # upgrade and downgrade


def test_the_partial_indexes_exist_on_postgresql(pg_url: str) -> None:
    from tests.conftest import reset_pg

    reset_pg(pg_url)
    db = open_database(pg_url, seed=False)
    try:
        with db.engine.connect() as conn:
            names = list(conn.execute(text(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'uq_%'"
                " AND indexdef LIKE '%WHERE%'")).scalars())
    finally:
        db.dispose()
    assert sorted(names) == sorted(PARTIAL)


def test_models_and_a_sqlite_start_do_not_load_the_postgresql_dialect(tmp_path: Path) -> None:
    path = tmp_path / "start.sqlite"
    open_database(path).dispose()
    code = ("import sys; import app.models; from app.services.opening import open_database; "
            "from app.services.accounts import AccountService; "
            f"db = open_database({str(path)!r}); AccountService(db).needs_first_password(); "
            "db.dispose(); "
            "print([m for m in sys.modules if m.startswith('sqlalchemy.dialects.postgresql')])")
    env = dict(os.environ, PYTHONPATH=str(ROOT), ZXLZ_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
