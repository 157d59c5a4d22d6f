"""导出 of a record page: the visible list or a page's other exports, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import AppError
from app.fileio import describe
from ui.framework.background import Progress, run_with_progress

if TYPE_CHECKING:
    from ui.framework.record_page import RecordPage

# write(path, progress(message, fraction), should_cancel) -> message shown afterwards, or None
# when it was cancelled (nothing written); runs off the GUI thread
ExportWriter = Callable[[Path, Progress, Callable[[], bool]], str | None]


@dataclass(frozen=True)
class ExportChoice:
    """Something the 导出 button can write besides the visible list."""

    label: str  # shown in the choice, e.g. "完整记录（可修改后再导入）"
    file_name: str  # suggested file name
    writer: Callable[[], ExportWriter]  # called on the GUI thread; the writer runs in a thread


def view_title(page: RecordPage) -> str:
    """"2025年提案" when the list is narrowed to a year, else the page's title."""
    year = page.filter_boxes.get("year")
    when = year.currentText() if year is not None and year.currentData() is not None else ""
    return f"{when}{page.title}"


def view_file_name(page: RecordPage, extra: str = "") -> str:
    """The name offered for the shown list: what (and which year) it is."""
    return f"{view_title(page)}{extra}.xlsx"


class PageExport:
    """The 导出 of a record page (``page.exporter``): reads the page's ``title``, the
    ``model``'s columns and rows, ``fetch_rows``, ``export_choices`` and ``selected_ids``."""

    VIEW_EXPORT = "当前列表（所见的列）"

    def __init__(self, page: RecordPage) -> None:
        self.page = page
        self.ctx = page.ctx

    def export_view(self) -> None:
        """导出 (Ctrl+E): the visible list, or one of ``export_choices``, written off the GUI
        thread with a progress dialog that can cancel it."""
        page = self.page
        choices = [ExportChoice(self.VIEW_EXPORT, view_file_name(page), self.view_writer),
                   *page.export_choices()]
        choice = choices[0]
        if len(choices) > 1:
            text = self.ctx.dialogs.ask_choice("导出", "导出内容：", [c.label for c in choices])
            if text is None:
                return
            choice = next(c for c in choices if c.label == text)
        path = self.ctx.dialogs.save_file(f"导出{page.title}", choice.file_name,
                                          "Excel 文件 (*.xlsx)")
        if path is None:
            return
        writer = choice.writer()
        try:
            message = run_with_progress(page, f"正在导出{page.title}",
                                        lambda progress, cancel: writer(path, progress, cancel))
        except (AppError, OSError) as exc:
            text = str(exc) if isinstance(exc, AppError) else describe(exc, path)
            self.ctx.dialogs.warning("导出", text)
            return
        if message is None:
            self.ctx.dialogs.info("导出", "已取消导出，没有保存文件。")
        else:
            self.ctx.dialogs.info("导出", message)

    def export_selected(self) -> None:
        """导出所选 (the rows' context menu): only the selected rows, in the list's order."""
        page = self.page
        ids = page.selected_ids()
        if not ids:
            self.ctx.dialogs.info("导出所选", "请先在列表中选中要导出的记录。")
            return
        path = self.ctx.dialogs.save_file(
            "导出所选", view_file_name(page, f"（所选{len(ids)}条）"), "Excel 文件 (*.xlsx)")
        if path is None:
            return
        writer = self.view_writer(ids)
        try:
            message = run_with_progress(page, f"正在导出{page.title}",
                                        lambda progress, cancel: writer(path, progress, cancel))
        except (AppError, OSError) as exc:
            self.ctx.dialogs.warning("导出所选",
                                     str(exc) if isinstance(exc, AppError) else describe(exc, path))
            return
        self.ctx.dialogs.info("导出所选", message or "已取消导出，没有保存文件。")

    def view_writer(self, only: list[int] | None = None) -> ExportWriter:
        """The visible columns and rows (current filter and order), read in the thread;
        ``only``: just these ids (the selected rows)."""
        from app.exchange.view_export import export_view

        page = self.page
        columns = list(page.model.columns)
        headers = [c.title for c in columns]
        ids = page.model.ids() if only is None else list(only)
        title = page.title

        def write(path: Path, progress: Progress, should_cancel: Callable[[], bool]
                  ) -> str | None:
            rows = []
            for start in range(0, len(ids), 500):
                if should_cancel():
                    return None
                progress(f"正在读取第 {start + 1} 条……", start / max(len(ids), 1) * 0.9)
                for record in page.fetch_rows(ids[start:start + 500]):
                    rows.append([c.value(record) for c in columns])
            progress("正在保存文件……", 0.95)
            export_view(path, title, headers, rows)
            return f"已导出 {len(rows)} 条记录到：\n{path}"

        return write
