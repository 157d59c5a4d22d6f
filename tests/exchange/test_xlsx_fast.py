"""The fast .xlsx reader (app/exchange/xlsx_fast.py, issue #15) gives exactly the cells
openpyxl's read-only mode gives: property-tested over generated workbooks — text, numbers with
and without decimals formats, dates, times and durations in both epochs, booleans, formulas,
rich text, merged ranges, hidden sheets, inline and shared strings (with phonetic runs and
escapes) — and on the benchmark roster; what it does not expect is read by openpyxl."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from app.errors import AppError
from app.exchange import xlsx_fast
from app.exchange.reader import read_workbook, read_xlsx_fast, read_xlsx_openpyxl

_TEXT = st.one_of(st.sampled_from(["张琳", " 王 伟 ", "007", "1980.01", "  ", "", "x005F_x",
                                   "a&b<c>", "第十届", "中共党员", "13800138000",
                                   "14042819800101001X"]),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                          max_size=12))
_VALUE = st.one_of(
    st.none(), _TEXT,
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2099, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2099, 12, 31)),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=900)),
    st.sampled_from(["=1+1", "=A1"]),
    st.lists(_TEXT, min_size=1, max_size=3).map(lambda parts: ("rich", parts)),
)
_FORMATS = st.sampled_from([None, "General", "0.00", "0.0", "0", "#,##0.00", "yyyy-mm-dd",
                            "yyyy\"年\"m\"月\"", "@", "[h]:mm:ss"])


def _put(ws: Any, row: int, column: int, value: Any, number_format: str | None) -> None:
    if isinstance(value, tuple):  # rich text: runs in two fonts
        value = CellRichText([TextBlock(InlineFont(b=i % 2 == 0), part) if part else "x"
                              for i, part in enumerate(value[1])])
    cell = ws.cell(row=row, column=column, value=value)
    if number_format and not isinstance(value, (dt.date, dt.time, dt.timedelta)):
        cell.number_format = number_format


@st.composite
def workbooks(draw: Any) -> dict[str, Any]:
    sheets = []
    for _ in range(draw(st.integers(1, 3))):
        rows = draw(st.integers(0, 6))
        columns = draw(st.integers(1, 5))
        cells = [[(draw(_VALUE), draw(_FORMATS)) for _c in range(columns)] for _r in range(rows)]
        merges = draw(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 5),
                                         st.integers(0, 2), st.integers(0, 2)), max_size=2))
        sheets.append({"cells": cells, "merges": merges, "offset": draw(st.integers(0, 3)),
                       "hidden": draw(st.booleans())})
    return {"sheets": sheets, "epoch1904": draw(st.booleans()),
            "shared": draw(st.booleans()), "iso": draw(st.booleans())}


def _save(spec: dict[str, Any], path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    if spec["epoch1904"]:
        wb.epoch = CALENDAR_MAC_1904
    wb.iso_dates = spec["iso"]  # dates written as t="d" ISO text
    for n, sheet in enumerate(spec["sheets"]):
        ws = wb.create_sheet(f"表{n + 1}")
        top = sheet["offset"]
        for r, row in enumerate(sheet["cells"], start=1 + top):
            for c, (value, number_format) in enumerate(row, start=1):
                _put(ws, r, c, value, number_format)
        taken: set[tuple[int, int]] = set()
        for r, c, down, right in sheet["merges"]:
            box = {(r + i, c + j) for i in range(down + 1) for j in range(right + 1)}
            if (down or right) and not box & taken:
                taken |= box
                ws.merge_cells(start_row=r, start_column=c, end_row=r + down,
                               end_column=c + right)
        if sheet["hidden"] and n:
            ws.sheet_state = "hidden"
    wb.save(path)
    if spec["shared"]:
        shared_strings(path)
    return path


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)


def shared_strings(path: Path, phonetic: bool = True) -> None:
    """Rewrite an openpyxl workbook (inline strings) as Excel and WPS save it: every string
    in ``xl/sharedStrings.xml``, the cells holding its index; a phonetic run is added to
    each string, as Excel's Japanese and Chinese IMEs store them (never text)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    table: list[bytes] = []

    def to_shared(match: re.Match[bytes]) -> bytes:
        inner = match[3]
        if phonetic:
            inner += b'<rPh sb="0" eb="1"><t>pin</t></rPh>'
        table.append(inner)
        return b'<c %st="s"%s><v>%d</v></c>' % (match[1], match[2], len(table) - 1)

    for name in list(parts):
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = _INLINE.sub(to_shared, parts[name])
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = (b'<sst xmlns="%s" count="%d" uniqueCount="%d">' % (
        main, len(table), len(table)) + b"".join(b"<si>%s</si>" % s for s in table) + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.'
        b'org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _same(path: Path) -> None:
    expected = read_xlsx_openpyxl(path)
    assert read_xlsx_fast(path) == expected  # the fast path itself, without fallback
    assert read_workbook(path) == expected


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=workbooks())
def test_the_fast_reader_reads_what_openpyxl_reads(spec: dict[str, Any],
                                                  tmp_path_factory: Any) -> None:
    path = _save(spec, tmp_path_factory.mktemp("fast") / "book.xlsx")
    _same(path)


def test_shared_strings_with_rich_text_phonetics_and_escapes(tmp_path: Path) -> None:
    spec = {"sheets": [{"cells": [[("张  琳", None), (("rich", ["王", "伟"]), None)],
                                  [("x005F_x000D_", None), ("  ", "@")],
                                  [(1.5, "0.00"), (dt.date(1980, 1, 1), None)],
                                  [("经济界", None), (None, None)]],
                        "merges": [(5, 1, 0, 1)], "offset": 1, "hidden": False}],
            "epoch1904": False, "shared": True, "iso": False}
    path = _save(spec, tmp_path / "shared.xlsx")
    with zipfile.ZipFile(path) as z:
        assert b"<rPh" in z.read("xl/sharedStrings.xml")
        assert b'<r>' in z.read("xl/sharedStrings.xml")  # a rich-text run, shared
    _same(path)
    rows = read_xlsx_fast(path)[0].rows
    assert [c.value for c in rows[1]] == ["张  琳", "王伟"]
    assert rows[2][0].value == "x000D_"  # openpyxl drops "x005F_" from shared strings
    assert rows[3][0].decimals == 2 and rows[3][1].value == dt.datetime(1980, 1, 1)
    assert rows[4][1] == ("经济界", True, None)  # merged across: repeated, marked


def test_the_benchmark_roster_reads_alike(tmp_path: Path) -> None:
    from app.bench.exchange import write_roster

    path = write_roster(tmp_path / "roster.xlsx", "第十四届", ["经济界", "教育界"], rows=300)
    _same(path)
    shared_strings(path)
    _same(path)
    assert len(read_xlsx_fast(path)[0].rows) == 303


def test_a_large_part_is_streamed_with_the_same_cells(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from app.bench.exchange import write_roster

    path = write_roster(tmp_path / "roster.xlsx", "第十四届", ["经济界"], rows=120)
    shared_strings(path)
    expected = read_xlsx_openpyxl(path)
    monkeypatch.setattr(xlsx_fast, "_WHOLE", 4096)  # every part "large": lxml, in chunks
    monkeypatch.setattr(xlsx_fast, "_CHUNK", 1000)
    assert read_xlsx_fast(path) == expected
    assert read_xlsx_fast(path, max_rows=10) == read_xlsx_openpyxl(path, max_rows=10)
    _rewrite(path, lambda xml: xml.replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY n "\xe5\xbc\xa0">]><worksheet', 1))
    with pytest.raises(xlsx_fast.UnusualWorkbookError):  # entities: left to openpyxl
        read_xlsx_fast(path)
    assert read_workbook(path) == read_xlsx_openpyxl(path)


def _rewrite(path: Path, change: Any) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.mark.parametrize(("change", "unusual"), [
    (lambda xml: xml.replace(b'<row r="2"', b'<row r="2.0"'), True),  # openpyxl takes it
    (lambda xml: xml.replace(b'r="B2"', b'r="b2"'), True),  # openpyxl refuses it
    (lambda xml: xml.replace(b"<sheetData>", b"<sheetData><!-- WPS -->"), False),
], ids=["float-row", "lowercase-ref", "comment"])
def test_what_the_fast_reader_does_not_expect_is_read_by_openpyxl(
        tmp_path: Path, change: Any, unusual: bool) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "出生年月"])
    ws.append(["张琳", dt.date(1980, 1, 1)])
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    _rewrite(path, change)
    if unusual:
        with pytest.raises((xlsx_fast.UnusualWorkbookError, KeyError)):
            read_xlsx_fast(path)
    try:
        expected = read_xlsx_openpyxl(path)
    except Exception:  # openpyxl refuses it: so does the reader, with its message
        with pytest.raises(AppError, match="无法读取"):
            read_workbook(path)
        return
    assert read_workbook(path) == expected
    assert expected[0].rows[1][0].value == "张琳"


def test_an_unreadable_value_falls_back_to_openpyxl_and_its_message(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", 1])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    _rewrite(path, lambda xml: xml.replace(b"<v>1</v>", b"<v>abc</v>"))
    with pytest.raises(ValueError):
        read_xlsx_fast(path)
    with pytest.raises(Exception, match="文件已损坏或不完整"):
        read_workbook(path)
