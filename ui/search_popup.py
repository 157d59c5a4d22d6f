"""Ctrl+K: one search box over members, proposals, 社情民意 and events, wherever focus is.

Type; the matches appear grouped (委员 / 提案 / 社情民意 / 会议活动, a few of each); ↓/↑ move
through them, Enter opens the record on its page, Esc closes. The search (``app.services.
search``) runs on a worker thread a moment after the last keystroke, and only the answer to
the newest text is shown, so typing never waits for the database.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.engine import Database
from app.errors import AppError
from ui.framework.loader import LatestLoader
from ui.help import SEARCH_SHORTCUT as SHORTCUT
from ui.theme import text_style

if TYPE_CHECKING:  # the search service imports the models: loaded with the first search, so
    from app.services.search import SearchGroup  # the window signs in without them (issue 15)

# ``Qt`` (PySide makes its ~100 enums on its first import, ~16 ms of CPU) is imported where it
# is used: the window installs Ctrl+K before its signed-in paint, and the popup itself is built
# on first use (issue 15).

log = logging.getLogger(__name__)
DELAY_MS = 150  # wait this long after a keystroke before searching
TARGET = 0x0100  # Qt.ItemDataRole.UserRole: (page, id) of a hit; None on group headers
HINT = "输入姓名（或拼音、拼音首字母）、提案案由或编号、社情民意标题或登记号、会议活动名称"


def global_search(db: Database, text: str) -> list[SearchGroup]:
    """``app.services.search.global_search``, imported with the first search (see above)."""
    from app.services.search import global_search as search

    return search(db, text)


class SearchPopup(QFrame):
    """The popup; ``open_record(page, id)`` is called with the record chosen."""

    def __init__(self, parent: QWidget, db: Database, open_record: Any) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.db = db
        self.open_record = open_record
        self.searched = ""  # the text whose results are shown
        self.edit = QLineEdit()
        self.edit.setObjectName("searchEdit")
        self.edit.setPlaceholderText("搜索委员、提案、社情民意、会议活动……")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.itemActivated.connect(self._activate)
        self.results.installEventFilter(self)
        self.note = QLabel(HINT)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(text_style("hint"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.search_now)
        self.edit.textChanged.connect(lambda _t: self.timer.start())
        self.loader = LatestLoader(self)
        self.loader.loaded.connect(self._show)
        self.loader.failed.connect(self._failed)
        self.resize(560, 440)

    # ----- showing -------------------------------------------------------------------
    def popup(self) -> None:
        """Show centred near the top of the main window, the box focused and its text
        selected (typing replaces the last search, ↓ goes back to its results)."""
        host = self.parentWidget()
        if host is not None:
            top = host.mapToGlobal(host.rect().topLeft())
            width = min(560, max(360, host.width() - 40))
            height = min(440, max(240, host.height() - 80))
            self.resize(width, height)
            self.move(top.x() + (host.width() - width) // 2, top.y() + 40)
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()
        self.edit.selectAll()

    def search_now(self) -> None:
        """Search for the box's text on the worker thread (the newest text wins)."""
        self.timer.stop()
        text = self.edit.text().strip()
        db = self.db
        self.loader.request(lambda _stale: (text, global_search(db, text)))

    def wait_ready(self, timeout_ms: int = 10000) -> bool:
        """Search now and wait for the answer (tests)."""
        if self.timer.isActive():
            self.search_now()
        return self.loader.wait(timeout_ms)

    def _failed(self, error: BaseException) -> None:
        log.error("全局搜索失败", exc_info=error)  # the details go to the log file
        self.note.setText(f"搜索没有完成：{error}" if isinstance(error, AppError)
                          else "搜索没有完成（出现意外错误，详情已写入日志）。请稍后再试。")

    def _show(self, answer: tuple[str, list[SearchGroup]]) -> None:
        from PySide6.QtCore import Qt

        from app.services.search import LIMIT

        text, groups = answer
        self.searched = text
        self.results.clear()
        bold = QFont(self.results.font())
        bold.setBold(True)
        for group in groups:
            header = QListWidgetItem(group.label + (f"（只列出前{LIMIT}条，请多输入几个字缩小范围）"
                                                    if group.more else ""))
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            self.results.addItem(header)
            for hit in group.hits:
                item = QListWidgetItem(f"　{hit.title}" + (f"　—　{hit.detail}" if hit.detail
                                                          else ""))
                item.setData(TARGET, (group.page, hit.id))
                item.setToolTip(f"{group.label}：{hit.title}")
                self.results.addItem(item)
        if not text:
            self.note.setText(HINT)
        elif not groups:
            self.note.setText(f"没有找到含“{text}”的委员、提案、社情民意或会议活动。")
        else:
            self.note.setText("↓↑ 选择，Enter 打开，Esc 关闭。")
        self._step(1, from_row=-1)

    # ----- keyboard ------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress:
            from PySide6.QtCore import Qt

            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(watched, event)

    def _step(self, direction: int, from_row: int | None = None) -> None:
        """Select the next (or previous) hit, skipping the group headers."""
        row = self.results.currentRow() if from_row is None else from_row
        row += direction
        while 0 <= row < self.results.count():
            if self.results.item(row).data(TARGET) is not None:
                self.results.setCurrentRow(row)
                return
            row += direction

    def open_current(self) -> None:
        """Enter: open the selected hit; typed too fast for the results, search first."""
        if self.timer.isActive() or self.loader.busy \
                or self.searched != self.edit.text().strip():
            self.wait_ready()
        item = self.results.currentItem()
        if item is not None:
            self._activate(item)

    def _activate(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET)
        if target is None:
            return
        self.close()
        page, record_id = target
        self.open_record(page, record_id)


class _KeepCtrlK(QObject):
    """Line edits on Linux and macOS take Ctrl+K (delete to the end of the line) before any
    shortcut; this keeps it for the search, so it works wherever focus is. It also stops the
    popup's background search when the window closes (before the database is closed).

    It watches the window and whichever widget has the focus (the one that gets the key), not
    the whole application: an application-wide filter would put a Python call on each of the
    thousand-odd events of building a page (issue 15)."""

    def __init__(self, window: QWidget, popup: Callable[[], SearchPopup | None]) -> None:
        """``popup``: the popup if it has been built (it is built on first use)."""
        super().__init__(window)
        self.window, self.popup = window, popup
        self.focused: QWidget | None = None
        window.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.follow_focus)
            self.follow_focus(None, app.focusWidget())

    def follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.focused is not None:
            with contextlib.suppress(RuntimeError):  # already deleted
                self.focused.removeEventFilter(self)
        self.focused = new
        if new is not None and new is not self.window:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if (kind == QEvent.Type.ShortcutOverride
                and QKeySequence(event.keyCombination()) == QKeySequence(SHORTCUT)):  # type: ignore[attr-defined]
            event.ignore()
            return True  # not taken by the widget: the shortcut map gets it
        if kind == QEvent.Type.Close and watched is self.window:
            popup = self.popup()
            if popup is not None:
                popup.close()
                popup.loader.shut_down()
        return False


class SearchKey(QObject):
    """Ctrl+K in ``window``: the shortcut now, the popup on first use (``popup``), then kept."""

    def __init__(self, window: QWidget, db: Database, open_record: Any) -> None:
        super().__init__(window)  # a child of the window: goes with it
        self.window, self.db, self.open_record = window, db, open_record
        self.built: SearchPopup | None = None
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), window)  # (context: the window)
        self.shortcut.activated.connect(lambda: self.popup().popup())
        _KeepCtrlK(window, lambda: self.built)

    def popup(self) -> SearchPopup:
        if self.built is None:
            self.built = SearchPopup(self.window, self.db, self.open_record)
            self.built.shortcut = self.shortcut  # type: ignore[attr-defined]
        return self.built


def install_search(window: QWidget, db: Database, open_record: Any) -> SearchKey:
    """Ctrl+K in ``window`` opens the search popup (made on first use, kept between uses)."""
    return SearchKey(window, db, open_record)


def install_global_search(window: Any) -> SearchKey:
    """Ctrl+K over the main window's database, once it is open (``MainWindow.attach``); the
    帮助 menu's 全局搜索 opens the same popup (``window.search_popup``)."""
    key = install_search(window, window.db,
                         lambda page, record_id: window.navigate(page, id=record_id))
    window.search_key = key
    return key
