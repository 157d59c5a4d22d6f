"""委员 page through the real main window: create, edit, search, filter, sort, delete, restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services.members import MemberService
from app.services.terms import CommitteeService, TermService
from tests.versions import now


def names(page) -> list[str]:
    return [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]


def fill(dialog, **values) -> None:
    for name, value in values.items():
        widget = dialog.inputs[name].widget
        if hasattr(widget, "setText"):
            widget.setText(value)
        else:
            widget.setCurrentIndex(widget.findText(value))


def save_with(**values):
    def handler(dialog) -> bool:
        fill(dialog, **values)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted
    return handler


def test_create_edit_search_filter_sort_delete_restore(window, scripted, qtbot, db, actor
                                                      ) -> None:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    CommitteeService(db).update(actor, {"current_term_id": term.id},
                                version=now(CommitteeService(db)))
    page = window.show_page("members")
    assert page.filter_boxes["term_id"].currentData() == term.id  # opens on the current term
    for name in ("田大利", "王芳", "田富"):
        MemberService(db).create(actor, {"name": name, "seat": {"term_id": term.id}})
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)

    scripted.then(save_with(**{"name": "张琳", "party": "民盟", "id_number": "11010519491231002X",
                               "seat.sector_id": "中共"}))
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert names(page) == ["王芳", "田富", "田大利", "张琳"]  # 按姓氏笔画, 田富 before 田大利
    created = MemberService(db).get(page.current_id())
    assert created.name == "张琳" and created.gender.label == "女"  # filled from the ID
    assert created.terms[0].term_id == term.id

    scripted.then(save_with(work_unit_post="示范县人民医院院长"))
    page.edit_current()
    assert MemberService(db).get(created.id).work_unit_post == "示范县人民医院院长"

    qtbot.keyClicks(page.search, "zl")
    qtbot.waitUntil(lambda: names(page) == ["张琳"])
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)

    party = page.filter_boxes["party"]
    party.setCurrentIndex(party.findText("民盟"))
    assert names(page) == ["张琳"]
    party.setCurrentIndex(0)

    page.select_id(created.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.bin_toggle.setChecked(True)
    assert names(page) == ["张琳"]
    page.table.selectAll()
    page.restore_button.click()
    page.bin_toggle.setChecked(False)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)


def test_validation_error_keeps_the_dialog_open_with_the_message_at_the_field(
        window, scripted, db) -> None:
    page = window.show_page("members")
    seen = {}

    def handler(dialog) -> bool:
        fill(dialog, name="张琳", id_number="11010519491231002Y")
        dialog.accept()
        seen["visible_error"] = dialog.errors["id_number"].text()
        seen["hidden"] = dialog.errors["id_number"].isHidden()
        seen["result"] = dialog.result()
        seen["name_error_hidden"] = dialog.errors["name"].isHidden()
        return False

    scripted.then(handler)
    page.open_editor(None)
    assert "校验位" in seen["visible_error"] and not seen["hidden"]
    assert seen["result"] == QDialog.DialogCode.Rejected  # still open, nothing accepted
    assert seen["name_error_hidden"]
    assert MemberService(db).count() == 0


def test_sorting_by_a_column_header_and_the_detail_pane(window, qtbot, db, actor) -> None:
    page = window.show_page("members")
    for name, birth in (("王芳", "1980-01-01"), ("丁一", "1970-01-01")):
        MemberService(db).create(actor, {"name": name, "birth_date": birth})
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert names(page) == ["丁一", "王芳"]
    birth_column = next(i for i, c in enumerate(page.model.columns) if c.key == "birth")
    page.table.horizontalHeader().sectionClicked.emit(birth_column)
    assert names(page) == ["丁一", "王芳"]
    page.table.horizontalHeader().sectionClicked.emit(birth_column)
    assert names(page) == ["王芳", "丁一"]
    page.select_id(page.model.id_at(0))
    assert "王芳" in page.detail.toPlainText()


def test_pinyin_order_and_layout_survive_a_restart(window, qtbot, db, actor, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    from app.services.context import Actor
    from ui.main_window import MainWindow
    from ui.settings import Settings

    page = window.show_page("members")
    for name in ("曾国藩", "阿布", "张琳"):
        MemberService(db).create(actor, {"name": name})
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    # strokes: 张 and 阿 both 7, both start with 折; then 张 横(1) before 阿 竖(2); 曾 12
    assert names(page) == ["张琳", "阿布", "曾国藩"]
    page.sort_box.setCurrentIndex(page.sort_box.findData("pinyin"))
    assert names(page) == ["阿布", "曾国藩", "张琳"]  # a, zeng, zhang
    page.table.setColumnWidth(1, 123)
    window.close()
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    again = MainWindow(db, Actor("tester"), settings=settings)
    qtbot.addWidget(again)
    reopened = again.show_page("members")
    assert reopened.table.columnWidth(1) == 123
    assert again.nav.currentRow() == 1  # the page that was open last
