"""Fixtures shared by every test: a seeded database per test (on SQLite, and on PostgreSQL too in
the suites listed in ``BOTH_BACKENDS``), a PostgreSQL scratch database, and acting users.

Speed: building a database through the migrations and the seed takes most of a small test's
time, so each backend's migrated, seeded database is built ONCE per session and copied for each
test — a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL.

PostgreSQL: ``ZXLZ_TEST_PG_URL`` names a server database whose role may create databases. Without
it the PostgreSQL tests skip; with ``ZXLZ_REQUIRE_PG=1`` (CI) they fail instead.
"""

from __future__ import annotations

import os
import queue
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

# Qt must be headless before any QApplication exists (TECH_NOTES §6).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL_ENV = "ZXLZ_TEST_PG_URL"
REQUIRE_PG_ENV = "ZXLZ_REQUIRE_PG"
PG_SKIP_REASON = "未设置 ZXLZ_TEST_PG_URL：本机没有 PostgreSQL 测试服务器"

SQLITE, POSTGRESQL = "sqlite", "postgresql"
# Test folders whose ``db`` runs on both backends; every other test's ``db`` is SQLite.
BOTH_BACKENDS = ("services", "exchange", "reports", "cli")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a test of SQLite's own behaviour (files, pragmas); its `db` is "
        "not repeated on PostgreSQL")
    config.addinivalue_line(
        "markers", "postgres_only: a behaviour only PostgreSQL has (concurrent writers); its "
        "`db` is PostgreSQL alone, and the test fails without a server when one is required")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses ``backend`` (through ``db``) once per backend, in the suites
    named in ``BOTH_BACKENDS``."""
    if "backend" not in metafunc.fixturenames:
        return
    suite = Path(str(metafunc.definition.path)).relative_to(Path(__file__).parent).parts[0]
    if suite not in BOTH_BACKENDS or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    if metafunc.definition.get_closest_marker("postgres_only"):
        metafunc.parametrize("backend", [pytest.param(POSTGRESQL, marks=pytest.mark.postgres)],
                             indirect=True, scope="session", ids=["pg"])
        return
    metafunc.parametrize("backend", [SQLITE, pytest.param(POSTGRESQL, marks=pytest.mark.postgres)],
                         indirect=True, scope="session", ids=["sqlite", "pg"])


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                   ) -> None:
    """Never touch the real user data folder: backups and logs go to a temp folder."""
    monkeypatch.setenv("ZXLZ_HOME", str(tmp_path_factory.mktemp("home")))


# ----------------------------------------------------------------- PostgreSQL server
def _pg_unavailable(reason: str) -> NoReturn:
    """Skip, or fail when CI requires PostgreSQL (``ZXLZ_REQUIRE_PG=1``)."""
    if os.environ.get(REQUIRE_PG_ENV) == "1":
        pytest.fail(f"{REQUIRE_PG_ENV}=1，但 PostgreSQL 测试不能运行：{reason}", pytrace=False)
    pytest.skip(reason)


class PgServer:
    """The test server: creates and drops uniquely named databases through an AUTOCOMMIT
    connection to the database named in ``ZXLZ_TEST_PG_URL`` (whose role needs CREATEDB), so
    parallel runs on one server never collide."""

    def __init__(self, raw: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        base = make_url(raw)
        if base.drivername == "postgresql":
            base = base.set(drivername="postgresql+psycopg")
        self.base = base
        self.admin = create_engine(base, isolation_level="AUTOCOMMIT",
                                   connect_args={"connect_timeout": 10})
        self._queue: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._dropper: threading.Thread | None = None
        self._failed: list[tuple[str, Exception]] = []

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, prefix: str, template: str | None = None) -> str:
        """A new database (a copy of ``template`` if given); its name."""
        name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_later(self, name: str) -> None:
        """Drop in a background thread: a test's teardown need not wait for the server."""
        if self._dropper is None:
            self._dropper = threading.Thread(target=self._drop_queued, daemon=True)
            self._dropper.start()
        self._queue.put(name)

    def _drop_queued(self) -> None:
        while (name := self._queue.get()) is not None:
            try:
                self.drop(name)
            except Exception as exc:  # retried at close, where a second failure is raised
                self._failed.append((name, exc))

    def close(self) -> None:
        """Finish the queued drops (retrying any that failed), then disconnect."""
        if self._dropper is not None:
            self._queue.put(None)
            self._dropper.join()
            self._dropper = None
        failed, self._failed = self._failed, []
        try:
            for name, _exc in failed:
                self.drop(name)
        finally:
            self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL test server, or a skip (a failure with ``ZXLZ_REQUIRE_PG=1``)."""
    from sqlalchemy.exc import SQLAlchemyError

    raw = os.environ.get(PG_URL_ENV, "").strip()
    if not raw:
        _pg_unavailable(PG_SKIP_REASON)
    server = PgServer(raw)
    try:
        with server.admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as exc:
        server.admin.dispose()
        shown = server.base.render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _pg_unavailable(f"无法连接 PostgreSQL 测试服务器 {shown}：{reason}")
    yield server
    server.close()


@pytest.fixture(scope="session")
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a fresh, empty, uniquely named PostgreSQL database, dropped after the run.

    Tests that share it should start from :func:`reset_pg` (see ``pg_empty_url`` in
    tests/db/conftest.py).
    """
    from sqlalchemy.exc import SQLAlchemyError

    try:
        name = pg_server.create("zxlz_test")
    except SQLAlchemyError as exc:
        shown = pg_server.base.render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _pg_unavailable(f"无法在 PostgreSQL 测试服务器 {shown} 上建立临时数据库：{reason}")
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_later(name)


def reset_pg(url: str) -> None:
    """Empty a scratch database: drop and recreate its ``public`` schema."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


# ----------------------------------------------------------------- seeded templates
def _build(target: str | Path, home: Path) -> None:
    """Migrate and seed ``target`` as ``open_database`` does for a new database."""
    from app.services.opening import open_database

    with pytest.MonkeyPatch.context() as mp:  # session scope: before any test's home folder
        mp.setenv("ZXLZ_HOME", str(home))
        open_database(target).dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite file, built once; tests copy it."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite"
    _build(path, folder / "home")
    with sqlite3.connect(path) as conn:  # everything in the main file: one file to copy
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, seeded PostgreSQL database, built once; tests clone it with TEMPLATE. No
    connection to it may stay open (CREATE DATABASE … TEMPLATE needs it idle)."""
    name = pg_server.create("zxlz_tmpl")
    try:
        _build(pg_server.url(name), tmp_path_factory.mktemp("pg-template-home"))
        yield name
    finally:
        pg_server.drop_later(name)


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite``, or the backend this run of a parametrised test uses."""
    return str(getattr(request, "param", SQLITE))


def fresh_database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path
                       ) -> Iterator[str]:
    """A copy of the seeded template on ``backend``, removed afterwards (generator: use with
    ``yield from``)."""
    if backend == SQLITE:
        path = tmp_path / "test.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield str(path)
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.create("zxlz_t", template=request.getfixturevalue("pg_template"))
    try:
        yield server.url(name)
    finally:
        server.drop_later(name)


@pytest.fixture
def db_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL (SQLite: the path) of this test's own migrated, seeded database."""
    yield from fresh_database_url(request, backend, tmp_path)


@pytest.fixture
def db(db_url: str) -> Iterator[Any]:
    """This test's own migrated, seeded database, open."""
    from app.services.opening import open_database

    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def actor() -> object:
    from app.domain.enums import UserRole
    from app.services.context import Actor

    return Actor("tester", UserRole.ADMIN, "测试员")


@pytest.fixture
def reader() -> object:
    from app.domain.enums import UserRole
    from app.services.context import Actor

    return Actor("viewer", UserRole.READONLY, "只读")
