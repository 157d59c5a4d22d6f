"""The append-only audit log: who changed what, when, from which value to which."""

from __future__ import annotations

import datetime as dt
import json
from collections import deque
from decimal import Decimal
from enum import Enum
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.orm import Session

from app.domain.enums import AuditAction
from app.domain.schema import RecordType
from app.models import AuditEntry
from app.services.context import Actor
from app.text.idcard import mask_id_number
from app.text.phone import mask_phone

Diff = dict[str, tuple[Any, Any]]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


def _mask(name: str, value: Any) -> Any:
    if not value:
        return value
    if name == "id_number":
        return mask_id_number(str(value))
    return mask_phone(str(value))


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
    detail: dict[str, list[Any]] = {}
    for name, (old, new) in (diff or {}).items():
        spec = rtype.fields.get(name)
        if spec is not None and spec.sensitive:
            old, new = _mask(name, old), _mask(name, new)
        detail[rtype.label_of(name)] = [_plain(old), _plain(new)]
    entry = AuditEntry(
        username=actor.username,
        action=action,
        entity=rtype.entity,
        entity_id=entity_id,
        summary=summary[:300],
        detail=json.dumps(detail, ensure_ascii=False) if detail else "",
    )
    session.add(entry)
    _written_here.setdefault(session.get_bind(), deque(maxlen=_KEPT)).append(entry)


# The entries this program wrote, per engine: ``app.services.live`` reports the other
# programs' changes, and this program's own are announced already (``publish``).
_KEPT = 5000
_written_here: WeakKeyDictionary[Any, deque[AuditEntry]] = WeakKeyDictionary()


def written_here(bind: Any) -> set[int]:
    """Ids of the audit entries this program wrote through ``bind`` (an engine) lately."""
    return {e.id for e in list(_written_here.get(bind, ())) if e.id is not None}
