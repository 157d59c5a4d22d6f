"""A clerk's working day (issue 14, item 4) through the real window: Enter opens, Down moves
from the search box into the list, Tab goes search → list → detail, Ctrl+E works in the
search box, Ctrl+C copies the selected rows as TSV, the row menu, Alt+←/→ between linked
records, red field errors cleared once valid, the participants list's search, filter, sort."""

from __future__ import annotations

from itertools import groupby

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.domain.enums import Attendance
from app.errors import FieldProblem, ValidationError
from app.services.events import EventService
from app.services.refdata import EventKindService
from tests.ui.test_events_page import seated_members, select_rows


def _focus(window, widget) -> None:
    window.activateWindow()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QApplication.processEvents()


def test_search_down_enter_tab_and_ctrl_e(window, scripted, qtbot, db, actor) -> None:
    seated_members(db, actor)
    page = window.show_page("members")
    _focus(window, page.search)
    page.search.setText("王")  # (QTest cannot type CJK keys)
    page.reload()  # the debounced search, at once
    assert page.model.rowCount() == 3
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.current_id() is not None

    opened: list[str] = []
    scripted.then(lambda editor: opened.append(editor.windowTitle()) or False)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the row
    assert len(opened) == 1 and "王" in opened[0]

    _focus(window, page.search)
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.detail

    exported: list[str] = []  # 导出 asks what to export first: that question is the proof
    window.dialogs.ask_choice = lambda title, label, choices: exported.append(title)
    _focus(window, page.search)
    qtbot.keyClick(page.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == ["导出"]


def test_ctrl_c_copies_rows_as_tsv_and_the_row_menu(window, db, actor, qtbot,
                                                    tmp_path) -> None:
    seated_members(db, actor)
    page = window.show_page("members")
    select_rows(page.table, [0, 1])
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\r\n")
    assert lines[0].split("\t")[:2] == ["姓名", "性别"]
    names = [page.model.data(page.model.index(r, 0)) for r in (0, 1)]
    assert [line.split("\t")[0] for line in lines[1:3]] == names and lines[3] == ""
    assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines[1:3])

    rect = page.table.visualRect(page.model.index(1, 0))
    menu = page.habits.context_menu(rect.center())
    assert [a.text() for a in menu.actions() if a.text()] == [
        "编辑", "复制（Ctrl+C）", "导出所选…", "删除"]
    assert len(page.selected_ids()) == 2  # a right click inside the selection keeps it

    out = tmp_path / "所选.xlsx"
    window.dialogs.save_file = lambda *a: out
    next(a for a in menu.actions() if a.text() == "导出所选…").trigger()
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["姓名", *names]

    far = page.table.visualRect(page.model.index(5, 0)).center()
    page.habits.context_menu(far)  # outside the selection: that row alone
    assert len(page.selected_ids()) == 1


def test_alt_left_and_right_between_linked_records(window, db, actor, qtbot) -> None:
    from tests.ui.test_day_dossier import _member_with_two_years

    member_id, _titles = _member_with_two_years(db, actor)
    members = window.show_page("members")
    members.reveal(member_id)
    event_id = EventService(db).ids()[0]
    window.navigate("events", id=event_id)  # a link in the 履职档案
    events = window.pages[window.history.here()[0]]
    assert events is not members and events.current_id() == event_id
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.history.here() == ("members", member_id)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.history.here()[1] == event_id


def test_field_error_goes_once_the_field_is_valid(window, scripted, db) -> None:
    page = window.show_page("opinions")
    seen: dict[str, object] = {}

    def fill(editor) -> bool:
        editor.show_problems(ValidationError([
            FieldProblem("received_on", "收到日期", "2024-02-30", "不是有效的日期"),
            FieldProblem("title", "标题", "", "必须填写")], "社情民意"))
        date_error, title_error = editor.errors["received_on"], editor.errors["title"]
        assert not date_error.isHidden() and not title_error.isHidden()
        editor.inputs["received_on"].widget.setText("2024-02-31")  # still not a date
        seen["still"] = not date_error.isHidden()
        editor.inputs["received_on"].widget.setText("2024-02-28")
        editor.inputs["title"].widget.setText("关于……的建议")
        seen["cleared"] = date_error.isHidden() and title_error.isHidden()
        window.dialogs.confirm = lambda t, x: True
        editor.reject()
        return False

    scripted.then(fill)
    page.add_button.click()
    assert seen == {"still": True, "cleared": True}


def test_participants_search_filter_sort_and_counts(window, scripted, db, actor) -> None:
    member_ids = seated_members(db, actor)
    kind_id = EventKindService(db).ids()[0]
    rows = [{"member_id": m, "attendance": Attendance.PRESENT} for m in member_ids]
    rows[1]["attendance"] = Attendance.EXCUSED
    rows[2]["attendance"] = Attendance.ABSENT
    event = EventService(db).create(actor, {"title": "常委会议", "kind_id": kind_id,
                                            "start_on": "2025-03-01",
                                            "participants": rows}).value
    page = window.show_page("meetings")
    page.reveal(event.id)
    seen: dict[str, object] = {}

    def look(editor) -> bool:
        tab = next(t for t in editor.extras if t.key == "participants")
        shown = lambda: [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())  # noqa: E731
                         if not tab.table.isRowHidden(r)]
        seen["choices"] = [tab.show_only.itemText(i) for i in range(tab.show_only.count())]
        tab.show_only.setCurrentIndex(tab.show_only.findData(Attendance.EXCUSED))
        seen["excused"] = shown()
        seen["counts"] = tab.counts.text()
        tab.show_only.setCurrentIndex(0)
        tab.search.setText("王")
        seen["found"] = sorted(shown())
        tab.search.clear()
        tab.sort_by(0)  # (ascending in the locale's order: pinyin under zh_CN)
        ascending = shown()
        tab.sort_by(0)  # again: the other way
        seen["sorted"] = shown() == ascending[::-1] and len(set(ascending)) == 30
        tab.sort_by(2)  # by 出席情况: the inputs move with their rows
        seen["by_attendance"] = [tab.attendance_at(r) for r in range(tab.table.rowCount())]
        return False

    scripted.then(look)
    page.edit_current()
    assert seen["choices"] == ["全部（30）", "出席（28）", "请假（1）", "缺席（1）"]
    assert len(seen["excused"]) == 1 and "按条件显示 1 人" in seen["counts"]
    assert seen["found"] == sorted(["王伟", "王芳娟", "王强"]) and seen["sorted"] is True
    labels = [Attendance(a).label for a in seen["by_attendance"]]
    runs = [k for k, _g in groupby(labels)]  # each kind together (order: the locale's)
    assert sorted(runs) == sorted(["出席", "请假", "缺席"]) and labels.count("出席") == 28
