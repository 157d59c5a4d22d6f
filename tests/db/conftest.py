"""Fixtures for database tests: an isolated data folder and an emptied PostgreSQL scratch
database (``pg_url`` itself lives in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import reset_pg


@pytest.fixture(autouse=True)
def zxlz_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups and other user data of a test go to its own temporary folder."""
    home = tmp_path / "zxlz-home"
    home.mkdir()
    monkeypatch.setenv("ZXLZ_HOME", str(home))
    return home


@pytest.fixture
def pg_empty_url(pg_url: str) -> str:
    """``pg_url`` with nothing in it, whatever earlier tests left behind."""
    reset_pg(pg_url)
    return pg_url
