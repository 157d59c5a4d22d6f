"""The client on a PostgreSQL server: the smoke test's walk (every page, every editor opened
and cancelled) on the county demo written into a new PostgreSQL database (issue 12: the client
showed an internal error and opened no window)."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.demo import generate_demo
from app.services.opening import open_database
from tests.conftest import POSTGRESQL, fresh_database_url

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


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
    import ui.application
    from ui.smoke import run_smoke_test

    opened: list[str] = []

    def open_server(_args: argparse.Namespace) -> object:
        db = open_database(pg_demo_url)
        opened.append(db.engine.dialect.name)
        return db

    monkeypatch.setattr(ui.application, "open_db", open_server)
    args = argparse.Namespace(db=pg_demo_url, demo=False, smoke_test=True, screenshots=None)
    assert run_smoke_test(args) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert opened == ["postgresql"]
    assert "冒烟测试通过" in out
    rows = {name: int(n) for name, n in re.findall(r"已检查：(\S+?)（(\d+)条）", out)}
    assert rows["委员"] > 100 and rows["提案"] > 100


@pytest.fixture
def pg_window(qtbot, request: pytest.FixtureRequest, tmp_path: Path, scripted) -> Iterator[Any]:
    """The main window on a new PostgreSQL database, polling for other clerks' changes often."""
    from PySide6.QtCore import QSettings

    from app.domain.enums import UserRole
    from app.services.context import Actor
    from ui.main_window import MainWindow
    from ui.settings import Settings

    for url in fresh_database_url(request, POSTGRESQL, tmp_path):
        db = open_database(url)
        settings = Settings(QSettings(str(tmp_path / "settings.ini"),
                                      QSettings.Format.IniFormat))
        win = MainWindow(db, Actor("tester", UserRole.ADMIN, "测试员"), settings=settings)
        scripted.install(win.dialogs)
        qtbot.addWidget(win)
        win.show()
        try:
            yield win
        finally:
            win.close()
            db.dispose()


# Another clerk's program: a separate process, so nothing reaches this one but the database.
OTHER_CLERK = r"""
import sys
from app.services.opening import open_database
from app.services.context import SYSTEM
from app.services.members import MemberService
db = open_database(sys.argv[1])
service = MemberService(db)
if sys.argv[2] == "add":
    print(service.create(SYSTEM, {"name": sys.argv[3]}).value.id)
else:
    member = service.get(int(sys.argv[2]))
    service.update(SYSTEM, member.id, {"name": sys.argv[3]}, version=member.version)
db.dispose()
"""


def other_clerk(url: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", OTHER_CLERK, url, *args], cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True,
                            text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_another_clerks_changes_reach_the_open_page(pg_window: Any, qtbot) -> None:
    pg_window.ops.remote_timer.setInterval(100)
    page = pg_window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    zhang = other_clerk(pg_window.db.url, "add", "张琳")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.data(page.model.index(0, 0)) == "张琳"
    other_clerk(pg_window.db.url, zhang, "张琳琳")
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 0)) == "张琳琳", timeout=10_000)


def test_without_polling_the_page_would_not_know(pg_window: Any, qtbot) -> None:
    """The control: the other program's write reaches this one only through the poll."""
    pg_window.ops.remote_timer.stop()
    page = pg_window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    other_clerk(pg_window.db.url, "add", "张琳")
    qtbot.wait(500)
    assert page.model.rowCount() == 0
    pg_window.ops.poll_remote()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
