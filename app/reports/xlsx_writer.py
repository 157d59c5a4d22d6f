"""A small, fast .xlsx writer for 数据底稿: plain rows of text and numbers, a bold header row,
frozen header, column widths, auto-filter and links to other sheets. openpyxl spends seconds on
the tens of thousands of record rows a city's annual report rests on; this writes them as
streamed XML in a fraction of that. Excel, WPS and openpyxl read the result."""

from __future__ import annotations

import queue
import re
import threading
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

_ILLEGAL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")  # illegal in XML (NUL apart)
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="3"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>
<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>
<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="等线"/><family val="2"/>\
<charset val="134"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/>\
</patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
HEADER, LINK, WRAP = 1, 2, 3


def column(n: int) -> str:
    """1 → A, 27 → AA"""
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


_COLUMNS = [column(i) for i in range(1, 40)]


def text(value: object) -> str:
    """A value escaped for ``Sheet.append_fast``."""
    return escape(str(value).translate(_ILLEGAL))


def escape_many(values: Sequence[str]) -> list[str]:
    """``text()`` of many values, in one pass over their concatenation (tens of thousands
    of record descriptions: one call per value was a third of writing 数据底稿)."""
    if not values:
        return []
    joined = "\x00".join(values)
    if joined.count("\x00") != len(values) - 1:  # a value holds NUL itself: one by one
        return [text(v) for v in values]
    if _CONTROL.search(joined):
        joined = _CONTROL.sub("", joined)
    return escape(joined).split("\x00")


@dataclass
class SharedStrings:
    """Texts repeated on many rows are stored once (``<c t="s">``): smaller, faster files."""

    index: dict[str, int] = field(default_factory=dict)

    def ref(self, value: str) -> int:
        """The index of ``value`` in the table (added on first use); stored unescaped."""
        return self.index.setdefault(value, len(self.index))

    def cell(self, value: str) -> str:
        """One cell holding ``value`` for ``Sheet.append_fast``/``append_rows``."""
        return f'<c t="s"><v>{self.ref(value)}</v></c>'

    def cell_list(self, values: Iterable[str]) -> list[str]:
        """``cell`` of each value (tens of thousands at a time)."""
        index = self.index
        return [f'<c t="s"><v>{index.setdefault(v, len(index))}</v></c>' for v in values]

    def cells(self, values: list[str]) -> str:
        """Leading cells for ``Sheet.append_fast`` (no empty values: positions are implied)."""
        return "".join(self.cell(v) for v in values)

    def xml(self) -> str:
        values = list(self.index)
        between = '</t></si><si><t xml:space="preserve">'
        joined = "\x00".join(values)  # escaped in one pass, as ``escape_many``
        if joined.count("\x00") != len(values) - 1:  # a value holds NUL itself
            body = between.join(text(v) for v in values)
        else:
            body = escape(_CONTROL.sub("", joined)).replace("\x00", between)
        items = f'<si><t xml:space="preserve">{body}</t></si>' if values else ""
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://'
                f'schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(self.index)}" '
                f'uniqueCount="{len(self.index)}">{items}</sst>')


@dataclass
class Sheet:
    name: str
    widths: list[float] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (cell, location)
    wrap_columns: set[int] = field(default_factory=set)
    freeze: bool = False
    columns: int = 0
    # text cells go to the workbook's shared strings, so a sheet's XML stays ASCII: joining
    # and encoding 40,000 rows then costs a copy, not a conversion of every character
    shared: SharedStrings | None = None

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def append(self, values: list[object], style: int = 0,
               styles: dict[int, int] | None = None) -> int:
        """Add a row (``styles``: 1-based column → style); returns its 1-based number."""
        number = len(self.rows) + 1
        cells = []
        for i, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            s = (styles or {}).get(i) or style or (WRAP if i in self.wrap_columns else 0)
            attr = f' s="{s}"' if s else ""
            ref = f"{column(i)}{number}"
            if isinstance(value, bool):
                value = "是" if value else "否"
            if isinstance(value, int | float | Decimal):
                cells.append(f'<c r="{ref}"{attr}><v>{value}</v></c>')
            elif self.shared is not None:
                cells.append(f'<c r="{ref}"{attr} t="s"><v>{self.shared.ref(str(value))}</v></c>')
            else:
                text = escape(str(value).translate(_ILLEGAL))
                cells.append(f'<c r="{ref}"{attr} t="inlineStr"><is><t xml:space="preserve">'
                             f"{text}</t></is></c>")
        self.columns = max(self.columns, len(values))
        self.rows.append(f'<row r="{number}">{"".join(cells)}</row>')
        return number

    def append_fast(self, head: str, cells: list[str | int]) -> int:
        """Fast path for long sheets: ``head`` is the XML of the leading cells (``cells_xml``,
        the same for many rows), then text cells already escaped (``text()``) and ints."""
        number = len(self.rows) + 1
        out = [head]
        for cell in cells:
            if isinstance(cell, int):
                out.append(f"<c><v>{cell}</v></c>")
            else:
                out.append(f'<c t="inlineStr"><is><t xml:space="preserve">{cell}</t></is></c>')
        self.rows.append(f'<row r="{number}">{"".join(out)}</row>')
        return number

    def append_rows(self, head: str, tails: Iterable[str]) -> int:
        """Fastest path: one row per tail, each ``head`` (leading cells, ``SharedStrings.cells``)
        followed by the tail's cells, already XML; returns the first row's number."""
        first = len(self.rows) + 1
        self.rows.extend([f'<row r="{n}">{head}{tail}</row>'
                          for n, tail in enumerate(tails, first)])
        return first

    def header(self, names: Sequence[str], widths: Sequence[float]) -> None:
        self.widths = list(widths)
        self.append(list(names), HEADER)
        self.freeze = True

    def link(self, ref: str, location: str) -> None:
        self.links.append((ref, location))

    def xml(self) -> str:
        parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
        if self.freeze:
            parts.append('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
                         'topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                         '</sheetView></sheetViews>')
        if self.widths:
            parts.append("<cols>" + "".join(
                f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                for i, w in enumerate(self.widths, 1)) + "</cols>")
        parts.append("<sheetData>" + "".join(self.rows) + "</sheetData>")
        if self.freeze and self.columns and len(self.rows) > 1:
            parts.append(f'<autoFilter ref="A1:{column(self.columns)}{len(self.rows)}"/>')
        if self.links:
            parts.append("<hyperlinks>" + "".join(
                f'<hyperlink ref="{ref}" location={quoteattr(loc)} display={quoteattr(loc)}/>'
                for ref, loc in self.links) + "</hyperlinks>")
        parts.append("</worksheet>")
        return "".join(parts)


class _ZipWriter:
    """The zip's members written, in the order given, by a thread of its own: deflate and the
    CRC release the GIL, so a finished sheet is compressed while the next one is built."""

    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._queue: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="数据底稿压缩", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._zip.writestr(*item)
                except BaseException as exc:  # raised by ``close`` on the caller's thread
                    self._error = exc

    def write(self, name: str, data: str) -> None:
        self._queue.put((name, data))

    def close(self, failed: bool) -> None:
        """Wait for every member, close the file; raise the thread's error (a full disk) unless
        the caller is already failing."""
        self._queue.put(None)
        self._thread.join()
        try:
            self._zip.close()
        except OSError:
            if not (failed or self._error):
                raise
        if self._error is not None and not failed:
            raise self._error


@dataclass
class Workbook:
    sheets: list[Sheet] = field(default_factory=list)
    active: int = 0
    shared: SharedStrings = field(default_factory=SharedStrings)
    _writer: _ZipWriter | None = None
    _written: set[int] = field(default_factory=set)  # sheets already in the zip (streaming)

    def add(self, name: str) -> Sheet:
        sheet = Sheet(name, shared=self.shared)
        self.sheets.append(sheet)
        return sheet

    @contextmanager
    def streaming(self, path: Path) -> Iterator[None]:
        """Write the workbook to ``path`` as it is built: ``done(sheet)`` sends a finished
        sheet to the zip at once (compressed on another thread), and leaving the block writes
        the rest — the other sheets, the shared strings, the workbook and, last, the content
        types, the order openpyxl writes them in. An error inside the block leaves a partial
        file for the caller to discard."""
        self._writer = writer = _ZipWriter(path)
        failed = True
        try:
            yield
            for i, sheet in enumerate(self.sheets, 1):
                if i not in self._written:
                    self.done(sheet)
            for name, data in self._parts(order="last"):
                writer.write(name, data)
            failed = False
        finally:
            self._writer = None
            writer.close(failed)

    def done(self, sheet: Sheet) -> None:
        """``sheet`` is complete: while streaming, its XML goes to the zip now; otherwise
        nothing (``save`` writes every sheet)."""
        if self._writer is None:
            return
        number = next(i for i, s in enumerate(self.sheets, 1) if s is sheet)
        self._writer.write(f"xl/worksheets/sheet{number}.xml", sheet.xml())
        self._written.add(number)

    def save(self, path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, data in self._parts(order="first"):
                z.writestr(name, data)
            for i, sheet in enumerate(self.sheets, 1):
                z.writestr(f"xl/worksheets/sheet{i}.xml", sheet.xml())

    def _parts(self, order: str) -> list[tuple[str, str]]:
        """The workbook's parts but the sheets: the content types first (``save``, as this
        writer always did) or last (``streaming``, as openpyxl does)."""
        n = len(self.sheets)
        ns = "http://schemas.openxmlformats.org/"
        types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="applica'
                        f'tion/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                        for i in range(1, n + 1))
        defined = ""
        filters = [(i, s) for i, s in enumerate(self.sheets) if s.freeze and len(s.rows) > 1]
        if filters:
            defined = "<definedNames>" + "".join(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                f"{escape(_quoted(s.name))}!$A$1:${column(s.columns)}${len(s.rows)}"
                "</definedName>" for i, s in filters) + "</definedNames>"
        content_types = ("[Content_Types].xml", f'<?xml version="1.0" encoding="UTF-8" '
                         f'standalone="yes"?><Types xmlns="{ns}package/2006/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                         'package.relationships+xml"/><Default Extension="xml" ContentType="'
                         'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
                         'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
                         '+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                         f"{types}</Types>")
        sheets = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
                         for i, s in enumerate(self.sheets, 1))
        rels = "".join(f'<Relationship Id="rId{i}" Type="{ns}officeDocument/2006/'
                       f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, n + 1))
        parts = [
            ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship '
             f'Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>'),
            ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" '
             f'standalone="yes"?><workbook xmlns="{ns}spreadsheetml/2006/main" '
             f'xmlns:r="{ns}officeDocument/2006/relationships"><bookViews><workbookView '
             f'activeTab="{self.active}"/></bookViews><sheets>{sheets}</sheets>'
             f"{defined}</workbook>"),
            ("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" '
             f'standalone="yes"?><Relationships xmlns="{ns}package/2006/relationships">'
             f'{rels}<Relationship Id="rId{n + 1}" Type="{ns}officeDocument/2006/'
             'relationships/styles" Target="styles.xml"/><Relationship Id='
             f'"rId{n + 2}" Type="{ns}officeDocument/2006/relationships/sharedStrings" '
             'Target="sharedStrings.xml"/></Relationships>'),
            ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", self.shared.xml()),
        ]
        return [content_types, *parts] if order == "first" else [*parts, content_types]


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def sheet_ref(name: str, row: int, col: int = 1) -> str:
    """'明细-提案'!A5: a link target inside the workbook."""
    return f"{_quoted(name)}!{column(col)}{row}"
