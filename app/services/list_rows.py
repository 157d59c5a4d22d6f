"""The rows a list page shows, read as plain values: only the columns the list needs, for only
the ids on screen, with a few queries per block and no ORM objects (issue 15).

A list row is a ``SimpleNamespace`` carrying the same attribute names as the record (``id``,
``version``, ``title`` …), so a page's column functions read it as they would the record;
child rows (a proposal's assignments) are lists of such namespaces, and counts or names the
list shows are plain values. ``RecordService.list_rows`` gives the full records by default;
services with heavy records override it with these helpers.

Statements are built once per service (``select_by``, kept with ``functools.cache``) with an
expanding ``ids`` parameter: a block costs its queries, not their construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

CHUNK = 500  # ids per IN (…): well below SQLite's and PostgreSQL's parameter limits


def select_by(model: Any, key: str, columns: Sequence[Any], *, order_by: Sequence[str] = ()
              ) -> Select[Any]:
    """``SELECT key, columns… FROM model's table WHERE key IN :ids`` on the table's columns
    (``columns``: column names, or labelled SQL expressions)."""
    table = model.__table__
    selected = [table.c[c] if isinstance(c, str) else c for c in columns]
    stmt = select(table.c[key], *selected).where(
        table.c[key].in_(bindparam("ids", expanding=True)))
    return stmt.order_by(table.c[key], *(table.c[c] for c in order_by)) if order_by else stmt


def count_by(model: Any, key: str, column: str) -> Select[Any]:
    """``SELECT key, column, count(*) … WHERE key IN :ids GROUP BY key, column``."""
    table = model.__table__
    return (select(table.c[key], table.c[column], func.count())
            .where(table.c[key].in_(bindparam("ids", expanding=True)))
            .group_by(table.c[key], table.c[column]))


def _names(stmt: Select[Any]) -> list[str]:
    return [str(c.key) for c in list(stmt.selected_columns)[1:]]


def _run(session: Session, stmt: Select[Any], ids: Sequence[int]) -> Iterable[Any]:
    connection = session.connection()
    for start in range(0, len(ids), CHUNK):
        yield from connection.execute(stmt, {"ids": list(ids[start:start + CHUNK])}).all()


def rows_by_id(session: Session, stmt: Select[Any], ids: Sequence[int]
               ) -> dict[int, SimpleNamespace]:
    """``{id: row}`` for ``ids`` from a ``select_by(model, "id", …)`` statement."""
    names = _names(stmt)
    return {row[0]: SimpleNamespace(id=row[0], **dict(zip(names, row[1:], strict=True)))
            for row in _run(session, stmt, ids)}


def children_by_parent(session: Session, stmt: Select[Any], ids: Sequence[int]
                       ) -> dict[int, list[SimpleNamespace]]:
    """``{parent id: [child row, …]}`` from a ``select_by(child model, parent key, …)``."""
    names = _names(stmt)
    out: dict[int, list[SimpleNamespace]] = {i: [] for i in ids}
    for row in _run(session, stmt, ids):
        out[row[0]].append(SimpleNamespace(**dict(zip(names, row[1:], strict=True))))
    return out


def counts_by_parent(session: Session, stmt: Select[Any], ids: Sequence[int]
                     ) -> dict[int, dict[Any, int]]:
    """``{parent id: {value: number of rows}}`` from a ``count_by`` statement."""
    out: dict[int, dict[Any, int]] = {i: {} for i in ids}
    for parent, value, n in _run(session, stmt, ids):
        out[parent][value] = n
    return out


def in_order(rows: dict[int, SimpleNamespace], ids: Iterable[int]) -> list[SimpleNamespace]:
    """The rows of ``ids`` in the order given (ids no longer there are skipped)."""
    return [rows[i] for i in ids if i in rows]
