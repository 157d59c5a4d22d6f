"""The member picker: search by name or pinyin initials, filter by 界别 or unit, pick many."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import UnitKind
from app.services.crud import ListQuery
from app.services.members import MemberService
from app.services.terms import CommitteeService
from ui.framework.columns import Column
from ui.framework.context import PageContext
from ui.framework.options import Options
from ui.framework.table_model import LazyRecordModel

ID_ROLE = 256


class MemberPicker(QDialog):
    """Left: search results (double-click or 添加); right: the members picked so far."""

    def __init__(self, ctx: PageContext, title: str, *, preselected: list[int] | None = None,
                 only_ids: list[int] | None = None, single: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memberPicker")
        self.setWindowTitle(title)
        self.service = MemberService(ctx.db)
        self.only_ids = only_ids
        self.single = single
        # Offer the members seated in the current term; with no term set up yet, everyone.
        self.term_id = CommitteeService(ctx.db).get().current_term_id
        options = Options(ctx.db)
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText("姓名或拼音首字母，如 zl")
        self.sector = QComboBox()
        self.sector.addItem("界别：全部", None)
        for text, value in options.sectors():
            self.sector.addItem(text, value)
        self.unit = QComboBox()
        self.unit.addItem("机构：全部", None)
        for text, value in options.units(UnitKind.SPECIAL_COMMITTEE, UnitKind.LIAISON_GROUP,
                                         UnitKind.SECTOR_GROUP):
            self.unit.addItem(text, value)
        for w in (self.search,):
            w.textChanged.connect(lambda _t: self.reload())
        for box in (self.sector, self.unit):
            box.currentIndexChanged.connect(lambda _i: self.reload())

        self.model = LazyRecordModel([
            Column("name", "姓名", lambda m: m.name, None, 80),
            Column("work", "工作单位及职务", lambda m: m.work_unit_post, None, 260),
        ], self.service.fetch, self)
        self.table = QTableView()
        self.table.setObjectName("pickerResults")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.add_selected())
        self.chosen = QListWidget()
        self.chosen.setObjectName("pickerChosen")
        self.chosen.itemDoubleClicked.connect(lambda item: self.chosen.takeItem(
            self.chosen.row(item)))
        add = QPushButton("添加 →")
        add.clicked.connect(self.add_selected)
        remove = QPushButton("← 移除")
        remove.clicked.connect(lambda: [self.chosen.takeItem(self.chosen.row(i))
                                        for i in self.chosen.selectedItems()])
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(add)
        middle.addWidget(remove)
        middle.addStretch(1)
        self.count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.sector, 1)
        filters.addWidget(self.unit, 1)
        lists = QHBoxLayout()
        lists.addWidget(self.table, 3)
        lists.addLayout(middle)
        lists.addWidget(self.chosen, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(lists)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.resize(820, 520)
        for member in self.service.fetch(preselected or []):
            self._add(member)
        self.reload()

    def reload(self) -> None:
        filters: dict[str, Any] = {}
        if self.term_id is not None:
            filters = {"term_id": self.term_id, "status": "active"}
        if self.sector.currentData() is not None:
            filters["sector_id"] = self.sector.currentData()
        if self.unit.currentData() is not None:
            filters["unit_id"] = self.unit.currentData()
        if self.only_ids is not None:
            filters = {"ids": self.only_ids}
        ids = self.service.ids(ListQuery(search=self.search.text(), filters=filters))
        self.model.set_ids(ids)
        self.count.setText(f"找到 {len(ids)} 人；已选 {self.chosen.count()} 人。双击可添加或移除。")

    def _add(self, member: Any) -> None:
        if member.id in self.selected_ids():
            return
        if self.single:
            self.chosen.clear()
        item = QListWidgetItem(f"{member.name}　{member.work_unit_post}")
        item.setData(ID_ROLE, member.id)
        self.chosen.addItem(item)

    def add_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        for member in self.service.fetch([self.model.id_at(r) for r in rows]):  # type: ignore[misc]
            self._add(member)
        self.reload()

    def selected_ids(self) -> list[int]:
        return [self.chosen.item(i).data(ID_ROLE) for i in range(self.chosen.count())]


def pick_members(ctx: PageContext, title: str, **kwargs: Any) -> list[int] | None:
    """Ask for members; None when cancelled."""
    picker = MemberPicker(ctx, title, **kwargs)
    try:
        return picker.selected_ids() if ctx.dialogs.exec(picker) else None
    finally:
        picker.deleteLater()
