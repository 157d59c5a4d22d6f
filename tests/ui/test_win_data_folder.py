"""系统设置 → 数据文件夹: the move from the client, its questions, and the program closing."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from app import config
from app.db.engine import Database
from app.domain.enums import UserRole
from app.services.context import Actor
from app.services.opening import open_database


@pytest.fixture
def home_window(qtbot, scripted, tmp_path: Path) -> Iterator[Any]:
    """The main window on the default database in the data folder (``ZXLZ_HOME``)."""
    from ui.main_window import MainWindow
    from ui.settings import Settings

    db: Database = open_database(config.default_db_path())
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = MainWindow(db, Actor("tester", UserRole.ADMIN, "测试员"), settings=settings)
    scripted.install(win.dialogs)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    db.dispose()


def _panel(window: Any) -> Any:
    system = window.show_page("system")
    system.tabs.setCurrentWidget(system.data_folder)
    return system.data_folder


def test_the_panel_shows_where_the_data_is(home_window: Any) -> None:
    panel = _panel(home_window)
    assert str(config.data_dir()) in panel.location.text()
    assert panel.warning.isHidden()


def test_moving_from_the_client_copies_switches_and_closes(home_window: Any, scripted,
                                                           tmp_path: Path) -> None:
    panel = _panel(home_window)
    target = tmp_path / "D盘" / "政协资料"
    home_window.dialogs.choose_folder = lambda _title: target
    asked: list[str] = []
    home_window.dialogs.confirm = lambda _t, text: asked.append(text) or True
    panel.move_button.click()
    assert len(asked) == 1 and str(target) in asked[0]
    ((kind, title, text),) = scripted.messages
    assert (kind, title) == ("info", "移动数据文件夹") and "程序现在关闭" in text
    assert not home_window.isVisible()  # closed: nothing more goes to the old place
    assert config.data_dir() == target.resolve()
    con = sqlite3.connect(target / "zxlz.sqlite")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_a_sync_folder_is_named_and_no_keeps_everything(home_window: Any, scripted,
                                                        tmp_path: Path) -> None:
    panel = _panel(home_window)
    target = tmp_path / "OneDrive - 某县政协" / "数据"
    home_window.dialogs.choose_folder = lambda _title: target
    asked: list[str] = []
    home_window.dialogs.confirm = lambda _t, text: asked.append(text) or False
    panel.move_button.click()
    assert len(asked) == 1 and "OneDrive" in asked[0] and "同步" in asked[0]
    assert scripted.messages == [] and not target.exists()
    assert not config.pointer_file().exists() and home_window.isVisible()


def test_a_refused_target_is_a_message(home_window: Any, scripted) -> None:
    panel = _panel(home_window)
    home_window.dialogs.choose_folder = lambda _title: config.data_dir() / "里面"
    panel.move_button.click()
    ((kind, _title, text),) = scripted.messages
    assert kind == "warning" and "里面" in text and home_window.isVisible()


def test_the_current_folder_in_onedrive_is_warned_about(home_window: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OneDrive", os.path.dirname(str(config.data_dir())))
    panel = _panel(home_window)
    panel.reload()
    assert not panel.warning.isHidden() and "OneDrive" in panel.warning.text()


def test_only_administrators_may_move(qtbot, db, tmp_path: Path) -> None:
    from ui.main_window import MainWindow
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win = MainWindow(db, Actor("clerk", UserRole.CLERK, "录入员"), settings=settings)
    qtbot.addWidget(win)
    panel = win.show_page("system").data_folder
    assert not panel.move_button.isEnabled() and "管理员" in panel.move_button.toolTip()
    win.close()
