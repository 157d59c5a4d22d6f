"""导入 Excel through the real window: preview, mapping, skip invalid, round trip, cancel."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from app.services.members import MemberService
from app.services.terms import CommitteeService, TermService
from app.text.idcard import check_character
from tests.versions import now
from ui.pages import import_wizard
from ui.pages.exchange_actions import FULL_EXPORT
from ui.pages.import_tables import split_message
from ui.pages.import_wizard import DONE, MAPPING, PREVIEW


def id_number(birth: str, sequence: int) -> str:
    first17 = f"140428{birth}{sequence:03d}"
    return first17 + check_character(first17)


def wrong_check(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


@pytest.fixture
def committee(db, actor) -> int:
    term = TermService(db).create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    CommitteeService(db).update(actor, {"current_term_id": term.id},
                                version=now(CommitteeService(db)))
    for name, birth, seq in (("张琳", "19750315", 2), ("李强", "19680501", 11)):
        MemberService(db).create(actor, {"name": name, "id_number": id_number(birth, seq),
                                         "seat": {"term_id": term.id}})
    return term.id


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def members(db) -> int:
    return len(MemberService(db).ids())


def cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def run_wizard(window, scripted, page_key: str, steps) -> None:
    """Open the page's 导入 and let ``steps(wizard)`` drive the dialog (never blocks)."""
    def handler(wizard) -> bool:
        steps(wizard)
        return True
    scripted.then(handler)
    page = window.show_page(page_key)
    page.data_action_buttons["导入"].click()


def test_a_messy_roster_is_previewed_refused_then_imported_without_the_bad_row(
        window, scripted, db, committee, tmp_path) -> None:
    bad = wrong_check(id_number("19800101", 31))
    path = workbook(tmp_path / "名册.xlsx", [
        ["示范县政协第十届委员会委员名册"],
        ["序号", "姓名", "性别", "出生年月", "身份证号"],
        [1, "孙  立", "男", "1975.03", id_number("19750301", 33)],
        [2, "周杰", "男", "1980.01", bad],
        [3, "吴凡", "女", "1975-3", id_number("19750317", 42)],
    ])
    window.dialogs.open_file = lambda *a: path
    opened: list[Path] = []
    window.dialogs.open_path = opened.append
    before = members(db)
    seen: dict[str, Any] = {}

    def steps(wizard) -> None:
        wizard.choose_button.click()
        assert wizard.stack.currentIndex() == PREVIEW
        table = wizard.problem_table
        rows = [cells(table, r) for r in range(table.rowCount())]
        (problem,) = [r for r in rows if r[0] == "4"]
        assert problem[1] == "身份证号" and problem[2] == bad and problem[3]
        assert wizard.counts() == {"create": 2, "update": 0, "skip": 0, "invalid": 1,
                                  "undecided": 0}
        assert "有问题 1 条" in wizard.summary_label.text()
        assert members(db) == before  # the preview writes nothing
        wizard.next_button.click()  # 开始导入 without ticking: refused, error book offered
        assert wizard.refused is not None and members(db) == before
        assert opened == [wizard.refused.error_book] and opened[0].exists()
        wizard.skip_invalid.setChecked(True)
        wizard.next_button.click()
        assert wizard.stack.currentIndex() == DONE
        seen["result"] = wizard.import_result
        assert "新增2条" in wizard.done_label.text()
        assert "备份" in wizard.done_label.text()
        wizard.next_button.click()  # 完成

    run_wizard(window, scripted, "members", steps)
    result = seen["result"]
    assert members(db) == before + 2 and len(result.rejected) == 1
    assert result.error_book is not None and result.error_book.exists()
    names = {m.name for m in MemberService(db).fetch(MemberService(db).ids())}
    assert {"孙立", "吴凡"} <= names and "周杰" not in names


def test_an_unknown_header_goes_through_the_mapping_step(window, scripted, db, committee,
                                                         tmp_path) -> None:
    path = workbook(tmp_path / "联络组.xlsx", [["代表人员", "性别", "联系地址"],
                                                ["马明", "男", "城关镇"]])
    window.dialogs.open_file = lambda *a: path

    def steps(wizard) -> None:
        wizard.choose_button.click()
        assert wizard.stack.currentIndex() == MAPPING
        assert "姓名" in wizard.mapping_hint.text()
        wizard.set_mapping("代表人员", "name")
        wizard.next_button.click()  # 按所选重新检查
        assert wizard.stack.currentIndex() == PREVIEW
        assert wizard.counts()["create"] == 1
        wizard.next_button.click()
        assert wizard.stack.currentIndex() == DONE

    run_wizard(window, scripted, "members", steps)
    assert "马明" in {m.name for m in MemberService(db).fetch(MemberService(db).ids())}

    def again(wizard) -> None:  # the same layout next time: mapped by itself
        wizard.choose_button.click()
        assert wizard.stack.currentIndex() == PREVIEW
        # the name alone is no key: the clerk is asked whether it is the same 马明
        assert wizard.counts() == {"create": 0, "update": 0, "skip": 0, "invalid": 0,
                                   "undecided": 1}
        wizard.reject()

    run_wizard(window, scripted, "members", again)


def test_full_record_export_imports_back_without_a_change(window, scripted, db, committee,
                                                          tmp_path) -> None:
    page = window.show_page("members")
    out = tmp_path / "委员-完整记录.xlsx"
    window.dialogs.ask_choice = lambda title, label, choices: FULL_EXPORT
    window.dialogs.save_file = lambda *a: out
    page.export_view()
    assert out.exists() and "已导出 2 条" in scripted.messages[-1][2]
    window.dialogs.open_file = lambda *a: out
    seen: dict[str, Any] = {}

    def steps(wizard) -> None:
        wizard.choose_button.click()
        assert wizard.stack.currentIndex() == PREVIEW
        assert wizard.counts() == {"create": 0, "update": 2, "skip": 0, "invalid": 0,
                                   "undecided": 0}
        wizard.next_button.click()
        seen["result"] = wizard.import_result

    run_wizard(window, scripted, "members", steps)
    result = seen["result"]
    assert result.created == [] and result.updated == [] and len(result.unchanged) == 2

    view = tmp_path / "列表.xlsx"  # the visible list is still there, now off the GUI thread
    window.dialogs.ask_choice = lambda title, label, choices: choices[0]
    window.dialogs.save_file = lambda *a: view
    page.export_view()
    assert view.exists() and "已导出 2 条" in scripted.messages[-1][2]


def test_cancel_during_the_import_writes_nothing(window, scripted, db, committee, tmp_path,
                                                 monkeypatch) -> None:
    rows = [["姓名", "性别"]] + [[f"委员{i:02d}", "男"] for i in range(30)]
    path = workbook(tmp_path / "多.xlsx", rows)
    window.dialogs.open_file = lambda *a: path
    real_apply = import_wizard.apply

    def slow_apply(*args, progress=None, **kwargs):
        def slow(done: int, total: int) -> None:
            time.sleep(0.05)
            progress(done, total)
        return real_apply(*args, progress=slow, **kwargs)

    monkeypatch.setattr(import_wizard, "apply", slow_apply)

    def press_cancel() -> None:
        for dialog in window.findChildren(QProgressDialog):
            if dialog.isVisible():
                dialog.findChild(QPushButton).click()
                return
        QTimer.singleShot(50, press_cancel)

    before = members(db)

    def steps(wizard) -> None:
        wizard.choose_button.click()
        assert wizard.counts()["create"] == 30
        QTimer.singleShot(400, press_cancel)
        wizard.next_button.click()
        assert wizard.import_result is not None and wizard.import_result.cancelled
        assert "已取消" in wizard.done_label.text()

    run_wizard(window, scripted, "members", steps)
    assert members(db) == before


def test_template_and_roster_from_the_members_page(window, scripted, committee, tmp_path
                                                   ) -> None:
    page = window.show_page("members")
    opened: list[Path] = []
    window.dialogs.open_path = opened.append
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    page.data_action_buttons["下载导入模板"].click()
    assert (tmp_path / "委员导入模板.xlsx").exists()
    window.dialogs.ask_choice = lambda title, label, choices: "委员名册"

    def options(dialog) -> bool:
        dialog.boxes["group"].setCurrentIndex(1)  # 按界别分组
        dialog.output_buttons["excel"].click()  # 保存为 Excel… (打印预览… is the default)
        return True
    scripted.then(options)
    page.data_action_buttons["打印表格"].click()
    assert opened == [tmp_path / "委员导入模板.xlsx", tmp_path / "第十届委员名册.xlsx"]


def test_messages_are_split_into_problem_and_fix() -> None:
    assert split_message("不是本会的界别。本会的界别有：中共；如是新设界别，请先添加") == (
        "不是本会的界别。本会的界别有：中共", "如是新设界别，请先添加")
    assert split_message("不能为空") == ("不能为空", "")


def test_a_possible_duplicate_is_decided_row_by_row(window, scripted, db, actor, committee,
                                                    tmp_path) -> None:
    """A name-only match is not updated by itself: the clerk chooses 新增, 更新 or 跳过."""
    qian = MemberService(db).create(actor, {"name": "钱程"}).value  # no ID, no birth date
    path = workbook(tmp_path / "名册.xlsx", [["姓名", "出生年月", "工作单位及职务"],
                                            ["钱程", "1980.02", "县三中"],
                                            ["孙立", "1975.03", "县医院"]])
    window.dialogs.open_file = lambda *a: path
    before = members(db)

    def steps(wizard) -> None:
        wizard.choose_button.click()
        assert wizard.stack.currentIndex() == PREVIEW
        table = wizard.possible_table
        assert table.rowCount() == 1 and not table.isHidden()
        row = [table.item(0, c).text() for c in range(4)]
        assert row[0] == "2" and row[1] == "钱程" and f"（编号{qian.id}）" in row[2]
        assert wizard.problem_table.rowCount() == 0  # asked in its own table, not a problem
        assert wizard.counts()["undecided"] == 1
        wizard.next_button.click()  # nothing chosen yet: not imported, the clerk is told
        assert scripted.messages[-1][0] == "warning"
        assert "为每一行选择" in scripted.messages[-1][2] and members(db) == before
        box = table.cellWidget(0, 4)
        assert [box.itemText(i) for i in range(box.count())] == [
            "请选择……", "新增为另一条记录", f"更新委员“钱程”（编号{qian.id}）", "跳过，不导入"]
        box.setCurrentIndex(2)
        assert wizard.counts() == {"create": 1, "update": 1, "skip": 0, "invalid": 0,
                                   "undecided": 0}
        wizard.next_button.click()
        assert wizard.stack.currentIndex() == DONE
        wizard.next_button.click()

    run_wizard(window, scripted, "members", steps)
    assert members(db) == before + 1
    stored = MemberService(db).fetch([qian.id])[0]
    assert stored.work_unit_post == "县三中" and str(stored.birth_date) == "1980-02-01"
