"""Export of what a list page shows: its columns and rows as they read on screen."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from app import fileio

FORMULA_STARTS = ("=", "+", "-", "@")


def write_text_safely(cell: Any) -> None:
    """A string that a spreadsheet would read as a formula is stored as text, never as a
    formula (formula injection); ``quotePrefix`` shows it as typed in Excel and WPS."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _width(value: Any) -> int:
    """Excel column units a value needs: a Chinese character counts two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def export_view(path: Path, title: str, headers: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31] or "Sheet1"
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        ws.append(list(row))
    for i, header in enumerate(headers, start=1):
        width = max([_width(header)] + [_width(r[i - 1]) for r in rows[:200]])
        ws.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            write_text_safely(cell)
            if isinstance(cell.value, str):
                cell.number_format = "@"  # ID numbers and codes stay text
    ws.freeze_panes = "A2"
    # printable as it is: A4 landscape, one page wide, the header on every page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"
    footer = ws.oddFooter.center if ws.oddFooter is not None else None
    if footer is not None:
        footer.text = "第 &P 页，共 &N 页"
    return fileio.save_workbook(wb, path)  # the previous file survives any failure
