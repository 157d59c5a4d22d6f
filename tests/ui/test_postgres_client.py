"""The client on a PostgreSQL server: the smoke test's walk (every page, every editor opened
and cancelled) on the county demo written into a new PostgreSQL database (issue 12: the client
showed an internal error and opened no window)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db.engine import open_database
from app.demo import generate_demo
from tests.conftest import POSTGRESQL, fresh_database_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_demo_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    for url in fresh_database_url(request, POSTGRESQL, tmp_path):
        db = open_database(url)
        try:
            generate_demo(db, scale="county", seed=2025)
        finally:
            db.dispose()
        yield url


def test_the_client_opens_every_page_on_postgres(qapp, pg_demo_url: str, monkeypatch,
                                                 capsys) -> None:
    import ui.app
    from ui.smoke import run_smoke_test

    opened: list[str] = []

    def open_server(_args: argparse.Namespace) -> object:
        db = open_database(pg_demo_url)
        opened.append(db.engine.dialect.name)
        return db

    monkeypatch.setattr(ui.app, "open_db", open_server)
    args = argparse.Namespace(db=pg_demo_url, demo=False, smoke_test=True, screenshots=None)
    assert run_smoke_test(args) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert opened == ["postgresql"]
    assert "冒烟测试通过" in out
    rows = {name: int(n) for name, n in re.findall(r"已检查：(\S+?)（(\d+)条）", out)}
    assert rows["委员"] > 100 and rows["提案"] > 100
