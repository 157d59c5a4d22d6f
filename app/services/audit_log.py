"""Reading the operation log (操作日志): filters, search, the chain's state. Nothing writes here;
entries are appended by ``audit.record`` inside each service's own transaction."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, func, or_, select

from app.domain.enums import AuditAction
from app.domain.schema import AUDIT, RECORD_TYPES
from app.errors import PermissionDeniedError
from app.models import AuditEntry
from app.services import audit_chain
from app.services.context import Actor, Changes, Result
from app.services.crud import FilterFn, RecordService, SortFn

READ_ONLY = "操作日志由程序在每次修改时自动追加，不能新增、修改或删除。"


def entity_label(entity: str) -> str:
    """The Chinese name of a record type from its table name (委员, 提案 …)."""
    rtype = RECORD_TYPES.get(entity)
    return rtype.label if rtype else entity


def _day_start(value: Any) -> dt.datetime:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return dt.datetime.combine(day, dt.time())


class AuditLogService(RecordService[AuditEntry]):
    model = AuditEntry
    rtype = AUDIT
    soft_delete: ClassVar[bool] = False
    default_sort = "at"
    search_columns = (AuditEntry.summary, AuditEntry.username)

    def filters(self) -> dict[str, FilterFn]:
        def year(v: Any) -> ColumnElement[bool]:
            return AuditEntry.at.between(dt.datetime(int(v), 1, 1),
                                         dt.datetime(int(v), 12, 31, 23, 59, 59))

        return {
            "username": lambda v: AuditEntry.username == v,
            "action": lambda v: AuditEntry.action == AuditAction(v),
            "entity": lambda v: AuditEntry.entity == v,
            "entity_id": lambda v: AuditEntry.entity_id == int(v),
            "year": year,
            "since": lambda v: AuditEntry.at >= _day_start(v),
            "until": lambda v: AuditEntry.at < _day_start(v) + dt.timedelta(days=1),
        }

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [AuditEntry.id], "at": lambda: [AuditEntry.at, AuditEntry.id],
                "username": lambda: [AuditEntry.username], "entity": lambda: [AuditEntry.entity]}

    def search_condition(self, text: str) -> ColumnElement[bool] | None:
        pattern = f"%{text}%"
        return or_(func.lower(AuditEntry.summary).like(pattern),
                   func.lower(AuditEntry.username).like(pattern))

    # ----- what the filters offer ----------------------------------------------------
    def usernames(self) -> list[str]:
        with self.db.reader() as session:
            return sorted(session.scalars(select(AuditEntry.username).distinct()))

    def entities(self) -> list[tuple[str, str]]:
        """(Chinese label, table name) of every record type that has entries."""
        with self.db.reader() as session:
            names = session.scalars(select(AuditEntry.entity).distinct()).all()
        return sorted((entity_label(n), n) for n in names)

    def years(self) -> list[int]:
        with self.db.reader() as session:
            first, last = session.execute(select(func.min(AuditEntry.at),
                                                 func.max(AuditEntry.at))).one()
        if first is None:
            return []
        return list(range(last.year, first.year - 1, -1))

    @staticmethod
    def changes(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
        """(field label, old value, new value) of an entry, as recorded (sensitive masked)."""
        if not entry.detail:
            return []
        try:
            detail = json.loads(entry.detail)
        except ValueError:
            return [("改动", entry.detail, "")]
        return [(label, pair[0], pair[1]) for label, pair in detail.items()
                if isinstance(pair, list) and len(pair) == 2]

    def chain_state(self) -> audit_chain.ChainBreak | None:
        """The first entry whose digest or link does not match, or None when intact."""
        with self.db.reader() as session:
            return audit_chain.verify(session)

    # ----- the log is append-only ----------------------------------------------------
    def create(self, actor: Actor, data: dict[str, Any]) -> Result[AuditEntry]:
        raise PermissionDeniedError(READ_ONLY)

    def update(self, actor: Actor, record_id: int, data: dict[str, Any], *,
               version: int | None = None) -> Result[AuditEntry]:
        raise PermissionDeniedError(READ_ONLY)

    def delete(self, actor: Actor, ids: Any) -> Changes:
        raise PermissionDeniedError(READ_ONLY)

    def restore(self, actor: Actor, ids: Any) -> Changes:
        raise PermissionDeniedError(READ_ONLY)

    def purge(self, actor: Actor, ids: Any) -> Changes:
        raise PermissionDeniedError(READ_ONLY)
