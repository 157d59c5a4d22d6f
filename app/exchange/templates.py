"""Blank import templates, and the exchange sheet that exports share with them.

A template is the import layout of a record kind: a title row, the header (required columns
in red, a comment on each saying what to write), drop-down lists for coded columns (kept on
a hidden sheet 代码表, so that long lists such as 民族 fit), text format for identity and
telephone numbers, and a second sheet 填写说明 listing every column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.db.engine import Database
from app.domain.enums import ForwardLevel
from app.exchange.kinds import Column, ImportKind
from app.exchange.layout import (
    BORDER,
    DATE_FORMAT,
    FONT,
    header_row,
    merge,
    print_setup,
    save_workbook,
    title_row,
)
from app.exchange.lookups import Lookups
from app.exchange.plan import kind_class
from app.exchange.view_export import FORMULA_STARTS, write_text_safely
from app.text.numerals import cn_date

CODES = "代码表"
GUIDE = "填写说明"
HEADER_ROW = 2
FIRST_DATA_ROW = 3
_TEXT_PARSES = ("id", "phone")
_BLANK_ROWS = 500  # rows given text format and drop-down lists below the data


def choices(column: Column, lk: Lookups) -> list[str]:
    """The values of a coded column, for its drop-down list."""
    spec = column.spec
    how = column.parse
    if how == "enum" and spec is not None and spec.enum is not None:
        return spec.enum.labels()
    if how == "ref" and spec is not None and spec.ref_list is not None:
        return list(lk.ref_labels[spec.ref_list])
    if how == "bool":
        return ["是", "否"]
    if how == "term":
        return [lk.term_text(i) for i in sorted(lk.term_numbers, key=lk.term_numbers.__getitem__)]
    if how == "sector":
        return list(lk.sector_names.values())
    if how == "event_kind":
        return list(lk.kind_names.values())
    if how == "unit":
        return list(lk.unit_names.values())
    if column.key == "assign.department_id":
        return list(lk.department_names.values())
    if column.key == "session_id":
        return [lk.plenary_text(i) for i in sorted(lk.session_keys, key=lambda i: (
            lk.term_numbers.get(lk.session_keys[i][0], 0), lk.session_keys[i][1]))] + ["闭会期间"]
    if column.key == "forward.level":
        return ForwardLevel.labels()
    return []


def _comment(column: Column, has_list: bool) -> Comment:
    parts = [column.note or ("必填。" if column.required else "")]
    if has_list:
        parts.append("可从下拉列表中选择。")
    text = "".join(p for p in parts if p) or "可不填。"
    comment = Comment(f"{column.label}：{text}", "政协履职工作台")
    comment.width, comment.height = 260, 110
    return comment


def build_sheet(wb: Workbook, importer: ImportKind, lk: Lookups, title: str,
                records: Iterable[list[list[Any]]] = ()) -> Worksheet:
    """The exchange sheet of ``importer``'s kind with ``records`` (each a list of lines)."""
    ws = wb.active
    assert ws is not None
    ws.title = importer.label
    columns = list(importer.columns)
    title_row(ws, 1, title, min(len(columns), 12), size=14, height=26)
    header_row(ws, HEADER_ROW, [c.label for c in columns], height=30)
    codes = wb.create_sheet(CODES)
    codes.sheet_state = "hidden"
    lists: dict[int, str] = {}
    for i, column in enumerate(columns, start=1):
        values = choices(column, lk)
        cell = ws.cell(HEADER_ROW, i)
        if column.required:
            cell.font = Font(name=FONT, size=11, bold=True, color="C00000")
        cell.comment = _comment(column, bool(values))
        ws.column_dimensions[get_column_letter(i)].width = column.width
        if values:
            letter = get_column_letter(len(lists) + 1)
            codes.cell(1, len(lists) + 1, column.label)
            for r, value in enumerate(values, start=2):
                codes.cell(r, len(lists) + 1, value)
            lists[i] = f"{CODES}!${letter}$2:${letter}${len(values) + 1}"
    row = FIRST_DATA_ROW
    text = [c.parse in _TEXT_PARSES or c.key == "number" for c in columns]
    for lines in records:
        start = row
        for line in lines:  # plain cells: an exchange file is read back, not printed
            for i, value in enumerate(line, start=1):
                if value is None or value == "":
                    continue
                if text[i - 1] and not isinstance(value, str):
                    value = str(value)
                cell = ws.cell(row, i, value)
                if text[i - 1]:
                    cell.number_format = "@"
                elif isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    write_text_safely(cell)
            row += 1
        if importer.continuation and row - start > 1:  # own cells span the child lines
            for i, column in enumerate(columns, start=1):
                if not column.child:
                    merge(ws, start, i, row - 1, i)
    last = row + _BLANK_ROWS
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        if column.parse in _TEXT_PARSES:
            for r in range(row, last):
                ws.cell(r, i).number_format = "@"
        if i in lists:
            dv = DataValidation(type="list", formula1=f"={lists[i]}", allow_blank=True,
                                errorStyle="warning", showErrorMessage=True,
                                errorTitle="不在列表中",
                                error=f"“{column.label}”的值不在下拉列表中。导入时会识别"
                                      "常见写法，无法识别的会在导入前列出。是否仍要输入？")
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 2).coordinate
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", fit_width=False)
    _guide(wb, importer, lists)
    return ws


def _guide(wb: Workbook, importer: ImportKind, lists: dict[int, str]) -> None:
    ws = wb.create_sheet(GUIDE)
    title_row(ws, 1, f"{importer.label}导入：各列填写说明", 3, size=14)
    header_row(ws, 2, ["列", "是否必填", "填写说明"])
    for n, column in enumerate(importer.columns, start=1):
        note = column.note + ("可从下拉列表中选择。" if n in lists else "")
        for c, value in enumerate([column.label, "必填" if column.required else "",
                                   note or "可不填。"], start=1):
            cell = ws.cell(n + 2, c, value)
            cell.border = BORDER
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 90
    ws.cell(len(importer.columns) + 4, 1,
            "注：第1行是标题，第2行是表头，请从第3行起填写；表头文字不要修改，不需要的列可以"
            "删除。日期可写1975.03、1975年3月、2024-04-23等；身份证号列请保持文本格式。")


def write_template(db: Database, kind: str, path: Path | str) -> Path:
    """A blank import template for ``kind`` (drop-down lists from this database)."""
    importer = kind_class(kind)(db)
    with db.reader() as session:
        lk = Lookups(session)
    wb = Workbook()
    build_sheet(wb, importer, lk,
                f"{importer.title}（第2行为表头，请从第3行起填写，红色表头为必填列）")
    return save_workbook(wb, path)


def export_title(label: str, when: dt.date | None = None) -> str:
    return f"{label}（导出于{cn_date(when or dt.date.today())}）"
