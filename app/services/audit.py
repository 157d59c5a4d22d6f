"""The append-only audit log: who changed what, when, from which value to which."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from app.db.base import now
from app.domain.enums import AuditAction
from app.domain.fields import FieldSpec
from app.domain.privacy import mask_value
from app.domain.schema import RecordType
from app.models import AuditEntry
from app.services import audit_chain
from app.services.context import Actor

Diff = dict[str, tuple[Any, Any]]


_AS_IS = frozenset({str, int, float, bool, type(None)})  # JSON as they are: most values


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


def record(
    session: Session,
    actor: Actor,
    action: AuditAction,
    rtype: RecordType,
    entity_id: int | None,
    summary: str,
    diff: Diff | None = None,
) -> None:
    """Add one audit entry to the session's transaction (it commits with the change)."""
    audit_chain.append(session, AuditEntry(**entry_values(actor, action, rtype, entity_id,
                                                          summary, diff)))


def record_many(session: Session, entries: list[dict[str, Any]]) -> None:
    """Insert many audit entries (``entry_values``) at the end of the chain in one
    statement, in the session's transaction (``RecordService.create_many_in``)."""
    audit_chain.append_many(session, entries)


# ``json.dumps(…, ensure_ascii=False)`` without building an encoder per call (same output)
_JSON = json.JSONEncoder(ensure_ascii=False)
_FIELDS: dict[int, tuple[RecordType, dict[str, tuple[str, FieldSpec | None]]]] = {}


def _fields(rtype: RecordType) -> dict[str, tuple[str, FieldSpec | None]]:
    """Each field's label (``label_of``), and its spec when it is sensitive (``mask_value``
    changes only those), worked out once per record type: an import writes 2,000 entries."""
    known = _FIELDS.get(id(rtype))
    if known is None or known[0] is not rtype:
        known = _FIELDS[id(rtype)] = (rtype, {
            name: (spec.label, spec if spec.sensitive else None)
            for name, spec in rtype.fields.items()})
    return known[1]


def entry_values(actor: Actor, action: AuditAction, rtype: RecordType, entity_id: int | None,
                 summary: str, diff: Diff | None = None) -> dict[str, Any]:
    """The column values of one audit entry, before the chain links it."""
    detail: dict[str, list[Any]] = {}
    if diff:
        fields = _fields(rtype)
        as_is = _AS_IS
        for name, (old, new) in diff.items():  # values of plain types are kept as they are
            label, sensitive = fields.get(name) or (name, None)
            if sensitive is not None:
                old, new = mask_value(sensitive, old), mask_value(sensitive, new)
            detail[label] = [old if type(old) in as_is else _plain(old),
                             new if type(new) in as_is else _plain(new)]
    return {"at": now(), "username": actor.username, "action": action,
            "entity": rtype.entity, "entity_id": entity_id, "summary": summary[:300],
            "detail": _JSON.encode(detail) if detail else ""}
