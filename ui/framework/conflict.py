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

``resolve_in_editor`` is that exchange for a record editor (``record_editing`` calls it);
a workflow step's dialog lists its rows with ``record_rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.domain.schema import RecordType
from app.errors import ConflictError, NotFoundError

if TYPE_CHECKING:
    from ui.framework.editor import RecordEditor

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


# ----- an editor's conflict --------------------------------------------------------------
def resolve_in_editor(editor: RecordEditor, exc: ConflictError, data: dict[str, Any], *,
                      dialogs: Any, current: dict[str, Any], record: Any = None,
                      save: Callable[[dict[str, Any]], Any]) -> Any:
    """Ask the clerk about a conflict of an open editor; ``current`` are the stored values by
    input name, ``record`` the stored record (for the extra tabs' rows), ``save(data)`` writes
    on the version they were read at. Returns the save's result, or raises ``KeepOpen``
    (the dialog stays open)."""
    theirs = snapshot(editor, current)
    opened = editor.opened
    mine = editor.flat()
    rows = [ConflictRow(editor.field_label(name), editor.display(name, opened.get(name)),
                        editor.display(name, value), editor.display(name, mine.get(name)))
            for name, value in theirs.items() if value != opened.get(name)]
    tabs = [t for t in editor.extras if record is not None and t.key in opened]
    for tab in tabs:
        stored = tab.value_of(record)
        if stored != opened[tab.key]:
            rows.append(ConflictRow(tab.windowTitle(), tab.describe(opened[tab.key]),
                                    tab.describe(stored), tab.describe(mine[tab.key])))
    choice = dialogs.conflict(editor.windowTitle(), str(exc), rows)
    if choice == RELOAD:
        for tab in tabs:
            tab.reload(record)
        editor.load(current)
        raise KeepOpen(RELOADED)
    if choice == MINE:
        payload = changed_data(editor, data)
        for tab in tabs:
            if tab.key not in payload:  # the clerk left these rows alone: keep theirs
                tab.reload(record)
        editor.load({name: value for name, value in current.items()
                     if name not in payload and name.split(".")[0] not in payload})
        # the base of a further conflict is the stored record, not the clerk's input
        editor.opened.update(theirs)
        editor.opened.update({tab.key: tab.value_of(record) for tab in tabs})
        return save(payload)
    raise KeepOpen(f"{exc}{KEPT}")


def snapshot(editor: RecordEditor, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (a record's, by input name) as the editor's inputs return them, so they
    compare with ``editor.flat()``; the form is left as it was."""
    mine = {name: field.value() for name, field in editor.inputs.items()}
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in editor.inputs:
            editor.inputs[name].set_value(value)
            out[name] = editor.inputs[name].value()
            editor.inputs[name].set_value(mine[name])
    return out


def changed_data(editor: RecordEditor, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without what the clerk left as the editor opened it: written on top of a
    newer version, it keeps the other clerk's changes to every other field."""
    now = editor.flat()
    changed = {name for name, value in now.items() if editor.opened.get(name) != value}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and any(n.startswith(f"{key}.") for n in editor.inputs):
            if any(n.startswith(f"{key}.") for n in changed):
                out[key] = value  # a child section is written whole
        elif key in changed:
            out[key] = value
    return out
