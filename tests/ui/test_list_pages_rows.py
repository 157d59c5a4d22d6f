"""The list pages on the county demo: the table shows plain rows (issue 15), and 导出 of the
visible list writes exactly what the table shows, row for row."""

from __future__ import annotations

from openpyxl import load_workbook

from app.demo import generate_demo

PAGES = ("proposals", "opinions", "meetings", "activities", "members")


def shown(page) -> list[list[str]]:
    model = page.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_export_of_the_visible_list_is_what_the_table_shows(window, db, tmp_path) -> None:
    generate_demo(db, scale="county", seed=3)
    for key in PAGES:
        page = window.show_page(key)
        page.reload()
        table = shown(page)
        assert len(table) > 20, key
        assert all(any(cell for cell in row) for row in table), key
        assert not any(cell == "（已删除）" for row in table for cell in row)
        path = tmp_path / f"{key}.xlsx"
        message = page.exporter.view_writer()(path, lambda *_a: None, lambda: False)
        assert message is not None and f"{len(table)} 条" in message
        sheet = load_workbook(path, read_only=True).worksheets[0]
        cells = [["" if v is None else str(v) for v in row]
                 for row in sheet.iter_rows(values_only=True)]
        header_at = next(i for i, row in enumerate(cells)
                         if row[:2] == [c.title for c in page.model.columns][:2])
        exported = [row[:page.model.columnCount()] for row in cells[header_at + 1:]]
        assert exported == [[str(c) for c in row] for row in table], key
