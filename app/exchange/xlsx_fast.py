"""The cells of an .xlsx sheet read straight from its XML (lxml), with the values openpyxl's
read-only mode gives.

openpyxl builds a descriptor-checked object per shared string and per inline string and
dispatches every XML element through Python; for a 2,000-row roster that is nearly all of an
import's reading time (issue #15). Here the workbook's structure — sheet list, visibility,
styles, date formats, epoch — still comes from openpyxl's own ``ExcelReader`` (so the sheets
and their formats are exactly openpyxl's); only the two large parts are parsed here: the
shared-string table and each sheet's rows, with ``lxml.etree.iterparse`` limited to the
elements that carry values.

The cell values follow ``openpyxl.worksheet._reader.WorkSheetParser.parse_cell`` with
``data_only=True`` and ``rich_text=False``: numbers as int or float, date-formatted numbers
as dates, times or durations, shared and inline strings as their plain text (rich-text runs
joined, phonetic runs left out), booleans, ISO dates, formula results as cached. Whatever
this module does not expect raises ``UnusualWorkbookError`` (or any parse error), and the
caller then reads the file with openpyxl, whose messages and values stay the reference; the property
tests in tests/exchange/test_xlsx_fast.py compare both on generated workbooks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from app.exchange.cell import Cell

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW = MAIN + "row"
_SI = MAIN + "si"
_V = MAIN + "v"
_IS = MAIN + "is"
_T = MAIN + "t"
_C = MAIN + "c"
_COORDINATE = re.compile(r"([A-Z]{1,3})([0-9]+)")
_DECIMALS = re.compile(r"0\.(0+)")


class UnusualWorkbookError(Exception):
    """Something this reader does not handle the way openpyxl does: read with openpyxl."""


def open_workbook(path: Any) -> Any:
    """openpyxl's read-only workbook, with the shared strings read by ``shared_strings``
    instead of openpyxl's ``read_string_table`` (the rest of ``ExcelReader.read`` as is)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS

    class _Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            if self.rich_text:
                raise UnusualWorkbookError("rich text")
            ct = self.package.find(SHARED_STRINGS)
            if ct is not None:
                with self.archive.open(ct.PartName[1:]) as src:
                    self.shared_strings = shared_strings(src)

    reader = _Reader(path, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _localname(tag: str) -> str:
    return tag.rpartition("}")[2]


def _text(node: Any) -> str:
    """``openpyxl.cell.text.Text.from_tree(node).content``: the ``t`` child, then the ``t``
    of each rich-text run; phonetic runs (``rPh``) and properties are not text."""
    if len(node) == 1:  # the usual case: one ``t``
        only = node[0]
        if only.tag == _T:
            return only.text or ""
    plain: str | None = None
    runs: list[str] = []
    for child in node:
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            continue
        name = _localname(tag)
        if name == "t":
            plain = child.text
        elif name == "r":
            run: str | None = None
            for part in child:
                if isinstance(part.tag, str) and _localname(part.tag) == "t":
                    run = part.text
            if run is not None:
                runs.append(run)
    if plain is not None:
        runs.insert(0, plain)
    return "".join(runs)


_WHOLE = 16 * 1024 * 1024  # a part up to this size (unzipped) is parsed in one go
_CHUNK = 1024 * 1024


def _parse(source: IO[bytes], tag: str) -> Iterator[Any]:
    """The ``tag`` elements of an XML part, in order. A part of a usual size is parsed in
    one call of the standard library's C parser (the fastest here: no per-element Python
    work, as openpyxl's own parser, expat); a larger one is streamed with lxml, keeping
    about one chunk of elements in memory."""
    data = source.read(_WHOLE + 1)
    if len(data) <= _WHOLE:
        import xml.etree.ElementTree as ET

        yield from ET.fromstring(data).iter(tag)
        return
    if b"<!DOCTYPE" in data[:4096]:  # entities lxml would leave unexpanded: openpyxl reads it
        raise UnusualWorkbookError("a document type declaration")
    from lxml import etree

    # no DTD, no external entities, no network: a workbook is data
    parser = etree.XMLPullParser(events=("end",), tag=tag, resolve_entities=False,
                                 no_network=True, load_dtd=False)
    while data:
        parser.feed(data)
        for _event, element in parser.read_events():
            yield element
            element.clear(keep_tail=True)
            parent = element.getparent()
            if parent is not None:  # drop what was read: memory stays about one chunk
                while element.getprevious() is not None:
                    del parent[0]
        data = source.read(_CHUNK)
    parser.close()


def shared_strings(source: IO[bytes]) -> list[str]:
    """``openpyxl.reader.strings.read_string_table``: every ``si`` as its plain text."""
    return [_text(si).replace("x005F_", "") for si in _parse(source, _SI)]


class _Formats:
    """Per cell style: date, duration, and the decimals of a number format such as "0.00"
    (as ``ReadOnlyCell.number_format``), each worked out once per style."""

    def __init__(self, wb: Any) -> None:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

        self.dates: set[int] = wb._date_formats
        self.durations: set[int] = wb._timedelta_formats
        self._styles = wb._cell_styles
        self._custom = wb._number_formats
        self._builtin = BUILTIN_FORMATS
        self._max = BUILTIN_FORMATS_MAX_SIZE
        self._decimals: dict[int, int | None] = {}

    def decimals(self, style: int) -> int | None:
        if style not in self._decimals:
            number = self._styles[style].numFmtId
            code = self._builtin.get(number, "General") if number < self._max \
                else self._custom[number - self._max]
            match = _DECIMALS.fullmatch(code or "")
            self._decimals[style] = len(match[1]) if match else None
        return self._decimals[style]


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def stored_cells(ws: Any, max_rows: int | None) -> dict[int, dict[int, Cell]]:
    """The sheet's non-empty cells (row → column → cell, 1-based), as
    ``reader._stored_cells`` reads them through openpyxl."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    wb = ws.parent
    strings = ws._shared_strings
    formats = _Formats(wb)
    epoch = wb.epoch
    cells: dict[int, dict[int, Cell]] = {}
    row_number = 0
    with ws._get_source() as source:
        for row in _parse(source, _ROW):
            attribute = row.get("r")
            if attribute is not None:
                if not attribute.isdigit():
                    raise UnusualWorkbookError(f"row number {attribute!r}")
                row_number = int(attribute)
            else:
                row_number += 1
                attribute = str(row_number)
            if max_rows is not None and row_number > max_rows:
                break
            cut = -len(attribute)
            found: dict[int, Cell] | None = None  # this row's cells, made at its first value
            column = 0
            for c in row:
                if c.tag != _C:  # a comment, or an element openpyxl would read as a cell
                    raise UnusualWorkbookError(f"{c.tag!r} in row {row_number}")
                coordinate = c.get("r")
                number = row_number
                if coordinate:
                    letters = coordinate[:cut]  # "AB12" in row "12": "AB"
                    column = _COLUMNS.get(letters, 0) if coordinate.endswith(attribute) else 0
                    if not column:
                        number, column = _reference(coordinate)
                else:
                    column += 1
                kind = c.get("t", "n")
                style_text = c.get("s")
                if style_text == "":
                    raise UnusualWorkbookError(f"empty style of {coordinate}")
                style = int(style_text) if style_text else 0
                value: Any = None
                if kind == "inlineStr":
                    inline = c.find(_IS)
                    if inline is not None:
                        only = inline[0] if len(inline) == 1 else None
                        value = (only.text or "") if only is not None and only.tag == _T \
                            else _text(inline)
                else:
                    value = c.findtext(_V) or None
                    if value is not None:
                        if kind == "n":
                            value = _number(value)
                            if style in formats.dates:
                                try:
                                    value = from_excel(value, epoch,
                                                       timedelta=style in formats.durations)
                                except (OverflowError, ValueError):
                                    value = "#VALUE!"  # openpyxl: an error cell, with a warning
                        elif kind == "s":
                            value = strings[int(value)]
                        elif kind == "b":
                            value = bool(int(value))
                        elif kind == "d":
                            value = from_ISO8601(value)
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                if isinstance(value, float):
                    one = Cell(value, False, formats.decimals(style))
                else:
                    one = Cell(value)
                if number != row_number:  # a cell whose reference names another row
                    cells.setdefault(number, {})[column] = one
                    continue
                if found is None:
                    found = cells.setdefault(number, {})
                found[column] = one
    return cells


_COLUMNS: dict[str, int] = {}  # "A" → 1 … "XFD" → 16384, filled as met


def _reference(coordinate: str) -> tuple[int, int]:
    """Row and column of a cell reference ("AB12" → 12, 28), as openpyxl's
    ``coordinate_to_tuple`` (capital letters only)."""
    match = _COORDINATE.fullmatch(coordinate)
    if match is None:
        raise UnusualWorkbookError(f"cell reference {coordinate!r}")
    letters = match[1]
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    _COLUMNS[letters] = index
    return int(match[2]), index
