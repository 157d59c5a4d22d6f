"""Printing a table on paper: A4 landscape, the title (and subtitle) on the first page, the
column headers repeated on every page, "第N页 共M页" at the foot of each page.

``print_atomically`` makes printing into a PDF file (the print dialog's "打印到文件") a write
like every other: painted into a temporary file beside the chosen one, which replaces it
through ``app.fileio`` only when every page is painted, so a failure midway leaves an
existing PDF as it was. (A Windows "PDF printer" driver writes its file itself, outside
Qt: that one is the driver's.)

``TablePrinter`` lays a ``PrintableTable`` out for one printer (its page size, margins and
resolution) and paints it; the print preview calls ``paint`` again whenever the clerk changes
the paper or orientation. Paper is white whatever the screen's theme, so the ink is black.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from app import fileio
from app.exchange.printable import PrintableTable

WRAP = Qt.TextFlag.TextWordWrap
HEADER_FILL = QColor(232, 232, 232)  # paper, not screen: the same in both themes
GROUP_FILL = QColor(244, 244, 244)


def new_printer() -> QPrinter:
    """A printer set up as the office prints tables: A4 landscape, 12 mm margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Landscape,
                                      QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    return printer


def prints_to_pdf_file(printer: QPrinter) -> bool:
    """Whether painting on ``printer`` now writes a PDF file: Qt's PDF output with a file
    name, and not the print preview (which paints the same printer through its own engine)."""
    engine = printer.paintEngine()
    return (printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            and bool(printer.outputFileName())
            and engine is not None and engine.type() == QPaintEngine.Type.Pdf)


def print_atomically(printer: QPrinter, paint: Callable[[QPrinter], int]) -> int:
    """``paint(printer)``; into a PDF file, through a temporary file beside it that replaces
    the file only once every page is painted (``app.fileio``: retried while a reader holds
    the file, then a Chinese message naming it). A failure midway leaves the file as it was
    and no temporary file behind; the printer keeps the file name the clerk chose."""
    if not prints_to_pdf_file(printer):
        return paint(printer)
    target = Path(printer.outputFileName())
    try:
        with fileio.atomic_path(target) as temp:
            temp.write_bytes(b"")  # a folder we may not write to fails here, by its real cause
            printer.setOutputFileName(str(temp))
            pages = paint(printer)
            if temp.stat().st_size == 0:
                raise OSError(f"PDF 文件“{target.name}”没有写成（0 字节）")
    finally:
        printer.setOutputFileName(str(target))
    return pages


def cell_text(value: Any) -> str:
    """A cell as printed: nothing for None, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class _Item:
    kind: str  # "row" | "group" | "total" | "note"
    index: int
    height: float


class TablePrinter:
    """Lays out and paints one table; ``pages`` is known after ``paint`` (or ``layout``)."""

    def __init__(self, table: PrintableTable, family: str | None = None) -> None:
        self.table = table
        self.family = family or QGuiApplication.font().family()
        self.pages: list[list[_Item]] = []
        self.cells = [[cell_text(v) for v in row] if not isinstance(row, str) else row
                      for row in table.rows]
        self.total = ([cell_text(v) for v in table.total] if table.total is not None
                      else None)

    def _font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    # ----- layout --------------------------------------------------------------------
    def layout(self, printer: QPrinter) -> list[list[_Item]]:
        """Split the rows into pages for this printer's paper."""
        self.area = printer.pageLayout().paintRectPixels(printer.resolution()).toRectF()
        self.area.moveTo(0, 0)
        dpi = printer.resolution()
        self.pad = dpi * 0.7 / 25.4  # 0.7 mm inside each cell
        self.fonts = {"title": self._font(16, True), "subtitle": self._font(10.5),
                      "header": self._font(10, True), "body": self._font(9.5),
                      "bold": self._font(9.5, True), "note": self._font(9),
                      "footer": self._font(9)}
        self.metrics = {k: QFontMetricsF(f, printer) for k, f in self.fonts.items()}
        self.columns = self._column_widths()
        self.footer_height = self.metrics["footer"].height() * 2
        bottom = self.area.height() - self.footer_height
        self.title_height = self.metrics["title"].height() * 1.6 + (
            self.metrics["subtitle"].height() * 1.6 if self.table.subtitle else 0)
        self.header_height = self._row_height(list(self.table.headers), "header")
        items = [_Item("group" if isinstance(row, str) else "row", i,
                       self._group_height() if isinstance(row, str)
                       else self._row_height(list(row), "body"))
                 for i, row in enumerate(self.cells)]
        if self.total is not None:
            items.append(_Item("total", 0, self._row_height(self.total, "bold")))
        items += [_Item("note", i, self._note_height(note))
                  for i, note in enumerate(self.table.notes)]
        pages: list[list[_Item]] = [[]]
        y = self.title_height + self.header_height
        room = bottom - self.header_height  # a row taller than a page is cut at the foot
        for item in items:
            height = min(item.height, room)
            if pages[-1] and y + height > bottom:
                pages.append([])
                y = self.header_height
            item.height = height
            pages[-1].append(item)
            y += height
        self.pages = pages
        return pages

    def _column_widths(self) -> list[float]:
        """Each column as wide as its longest line (header or cell) where the paper allows;
        otherwise the short columns (dates, counts, states) keep their width and the long
        ones (titles, units) share the rest and wrap. Room left over goes by the table's own
        widths (the columns' widths on screen for a list)."""
        page = self.area.width()
        body, header = self.metrics["bold"], self.metrics["header"]
        natural = []
        for column, title in enumerate(self.table.headers):
            lines = [header.horizontalAdvance(t) for t in str(title).split("\n")]
            lines += [body.horizontalAdvance(row[column]) for row in self.cells
                      if not isinstance(row, str) and column < len(row)]
            if self.total is not None and column < len(self.total):
                lines.append(body.horizontalAdvance(self.total[column]))
            natural.append(min(max(lines) + 2 * self.pad + 1, page * 0.4))
        preferred = self.table.column_widths()
        if not natural:
            return []
        if sum(natural) <= page:
            spare = page - sum(natural)
            return [n + spare * w / max(sum(preferred), 1)
                    for n, w in zip(natural, preferred, strict=True)]
        fair = page / len(natural)
        short = sum(n for n in natural if n <= fair)
        long = sum(n for n in natural if n > fair)
        share = (page - short) / long if long else 1.0
        return [n if n <= fair else n * share for n in natural]

    def _text_height(self, text: str, width: float, kind: str) -> float:
        rect = QRectF(0, 0, max(width - 2 * self.pad, 1), 1e7)
        return self.metrics[kind].boundingRect(rect, int(WRAP), text).height()

    def _row_height(self, row: list[str], kind: str) -> float:
        line = self.metrics[kind].height()
        tallest = max([line, *(self._text_height(t, w, kind)
                               for t, w in zip(row, self.columns, strict=False) if t)])
        return tallest + 2 * self.pad

    def _group_height(self) -> float:
        return self.metrics["bold"].height() + 2 * self.pad

    def _note_height(self, note: str) -> float:
        return self._text_height(note, self.area.width(), "note") + self.pad

    # ----- painting ------------------------------------------------------------------
    def paint(self, printer: QPrinter) -> int:
        """Paint every page on ``printer``; the number of pages."""
        pages = self.layout(printer)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("打印机无法开始打印（可能已脱机或没有安装）。")
        try:
            pen = QPen(Qt.GlobalColor.black)
            pen.setWidthF(max(printer.resolution() / 160, 1.0))
            painter.setPen(pen)
            for number, page in enumerate(pages, 1):
                if number > 1:
                    printer.newPage()
                y = 0.0
                if number == 1:
                    y = self._paint_title(painter)
                if any(item.kind != "note" for item in page):
                    y = self._paint_row(painter, y, list(self.table.headers), "header",
                                        self.header_height, fill=HEADER_FILL, center=True)
                for item in page:
                    y = self._paint_item(painter, y, item)
                self._paint_footer(painter, number, len(pages))
        except BaseException:
            painter.end()
            raise
        if not painter.end():  # the printer (or the PDF file) failed at the end
            raise OSError("打印没有完成：打印机或文件在最后写入时出错。")
        return len(pages)

    def _paint_title(self, painter: QPainter) -> float:
        width = self.area.width()
        height = self.metrics["title"].height() * 1.6
        painter.setFont(self.fonts["title"])
        painter.drawText(QRectF(0, 0, width, height), int(Qt.AlignmentFlag.AlignCenter),
                         self.table.title)
        y = height
        if self.table.subtitle:
            sub = self.metrics["subtitle"].height() * 1.6
            painter.setFont(self.fonts["subtitle"])
            painter.drawText(QRectF(0, y, width, sub), int(Qt.AlignmentFlag.AlignCenter),
                             self.table.subtitle)
            y += sub
        return y

    def _paint_item(self, painter: QPainter, y: float, item: _Item) -> float:
        if item.kind == "row":
            row = self.cells[item.index]
            assert not isinstance(row, str)
            return self._paint_row(painter, y, row, "body", item.height)
        if item.kind == "total" and self.total is not None:
            return self._paint_row(painter, y, self.total, "bold", item.height)
        if item.kind == "group":
            rect = QRectF(0, y, self.area.width(), item.height)
            painter.fillRect(rect, GROUP_FILL)
            painter.drawRect(rect)
            painter.setFont(self.fonts["bold"])
            painter.drawText(rect.adjusted(self.pad, 0, -self.pad, 0),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             str(self.cells[item.index]))
            return y + item.height
        painter.setFont(self.fonts["note"])
        painter.drawText(QRectF(0, y + self.pad, self.area.width(), item.height),
                         int(WRAP | Qt.AlignmentFlag.AlignLeft),
                         self.table.notes[item.index])
        return y + item.height

    def _paint_row(self, painter: QPainter, y: float, row: list[str], kind: str,
                   height: float, fill: QColor | None = None, center: bool = False) -> float:
        painter.setFont(self.fonts[kind])
        x = 0.0
        centred = set(self.table.center_columns)
        for column, width in enumerate(self.columns):
            rect = QRectF(x, y, width, height)
            if fill is not None:
                painter.fillRect(rect, fill)
            painter.drawRect(rect)
            text = row[column] if column < len(row) else ""
            across = (Qt.AlignmentFlag.AlignHCenter if center or column in centred
                      else Qt.AlignmentFlag.AlignLeft)
            painter.save()
            painter.setClipRect(rect)
            painter.drawText(rect.adjusted(self.pad, self.pad, -self.pad, -self.pad),
                             int(WRAP | across | Qt.AlignmentFlag.AlignVCenter), text)
            painter.restore()
            x += width
        return y + height

    def _paint_footer(self, painter: QPainter, number: int, total: int) -> None:
        painter.setFont(self.fonts["footer"])
        rect = QRectF(0, self.area.height() - self.footer_height, self.area.width(),
                      self.footer_height)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), f"第{number}页 共{total}页")
