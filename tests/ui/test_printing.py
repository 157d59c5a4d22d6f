"""打印 of a list page (Ctrl+P) and of 打印表格's standard tables, through the same print path
the preview uses, into a PDF file read back with poppler's pdfinfo / pdftotext; and the one
year every page opens on."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter

from app.demo import generate_demo
from app.services.status import default_year

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) is not installed")


@pytest.fixture
def demo_window(db, request) -> Any:
    """The main window (conftest's ``window``) opened on the demo database: the demo is
    written first, so the window and its 首页 are built on it."""
    generate_demo(db, scale="county", seed=5)
    return request.getfixturevalue("window")


class PdfPrinting:
    """Stands in for the print preview: prints what it would show into a PDF file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []
        self.printers: list[QPrinter] = []

    def __call__(self, title: str, printer: QPrinter, paint: Any) -> bool:
        path = self.folder / f"{len(self.files)}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        paint(printer)
        self.files.append(path)
        self.printers.append(printer)
        return True


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


#: glyphs the CJK fonts share with a radical come back from pdftotext as the radical
SIMPLIFIED_RADICALS = str.maketrans("⻚⻓⻅⻔⻢⻋⻉⻜⻥⻛⻬⻙⻰⻘⻝⻆⻦⻧⻨⻩⺠⻣⻈",
                                    "页长见门马车贝飞鱼风齐韦龙青食角鸟卤麦黄民骨讠")


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return unicodedata.normalize("NFKC", text).translate(SIMPLIFIED_RADICALS)


def missing_in_order(text: str, words: list[str]) -> list[str]:
    """The words not found in ``text`` in this order (empty: all are, in order)."""
    at, missing = 0, []
    for word in words:
        found = text.find(word, at)
        if found < 0:
            missing.append(word)
        else:
            at = found + len(word)
    return missing


def test_ctrl_p_prints_the_list_as_shown(demo_window, db, qtbot, tmp_path) -> None:
    """Every shown row, in the list's order, on A4 landscape pages; the title and the filters
    on the first page, the column headers on every page, 第N页 共M页 on each."""
    printing = PdfPrinting(tmp_path)
    demo_window.dialogs.print_preview = printing
    page = demo_window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() > 100)
    names = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(printing.files) == 1, timeout=20000)
    pdf = printing.files[0]
    layout = printing.printers[0].pageLayout()
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert layout.pageSize().name() == "A4"
    pages = pdf_pages(pdf)
    assert pages >= 3  # 200-odd members
    first = pdf_text(pdf, 1)
    assert "委员" in first.split("\n")[0] and f"共{len(names)}条" in first
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    for number in range(1, pages + 1):
        text = pdf_text(pdf, number)
        assert f"第{number}页 共{pages}页" in text
        assert all(h in text for h in headers[:3]), number  # the headers on every page
    text = pdf_text(pdf).replace(" ", "")
    assert missing_in_order(text, [unicodedata.normalize("NFKC", n).replace(" ", "")
                                   for n in names]) == []

    page.search.setText(names[0])  # filtered as on screen: only the matching rows
    qtbot.waitUntil(lambda: page.model.rowCount() < 5)
    shown = page.model.rowCount()
    page.print_button.click()
    qtbot.waitUntil(lambda: len(printing.files) == 2, timeout=20000)
    text = pdf_text(printing.files[1])
    assert f"搜索“{names[0]}”" in text and f"共{shown}条" in text
    assert pdf_pages(printing.files[1]) == 1 and names[-1] not in text


def test_an_empty_list_is_not_printed(window, scripted) -> None:
    printed: list[Any] = []
    window.dialogs.print_preview = lambda *a: printed.append(a)
    page = window.show_page("proposals")
    page.print_view()
    assert printed == [] and scripted.messages[-1][:2] == ("info", "打印")


def test_a_standard_table_prints_through_the_preview(demo_window, db, scripted, qtbot,
                                                     tmp_path) -> None:
    printing = PdfPrinting(tmp_path)
    demo_window.dialogs.print_preview = printing
    demo_window.dialogs.ask_choice = lambda title, label, choices: "委员履职统计表"
    page = demo_window.show_page("members")
    seen: dict[str, Any] = {}

    def options(dialog) -> bool:
        seen["year"] = dialog.value("year")
        dialog.output_buttons["print"].click()  # 打印预览…
        return dialog.result() == dialog.DialogCode.Accepted
    scripted.then(options)
    page.data_action_buttons["打印表格"].click()
    assert seen["year"] == default_year(db) == 2025  # the year every page opens on
    pdf = printing.files[0]
    pages = pdf_pages(pdf)
    text = pdf_text(pdf)
    assert "委员履职统计表" in text.split("\n")[0] or "委员履职统计表" in pdf_text(pdf, 1)
    assert "2025年1月1日至2025年12月31日" in text and "合计" in text
    assert "出席率=出席次数÷应出席次数" in text  # the notes under the table
    for number in range(1, pages + 1):
        on_page = pdf_text(pdf, number)
        assert f"第{number}页 共{pages}页" in on_page
        if "合计" in on_page or number < pages:  # the notes may end on a page of their own
            assert "出席率" in on_page  # the header row repeats


def test_a_standard_table_still_saves_as_excel(demo_window, scripted, tmp_path) -> None:
    offered: list[str] = []
    opened: list[Path] = []

    def save(title: str, name: str, filters: str) -> Path:
        offered.append(name)
        return tmp_path / name
    demo_window.dialogs.save_file = save
    demo_window.dialogs.open_path = opened.append
    page = demo_window.show_page("proposals")

    def options(dialog) -> bool:
        dialog.boxes["session"].setCurrentIndex(1)  # a plenary session
        dialog.output_buttons["excel"].click()
        return dialog.result() == dialog.DialogCode.Accepted
    scripted.then(options)
    page.data_action_buttons["打印表格"].click()
    assert re.fullmatch(r"[十一二三四五六七八九]+届[一二三四五六七八九十]+次会议"
                        r"提案办理情况统计表\.xlsx", offered[0]), offered
    assert opened == [tmp_path / offered[0]] and opened[0].exists()


def test_every_page_opens_on_the_same_year(demo_window, db, scripted) -> None:
    """The latest year with records (2025 in the demo, whose records stop at its end), not
    this year: every list's 年度, 首页, 文稿生成, 履职考核 and 打印表格."""
    year = default_year(db)
    assert year == 2025
    win = demo_window
    for key in ("proposals", "opinions", "honors", "meetings", "activities"):
        page = win.show_page(key)
        assert page.filter_boxes["year"].currentData() == year, key
    platforms = win.show_page("platforms")
    assert platforms.sessions.filter_boxes["year"].currentData() == year
    publicity = win.show_page("publicity")
    for inner in (publicity.media, publicity.publications):
        assert inner.filter_boxes["year"].currentData() == year
    assert win.show_page("dashboard").year_box.currentData() == year
    assert win.show_page("reports").year_box.currentData() == year
    assert win.show_page("scoring").year.currentData() == year
    from ui.pages.print_tables import OPINION_STATS, TableOptions

    options = TableOptions(win.show_page("opinions"), OPINION_STATS)
    assert options.value("year") == year
    options.deleteLater()


def test_a_long_list_is_printed_only_when_confirmed(demo_window, scripted, qtbot, tmp_path,
                                                    monkeypatch) -> None:
    import ui.framework.printing_page as printing_page

    monkeypatch.setattr(printing_page, "MANY_ROWS", 50)
    printing = PdfPrinting(tmp_path)
    demo_window.dialogs.print_preview = printing
    asked: list[str] = []
    demo_window.dialogs.confirm = lambda title, text: asked.append(text) or False
    page = demo_window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() > 50)
    page.print_view()
    assert printing.files == [] and f"共有 {page.model.rowCount()} 条记录" in asked[0]


@pytest.fixture
def members_window(window, db, actor) -> Any:
    """The main window with 120 members: a list that prints on several pages."""
    from app.services.members import MemberService

    members = MemberService(db)
    for n in range(120):
        members.create(actor, {"name": f"委员{n:03d}"})
    return window


class PdfFileStandIn:
    """The print preview's 打印 → 打印到文件 ``target`` (what Qt's dialogs set on the printer)."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __call__(self, title: str, printer: QPrinter, paint: Any) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.target))
        paint(printer)
        assert printer.outputFileName() == str(self.target)  # the clerk's name, kept
        return True


def test_a_pdf_is_replaced_whole_or_not_at_all(members_window, scripted, qtbot, tmp_path,
                                               monkeypatch) -> None:
    """打印到文件 over an existing PDF: a print failing on page 2 leaves the old file as it
    was (and no temporary file) with a Chinese message; a print that succeeds replaces it."""
    from ui.framework.printing import TablePrinter

    folder = tmp_path / "打印"
    folder.mkdir()
    target = folder / "委员名单.pdf"
    target.write_bytes(b"%PDF-1.4 the clerk's earlier file")
    before = target.read_bytes()
    members_window.dialogs.print_preview = PdfFileStandIn(target)
    page = members_window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 120)

    real_footer = TablePrinter._paint_footer

    def fail_on_page_two(self: Any, painter: Any, number: int, total: int) -> None:
        if number == 2:
            raise OSError(28, "No space left on device")  # the disk fills midway
        real_footer(self, painter, number, total)

    monkeypatch.setattr(TablePrinter, "_paint_footer", fail_on_page_two)
    page.print_view()
    kind, title, text = scripted.messages[-1]
    assert (kind, title) == ("warning", "打印")
    assert "磁盘空间不足" in text and "委员名单.pdf" in text and "原有文件没有改动" in text
    assert target.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == [target.name]  # no temporary file left

    monkeypatch.setattr(TablePrinter, "_paint_footer", real_footer)
    count = len(scripted.messages)
    page.print_view()
    assert len(scripted.messages) == count  # no warning
    assert [p.name for p in folder.iterdir()] == [target.name]
    pages = pdf_pages(target)
    assert pages >= 3 and f"第{pages}页 共{pages}页" in pdf_text(target, pages)
    assert "委员119" in pdf_text(target)


def test_a_pdf_held_open_is_named_and_kept(members_window, scripted, qtbot, tmp_path,
                                           monkeypatch) -> None:
    """A PDF open in a reader that locks it (Windows): retried, then the clerk is told which
    file to close; the old file stays."""
    import errno

    from app import fileio

    folder = tmp_path / "打印"
    folder.mkdir()
    target = folder / "委员名单.pdf"
    target.write_bytes(b"%PDF-1.4 open in the reader")
    members_window.dialogs.print_preview = PdfFileStandIn(target)
    page = members_window.show_page("members")
    qtbot.waitUntil(lambda: page.model.rowCount() == 120)
    tries: list[object] = []

    def held(src: object, dst: object) -> None:
        tries.append(dst)
        exc = PermissionError(errno.EACCES, "The process cannot access the file")
        exc.winerror = 32  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0.0, 0.0))
    monkeypatch.setattr(fileio.os, "replace", held)
    page.print_view()
    kind, title, text = scripted.messages[-1]
    assert (kind, title) == ("warning", "打印") and len(tries) == 3  # tried, then retried
    assert "正被其他程序使用" in text and "请先在 PDF 阅读器或 WPS 中关闭“委员名单.pdf”" in text
    assert target.read_bytes() == b"%PDF-1.4 open in the reader"
    assert [p.name for p in folder.iterdir()] == [target.name]
