"""One county demo per test module run (generation takes about two seconds)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.db.engine import Database
from app.demo import DemoSummary, generate_demo
from app.services.opening import open_database


@dataclass
class Demo:
    db: Database
    path: Path
    summary: DemoSummary

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.path) as conn:
            return conn.execute(sql, args).fetchall()

    def value(self, sql: str, *args: Any) -> Any:
        return self.rows(sql, *args)[0][0]


def make_demo(path: Path, **kwargs: Any) -> Demo:
    db = open_database(path)
    return Demo(db, path, generate_demo(db, **kwargs))


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("county")
    with pytest.MonkeyPatch.context() as mp:  # session scope: before the per-test home folder
        mp.setenv("ZXLZ_HOME", str(folder))
        demo = make_demo(folder / "t.sqlite", scale="county", seed=2025)
    yield demo
    demo.db.dispose()
