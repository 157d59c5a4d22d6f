"""Start-up (issue 15): the main window paints before the heavy libraries and the pages load.

The client is started in a fresh interpreter (``ui/bench_child.py modules``, the benchmark's
child) on a database whose administrator has a password (no dialog), and reports which
modules were loaded when the main window first painted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.services.accounts import AccountService
from app.services.opening import open_database

ROOT = Path(__file__).resolve().parents[2]
# loaded on first use: charts (首页), drafts, Excel, pinyin of a new name, schema upgrades
LATER = ("matplotlib", "numpy", "docxtpl", "docx", "jinja2", "openpyxl", "pypinyin", "alembic")


def _modules_loaded(mode: str, path: Path, tmp_path: Path) -> set[str]:
    """The modules a fresh client process has loaded after ``ui.bench_child``'s ``mode``."""
    env = dict(os.environ, ZXLZ_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "ui.bench_child", mode, str(path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.strip().splitlines()[-1].split())  # (a line of CPU times first)


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
    assert "ui.main_window" in loaded and "app.models" in loaded  # it did open the database
    assert [m for m in loaded if m.startswith("ui.pages")] == []
    assert [m for m in LATER if m in loaded] == []


def test_visiting_every_page_loads_no_chart_or_excel_library(tmp_path: Path) -> None:
    """The 首页's charts are Qt-drawn and printing imports openpyxl only to write a file:
    matplotlib and numpy (~57 MB), openpyxl and the document libraries load when a document,
    an export or an import is made, not by looking at the pages (startup.memory)."""
    from app.demo import generate_demo

    path = tmp_path / "pages.sqlite"
    db = open_database(path)
    generate_demo(db, scale="county", seed=2025)
    AccountService(db).set_first_password("Start-test-2026", "Start-test-2026")
    db.dispose()
    loaded = _modules_loaded("pages-modules", path, tmp_path)
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
