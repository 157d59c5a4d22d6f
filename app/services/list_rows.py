"""The rows a list page shows, read as plain values: only the columns the list needs, for only
the ids on screen, with a few queries per block and no ORM objects (issue 15).

A list row is a ``SimpleNamespace`` carrying the same attribute names as the record (``id``,
``version``, ``title`` …), so a page's column functions read it as they would the record;
child rows (a proposal's assignments) are lists of such namespaces, and counts or names the
list shows are plain values. ``RecordService.list_rows`` gives the full records by default;
services with heavy records override it with these helpers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

CHUNK = 500  # ids per IN (…): well below SQLite's and PostgreSQL's parameter limits


Columns = Sequence[Any]  # attribute names of the model, or labelled SQL expressions


def _columns(model: Any, columns: Columns) -> tuple[list[Any], list[str]]:
    selected = [getattr(model, c) if isinstance(c, str) else c for c in columns]
    return selected, [str(c.key) for c in selected]


def chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def rows_by_id(session: Session, model: Any, ids: Sequence[int], columns: Columns,
               **labelled: Any) -> dict[int, SimpleNamespace]:
    """``{id: row}`` for ``ids`` with ``columns`` (named as on the record) and ``labelled``
    expressions (e.g. a joined name) under their keyword names."""
    out: dict[int, SimpleNamespace] = {}
    selected, names = _columns(model, columns)
    selected += list(labelled.values())
    names += list(labelled)
    for chunk in chunks(ids):
        for row in session.execute(select(model.id, *selected).where(model.id.in_(chunk))):
            out[row[0]] = SimpleNamespace(id=row[0], **dict(zip(names, row[1:], strict=True)))
    return out


def children_by_parent(session: Session, model: Any, parent: str, ids: Sequence[int],
                       columns: Columns, *, order_by: str = "id"
                       ) -> dict[int, list[SimpleNamespace]]:
    """``{parent id: [child row, …]}``: the rows of ``model`` whose ``parent`` column is one
    of ``ids``, each with ``columns``, in ``order_by`` order."""
    out: dict[int, list[SimpleNamespace]] = {i: [] for i in ids}
    selected, names = _columns(model, columns)
    key = getattr(model, parent)
    for chunk in chunks(ids):
        stmt = (select(key, *selected).where(key.in_(chunk))
                .order_by(key, getattr(model, order_by)))
        for row in session.execute(stmt):
            out[row[0]].append(SimpleNamespace(**dict(zip(names, row[1:], strict=True))))
    return out


def counts_by_parent(session: Session, model: Any, parent: str, ids: Sequence[int],
                     key: str) -> dict[int, dict[Any, int]]:
    """``{parent id: {value of key: number of rows}}`` (e.g. attendance per event)."""
    out: dict[int, dict[Any, int]] = {i: {} for i in ids}
    parent_column, key_column = getattr(model, parent), getattr(model, key)
    for chunk in chunks(ids):
        stmt = (select(parent_column, key_column, func.count())
                .where(parent_column.in_(chunk)).group_by(parent_column, key_column))
        for parent_id, value, n in session.execute(stmt):
            out[parent_id][value] = n
    return out


def in_order(rows: dict[int, SimpleNamespace], ids: Iterable[int]) -> list[SimpleNamespace]:
    """The rows of ``ids`` in the order given (ids no longer there are skipped)."""
    return [rows[i] for i in ids if i in rows]
