"""Ctrl+K (global search popup, keyboard-driven), F1 (the guide at the current page's section)
and 帮助 → 关于, through the real main window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import create_engine

from app import __version__
from app.db.engine import Database
from app.services.members import MemberService
from app.services.proposals import ProposalService
from app.services.terms import TermService
from ui.about import database_text
from ui.help import guide_text, section_titles


def _world(db, actor) -> dict[str, int]:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2020-01-01"}).value
    members = MemberService(db)
    zhang = members.create(actor, {"name": "张琳", "seat": {"term_id": term.id}}).value
    zhao = members.create(actor, {"name": "赵磊", "seat": {"term_id": term.id}}).value
    proposal = ProposalService(db).create(actor, {
        "term_id": term.id, "title": "关于改善农村道路的建议", "type": "个人",
        "lead_member_id": zhang.id, "submitted_on": "2024-03-02"}).value
    return {"zhang": zhang.id, "zhao": zhao.id, "proposal": proposal.id,
            "number": proposal.number}


def _ctrl_k(qtbot, window):
    window.show_page("members")
    box = window.pages["members"].search
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = window.search_popup
    assert popup.isVisible()
    return popup


def _rows(popup) -> list[str]:
    return [popup.results.item(i).text() for i in range(popup.results.count())]


def test_ctrl_k_from_a_search_box_finds_a_member_by_initials_and_opens_it(
        qtbot, window, db, actor) -> None:
    ids = _world(db, actor)
    popup = _ctrl_k(qtbot, window)  # a line edit would take Ctrl+K on Linux: the popup wins
    assert popup.edit.hasFocus() or QApplication.focusWidget() is popup.edit
    qtbot.keyClicks(popup.edit, "zl")
    assert popup.wait_ready()
    rows = _rows(popup)  # zl: 张琳 (zhanglin) and 赵磊 (zhaolei), by surname strokes
    assert rows[0] == "委员" and "张琳" in rows[1] and "赵磊" in rows[2] and len(rows) == 3
    assert popup.results.currentRow() == 1  # the first hit, not the group header
    for key, row in ((Qt.Key.Key_Down, 2), (Qt.Key.Key_Down, 2), (Qt.Key.Key_Up, 1),
                     (Qt.Key.Key_Up, 1)):  # the header above the first hit is skipped
        qtbot.keyClick(popup.edit, key)
        assert popup.results.currentRow() == row
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    assert not popup.isVisible()
    members = window.pages["members"]
    assert window.stack.currentWidget() is members and members.current_id() == ids["zhang"]


class _GreedyEdit(QLineEdit):
    """A line edit taking every shortcut first, as Linux and macOS line edits take Ctrl+K
    (delete to the end of the line)."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        return super().event(event)


def test_ctrl_k_wins_over_a_line_edit_that_takes_every_shortcut(qtbot, window) -> None:
    """The keeper watches the focused widget (not the whole application): Ctrl+K still opens
    the popup from a line edit that would take it, and focus moving on moves the keeper."""
    window.show_page("members")
    page = window.pages["members"]
    greedy = _GreedyEdit(page)
    greedy.show()
    greedy.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is greedy)
    qtbot.keyClick(greedy, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_popup.isVisible()
    window.search_popup.close()
    assert not window.search_popup.isVisible()
    other = _GreedyEdit(page)
    other.show()
    other.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is other)
    event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_K,
                      Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(greedy, event)  # the old focus: no longer watched, takes it
    assert event.isAccepted()
    event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_K,
                      Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(other, event)  # the new focus: left to the shortcut
    assert not event.isAccepted()


def test_groups_and_a_proposal_opened_by_its_number(qtbot, window, db, actor) -> None:
    ids = _world(db, actor)
    popup = _ctrl_k(qtbot, window)
    popup.edit.setText("道路")
    assert popup.wait_ready()
    assert _rows(popup)[0] == "提案" and "关于改善农村道路的建议" in _rows(popup)[1]
    assert "第001号" in _rows(popup)[1]
    popup.edit.setText(str(ids["number"]))
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)  # before the delay is over: searches first
    assert not popup.isVisible()
    proposals = window.pages["proposals"]
    assert window.stack.currentWidget() is proposals and proposals.current_id() == ids["proposal"]


def test_escape_closes_and_nothing_found_says_so(qtbot, window, db, actor) -> None:
    _world(db, actor)
    popup = _ctrl_k(qtbot, window)
    popup.edit.setText("找不到的内容")
    assert popup.wait_ready()
    assert popup.results.count() == 0 and "没有找到含“找不到的内容”" in popup.note.text()
    qtbot.keyClick(popup.edit, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert window.stack.currentWidget() is window.pages["members"]


def test_f1_opens_the_guide_at_the_current_page(qtbot, window, scripted) -> None:
    shown = {}

    def look(dialog) -> bool:
        dialog.show()
        QApplication.processEvents()
        shown["title"] = dialog.windowTitle()
        shown["top"] = dialog.heading_at_top()
        dialog.reject()
        return False

    window.show_page("proposals")
    scripted.then(look)
    qtbot.keyClick(window.pages["proposals"].table, Qt.Key.Key_F1)
    assert scripted.handlers == []
    assert shown == {"title": "使用说明 — 提案", "top": "提案"}


def test_the_guide_has_a_section_for_every_page(window) -> None:
    titles = section_titles(guide_text())
    assert "通用操作" in titles
    assert [e.title for e in window.entries if e.title not in titles] == []
    assert "Ctrl+K" in guide_text() and "待办" in guide_text()
    rendered = QTextDocument()
    rendered.setMarkdown(guide_text())
    assert "**" not in rendered.toPlainText()  # every bold mark parsed, none shown as text


def test_about_shows_versions_and_locations_and_copies_them(window, db, scripted) -> None:
    seen = {}

    def look(dialog) -> bool:
        dialog.copy_button.click()
        seen["text"] = dialog.text.toPlainText()
        seen["clipboard"] = QApplication.clipboard().text()
        return False

    scripted.then(look)
    window.findChild(type(window.menuBar().actions()[0]), "aboutAction").trigger()
    text = seen["text"]
    assert seen["clipboard"] == text
    assert __version__ in text and str(db.file_path) in text
    assert "日志文件夹：" in text and "数据文件夹：" in text and "Python 3." in text
    assert "Qt 6." in text


def test_about_names_a_server_without_its_password() -> None:
    url = "postgresql+psycopg://zxlz:secret@db.example:55432/zxlz_county"
    text = database_text(Database(url, create_engine(url)))
    assert text == "PostgreSQL 服务器 db.example:55432，数据库 zxlz_county，用户 zxlz"
    assert "secret" not in text


def test_a_failed_search_says_so_without_a_traceback(qtbot, window, monkeypatch) -> None:
    import ui.search_popup as popup_module

    def broken(db, text):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(popup_module, "global_search", broken)
    popup = _ctrl_k(qtbot, window)
    popup.edit.setText("张")
    assert popup.wait_ready()
    assert popup.note.text() == "搜索没有完成（出现意外错误，详情已写入日志）。请稍后再试。"
    assert popup.results.count() == 0


def test_closing_the_window_waits_for_a_running_search(qtbot, window, monkeypatch) -> None:
    import threading

    import ui.search_popup as popup_module

    entered, gate, finished = threading.Event(), threading.Event(), threading.Event()

    def slow(db, text):
        entered.set()
        gate.wait(5)
        finished.set()
        return []

    monkeypatch.setattr(popup_module, "global_search", slow)
    popup = _ctrl_k(qtbot, window)
    popup.edit.setText("张")
    popup.search_now()
    assert entered.wait(5)  # the search is running on the worker thread
    threading.Timer(0.3, gate.set).start()
    window.close()  # before the database goes: the search has ended, nothing runs on
    assert finished.is_set() and popup.loader.pool.activeThreadCount() == 0
    assert not popup.isVisible()
