"""``live(Model.deleted_at)``: a figure's “not deleted” condition, kept out of SQLite's index
choice.

At every opening the program refreshes SQLite's planner statistics with a sampled ``ANALYZE``
(``Database.refresh_statistics``, ``analysis_limit``). The sample records every
``ix_<table>_deleted_at`` index of a large table as about 1,000 rows per value, while nearly
every row has the one value NULL: the planner then believes ``deleted_at IS NULL`` picks a few
rows and reads a whole table through that index (each row looked up twice) instead of scanning
a smaller table or using a date index — the outcomes of a year through all 60,000 events
instead of the 5,600 outcomes (9 ms instead of 2 on city-decade), the opinion forwards through
all 40,000 reports. Correcting those entries after the sample (every row under one value,
as a full ANALYZE finds) was tried and undone: the record pages' lists, which read through
these indexes, became up to 1.8× slower on city-decade. A unary ``+`` makes SQLite ignore
indexes for that one term (its documented way to steer the planner); the other backends get
the plain condition. Use it only where the query has a better way in (checked with EXPLAIN
QUERY PLAN); tests/reports/test_live_deleted.py checks the rendering and that the figures do
not change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal


class _Unindexed(ColumnElement[Any]):
    """A column that SQLite may not look up in an index (``+column``)."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


@compiles(_Unindexed)
def _plain(element: _Unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(_Unindexed, "sqlite")
def _plus(element: _Unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(element.column, **kw)


def live(deleted_at: Any) -> ColumnElement[bool]:
    """``deleted_at IS NULL`` without SQLite looking it up in the ``deleted_at`` index."""
    column = deleted_at.__clause_element__() if hasattr(deleted_at, "__clause_element__") \
        else deleted_at
    return _Unindexed(column).is_(None)
