"""Editor tabs of a meeting or activity: its participants and its outcomes."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Attendance, OutcomeKind, UnitKind
from app.domain.schema import OUTCOME, PARTICIPATION
from app.services.crud import ListQuery
from app.services.members import MemberService
from app.services.terms import CommitteeService
from ui.framework.context import PageContext
from ui.framework.editor import EditorTab
from ui.framework.options import Options
from ui.theme import colour, text_style
from ui.widgets.member_picker import pick_members

ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLOURS = {Attendance.PRESENT: "ok", Attendance.EXCUSED: "warn",  # ui.theme roles
           Attendance.ABSENT: "error"}

W = TypeVar("W", bound=QWidget)


def _item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell this module filled (Qt types every cell as optional)."""
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


def _cell(table: QTableWidget, row: int, column: int, kind: type[W]) -> W:
    """The editor widget this module put in a cell, as the type it put there."""
    return cast(W, table.cellWidget(row, column))  # Qt returns every cell widget as QWidget


class ParticipantsTab(EditorTab):
    """Invitees with 出席 / 请假 (reason) / 缺席; add whole groups at once; mark in bulk."""

    key = "participants"

    def __init__(self, ctx: PageContext, event: Any | None) -> None:
        super().__init__()
        self.setWindowTitle("参加人员")
        self.setObjectName("participantsTab")
        self.ctx = ctx
        self.members = MemberService(ctx.db)
        self.options = Options(ctx.db)
        self.term_id = CommitteeService(ctx.db).configured_term_id()
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("participants")
        self.table.setHorizontalHeaderLabels(["姓名", "界别", PARTICIPATION.label_of("attendance"),
                                              PARTICIPATION.label_of("leave_reason"),
                                              PARTICIPATION.label_of("leave_approver"),
                                              PARTICIPATION.label_of("leave_approved_on")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(4, 100)
        self.table.setColumnWidth(5, 100)
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(1, 140)
        self.table.setColumnWidth(2, 80)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.counts = QLabel()
        self.counts.setObjectName("participantCounts")
        add = QToolButton()
        add.setText("添加参加人员")
        add.setObjectName("addParticipants")
        add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(add)
        for title, kind, key in (("按界别组", UnitKind.SECTOR_GROUP, "group_id"),
                                 ("按专委会", UnitKind.SPECIAL_COMMITTEE, "unit_id"),
                                 ("按联络组", UnitKind.LIAISON_GROUP, "unit_id")):
            sub = self.add_menu.addMenu(title)
            for name, unit_id in self.options.units(kind):
                sub.addAction(name, lambda k=key, u=unit_id: self.add_query({k: u}))
        self.add_menu.addAction("全体常委", lambda: self.add_query({"standing": True}))
        self.add_menu.addAction("全体委员", lambda: self.add_query({}))
        self.add_menu.addAction("搜索选择…", self.add_by_search)
        add.setMenu(self.add_menu)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addSpacing(16)
        bar.addWidget(QLabel("选中的人："))
        for attendance in Attendance:
            button = QPushButton(f"标为{attendance.label}")
            button.setObjectName(f"mark_{attendance.value}")
            button.clicked.connect(lambda _c=False, a=attendance: self.mark_selected(a))
            bar.addWidget(button)
        remove = QPushButton("移除")
        remove.clicked.connect(self.remove_selected)
        bar.addWidget(remove)
        bar.addStretch(1)
        # a meeting of 200: find a name, show only 请假 or 缺席, sort by a column header
        self.search = QLineEdit()
        self.search.setObjectName("participantSearch")
        self.search.setPlaceholderText("查找姓名或界别")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.show_only = QComboBox()
        self.show_only.setObjectName("attendanceFilter")
        self.show_only.addItem("全部", None)
        for attendance in Attendance:
            self.show_only.addItem(attendance.label, attendance)
        self.show_only.currentIndexChanged.connect(lambda _i: self.apply_filter())
        finder = QHBoxLayout()
        finder.addWidget(self.search, 1)
        finder.addWidget(QLabel("只看："))
        finder.addWidget(self.show_only)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionClicked.connect(self.sort_by)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(finder)
        layout.addWidget(self.table)
        layout.addWidget(self.counts)
        self.problems = QLabel()
        self.problems.setStyleSheet(text_style("error"))
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout.addWidget(self.problems)
        self._show(event)

    def _show(self, event: Any | None) -> None:
        self.table.setRowCount(0)
        if event is not None:
            by_id = {p.member_id: p for p in event.participations}
            for member in self.members.fetch(list(by_id)):
                p = by_id[member.id]
                self._add_row(member, p.attendance, p.leave_reason, p.leave_approver,
                              f"{p.leave_approved_on or ''}")
        self.update_counts()

    # ----- rows ----------------------------------------------------------------------
    def _sector(self, member: Any) -> str:
        names = getattr(self, "_sector_names", None)
        if names is None:
            names = self._sector_names = self.options.sector_names()
        seat = next((t for t in member.terms if t.term_id == self.term_id), None)
        return names.get(seat.sector_id, "") if seat and seat.sector_id else ""

    def member_ids(self) -> list[int]:
        return [_item(self.table, r, 0).data(ID_ROLE) for r in range(self.table.rowCount())]

    def _add_row(self, member: Any, attendance: Attendance = Attendance.PRESENT,
                 reason: str = "", approver: str = "", approved_on: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(member.name)
        name.setData(ID_ROLE, member.id)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        sector = QTableWidgetItem(self._sector(member))
        sector.setFlags(sector.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, sector)
        combo = QComboBox()
        for a in Attendance:
            combo.addItem(a.label, a)
        combo.setCurrentIndex(combo.findData(attendance))
        combo.currentIndexChanged.connect(lambda _i: self.update_counts())
        self.table.setCellWidget(row, 2, combo)
        self.table.setItem(row, 2, QTableWidgetItem(attendance.label))  # sorts by 出席情况
        reason_edit = QLineEdit(reason)
        reason_edit.setPlaceholderText("请假时填写事由")
        self.table.setCellWidget(row, 3, reason_edit)
        # who approved the leave (主席 for the plenary and 常委会议, the committee head for
        # committee activities) and when: 履职考核 counts an approved leave, not an absence
        approver_edit = QLineEdit(approver)
        approver_edit.setPlaceholderText("如 主席张三")
        self.table.setCellWidget(row, 4, approver_edit)
        day_edit = QLineEdit(approved_on)
        day_edit.setPlaceholderText("如 2025-03-01")
        self.table.setCellWidget(row, 5, day_edit)

    def add_members(self, member_ids: list[int]) -> int:
        present = set(self.member_ids())
        new = [i for i in member_ids if i not in present]
        for member in self.members.fetch(new):
            self._add_row(member)
        self.apply_filter()  # new rows follow the search and 只看 choice
        return len(new)

    def add_query(self, filters: dict[str, Any]) -> int:
        """Add everyone seated in the current term who matches ``filters``."""
        if self.term_id is not None:
            filters = {"term_id": self.term_id, "status": "active"} | filters
        return self.add_members(self.members.ids(ListQuery(filters=filters)))

    def add_by_search(self) -> None:
        picked = pick_members(self.ctx, "选择参加人员")
        if picked:
            self.add_members(picked)

    def _selected_rows(self) -> list[int]:
        """Selected rows the filter shows (Ctrl+A must not mark people one cannot see)."""
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()
                       if not self.table.isRowHidden(i.row())})

    def sort_by(self, column: int) -> None:
        """A click on a header sorts by it (again: the other way); the rows keep their
        inputs. Sorting is by click only, so adding people never reorders rows mid-way."""
        last = getattr(self, "_sorted", None)
        order = (Qt.SortOrder.DescendingOrder if last == (column, Qt.SortOrder.AscendingOrder)
                 else Qt.SortOrder.AscendingOrder)
        self._sorted = (column, order)
        self.table.sortItems(column, order)
        self.table.horizontalHeader().setSortIndicator(column, order)

    def apply_filter(self) -> None:
        text = self.search.text().strip()
        wanted = self.show_only.currentData()
        for row in range(self.table.rowCount()):
            found = not text or any(text in (_item(self.table, row, c).text() or "")
                                    for c in (0, 1))
            hidden = not found or (wanted is not None and self.attendance_at(row) != wanted)
            self.table.setRowHidden(row, hidden)
        self.update_counts()

    def mark_selected(self, attendance: Attendance) -> None:
        rows = self._selected_rows()
        reason = ""
        if rows and attendance == Attendance.EXCUSED:
            reason = self.ctx.dialogs.ask_text("请假事由", "请假事由（可不填）：") or ""
        for row in rows:
            combo = _cell(self.table, row, 2, QComboBox)
            combo.setCurrentIndex(combo.findData(attendance))
            if reason:
                _cell(self.table, row, 3, QLineEdit).setText(reason)
        self.update_counts()

    def remove_selected(self) -> None:
        for row in reversed(self._selected_rows()):
            self.table.removeRow(row)
        self.update_counts()

    def attendance_at(self, row: int) -> Attendance:
        return cast(Attendance, _cell(self.table, row, 2, QComboBox).currentData())

    def update_counts(self) -> None:
        counts = dict.fromkeys(Attendance, 0)
        for row in range(self.table.rowCount()):
            attendance = self.attendance_at(row)
            counts[attendance] += 1
            _item(self.table, row, 0).setForeground(QColor(colour(COLOURS[attendance])))
            if (item := self.table.item(row, 2)) is not None:
                item.setText(Attendance(attendance).label)
        total = self.table.rowCount()
        self.show_only.setItemText(0, f"全部（{total}）")
        for i, attendance in enumerate(Attendance, 1):
            self.show_only.setItemText(i, f"{attendance.label}（{counts[attendance]}）")
        if total == 0:
            self.counts.setText("还没有参加人员。用“添加参加人员”按界别组、专委会、联络组或搜索添加。")
        else:
            filtered = self.search.text().strip() or self.show_only.currentIndex() > 0
            shown = sum(1 for r in range(total) if not self.table.isRowHidden(r))
            self.counts.setText(f"共 {total} 人：" + "，".join(
                f"{a.label} {counts[a]} 人" for a in Attendance)
                + (f"；按条件显示 {shown} 人" if filtered else ""))

    # ----- EditorTab -----------------------------------------------------------------
    def value(self) -> list[dict[str, Any]]:
        def text(row: int, column: int) -> str:
            return _cell(self.table, row, column, QLineEdit).text()

        return [{"member_id": _item(self.table, r, 0).data(ID_ROLE),
                 "attendance": self.attendance_at(r), "leave_reason": text(r, 3),
                 "leave_approver": text(r, 4), "leave_approved_on": text(r, 5) or None}
                for r in range(self.table.rowCount())]

    def value_of(self, record: Any) -> list[dict[str, Any]]:
        shown = {m.id for m in self.members.fetch([p.member_id for p in record.participations])}
        return [{"member_id": p.member_id, "attendance": p.attendance,
                 "leave_reason": p.leave_reason}
                for p in record.participations if p.member_id in shown]

    def reload(self, record: Any) -> None:
        self._show(record)

    def describe(self, value: Any) -> str:
        counts = {a: sum(1 for row in value if row["attendance"] == a) for a in Attendance}
        return f"{len(value)}人（" + "，".join(f"{a.label}{n}" for a, n in counts.items()
                                               if n) + "）" if value else "（无）"

    def show_problems(self, problems: list[Any]) -> None:
        self.problems.setText("；".join(str(p) for p in problems))
        self.problems.show()


OUTCOME_COLUMNS = ("kind", "title", "aspects", "items", "problems", "submitted_to", "adopted")


class OutcomesTab(EditorTab):
    """Reports and suggestions produced: "提出4方面13条建议"."""

    key = "outcomes"

    def __init__(self, ctx: PageContext, event: Any | None) -> None:
        super().__init__()
        self.setWindowTitle("活动成果")
        self.setObjectName("outcomesTab")
        self.table = QTableWidget(0, len(OUTCOME_COLUMNS))
        self.table.setObjectName("outcomes")
        self.table.setHorizontalHeaderLabels([OUTCOME.label_of(c) for c in OUTCOME_COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 90), (2, 70), (3, 70), (4, 70), (5, 120), (6, 60)):
            self.table.setColumnWidth(col, width)
        add = QPushButton("新增成果")
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton("删除选中成果")
        remove.clicked.connect(self.remove_selected)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addWidget(remove)
        bar.addStretch(1)
        hint = QLabel("协商报告、调研报告等写明“几方面几条建议”，文稿中的数字从这里统计。"
                      "保存后，可用页面上方的“登记批示”按钮登记领导批示。")
        hint.setStyleSheet(text_style("hint"))
        hint.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setStyleSheet(text_style("error"))
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        layout.addWidget(hint)
        layout.addWidget(self.problems)
        self.reload(event)

    def reload(self, record: Any) -> None:
        self.table.setRowCount(0)
        for outcome in record.outcomes if record is not None else []:
            self.add_row(outcome)

    def value_of(self, record: Any) -> list[dict[str, Any]]:
        def cell(value: Any) -> str:
            return str(value if value != 0 else "")

        return [{"id": o.id, "kind": o.kind, "title": o.title, "aspects": cell(o.aspects),
                 "items": cell(o.items), "problems": cell(o.problems),
                 "submitted_to": cell(o.submitted_to), "adopted": bool(o.adopted)}
                for o in record.outcomes]

    def describe(self, value: Any) -> str:
        return "、".join(f"“{row['title']}”" for row in value) or "（无）"

    def add_row(self, outcome: Any | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        kind = QComboBox()
        for k in OutcomeKind:
            kind.addItem(k.label, k)
        kind.setCurrentIndex(kind.findData(outcome.kind) if outcome else 0)
        self.table.setCellWidget(row, 0, kind)
        title = QTableWidgetItem(outcome.title if outcome else "")
        title.setData(ID_ROLE, outcome.id if outcome else None)
        self.table.setItem(row, 1, title)
        for col, name in ((2, "aspects"), (3, "items"), (4, "problems"), (5, "submitted_to")):
            value = getattr(outcome, name) if outcome else ""
            self.table.setItem(row, col, QTableWidgetItem(str(value if value != 0 else "")))
        adopted = QCheckBox()
        adopted.setChecked(bool(outcome.adopted) if outcome else False)
        self.table.setCellWidget(row, 6, adopted)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def value(self) -> list[dict[str, Any]]:
        rows = []
        for r in range(self.table.rowCount()):
            def text(col: int, row: int = r) -> str:
                item = self.table.item(row, col)
                return item.text() if item is not None else ""

            rows.append({
                "id": _item(self.table, r, 1).data(ID_ROLE),
                "kind": _cell(self.table, r, 0, QComboBox).currentData(),
                "title": text(1), "aspects": text(2), "items": text(3), "problems": text(4),
                "submitted_to": text(5),
                "adopted": _cell(self.table, r, 6, QCheckBox).isChecked(),
            })
        return rows

    def show_problems(self, problems: list[Any]) -> None:
        self.problems.setText("；".join(str(p) for p in problems))
        self.problems.show()
