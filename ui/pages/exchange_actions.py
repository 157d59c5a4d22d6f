"""The Excel actions of the record pages: 导入, 下载导入模板 and the full-record export
(打印表格 is in ``print_tables``). Work runs off the GUI thread with progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from app.errors import AppError
from app.exchange.plan import kind_class
from app.fileio import describe
from ui.framework.background import Progress, run_with_progress
from ui.framework.page_export import ExportWriter
from ui.framework.record_page import ExportChoice, ExtraButton, RecordPage

FULL_EXPORT = "完整记录（可修改后再导入）"


def exchange_buttons(page: RecordPage, kind: str) -> list[ExtraButton]:
    label = kind_class(kind).label
    return [("导入", lambda: import_records(page, kind),
             f"从 Excel 表格导入{label}（先检查、列出问题，确认后才写入）"),
            ("下载导入模板", lambda: save_template(page, kind),
             f"保存空白的{label}导入模板（含表头说明和下拉列表）")]


def more_kind_buttons(page: RecordPage, kind: str) -> list[ExtraButton]:
    """导入 and 下载导入模板 of a second kind kept on the same page (活动成果 on the events
    pages), named after the kind so they do not clash with the page's own."""
    label = kind_class(kind).label
    return [(f"导入{label}", lambda: import_records(page, kind),
             f"从 Excel 表格导入{label}（先检查、列出问题，确认后才写入）"),
            (f"下载{label}导入模板", lambda: save_template(page, kind),
             f"保存空白的{label}导入模板（含表头说明和下拉列表）")]


def import_records(page: RecordPage, kind: str) -> None:
    from ui.pages.import_wizard import open_import_wizard

    if open_import_wizard(page.ctx, kind, page) is not None:
        page.reload()


def save_template(page: RecordPage, kind: str) -> None:
    from app.exchange.templates import write_template

    label = kind_class(kind).label
    path = page.ctx.dialogs.save_file("下载导入模板", f"{label}导入模板.xlsx",
                                      "Excel 文件 (*.xlsx)")
    if path is not None:
        write_with_progress(page, f"{label}导入模板",
                            lambda p, c: (write_template(page.ctx.db, kind, path), 0))


def records_export(page: RecordPage, kind: str, choice: str = FULL_EXPORT) -> ExportChoice:
    """Every record of the kind in the import layout, numbers masked; ``choice`` names the
    option when a page offers the full records of two kinds."""
    from app.exchange.export import export_records

    label = kind_class(kind).label

    def writer() -> ExportWriter:
        def write(path: Path, progress: Progress, should_cancel: Callable[[], bool]) -> str:
            progress(f"正在导出全部{label}记录……", 0.2)
            out, n = export_records(page.ctx.db, kind, path, masked=True)
            return (f"已导出 {n} 条{label}记录到：\n{out}\n\n身份证号和手机号码已打码；"
                    "在这个文件中修改后可以直接导入（打码的号码导入时保持不变）。")
        return write

    today = dt.date.today()  # what and as of when: "委员完整记录（截至2026年1月5日）.xlsx"
    return ExportChoice(choice, f"{label}完整记录（截至{today.year}年{today.month}月{today.day}日）"
                        ".xlsx", writer)


def write_with_progress(page: RecordPage, title: str,
           work: Callable[[Progress, Callable[[], bool]], tuple[Path, int]]) -> None:
    """Write a file with progress, then offer to open it."""
    def run(progress: Progress, should_cancel: Callable[[], bool]) -> tuple[Path, int]:
        progress(f"正在生成{title}……", 0.2)
        return work(progress, should_cancel)

    try:
        path, _n = run_with_progress(page, f"正在生成{title}", run)
    except AppError as exc:
        page.ctx.dialogs.warning(title, str(exc))
        return
    except OSError as exc:  # the writers raise FileWriteError; this is a last resort
        page.ctx.dialogs.warning(title, describe(exc, Path(exc.filename or title)))
        return
    if page.ctx.dialogs.confirm(title, f"{title}已保存到：\n{path}\n\n现在打开吗？"):
        page.ctx.dialogs.open_path(path)
