"""An imported record's history, written step by step through the service's own workflow
steps (``review_in``, ``assign_in``, ``forward_in`` …: what the client's dialogs call).

A proposal or 社情民意信息 arrives in one row with everything that happened to it (立案,
交办, 答复, 评价, 办结 …; 编发, 上报, 采用 …). The import writes the record, then calls each
step in order inside a SAVEPOINT of the import's transaction. A step that refuses raises
its own ``ValidationError`` or ``TransitionError``; its message becomes the row's problem,
placed in the column that holds the value, and the savepoint is rolled back, so the row
changes nothing. No rule of the workflow is restated in ``app/exchange``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import AuditAction
from app.errors import TransitionError, ValidationError
from app.exchange.kinds import Context, ImportKind
from app.exchange.model import Entry
from app.services.versions import write_lock


class StepRefusedError(Exception):
    """A step of the row's history refused; its problem is already in the entry."""


class History:
    """Runs the steps of one entry's history, turning a refusal into the row's problem."""

    def __init__(self, kind: ImportKind, ctx: Context, entry: Entry) -> None:
        self.kind, self.ctx, self.entry = kind, ctx, entry
        self.ran = 0  # steps that wrote

    def step(self, call: Callable[[], Any], *, key: str, row: int | None = None,
             prefix: str = "", fields: dict[str, str] | None = None) -> Any:
        """Run one step. A refusal of the step as a whole (``TransitionError``) is named in
        column ``key``; the problems of its values (``ValidationError``) in the columns of
        their fields (``prefix`` + field, or ``fields[field]``). Raises ``StepRefusedError``."""
        try:
            out = call()
        except ValidationError as exc:
            problems = exc.problems
            if fields:
                problems = [replace(p, field=fields.get(p.field, p.field)) for p in problems]
            before = len(self.entry.errors)
            self.kind.service_problems(self.ctx, self.entry, problems, row=row, prefix=prefix)
            if len(self.entry.errors) == before:  # already listed in that cell: still refused
                self._named(key, row, "；".join(p.message for p in exc.problems))
            raise StepRefusedError from exc
        except TransitionError as exc:
            self._named(key, row, exc.message)
            raise StepRefusedError from exc
        self.ran += 1
        return out

    def _named(self, key: str, row: int | None, message: str) -> None:
        column = self.kind.by_key.get(key)
        self.entry.problems.append(self.kind.problem(
            self.ctx, row or self.entry.row, key, self.kind.cell(self.entry, key, row),
            message, label=column.label if column else ""))


def write_with_history(kind: ImportKind, session: Session, entry: Entry, ctx: Context,
                       values: dict[str, Any], current: Any, extra: dict[str, Any],
                       steps: Callable[[History, Any], None], collections: tuple[str, ...] = ()
                       ) -> tuple[Any, bool] | None:
    """Write the record (the service's ``write_in``, as ``save_record`` does), then its
    history (``steps``, given the ``History`` and the record), in one savepoint: the record
    and whether anything changed, or None (the entry has errors; nothing was kept).
    ``collections``: the record's child collections the steps read; a new record's are
    known to be empty (set before its flush, so that no query loads them)."""
    if not entry.valid:
        return None
    history = History(kind, ctx, entry)

    def empty(obj: Any) -> dict[str, Any]:
        for name in collections:  # set, not read: it stays loaded after the flush
            setattr(obj, name, [])
        return {}

    with savepoint(session, entry):
        finish: list[Callable[[], None]] = []  # a new record: one flush, then its rows
        written = kind.svc.write_in(session, ctx.actor, values, extra, current,
                                    action=AuditAction.IMPORT, later=finish,
                                    children=empty if current is None else None)
        if finish:
            session.flush()
            finish[0]()
        obj, changed = written.obj, written.changed
        steps(history, obj)
    ctx.changed = changed or bool(history.ran)
    return (obj, ctx.changed) if entry.valid else None


@contextmanager
def savepoint(session: Session, entry: Entry) -> Iterator[None]:
    """The writes of one entry, kept only when the entry has no error at the end (a refused
    step, a problem found on the way): otherwise rolled back, so the row changes nothing.
    On SQLite the import's transaction is begun first (``write_lock``): a SAVEPOINT outside
    a transaction would commit when released."""
    write_lock(session)
    nested = session.begin_nested()
    try:
        yield
    except StepRefusedError:
        pass
    except BaseException:
        nested.rollback()
        raise
    if entry.valid:
        nested.commit()
    else:
        nested.rollback()
