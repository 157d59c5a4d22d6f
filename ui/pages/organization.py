"""组织机构 page: 界别 and 界别组, internal units with their members, handling departments."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.domain.enums import UnitKind, UnitRole
from app.models import Department, Unit
from app.services.members import MemberService
from app.services.org import ROLE_RANK, DepartmentService, UnitService
from ui.framework.columns import Column, field_column
from ui.framework.context import PageContext
from ui.framework.editor import Section
from ui.framework.options import Options
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.exchange_actions import exchange_buttons, records_export
from ui.pages.sector_tree import SectorTree
from ui.widgets.member_picker import pick_members


class UnitsPage(RecordPage[Unit]):
    title = "机构"
    entities = ("units", "members")
    search_hint = "搜索机构名称"

    service_type = UnitService

    def prepare(self) -> None:
        self.options = Options(self.ctx.db)

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "units")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "units")]

    def columns(self) -> list[Column]:
        return [
            Column("kind", "类型", lambda u: u.kind.label, "order", 100),
            Column("name", "名称", lambda u: u.name, "name", 220),
            Column("members", "成员", lambda u: f"{len(u.memberships)}人", None, 60),
            Column("retired", "状态", lambda u: "已停用" if u.retired else "", None, 60),
        ]

    def filter_specs(self) -> list[FilterSpec]:
        return [FilterSpec("kind", "类型", lambda: [(k.label, k) for k in UnitKind])]

    def extra_buttons(self) -> list[ExtraButton]:
        return [("添加成员", self.add_members), ("设置职务", self.set_role),
                ("移出成员", self.remove_members)]

    def _current_unit(self) -> Unit | None:
        record_id = self.current_id()
        if record_id is None:
            self.ctx.dialogs.info(self.title, "请先在列表中选中一个机构。")
            return None
        return self.service.get(record_id)

    def add_members(self) -> None:
        unit = self._current_unit()
        if unit is None:
            return
        present = {m.member_id for m in unit.memberships}
        picked = pick_members(self.ctx, f"为“{unit.name}”添加成员")
        version = unit.version
        for member_id in picked or []:
            if member_id not in present:
                if not self.ctx.ops.call("添加成员", self.service.set_member, self.ctx.actor,  # type: ignore[attr-defined]
                                         unit.id, member_id, version=version):
                    return  # refused (e.g. another clerk changed the unit): stop here
                version = self.service.get(unit.id).version

    def set_role(self) -> None:
        unit = self._current_unit()
        if unit is None or not unit.memberships:
            return
        picked = pick_members(self.ctx, f"设置“{unit.name}”成员的职务", single=True,
                              only_ids=[m.member_id for m in unit.memberships])
        if not picked:
            return
        role = self.ctx.dialogs.ask_choice("设置职务", "职务：", UnitRole.labels())
        if role:
            self.ctx.ops.call("设置职务", self.service.set_member, self.ctx.actor,  # type: ignore[attr-defined]
                              unit.id, picked[0], {"role": role}, version=unit.version)

    def remove_members(self) -> None:
        unit = self._current_unit()
        if unit is None or not unit.memberships:
            return
        picked = pick_members(self.ctx, f"从“{unit.name}”移出成员",
                              only_ids=[m.member_id for m in unit.memberships])
        version = unit.version
        for member_id in picked or []:
            if not self.ctx.ops.call("移出成员", self.service.remove_member, self.ctx.actor,  # type: ignore[attr-defined]
                                     unit.id, member_id, version=version):
                return  # refused (e.g. another clerk changed the unit): stop here
            version = self.service.get(unit.id).version

    def detail_html(self, record: Unit) -> str:
        members = MemberService(self.ctx.db)
        by_id = {m.id: m for m in members.fetch([m.member_id for m in record.memberships])}
        rows = sorted(((m.role, by_id[m.member_id]) for m in record.memberships
                       if m.member_id in by_id),
                      key=lambda r: (ROLE_RANK[r[0]], r[1].stroke_key))
        lines = "".join(f"<tr><td>{escape(role.label)}</td><td><a href='page:members?id={m.id}'>"
                        f"{escape(m.name)}</a></td><td>{escape(m.work_unit_post)}</td></tr>"
                        for role, m in rows)
        return (f"<h2>{escape(record.name)}</h2><p>{escape(record.kind.label)}，成员 {len(rows)} 人"
                f"</p><table cellpadding='3'>{lines}</table>")

    def open_editor(self, record_id: int | None) -> bool:
        unit = self.service.get(record_id) if record_id is not None else None
        return self.run_editor(unit, "编辑机构" if unit else "新增机构",
                               [Section("机构", ["name", "short_name", "kind", "parent_id",
                                                "sort_order", "retired", "notes"])],
                               options={"parent_id": self.options.all_units})


class DepartmentsPage(RecordPage[Department]):
    title = "承办单位"
    entities = ("departments",)
    search_hint = "搜索单位名称或简称"
    empty_hint = "还没有承办单位。点击“新增”录入承办提案的部门。"

    service_type = DepartmentService

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "departments")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "departments")]

    def columns(self) -> list[Column]:
        rtype = self.service.rtype
        return [field_column(rtype, "name", sort="name", width=240),
                field_column(rtype, "short_name", width=100),
                field_column(rtype, "kind", width=100),
                field_column(rtype, "contact", width=80),
                field_column(rtype, "phone", width=110)]

    def detail_html(self, record: Department) -> str:
        return (f"<h2>{escape(record.name)}</h2>"
                f"<p>{escape(record.kind)}　{escape(record.contact)}　{escape(record.phone)}</p>")

    def open_editor(self, record_id: int | None) -> bool:
        dept = self.service.get(record_id) if record_id is not None else None
        return self.run_editor(dept, "编辑承办单位" if dept else "新增承办单位",
                               [Section("承办单位", ["name", "short_name", "kind", "contact",
                                                  "phone", "sort_order", "retired"])])


class OrganizationPage(QWidget):
    """Tabs of record pages; each tab is a full record page of the shared framework."""

    title = "组织机构"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("page_OrganizationPage")
        self.tabs = QTabWidget()
        self.sectors = SectorTree(ctx)
        self.units = UnitsPage(ctx)
        self.departments = DepartmentsPage(ctx)
        self.tabs.addTab(self.sectors, "界别和界别组")
        self.tabs.addTab(self.units, "专委会和其他机构")
        self.tabs.addTab(self.departments, "承办单位")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def record_pages(self) -> list[RecordPage]:
        return [self.units, self.departments]
