"""The version a test reads before it writes: every update, delete, restore and workflow
step of the services carries the version of the record it read (optimistic locking)."""

from __future__ import annotations

from typing import Any

from app.models import Instruction, Outcome, RefValue


def now(svc: Any, record_id: int | None = None) -> int:
    """The stored version of one record of ``svc`` (of the settings row without an id)."""
    if record_id is None:
        return int(svc.get().version)
    return int(svc.get(record_id, include_deleted=True).version)


def versions(svc: Any, ids: Any) -> dict[int, int]:
    """``{id: version}`` for ``delete`` and ``restore``."""
    return {i: now(svc, i) for i in ids}


def ref_now(svc: Any, value_id: int) -> int:
    """The version of a reference-list value."""
    with svc.db.reader() as session:
        return int(session.get(RefValue, value_id).version)


def outcome_now(svc: Any, outcome_id: int) -> int:
    """The version of the event an outcome belongs to."""
    with svc.db.reader() as session:
        event_id = session.get(Outcome, outcome_id).event_id
    return now(svc, event_id)


def instruction_now(svc: Any, instruction_id: int) -> int:
    """The version of the record a 批示 is on."""
    with svc.db.reader() as session:
        target = getattr(session.get(Instruction, instruction_id), svc.instruction_key)
    return now(svc, target)
