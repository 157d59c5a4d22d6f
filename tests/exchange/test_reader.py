"""Any workbook (issue 11, item 5): inflated used ranges read in bounded memory and time,
damaged files give one clear message, .csv is read directly, .xls and .et are explained."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from app.errors import AppError
from app.exchange.apply import ImportRefusedError, import_file
from app.exchange.plan import analyse
from app.exchange.reader import read_workbook
from tests.exchange.conftest import id_number

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["姓名", "性别", "出生年月", "界别", "身份证号", "手机"]


def _roster(rows: int) -> list[list[Any]]:
    return [HEADER] + [[f"新委员{i}", "男", "1980.01", "经济界",
                        id_number("19800101", (2 * i + 1) % 1000), f"1380013{i:04d}"]
                       for i in range(rows)]


def _stray(path: Path, rows: int = 20) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in _roster(rows):
        ws.append(row)
    ws["XFD1048576"] = "x"  # one stray cell: the used range becomes the whole sheet
    wb.save(path)
    return path


def test_a_stray_cell_at_xfd1048576_reads_in_bounded_memory_and_time(tmp_path: Path) -> None:
    path = _stray(tmp_path / "stray.xlsx")
    assert path.stat().st_size < 20_000
    with zipfile.ZipFile(path) as z:  # the workbook does declare the whole sheet
        assert b'ref="A1:XFD1048576"' in z.read("xl/worksheets/sheet1.xml")
    script = textwrap.dedent(f"""
        import json, resource, time
        from app.exchange.reader import read_workbook
        start = time.perf_counter()
        sheets = read_workbook({str(path)!r})
        took = time.perf_counter() - start
        # VmHWM is this process's own peak; ru_maxrss can include the forking parent's
        try:
            with open("/proc/self/status") as status:
                peak = next(int(line.split()[1]) for line in status
                            if line.startswith("VmHWM:")) // 1024
        except OSError:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(json.dumps([len(sheets[0].rows), sheets[0].width, sheets[0].ignored, peak, took]))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert out.returncode == 0, out.stderr
    rows, width, ignored, peak, took = json.loads(out.stdout)
    assert (rows, width, ignored) == (21, len(HEADER), ["XFD1048576"])
    assert peak <= 200, f"peak RSS {peak} MB"
    assert took < 20


def test_a_stray_cell_does_not_stop_the_import(db: Any, world: Any, actor: Any,
                                               tmp_path: Path) -> None:
    plan = analyse(db, _stray(tmp_path / "stray.xlsx", rows=3), "members")
    assert [str(p) for p in plan.problems if p.warning] == [
        "（提示）工作表“Sheet”中远离表格的1个单元格（XFD1048576）不属于表格，未读取"]
    assert plan.ok and len(plan.entries) == 3


def test_a_table_with_a_gap_keeps_its_rows(book: Callable[..., Path]) -> None:
    rows: list[list[Any]] = _roster(2) + [[None]] * 150 + [["新委员9", "男"]]
    sheet = read_workbook(book("gap.xlsx", rows))[0]
    assert len(sheet.rows) == 3 + 150 + 1 and not sheet.ignored


def _damaged(tmp_path: Path, book: Callable[..., Path], how: str) -> Path:
    good = book("good.xlsx", _roster(3))
    data = good.read_bytes()
    path = tmp_path / f"{how}.xlsx"
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "not-a-zip":
        path.write_bytes("姓名,性别\n张琳,女\n".encode() * 20)
    elif how == "old-xls":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    elif how in ("no-sheet-xml", "bad-sheet-xml"):
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as out:
            for item in src.infolist():
                body = src.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    if how == "no-sheet-xml":
                        continue
                    body = body[: len(body) // 2]
                out.writestr(item, body)
    elif how == "empty":
        path.write_bytes(b"")
    return path


@pytest.mark.parametrize("how", ["truncated", "not-a-zip", "old-xls", "no-sheet-xml",
                                 "bad-sheet-xml", "empty"])
def test_a_damaged_workbook_gives_one_clear_message(db: Any, world: Any, actor: Any,
                                                    tmp_path: Path, book: Callable[..., Path],
                                                    snapshot: Callable[[], Any],
                                                    how: str) -> None:
    path = _damaged(tmp_path, book, how)
    before = snapshot()
    with pytest.raises(AppError) as caught:
        analyse(db, path, "members")
    message = str(caught.value)
    assert message.startswith(f"无法读取“{path.name}”") and "另存为" in message, message
    assert "Traceback" not in message and "Error" not in message
    with pytest.raises(AppError) as again:
        import_file(db, path, "members", actor)
    assert not isinstance(again.value, ImportRefusedError) and str(again.value) == message
    assert snapshot() == before


@pytest.mark.parametrize("suffix,name", [(".xls", "旧版 Excel（.xls）"),
                                         (".et", "WPS 表格（.et）")])
def test_xls_and_et_files_say_how_to_save_as_xlsx(tmp_path: Path, suffix: str, name: str
                                                 ) -> None:
    path = tmp_path / f"名册{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(AppError) as caught:
        read_workbook(path)
    assert name in str(caught.value)
    assert "另存为" in str(caught.value) and "Excel 工作簿（*.xlsx）" in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_is_read_directly(db: Any, world: Any, actor: Any, tmp_path: Path,
                              encoding: str) -> None:
    lines = [",".join(HEADER),
             f"孙芳,女,1981.02,经济界,{id_number('19810203', 22)},138 0013 8000",
             f"周涛,男,1979-5,教育界,{id_number('19790505', 31)},13800138001"]
    path = tmp_path / "名册.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    result = import_file(db, path, "members", actor)
    assert len(result.created) == 2, result.summary()
    from app.services.members import MemberService
    names = {m.name: m for m in MemberService(db).fetch(result.created)}
    assert names["孙芳"].mobile == "13800138000"
    assert names["周涛"].birth_date.isoformat() == "1979-05-05"


def test_csv_with_an_unknown_encoding_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "名册.csv"
    path.write_bytes(b"\xff\xfe\x00\xd8" * 50)
    with pytest.raises(AppError) as caught:
        read_workbook(path)
    assert "编码" in str(caught.value)


def test_reading_time_follows_the_stored_cells(tmp_path: Path) -> None:
    path = _stray(tmp_path / "big.xlsx", rows=499)
    start = time.perf_counter()
    sheet = read_workbook(path)[0]
    assert len(sheet.rows) == 500 and time.perf_counter() - start < 10
