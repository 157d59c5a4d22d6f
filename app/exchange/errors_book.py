"""The error workbook: the rows that were not imported, exactly as they were read, with a
错误原因 column. A clerk corrects the cells and imports the same workbook again (the importer
ignores the 错误原因 column)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app import config, fileio
from app.errors import FileWriteError
from app.exchange.layout import save_workbook, text_width
from app.exchange.model import Entry, ImportPlan, RowFate
from app.exchange.normalize import shown
from app.exchange.view_export import write_text_safely

REASON = "错误原因"
log = logging.getLogger(__name__)
FATES_SHEET = "每行的处理结果"
_RED = PatternFill("solid", fgColor="FCE4E4")


FALLBACK_FOLDER = "导入错误"


def default_path(plan: ImportPlan) -> Path:
    """Beside the imported workbook when that folder can be written (found by creating a
    file there: ``os.access`` says yes to every folder on Windows), else the fallback."""
    folder = plan.path.parent
    if not fileio.writable(folder):
        folder = fallback_folder()
    return folder / _name(plan)


def fallback_folder() -> Path:
    """``导入错误`` in the user data folder: always writable by the clerk."""
    folder = config.data_dir() / FALLBACK_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _name(plan: ImportPlan) -> str:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{plan.path.stem}-未导入的行-{stamp}.xlsx"


def save_error_book(plan: ImportPlan, entries: Sequence[Entry], path: Path | None = None,
                    fates: Sequence[RowFate] = ()) -> tuple[Path | None, str]:
    """Write the error workbook where asked (``path``, else beside the imported workbook);
    when that fails, in the fallback folder. Never raises for a file fault: returns the file
    written (None if none could be) and a line for the clerk when it is not where expected."""
    wanted = path or plan.path.parent / _name(plan)
    first: FileWriteError | None = None
    if path is not None or fileio.writable(wanted.parent):
        try:
            return write_error_book(plan, entries, wanted, fates), ""
        except FileWriteError as exc:
            log.warning("error workbook %s not written: %s", wanted, exc)
            first = exc
    try:
        folder = fallback_folder()
        written = write_error_book(plan, entries, folder / _name(plan), fates)
    except (FileWriteError, OSError) as exc:
        log.warning("error workbook not written in the fallback folder either: %s", exc)
        reason = str(first or exc)
        return None, f"有问题的行没能另存为错误工作簿：{reason}"
    why = str(first).rstrip("。") if first else f"文件夹“{wanted.parent}”不能写入"
    return written, f"{why}。错误工作簿已改存到程序数据文件夹：{written}"


def write_error_book(plan: ImportPlan, entries: Sequence[Entry], path: Path | None = None,
                     fates: Sequence[RowFate] = ()) -> Path:
    """Write the lines of ``entries`` with their reasons, and (``fates``) a second sheet
    with what became of every row of the file; returns the file written."""
    path = path or default_path(plan)
    width = max([len(line.raw) for e in entries for line in e.lines] + [0])
    headers = [""] * width
    for c in plan.header.columns:
        if c.index < width:
            headers[c.index] = c.header
    text_columns = {c.index for c in plan.header.columns
                    if c.key in ("id_number", "mobile", "office_phone")}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "未导入的行"
    ws.append([*headers, REASON])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.cell(1, width + 1).fill = _RED
    widths = [text_width(h) for h in headers] + [30.0]
    for entry in entries:
        for line in entry.lines:
            reasons = [p for p in entry.problems if p.row == line.row
                       or (p.row in (None, 0) and line is entry.lines[0])]
            values = list(line.raw) + [None] * (width - len(line.raw))
            for i in text_columns:
                if values[i] is not None and not isinstance(values[i], str):
                    values[i] = shown(values[i])
            reason = "；".join(str(p) for p in reasons) or (
                f"与第{entry.row}行是同一记录，该记录有错误，一并未导入")
            ws.append([*values, reason])
            row = ws.max_row
            for i, value in enumerate(values):
                cell = ws.cell(row, i + 1)
                write_text_safely(cell)
                if i in text_columns:
                    cell.number_format = "@"
                elif isinstance(value, dt.datetime | dt.date):
                    cell.number_format = "yyyy-mm-dd"
                widths[i] = max(widths[i], text_width(value))
            reason_cell = ws.cell(row, width + 1)
            reason_cell.fill = _RED
            reason_cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(6, w + 2))
    ws.column_dimensions[get_column_letter(width + 1)].width = 60
    ws.freeze_panes = "A2"
    if fates:
        _fates_sheet(wb, fates)
    return save_workbook(wb, path)


def _fates_sheet(wb: Workbook, fates: Sequence[RowFate]) -> None:
    """每行的处理结果: one line per row of the imported file."""
    ws = wb.create_sheet(FATES_SHEET)
    ws.append(["行号", "结果", "原因"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for fate in fates:
        ws.append([fate.row, fate.fate, fate.reason])
        write_text_safely(ws.cell(ws.max_row, 3))
        if fate.fate == "拒绝":
            ws.cell(ws.max_row, 2).fill = _RED
        ws.cell(ws.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 100
    ws.freeze_panes = "A2"
