"""系统设置 → 届次 and 全体会议 have 导入, 下载导入模板 and the full-record export, so a clerk can
bring a history of terms and sessions in from Excel in the client."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.services.terms import SessionService, TermService
from ui.pages.exchange_actions import FULL_EXPORT
from ui.pages.import_wizard import PREVIEW
from ui.pages.system import SessionsPage, TermsPage


def test_terms_and_sessions_come_in_and_go_out_from_the_settings_page(
        window, scripted, db, tmp_path: Path) -> None:
    system = window.show_page("system")
    terms = system.findChild(TermsPage)
    sessions = system.findChild(SessionsPage)
    assert terms is not None and sessions is not None
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    window.dialogs.open_path = lambda path: None
    terms.data_action_buttons["下载导入模板"].click()
    assert (tmp_path / "届次导入模板.xlsx").exists()

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["届次", "开始日期", "结束日期"], ["第九届", "2016-12-18", "2021-12-19"],
                ["第十届", "2021-12-20", None]):
        ws.append(row)
    source = tmp_path / "历届.xlsx"
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
    terms.data_action_buttons["导入"].click()
    assert len(seen["result"].created) == 2  # type: ignore[attr-defined]
    assert len(TermService(db).ids()) == 2

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
