"""Read-only table models of the 履职考核 page: the ranking, a member's items, the records
behind an item, group results. Rows are plain tuples computed by app.scoring."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.scoring import CATEGORIES, fmt_points
from app.scoring.engine import GroupResult, MemberScore, ScoreItem
from app.scoring.records import RecordLine
from ui.theme import colour

Index = QModelIndex | QPersistentModelIndex
def below_minimum() -> QColor:
    """The background of members below the minimum duties (theme-aware)."""
    return QColor(colour("error_bg"))
NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RowsModel(QAbstractTableModel):
    """Headers, rows of display values, an optional background per row and a payload per row."""

    numeric_columns: frozenset[int] = frozenset()

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self.headers = list(headers)
        self.rows: list[tuple[Any, ...]] = []
        self.payload: list[Any] = []
        self.backgrounds: list[QColor | None] = []
        self.tips: list[str] = []

    def set_rows(self, rows: list[tuple[Any, ...]], payload: list[Any],
                 backgrounds: list[QColor | None] | None = None,
                 tips: list[str] | None = None) -> None:
        self.beginResetModel()
        self.rows, self.payload = rows, payload
        self.backgrounds = backgrounds or [None] * len(rows)
        self.tips = tips or [""] * len(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.rows[row][column]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and self.backgrounds[row] is not None:
            return QBrush(self.backgrounds[row])
        if role == Qt.ItemDataRole.ToolTipRole and self.tips[row]:
            return self.tips[row]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric_columns:
            return int(NUMERIC)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


RANKING_HEADERS = ["名次", "姓名", "界别", "总分", "等次",
                   *(label for _, label in CATEGORIES), "备注"]


class RankingModel(RowsModel):
    """One row per member; the category columns are the numbers a clerk drills into."""

    numeric_columns = frozenset({0, 3, *range(5, 5 + len(CATEGORIES))})
    first_category_column = 5

    def __init__(self) -> None:
        super().__init__(RANKING_HEADERS)

    def set_members(self, members: list[MemberScore]) -> None:
        rows = [(m.rank, m.name, m.sector, fmt_points(m.total), m.grade.label,
                 *(fmt_points(m.category_points(code)) for code, _ in CATEGORIES),
                 "；".join((*m.missing, *m.warnings))) for m in members]
        self.set_rows(rows, list(members),
                      [None if m.minimum_met else below_minimum() for m in members],
                      ["未完成最低履职要求：" + "；".join(m.missing) if m.missing else ""
                       for m in members])

    def category_at(self, column: int) -> str | None:
        index = column - self.first_category_column
        return CATEGORIES[index][0] if 0 <= index < len(CATEGORIES) else None


class ItemsModel(RowsModel):
    numeric_columns = frozenset({1, 2})

    def __init__(self) -> None:
        super().__init__(["计分项目", "项数", "得分", "计算"])

    def set_items(self, items: list[ScoreItem]) -> None:
        self.set_rows([(i.label, i.count or "", fmt_points(i.points), i.note) for i in items],
                      list(items))


class RecordsModel(RowsModel):
    def __init__(self) -> None:
        super().__init__(["编号", "日期", "名称", "情况"])

    def set_lines(self, lines: list[RecordLine]) -> None:
        self.set_rows([(r.id, r.day or "", r.title, r.detail) for r in lines], list(lines))


class GroupsModel(RowsModel):
    numeric_columns = frozenset({0, 2, 3, 4, 5})

    def __init__(self) -> None:
        super().__init__(["名次", "名称", "人数", "平均分", "优秀人数", "未完成最低要求"])

    def set_groups(self, groups: list[GroupResult]) -> None:
        self.set_rows([(g.rank, g.name, g.members, fmt_points(g.average), g.excellent,
                        g.below_minimum) for g in groups], list(groups))
