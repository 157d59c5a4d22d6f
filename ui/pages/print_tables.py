"""打印表格: the standard tables (委员名册, 委员履职统计表, 提案办理情况统计表, 社情民意信息统计表)
with the few options each needs, printed through the print preview or saved as Excel — the
same rows either way (``PrintableTable``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
)

from app.errors import AppError
from app.exchange.printable import PrintableTable
from ui.framework.background import run_with_progress
from ui.framework.options import Options, opening_year, year_choices
from ui.framework.printing_page import preview_table
from ui.framework.record_page import ExtraButton, RecordPage
from ui.pages.exchange_actions import write_with_progress

ROSTER, MEMBER_STATS = "委员名册", "委员履职统计表"
PROPOSAL_STATS, OPINION_STATS = "提案办理情况统计表", "社情民意信息统计表"


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
            self._box(form, "year", "统计年度：", year_choices(), opening_year(page.ctx.db))
        if table == ROSTER:
            self._box(form, "group", "分组：", [("不分组", None), ("按界别分组", "sector"),
                                              ("按界别组分组", "group")], None)
        if table == PROPOSAL_STATS:
            self._box(form, "session", "会议：",
                      [("本届全部提案", None), *options.sessions(current)], None)
            self.boxes["term"].currentIndexChanged.connect(
                lambda _i: self._sessions(options))
        #: "print" (打印预览, then the printer) or "excel" (保存为 Excel 文件)
        self.output = "print"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.output_buttons: dict[str, QPushButton] = {}
        for output, text in (("print", "打印预览…"), ("excel", "保存为 Excel…")):
            button = self.output_buttons[output] = buttons.addButton(
                text, QDialogButtonBox.ButtonRole.AcceptRole)
            button.setObjectName(f"{output}Button")
            button.clicked.connect(lambda _c=False, o=output: self.choose(o))
        self.output_buttons["print"].setDefault(True)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choose(self, output: str) -> None:
        self.output = output
        self.accept()

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
            "打印标准表格：" + "、".join(tables) + "（A4 横向，可先预览；也可保存为 Excel）")


def print_table(page: RecordPage, tables: list[str]) -> None:
    """打印表格: pick the table (when the page has several), its options, then print it
    (through the print preview) or save it as an Excel file."""
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
        output = dialog.output
    finally:
        dialog.deleteLater()
    if output == "print":
        try:
            data = run_with_progress(page, f"正在生成{table}",
                                     lambda p, c: table_data(page, table, values))
        except AppError as exc:
            page.ctx.dialogs.warning(table, str(exc))
            return
        preview_table(page.ctx, data)
        return
    path = page.ctx.dialogs.save_file(f"保存{table}", table_file_name(page, table, values),
                                      "Excel 文件 (*.xlsx)")
    if path is not None:
        write_with_progress(page, table, lambda p, c: table_data(page, table, values).write(path))


def table_file_name(page: RecordPage, table: str, values: dict[str, Any]) -> str:
    """What the table is and for when: "2025年委员履职统计表.xlsx",
    "第十届委员会委员名册.xlsx", "十届四次会议提案办理情况统计表.xlsx"."""
    options = Options(page.ctx.db)
    when = f"{values['year']}年" if values["year"] else ""
    if not when and values["session"] is not None:
        when = dict((v, t) for t, v in options.sessions()).get(values["session"], "")
    elif not when and values["term"] is not None:
        when = dict((v, t) for t, v in options.terms()).get(values["term"], "")
    return f"{when}{table}.xlsx"


def table_data(page: RecordPage, table: str, values: dict[str, Any]) -> PrintableTable:
    """The standard table with the chosen options, to print or to write."""
    from app.exchange.standard_tables import period_of, roster_table
    from app.exchange.stats_tables import (
        member_stats_table,
        opinion_stats_table,
        proposal_stats_table,
    )

    db, term = page.ctx.db, values["term"]
    if table == ROSTER:
        return roster_table(db, term_id=term, group_by=values["group"])
    if table == MEMBER_STATS:
        return member_stats_table(db, period_of(values["year"]), term)
    if table == PROPOSAL_STATS:
        return proposal_stats_table(db, term_id=term, session_id=values["session"])
    return opinion_stats_table(db, period_of(values["year"]))
