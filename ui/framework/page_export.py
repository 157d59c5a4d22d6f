"""导出 of a record page: the visible list or a page's other exports, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from app.errors import AppError
from app.fileio import describe
from ui.framework.background import Progress, run_with_progress

# write(path, progress(message, fraction), should_cancel) -> message shown afterwards, or None
# when it was cancelled (nothing written); runs off the GUI thread
ExportWriter = Callable[[Path, Progress, Callable[[], bool]], str | None]


@dataclass(frozen=True)
class ExportChoice:
    """Something the 导出 button can write besides the visible list."""

    label: str  # shown in the choice, e.g. "完整记录（可修改后再导入）"
    file_name: str  # suggested file name
    writer: Callable[[], ExportWriter]  # called on the GUI thread; the writer runs in a thread



class PageExport:
    """Mixed into ``RecordPage``: uses its ``ctx``, ``title``, ``model`` and ``fetch_rows``."""

    ctx: Any
    title: ClassVar[str]
    model: Any
    export_choices: Callable[[], list[ExportChoice]]
    fetch_rows: Callable[[list[int]], list[Any]]
    selected_ids: Callable[[], list[int]]

    VIEW_EXPORT = "当前列表（所见的列）"

    def export_view(self) -> None:
        """导出 (Ctrl+E): the visible list, or one of ``export_choices``, written off the GUI
        thread with a progress dialog that can cancel it."""
        choices = [ExportChoice(self.VIEW_EXPORT, f"{self.title}.xlsx", self._view_writer),
                   *self.export_choices()]
        choice = choices[0]
        if len(choices) > 1:
            text = self.ctx.dialogs.ask_choice("导出", "导出内容：", [c.label for c in choices])
            if text is None:
                return
            choice = next(c for c in choices if c.label == text)
        path = self.ctx.dialogs.save_file(f"导出{self.title}", choice.file_name,
                                          "Excel 文件 (*.xlsx)")
        if path is None:
            return
        writer = choice.writer()
        try:
            message = run_with_progress(self, f"正在导出{self.title}",
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
        ids = self.selected_ids()
        if not ids:
            self.ctx.dialogs.info("导出所选", "请先在列表中选中要导出的记录。")
            return
        path = self.ctx.dialogs.save_file(
            "导出所选", f"{self.title}（所选{len(ids)}条）.xlsx", "Excel 文件 (*.xlsx)")
        if path is None:
            return
        writer = self._view_writer(ids)
        try:
            message = run_with_progress(self, f"正在导出{self.title}",
                                        lambda progress, cancel: writer(path, progress, cancel))
        except (AppError, OSError) as exc:
            self.ctx.dialogs.warning("导出所选",
                                     str(exc) if isinstance(exc, AppError) else describe(exc, path))
            return
        self.ctx.dialogs.info("导出所选", message or "已取消导出，没有保存文件。")

    def _view_writer(self, only: list[int] | None = None) -> ExportWriter:
        """The visible columns and rows (current filter and order), read in the thread;
        ``only``: just these ids (the selected rows)."""
        from app.exchange.view_export import export_view

        columns = list(self.model.columns)
        headers = [c.title for c in columns]
        ids = self.model.ids() if only is None else list(only)
        title = self.title

        def write(path: Path, progress: Progress, should_cancel: Callable[[], bool]
                  ) -> str | None:
            rows = []
            for start in range(0, len(ids), 500):
                if should_cancel():
                    return None
                progress(f"正在读取第 {start + 1} 条……", start / max(len(ids), 1) * 0.9)
                for record in self.fetch_rows(ids[start:start + 500]):
                    rows.append([c.value(record) for c in columns])
            progress("正在保存文件……", 0.95)
            export_view(path, title, headers, rows)
            return f"已导出 {len(rows)} 条记录到：\n{path}"

        return write
