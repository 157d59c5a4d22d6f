"""Workflow steps (审查, 交办, 上报 …) as small dialogs built from the record types' field specs.

A step asks for a few values, each described by the ``FieldSpec`` of the record type it belongs
to, so labels, input kinds and choice lists are the same as everywhere else. ``call(data)`` is
the service's step: a ``ValidationError`` is shown at the fields and the dialog stays open; any
other refusal (``TransitionError`` such as "尚未交办，不能答复") is shown as a warning and
under the form, and the dialog stays open with the clerk's input (取消 asks before discarding).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.fields import FieldSpec
from app.domain.schema import RecordType
from app.errors import AppError, ConflictError, FieldProblem, ValidationError
from ui.framework.conflict import (
    KEPT,
    MINE,
    RELOAD,
    KeepOpen,
    OpenedRecord,
    record_rows,
    reload_current,
)
from ui.framework.context import PageContext
from ui.framework.editor import Confirm, RecordEditor, Section
from ui.framework.fields import Options

LIVE_DAYS = 30  # a previous step at most this old: the clerk is entering today's work


def step_date(*previous: dt.date | None, today: dt.date | None = None) -> dt.date:
    """The default date of a workflow step, from the record's previous step(s).

    Never earlier than the latest previous step (the service would refuse it). When that step
    is recent (live work) the default is today; when it is older — back entry of last year's
    proposals — it is the previous step's own date, never today, so a clerk who only checks
    the dates stores no wrong ones and the next step is not blocked by a date in the future."""
    today = today or dt.date.today()
    known = [d for d in previous if d is not None]
    if not known:
        return today
    latest = max(known)
    if latest >= today - dt.timedelta(days=LIVE_DAYS):
        return max(today, latest)
    return latest


def action_form(title: str, specs: Sequence[FieldSpec], submit: Callable[[dict[str, Any]], Any],
                *, values: dict[str, Any] | None = None,
                options: dict[str, Options] | None = None, hints: dict[str, str] | None = None,
                intro: str = "", ok_text: str = "确定", parent: QWidget | None = None,
                confirm: Confirm | None = None) -> RecordEditor:
    """The dialog of one step: one form of ``specs`` (their names must differ)."""
    rtype = RecordType("action", title, {s.name: s for s in specs})
    editor = RecordEditor(title, rtype, [Section(title, [s.name for s in specs])], submit,
                          values=values, options=options, parent=parent, hints=hints,
                          intro=intro, ok_text=ok_text, confirm=confirm)
    editor.setObjectName("actionDialog")
    editor.resize(520, editor.sizeHint().height())
    return editor


def run_action(ctx: PageContext, title: str, specs: Sequence[FieldSpec],
               call: Callable[..., Any], *,
               setup: Callable[[RecordEditor], None] | None = None, record: Any = None,
               reload: Callable[[], Any] | None = None, rtype: RecordType | None = None,
               intro_of: Callable[[Any], str] | None = None, **form: Any) -> Any | None:
    """Ask for ``specs`` and run ``call(data)``; its result, or None when cancelled or refused.

    Required fields left empty are reported at the fields before the service is called.
    A step on a ``record`` runs ``call(data, version)`` with the version the clerk read; when
    another clerk changed the record first, the conflict dialog shows their changes (fields
    of ``rtype``; ``reload()`` reads the record again) and the step either runs again on the
    new version (仍用我的修改) or the dialog stays open with the clerk's input, its note
    above the form (``intro_of(record)``) showing the record as it is now.
    """
    opened = OpenedRecord(record) if record is not None else None

    def attempt(data: dict[str, Any]) -> Any:
        if opened is None:
            return call(data)
        try:
            return call(data, opened.version)
        except ConflictError as exc:
            assert reload is not None, "a step on a record needs reload"
            current = reload_current(exc, reload)
            rows = (record_rows(rtype, opened.record, current, data, dialog.display)
                    if rtype is not None else [])
            opened.record = current
            if intro_of is not None:
                dialog.intro.setText(intro_of(current))
            choice = ctx.dialogs.conflict(title, str(exc), rows)
            if choice == MINE:
                return call(data, current.version)
            raise KeepOpen(f"{exc}" + ("已载入最新版本：请核对后再点“确定”。" if choice == RELOAD
                                        else KEPT)) from None

    def submit(data: dict[str, Any]) -> Any:
        missing = [FieldProblem(s.name, s.label, None, "必须填写") for s in specs
                   if s.required and data.get(s.name) in (None, "")]
        if missing:
            raise ValidationError(missing, title)
        try:
            return attempt(data)
        except (ValidationError, KeepOpen):
            raise
        except AppError as exc:  # refused ("早于立案日期…"): say so and keep what was typed
            ctx.dialogs.warning(title, str(exc))
            raise KeepOpen(f"{exc}。所填内容已保留：可修改后再点“确定”，或点“取消”放弃。"
                           .replace("。。", "。")) from None

    form.setdefault("confirm", ctx.dialogs.confirm)
    dialog = action_form(title, specs, submit, **form)
    if setup is not None:
        setup(dialog)
    try:
        accepted = ctx.dialogs.exec(dialog)
        result = dialog.result_value
    finally:
        dialog.deleteLater()  # parented to the page, it would otherwise live on
    return result if accepted else None
