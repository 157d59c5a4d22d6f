"""New records written in one INSERT per table (``RecordService.create_many_in``): the
batch's record type, and rows made uniform so the batch goes in one ``executemany``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

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
    per-row bookkeeping) — on a driver with positional parameters (SQLite) as the tuples
    the driver takes (``_Positional``); any other batch through the ORM's bulk insert."""
    if not rows:
        return
    rows = uniform_rows(model, rows)
    table = model.__table__
    keys = rows[0].keys()
    if all(row.keys() == keys for row in rows) and all(key in table.c for key in keys):
        connection = session.connection()
        statement = _positional(connection.dialect, table, tuple(keys))
        if statement is not None:
            connection.exec_driver_sql(statement.sql, statement.parameters(rows))
        else:
            connection.execute(table.insert(), rows)
    else:
        session.execute(insert(model), rows)


_Values = Callable[[list[dict[str, Any]]], list[Any]]


class _Positional:
    """``table.insert()`` compiled once for rows with given keys, and how to turn such rows
    into the driver's parameter tuples: what SQLAlchemy does for each row of an
    ``executemany`` (a parameter dict per row, each column's default where the row has no
    value, then the type's bind processor: dates and enums to what the driver stores),
    done a column at a time for the whole batch. Same statement, same values."""

    def __init__(self, sql: str, columns: list[_Values]) -> None:
        self.sql = sql
        self._columns = columns

    def parameters(self, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return list(zip(*(values(rows) for values in self._columns), strict=True))


# per dialect (one per engine, forgotten with it): (table, keys) → statement
_STATEMENTS: WeakKeyDictionary[Any, dict[tuple[Any, tuple[str, ...]], _Positional | None]] = (
    WeakKeyDictionary())


def _positional(dialect: Any, table: Any, keys: tuple[str, ...]) -> _Positional | None:
    """The statement for ``keys`` on a dialect with positional parameters; None when the
    dialect names its parameters (PostgreSQL: SQLAlchemy's own batching is used) or the
    statement needs something only SQLAlchemy's execution does (an SQL default)."""
    known = _STATEMENTS.setdefault(dialect, {})
    if (table, keys) not in known:
        known[table, keys] = _compile(dialect, table, keys)
    return known[table, keys]


def _compile(dialect: Any, table: Any, keys: tuple[str, ...]) -> _Positional | None:
    if not dialect.positional or dialect.paramstyle != "qmark":
        return None
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    names = compiled.positiontup
    prefetch = {column.key for column in compiled.insert_prefetch}
    if names is None or compiled.postfetch or compiled.returning:
        return None
    columns: list[_Values] = []
    for name in names:
        column = table.c.get(name)
        if column is None:
            return None
        if name in keys:
            source = _given(name)
        elif name in prefetch and column.default is not None:
            default = column.default
            if default.is_scalar:
                source = _constant(default.arg)
            elif default.is_callable:
                source = _called(default.arg)
            else:
                return None
        else:
            return None
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        columns.append(source if process is None else _processed(source, process))
    return _Positional(compiled.string, columns)


def _given(key: str) -> _Values:
    return lambda rows: [row[key] for row in rows]


def _constant(value: Any) -> _Values:
    return lambda rows: [value] * len(rows)


def _called(fn: Callable[[Any], Any]) -> _Values:
    return lambda rows: [fn(None) for _ in rows]


def _processed(source: _Values, process: Callable[[Any], Any]) -> _Values:
    """The column's values through the type's bind processor; a value that is the same
    object as the one before it (a default's timestamp, an enum member) is processed once."""

    def values(rows: list[dict[str, Any]]) -> list[Any]:
        out = []
        previous: Any = _NOTHING
        done: Any = None
        for value in source(rows):
            if value is not previous:
                previous, done = value, process(value)
            out.append(done)
        return out

    return values


_NOTHING = object()
