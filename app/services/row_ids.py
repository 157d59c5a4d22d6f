"""Numbering a batch of new rows before it is flushed (SQLite): one INSERT per table.

The ORM inserts new rows whose primary key it does not know one by one, since it must read
each id back (``RETURNING``) for the rows that refer to it. An import of 2,000 members writes
6,000 such rows (members, their seats, their operation-log entries): 6,000 statements. With
the ids known beforehand the ORM sends each table's rows as one ``executemany``.

The ids given are the ones SQLite itself would give: its tables here have no AUTOINCREMENT,
so a new row gets the largest id in the table plus one; and the rows are numbered in the
order they were added to the session, which is the order the ORM inserts them (the
operation log's hash chain relies on that order, see audit_chain.append). The numbers are
taken under SQLite's write lock (``write_lock``), so no other program can insert a row
between the look-up and the flush. PostgreSQL hands out ids from sequences, in batches of
``RETURNING`` already: nothing is numbered there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from app.services.versions import write_lock


def number_new_rows(session: Session) -> None:
    """Give every new object of the session that has a single integer primary key and no id
    yet the id SQLite would give it (in the order they were added)."""
    if session.get_bind().dialect.name != "sqlite" or not session.new:
        return
    write_lock(session)
    pending: dict[Any, list[Any]] = {}
    for obj in sorted(session.new, key=lambda o: inspect(o).insert_order):
        mapper = inspect(obj).mapper
        keys = mapper.primary_key
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        if getattr(obj, mapper.get_property_by_column(keys[0]).key) is None:
            pending.setdefault(keys[0], []).append(obj)
    with session.no_autoflush:
        for column, objs in pending.items():
            largest = session.execute(select(func.max(column))).scalar() or 0
            name = inspect(objs[0]).mapper.get_property_by_column(column).key
            for number, obj in enumerate(objs, start=largest + 1):
                setattr(obj, name, number)


def reserve_ids(session: Session, model: Any, count: int) -> list[int]:
    """``count`` new ids for rows of ``model`` that the caller inserts itself, in this
    transaction (``RecordService.create_many_in``). SQLite: the ids it would give, under its
    write lock, after the session's pending rows are flushed (the caller flushes first);
    PostgreSQL: taken from the column's sequence."""
    if count <= 0:
        return []
    column = model.__table__.c.id
    if session.get_bind().dialect.name == "postgresql":
        numbers = session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                 "FROM generate_series(1, :count)"),
            {"table": model.__table__.name, "count": count}).scalars().all()
        return sorted(int(n) for n in numbers)
    write_lock(session)
    with session.no_autoflush:
        largest = session.execute(select(func.max(column))).scalar() or 0
    return list(range(largest + 1, largest + 1 + count))
