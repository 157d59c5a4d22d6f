"""The keyboard and mouse habits of office software on a record page's list.

Enter opens the current row; Down (or Enter) in the search box moves into the list; Tab goes
search → list → detail; Ctrl+E works while typing in the search box; Ctrl+C copies the
selected rows as tab-separated text (headers first) that pastes into Excel/WPS as cells; a
right click offers 编辑, 复制, 导出所选 and 删除; a cell cut short ("…") shows its whole text
as a tooltip; columns are sized to what they show the first time a list opens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QToolTip

MAX_FITTED = 320  # a column sized to its content gets at most this (long cells are elided)
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def rows_as_tsv(table: QTableView, rows: list[int]) -> str:
    """The shown text of ``rows`` (visible columns, in their on-screen order), headers first;
    tabs and line breaks inside a cell become spaces so each row stays one Excel row."""
    model, header = table.model(), table.horizontalHeader()
    columns = [header.logicalIndex(v) for v in range(header.count())]
    columns = [c for c in columns if not header.isSectionHidden(c)]

    def clean(value: Any) -> str:
        text = "" if value is None else str(value)
        return " ".join(text.replace("\t", " ").splitlines())

    lines = ["\t".join(clean(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
    for r in rows:
        lines.append("\t".join(clean(model.data(model.index(r, c))) for c in columns))
    return "\r\n".join(lines) + "\r\n"


def selected_rows(table: QTableView) -> list[int]:
    selection = table.selectionModel()
    rows = sorted({i.row() for i in selection.selectedRows()}) or sorted(
        {i.row() for i in selection.selectedIndexes()})
    if not rows and selection.currentIndex().isValid():
        rows = [selection.currentIndex().row()]
    return rows


def copy_rows(table: QTableView) -> int:
    """Put the selected rows on the clipboard as TSV; how many rows were copied."""
    rows = selected_rows(table)
    if rows:
        QGuiApplication.clipboard().setText(rows_as_tsv(table, rows))
    return len(rows)


def fit_columns(table: QTableView, keep_last_stretch: bool = True) -> None:
    """Each column as wide as its title and the rows on screen need, at most ``MAX_FITTED``."""
    header = table.horizontalHeader()
    header.setResizeContentsPrecision(0)  # the visible rows only: a lazy list stays lazy
    last = header.count() - 1
    for c in range(header.count()):
        if keep_last_stretch and c == last and header.stretchLastSection():
            continue
        wanted = max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
        table.setColumnWidth(c, min(wanted + 8, MAX_FITTED))


class TableHabits(QObject):
    """Event filter on a record page's search box, list and list viewport."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        table: QTableView = page.table
        page.search.installEventFilter(self)
        table.installEventFilter(self)
        table.viewport().installEventFilter(self)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.context_menu)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move within it)
        page.setTabOrder(page.search, table)
        page.setTabOrder(table, page.detail)
        self.menu: QMenu | None = None

    # ----- events --------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        page = self.page
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is page.search:
                return self._search_key(event)
            if watched is page.table:
                return self._table_key(event)
        if (event.type() == QEvent.Type.ToolTip and watched is page.table.viewport()
                and isinstance(event, QHelpEvent)):
            return self._tooltip(event)
        return False

    def _search_key(self, event: QKeyEvent) -> bool:
        page = self.page
        if event.key() in (Qt.Key.Key_Down, *ENTER) and page.model.rowCount() > 0:
            self.enter_list()
            return True
        if (event.key() == Qt.Key.Key_E
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier):
            page.export_view()  # a line edit would take Ctrl+E as "end of line"
            return True
        return False

    def _table_key(self, event: QKeyEvent) -> bool:
        page = self.page
        if event.key() in ENTER and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if page.current_id() is not None:
                page.edit_current()
            return True
        if event.matches(QKeySequence.StandardKey.Copy):
            copy_rows(page.table)
            return True
        return False

    def enter_list(self) -> None:
        """Focus the list on its current row (the first one when none is current)."""
        table: QTableView = self.page.table
        table.setFocus(Qt.FocusReason.TabFocusReason)
        index = table.selectionModel().currentIndex()
        if not index.isValid():
            table.selectionModel().setCurrentIndex(
                table.model().index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _tooltip(self, event: QHelpEvent) -> bool:
        table: QTableView = self.page.table
        index = table.indexAt(event.pos())
        if not index.isValid():
            return False
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None or index.data(Qt.ItemDataRole.ToolTipRole):
            return False  # the model has its own tooltip
        needed = table.fontMetrics().horizontalAdvance(str(text)) + 12
        if needed > table.columnWidth(index.column()):
            QToolTip.showText(event.globalPos(), str(text), table.viewport())
        else:
            QToolTip.hideText()
        return True

    # ----- context menu --------------------------------------------------------------
    def context_menu(self, pos: QPoint) -> QMenu:
        """编辑, 复制, 导出所选, 删除 on the clicked row (it becomes current if not selected)."""
        page = self.page
        table: QTableView = page.table
        index = table.indexAt(pos)
        if index.isValid() and index.row() not in selected_rows(table):
            table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        menu = QMenu(table)
        menu.setObjectName("rowMenu")
        edit = menu.addAction("编辑", page.edit_current)
        edit.setEnabled(page.edit_button.isEnabled() and not page.read_only
                        and not page.bin_toggle.isChecked())
        menu.addAction("复制（Ctrl+C）", lambda: copy_rows(table))
        menu.addAction("导出所选…", page.export_selected)
        menu.addSeparator()
        delete = menu.addAction("删除", page.delete_selected)
        delete.setEnabled(page.delete_button.isEnabled() and not page.read_only
                          and not page.bin_toggle.isChecked())
        self.menu = menu
        if table.isVisible():
            menu.popup(table.viewport().mapToGlobal(pos))
        return menu


def install_table_habits(page: Any) -> TableHabits:
    page.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return TableHabits(page)
