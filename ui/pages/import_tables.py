"""The tables of the import wizard: problems split into 问题 and 怎样改, duplicates with a
choice each, and the closing summary."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from app.exchange.model import Entry, ImportResult, Problem
from app.exchange.normalize import shown
from ui.theme import resolve, text_style

UPDATE, SKIP = "更新已有记录", "跳过，不导入"
MAX_CHOICE_ROWS = 300  # duplicates beyond this follow the choice for all of them
_FIX = re.compile(r"[；。，：;,:]\s*(?=请|如是|如需|如果|可以|可在|改正|应)")


def split_message(message: str) -> tuple[str, str]:
    """A problem's message as (what is wrong, how to fix it) for the two table columns."""
    match = _FIX.search(message)
    if match is None:
        return message, ""
    return message[:match.start()], message[match.end():]


def item(text: str, colour: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(text)
    if colour:
        item.setForeground(QColor(resolve(colour)))
    return item


def make_table(headers: list[str], *stretch: int) -> QTableWidget:
    """A read-only table; the ``stretch`` columns share the width and wrap their text."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    # rows follow their wrapped text when the columns change width
    header.sectionResized.connect(
        lambda *_a: table.resizeRowsToContents() if table.rowCount() <= 500 else None)
    return table


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(text_style("muted"))
    return label


def problem_row(table: QTableWidget, row: int, problem: Problem) -> None:
    what, fix = split_message(problem.message)
    colour = "faint" if problem.warning else None
    texts = [str(problem.row or ""), problem.column, shown(problem.value),
             ("（提示）" if problem.warning else "") + what, fix]
    for column, text in enumerate(texts):
        table.setItem(row, column, item(text, colour))


def duplicate_row(table: QTableWidget, row: int, entry: Entry,
                  choose: Callable[[Entry, int], None]) -> None:
    assert entry.duplicate is not None
    for column, text in enumerate([str(entry.row), entry.duplicate.description,
                                   entry.duplicate.reason]):
        table.setItem(row, column, item(text))
    if row < MAX_CHOICE_ROWS:
        box = QComboBox()
        box.addItems(["更新", "跳过"])
        box.setCurrentIndex(1 if entry.action == "skip" else 0)
        box.currentIndexChanged.connect(lambda i, e=entry: choose(e, i))
        table.setCellWidget(row, 3, box)
    else:
        table.setItem(row, 3, item("同上面的选择"))


CHOOSE, CREATE, SKIP_ROW = "请选择……", "新增为另一条记录", "跳过，不导入"


def possible_row(table: QTableWidget, row: int, entry: Entry, text: str,
                 choose: Callable[[Entry, int], None]) -> None:
    """A row that may repeat an existing record: 本行的记录, the records it may be, why, and
    the clerk's choice: 新增, 更新 one of them, or 跳过 (nothing chosen: not imported)."""
    others = "\n".join(d.description for d in entry.possible)
    reasons = "；".join(dict.fromkeys(d.reason for d in entry.possible))
    for column, value in enumerate([str(entry.row), text, others, reasons]):
        table.setItem(row, column, item(value))
    box = QComboBox()
    box.addItems([CHOOSE, CREATE, *(f"更新{d.description}" for d in entry.possible), SKIP_ROW])
    index = 0
    if entry.action == "create":
        index = 1
    elif entry.action == "skip":
        index = box.count() - 1
    elif entry.action == "update":
        ids = [d.existing_id for d in entry.possible]
        index = 2 + (ids.index(entry.target) if entry.target in ids else 0)
    box.setCurrentIndex(index)
    box.currentIndexChanged.connect(lambda i, e=entry: choose(e, i))
    table.setCellWidget(row, 4, box)


def possible_choice(entry: Entry, index: int) -> None:
    """Set the entry's action from the index chosen in ``possible_row``'s box."""
    count = len(entry.possible)
    if index <= 0:
        entry.action, entry.target = None, None
    elif index == 1:
        entry.action, entry.target = "create", None
    elif index <= 1 + count:
        entry.action, entry.target = "update", entry.possible[index - 2].existing_id
    else:
        entry.action, entry.target = "skip", None


def done_text(result: ImportResult) -> str:
    """What the last step says after an import (or its cancellation)."""
    lines = [result.summary()]
    if result.cancelled:
        lines.append("数据库保持导入前的样子。可以重新选择文件再导入。")
    if result.backup is not None and not result.cancelled:
        lines.append(f"导入前已备份数据库：{result.backup}")
    if result.error_book_note:
        lines.append(result.error_book_note)
    if result.error_book is not None:
        lines.append(f"有问题的行已另存为错误工作簿，改正后可以直接导入：\n{result.error_book}")
    return "\n\n".join(lines)
