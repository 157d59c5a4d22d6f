"""打印 (Ctrl+P) of a record page: the rows the list shows — same filter, search and order —
with the columns it shows (room to spare goes by their widths on screen); and the print
preview every printed table goes through (the standard tables of 打印表格 too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.errors import AppError
from app.exchange.printable import PrintableTable
from app.text.numerals import cn_date
from ui.framework.background import Progress, run_with_progress
from ui.framework.columns import display
from ui.framework.context import PageContext
from ui.framework.page_export import view_title

if TYPE_CHECKING:
    from ui.framework.record_page import RecordPage

#: a list longer than this is printed only after the clerk confirms (60 000 events of a city
#: decade make 2 000+ pages and minutes of work)
MANY_ROWS = 2000


def preview_table(ctx: PageContext, table: PrintableTable) -> bool:
    """The print preview of ``table`` (A4 landscape); True when it was sent to a printer.
    A printer that cannot start, or a PDF file that cannot be written, is reported, not
    raised out of Qt's paint signal; a PDF file is written whole or not at all."""
    # QtPrintSupport: loaded when used
    from ui.framework.printing import TablePrinter, new_printer, print_atomically

    printer = new_printer()
    printer.setDocName(table.title)
    painter = TablePrinter(table)
    failures: list[str] = []

    def paint(target: Any) -> None:
        try:
            print_atomically(target, painter.paint)
        except (OSError, AppError) as exc:
            failures.append(str(exc))

    printed = ctx.dialogs.print_preview(table.title, printer, paint)
    if failures:
        ctx.dialogs.warning("打印", failures[-1])
        return False
    return printed


class PagePrint:
    """The 打印 of a record page (``page.printer``), a sibling of its ``exporter``."""

    def __init__(self, page: RecordPage) -> None:
        self.page = page
        self.ctx = page.ctx

    def print_view(self) -> None:
        """Ctrl+P: a print preview of the list as it is shown."""
        page = self.page
        if page.model.rowCount() == 0:
            self.ctx.dialogs.info("打印", "列表中没有记录，没有可打印的内容。"
                                        "可以清除搜索文字或把筛选条件改回“全部”。")
            return
        n = page.model.rowCount()
        if n > MANY_ROWS and not self.ctx.dialogs.confirm(
                "打印", f"列表中共有 {n} 条记录，打印约需 {n // 25} 页以上，准备预览也要较长时间。"
                "\n建议先按年度等条件筛选。仍要打印全部吗？"):
            return
        read = self.reader()
        rows = run_with_progress(page, f"正在准备打印{page.title}", read)
        if rows is None:
            return
        preview_table(self.ctx, self.view_table(rows))

    def reader(self) -> Callable[[Progress, Callable[[], bool]], list[list[str]] | None]:
        """Reads the shown rows (in the list's order) off the GUI thread; None: cancelled."""
        page = self.page
        columns = list(page.model.columns)
        ids = page.model.ids()

        def read(progress: Progress, should_cancel: Callable[[], bool]
                 ) -> list[list[str]] | None:
            rows = []
            for start in range(0, len(ids), 500):
                if should_cancel():
                    return None
                progress(f"正在读取第 {start + 1} 条……", start / max(len(ids), 1))
                for record in page.fetch_rows(ids[start:start + 500]):
                    rows.append([display(c.value(record)) for c in columns])
            return rows

        return read

    def view_table(self, rows: list[list[str]]) -> PrintableTable:
        """The shown list as a table to print: title, what it shows, its columns' widths."""
        page = self.page
        columns = list(page.model.columns)
        widths = [float(max(page.table.columnWidth(i), 30)) for i in range(len(columns))]
        return PrintableTable(page.title, view_title(page), self.description(len(rows)),
                              [c.title for c in columns], rows, len(rows), widths=widths)

    def description(self, n: int) -> str:
        """The subtitle: the filters and search in effect, how many rows, when printed."""
        page = self.page
        shown = [box.currentText() for box in page.filter_boxes.values()
                 if box.currentIndex() > 0]
        if page.search.text().strip():
            shown.append(f"搜索“{page.search.text().strip()}”")
        if page.bin_toggle.isChecked():
            shown.insert(0, "回收站")
        where = "，".join(shown) if shown else "全部"
        return f"（{where}；共{n}条；打印日期：{cn_date(dt.date.today())}）"

