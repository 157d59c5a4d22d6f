"""Fixtures shared by every test: a fresh seeded database per test and an acting user."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must be headless before any QApplication exists (TECH_NOTES §6).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                   ) -> None:
    """Never touch the real user data folder: backups and logs go to a temp folder."""
    monkeypatch.setenv("ZXLZ_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[object]:
    from app.db.engine import open_database

    database = open_database(tmp_path / "test.sqlite")
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
