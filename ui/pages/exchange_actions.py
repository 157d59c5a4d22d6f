"""The Excel actions of the four record pages: 导入, 下载导入模板, the full-record export,
and 打印表格 (the standard tables). Work runs off the GUI thread with progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from app.errors import AppError
from app.exchange.plan import kind_class
from app.fileio import describe
from ui.framework.background import Progress, run_with_progress
from ui.framework.options import Options, year_choices
from ui.framework.page_export import ExportWriter
from ui.framework.record_page import ExportChoice, ExtraButton, RecordPage

FULL_EXPORT = "完整记录（可修改后再导入）"
ROSTER, MEMBER_STATS = "委员名册", "委员履职统计表"
PROPOSAL_STATS, OPINION_STATS = "提案办理情况统计表", "社情民意信息统计表"


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
        _write(page, f"{label}导入模板", lambda p, c: (write_template(page.ctx.db, kind, path), 0))


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

    return ExportChoice(choice, f"{label}-完整记录.xlsx", writer)


def _write(page: RecordPage, title: str,
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


class TableOptions(QDialog):
    """The few choices a standard table needs: 届次, 年度, 分组 or 会议."""

    def __init__(self, page: RecordPage, table: str) -> None:
        super().__init__(page)
        self.setObjectName("tableOptions")
        self.setWindowTitle(f"打印{table}")
        options = Options(page.ctx.db)
        form = QFormLayout(self)
        form.addRow(QLabel(_HINTS[table]))
        self.boxes: dict[str, QComboBox] = {}
        current = options.current_term_id()
        if table in (ROSTER, MEMBER_STATS, PROPOSAL_STATS):
            self._box(form, "term", "届次：", options.terms(), current)
        if table in (MEMBER_STATS, OPINION_STATS):
            self._box(form, "year", "统计年度：", year_choices(), dt.date.today().year)
        if table == ROSTER:
            self._box(form, "group", "分组：", [("不分组", None), ("按界别分组", "sector"),
                                              ("按界别组分组", "group")], None)
        if table == PROPOSAL_STATS:
            self._box(form, "session", "会议：",
                      [("本届全部提案", None), *options.sessions(current)], None)
            self.boxes["term"].currentIndexChanged.connect(
                lambda _i: self._sessions(options))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _box(self, form: QFormLayout, key: str, label: str, items: list[tuple[str, Any]],
             value: Any) -> None:
        box = self.boxes[key] = QComboBox()
        box.setObjectName(f"{key}Box")
        for text, data in items:
            box.addItem(text, data)
        box.setCurrentIndex(max(box.findData(value), 0))
        form.addRow(label, box)

    def _sessions(self, options: Options) -> None:
        box = self.boxes["session"]
        box.clear()
        box.addItem("本届全部提案", None)
        for text, data in options.sessions(self.value("term")):
            box.addItem(text, data)

    def value(self, key: str) -> Any:
        box = self.boxes.get(key)
        return box.currentData() if box is not None else None


_HINTS = {
    ROSTER: "本届在任委员，按姓氏笔画为序（主席、副主席、秘书长在前），联系电话打码。",
    MEMBER_STATS: "统计年度内每位委员出席会议活动、提案和社情民意信息的情况。",
    PROPOSAL_STATS: "每个承办单位的交办、答复、办理结果和满意度件数。",
    OPINION_STATS: "统计年度内每位报送人报送、编发和被采用的篇数。",
}


def table_button(page: RecordPage, tables: list[str]) -> ExtraButton:
    return ("打印表格", lambda: print_table(page, tables),
            "生成可打印的标准表格：" + "、".join(tables) + "（Excel，A4 横向）")


def print_table(page: RecordPage, tables: list[str]) -> None:
    """打印表格: pick the table (when the page has several), its options, then write it."""
    table = tables[0]
    if len(tables) > 1:
        chosen = page.ctx.dialogs.ask_choice("打印表格", "表格：", tables)
        if chosen is None:
            return
        table = chosen
    dialog = TableOptions(page, table)
    try:
        if not page.ctx.dialogs.exec(dialog):
            return
        values = {key: dialog.value(key) for key in ("term", "year", "group", "session")}
    finally:
        dialog.deleteLater()
    suffix = f"{values['year']}年" if values["year"] else ""
    path = page.ctx.dialogs.save_file(f"保存{table}", f"{suffix}{table}.xlsx",
                                      "Excel 文件 (*.xlsx)")
    if path is not None:
        _write(page, table, lambda p, c: write_table(page, table, path, values))


def write_table(page: RecordPage, table: str, path: Path, values: dict[str, Any]
                ) -> tuple[Path, int]:
    from app.exchange.standard_tables import period_of, write_roster
    from app.exchange.stats_tables import (
        write_member_stats,
        write_opinion_stats,
        write_proposal_stats,
    )

    db, term = page.ctx.db, values["term"]
    if table == ROSTER:
        return write_roster(db, path, term_id=term, group_by=values["group"])
    if table == MEMBER_STATS:
        return write_member_stats(db, path, period_of(values["year"]), term)
    if table == PROPOSAL_STATS:
        return write_proposal_stats(db, path, term_id=term, session_id=values["session"])
    return write_opinion_stats(db, path, period_of(values["year"]))
