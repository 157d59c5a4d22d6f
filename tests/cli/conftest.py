"""Fixtures for the command-line tests: a scratch PostgreSQL database of their own (the shared
fixture lives in tests/db/conftest.py, out of reach of this folder)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError


@pytest.fixture
def cli_pg_url() -> Iterator[str]:
    """A new, empty, uniquely named PostgreSQL database; skipped without a test server unless
    ``ZXLZ_REQUIRE_PG=1`` (then it fails)."""
    raw = os.environ.get("ZXLZ_TEST_PG_URL", "").strip()
    required = os.environ.get("ZXLZ_REQUIRE_PG") == "1"
    if not raw:
        if required:
            pytest.fail("ZXLZ_REQUIRE_PG=1，但未设置 ZXLZ_TEST_PG_URL", pytrace=False)
        pytest.skip("未设置 ZXLZ_TEST_PG_URL：本机没有 PostgreSQL 测试服务器")
    base = make_url(raw)
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    name = f"zxlz_cli_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except SQLAlchemyError as exc:
        admin.dispose()
        if required:
            pytest.fail(f"无法建立 PostgreSQL 测试数据库：{exc}", pytrace=False)
        pytest.skip(f"无法建立 PostgreSQL 测试数据库：{exc}")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
