"""Start-up (issue 15): the main window paints before the heavy libraries and the pages load.

The client is started in a fresh interpreter (``ui/bench_child.py modules``, the benchmark's
child) on a database whose administrator has a password (no dialog), and reports which
modules were loaded when the main window first painted."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from app.services.accounts import AccountService
from app.services.opening import open_database

ROOT = Path(__file__).resolve().parents[2]
# loaded on first use: charts (首页), drafts, Excel, pinyin of a new name, schema upgrades
LATER = ("matplotlib", "numpy", "docxtpl", "docx", "jinja2", "openpyxl", "pypinyin", "alembic")


# what the signed-in paint must not wait for (issue 15, branch ready4): the ORM, the models
# and every service that imports them load after it (the 首页's build, a page's first visit,
# the first poll, search or lock); the sign-in of a single-user database is Core statements
AFTER_SIGN_IN = ("sqlalchemy.orm", "sqlalchemy.ext", "app.models", "app.services.accounts",
                 "app.services.users", "app.services.seed", "app.services.audit",
                 "app.services.search", "app.services.remote_changes", "app.services.crud",
                 "app.db.migrate", "app.db.backup", "app.services.backups",
                 "ui.framework.options", "argon2", "ui.pages")

CURRENT_MEMBERS = """SELECT COUNT(*) FROM members m WHERE m.deleted_at IS NULL AND EXISTS (
    SELECT 1 FROM member_terms t WHERE t.member_id = m.id
    AND t.term_id = (SELECT current_term_id FROM committee_settings))"""


def _child_output(mode: str, path: Path, tmp_path: Path) -> str:
    """The last line a fresh client process printed for ``ui.bench_child``'s ``mode``."""
    env = dict(os.environ, ZXLZ_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "ui.bench_child", mode, str(path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]  # (a line of CPU times first)


def _modules_loaded(mode: str, path: Path, tmp_path: Path) -> set[str]:
    """The modules a fresh client process has loaded after ``ui.bench_child``'s ``mode``."""
    return set(_child_output(mode, path, tmp_path).split())


def _loaded_under(loaded: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if any(m == p or m.startswith(p + ".") for p in prefixes))


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county demo database whose administrator has a password (no dialog at the start)."""
    from app.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "pages.sqlite"
    db = open_database(path)
    generate_demo(db, scale="county", seed=2025)
    AccountService(db).set_first_password("Start-test-2026", "Start-test-2026")
    db.dispose()
    return path


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "start.sqlite"
    db = open_database(path)
    AccountService(db).set_first_password("Start-test-2026", "Start-test-2026")
    db.dispose()
    return path


def test_the_main_window_paints_before_sqlalchemy_is_imported(tmp_path: Path) -> None:
    """The frame (title, navigation, 正在打开数据库…) is on screen before the database layer
    loads: SQLAlchemy and the models (~0.35 s of CPU) come after the first paint."""
    loaded = _modules_loaded("modules", _database(tmp_path), tmp_path)
    assert "ui.main_window" in loaded  # it did start the client
    early = [m for m in loaded if m.split(".")[0] == "sqlalchemy"
             or m.startswith(("app.models", "app.db.engine", "app.services.accounts",
                              "ui.operations", "ui.pages", "ui.search_popup"))]
    assert early == []
    assert [m for m in LATER if m in loaded] == []


def test_the_signed_in_window_loads_no_page_and_no_heavy_library(tmp_path: Path) -> None:
    loaded = _modules_loaded("ready-modules", _database(tmp_path), tmp_path)
    assert {"ui.main_window", "app.db.engine", "ui.operations"} <= loaded  # it did sign in
    assert [m for m in loaded if m.startswith("ui.pages")] == []
    assert [m for m in LATER if m in loaded] == []


def test_the_signed_in_window_paints_before_the_orm_and_the_models(demo_path: Path,
                                                                  tmp_path: Path) -> None:
    """Only SQLAlchemy's Core is loaded when the window paints signed in (a database with
    data, the usual single-user start): the ORM and the models (~0.25 s of CPU with the
    mappers' configuration) come with the first page."""
    loaded = _modules_loaded("ready-modules", demo_path, tmp_path)
    assert {"sqlalchemy.engine", "app.db.engine", "app.services.start_reads"} <= loaded
    assert _loaded_under(loaded, AFTER_SIGN_IN) == []
    # nor the ``Qt`` namespace (~16 ms of enums): F1, Ctrl+K and the operations' relay are
    # set up without it, the search popup is built on first use
    assert "PySide6.QtCore.Qt" not in loaded


def test_the_search_popups_role_is_qts_user_role() -> None:
    from PySide6.QtCore import Qt

    from ui.search_popup import TARGET

    assert int(Qt.ItemDataRole.UserRole) == TARGET  # (a number there: the module avoids Qt)


def test_a_click_right_after_the_signed_in_paint_opens_the_page(demo_path: Path,
                                                               tmp_path: Path) -> None:
    """What moved after the signed-in paint loads on demand: a real click on 委员, before the
    首页 or anything else ran, opens the page with its rows."""
    answer = _child_output("ready-click", demo_path, tmp_path)
    with closing(sqlite3.connect(demo_path)) as conn:  # the page lists the current term's
        seated = conn.execute(CURRENT_MEMBERS).fetchone()[0]
    assert seated > 0
    assert answer == f"models-before=False page=members rows={seated}"


def test_visiting_every_page_loads_no_chart_or_excel_library(demo_path: Path,
                                                             tmp_path: Path) -> None:
    """The 首页's charts are Qt-drawn and printing imports openpyxl only to write a file:
    matplotlib and numpy (~57 MB), openpyxl and the document libraries load when a document,
    an export or an import is made, not by looking at the pages (startup.memory)."""
    loaded = _modules_loaded("pages-modules", demo_path, tmp_path)
    assert {"ui.pages.dashboard", "ui.pages.members", "ui.charts"} <= loaded  # it did visit
    unwanted = ("matplotlib", "numpy", "openpyxl", "PIL", "docxtpl", "docx")
    assert [m for m in unwanted if m in loaded] == []


def test_a_deferred_first_page_is_built_once_the_window_asks(qtbot, db, tmp_path) -> None:
    """``run_gui`` shows the window with its last page selected but not built, then builds
    it (``open_first_page``); a click on another page before that is simply obeyed."""
    from PySide6.QtCore import QSettings

    from app.domain.enums import UserRole
    from app.services.context import Actor
    from ui.main_window import LazyPage, MainWindow
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set_last_page(1)  # 委员
    win = MainWindow(db, Actor("tester", UserRole.ADMIN, "测试员"), settings=settings,
                     defer_first_page=True)
    qtbot.addWidget(win)
    assert all(isinstance(e.factory, LazyPage) for e in win.entries)
    win.show()
    assert win.pages == {} and win.nav.currentRow() == 1
    assert win.counts_label.text() == ""  # counted with the first page, after the paint
    win.open_first_page()
    assert list(win.pages) == ["members"]
    assert win.counts_label.text().startswith("数据库中全部：")
    assert win.stack.currentWidget() is win.pages["members"]
    win.open_first_page()  # already built: nothing more
    assert list(win.pages) == ["members"]

    early = MainWindow(db, Actor("tester", UserRole.ADMIN, "测试员"), settings=settings,
                       defer_first_page=True)
    qtbot.addWidget(early)
    early.nav.setCurrentRow(5)  # the clerk clicked 提案 before the first page was built
    early.open_first_page()
    assert list(early.pages) == ["proposals"]
    assert early.stack.currentWidget() is early.pages["proposals"]
