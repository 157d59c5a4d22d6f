"""文稿生成 → 数字核对: the button runs the reconciliation for the chosen year, shows it in its
tab and saves it as an .xlsx."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.demo import generate_demo
from app.reports.reconcile import EXPLAINED


@pytest.fixture
def demo_window(window, db):
    generate_demo(db, scale="county", seed=5)
    return window


def test_reconcile_button_shows_and_saves_the_sheet(demo_window, tmp_path) -> None:
    page = demo_window.show_page("reports")
    page._load_choices()
    page.by_year.setChecked(True)
    page.year_box.setCurrentIndex(page.year_box.findData(2025))
    page.reconcile_button.click()
    panel = page.reconciliation
    assert page.right.currentWidget() is panel
    table = panel.table
    assert table.rowCount() > 50
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[3:6] == ["常委会工作报告", "提案工作情况报告", "年度工作回眸"]
    rows = {(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text()): r
            for r in range(table.rowCount())}
    r = rows[("收到提案", "全会", "2025年")]
    assert table.item(r, 3).text().split("（")[0] == table.item(r, 4).text().split("（")[0]
    explained = [table.item(r, 8).text() for r in range(table.rowCount())
                 if table.item(r, 7).text() == EXPLAINED]
    assert explained and all(text for text in explained)
    assert "口径对照" in panel.summary.text() and "2025年三份文稿" in page.result_label.text()

    out = tmp_path / "核对.xlsx"
    demo_window.dialogs.save_file = lambda *a: out
    panel.save_button.click()
    assert load_workbook(out, read_only=True).sheetnames == ["说明", "数字核对", "口径对照"]
    assert "已保存" in panel.summary.text()


def test_reconcile_needs_a_year(demo_window) -> None:
    page = demo_window.show_page("reports")
    page.by_range.setChecked(True)
    warnings: list[str] = []
    demo_window.dialogs.warning = lambda title, text: warnings.append(text)
    page.reconcile_button.click()
    assert warnings and "按自然年度" in warnings[0]
    assert page.reconciliation.table.rowCount() == 0
    assert not page.reconciliation.save_button.isEnabled()
