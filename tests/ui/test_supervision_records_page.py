"""The proposals page offers the 督办记录 import kind: 导入提案督办, its blank template, and the
full-record export that re-imports (issue 11, item 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def test_proposals_page_imports_and_exports_supervision_records(window: Any, scripted: Any,
                                                                 tmp_path: Path) -> None:
    page = window.show_page("proposals")
    assert {"导入提案督办", "下载提案督办导入模板"} <= set(page.data_actions)  # the 导入 menu
    window.dialogs.save_file = lambda title, name, filters: tmp_path / name
    window.dialogs.open_path = lambda path: None
    page.data_actions["下载提案督办导入模板"].trigger()
    [template] = [f for f in tmp_path.iterdir() if f.suffix == ".xlsx"]
    headers = {c.value for row in load_workbook(template).worksheets[0].iter_rows(max_row=5)
               for c in row}
    assert {"会议", "提案号", "督办日期", "督办层级"} <= headers
    out = tmp_path / "提案督办-完整记录.xlsx"
    window.dialogs.ask_choice = lambda title, label, choices: "提案督办（完整记录，可修改后再导入）"
    window.dialogs.save_file = lambda *a: out
    page.export_view()
    assert out.exists() and "已导出 0 条提案督办记录" in scripted.messages[-1][2]
