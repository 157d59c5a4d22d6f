"""The editor of a record page: open it on a record, save with the version it was opened at,
and let the clerk resolve a conflict with another clerk's save (see ``ui.framework.conflict``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.schema import RecordType
from app.errors import ConflictError
from ui.framework.conflict import OpenedRecord, reload_current, resolve_in_editor
from ui.framework.editor import EditorTab, RecordEditor, Tabs
from ui.framework.fields import Options
from ui.framework.inputs import Input


def run_record_editor(page: Any, record: Any | None, title: str, tabs: Tabs, *,
                      options: dict[str, Options] | None = None,
                      values: dict[str, Any] | None = None,
                      values_for: Callable[[Any], dict[str, Any]] | None = None,
                      before_save: Callable[[dict[str, Any]], None] | None = None,
                      setup: Callable[[RecordEditor], None] | None = None,
                      extras: Sequence[EditorTab] = (),
                      inputs: dict[str, Input] | None = None,
                      hints: dict[str, str] | None = None) -> bool:
    """Edit ``record`` (None: a new one) with the page's service; on save, select it.

    ``values_for(record)`` gives the inputs that are not fields of the record type
    (child rows such as a member's seat): with it, a conflict can show and reload them.
    The save passes the version the editor opened; when another clerk saved first, the
    conflict dialog offers to reload or to apply the clerk's changes again."""
    rtype = page.service.rtype

    def values_of(rec: Any) -> dict[str, Any]:
        out = {n: getattr(rec, n) for n in rtype.fields}
        out.update(values_for(rec) if values_for is not None else {})
        return out

    initial = values_of(record) if record is not None else {}
    initial.update(values or {})
    opened = OpenedRecord(record)

    def save(data: dict[str, Any]) -> Any:
        if before_save is not None:
            before_save(data)
        with page.ctx.ops.initiated_by(page):  # the page reloads itself once, below
            if record is None:
                return page.service.create(page.ctx.actor, data)
            return page.service.update(page.ctx.actor, record.id, data, version=opened.version)

    def conflict(exc: ConflictError, data: dict[str, Any]) -> Any:
        assert record is not None  # only an update (of ``record``) can conflict
        current = reload_current(exc, lambda: page.service.get(record.id))
        opened.record = current  # the next save goes on top of the version read now
        return resolve_in_editor(editor, exc, data, dialogs=page.ctx.dialogs,
                                 current=values_of(current), record=current, save=save)

    editor = RecordEditor(title, rtype, tabs, save, values=initial, options=options,
                          parent=page, extras=extras, inputs=inputs, hints=hints,
                          conflict=conflict if record is not None else None,
                          confirm=page.ctx.dialogs.confirm)
    if setup is not None:
        setup(editor)
    try:
        saved = page.ctx.dialogs.exec(editor)
        result = editor.result_value
    finally:
        editor.deleteLater()  # a dialog parented to the page would otherwise live on
    if saved and result is not None:
        page.reload()
        page.select_id(result.value.id)
    return saved


def run_versioned_editor(ctx: Any, title: str, rtype: RecordType, tabs: Tabs, record: Any, *,
                         reload: Callable[[], Any], update: Callable[[dict[str, Any], int], Any],
                         values_of: Callable[[Any], dict[str, Any]],
                         options: dict[str, Options] | None = None,
                         parent: QWidget | None = None) -> bool:
    """Edit a stored record outside a record page (政协基本信息, a 界别): ``update(data,
    version)`` saves with the version opened; a conflict is resolved as in ``run_editor``."""
    opened = OpenedRecord(record)

    def save(data: dict[str, Any]) -> Any:
        return update(data, opened.version)

    def conflict(exc: ConflictError, data: dict[str, Any]) -> Any:
        current = reload_current(exc, reload)
        opened.record = current
        return resolve_in_editor(editor, exc, data, dialogs=ctx.dialogs,
                                 current=values_of(current), record=current, save=save)

    editor = RecordEditor(title, rtype, tabs, save, values=values_of(record), options=options,
                          parent=parent, conflict=conflict, confirm=ctx.dialogs.confirm)
    try:
        return bool(ctx.dialogs.exec(editor))
    finally:
        editor.deleteLater()
