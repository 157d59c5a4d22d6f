"""Reading a workbook: .xlsx (openpyxl read-only mode, with merged cells) and .csv.

Only the cells a file stores are read, never the size it declares: a sheet whose "used range"
reaches XFD1048576 because of one stray cell reads in the time and memory of its real table.
The table is the block of rows and columns around the data; a cell cut off from it by many
empty rows or columns is left out with a notice (``Sheet.ignored``).

Read-only mode does not expose merged ranges, so they are read from the sheet's XML: a value
merged over several cells is repeated in every cell of the range and marked ``merged``, which
lets a roster with the 界别 merged down a block of rows, or a header merged across two rows,
read like one written out in full.

Every way a file can be unreadable (not a workbook, a truncated or damaged zip, a missing
sheet, broken XML, an old .xls or a WPS .et) becomes one ``AppError`` in Chinese.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import AppError
from app.exchange.cell import EMPTY as _EMPTY
from app.exchange.cell import Cell

log = logging.getLogger(__name__)

_SHEET = re.compile(rb"<(?:\w+:)?sheet\s")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
ROW_GAP = 200  # this many empty rows end the table: what lies below is not part of it
COLUMN_GAP = 50  # the same for empty columns to the right
_SAVE_AS = ("请在 WPS 或 Excel 中打开它，点“文件 → 另存为”，文件类型选“Excel 工作簿（*.xlsx）”，"
            "再导入保存的文件。")
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 reads GBK and GB2312 files too


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # row i is sheet row i + 1; every row has ``width`` cells
    ignored: list[str] = field(default_factory=list)  # far-off cells left out ("XFD1048576")

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def _decimals(number_format: str) -> int | None:
    match = re.fullmatch(r"0\.(0+)", number_format or "")
    return len(match[1]) if match else None


def _merged_ranges(ws: Any) -> list[tuple[int, int, int, int]]:
    from openpyxl.utils.cell import range_boundaries

    try:
        with ws._get_source() as src:  # the sheet's XML (read-only worksheets only)
            data = src.read()
    except (AttributeError, KeyError, OSError):
        return []
    out = []
    for ref in _MERGE.findall(data):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        if None in (min_col, min_row, max_col, max_row):  # a whole row or column: nothing to fill
            continue
        out.append((int(min_row or 0), int(min_col or 0), int(max_row or 0), int(max_col or 0)))
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


def _extent(numbers: list[int], gap: int) -> int:
    """The last of the sorted ``numbers`` (rows or columns holding data) before a gap of more
    than ``gap`` empty ones."""
    last = 0
    for n in numbers:
        if last and n - last > gap + 1:
            break
        last = n
    return last


def _table(name: str, cells: dict[int, dict[int, Cell]]) -> Sheet:
    from openpyxl.utils.cell import get_column_letter

    """A dense sheet from the stored non-empty cells (row → column → cell, 1-based)."""
    rows_with_data = sorted(cells)
    last_row = _extent(rows_with_data, ROW_GAP)
    columns = sorted({c for r in rows_with_data if r <= last_row for c in cells[r]})
    last_col = _extent(columns, COLUMN_GAP)
    ignored = [f"{get_column_letter(c)}{r}" for r in rows_with_data for c in sorted(cells[r])
               if r > last_row or c > last_col]
    rows = []
    for r in range(1, last_row + 1):
        row = [_EMPTY] * last_col
        for c, cell in cells.get(r, {}).items():
            if c <= last_col:
                row[c - 1] = cell
        rows.append(row)
    return Sheet(name, rows, ignored)


def _unreadable(path: Path, why: str) -> AppError:
    return AppError(f"无法读取“{path.name}”：{why}。{_SAVE_AS}")


def _check_suffix(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ett", ".xlt"):
        kind = "WPS 表格（.et）" if suffix in (".et", ".ett") else "旧版 Excel（.xls）"
        raise AppError(f"“{path.name}”是{kind}文件，本程序只能直接读取 .xlsx 和 .csv 文件。"
                       + _SAVE_AS)
    if suffix in (".ods", ".numbers", ".xlsb"):
        raise AppError(f"“{path.name}”的格式（{suffix}）本程序不能读取。" + _SAVE_AS)


def read_workbook(path: Path, *, max_rows: int | None = None) -> list[Sheet]:
    """Every visible sheet of the workbook (.xlsx, .xlsm or .csv) as its table of cells."""
    path = Path(path)
    if not path.is_file():
        raise AppError(f"文件“{path}”不存在。")
    _check_suffix(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return [read_csv(path, max_rows=max_rows)]
    try:
        return _read_xlsx(path, max_rows)
    except AppError:
        raise
    except PermissionError as exc:
        raise AppError(f"无法读取“{path}”：文件可能正在被其他程序独占打开，请关闭后重试。"
                       ) from exc
    except MemoryError as exc:
        raise AppError(f"“{path.name}”太大，内存不足以读取。请删去不需要的工作表和行后再试。"
                       ) from exc
    except Exception as exc:  # any damage: one message, the details in the log
        log.warning("cannot read %s", path, exc_info=True)
        with open(path, "rb") as f:
            head = f.read(4)
        if head != b"PK\x03\x04":
            if head[:4] == b"\xd0\xcf\x11\xe0":
                why = "它是旧版 Excel（.xls）或 WPS（.et）格式的文件，只是扩展名为 .xlsx"
            else:
                why = "它不是 Excel 工作簿（.xlsx）文件"
        else:
            why = "文件已损坏或不完整（可能没有保存完或复制时中断），其中的数据无法读出"
        raise _unreadable(path, why) from exc


def _declared_sheets(path: Path) -> int | None:
    """How many sheets the workbook lists (openpyxl silently drops one whose part is gone)."""
    with zipfile.ZipFile(path) as archive:
        try:
            data = archive.read("xl/workbook.xml")
        except KeyError:
            return None
    return len(_SHEET.findall(data))


def _read_xlsx(path: Path, max_rows: int | None) -> list[Sheet]:
    """The sheets through ``xlsx_fast`` (the values openpyxl gives, several times faster);
    anything it does not expect — or a damaged file — is read again with openpyxl, whose
    values and errors are the reference."""
    try:
        return read_xlsx_fast(path, max_rows)
    except Exception:
        log.debug("%s: read with openpyxl", path, exc_info=True)
    return read_xlsx_openpyxl(path, max_rows)


def read_xlsx_fast(path: Path, max_rows: int | None = None) -> list[Sheet]:
    """The visible sheets, cells parsed by ``xlsx_fast``; raises on anything unusual."""
    from app.exchange import xlsx_fast

    return _read_with(path, max_rows, xlsx_fast.open_workbook, xlsx_fast.stored_cells)


def read_xlsx_openpyxl(path: Path, max_rows: int | None = None) -> list[Sheet]:
    """The visible sheets as openpyxl's read-only mode reads them (the reference)."""
    return _read_with(path, max_rows, _load_workbook, _stored_cells)


def _load_workbook(path: Path) -> Any:
    from openpyxl import load_workbook  # on the first import, not when a page opens

    return load_workbook(path, read_only=True, data_only=True)


_CellsOf = Callable[[Any, "int | None"], dict[int, dict[int, Cell]]]


def _read_with(path: Path, max_rows: int | None, load: Callable[[Path], Any],
               cells_of: _CellsOf) -> list[Sheet]:
    wb = load(path)
    declared = _declared_sheets(path)
    if declared is not None and len(wb.sheetnames) < declared:
        wb.close()
        raise ValueError(f"{declared - len(wb.sheetnames)} sheet part(s) missing")
    sheets = []
    try:
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            ws.reset_dimensions()  # the declared size is not trusted: only stored cells count
            sheet = _table(ws.title, cells_of(ws, max_rows))
            _fill_merged(sheet.rows, _merged_ranges(ws))
            sheets.append(sheet)
    finally:
        wb.close()
    return sheets


def _stored_cells(ws: Any, max_rows: int | None) -> dict[int, dict[int, Cell]]:
    """The sheet's non-empty cells (row → column → cell, 1-based).

    The rows come straight from openpyxl's sheet parser — the one ``iter_rows`` uses —
    without the cell object ``iter_rows`` makes for every cell (a tenth of an import's
    reading time); the number format, needed for decimals only, is looked up for numbers.
    Should that parser not be there (another openpyxl), ``iter_rows`` reads the cells."""
    try:
        from openpyxl.cell.read_only import ReadOnlyCell
        from openpyxl.worksheet._reader import WorkSheetParser

        wb = ws.parent
        source = ws._get_source
        options = {"data_only": wb.data_only, "epoch": wb.epoch,
                   "date_formats": wb._date_formats, "timedelta_formats": wb._timedelta_formats}
        strings = ws._shared_strings
    except (ImportError, AttributeError):
        return _iterated_cells(ws, max_rows)
    cells: dict[int, dict[int, Cell]] = {}
    with source() as src:
        for number, row in WorkSheetParser(src, strings, **options).parse():
            if max_rows is not None and number > max_rows:
                break
            for raw in row:
                value = raw["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                if isinstance(value, float):
                    one = Cell(value, False, _decimals(ReadOnlyCell(ws, **raw).number_format))
                else:
                    one = Cell(value)
                cells.setdefault(raw["row"], {})[raw["column"]] = one
    return cells


def _iterated_cells(ws: Any, max_rows: int | None) -> dict[int, dict[int, Cell]]:
    """``_stored_cells`` through openpyxl's public ``iter_rows``."""
    cells: dict[int, dict[int, Cell]] = {}
    for raw in ws.iter_rows(max_row=max_rows):
        for cell in raw:
            value = getattr(cell, "value", None)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, float):
                one = Cell(value, False, _decimals(cell.number_format))
            else:
                one = Cell(value)
            if cell.row is not None and cell.column is not None:
                cells.setdefault(cell.row, {})[cell.column] = one
    return cells


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in _CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AppError(f"无法读取“{path.name}”：它的文字编码既不是 UTF-8 也不是 GBK。"
                   "请在 WPS 或 Excel 中打开，另存为“Excel 工作簿（*.xlsx）”后再导入。")


def read_csv(path: Path, *, max_rows: int | None = None) -> Sheet:
    """A .csv file (UTF-8 with or without BOM, or GBK/GB18030; comma, tab or semicolon
    separated) as one sheet of text cells; the parsers read numbers and dates from text."""
    text = _decode(path)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    cells: dict[int, dict[int, Cell]] = {}
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if max_rows is not None and r > max_rows:
                break
            for c, value in enumerate(row, start=1):
                if value.strip():
                    cells.setdefault(r, {})[c] = Cell(value)
    except csv.Error as exc:
        raise AppError(f"无法读取“{path.name}”：CSV 文件格式有误（{exc}）。") from exc
    return _table(path.stem, cells)
