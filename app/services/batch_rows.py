"""New records written in one INSERT per table (``RecordService.create_many_in``): the
batch's record type, and rows made uniform so the batch goes in one ``executemany``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert


@dataclass
class NewRecord:
    """A new record for ``create_many_in``: the values ``check_in`` returned, and the
    ``extra`` of each child row ``check_extra`` checked (a member's seat in each term)."""

    values: dict[str, Any]
    extras: list[dict[str, Any]] = field(default_factory=list)
    id: int | None = None  # given by ``create_many_in``


def uniform_rows(model: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with the same keys, a missing column filled as an INSERT without it would
    fill it (its default, or NULL): the rows then go in one ``executemany`` (the ORM sends
    rows with different keys in separate statements)."""
    keys = {k for row in rows for k in row}
    missing: dict[str, Any] = {}
    for column in model.__table__.columns:
        if column.key not in keys:
            continue
        default = column.default
        if default is None:
            missing[column.key] = lambda: None
        elif default.is_scalar:
            missing[column.key] = lambda value=default.arg: value
        elif default.is_callable:
            missing[column.key] = lambda fn=default.arg: fn(None)
        else:  # an SQL expression: leave such rows to the ORM's grouping
            return rows
    if missing.keys() != keys:  # a key that is not a column: leave it to the ORM
        return rows
    for row in rows:
        if len(row) != len(keys):
            for key in keys - row.keys():
                row[key] = missing[key]()
    return rows


def insert_rows(session: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT the rows (``uniform_rows`` first) in the session's transaction: rows with
    the same keys, all of them columns, go straight to the table as one ``executemany``
    (the same statement and column defaults the ORM's bulk insert sends, without its
    per-row bookkeeping); any other batch through the ORM's bulk insert."""
    if not rows:
        return
    rows = uniform_rows(model, rows)
    table = model.__table__
    keys = rows[0].keys()
    if all(row.keys() == keys for row in rows) and all(key in table.c for key in keys):
        session.connection().execute(table.insert(), rows)
    else:
        session.execute(insert(model), rows)
