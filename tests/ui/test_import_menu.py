"""提案 (and the other pages with more than two import/template actions) fold them into one 导入
menu button; it opens from the keyboard, each entry does what its button did, a read-only
user gets the 导入 entries greyed out (the templates stay), and pages with one pair keep plain
buttons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QToolButton

from ui.framework.data_menu import folds, menu_text


def test_proposals_toolbar_has_one_import_menu(window: Any, tmp_path: Path) -> None:
    page = window.show_page("proposals")
    button = page.findChild(QToolButton, "button_导入菜单")
    assert button is page.import_menu_button and button.text() == "导入"
    menu = button.menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["导入提案…", "下载提案导入模板…", "导入领导批示…", "下载领导批示导入模板…",
                     "导入提案督办…", "下载提案督办导入模板…"]
    assert sum(a.isSeparator() for a in menu.actions()) == 2  # one group per kind
    assert all(a.toolTip() for a in menu.actions() if not a.isSeparator())
    # the folded entries are no longer buttons of their own; 打印表格 still is
    assert set(page.data_action_buttons) == {"打印表格"}
    assert not [b for b in page.findChildren(QPushButton) if b.text().startswith("下载")]
    assert page.data_actions["下载导入模板"].objectName() == "action_下载导入模板"
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    window.dialogs.open_path = lambda path: None
    page.data_actions["下载导入模板"].trigger()  # the same action the button ran
    assert (tmp_path / "提案导入模板.xlsx").exists()


def test_the_import_menu_opens_from_the_keyboard(window: Any, qtbot: Any) -> None:
    page = window.show_page("proposals")
    button = page.import_menu_button
    assert button.focusPolicy() == Qt.FocusPolicy.StrongFocus
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    seen: list[str] = []

    def look() -> None:  # the menu runs its own event loop while it is open
        popup = QApplication.activePopupWidget()
        seen.append(popup.objectName() if isinstance(popup, QMenu) else "")
        if popup is not None:
            popup.close()

    QTimer.singleShot(50, look)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["importMenu"]


def test_a_reader_gets_the_imports_greyed_out_but_not_the_templates(
        qtbot: Any, db: Any, reader: Any, tmp_path: Path) -> None:
    from ui.main_window import MainWindow
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "ro.ini"), QSettings.Format.IniFormat))
    win = MainWindow(db, reader, settings=settings)
    qtbot.addWidget(win)
    page: Any = win.show_page("proposals")
    actions = page.data_actions
    assert not actions["导入"].isEnabled() and not actions["导入提案督办"].isEnabled()
    assert "只读" in actions["导入领导批示"].toolTip()
    assert actions["下载导入模板"].isEnabled() and actions["下载提案督办导入模板"].isEnabled()


def test_pages_with_one_pair_keep_plain_buttons(window: Any) -> None:
    page = window.show_page("members")
    assert page.import_menu_button is None and page.data_actions == {}
    assert {"导入", "下载导入模板", "打印表格"} <= set(page.data_action_buttons)
    assert not folds(["导入", "下载导入模板", "打印表格"])
    assert folds(["导入", "下载导入模板", "导入领导批示"])
    assert menu_text("导入", "提案") == "导入提案…"
    assert menu_text("下载导入模板", "提案") == "下载提案导入模板…"
    assert menu_text("导入领导批示", "提案") == "导入领导批示…"
