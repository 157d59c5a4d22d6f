"""The records behind a number of the 首页 (a figure or a to-do item), each openable on its page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.reports.evidence import describe_records
from app.reports.figures import FigureValue
from app.reports.todo import PAGE_OF_ENTITY
from ui.framework.context import PageContext
from ui.theme import text_style

# Record kinds a figure may count that have a page of their own besides those of the to-do list
MORE_PAGES = {"honors": "honors", "platforms": "platforms", "platform_sessions": "platforms",
              "publications": "publicity", "media_reports": "publicity"}


def page_of(entity: str) -> str | None:
    """The navigation key of the page that shows records of ``entity`` (None: no such page)."""
    return PAGE_OF_ENTITY.get(entity) or MORE_PAGES.get(entity)


class RecordsDialog(QDialog):
    """The records behind one number with its 口径 (``definition``, shown as given); Enter
    or a double click opens the chosen record on its page (``opened`` is then its id)."""

    def __init__(self, title: str, definition: str, rows: Sequence[tuple[int, str]],
                 can_open: bool, parent: Any) -> None:
        super().__init__(parent)
        self.setObjectName("recordsDialog")
        self.setWindowTitle(title)
        self.opened: int | None = None
        layout = QVBoxLayout(self)
        text = QLabel(definition)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.list = QListWidget()
        for record_id, line in rows:
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        if can_open:
            hint = QLabel("双击一条记录或选中后按 Enter，到它所在的页面打开。")
            hint.setStyleSheet(text_style("hint"))
            layout.addWidget(hint)
            self.list.itemActivated.connect(self.open_item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def open_item(self, item: QListWidgetItem) -> None:
        self.opened = int(item.data(Qt.ItemDataRole.UserRole))
        self.accept()


def show_records(ctx: PageContext, title: str, definition: str, entity: str,
                 ids: Sequence[int], parent: QWidget) -> None:
    """List the records; one chosen there (or the only one) opens on its page."""
    page = page_of(entity)
    rows = ctx.ops.call(title, describe_records, ctx.db, entity, list(ids))
    if rows is None:
        return
    dialog = RecordsDialog(title, definition, rows, page is not None, parent)
    try:
        ctx.dialogs.exec(dialog)
        opened = dialog.opened
    finally:
        dialog.deleteLater()
    if opened is not None and page is not None:
        ctx.navigate(page, id=opened)


def show_figure_records(ctx: PageContext, value: FigureValue, parent: QWidget) -> None:
    """A figure's definition and the records behind it (a ratio shows its definition)."""
    if value.unit == "%" or not value.ids:
        ctx.dialogs.info(value.label, f"{value.label}：{value.value}{value.unit}\n\n"
                         f"口径：{value.definition}")
        return
    show_records(ctx, f"{value.label}：{value.value}{value.unit}", f"统计口径：{value.definition}",
                 value.entity, value.ids, parent)
