"""Units (专委会, 界别组, 联络组 …) and their members, sectors (界别), departments (承办单位)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import AuditAction, UnitKind, UnitRole
from app.domain.schema import DEPARTMENT, SECTOR, UNIT, UNIT_MEMBERSHIP
from app.errors import FieldProblem
from app.models import Department, Sector, Unit, UnitMembership
from app.services import audit
from app.services.context import Actor, Changes, publish
from app.services.crud import FilterFn, RecordService, SortFn
from app.services.validation import clean
from app.services.versions import Versions, require_versions


def _unique_name(
    session: Session, model: Any, label: str, values: dict[str, Any], current: Any
) -> list[FieldProblem]:
    name = values.get("name")
    if not name:
        return []
    stmt = select(model).where(model.name == name, model.deleted_at.is_(None))
    if current is not None:
        stmt = stmt.where(model.id != current.id)
    if session.scalars(stmt).first() is not None:
        return [FieldProblem("name", label, name, "已存在同名记录")]
    return []


def kind_rank() -> ColumnElement[int]:
    """Units in the order of ``UnitKind`` (办公室, 专委会, 研究中心 …), not by code."""
    return case({kind: rank for rank, kind in enumerate(UnitKind)}, value=Unit.kind, else_=99)


ROLE_RANK = {role: rank for rank, role in enumerate(UnitRole)}  # 主任 first, 成员 last


class UnitService(RecordService[Unit]):
    model = Unit
    rtype = UNIT
    search_columns = (Unit.name, Unit.short_name)
    default_sort = "order"
    owned_children = frozenset({"unit_memberships"})

    def load(self, stmt: Select[Any]) -> Select[Any]:
        return stmt.options(selectinload(Unit.memberships))

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [Unit.id], "order": lambda: [kind_rank(), Unit.sort_order],
                "name": lambda: [Unit.name]}

    def filters(self) -> dict[str, FilterFn]:
        return {"kind": lambda v: Unit.kind == v, "retired": lambda v: Unit.retired.is_(bool(v))}

    def check(self, session: Session, values: dict[str, Any], current: Unit | None
              ) -> list[FieldProblem]:
        problems = _unique_name(session, Unit, UNIT.label_of("name"), values, current)
        parent = values.get("parent_id")
        if current is not None and parent == current.id:
            problems.append(FieldProblem("parent_id", UNIT.label_of("parent_id"), parent,
                                         "不能把机构设为自己的上级"))
        return problems

    def of_kind(self, *kinds: UnitKind) -> list[Unit]:
        with self.db.reader() as session:
            stmt = (select(Unit).where(Unit.kind.in_(kinds), Unit.deleted_at.is_(None))
                    .order_by(kind_rank(), Unit.sort_order, Unit.id))
            return list(session.scalars(stmt))

    def set_member(self, actor: Actor, unit_id: int, member_id: int,
                   data: dict[str, Any] | None = None, *, version: int) -> Changes:
        """Add a member to a unit, or change the member's role there; ``version`` is the
        unit's, as the clerk read it."""
        with self._step(actor, unit_id, version) as (session, unit):
            values, problems = clean(session, UNIT_MEMBERSHIP,
                                     (data or {}) | {"unit_id": unit_id, "member_id": member_id})
            self._raise(problems)
            row = next((m for m in unit.memberships if m.member_id == member_id), None)
            if row is None:
                unit.memberships.append(UnitMembership(**values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            self.touch(unit)
            audit.record(session, actor, AuditAction.UPDATE, UNIT, unit_id,
                         f"设置机构“{unit.name}”的成员（委员编号{member_id}）")
        changes = Changes.of("units", [unit_id]).add("members", member_id)
        publish(changes)
        return changes

    def remove_member(self, actor: Actor, unit_id: int, member_id: int, *,
                      version: int) -> Changes:
        with self._step(actor, unit_id, version) as (session, unit):
            unit.memberships = [m for m in unit.memberships if m.member_id != member_id]
            self.touch(unit)
            audit.record(session, actor, AuditAction.UPDATE, UNIT, unit_id,
                         f"从机构“{unit.name}”移出委员（编号{member_id}）")
        changes = Changes.of("units", [unit_id]).add("members", member_id)
        publish(changes)
        return changes


class SectorService(RecordService[Sector]):
    model = Sector
    rtype = SECTOR
    search_columns = (Sector.name, Sector.short_name)
    default_sort = "order"

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [Sector.id], "order": lambda: [Sector.sort_order],
                "name": lambda: [Sector.name]}

    def filters(self) -> dict[str, FilterFn]:
        return {"group_id": lambda v: Sector.group_id == v,
                "retired": lambda v: Sector.retired.is_(bool(v))}

    def check(self, session: Session, values: dict[str, Any], current: Sector | None
              ) -> list[FieldProblem]:
        problems = _unique_name(session, Sector, SECTOR.label_of("name"), values, current)
        group_id = values.get("group_id")
        if group_id is not None:
            group = session.get(Unit, group_id)
            if group is not None and group.kind != UnitKind.SECTOR_GROUP:
                problems.append(FieldProblem("group_id", SECTOR.label_of("group_id"), group.name,
                                             "所选机构不是界别组"))
        return problems

    def reorder(self, actor: Actor, ordered_ids: list[int], *, versions: Versions) -> Changes:
        """Give sectors the display order of ``ordered_ids``; ``versions`` maps each to the
        version the clerk saw (a sector changed since refuses the whole new order).

        Only the sectors whose position changes are written (their version advances): a
        clerk who has another 界别 open meanwhile saves it without a needless conflict. The
        changes name the moved sectors; nothing moved writes nothing (no audit entry)."""
        actor.require_write()
        versions = require_versions(versions)
        missing = [i for i in ordered_ids if i not in versions]
        if missing:
            raise TypeError(f"reorder needs the version of sectors {missing}")
        moved: list[int] = []
        with self._guard(versions), self.db.session() as session:
            for sector_id in sorted(ordered_ids):  # one lock order for every writer
                self._locked(session, sector_id, versions[sector_id])
            for position, sector_id in enumerate(ordered_ids, start=1):
                sector = self._get(session, sector_id)
                if sector.sort_order != position:
                    sector.sort_order = position
                    moved.append(sector_id)
            if moved:
                audit.record(session, actor, AuditAction.UPDATE, SECTOR, None, "调整界别顺序")
        if not moved:
            return Changes()
        changes = Changes.of("sectors", moved)
        publish(changes)
        return changes

    def next_order(self) -> int:
        with self.db.reader() as session:
            return (session.scalar(select(func.max(Sector.sort_order))) or 0) + 1


class DepartmentService(RecordService[Department]):
    model = Department
    rtype = DEPARTMENT
    search_columns = (Department.name, Department.short_name)
    default_sort = "order"

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [Department.id],
                "order": lambda: [Department.sort_order, Department.name],
                "name": lambda: [Department.name]}

    def filters(self) -> dict[str, FilterFn]:
        return {"kind": lambda v: Department.kind == v,
                "retired": lambda v: Department.retired.is_(bool(v))}

    def check(self, session: Session, values: dict[str, Any], current: Department | None
              ) -> list[FieldProblem]:
        return _unique_name(session, Department, DEPARTMENT.label_of("name"), values, current)
