"""组织机构 → 承办单位 has 导入, 下载导入模板 and the full-record export: an office brings its
承办单位 list in from Excel before the proposals that name them (issue #10)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from app.services.org import DepartmentService
from ui.pages.import_wizard import PREVIEW
from ui.pages.organization import DepartmentsPage


def test_departments_come_in_from_the_organization_page(window, scripted, db,
                                                        tmp_path: Path) -> None:
    page = window.show_page("organization").findChild(DepartmentsPage)
    assert page is not None
    assert {"导入", "下载导入模板"} <= set(page.data_action_buttons)
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    window.dialogs.open_path = lambda path: None
    page.data_action_buttons["下载导入模板"].click()
    assert (tmp_path / "承办单位导入模板.xlsx").exists()

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["提案承办单位名单"], ["承办单位", "单位简称"], ["长子县住房和城乡建设局", "住建"],
                ["长子县教育局", "教育"]):
        ws.append(row)
    source = tmp_path / "承办单位.xlsx"
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
    assert len(DepartmentService(db).ids()) == 2
