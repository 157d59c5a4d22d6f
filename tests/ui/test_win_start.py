"""A first start that shows itself: splash, one running copy, the daily backup after the window."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from app.db.backup import list_backups
from app.services.opening import open_database
from ui.dialogs import Dialogs
from ui.settings import Settings
from ui.single_instance import SingleInstance, instance_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def key(tmp_path: Path) -> str:
    return instance_key(tmp_path / "zxlz.sqlite")


def test_a_server_database_gets_the_same_key_from_any_folder(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    url = "postgresql+psycopg://zxlz@db.example/zxlz"
    first = instance_key(url)
    monkeypatch.chdir(tmp_path)
    assert instance_key(url) == first != instance_key(url + "2")


def test_the_key_depends_on_the_database(tmp_path: Path) -> None:
    a, b = instance_key(tmp_path / "a.sqlite"), instance_key(tmp_path / "b.sqlite")
    assert a != b and a == instance_key(tmp_path / "x" / ".." / "a.sqlite")
    assert len(a) < 60  # socket paths are short on macOS and Linux


def test_a_second_copy_in_the_same_process_hands_over(qtbot, key: str) -> None:
    first = SingleInstance(key)
    assert first.claim() is True
    second = SingleInstance(key)
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert second.claim() is False
    assert second.server is None
    first.close()
    third = SingleInstance(key)  # the first copy ended: the next start runs
    assert third.claim() is True
    third.close()


def test_a_second_process_brings_the_first_to_the_front(qtbot, key: str) -> None:
    first = SingleInstance(key)
    assert first.claim()
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    from ui.single_instance import bring_to_front

    first.activated.connect(lambda: bring_to_front(window))
    code = textwrap.dedent(f"""
        from PySide6.QtCore import QCoreApplication
        from ui.single_instance import SingleInstance
        app = QCoreApplication([])
        print("claimed" if SingleInstance({key!r}).claim() else "handed over")
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    with qtbot.waitSignal(first.activated, timeout=20000):
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    out, err = proc.communicate()
    assert out.strip() == "handed over", err
    assert not window.isMinimized()
    first.close()


def test_a_crashed_copy_leaves_no_guard_behind(key: str, tmp_path: Path) -> None:
    """A socket file left by a copy that was killed does not stop the next start (POSIX; on
    Windows a named pipe disappears with its process)."""
    if os.name == "nt":
        pytest.skip("Windows named pipes leave nothing behind when their process dies")
    from PySide6.QtCore import QDir

    stale = Path(QDir.tempPath()) / key
    stale.unlink(missing_ok=True)
    import socket

    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(stale))  # bound, never listening, never removed: a dead copy's socket
    sock.close()
    guard = SingleInstance(key)
    assert guard.claim() is True
    guard.close()


def test_run_gui_with_a_running_copy_opens_nothing(qapp, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app as ui_app

    path = tmp_path / "zxlz.sqlite"
    args = argparse.Namespace(db=str(path), demo=False, smoke_test=False, screenshots=None)
    running = SingleInstance(instance_key(ui_app.instance_location(args)))
    assert running.claim()
    opened: list[Any] = []
    monkeypatch.setattr(ui_app, "start_window", lambda *a, **k: opened.append(a))
    monkeypatch.setattr(ui_app, "install_excepthook", lambda _p: None)
    try:
        assert ui_app.run_gui(["--db", str(path)]) == 0
    finally:
        running.close()
    assert opened == [] and not path.exists()


def test_the_splash_goes_before_the_first_question(qapp) -> None:
    from ui.app import show_splash

    splash = show_splash(qapp)
    assert splash.isVisible()
    dialogs = Dialogs()
    dialogs.splash = splash
    asked: list[bool] = []
    from PySide6.QtWidgets import QMessageBox

    original = QMessageBox.question
    QMessageBox.question = lambda *a, **k: (asked.append(splash.isVisible()),  # type: ignore
                                           QMessageBox.StandardButton.No)[1]
    try:
        assert dialogs.confirm("数据库已损坏", "用备份恢复吗？") is False
    finally:
        QMessageBox.question = original  # type: ignore[method-assign]
    assert asked == [False] and dialogs.splash is None


def _opened(path: Path) -> None:
    from app.services.accounts import AccountService

    db = open_database(path)
    AccountService(db).set_first_password("office-pass", "office-pass")
    db.dispose()


def test_the_daily_backup_runs_after_the_window_is_up(qtbot, tmp_path: Path, scripted) -> None:
    from ui.app import start_window
    from ui.startup import STATUS_DONE, STATUS_RUNNING, start_daily_backup

    path = tmp_path / "zxlz.sqlite"
    _opened(path)
    dialogs = Dialogs()
    scripted.install(dialogs)
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    args = argparse.Namespace(db=str(path), demo=False, smoke_test=False, screenshots=None)
    window = start_window(args, dialogs, settings, backup_now=False)
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert list_backups(tmp_path / "backups") == []  # nothing before the window shows
        window.show()
        worker = start_daily_backup(window)
        assert worker is not None
        assert window.statusBar().currentMessage() == STATUS_RUNNING
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == STATUS_DONE, timeout=20000)
        assert [b.reason for b in list_backups(tmp_path / "backups")] == ["daily"]
        assert scripted.messages == []
    finally:
        window.close()
        window.db.dispose()


def test_a_failed_daily_backup_after_the_window_is_shown(qtbot, tmp_path: Path,
                                                         scripted) -> None:
    from ui.app import start_window
    from ui.startup import STATUS_FAILED, start_daily_backup

    path = tmp_path / "zxlz.sqlite"
    _opened(path)
    (tmp_path / "backups").write_text("a file where the backup folder should be")
    dialogs = Dialogs()
    scripted.install(dialogs)
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    args = argparse.Namespace(db=str(path), demo=False, smoke_test=False, screenshots=None)
    window = start_window(args, dialogs, settings, backup_now=False)
    assert window is not None
    qtbot.addWidget(window)
    try:
        window.show()
        start_daily_backup(window)
        qtbot.waitUntil(lambda: bool(scripted.messages), timeout=20000)
        (message,) = scripted.messages
        assert message[:2] == ("warning", "自动备份失败") and "备份文件夹" in message[2]
        assert window.statusBar().currentMessage() == STATUS_FAILED
    finally:
        window.close()
        window.db.dispose()


def test_matplotlib_is_warmed_up_on_a_thread() -> None:
    from app.reports import charts

    thread = charts.warm_up_in_background()
    assert thread.daemon and thread.name == "matplotlib-warm-up"
    thread.join(120)
    assert not thread.is_alive()
    assert charts._setup_once.cache_info().currsize == 1


def test_run_gui_shows_the_window_then_opens_the_database_then_backs_up(
        qapp, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole start in order: the main window's frame at once (painted, saying the database
    is opening), the database opened under it, the window signed in, then the daily backup."""
    from ui import app as ui_app
    from ui import startup
    from ui.main_window import OPENING

    path = tmp_path / "zxlz.sqlite"
    _opened(path)
    events: list[str] = []
    real_frame, real_open = ui_app.show_frame, ui_app.open_db
    real_backup = startup.start_daily_backup
    frames: list[Any] = []

    def frame(app: Any, dialogs: Any) -> Any:
        frames.append(real_frame(app, dialogs))
        window = frames[-1]
        events.append(f"frame (visible: {window.isVisible()}, signed in: {window.is_attached}, "
                      f"{window.statusBar().currentMessage()})")
        return window

    def open_db(args: Any) -> Any:
        events.append(f"open (frame visible: {frames[0].isVisible()})")
        return real_open(args)

    windows: list[Any] = []

    def backup(window: Any) -> Any:
        events.append(f"backup (window visible: {window.isVisible()})")
        windows.append(window)
        return real_backup(window)

    def run_loop() -> int:
        qtbot.waitUntil(lambda: bool(windows), timeout=20000)
        qtbot.waitUntil(lambda: getattr(windows[0], "_daily_backup", None) is None,
                        timeout=20000)
        return 0

    monkeypatch.setattr(ui_app, "show_frame", frame)
    monkeypatch.setattr(ui_app, "open_db", open_db)
    monkeypatch.setattr(startup, "start_daily_backup", backup)
    monkeypatch.setattr(ui_app, "offer_first_setup", lambda w: events.append("setup offered"))
    monkeypatch.setattr(ui_app, "install_excepthook", lambda _p: None)
    monkeypatch.setattr(ui_app.QApplication, "exec", staticmethod(run_loop))
    try:
        assert ui_app.run_gui(["--db", str(path)]) == 0
        assert events == [f"frame (visible: True, signed in: False, {OPENING})",
                          "open (frame visible: True)", "setup offered",
                          "backup (window visible: True)"]
        assert windows == frames  # the window the clerk works in is the frame shown first
        assert windows[0].is_attached and windows[0].statusBar().currentMessage() != OPENING
        assert [b.reason for b in list_backups(tmp_path / "backups")] == ["daily"]
    finally:
        for window in windows:
            window.close()
            window.db.dispose()


def _run_gui_scripted(monkeypatch: pytest.MonkeyPatch, scripted: Any,
                      path: Path) -> tuple[int, list[Any]]:
    """``run_gui`` with scripted dialogs; returns its exit code and the frames it showed."""
    from ui import app as ui_app

    frames: list[Any] = []
    real_frame = ui_app.show_frame

    def dialogs() -> Dialogs:
        made = Dialogs()
        scripted.install(made)
        return made

    def frame(app: Any, made: Dialogs) -> Any:
        frames.append(real_frame(app, made))
        return frames[-1]

    monkeypatch.setattr(ui_app, "Dialogs", dialogs)
    monkeypatch.setattr(ui_app, "show_frame", frame)
    monkeypatch.setattr(ui_app, "install_excepthook", lambda _p: None)
    monkeypatch.setattr(ui_app.QApplication, "exec", staticmethod(lambda: 0))
    return ui_app.run_gui(["--db", str(path)]), frames


def test_cancelling_the_first_password_over_the_frame_exits(qapp, tmp_path: Path, scripted,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """The first-password dialog comes on top of the window's frame; 取消 closes both, and
    the database keeps no password."""
    from app.services.accounts import AccountService

    path = tmp_path / "zxlz.sqlite"
    open_database(path).dispose()
    asked: list[tuple[str, bool, bool]] = []

    def cancel(dialog: Any) -> bool:
        frame = dialog.parent()
        asked.append((frame.objectName(), frame.isVisible(), frame.is_attached))
        return False

    scripted.then(cancel)
    code, frames = _run_gui_scripted(monkeypatch, scripted, path)
    assert code == 2 and asked == [("mainWindow", True, False)]
    assert len(frames) == 1 and not frames[0].isVisible()
    db = open_database(path)
    try:
        assert AccountService(db).needs_first_password()
    finally:
        db.dispose()


def test_a_damaged_database_is_named_over_the_frame_and_left_alone(
        qapp, tmp_path: Path, scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.startup import TITLE

    path = tmp_path / "zxlz.sqlite"
    damaged = b"not a database at all, " * 100
    path.write_bytes(damaged)
    code, frames = _run_gui_scripted(monkeypatch, scripted, path)
    assert code == 2
    (message,) = scripted.messages
    assert message[:2] == ("error", TITLE) and "已损坏" in message[2]
    assert not frames[0].isVisible() and not frames[0].is_attached
    assert path.read_bytes() == damaged


def test_the_frame_gets_the_administrators_pages_when_signed_in(qtbot, db, tmp_path: Path,
                                                                scripted) -> None:
    """The frame lists every clerk's pages (nothing clickable, 正在打开数据库…); signed in as
    an administrator it adds 操作日志, as a reader it keeps the list. 全局搜索 and 关于 wait
    for the database; Ctrl+K works once signed in."""
    from PySide6.QtGui import QAction

    from app.domain.enums import UserRole
    from app.services.context import Actor
    from ui.main_window import OPENING, MainWindow, page_entries

    for role in (UserRole.ADMIN, UserRole.READONLY):
        settings = Settings(QSettings(str(tmp_path / f"{role}.ini"),
                                      QSettings.Format.IniFormat))
        window: Any = MainWindow(settings=settings)
        qtbot.addWidget(window)
        window.show()
        assert not window.nav.isEnabled() and window.statusBar().currentMessage() == OPENING
        assert "audit" not in [e.key for e in window.entries]
        scripted.install(window.dialogs)  # a dialog before the database is open would fail
        for name in ("searchAction", "aboutAction"):
            window.findChild(QAction, name).trigger()
        assert not hasattr(window, "search_popup")
        assert window.help_action.shortcut().isEmpty()  # F1 with the database (install_help_key)
        window.attach(db, Actor("tester", role, "测试员"))
        keys = [e.key for e in window.entries]
        assert keys == [e.key for e in page_entries(role)]
        assert window.nav.count() == window.stack.count() == len(keys)
        assert ("audit" in keys) == (role == UserRole.ADMIN)
        assert window.nav.isEnabled() and window.statusBar().currentMessage() == ""
        assert window.nav.currentRow() == 0 and "dashboard" in window.pages
        assert window.help_action.shortcut().toString() == "F1"
        window.findChild(QAction, "searchAction").trigger()
        assert window.search_popup.isVisible()
        window.search_popup.close()
        window.close()


def test_a_database_from_a_newer_program_is_refused_over_the_frame(
        qapp, tmp_path: Path, scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening fails after the frame is up (here: a newer schema): the message names it, the
    frame closes, the program exits with status 2 and the file keeps its revision."""
    import sqlite3

    path = tmp_path / "zxlz.sqlite"
    _opened(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    code, frames = _run_gui_scripted(monkeypatch, scripted, path)
    assert code == 2
    (message,) = scripted.messages
    assert message[:2] == ("error", "无法打开数据库") and "更新版本的程序" in message[2]
    assert not frames[0].isVisible() and not frames[0].is_attached
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)
    conn.close()
