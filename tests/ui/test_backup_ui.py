"""Backups in the client: the start-up check of a damaged database through the real main
window, a failed daily backup shown to the clerk, and 系统设置 → 备份与恢复."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from sqlalchemy import func, select

from app.db.backup import backup_database, list_backups
from app.db.engine import Database
from app.models import Term
from app.services.opening import open_database
from ui.dialogs import Dialogs
from ui.settings import Settings


def _opened(path: Path) -> Database:
    """A database as a clerk left it after the first start: the administrator has a password
    (so the next start opens without the first-password dialog)."""
    from app.services.accounts import AccountService

    db = open_database(path)
    AccountService(db).set_first_password("office-pass", "office-pass")
    return db


def _first_password(dialog: Any) -> bool:
    """Answer the first-password dialog of a new database."""
    dialog.password.setText("office-pass")
    dialog.confirm.setText("office-pass")
    dialog.accept()
    return dialog.result() == 1


def _args(path: Path) -> argparse.Namespace:
    return argparse.Namespace(db=str(path), demo=False, smoke_test=False, screenshots=None)


def _add_term(db: Database, number: int) -> None:
    with db.session() as session:
        session.add(Term(number=number, start_on=dt.date(2000 + number, 1, 1)))


def _terms(db: Database) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(Term)) or 0)


@pytest.fixture
def start(qtbot, tmp_path: Path, scripted) -> Any:
    """``start_window`` with scripted dialogs; windows it opens are closed after the test."""
    from ui.app import start_window

    opened: list[Any] = []

    def run(path: Path, confirm: Any = None) -> Any:
        dialogs = Dialogs()
        scripted.install(dialogs)
        if confirm is not None:  # to read the question, not only answer it
            dialogs.confirm = confirm
        settings = Settings(QSettings(str(tmp_path / "settings.ini"),
                                      QSettings.Format.IniFormat))
        window = start_window(_args(path), dialogs, settings)
        if window is not None:
            qtbot.addWidget(window)
            opened.append(window)
        return window

    yield run
    for window in opened:
        window.close()
        window.db.dispose()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A database with two terms, a daily backup of it, then a garbage first page."""
    path = tmp_path / "office" / "zxlz.sqlite"
    path.parent.mkdir()
    db = _opened(path)
    _add_term(db, 9)
    _add_term(db, 10)
    backup_database(db, "daily")
    _add_term(db, 11)
    db.dispose()
    data = bytearray(path.read_bytes())
    data[:4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    return path


def test_damaged_database_at_start_offers_the_latest_backup(start, damaged: Path,
                                                            scripted) -> None:
    damaged_bytes = damaged.read_bytes()
    scripted.confirm_answer = True
    window = start(damaged)
    assert window is not None
    kinds = [(kind, title) for kind, title, _text in scripted.messages]
    assert kinds == [("info", "已从备份恢复")]
    # the real main window opened on the restored data
    assert window.db.file_path == damaged and _terms(window.db) == 2
    system = window.show_page("system")
    system.tabs.setCurrentWidget(system.terms)
    system.terms.reload()
    assert system.terms.model.rowCount() == 2
    kept = list((damaged.parent / "backups").glob("*.damaged"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
    assert str(kept[0]) in scripted.messages[0][2]


def test_the_start_up_question_names_the_problem_and_a_no_leaves_the_file(
        start, damaged: Path, scripted) -> None:
    asked: list[str] = []
    before = damaged.read_bytes()

    def confirm(_title: str, text: str) -> bool:
        asked.append(text)
        return False

    assert start(damaged, confirm) is None
    (question,) = asked
    assert "已损坏" in question and "SQLite" in question and "每日备份" in question
    (message,) = scripted.messages
    assert message[0] == "error" and "backup restore" in message[2]
    assert damaged.read_bytes() == before


def test_damaged_database_without_a_backup_is_not_opened(start, tmp_path: Path,
                                                          scripted) -> None:
    path = tmp_path / "zxlz.sqlite"
    path.write_text("这不是数据库", encoding="utf-8")
    assert start(path) is None
    (message,) = scripted.messages
    assert message[:2] == ("error", "数据库已损坏") and "没有找到完好的备份" in message[2]
    assert path.read_text(encoding="utf-8") == "这不是数据库"


def test_an_empty_file_without_backups_starts_a_new_database(start, tmp_path: Path,
                                                            scripted) -> None:
    path = tmp_path / "zxlz.sqlite"
    path.write_bytes(b"")  # a first start cut short before the tables were made
    scripted.then(_first_password)  # a new database asks for the administrator's password
    window = start(path)
    assert window is not None and scripted.messages == []
    assert window.db.file_path == path and _terms(window.db) == 0


def test_a_failed_daily_backup_is_shown(start, tmp_path: Path, scripted) -> None:
    from ui.startup import STATUS_FAILED

    path = tmp_path / "zxlz.sqlite"
    _opened(path).dispose()
    (tmp_path / "backups").write_text("a file where the backup folder should be")
    window = start(path)
    assert window is not None
    (message,) = scripted.messages
    assert message[:2] == ("warning", "自动备份失败") and "备份文件夹" in message[2]
    assert window.statusBar().currentMessage() == STATUS_FAILED


def test_a_daily_backup_is_taken_silently(start, tmp_path: Path, scripted) -> None:
    path = tmp_path / "zxlz.sqlite"
    _opened(path).dispose()
    assert start(path) is not None
    assert scripted.messages == []
    assert [b.reason for b in list_backups(tmp_path / "backups")] == ["daily"]


def test_backup_panel_backs_up_copies_and_restores(window, scripted, tmp_path: Path,
                                                   monkeypatch) -> None:
    db = window.db
    _add_term(db, 9)
    system = window.show_page("system")
    panel = system.backups
    system.tabs.setCurrentWidget(panel)
    assert panel.table.rowCount() == 0

    panel.buttons["立即备份"].click()
    assert scripted.messages[-1][:2] == ("info", "立即备份")
    assert panel.table.rowCount() == 1 and panel.table.item(0, 1).text() == "手动"

    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(window.dialogs, "choose_folder", lambda _title: usb)
    panel.buttons["复制到…"].click()
    assert scripted.messages[-1][:2] == ("info", "复制到…")
    assert [p.name for p in usb.iterdir()] == [panel.rows[0].path.name]

    _add_term(db, 10)
    system.tabs.setCurrentWidget(system.terms)
    system.terms.reload()
    assert system.terms.model.rowCount() == 2
    system.tabs.setCurrentWidget(panel)
    panel.table.selectRow(0)
    scripted.confirm_answer = False
    panel.buttons["从备份恢复"].click()
    assert _terms(db) == 2  # declined: nothing happened

    scripted.confirm_answer = True
    panel.buttons["从备份恢复"].click()
    kind, title, text = scripted.messages[-1]
    assert (kind, title) == ("info", "从备份恢复") and "恢复前的数据库已另存为" in text
    assert _terms(db) == 1
    QCoreApplication.processEvents()  # the change broadcast is queued to the GUI thread
    assert system.terms.model.rowCount() == 1  # every page refreshed, nobody clicked
    assert {row.kind for row in panel.rows} == {"手动", "恢复前"}


def test_backup_panel_failure_is_a_message(window, scripted, tmp_path: Path) -> None:
    panel = window.show_page("system").backups
    folder = panel.backups.folder
    folder.rmdir()
    folder.write_text("not a folder")
    panel.buttons["立即备份"].click()
    kind, title, text = scripted.messages[-1]
    assert (kind, title) == ("warning", "立即备份") and "同名的文件" in text
    assert "同名的文件" in panel.location.text() and panel.table.rowCount() == 0


# ----- 备份与恢复 off the GUI thread: progress dialog, 取消 ------------------------------

class HeldWork:
    """Holds the worker at its next look at 取消 once ``ready()`` holds (a partial file is
    on the disk), until the clerk has pressed 取消; meanwhile the test acts on the dialog
    through a GUI-thread timer, as a clerk would."""

    def __init__(self, monkeypatch, ready) -> None:
        import threading

        from app.db import backup
        from app.db.watch import Watch

        self.ready = ready
        self.held = threading.Event()
        self.seen: dict[str, Any] = {}
        real = Watch.check

        def check(watch: Watch) -> None:
            if threading.current_thread() is not threading.main_thread() and self.ready():
                self.held.set()
                deadline = time.monotonic() + 10
                while not watch.cancelled() and time.monotonic() < deadline:
                    time.sleep(0.01)
            real(watch)

        monkeypatch.setattr(Watch, "check", check)
        monkeypatch.setattr(backup, "COPY_PAGES", 1)  # a page at a time: many looks at 取消

    def cancel_when_held(self, window) -> None:
        """Press 取消 on the progress dialog once the worker is held there."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from ui.framework.background import ProgressDialog

        def look() -> None:
            dialogs = [d for d in window.findChildren(ProgressDialog) if d.isVisible()]
            if not (self.held.is_set() and dialogs):
                QTimer.singleShot(20, look)
                return
            dialog = dialogs[0]
            self.seen.update(modal=QApplication.activeModalWidget() is dialog,
                             modality=dialog.windowModality(), label=dialog.labelText())
            dialog.cancel_button.click()  # what a clerk does: 取消
            self.seen["after_click"] = (dialog.isVisible(), dialog.labelText())

        QTimer.singleShot(0, look)


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("zxlz-2"))


def test_backup_now_runs_in_a_worker_and_cancel_leaves_no_file(window, scripted,
                                                               monkeypatch) -> None:
    from PySide6.QtCore import Qt

    panel = window.show_page("system").backups
    folder = panel.backups.folder
    held = HeldWork(monkeypatch, lambda: any(folder.glob("*.part")))
    held.cancel_when_held(window)
    panel.buttons["立即备份"].click()
    # the dialog was up, modal to the window, while the GUI thread kept running (the timer)
    assert held.seen["modal"] and held.seen["modality"] == Qt.WindowModality.WindowModal
    assert held.seen["label"] == "正在复制数据库……"
    assert held.seen["after_click"] == (True, "正在取消……")  # up until the work stopped
    assert scripted.messages[-1] == ("info", "立即备份", "已取消备份，没有留下任何文件。")
    assert list(folder.iterdir()) == [] and panel.table.rowCount() == 0

    monkeypatch.undo()
    panel.buttons["立即备份"].click()  # the next one goes through
    assert scripted.messages[-1][:2] == ("info", "立即备份")
    assert panel.table.rowCount() == 1 and _parts(folder) == []


def test_copy_to_cancelled_leaves_nothing_in_the_target_folder(window, scripted, tmp_path,
                                                               monkeypatch) -> None:
    panel = window.show_page("system").backups
    panel.buttons["立即备份"].click()
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(window.dialogs, "choose_folder", lambda _title: usb)
    held = HeldWork(monkeypatch, lambda: any(usb.glob("*.part")))
    held.cancel_when_held(window)
    panel.table.selectRow(0)
    panel.buttons["复制到…"].click()
    assert held.seen["label"] == f"正在复制到“{usb}”……" and held.seen["modal"]
    assert scripted.messages[-1] == ("info", "复制到…",
                                     "已取消复制，目标文件夹中没有留下任何文件。")
    assert list(usb.iterdir()) == []


def test_restore_cancelled_before_the_switch_changes_nothing(window, scripted,
                                                             monkeypatch) -> None:
    db = window.db
    _add_term(db, 9)
    panel = window.show_page("system").backups
    panel.buttons["立即备份"].click()
    _add_term(db, 10)
    folder = panel.backups.folder
    before = sorted(p.name for p in folder.iterdir())
    restoring = list(db.file_path.parent.glob("*.restoring"))
    held = HeldWork(monkeypatch, lambda: any(db.file_path.parent.glob("*.restoring")))
    held.cancel_when_held(window)
    panel.table.selectRow(0)
    panel.buttons["从备份恢复"].click()
    assert held.seen["modal"] and held.seen["label"] == "正在复制备份中的数据……"
    assert scripted.messages[-1] == ("info", "从备份恢复",
                                     "已取消恢复：数据库没有改动，也没有留下任何文件。")
    assert _terms(db) == 2  # the database as it was, and open
    assert sorted(p.name for p in folder.iterdir()) == before  # no 恢复前 backup, no .part
    assert list(db.file_path.parent.glob("*.restoring")) == restoring == []


def test_the_last_step_of_a_restore_cannot_be_cancelled(window, scripted,
                                                        monkeypatch) -> None:
    """The dialog says so and greys 取消 out; pressing it (or Esc) then changes nothing:
    the restore completes, keeps its safety copy and every page refreshes."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import app.db.restore as restore
    from ui.framework.background import ProgressDialog

    db = window.db
    _add_term(db, 9)
    system = window.show_page("system")
    panel = system.backups
    panel.buttons["立即备份"].click()
    _add_term(db, 10)
    switching = threading.Event()
    looked = threading.Event()
    real_move = restore.move_into_place

    def move(part: Path, target: Path) -> None:  # the worker, at the switch: wait for a look
        switching.set()
        looked.wait(10)
        real_move(part, target)

    monkeypatch.setattr(restore, "move_into_place", move)
    seen: dict[str, Any] = {}

    def look() -> None:
        dialogs = [d for d in window.findChildren(ProgressDialog) if d.isVisible()]
        if not (switching.is_set() and dialogs and not dialogs[0].cancellable):
            QTimer.singleShot(20, look)
            return
        dialog = dialogs[0]
        button = dialog.cancel_button
        seen.update(label=dialog.labelText(), enabled=button.isEnabled(), text=button.text())
        button.click()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()  # the window's ✕
        seen["still_up"] = dialog.isVisible() and QApplication.activeModalWidget() is dialog
        looked.set()

    from PySide6.QtCore import Qt

    QTimer.singleShot(0, look)
    panel.table.selectRow(0)
    panel.buttons["从备份恢复"].click()
    assert seen == {"label": "正在替换数据库文件（这一步不能取消）……", "enabled": False,
                    "text": "不能取消", "still_up": True}
    kind, title, text = scripted.messages[-1]
    assert (kind, title) == ("info", "从备份恢复") and "恢复前的数据库已另存为" in text
    assert _terms(db) == 1
    assert {row.kind for row in panel.rows} == {"手动", "恢复前"}
