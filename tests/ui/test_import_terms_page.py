"""导入, 下载导入模板 and the full-record export on the list pages: 系统设置 → 届次 and 全体会议,
组织机构 → 承办单位 and 机构, the events, proposals and opinions pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.services.org import DepartmentService
from app.services.terms import SessionService, TermService
from ui.pages.exchange_actions import FULL_EXPORT
from ui.pages.import_wizard import PREVIEW
from ui.pages.organization import DepartmentsPage
from ui.pages.system import SessionsPage, TermsPage

#: a list page with 导入 and 下载导入模板: where it is, its template's name, a workbook a
#: clerk would bring in (a title row above the headers is allowed), the service it fills
LISTS = {
    "承办单位": ("organization", DepartmentsPage, "承办单位导入模板.xlsx",
             [["提案承办单位名单"], ["承办单位", "单位简称"], ["长子县住房和城乡建设局", "住建"],
              ["长子县教育局", "教育"]], DepartmentService),
    "届次": ("system", TermsPage, "届次导入模板.xlsx",
           [["届次", "开始日期", "结束日期"], ["第九届", "2016-12-18", "2021-12-19"],
            ["第十届", "2021-12-20", None]], TermService),
}


@pytest.mark.parametrize("what", sorted(LISTS))
def test_a_list_comes_in_from_excel_on_its_page(window, scripted, db, tmp_path: Path,
                                                what: str) -> None:
    """组织机构 → 承办单位 (before the proposals that name them, issue #10) and 系统设置 →
    届次: the template downloads, and a workbook comes in through the import wizard."""
    key, kind, template, rows, service = LISTS[what]
    page = window.show_page(key).findChild(kind)
    assert page is not None
    assert {"导入", "下载导入模板"} <= set(page.data_action_buttons)
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    window.dialogs.open_path = lambda path: None
    page.data_action_buttons["下载导入模板"].click()
    assert (tmp_path / template).exists()

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    source = tmp_path / f"{what}.xlsx"
    wb.save(source)
    window.dialogs.open_file = lambda *a: source
    seen: dict[str, object] = {}

    def steps(wizard) -> bool:
        wizard.choose_button.click()
        assert wizard.stack.currentIndex() == PREVIEW
        assert wizard.counts()["create"] == 2
        wizard.next_button.click()
        seen["result"] = wizard.import_result
        return True

    scripted.then(steps)
    page.data_action_buttons["导入"].click()
    assert len(seen["result"].created) == 2  # type: ignore[attr-defined]
    assert len(service(db).ids()) == 2


def test_sessions_go_out_as_full_records_from_the_settings_page(
        window, scripted, db, tmp_path: Path) -> None:
    sessions = window.show_page("system").findChild(SessionsPage)
    assert sessions is not None
    out = tmp_path / "全体会议-完整记录.xlsx"
    window.dialogs.ask_choice = lambda title, label, choices: FULL_EXPORT
    window.dialogs.save_file = lambda *a: out
    sessions.export_view()
    assert out.exists() and "已导出 0 条全体会议记录" in scripted.messages[-1][2]
    assert SessionService(db).ids() == []


def test_units_page_has_import_template_and_export(window, db, tmp_path: Path) -> None:
    from ui.pages.organization import UnitsPage

    page = window.show_page("organization").findChild(UnitsPage)
    assert page is not None
    assert {"导入", "下载导入模板"} <= set(page.data_action_buttons)
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    window.dialogs.open_path = lambda path: None
    page.data_action_buttons["下载导入模板"].click()
    assert (tmp_path / "机构及成员导入模板.xlsx").exists()


def test_events_pages_import_and_export_outcomes(window, scripted, db, tmp_path: Path) -> None:
    page = window.show_page("meetings")
    assert {"导入", "导入活动成果", "下载活动成果导入模板"} <= set(page.data_actions)  # 导入 menu
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    window.dialogs.open_path = lambda path: None
    page.data_actions["下载活动成果导入模板"].trigger()
    assert (tmp_path / "活动成果导入模板.xlsx").exists()
    out = tmp_path / "活动成果-完整记录.xlsx"
    window.dialogs.ask_choice = lambda title, label, choices: "活动成果（完整记录，可修改后再导入）"
    window.dialogs.save_file = lambda *a: out
    page.export_view()
    assert out.exists() and "已导出 0 条活动成果记录" in scripted.messages[-1][2]


@pytest.mark.parametrize("key", ["proposals", "opinions"])
def test_proposal_and_opinion_pages_import_and_export_instructions(
        window, scripted, db, tmp_path: Path, key: str) -> None:
    page = window.show_page(key)
    assert {"导入", "导入领导批示", "下载领导批示导入模板"} <= set(page.data_actions)  # 导入 menu
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    window.dialogs.open_path = lambda path: None
    page.data_actions["下载领导批示导入模板"].trigger()
    assert (tmp_path / "领导批示导入模板.xlsx").exists()
    out = tmp_path / "领导批示-完整记录.xlsx"
    window.dialogs.ask_choice = lambda title, label, choices: "领导批示（完整记录，可修改后再导入）"
    window.dialogs.save_file = lambda *a: out
    page.export_view()
    assert out.exists() and "已导出 0 条领导批示记录" in scripted.messages[-1][2]
