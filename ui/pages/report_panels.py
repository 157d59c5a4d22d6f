"""Parts of the 文稿生成 page: the template bar, the history of drafts, the field reference."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError
from app.reports.field_reference import export_reference, reference_rows
from app.reports.kinds import ReportKind
from app.reports.reconcile import DOCUMENTS, Reconciliation, summary, write_sheet
from app.reports.templates import (
    add_template,
    check_template,
    customize,
    list_templates,
    restore_builtin,
)
from app.services.documents import DocumentService
from ui.framework.context import PageContext


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return table


class TemplatesBar(QWidget):
    """Which template to use, and what a clerk does with templates: open, check, add, restore."""

    def __init__(self, ctx: PageContext, kind: Callable[[], ReportKind]) -> None:
        super().__init__()
        self.ctx = ctx
        self.kind = kind
        self.box = QComboBox()
        self.box.setObjectName("templateBox")
        # the template's name on a line of its own: beside four buttons it was cut to 常委会工
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.box)
        row = QHBoxLayout()
        column.addLayout(row)
        for text, slot in (("修改模板", self.edit), ("检查", self.check), ("添加…", self.add),
                           ("恢复内置", self.restore)):
            button = QPushButton(text)
            button.setObjectName(f"template_{text}")
            button.clicked.connect(lambda _c=False, s=slot: self._guard(s))
            row.addWidget(button)

    def _guard(self, slot: Callable[[], None]) -> None:
        try:
            slot()
        except AppError as exc:
            self.ctx.dialogs.warning("模板", str(exc))

    def reload(self) -> None:
        self.box.clear()
        for info in list_templates(self.kind().key):
            label = f"{info.name}（内置）" if info.builtin else info.name
            if info.active:
                label += " ← 默认使用"
            self.box.addItem(label, info.path)
            if info.active:
                self.box.setCurrentIndex(self.box.count() - 1)

    def selected(self) -> Path | None:
        return self.box.currentData()

    def edit(self) -> None:
        """Open the user's own copy (made from the built-in one) in Word or WPS."""
        path = customize(self.kind().key)
        self.reload()
        self.ctx.dialogs.info("修改模板", f"将用 Word 或 WPS 打开模板：\n{path}\n\n"
                              "修改后保存，下次生成时自动使用。输入 {{ }} 标记时请一次打完，"
                              "不要在标记中间改格式。")
        self.ctx.dialogs.open_path(path)

    def check(self) -> None:
        path = self.selected()
        if path is None:
            return
        check_template(path, self.kind().key, "请改正后再用")  # raises naming every problem
        self.ctx.dialogs.info("检查模板", f"模板“{path.name}”没有发现问题。")

    def add(self) -> None:
        source = self.ctx.dialogs.open_file("添加模板", "Word 文档 (*.docx)")
        if source is None:
            return
        target = add_template(self.kind().key, source)
        self.reload()
        self.ctx.dialogs.info("添加模板", f"已检查并添加模板：{target.name}")

    def restore(self) -> None:
        backup = restore_builtin(self.kind().key)
        self.reload()
        text = (f"已恢复使用内置模板。原来修改过的模板保存为：\n{backup.name}" if backup
                else "当前已经在使用内置模板。")
        self.ctx.dialogs.info("恢复内置模板", text)


class HistoryPanel(QWidget):
    """Every document generated: when, what, who, where; open it or its folder."""

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.table = _table(["生成时间", "文稿", "期间", "用户", "文件"], "historyTable")
        for col, width in enumerate((140, 220, 170, 70)):
            self.table.setColumnWidth(col, width)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open(row))
        open_doc = QPushButton("打开文稿")
        open_doc.clicked.connect(lambda: self.open(self.table.currentRow()))
        open_dir = QPushButton("打开所在文件夹")
        open_dir.clicked.connect(lambda: self.open(self.table.currentRow(), folder=True))
        buttons = QHBoxLayout()
        buttons.addWidget(open_doc)
        buttons.addWidget(open_dir)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.paths: list[Path] = []
        self.reload()

    def reload(self) -> None:
        entries = DocumentService(self.ctx.db).history()
        self.paths = [Path(e.file_path) for e in entries]
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            period = f"{e.period_from}至{e.period_to}" if e.period_from else ""
            for col, text in enumerate((f"{e.created_at:%Y-%m-%d %H:%M}", e.title, period,
                                        e.username, e.file_path)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def open(self, row: int, *, folder: bool = False) -> None:
        if not 0 <= row < len(self.paths):
            self.ctx.dialogs.info("打开", "请先在生成记录中选中一行。")
            return
        path = self.paths[row]
        target = path.parent if folder else path
        if not target.exists():
            self.ctx.dialogs.warning("打开", f"“{target}”已不存在（可能已被移动或删除）。")
            return
        self.ctx.dialogs.open_path(target)


class FieldsPanel(QWidget):
    """The fields a template author can use, with their Chinese labels and examples."""

    def __init__(self, ctx: PageContext, kind: Callable[[], ReportKind]) -> None:
        super().__init__()
        self.ctx = ctx
        self.kind = kind
        self.table = _table(["分组", "写法", "含义", "示例"], "fieldsTable")
        for col, width in enumerate((90, 230, 160)):
            self.table.setColumnWidth(col, width)
        export_word = QPushButton("导出为 Word")
        export_word.clicked.connect(lambda: self.export(".docx"))
        export_excel = QPushButton("导出为 Excel")
        export_excel.clicked.connect(lambda: self.export(".xlsx"))
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("在模板中输入“写法”一列的内容，生成时换成数据库中的数字。"))
        buttons.addStretch(1)
        buttons.addWidget(export_word)
        buttons.addWidget(export_excel)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.rows: list[Any] = []

    def reload(self) -> None:
        self.rows = reference_rows(self.kind().key)
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            for col, text in enumerate((r.group, r.tag, r.label, r.example)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def export(self, suffix: str) -> None:
        kind = self.kind()
        path = self.ctx.dialogs.save_file("导出模板字段说明", f"{kind.name}模板字段说明{suffix}",
                                          "Word 文档 (*.docx)" if suffix == ".docx"
                                          else "Excel 文件 (*.xlsx)")
        if path is None:
            return
        path = path.with_suffix(suffix)
        self.ctx.ops.call("导出", export_reference, path, self.rows,
                          f"{kind.name}模板字段说明")
        if path.exists():
            self.ctx.dialogs.info("导出", f"已导出到：{path}")


class ReconcilePanel(QWidget):
    """数字核对: the year's three drafts and last year's draft, figure by figure, with why
    the numbers differ; saved as an .xlsx on request."""

    HEADERS = ("指标", "范围", "统计期间", *(name for _, name in DOCUMENTS), "上年文稿",
               "核对结果", "说明")

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.result: Reconciliation | None = None
        self.summary = QLabel("选“年度”后点“数字核对”：把这一年的常委会工作报告、提案工作情况报告、"
                              "年度工作回眸和上年文稿用到的数字逐项对照，并说明每一处差异。")
        self.summary.setObjectName("reconcileSummary")
        self.summary.setWordWrap(True)
        self.table = _table(list(self.HEADERS), "reconcileTable")
        self.save_button = QPushButton("保存核对表…")
        self.save_button.setObjectName("reconcileSave")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        box.addLayout(row)

    def show_result(self, result: Reconciliation) -> None:
        self.result = result
        self.table.setRowCount(len(result.lines))
        for r, line in enumerate(result.lines):
            cells = [line.label, line.scope, line.period,
                     *(line.cells.get(k, "") for k, _ in DOCUMENTS), line.last_year,
                     line.status, line.explanation]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(line.definition if c == 0 else text)
                self.table.setItem(r, c, item)
        pairs = "；".join(f"{p.first_label}{p.first_value}与{p.second_label}{p.second_value}："
                         f"{p.short}" for p in result.pairs)
        self.summary.setText("\n".join([*summary(result), *([f"口径对照：{pairs}"] if pairs
                                                             else [])]))
        self.save_button.setEnabled(True)

    def save(self) -> None:
        if self.result is None:
            return
        out = self.ctx.dialogs.save_file("保存数字核对表", f"{self.result.year}年数字核对表.xlsx",
                                         "Excel 工作簿 (*.xlsx)")
        if out is None:
            return
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        try:
            write_sheet(self.result, out, database=self.ctx.db.display_location())
        except AppError as exc:
            self.ctx.dialogs.warning("保存数字核对表", str(exc))
            return
        self.summary.setText(self.summary.text() + f"\n已保存：{out}")
