"""A partial index (``CREATE INDEX … WHERE …``) on SQLite and PostgreSQL that does not load
SQLAlchemy's PostgreSQL dialect when the models are imported.

``Index(..., postgresql_where=...)`` validates its option against the PostgreSQL dialect at
once, and loading that dialect imports all its driver modules (asyncpg, psycopg, pg8000…):
40–80 ms of CPU on every start, SQLite or not (issue 15). ``PartialIndex`` gives the same
``sqlite_where`` and ``postgresql_where`` options, the PostgreSQL one made the first time
anything asks for the index's PostgreSQL options: the PostgreSQL DDL compiler, Alembic's
rendering and comparison, ``index.dialect_kwargs``. The DDL on both backends and the
migration Alembic renders are those of the plain ``Index`` (tests/db/test_partial_index.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Index, text
from sqlalchemy.util import PopulateDict, memoized_property

LATER = "postgresql"  # the dialect whose options are made on first use


class _Options(PopulateDict[str, Any]):
    """An index's options by dialect (SQLAlchemy's own ``PopulateDict``), whose PostgreSQL
    entry gets ``where`` when it is made. Listing the dialects makes it first, after the
    SQLite one the constructor made: the order a plain ``Index`` would have."""

    def __init__(self, index: PartialIndex) -> None:
        super().__init__(index._kw_reg_for_dialect_cls)
        self.where = index.where

    def __missing__(self, key: Any) -> Any:
        options = super().__missing__(key)
        if key == LATER:
            options["where"] = text(self.where)
        return options

    def _complete(self) -> None:
        self[LATER]

    def __iter__(self) -> Iterator[str]:
        self._complete()
        return super().__iter__()

    def __len__(self) -> int:
        self._complete()
        return super().__len__()

    def keys(self) -> Any:  # dict_keys
        self._complete()
        return super().keys()

    def values(self) -> Any:  # dict_values
        self._complete()
        return super().values()

    def items(self) -> Any:  # dict_items
        self._complete()
        return super().items()


class PartialIndex(Index):
    """``Index(name, *columns, sqlite_where=text(where), postgresql_where=text(where))``."""

    def __init__(self, name: str, *columns: Any, where: str, **kw: Any) -> None:
        self.where = where  # before the constructor validates the SQLite option
        super().__init__(name, *columns, sqlite_where=text(where), **kw)

    @memoized_property
    def dialect_options(self) -> Any:  # type: ignore[override]
        return _Options(self)
