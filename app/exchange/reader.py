"""Reading .xlsx sheets quickly (openpyxl read-only mode) with their merged cells.

Read-only mode does not expose merged ranges, so they are read from the sheet's XML: a value
merged over several cells is repeated in every cell of the range and marked ``merged``, which
lets a roster with the 界别 merged down a block of rows, or a header merged across two rows,
read like one written out in full.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from app.errors import AppError

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


class Cell(NamedTuple):
    value: Any
    merged: bool = False  # copied from the first cell of a merged range
    decimals: int | None = None  # decimals shown by a number format such as "0.00"


_EMPTY = Cell(None)


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # row i is sheet row i + 1; every row has ``width`` cells

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def _decimals(number_format: str) -> int | None:
    match = re.fullmatch(r"0\.(0+)", number_format or "")
    return len(match[1]) if match else None


def _merged_ranges(ws: Any) -> list[tuple[int, int, int, int]]:
    try:
        with ws._get_source() as src:  # the sheet's XML (read-only worksheets only)
            data = src.read()
    except (AttributeError, KeyError, OSError):
        return []
    out = []
    for ref in _MERGE.findall(data):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        out.append((min_row, min_col, max_row, max_col))
    return out


def _fill_merged(rows: list[list[Cell]], ranges: list[tuple[int, int, int, int]]) -> None:
    for min_row, min_col, max_row, max_col in ranges:
        if min_row > len(rows):
            continue
        first = rows[min_row - 1][min_col - 1] if min_col <= len(rows[min_row - 1]) else None
        if first is None or first.value is None:
            continue
        for r in range(min_row, min(max_row, len(rows)) + 1):
            row = rows[r - 1]
            for c in range(min_col, min(max_col, len(row)) + 1):
                if (r, c) != (min_row, min_col):
                    row[c - 1] = Cell(first.value, True, first.decimals)


def _open(path: Path) -> Any:
    path = Path(path)
    if not path.is_file():
        raise AppError(f"文件“{path}”不存在。")
    if path.suffix.lower() == ".xls":
        raise AppError(f"“{path.name}”是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中"
                       "“另存为”.xlsx 格式后再导入。")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise AppError(f"无法读取“{path.name}”：它不是有效的 .xlsx 文件（{exc}）。"
                       "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试。") from exc
    except PermissionError as exc:
        raise AppError(f"无法读取“{path}”：文件可能正在被其他程序独占打开，请关闭后重试。"
                       ) from exc


def read_workbook(path: Path, *, max_rows: int | None = None) -> list[Sheet]:
    """Every visible sheet of the workbook, trailing blank rows dropped."""
    wb = _open(path)
    sheets = []
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            ws.reset_dimensions()  # some writers record a wrong size
            rows: list[list[Cell]] = []
            for raw in ws.iter_rows(max_row=max_rows):
                row = []
                for cell in raw:
                    value = getattr(cell, "value", None)
                    if value is None or (isinstance(value, str) and not value.strip()):
                        row.append(_EMPTY)
                    elif isinstance(value, float):
                        row.append(Cell(value, False, _decimals(cell.number_format)))
                    else:
                        row.append(Cell(value))
                rows.append(row)
            while rows and all(c.value is None for c in rows[-1]):
                rows.pop()
            width = max((len(r) for r in rows), default=0)
            for row in rows:
                row.extend([_EMPTY] * (width - len(row)))
            _fill_merged(rows, _merged_ranges(ws))
            sheets.append(Sheet(ws.title, rows))
    finally:
        wb.close()
    return sheets
