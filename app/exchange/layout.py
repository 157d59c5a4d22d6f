"""Shared worksheet layout: widths that fit Chinese text, title and header styles, the A4
landscape print set-up with repeated titles, and saving with a clear message."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app import fileio
from app.exchange.view_export import write_text_safely

FONT = "宋体"
TITLE_FONT = "方正小标宋简体"  # falls back to a serif CJK face where it is not installed
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
DATE_FORMAT = "yyyy-mm-dd"


def text_width(value: Any) -> float:
    """Width of a value in Excel column units: a Chinese character counts two."""
    if value is None:
        return 0.0
    if isinstance(value, dt.datetime | dt.date):
        return 10.0
    text = str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return float(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest))


def fit_widths(ws: Worksheet, first_row: int, minimum: Sequence[float] | None = None,
               cap: float = 40.0) -> None:
    """Column widths from the longest cell below ``first_row`` (capped; long text wraps)."""
    widths: dict[int, float] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is not None and type(cell).__name__ != "MergedCell":
                widths[cell.column] = max(widths.get(cell.column, 0.0), text_width(cell.value))
    for column, width in widths.items():
        floor = minimum[column - 1] if minimum and column <= len(minimum) else 4.0
        ws.column_dimensions[get_column_letter(column)].width = min(cap, max(floor, width + 2))


def title_row(ws: Worksheet, row: int, text: str, columns: int, *, size: int = 16,
              height: float = 30, bold: bool = True, font: str = TITLE_FONT) -> None:
    ws.cell(row, 1, text)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = ws.cell(row, 1)
    cell.font = Font(name=font, size=size, bold=bold)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = height


def header_row(ws: Worksheet, row: int, headers: Sequence[str], *, height: float = 28) -> None:
    for column, text in enumerate(headers, start=1):
        cell = ws.cell(row, column, text)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = BORDER
    ws.row_dimensions[row].height = height


_BODY_STYLES = {
    "zx_left": (LEFT, "General"),
    "zx_center": (CENTER, "General"),
    "zx_text": (LEFT, "@"),
    "zx_date": (CENTER, DATE_FORMAT),
}


def _body_style(wb: Any, name: str) -> str:
    """A named body style, added to the workbook once (much faster than per-cell styles)."""
    if name not in wb.style_names:
        alignment, number_format = _BODY_STYLES[name]
        wb.add_named_style(NamedStyle(name, font=Font(name=FONT, size=10.5), border=BORDER,
                                      alignment=alignment, number_format=number_format))
    return name


def data_cell(ws: Worksheet, row: int, column: int, value: Any, *, text: bool = False,
              center: bool = False) -> Any:
    """One body cell: bordered, wrapped, dates formatted, text never read as a formula."""
    if text and value is not None and not isinstance(value, str):
        value = str(value)
    cell = ws.cell(row, column, value)
    if text:
        name = "zx_text"
    elif isinstance(value, dt.date):
        name = "zx_date"
    else:
        name = "zx_center" if center else "zx_left"
    cell.style = _body_style(ws.parent, name)
    write_text_safely(cell)
    return cell


def merge(ws: Worksheet, start_row: int, start_column: int, end_row: int, end_column: int
          ) -> None:
    """Merge a range whose cells were already written (the value in the first, the others
    empty). ``Worksheet.merge_cells`` checks every existing range and re-creates the cells,
    which takes seconds for a long ledger."""
    ws.merged_cells.ranges.add(CellRange(min_col=start_column, min_row=start_row,
                                         max_col=end_column, max_row=end_row))


def print_setup(ws: Worksheet, title_rows: str, *, landscape: bool = True,
                fit_width: bool = True) -> None:
    """A4, landscape, one page wide, the header repeated on every page, page numbers."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        setup = ws.sheet_properties.pageSetUpPr
        if setup is None:
            setup = ws.sheet_properties.pageSetUpPr = PageSetupProperties()
        setup.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    footer = ws.oddFooter.center if ws.oddFooter is not None else None
    if footer is not None:  # openpyxl creates it with the sheet
        footer.text = "第 &P 页，共 &N 页"
        footer.size = 9


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Replace ``path`` atomically: a failure (file open in WPS, disk full) leaves the
    previous workbook as it was and raises a ``FileWriteError`` saying which fault."""
    return fileio.save_workbook(wb, path)


GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")


def write_table(path: Path | str, sheet: str, title: str, subtitle: str,
                headers: Sequence[str], rows: Sequence[Sequence[Any] | str], *,
                widths: Sequence[float] = (), text_columns: Sequence[int] = (),
                center_columns: Sequence[int] = (), total: Sequence[Any] | None = None,
                notes: Sequence[str] = ()) -> Path:
    """A table laid out for printing on A4 landscape: a title row, a subtitle row, a styled
    header repeated on every page, frozen panes, column widths that fit Chinese text.

    ``rows`` are lists of cells, or a string for a group heading spanning the table
    ("中共（12人）"); ``text_columns`` (0-based) are written as text (identity numbers);
    ``total`` is a bold last row; ``notes`` follow the table.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31]
    n = len(headers)
    title_row(ws, 1, title, n, size=16, height=32)
    title_row(ws, 2, subtitle, n, size=11, height=20, bold=False, font=FONT)
    lines = max(h.count("\n") + 1 for h in headers)
    header_row(ws, 3, headers, height=16 * lines + 6)
    row = 4
    for item in rows:
        if isinstance(item, str):
            for column in range(1, n + 1):
                cell = data_cell(ws, row, column, item if column == 1 else None)
                cell.font = Font(name=FONT, size=11, bold=True)
                cell.fill = GROUP_FILL
            merge(ws, row, 1, row, n)
        else:
            for column, value in enumerate(item, start=1):
                data_cell(ws, row, column, value, text=column - 1 in text_columns,
                          center=column - 1 in center_columns)
        row += 1
    if total is not None:
        for column, value in enumerate(total, start=1):
            cell = data_cell(ws, row, column, value, center=column - 1 in center_columns)
            cell.font = Font(name=FONT, size=10.5, bold=True)
        row += 1
    for note in notes:
        ws.cell(row, 1, note).font = Font(name=FONT, size=9)
        merge(ws, row, 1, row, n)
        row += 1
    final = []
    for column in range(1, n + 1):
        cells = [r[column - 1] for r in rows if not isinstance(r, str) and len(r) >= column]
        if total is not None:
            cells.append(total[column - 1])
        wanted = max([text_width(headers[column - 1]), *map(text_width, cells)])
        floor = widths[column - 1] if column <= len(widths) else 4.0
        final.append(min(36, max(floor, wanted + 2)))
        ws.column_dimensions[get_column_letter(column)].width = final[-1]
    for number, item in enumerate(rows, start=4):  # spreadsheets do not grow rows on opening
        if not isinstance(item, str):
            lines = max([math.ceil(0.9 * text_width(v) / max(1.0, w - 1.5))
                         for v, w in zip(item, final, strict=False)] + [1])
            if lines > 1:
                ws.row_dimensions[number].height = 14.5 * lines + 2
    ws.freeze_panes = "A4"
    print_setup(ws, "3:3")
    return save_workbook(wb, path)
