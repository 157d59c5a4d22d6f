"""Fixtures for database tests: an isolated data folder and a PostgreSQL scratch database.

``pg_url`` is written so that it can move up to ``tests/conftest.py`` unchanged.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

PG_URL_ENV = "ZXLZ_TEST_PG_URL"
REQUIRE_PG_ENV = "ZXLZ_REQUIRE_PG"
PG_SKIP_REASON = "未设置 ZXLZ_TEST_PG_URL：本机没有 PostgreSQL 测试服务器"


@pytest.fixture(autouse=True)
def zxlz_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups and other user data of a test go to its own temporary folder."""
    home = tmp_path / "zxlz-home"
    home.mkdir()
    monkeypatch.setenv("ZXLZ_HOME", str(home))
    return home


def _pg_unavailable(reason: str) -> NoReturn:
    """Skip, or fail when CI requires PostgreSQL (``ZXLZ_REQUIRE_PG=1``)."""
    if os.environ.get(REQUIRE_PG_ENV) == "1":
        pytest.fail(f"{REQUIRE_PG_ENV}=1，但 PostgreSQL 测试不能运行：{reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The URL of a fresh, uniquely named PostgreSQL database, dropped after the run.

    Created through an AUTOCOMMIT connection to the database named in ``ZXLZ_TEST_PG_URL``
    (whose role needs CREATEDB), so parallel runs on one server never collide. Tests that
    share it should start from :func:`reset_pg` (see the ``pg_empty_url`` fixture).
    """
    raw = os.environ.get(PG_URL_ENV, "").strip()
    if not raw:
        _pg_unavailable(PG_SKIP_REASON)
    base: URL = make_url(raw)
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    name = f"zxlz_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 10})
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except SQLAlchemyError as exc:
        admin.dispose()
        shown = base.render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _pg_unavailable(f"无法在 PostgreSQL 测试服务器 {shown} 上建立临时数据库：{reason}")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            admin.dispose()


def reset_pg(url: str) -> None:
    """Empty a scratch database: drop and recreate its ``public`` schema."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture
def pg_empty_url(pg_url: str) -> str:
    """``pg_url`` with nothing in it, whatever earlier tests left behind."""
    reset_pg(pg_url)
    return pg_url
