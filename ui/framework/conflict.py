"""What a clerk sees when another clerk saved the same record first (optimistic locking).

The service refuses a write made on a stale version with ``ConflictError``; nothing was
written. The editor keeps the clerk's input and asks ``Dialogs.conflict`` which way to go,
showing every field the other clerk changed: its value when the clerk opened the record,
the value now, and the clerk's own value.

- "重新载入" puts the stored values in the form (the clerk's input is replaced) and keeps the
  dialog open, so the clerk can look and edit again.
- "仍用我的修改" writes only the fields the clerk changed on top of the new version: the
  other clerk's changes to the other fields are kept.
- "取消" leaves the dialog open with the clerk's input as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.schema import RecordType
from app.errors import ConflictError, NotFoundError

RELOAD, MINE, CANCEL = "reload", "mine", "cancel"
RELOADED = "已重新载入其他用户保存的内容，请核对后再修改并保存。"
KEPT = "您的输入仍保留：可以点击“保存”再试，或关闭后重新打开这条记录。"


@dataclass(frozen=True)
class ConflictRow:
    """One field the other clerk changed, as the conflict dialog lists it."""

    label: str
    opened: str  # the value when the clerk opened the record
    theirs: str  # the value stored now
    mine: str  # the clerk's value in the form


class KeepOpen(Exception):  # noqa: N818 - a signal to the editor, not an error
    """Raised from an editor's save: the dialog stays open and shows ``message``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OpenedRecord:
    """The record an editor or step dialog works on and the version it last read."""

    def __init__(self, record: Any) -> None:
        self.record = record

    @property
    def version(self) -> int:
        return int(self.record.version)


def record_rows(rtype: RecordType, opened: Any, current: Any, mine: Mapping[str, Any],
                display: Callable[[str, Any], str]) -> list[ConflictRow]:
    """Rows for the fields of ``rtype`` in which ``current`` differs from ``opened`` (for a
    workflow step: ``mine`` are the step's values named like fields)."""
    rows = []
    for name, spec in rtype.fields.items():
        before, now = getattr(opened, name, None), getattr(current, name, None)
        if before != now:
            rows.append(ConflictRow(spec.label, display(name, before), display(name, now),
                                    display(name, mine[name]) if name in mine else ""))
    return rows


def reload_current(exc: ConflictError, reload: Callable[[], Any]) -> Any:
    """The record as stored now; when it is gone, the dialog stays open with the message."""
    try:
        return reload()
    except NotFoundError:
        raise KeepOpen(str(exc)) from None
