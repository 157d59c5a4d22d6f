"""导入 Excel: choose a file, map unknown columns, preview every problem, then write.
Nothing is written before 开始导入 is confirmed; ``app.exchange.apply`` writes it all in one
transaction (or, with 只导入没有问题的行, the valid records only), after a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError
from app.exchange.apply import ImportRefusedError, apply
from app.exchange.model import Entry, ImportPlan, ImportResult
from app.exchange.plan import analyse, column_choices, header_keys, kind_class, remember_mapping
from ui.framework.background import run_with_progress
from ui.framework.context import PageContext
from ui.pages import import_tables as t

FILE, MAPPING, PREVIEW, DONE = range(4)
class ImportWizard(QDialog):
    """The four steps of an import in one dialog: 选择文件, 对应表头, 检查结果, 完成."""

    def __init__(self, ctx: PageContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.label = kind_class(kind).label
        self.plan: ImportPlan | None = None
        self.import_result: ImportResult | None = None
        self.refused: ImportRefusedError | None = None
        self.setObjectName("importWizard")
        self.setWindowTitle(f"导入{self.label}")
        self.resize(1000, 640)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._file_step())
        self.stack.addWidget(self._mapping_step())
        self.stack.addWidget(self._preview_step())
        self.stack.addWidget(self._done_step())
        self.step_label = QLabel()
        self.step_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.back_button = QPushButton("上一步")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("下一步")
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.go_next)
        self.close_button = QPushButton("取消")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.show_step(FILE)

    # ----- the steps -----------------------------------------------------------------
    def _file_step(self) -> QWidget:
        page = QWidget()
        self.choose_button = QPushButton("选择 Excel 文件……")
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.clicked.connect(lambda _c=False: self.choose_file())
        self.file_label = QLabel("还没有选择文件。")
        self.file_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(t.hint(
            f"请选择要导入的{self.label}表格（.xlsx 或 .csv 格式；旧的 .xls 文件和 WPS 的 .et 文件"
            "请先在 WPS 或 Excel 中“另存为”Excel 工作簿（*.xlsx））。\n\n"
            "不需要按模板重新整理：标题行、两行的表头、空行、合计行和"
            "“注：”说明行都能自动识别。选择文件后，程序先逐行检查并列出全部问题；"
            "在您确认“开始导入”之前，不会写入任何数据。\n\n"
            "没有现成的表格时，可以先在列表页面点“下载导入模板”，按模板填写后再导入。"))
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _mapping_step(self) -> QWidget:
        page = QWidget()
        self.mapping_hint = t.hint("")
        self.mapping_table = t.make_table(["表格中的列", "导入为"], 1)
        self.mapping_table.setObjectName("mappingTable")
        layout = QVBoxLayout(page)
        layout.addWidget(self.mapping_hint)
        layout.addWidget(self.mapping_table, 1)
        return page

    def _preview_step(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.problem_table = t.make_table(["行", "列", "值", "问题", "怎样改"], 3, 4)
        self.problem_table.setObjectName("problemTable")
        self.duplicate_box = QComboBox()
        self.duplicate_box.addItems([t.UPDATE, t.SKIP])
        self.duplicate_box.currentIndexChanged.connect(self._all_duplicates)
        self.duplicate_table = t.make_table(["行", "已有的记录", "相同的原因", "处理"], 1)
        self.duplicate_table.setObjectName("duplicateTable")
        self.possible_title = QLabel(
            "可能与已有记录重复的行：只有标题或姓名相同，程序不能确定是否同一记录，"
            "请逐行选择新增、更新哪一条已有记录或跳过（不选择的行不会导入）：")
        self.possible_title.setWordWrap(True)
        self.possible_table = t.make_table(["行", "本行的记录", "可能是已有的记录", "原因",
                                            "处理"], 2)
        self.possible_table.setObjectName("possibleTable")
        self.skip_invalid = QCheckBox(
            "只导入没有问题的行（有问题的行另存为错误工作簿，改正后再导入）")
        self.skip_invalid.setObjectName("skipInvalid")
        self.skip_invalid.toggled.connect(lambda _on: self._update_counts())
        self.problem_title = QLabel(
            "问题（改正表格后重新导入；以“（提示）”开头的只是提醒，不妨碍导入）：")
        self.problem_title.setWordWrap(True)
        dup_row = QHBoxLayout()
        self.duplicate_title = QLabel("与已有记录重复的行，全部：")
        dup_row.addWidget(self.duplicate_title)
        dup_row.addWidget(self.duplicate_box)
        dup_row.addWidget(t.hint("（也可以在下表中逐条选择；更新时表格中空白的单元格不会清除已有数据）"),
                          1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problem_title)
        layout.addWidget(self.problem_table, 3)
        layout.addLayout(dup_row)
        layout.addWidget(self.duplicate_table, 1)
        layout.addWidget(self.possible_title)
        layout.addWidget(self.possible_table, 1)
        layout.addWidget(self.skip_invalid)
        return page

    def _done_step(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel()
        self.done_label.setObjectName("doneLabel")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_book_button = QPushButton("打开错误工作簿")
        self.open_book_button.clicked.connect(lambda _c=False: self._open_book())
        row = QHBoxLayout()
        row.addWidget(self.open_book_button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_label)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def show_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        titles = {FILE: "第一步：选择文件", MAPPING: "第二步：指定各列对应的项目",
                  PREVIEW: "第三步：检查结果（还没有写入任何数据）", DONE: "导入结束"}
        self.step_label.setText(titles[step])
        self.back_button.setVisible(step in (MAPPING, PREVIEW))
        self.next_button.setVisible(step != FILE)
        self.next_button.setText({MAPPING: "按所选重新检查", PREVIEW: "开始导入",
                                  DONE: "完成"}.get(step, "下一步"))
        self.close_button.setVisible(step != DONE)
        if step == PREVIEW:
            self._update_counts()

    def go_back(self) -> None:
        step = self.stack.currentIndex()
        if step == PREVIEW and self.plan is not None and self.mapping_table.rowCount():
            self.show_step(MAPPING)
        else:
            self.show_step(FILE)

    def go_next(self) -> None:
        step = self.stack.currentIndex()
        if step == MAPPING:
            self.apply_mapping()
        elif step == PREVIEW:
            self.start_import()
        elif step == DONE:
            self.accept()

    # ----- reading and checking ------------------------------------------------------
    def choose_file(self, path: Path | None = None) -> None:
        path = path or self.ctx.dialogs.open_file(
            f"选择要导入的{self.label}表格",
            "表格文件 (*.xlsx *.csv *.xls *.et);;Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)")
        if path is None:
            return
        self.file_label.setText(str(path))
        plan = self._analyse(path, None)
        if plan is None:
            return
        if plan.needs_mapping or plan.unrecognised:
            self._fill_mapping(plan)
            self.show_step(MAPPING)
        else:
            self.mapping_table.setRowCount(0)
            self._show_plan(plan)

    def _analyse(self, path: Path, mapping: dict[str, str] | None) -> ImportPlan | None:
        def work(progress: Any, should_cancel: Any) -> ImportPlan:
            progress(f"正在读取和检查“{path.name}”……", 0.1)
            return analyse(self.ctx.db, path, self.kind, mapping)

        try:
            plan = run_with_progress(self, f"检查{self.label}表格", work)
        except AppError as exc:
            self.ctx.dialogs.warning(f"导入{self.label}", str(exc))
            return None
        except OSError as exc:
            self.ctx.dialogs.warning(f"导入{self.label}", f"无法读取“{path.name}”：文件可能"
                                     f"正在 Excel 或 WPS 中打开，或已被移动。（{exc.strerror}）")
            return None
        self.plan = plan
        return plan

    def _fill_mapping(self, plan: ImportPlan) -> None:
        need = "、".join(f"“{m}”" for m in plan.missing)
        self.mapping_hint.setText(
            (f"表格中没有找到必须有的列{need}。" if need else "")
            + (f"有{len(plan.unrecognised)}列的表头程序不认识（下表中标红）。" if
               plan.unrecognised else "")
            + "请为每一列选择它是哪一项，不需要的列选“不导入”，然后点“按所选重新检查”。"
            "您的选择会记下来，下次导入同样格式的表格时自动使用。")
        choices = [("", "不导入"), *column_choices(self.kind)]
        current = header_keys(plan)
        unknown = set(plan.unrecognised)
        self.mapping_table.setRowCount(len(current))
        for row, (text, key) in enumerate(current.items()):
            self.mapping_table.setItem(row, 0, t.item(text, "error" if text in unknown else None))
            box = QComboBox()
            for value, label in choices:
                box.addItem(label, value)
            box.setCurrentIndex(max(box.findData(key), 0))
            self.mapping_table.setCellWidget(row, 1, box)

    def mapping(self) -> dict[str, str]:
        """The mapping chosen in the table: header text → column key ("" not imported)."""
        out = {}
        for row in range(self.mapping_table.rowCount()):
            out[self._header_at(row)] = self._combo(self.mapping_table, row, 1).currentData()
        return out

    def _header_at(self, row: int) -> str:
        item = self.mapping_table.item(row, 0)
        return item.text() if item is not None else ""

    @staticmethod
    def _combo(table: QTableWidget, row: int, column: int) -> QComboBox:
        return cast(QComboBox, table.cellWidget(row, column))

    def set_mapping(self, header: str, key: str) -> None:
        for row in range(self.mapping_table.rowCount()):
            if self._header_at(row) == header:
                box = self._combo(self.mapping_table, row, 1)
                box.setCurrentIndex(box.findData(key))

    def apply_mapping(self) -> None:
        assert self.plan is not None
        mapping = self.mapping()
        plan = self._analyse(self.plan.path, mapping)
        if plan is None:
            return
        if plan.needs_mapping:
            self._fill_mapping(plan)
            self.ctx.dialogs.warning("指定各列", "还缺少必须有的列：" + "、".join(plan.missing)
                                     + "。请在表中把相应的列指定为它。")
            return
        remember_mapping(plan, mapping)
        self._show_plan(plan)

    def _show_plan(self, plan: ImportPlan) -> None:
        asked = {id(e.undecided_note) for e in plan.entries if e.possible}
        problems = [p for p in plan.all_problems() if id(p) not in asked]  # asked below
        self.problem_table.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            t.problem_row(self.problem_table, row, problem)
        self.problem_table.resizeRowsToContents()
        self.problem_title.setVisible(bool(problems))
        self.problem_table.setVisible(bool(problems))
        dups = plan.duplicates
        self.duplicate_table.setRowCount(len(dups))
        for row, entry in enumerate(dups):
            t.duplicate_row(self.duplicate_table, row, entry, self._choose)
        for widget in (self.duplicate_table, self.duplicate_box, self.duplicate_title):
            widget.setVisible(bool(dups))
        possible = [e for e in plan.entries if e.valid and e.possible]
        importer = kind_class(plan.kind)(self.ctx.db)
        self.possible_table.setRowCount(len(possible))
        for row, entry in enumerate(possible):
            t.possible_row(self.possible_table, row, entry, importer.entry_text(entry),
                           self._choose_possible)
        self.possible_table.resizeRowsToContents()
        for widget in (self.possible_title, self.possible_table):
            widget.setVisible(bool(possible))
        self.skip_invalid.setChecked(False)
        self.skip_invalid.setVisible(bool(plan.invalid))
        self.show_step(PREVIEW)

    def _choose_possible(self, entry: Entry, index: int) -> None:
        t.possible_choice(entry, index)
        self._update_counts()

    def _choose(self, entry: Entry, index: int) -> None:
        entry.action = "skip" if index == 1 else "update"
        self._update_counts()

    def _all_duplicates(self, index: int) -> None:
        for row in range(min(self.duplicate_table.rowCount(), t.MAX_CHOICE_ROWS)):
            self._combo(self.duplicate_table, row, 3).setCurrentIndex(index)
        if self.plan is not None:
            for entry in self.plan.duplicates:
                entry.action = "skip" if index == 1 else "update"
        self._update_counts()

    def counts(self) -> dict[str, int]:
        """Records to create, update, skip, and with problems, as the preview shows them."""
        assert self.plan is not None
        out = {"create": 0, "update": 0, "skip": 0, "invalid": 0, "undecided": 0}
        for entry in self.plan.entries:
            if not entry.valid:
                out["invalid"] += 1
            elif entry.possible:
                out[{"create": "create", "update": "update", "skip": "skip"}.get(
                    entry.action or "", "undecided")] += 1
            elif entry.duplicate is None:
                out["create"] += 1
            else:
                out["skip" if entry.action == "skip" else "update"] += 1
        return out

    def _update_counts(self) -> None:
        if self.plan is None:
            return
        n = self.counts()
        plan = self.plan
        text = (f"文件：{plan.path.name}（工作表“{plan.sheet}”），"
                f"共 {len(plan.entries)} 条{self.label}记录：新增 {n['create']} 条，"
                f"更新已有记录 {n['update']} 条，跳过 {n['skip']} 条，"
                f"有问题 {n['invalid']} 条。")
        if n["undecided"]:
            text += (f"\n有 {n['undecided']} 条可能与已有记录重复，请在下面“可能与已有记录重复"
                     "的行”中逐行选择，选择完才能导入。")
        if plan.skipped_rows:
            text += f"\n已自动略过空行、合计行和说明行 {len(plan.skipped_rows)} 行。"
        text += "\n" + plan.rows_text()
        if plan.unrecognised:
            text += "\n不认识、不导入的列：" + "、".join(plan.unrecognised) + "。"
        if n["invalid"] and not self.skip_invalid.isChecked():
            text += ("\n有问题的记录改正前不能导入：请按下表改正 Excel 表格后重新导入，"
                     "或勾选下面的“只导入没有问题的行”。")
        self.summary_label.setText(text)
        self.next_button.setEnabled(bool(plan.entries))

    # ----- writing -------------------------------------------------------------------
    def start_import(self) -> None:
        assert self.plan is not None
        plan, skip = self.plan, self.skip_invalid.isChecked()
        n = self.counts()
        if n["undecided"]:
            self.ctx.dialogs.warning(f"导入{self.label}", (
                f"还有 {n['undecided']} 行可能与已有记录重复，程序不能确定是否同一记录。"
                "请在“可能与已有记录重复的行”表中为每一行选择新增、更新哪一条或跳过。"))
            return
        if n["invalid"] and not skip:
            question = (f"有 {n['invalid']} 条记录有问题，导入不会进行，也不会写入任何数据；"
                        "程序会把有问题的行另存为错误工作簿，便于改正。\n继续吗？")
        else:
            left = f"\n有问题的 {n['invalid']} 条不导入，另存为错误工作簿。" if n["invalid"] else ""
            question = (f"将新增 {n['create']} 条、更新 {n['update']} 条、跳过 {n['skip']} 条"
                        f"{self.label}记录。{left}\n写入前会先备份数据库。开始导入吗？")
        if not self.ctx.dialogs.confirm(f"导入{self.label}", question):
            return
        duplicates = "skip" if self.duplicate_box.currentText() == t.SKIP else "update"

        def work(progress: Any, should_cancel: Any) -> ImportResult:
            progress("正在备份数据库并写入……", 0.0)
            return apply(self.ctx.db, plan, self.ctx.actor, skip_invalid=skip,
                         duplicates=duplicates,  # type: ignore[arg-type]
                         progress=lambda done, total: progress(
                             f"正在写入第 {done + 1} 条，共 {total} 条……", done / max(total, 1)),
                         should_cancel=should_cancel)

        try:
            result = run_with_progress(self, f"导入{self.label}", work)
        except ImportRefusedError as exc:
            self._refused(exc)
            return
        except AppError as exc:
            self.ctx.dialogs.warning(f"导入{self.label}", str(exc))
            return
        self.import_result = result
        self._finished(result)

    def _refused(self, exc: ImportRefusedError) -> None:
        self.refused = exc
        note = f"\n\n{exc.error_book_note}" if exc.error_book_note else ""
        if exc.error_book is None:
            self.ctx.dialogs.warning(f"导入{self.label}", f"{exc}{note}")
            return
        if self.ctx.dialogs.confirm(
                f"导入{self.label}", f"{exc}{note}\n\n有问题的行已另存为错误工作簿（最后一列写明了"
                f"错误原因，改正后可以直接导入它）：\n{exc.error_book}\n\n现在打开它吗？"):
            self.ctx.dialogs.open_path(exc.error_book)

    def _finished(self, result: ImportResult) -> None:
        self.done_label.setText(t.done_text(result))
        self.open_book_button.setVisible(result.error_book is not None)
        self.show_step(DONE)

    def _open_book(self) -> None:
        if self.import_result is not None and self.import_result.error_book is not None:
            self.ctx.dialogs.open_path(self.import_result.error_book)


def open_import_wizard(ctx: PageContext, kind: str, parent: QWidget) -> ImportResult | None:
    """Run the wizard; the result of the import (None when nothing was imported)."""
    wizard = ImportWizard(ctx, kind, parent)
    try:
        ctx.dialogs.exec(wizard)
        result = wizard.import_result
    finally:
        wizard.deleteLater()
    return result if result is not None and not result.cancelled else None
