"""承办单位: one line per department that handles proposals (县住建局, 简称“住建” …).

A proposals file names its 承办单位 by name or short name, and the import only accepts names
already on the list; an office that keeps its 承办单位 in a spreadsheet imports that list first.
A department is known exactly by its 单位名称 (or by a 简称 already stored).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.schema import DEPARTMENT
from app.exchange.kinds import Column, Context, FlatKind, cell_value, col
from app.exchange.model import Entry
from app.models import Department
from app.services.org import DepartmentService

D = DEPARTMENT
COLUMNS: tuple[Column, ...] = (
    col(D, "name", "承办单位", "承办单位名称", "单位", "名称", "部门名称", width=28,
        note="必填，如“长子县住房和城乡建设局”或“县住建局”。"),
    col(D, "short_name", "单位简称", "部门简称", width=10,
        note="可不填，如“住建”；提案的“承办单位”列可写名称或简称，文稿中写简称。"),
    col(D, "kind", "类型", "单位性质", "部门类型", width=12,
        note="可不填，如党委部门、政府部门、法检、群团。"),
    col(D, "contact", "联系人", "提案办理联系人", width=10),
    col(D, "phone", "联系电话", "电话", width=14),
    col(D, "sort_order", "排序", "序号", width=8, note="可不填；数小的排在前面。"),
)


class DepartmentKind(FlatKind):
    name = "departments"
    label = "承办单位"
    title = "承办单位导入模板"
    rtype = DEPARTMENT
    service = DepartmentService
    columns = COLUMNS
    names_members = False
    key_rule = "承办单位按单位名称（或已有的简称）识别"
    header_minimum = 1  # a list may be just “序号 | 单位名称”

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        name = entry.values.get("name")
        return [("department", name)] if name else []

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "单位名称相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        name = entry.values.get("name")
        if not name:
            return []
        stmt = select(Department).where(Department.deleted_at.is_(None), or_(
            Department.name == name, Department.short_name == name))
        return [(d.id, f"承办单位“{d.name}”（编号{d.id}）", self.identity_reason(()))
                for d in session.scalars(stmt)]

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        rows = session.scalars(select(Department).where(Department.deleted_at.is_(None))
                               .order_by(Department.sort_order, Department.name, Department.id))
        for row in rows:
            yield [[cell_value(getattr(row, c.key)) for c in self.columns]]
