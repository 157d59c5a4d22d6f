"""表彰 page through the real window: a member's honour (member picker) and a unit's honour,
a refused save that keeps the editor open and writes nothing, edit, filters by year, level and
kind, the link to the member's 履职档案, delete and restore, and the model tester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog

from app.domain.enums import HonorLevel
from app.services.honors import HonorService
from app.services.members import MemberService
from app.services.terms import CommitteeService, TermService
from tests.ui.test_proposals_page import choose, pick


@pytest.fixture
def members(db, actor) -> dict[str, int]:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    committee = CommitteeService(db)
    committee.update(actor, {"current_term_id": term.id}, version=committee.get().version)
    return {n: MemberService(db).create(actor, {"name": n, "seat": {"term_id": term.id}})
            .value.id for n in ("张琳", "王芳")}


def cell(page, record_id: int, key: str) -> str:
    column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
    return page.model.data(page.model.index(page.model.row_of(record_id), column))


def fill(**values):
    """Answer the editor: type or choose each value, then save."""
    def handler(editor) -> bool:
        for name, value in values.items():
            widget = editor.inputs[name].widget
            if name == "member_id":
                editor.inputs[name].pick()  # → the member picker, scripted next
            elif name == "level":
                choose(widget, value)
            else:
                widget.setText(value)
        editor.accept()
        handler.editor = editor  # type: ignore[attr-defined]
        return editor.result() == QDialog.DialogCode.Accepted
    return handler


def set_filter(page, key: str, value) -> None:
    box = page.filter_boxes[key]
    box.setCurrentIndex(box.findData(value))


def test_member_and_unit_honours_through_the_window(members, window, scripted, db, qtbot,
                                                   qtmodeltester) -> None:
    page = window.show_page("honors")
    svc = HonorService(db)

    scripted.then(fill(member_id=True, title="全市优秀政协委员", level="市级",
                       awarded_on="2024-01-20", awarding_body="政协示范市委员会"))
    scripted.then(pick("张琳"))
    page.add_button.click()
    person = page.current_id()
    honor = svc.get(person)
    assert (honor.member_id, honor.title, honor.level, str(honor.awarded_on)) == (
        members["张琳"], "全市优秀政协委员", HonorLevel.CITY, "2024-01-20")
    assert cell(page, person, "recipient") == "张琳" and cell(page, person, "kind") == "委员"

    # neither a member nor a unit: refused at the field, the editor stays open, nothing written
    count = svc.count()
    refused = fill(title="先进集体", level="县级", awarded_on="2024-02-01")
    scripted.then(refused)
    page.add_button.click()
    editor = refused.editor  # type: ignore[attr-defined]
    assert editor.result() != QDialog.DialogCode.Accepted
    assert "须选择受表彰的委员，或填写受表彰单位" in editor.errors["member_id"].text()
    assert svc.count() == count

    scripted.then(fill(recipient="示范县政协办公室", title="全市社情民意信息工作先进单位",
                       level="市级", awarded_on="2023-12-28"))
    page.add_button.click()
    unit = page.current_id()
    assert svc.get(unit).member_id is None
    assert cell(page, unit, "recipient") == "示范县政协办公室"
    assert cell(page, unit, "kind") == "单位"

    # edit: the version the editor read goes with the save
    version = svc.get(person).version
    page.select_id(person)
    scripted.then(fill(title="全市优秀政协委员（2023年度）", level="省级"))
    page.edit_button.click()
    honor = svc.get(person)
    assert honor.version == version + 1 and honor.level == HonorLevel.PROVINCIAL
    assert cell(page, person, "title") == "全市优秀政协委员（2023年度）"

    # filters: year, level, kind
    set_filter(page, "year", None)
    assert set(page.model.ids()) == {person, unit}
    set_filter(page, "year", 2023)
    assert page.model.ids() == [unit]
    set_filter(page, "year", None)
    set_filter(page, "level", HonorLevel.PROVINCIAL)
    assert page.model.ids() == [person]
    set_filter(page, "level", None)
    set_filter(page, "recipient_kind", "unit")
    assert page.model.ids() == [unit]
    set_filter(page, "recipient_kind", None)
    qtmodeltester.check(page.model, force_py=True)

    # the detail pane names the member and links to the 委员 page (履职档案)
    page.select_id(person)
    html = page.detail.toHtml()
    assert "张琳" in html and "市级" not in html and "省级" in html
    page._link_clicked(QUrl(f"page:members?id={members['张琳']}"))
    assert window.stack.currentWidget() is window.pages["members"]
    assert window.pages["members"].current_id() == members["张琳"]

    # delete to the recycle bin and restore
    window.show_page("honors")
    page.select_id(unit)
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.model.ids() == [person])
    assert svc.get(unit, include_deleted=True).deleted_at is not None
    page.bin_toggle.setChecked(True)
    assert page.model.ids() == [unit]
    page.select_id(unit)
    page.restore_button.click()
    page.bin_toggle.setChecked(False)
    qtbot.waitUntil(lambda: set(page.model.ids()) == {person, unit})
    assert svc.get(unit).deleted_at is None


def test_honours_imported_through_the_page(members, window, scripted, db, tmp_path) -> None:
    """下载导入模板 writes the blank template; 导入 previews, then writes the rows."""
    from openpyxl import Workbook, load_workbook

    from tests.ui.test_import_wizard import run_wizard
    from ui.pages.import_wizard import DONE, PREVIEW

    template = tmp_path / "表彰导入模板.xlsx"
    window.dialogs.save_file = lambda *a: template
    window.dialogs.open_path = lambda *a: None
    page = window.show_page("honors")
    page.data_action_buttons["下载导入模板"].click()
    header = [c.value for c in next(load_workbook(template).active.iter_rows(min_row=2,
                                                                             max_row=2))]
    assert header[:4] == ["委员", "受表彰单位", "荣誉名称", "表彰级别"]

    wb = Workbook()
    ws = wb.active
    for row in (["姓名", "荣誉称号", "级别", "表彰时间"],
                ["张琳", "优秀政协委员", "县级", "2024年1月20日"],
                ["王芳", "全市三八红旗手", "市级", "2024-03-08"]):
        ws.append(row)
    path = tmp_path / "表彰.xlsx"
    wb.save(path)
    window.dialogs.open_file = lambda *a: path

    def steps(wizard) -> None:
        wizard.choose_button.click()
        assert wizard.stack.currentIndex() == PREVIEW
        assert wizard.counts() == {"create": 2, "update": 0, "skip": 0, "invalid": 0,
                               "undecided": 0}
        wizard.next_button.click()
        assert wizard.stack.currentIndex() == DONE
        wizard.next_button.click()

    run_wizard(window, scripted, "honors", steps)
    svc = HonorService(db)
    assert {(h.member_id, h.title) for h in svc.fetch(svc.ids())} == {
        (members["张琳"], "优秀政协委员"), (members["王芳"], "全市三八红旗手")}
    page.reload()
    assert page.model.rowCount() == 2
