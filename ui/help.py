"""F1: the Chinese guide (``resources/help/guide.md``, bundled with the program) in a dialog,
opened at the current page's section (a ``## 页面名`` heading)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.text._resources import resources_dir

SEARCH_SHORTCUT = "Ctrl+K"  # 全局搜索 (ui.search_popup)
GENERAL = "通用操作"  # the section shown for a page without one of its own


def guide_path() -> Path:
    return resources_dir() / "help" / "guide.md"


def guide_text() -> str:
    """The guide's markdown; a short note if the file is missing from a broken installation."""
    try:
        return guide_path().read_text(encoding="utf-8")
    except OSError:
        return (f"# 使用说明\n\n没有找到使用说明文件（{guide_path()}）。"
                "请重新安装本程序，或查看程序目录中的 README。\n")


def section_titles(markdown: str) -> list[str]:
    """The ``## `` headings of the guide, in order."""
    return [line[3:].strip() for line in markdown.splitlines() if line.startswith("## ")]


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None, section: str) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(f"使用说明 — {section}")
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenExternalLinks(False)
        text = guide_text()
        self.browser.setMarkdown(text)
        self.section = section if section in section_titles(text) else GENERAL
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[arg-type]
        self.scroll_to_section()

    def scroll_to_section(self) -> bool:
        """Put the section's heading at the top of the view; False if it is not there."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() == 2 and block.text().strip() == self.section:
                cursor = QTextCursor(block)
                self.browser.setTextCursor(cursor)
                top = self.browser.document().documentLayout().blockBoundingRect(block).top()
                self.browser.verticalScrollBar().setValue(int(top))
                return True
            block = block.next()
        return False

    def heading_at_top(self) -> str:
        """The text of the first block shown at the top of the view (tests)."""
        cursor = self.browser.cursorForPosition(self.browser.viewport().rect().topLeft())
        return cursor.block().text().strip()


def current_section(window: QWidget) -> str:
    """The title of the page shown in the main window (its section in the guide)."""
    entries = getattr(window, "entries", [])
    row = window.nav.currentRow() if hasattr(window, "nav") else -1  # type: ignore[attr-defined]
    return entries[row].title if 0 <= row < len(entries) else GENERAL


def show_help(window: QWidget, section: str | None = None) -> None:
    dialog = HelpDialog(window, section or current_section(window))
    try:
        window.dialogs.exec(dialog)  # type: ignore[attr-defined]
    finally:
        dialog.deleteLater()


def show_about(window: QWidget) -> None:
    from ui.about import AboutDialog

    dialog = AboutDialog(window, window.db)  # type: ignore[attr-defined]
    try:
        window.dialogs.exec(dialog)  # type: ignore[attr-defined]
    finally:
        dialog.deleteLater()


def install_help_menu(window: QMainWindow) -> None:
    """The 帮助 menu: 使用说明 (F1, at the current page), 全局搜索 (Ctrl+K), 关于. Part of the
    window's frame: F1, 全局搜索 and 关于 wait until the database is open (``attach``)."""
    menu = window.menuBar().addMenu("帮助(&H)")
    guide = menu.addAction("使用说明（当前页面）")
    guide.setObjectName("helpAction")
    window.help_action = guide  # type: ignore[attr-defined]  # F1: ``install_help_key``
    guide.triggered.connect(lambda: show_help(window))
    search = menu.addAction(f"全局搜索…\t{SEARCH_SHORTCUT}")
    search.setObjectName("searchAction")
    search.triggered.connect(lambda: _when_attached(
        window, lambda: window.search_popup.popup()))  # type: ignore[attr-defined]
    menu.addSeparator()
    about = menu.addAction("关于…")
    about.setObjectName("aboutAction")
    about.triggered.connect(lambda: _when_attached(window, lambda: show_about(window)))


def install_help_key(window: QMainWindow) -> None:
    """F1 for 使用说明, once the window is signed in (``MainWindow.attach``). As a list of one
    sequence named as text: ``Qt.Key``, and ``setShortcut`` itself (its overloads), make PySide
    create the ``Qt`` namespace's ~100 enums (15–20 ms of CPU), which the window paints
    without, framed and signed in (issue 15)."""
    window.help_action.setShortcuts([QKeySequence("F1")])  # type: ignore[attr-defined]


def _when_attached(window: QWidget, then: Callable[[], object]) -> None:
    if getattr(window, "is_attached", True):
        then()
