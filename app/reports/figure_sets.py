"""Set-based evaluation of figure definitions: many figures' values in one statement.

A definition that returns a SELECT of ids (the value is their count) or a ``Summed`` SELECT of
(id, amount) rows (the value is the sum) can be answered by the database as an aggregate, so
``figures.compute`` sends every such figure of a call as one ``SELECT (count …), (sum …), …``
instead of one query per figure that also fetches every id. The ids stay the definition's: the
same SELECT is run when they are asked for (``figures.FigureValue.ids``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, case, distinct, func, select
from sqlalchemy.orm import Session

CHUNK = 40  # scalar subqueries per statement (keeps each statement and its cache entry small)


def count_of(stmt: Select[Any]) -> ColumnElement[Any]:
    """The number of distinct ids a SELECT returns — ``len(dict.fromkeys(ids))``, so a NULL
    id (which ``count(DISTINCT …)`` skips) counts once, as it does in the id list."""
    sub = stmt.order_by(None).subquery()  # the order of the ids does not change their number
    col = next(iter(sub.c))
    nulls = func.coalesce(func.max(case((col.is_(None), 1), else_=0)), 0)
    return select(func.count(distinct(col)) + nulls).scalar_subquery()


def sum_of(stmt: Select[Any]) -> ColumnElement[Any]:
    """The sum of the second column of a SELECT of (id, amount) rows."""
    sub = stmt.order_by(None).subquery()
    return select(func.sum(list(sub.c)[1])).scalar_subquery()


def statements(aggregates: Sequence[tuple[str, Select[Any]]]) -> list[Select[Any]]:
    """The statements answering ``("count" | "sum", SELECT)`` pairs: one row each, one column
    per pair, CHUNK pairs a statement."""
    out: list[Select[Any]] = []
    for start in range(0, len(aggregates), CHUNK):
        part = aggregates[start:start + CHUNK]
        out.append(select(*[count_of(stmt) if how == "count" else sum_of(stmt)
                            for how, stmt in part]))
    return out


def evaluate(session: Session, aggregates: Sequence[tuple[str, Select[Any]]]
             ) -> list[int | Decimal | float]:
    """The values of ``("count" | "sum", SELECT)`` pairs, in a few statements."""
    return run(session, statements(aggregates))


def run(session: Session, chunks: Sequence[Select[Any]]) -> list[int | Decimal | float]:
    """The values of the pairs ``statements`` was given, in their order."""
    out: list[int | Decimal | float] = []
    conn = session.connection()
    for stmt in chunks:
        row = conn.execute(stmt).one()
        out.extend(0 if v is None else v for v in row)
    return out
