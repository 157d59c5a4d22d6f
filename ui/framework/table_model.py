"""A lazy table model over record ids: long lists hold ids and load visible rows in blocks."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui.framework.columns import Column
from ui.theme import resolve

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Looked up once, as plain ints (an int compares with an int faster than with an enum): a view
# asks for every cell's data in several roles on each repaint.
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ID = int(ID_ROLE)
_ROOT = QModelIndex()
BLOCK = 50  # about two screens: rows nobody looks at are not loaded
# Rows read for one search or filter are shown again for the next (``set_ids(keep_rows=True)``)
# only this long after they were first read, and only this many of them.
KEEP_SECONDS = 60.0
KEEP_ROWS = 5000


class LazyRecordModel(QAbstractTableModel):
    """Rows are ids in display order; ``fetch(ids)`` (a service call) loads a block on demand.

    The service sorts and filters in SQL, so the model never holds more than the visible
    blocks: the 60,000-event list opens as fast as its id query.

    Text colour: a column's ``colour(row)`` if it gives one, else ``row_colour(row)`` (e.g.
    overdue proposals in red).
    """

    def __init__(self, columns: Sequence[Column], fetch: Callable[[list[int]], list[Any]],
                 parent: Any = None, *,
                 row_colour: Callable[[Any], str | None] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch = fetch
        self._row_colour = row_colour
        self._ids: list[int] = []
        self._rows: dict[int, Any] = {}
        self._row_of: dict[int, int] = {}
        # A row's texts and colours, worked out once: a view asks again on every repaint.
        self._texts: dict[int, list[Any]] = {}
        self._colours: dict[int, list[QColor | None]] = {}
        self._read_since = time.monotonic()  # when the kept rows began to be read

    # ----- content -------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int], *, keep_rows: bool = False) -> None:
        """Show ``ids``. Rows are read again from the database, except with ``keep_rows``
        (the clerk typed a search or changed a filter: the records did not change), when
        rows read in the last ``KEEP_SECONDS`` are shown as they were read."""
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = {record_id: row for row, record_id in enumerate(self._ids)}
        now = time.monotonic()
        if (not keep_rows or now - self._read_since > KEEP_SECONDS
                or len(self._rows) > KEEP_ROWS):
            self._rows.clear()
            self._texts.clear()
            self._colours.clear()
            self._read_since = now
        self.endResetModel()

    def refresh_ids(self, changed: set[int]) -> None:
        """Reload the named records in place (exact dataChanged, no reset)."""
        for record_id in changed:
            self._rows.pop(record_id, None)
            self._texts.pop(record_id, None)
            self._colours.pop(record_id, None)
            row = self._row_of.get(record_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, self.columnCount() - 1))

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        return self._row_of.get(record_id)

    def ids(self) -> list[int]:
        return list(self._ids)

    def record(self, row: int) -> Any | None:
        record_id = self.id_at(row)
        if record_id is None:
            return None
        if record_id not in self._rows:
            start = (row // BLOCK) * BLOCK
            block = [i for i in self._ids[start:start + BLOCK] if i not in self._rows]
            for obj in self._fetch(block):
                self._rows[obj.id] = obj
            for missing in set(block) - self._rows.keys():  # deleted meanwhile
                self._rows[missing] = None
        return self._rows.get(record_id)

    # ----- Qt model interface --------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        """Qt's own ``index`` asks ``rowCount`` and ``columnCount`` (two calls into Python)
        for each cell; a view and the first screen ask for hundreds (issue 15)."""
        if (0 <= row < len(self._ids) and 0 <= column < len(self.columns)
                and not parent.isValid()):
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._ids):
            return None
        if role in (_DISPLAY, _TOOLTIP):
            texts = self._texts.get(self._ids[row])
            return (texts or self._texts_of(row))[index.column()]
        if role == _FOREGROUND:
            return self._colours_of(row)[index.column()]
        if role == _ALIGN:
            return int(self.columns[index.column()].align.value)
        if role == _ID:
            return self._ids[row]
        return None

    def _texts_of(self, row: int) -> list[Any]:
        record_id = self._ids[row]
        texts = self._texts.get(record_id)
        if texts is None:
            obj = self.record(row)
            texts = (["（已删除）"] + [""] * (len(self.columns) - 1) if obj is None
                     else [column.value(obj) for column in self.columns])
            self._texts[record_id] = texts
        return texts

    def _colours_of(self, row: int) -> list[QColor | None]:
        record_id = self._ids[row]
        colours = self._colours.get(record_id)
        if colours is None:
            obj = self.record(row)
            whole = self._row_colour(obj) if obj is not None and self._row_colour else None
            colours = []
            for column in self.columns:
                name = column.colour(obj) if obj is not None and column.colour else None
                if name is None:
                    name = whole
                colours.append(QColor(resolve(name)) if name else None)
            self._colours[record_id] = colours
        return colours

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
