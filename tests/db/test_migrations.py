"""Alembic schema management: creation, up/down, upgrade with backup, refusals, checks."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from app.db import migrate
from app.db.backup import backup_dir_for, list_backups
from app.db.engine import Database
from app.errors import StorageError
from app.models import Base, Term
from app.services.opening import open_database

PROBE_REV = "zz_probe_rev"

# A second revision on top of the real head, written into a temporary copy of the
# migrations folder: the real history stays untouched while an "older" database exists.
PROBE_TEMPLATE = '''"""probe revision for tests"""
import sqlalchemy as sa
from alembic import op

revision = "{rev}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("zz_probe", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO zz_probe (id) VALUES (1)")
{extra}

def downgrade():
    op.drop_table("zz_probe")
'''
FAIL_LINE = '    raise RuntimeError("probe migration failed on purpose")\n'
# Foreign keys are off while migrating (table rebuilds need that); a dangling reference
# must still be caught before the commit.
DANGLING_FK_LINE = (
    '    op.execute("INSERT INTO member_terms (id, member_id, term_id, post, is_standing,'
    " origin, left_note) VALUES (1, 999, 999, 'member', 0, 'election', '')\")\n"
)


def _diff(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _add_terms(db: Database, *numbers: int) -> None:
    with db.session() as session:
        for number in numbers:
            session.add(Term(number=number, start_on=dt.date(2000 + number, 1, 1)))


def _term_numbers(db: Database) -> list[int]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT number FROM terms ORDER BY number")).scalars())


@pytest.fixture
def migrations_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the migrations folder that ``app.db.migrate`` now uses."""
    dest = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, dest, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", dest)
    return dest


def _add_probe(migrations: Path, *, down: str, fail: bool = False, extra: str = "") -> None:
    body = PROBE_TEMPLATE.format(rev=PROBE_REV, down=down, extra=FAIL_LINE if fail else extra)
    (migrations / "versions" / f"{PROBE_REV}.py").write_text(body, encoding="utf-8")


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "test.sqlite", seed=False)
    yield db
    db.dispose()


@pytest.fixture
def pg_db(pg_empty_url: str) -> Iterator[Database]:
    db = open_database(pg_empty_url, seed=False)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest) -> Database:
    """The same test on a SQLite file and on a PostgreSQL scratch database."""
    name = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(name)


# --------------------------------------------------------------------------- revisions


def test_history_is_one_linear_chain() -> None:
    script = migrate._script()
    revisions = list(script.walk_revisions())
    assert script.get_heads() == [migrate.head_revision()]
    assert [r for r in revisions if r.down_revision is None] == [revisions[-1]]
    for rev in revisions:
        assert not isinstance(rev.down_revision, tuple | list), f"merge point {rev.revision}"
        assert re.fullmatch(r"\d{4}", rev.revision), f"revision id {rev.revision!r}"


def test_config_needs_no_ini_file() -> None:
    cfg = migrate.alembic_config()
    assert cfg.config_file_name is None
    assert Path(cfg.get_main_option("script_location") or "") == migrate.MIGRATIONS_DIR
    assert (migrate.MIGRATIONS_DIR / "env.py").is_file()


def test_env_without_a_connection_uses_the_url(tmp_path: Path) -> None:
    """Developers may point Alembic's own commands at a URL instead of a connection."""
    path = tmp_path / "dev.sqlite"
    command.upgrade(migrate.alembic_config(url=f"sqlite:///{path}"), "head")
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.head_revision(),)
        ]
    finally:
        con.close()


def test_offline_mode_renders_postgresql_sql(capsys: pytest.CaptureFixture[str]) -> None:
    """``--sql`` output lets a DBA create the schema by hand on a locked-down server."""
    cfg = migrate.alembic_config(url="postgresql+psycopg://clerk:p%40ss@db.invalid/zxlz")
    command.upgrade(cfg, "head", sql=True)
    sql = capsys.readouterr().out
    assert "CREATE TABLE members (" in sql
    assert "CONSTRAINT uq_terms_number UNIQUE (number)" in sql
    assert f"INSERT INTO alembic_version (version_num) VALUES ('{migrate.head_revision()}')" in sql


# --------------------------------------------------------------------------- creation


def test_upgrade_from_empty_gives_exactly_the_models_schema(any_db: Database) -> None:
    assert _diff(any_db) == []
    assert _tables(any_db) == set(Base.metadata.tables) | {"alembic_version"}
    assert migrate.current_revision(any_db) == migrate.head_revision()
    assert migrate.check_schema(any_db) == []


def test_constraint_names_follow_the_naming_convention(any_db: Database) -> None:
    """compare_metadata ignores most names; batch migrations on SQLite depend on them."""
    insp = inspect(any_db.engine)
    for table in Base.metadata.sorted_tables:
        expected_fks = {fk.name for fk in table.foreign_key_constraints}
        assert {fk["name"] for fk in insp.get_foreign_keys(table.name)} == expected_fks
        expected_ix = {ix.name for ix in table.indexes}
        reflected_ix = {
            ix["name"]
            for ix in insp.get_indexes(table.name)
            if not ix.get("duplicates_constraint")  # PostgreSQL: the index behind a UNIQUE
        }
        assert reflected_ix == expected_ix
        expected_uq = {
            c.name for c in table.constraints if c.__class__.__name__ == "UniqueConstraint"
        }
        assert {uq["name"] for uq in insp.get_unique_constraints(table.name)} == expected_uq
        if any_db.engine.dialect.name == "postgresql":
            assert insp.get_pk_constraint(table.name)["name"] == f"pk_{table.name}"


def test_open_database_on_a_fresh_path_is_at_head(tmp_path: Path, zxlz_home: Path) -> None:
    path = tmp_path / "新建" / "fresh.sqlite"
    path.parent.mkdir()
    db = open_database(path, seed=False)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        again = migrate.ensure_schema(db)
        assert not again.changed and again.backup_path is None
    finally:
        db.dispose()
    assert list_backups(zxlz_home / "backups") == []  # a new database needs no backup


def test_ensure_schema_reports_creation(tmp_path: Path) -> None:
    db = open_database(tmp_path / "x.sqlite", migrate=False, seed=False)
    try:
        report = migrate.ensure_schema(db)
    finally:
        db.dispose()
    assert report.created and report.changed
    assert report == migrate.MigrationReport(None, migrate.head_revision(), None)


def test_downgrade_to_base_and_up_again(any_db: Database) -> None:
    _add_terms(any_db, 10)
    migrate.downgrade_to(any_db, "base")
    assert _tables(any_db) <= {"alembic_version"}
    assert migrate.current_revision(any_db) is None
    migrate.upgrade_to(any_db, "head")
    assert migrate.current_revision(any_db) == migrate.head_revision()
    assert _diff(any_db) == []
    assert _term_numbers(any_db) == []


# --------------------------------------------------------------------------- upgrading


def test_sqlite_upgrade_backs_up_first(
    sqlite_db: Database, migrations_copy: Path, zxlz_home: Path
) -> None:
    old_head = migrate.head_revision()
    _add_terms(sqlite_db, 9, 10)
    _add_probe(migrations_copy, down=old_head)

    report = migrate.ensure_schema(sqlite_db)

    assert (report.from_revision, report.to_revision) == (old_head, PROBE_REV)
    assert report.backup_path is not None
    assert report.backup_path.parent == backup_dir_for(sqlite_db)  # beside a non-default db
    assert re.fullmatch(
        rf"zxlz-\d{{8}}-\d{{6}}-before-migration-{old_head}\.sqlite", report.backup_path.name
    )
    # The backup holds the database as it was before the upgrade …
    con = sqlite3.connect(report.backup_path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(old_head,)]
        assert con.execute("SELECT number FROM terms ORDER BY number").fetchall() == [(9,), (10,)]
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "zz_probe" not in names
    finally:
        con.close()
    # … and the live database is upgraded with its rows intact.
    assert migrate.current_revision(sqlite_db) == PROBE_REV
    assert "zz_probe" in _tables(sqlite_db)
    assert _term_numbers(sqlite_db) == [9, 10]


def test_failed_sqlite_upgrade_is_rolled_back_and_keeps_the_backup(
    sqlite_db: Database, migrations_copy: Path, zxlz_home: Path
) -> None:
    old_head = migrate.head_revision()
    _add_terms(sqlite_db, 10)
    _add_probe(migrations_copy, down=old_head, fail=True)

    with pytest.raises(StorageError) as info:
        migrate.ensure_schema(sqlite_db)

    message = str(info.value)
    assert "升级失败" in message and "已撤销" in message
    backups = list_backups(backup_dir_for(sqlite_db))
    assert len(backups) == 1 and str(backups[0].path) in message
    # DDL ran inside the transaction: the table created before the error is gone too.
    assert "zz_probe" not in _tables(sqlite_db)
    assert migrate.current_revision(sqlite_db) == old_head
    assert _term_numbers(sqlite_db) == [10]


def test_sqlite_upgrade_leaving_dangling_references_is_rolled_back(
    sqlite_db: Database, migrations_copy: Path
) -> None:
    old_head = migrate.head_revision()
    _add_probe(migrations_copy, down=old_head, extra=DANGLING_FK_LINE)
    with pytest.raises(StorageError, match="外键引用不一致（数据表：member_terms）"):
        migrate.ensure_schema(sqlite_db)
    assert migrate.current_revision(sqlite_db) == old_head
    assert "zz_probe" not in _tables(sqlite_db)
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM member_terms")).scalar() == 0


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_two_clients_creating_the_schema_at_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The second client waits for the first one's lock, then finds the schema at head."""
    if backend == "sqlite":
        target = tmp_path / "shared.sqlite"
        # An existing empty file: two connections switching a brand-new file to WAL at the
        # same instant is a different race (engine.py's pragmas), not the one tested here.
        con = sqlite3.connect(target)
        con.execute("PRAGMA journal_mode=WAL")
        con.close()
    else:
        target = request.getfixturevalue("pg_empty_url")
    clients = [open_database(target, migrate=False, seed=False) for _ in range(2)]
    try:
        start = threading.Barrier(2)

        def create(db: Database) -> migrate.MigrationReport:
            start.wait()
            return migrate.ensure_schema(db)

        with ThreadPoolExecutor(2) as pool:
            reports = list(pool.map(create, clients))
        assert [r.to_revision for r in reports] == [migrate.head_revision()] * 2
        with clients[0].engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        assert rows == [(migrate.head_revision(),)]
        assert _diff(clients[0]) == []
    finally:
        for db in clients:
            db.dispose()


@pytest.mark.postgres
def test_postgres_upgrade_logs_instead_of_backing_up(
    pg_db: Database,
    migrations_copy: Path,
    zxlz_home: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    old_head = migrate.head_revision()
    _add_terms(pg_db, 10)
    _add_probe(migrations_copy, down=old_head)

    with caplog.at_level(logging.WARNING, logger="app.db.migrate"):
        report = migrate.ensure_schema(pg_db)

    assert (report.from_revision, report.to_revision, report.backup_path) == (
        old_head,
        PROBE_REV,
        None,
    )
    assert any("pg_dump" in r.getMessage() for r in caplog.records)
    assert not (zxlz_home / "backups").exists() or list_backups(zxlz_home / "backups") == []
    assert migrate.current_revision(pg_db) == PROBE_REV
    assert _term_numbers(pg_db) == [10]


@pytest.mark.postgres
def test_failed_postgres_upgrade_is_rolled_back(pg_db: Database, migrations_copy: Path) -> None:
    old_head = migrate.head_revision()
    _add_probe(migrations_copy, down=old_head, fail=True)
    with pytest.raises(StorageError, match="升级失败"):
        migrate.ensure_schema(pg_db)
    assert "zz_probe" not in _tables(pg_db)
    assert migrate.current_revision(pg_db) == old_head


# --------------------------------------------------------------------------- refusals


def test_database_from_a_newer_program_is_refused(any_db: Database) -> None:
    with any_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StorageError) as info:
        migrate.ensure_schema(any_db)
    assert "数据库由更新版本的程序创建（版本 9999），请升级本程序后再打开" in str(info.value)
    assert migrate.check_schema(any_db) == [str(info.value)]
    assert migrate.current_revision(any_db) == "9999"  # untouched


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path, zxlz_home: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE 通讯录 (姓名 TEXT)")
    con.commit()
    con.close()

    with pytest.raises(StorageError) as info:
        open_database(path, seed=False)

    assert f"数据库“{path}”不是本程序创建的，或版本信息缺失" in str(info.value)
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert names == {"通讯录"}
    assert list_backups(zxlz_home / "backups") == []


@pytest.mark.postgres
def test_foreign_postgres_database_is_refused(pg_empty_url: str) -> None:
    db = open_database(pg_empty_url, migrate=False, seed=False)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE contacts (name TEXT)"))
        with pytest.raises(StorageError, match="不是本程序创建的，或版本信息缺失"):
            migrate.ensure_schema(db)
        assert _tables(db) == {"contacts"}
    finally:
        db.dispose()


def test_not_a_database_file_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"these are not the pages of a SQLite database" * 100)
    with pytest.raises(StorageError, match="无法打开数据库"):
        open_database(path, seed=False)


# --------------------------------------------------------------------------- checking


def test_check_schema_describes_differences_in_chinese(sqlite_db: Database) -> None:
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE members ADD COLUMN wechat VARCHAR(40)"))
        conn.execute(text("CREATE TABLE scratch (id INTEGER PRIMARY KEY)"))
        conn.execute(text("DROP INDEX ix_members_name"))
    problems = migrate.check_schema(sqlite_db)
    assert "数据表“members”多出程序不认识的字段“wechat”" in problems
    assert "多出程序不认识的数据表“scratch”" in problems
    assert "数据表“members”缺少索引“ix_members_name”" in problems


def test_check_schema_of_an_empty_and_an_old_database(
    tmp_path: Path, migrations_copy: Path
) -> None:
    db = open_database(tmp_path / "e.sqlite", migrate=False, seed=False)
    try:
        assert migrate.check_schema(db) == ["数据库是空的，还没有建立数据表（打开时会自动建立）。"]
        migrate.ensure_schema(db)
        old_head = migrate.head_revision()
        _add_probe(migrations_copy, down=old_head)
        [problem] = migrate.check_schema(db)
        assert f"数据库版本为 {old_head}，本程序需要版本 {PROBE_REV}" in problem
    finally:
        db.dispose()


def test_describe_diff_covers_modifications() -> None:
    import sqlalchemy as sa

    lines = migrate.describe_diff(
        [
            [("modify_nullable", None, "members", "name", {}, True, False)],
            [("modify_type", None, "members", "name", {}, sa.String(20), sa.String(40))],
            ("add_table_comment", object()),
        ]
    )
    assert lines == [
        "数据表“members”字段“name”允许为空，程序需要不允许为空",
        "数据表“members”字段“name”的类型为 VARCHAR(20)，程序需要 VARCHAR(40)",
        "表结构与程序不一致：add_table_comment",
    ]


# --------------------------------------------------------------------------- developers


def test_autogenerate_writes_nothing_when_models_match(migrations_copy: Path) -> None:
    before = sorted(p.name for p in (migrations_copy / "versions").glob("*.py"))
    assert migrate.autogenerate("no changes") is None
    assert sorted(p.name for p in (migrations_copy / "versions").glob("*.py")) == before


def test_autogenerate_writes_the_next_revision(migrations_copy: Path) -> None:
    _add_probe(migrations_copy, down=migrate.head_revision())  # a table the models lack
    path = migrate.autogenerate("drop probe")
    assert path is not None and path.parent == migrations_copy / "versions"
    source = path.read_text(encoding="utf-8")
    assert re.search(rf"^down_revision: .* = [\"']{PROBE_REV}[\"']$", source, re.MULTILINE)
    assert 'op.drop_table("zz_probe")' in source
    assert "# ###" not in source
    assert migrate.head_revision() == path.name.split("_")[0]


def test_regenerate_initial_rebuilds_0001(migrations_copy: Path, tmp_path: Path) -> None:
    revisions = [r.revision for r in migrate._script().walk_revisions()]
    if revisions != ["0001"]:
        pytest.skip("已有 0001 之后的版本：0001 不再重新生成")
    path = migrate.regenerate_initial()
    assert path.name == "0001_initial.py"
    source = path.read_text(encoding="utf-8")
    assert "python -m app.db.migrate regenerate-initial" in source
    assert "sa.Enum" not in source  # enums are rendered as VARCHAR(32)
    db = open_database(tmp_path / "regen.sqlite", seed=False)
    try:
        assert _diff(db) == []
    finally:
        db.dispose()


def test_regenerate_initial_refuses_after_later_revisions(migrations_copy: Path) -> None:
    _add_probe(migrations_copy, down=migrate.head_revision())
    before = sorted(p.name for p in (migrations_copy / "versions").glob("*.py"))
    with pytest.raises(SystemExit, match="no longer regenerated"):
        migrate.regenerate_initial()
    assert sorted(p.name for p in (migrations_copy / "versions").glob("*.py")) == before
