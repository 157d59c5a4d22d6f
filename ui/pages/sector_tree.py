"""界别组 → 界别 as a tree: add, edit, reorder, move a 界别 to another group, retire."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import UnitKind
from app.domain.schema import SECTOR, UNIT
from app.services.context import Changes
from app.services.org import SectorService, UnitService
from app.services.versions import versions_of
from ui.framework.context import PageContext
from ui.framework.editor import RecordEditor, Section
from ui.framework.record_editing import run_versioned_editor
from ui.theme import text_style

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "group" or "sector"
VERSION_ROLE = Qt.ItemDataRole.UserRole + 7  # the version shown: a move is checked against it
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class SectorTree(QWidget):
    title = "界别和界别组"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("sectorTree")
        self.ctx = ctx
        self.sectors = SectorService(ctx.db)
        self.units = UnitService(ctx.db)
        self.tree = QTreeWidget()
        self.tree.setObjectName("tree")
        self.tree.setHeaderLabels(["界别组 / 界别", "在任委员", "状态"])
        self.tree.setColumnWidth(0, 260)
        self.tree.itemDoubleClicked.connect(lambda _i, _c: self.edit())
        buttons = QVBoxLayout()
        for text, slot in (("新增界别组", self.add_group), ("新增界别", self.add_sector),
                           ("编辑", self.edit), ("上移", lambda: self.move_item(-1)),
                           ("下移", lambda: self.move_item(1)), ("移到其他界别组", self.regroup)):
            button = QPushButton(text)
            button.setObjectName(f"button_{text}")
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        note = QLabel("界别的顺序就是名册、统计表中的顺序。"
                      "已有委员的界别不能删除，可以在编辑中停用。")
        note.setStyleSheet(text_style("hint"))
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.tree, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(note)
        ctx.ops.changed.connect(self._on_changes)
        self.reload()

    def _on_changes(self, changes: Changes) -> None:
        if changes.concerns("sectors", "units", "members"):
            self.reload()

    def reload(self) -> None:
        from app.services.crud import ListQuery
        from app.services.members import MemberService

        keep = self.current()
        self.tree.clear()
        members = MemberService(self.ctx.db)
        groups = self.units.of_kind(UnitKind.SECTOR_GROUP)
        sectors = self.sectors.fetch(self.sectors.ids())
        items: dict[int, QTreeWidgetItem] = {}
        for group in groups:
            item = QTreeWidgetItem([group.name, "", "已停用" if group.retired else ""])
            item.setData(0, KIND_ROLE, "group")
            item.setData(0, ID_ROLE, group.id)
            self.tree.addTopLevelItem(item)
            items[group.id] = item
        loose = None
        for sector in sectors:
            parent = items.get(sector.group_id or -1)
            if parent is None:
                if loose is None:
                    loose = QTreeWidgetItem(["（未分组）", "", ""])
                    self.tree.addTopLevelItem(loose)
                parent = loose
            n = members.count(ListQuery(filters={"sector_id": sector.id, "status": "active"}))
            child = QTreeWidgetItem(parent, [sector.name, str(n),
                                             "已停用" if sector.retired else ""])
            child.setData(0, KIND_ROLE, "sector")
            child.setData(0, ID_ROLE, sector.id)
            child.setData(0, VERSION_ROLE, sector.version)
            if keep == ("sector", sector.id):
                self.tree.setCurrentItem(child)
        self.tree.expandAll()
        for group_item in items.values():
            if keep == ("group", group_item.data(0, ID_ROLE)):
                self.tree.setCurrentItem(group_item)

    def current(self) -> tuple[str, int] | None:
        item = self.tree.currentItem()
        if item is None or item.data(0, KIND_ROLE) is None:
            return None
        return item.data(0, KIND_ROLE), item.data(0, ID_ROLE)

    def _editor(self, title: str, rtype: Any, names: list[str], save: Any,
                values: dict[str, Any], options: dict[str, Any] | None = None) -> None:
        editor = RecordEditor(title, rtype, [Section(title, names)], save, values=values,
                              options=options, parent=self, confirm=self.ctx.dialogs.confirm)
        try:
            self.ctx.dialogs.exec(editor)
        finally:
            editor.deleteLater()

    def _groups(self) -> list[tuple[str, int]]:
        return [(g.name, g.id) for g in self.units.of_kind(UnitKind.SECTOR_GROUP)]

    def add_group(self) -> None:
        self._editor("新增界别组", UNIT, ["name", "short_name", "sort_order"],
                     lambda data: self.units.create(self.ctx.actor,
                                                    data | {"kind": UnitKind.SECTOR_GROUP}),
                     {"sort_order": len(self._groups()) + 1})

    def add_sector(self) -> None:
        current = self.current()
        group_id = None
        if current is not None:
            group_id = current[1] if current[0] == "group" else \
                self.sectors.get(current[1]).group_id
        self._editor("新增界别", SECTOR, ["name", "short_name", "group_id"],
                     lambda data: self.sectors.create(
                         self.ctx.actor, data | {"sort_order": self.sectors.next_order()}),
                     {"group_id": group_id}, {"group_id": self._groups})

    def edit(self) -> None:
        current = self.current()
        if current is None:
            self.ctx.dialogs.info(self.title, "请先选中一个界别组或界别。")
            return
        kind, record_id = current
        service: Any = self.units if kind == "group" else self.sectors
        title, rtype, names = (("编辑界别组", UNIT, ["name", "short_name", "retired"])
                               if kind == "group" else
                               ("编辑界别", SECTOR, ["name", "short_name", "group_id", "retired"]))
        run_versioned_editor(
            self.ctx, title, rtype, [Section(title, names)], service.get(record_id),
            reload=lambda: service.get(record_id),
            update=lambda data, version: service.update(self.ctx.actor, record_id, data,
                                                        version=version),
            values_of=lambda record: {n: getattr(record, n) for n in names},
            options={"group_id": self._groups} if kind == "sector" else None, parent=self)

    def move_item(self, step: int) -> None:
        """Swap the selected item with its neighbour in the same group (or among groups)."""
        current = self.current()
        if current is None:
            return
        kind, record_id = current
        if kind == "sector":
            ordered = self.sectors.ids()
            shown = self.sectors.fetch(ordered)
            group_of = {s.id: s.group_id for s in shown}
            siblings = [i for i in ordered if group_of[i] == group_of[record_id]]
            i = siblings.index(record_id)
            if not 0 <= i + step < len(siblings):
                return
            a, b = ordered.index(record_id), ordered.index(siblings[i + step])
            ordered[a], ordered[b] = ordered[b], ordered[a]
            self.ctx.ops.call("调整顺序", self.sectors.reorder, self.ctx.actor, ordered,
                              versions=versions_of(shown))
        else:
            found = self.units.of_kind(UnitKind.SECTOR_GROUP)
            versions = versions_of(found)
            groups = [g.id for g in found]
            i = groups.index(record_id)
            if not 0 <= i + step < len(groups):
                return
            groups[i], groups[i + step] = groups[i + step], groups[i]
            for position, group_id in enumerate(groups, start=1):
                self.ctx.ops.call("调整顺序", self.units.update, self.ctx.actor, group_id,
                                  {"sort_order": position}, version=versions[group_id])

    def regroup(self) -> None:
        current = self.current()
        if current is None or current[0] != "sector":
            self.ctx.dialogs.info(self.title, "请先选中一个界别。")
            return
        names = dict(self._groups())
        choice = self.ctx.dialogs.ask_choice("移到其他界别组", "界别组：", list(names))
        if choice:
            self.ctx.ops.call("移到其他界别组", self.sectors.update, self.ctx.actor, current[1],
                              {"group_id": names[choice]},
                              version=self.tree.currentItem().data(0, VERSION_ROLE))
