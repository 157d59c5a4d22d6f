"""Reference lists (党派, 民族, 提案类别 …) and event kinds.

A value in use is retired, never deleted: no record silently loses its value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain.enums import AuditAction, RefList
from app.domain.fields import REF_LABEL_LENGTH, Kind
from app.domain.schema import EVENT_KIND, RECORD_TYPES, RecordType
from app.errors import ConflictError, FieldProblem, ValidationError
from app.models import Event, EventKind, RefValue
from app.services import audit
from app.services.context import Actor, Changes, publish
from app.services.crud import FilterFn, RecordService, SortFn
from app.services.registry import model_for
from app.services.versions import require_version, write_lock

REF_VALUE = RecordType("ref_values", "列表值", {})


def _usages(list_name: RefList) -> list[tuple[Any, str]]:
    """(column, record label) of every field whose values come from ``list_name``."""
    found = []
    for rtype in RECORD_TYPES.values():
        for spec in rtype.fields.values():
            if spec.kind == Kind.REF and spec.ref_list == list_name:
                found.append((getattr(model_for(rtype.entity), spec.name), rtype.label))
    return found


class RefValueService:
    def __init__(self, db: Any) -> None:
        self.db = db

    def values(self, list_name: RefList, *, include_retired: bool = False) -> list[RefValue]:
        with self.db.reader() as session:
            stmt = select(RefValue).where(RefValue.list_name == list_name)
            if not include_retired:
                stmt = stmt.where(RefValue.retired.is_(False))
            return list(session.scalars(stmt.order_by(RefValue.sort_order, RefValue.id)))

    def labels(self, list_name: RefList) -> list[str]:
        return [v.label for v in self.values(list_name)]

    def usage_count(self, session: Session, value: RefValue) -> int:
        return sum(
            session.scalar(select(func.count()).where(column == value.label)) or 0
            for column, _label in _usages(value.list_name)
        )

    def add(self, actor: Actor, list_name: RefList, label: str) -> Changes:
        actor.require_admin("修改参考列表")
        label = label.strip()
        with self.db.session() as session:
            if not label:
                raise ValidationError([FieldProblem("label", list_name.label, label, "不能为空")])
            if len(label) > REF_LABEL_LENGTH:
                raise ValidationError([FieldProblem(
                    "label", list_name.label, label,
                    f"不能超过{REF_LABEL_LENGTH}个字（现有{len(label)}个字）")])
            exists = session.scalar(select(RefValue).where(
                RefValue.list_name == list_name, RefValue.label == label))
            if exists:
                raise ValidationError([FieldProblem("label", list_name.label, label, "已在列表中")])
            top = session.scalar(select(func.max(RefValue.sort_order)).where(
                RefValue.list_name == list_name)) or 0
            session.add(RefValue(list_name=list_name, label=label, sort_order=top + 1))
            audit.record(session, actor, AuditAction.CREATE, REF_VALUE, None,
                         f"在“{list_name.label}”列表中新增“{label}”")
        return self._announce()

    def set_retired(self, actor: Actor, value_id: int, retired: bool, *, version: int
                    ) -> Changes:
        """Retire or re-enable a value read at ``version``."""
        actor.require_admin("修改参考列表")
        require_version(version)
        with self._guard(value_id, version), self.db.session() as session:
            value = self._locked(session, value_id, version)
            value.retired = retired
            audit.record(session, actor, AuditAction.UPDATE, REF_VALUE, value_id,
                         f"{'停用' if retired else '启用'}“{value.list_name.label}”中的"
                         f"“{value.label}”")
        return self._announce()

    def delete(self, actor: Actor, value_id: int, *, version: int) -> Changes:
        """Delete an unused value read at ``version``; a value in use can only be retired
        (no silent loss)."""
        actor.require_admin("修改参考列表")
        require_version(version)
        with self._guard(value_id, version), self.db.session() as session:
            value = self._locked(session, value_id, version)
            used = self.usage_count(session, value)
            if used:
                raise ValidationError([FieldProblem(
                    "label", value.list_name.label, value.label,
                    f"已有{used}条记录使用，不能删除，只能停用")])
            session.delete(value)
            audit.record(session, actor, AuditAction.PURGE, REF_VALUE, value_id,
                         f"从“{value.list_name.label}”列表中删除“{value.label}”")
        return self._announce()

    def _locked(self, session: Session, value_id: int, version: int) -> RefValue:
        """The value, locked for the transaction, still at ``version``."""
        write_lock(session)
        value = session.scalars(select(RefValue).where(RefValue.id == value_id)
                                .with_for_update(key_share=True)
                                .execution_options(populate_existing=True)).first()
        if value is None or value.version != version:
            raise self._conflict(value_id, version)
        return value

    def _conflict(self, value_id: int, version: int) -> ConflictError:
        with self.db.reader() as session:
            value = session.get(RefValue, value_id)
        if value is None:
            return ConflictError(f"该列表值（编号{value_id}）已被其他用户删除，本次操作未保存。"
                                 "请重新载入后再操作。", entity="ref_values",
                                 record_id=value_id, your_version=version)
        return ConflictError(
            f"“{value.list_name.label}”列表中的“{value.label}”已被其他用户修改（当前版本"
            f"{value.version}，您打开的是版本{version}）。为免覆盖对方的修改，本次操作未保存，"
            "请重新载入后再操作。", entity="ref_values", record_id=value_id,
            current_version=value.version, your_version=version)

    @contextmanager
    def _guard(self, value_id: int, version: int) -> Iterator[None]:
        try:
            yield
        except StaleDataError as exc:
            raise self._conflict(value_id, version) from exc

    @staticmethod
    def _announce() -> Changes:
        changes = Changes().add("ref_values")
        publish(changes)
        return changes


class EventKindService(RecordService[EventKind]):
    model = EventKind
    rtype = EVENT_KIND
    search_columns = (EventKind.name,)
    default_sort = "order"

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [EventKind.id],
                "order": lambda: [EventKind.family, EventKind.sort_order, EventKind.id]}

    def filters(self) -> dict[str, FilterFn]:
        return {"family": lambda v: EventKind.family == v,
                "retired": lambda v: EventKind.retired.is_(bool(v))}

    def check(self, session: Session, values: dict[str, Any], current: EventKind | None
              ) -> list[FieldProblem]:
        name = values.get("name")
        stmt = select(EventKind).where(EventKind.name == name)
        if current is not None:
            stmt = stmt.where(EventKind.id != current.id)
        if name and session.scalars(stmt).first():
            return [FieldProblem("name", EVENT_KIND.label_of("name"), name, "已存在同名类型")]
        return []

    def check_delete(self, session: Session, obj: EventKind) -> str | None:
        used = session.scalar(select(func.count()).where(Event.kind_id == obj.id)) or 0
        return f"已有{used}条会议活动使用该类型，不能删除，只能停用" if used else None
