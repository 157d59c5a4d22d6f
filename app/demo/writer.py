"""Fast, ordered bulk writes for the demo generator.

Rows are plain dicts with ids assigned here (``max(id) + 1`` onwards), buffered per table and
written with Core ``INSERT`` executemany in chunks. Before a table's chunk is written, every
buffered table it may reference (earlier in ``metadata.sorted_tables``) is written first, so
foreign keys hold at every statement without deferring constraints. Self-references
(``proposals.merged_into_id``, ``units.parent_id``) must point at rows added earlier.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, text
from sqlalchemy.orm import Session

from app.db.base import Base

Row = dict[str, Any]


class RowWriter:
    def __init__(
        self,
        session: Session,
        stamp: dt.datetime,
        *,
        chunk: int = 8000,
        on_write: Callable[[], None] | None = None,
    ) -> None:
        self.session = session
        self._stamp = stamp
        self._chunk = chunk
        self._on_write = on_write  # called before every chunk: the cancel check
        self._tables = {t.name: t for t in Base.metadata.sorted_tables}
        self._order = {name: i for i, name in enumerate(self._tables)}
        self._buffers: dict[str, list[Row]] = {}
        self._templates: dict[str, Row] = {}
        self._next_id: dict[str, int] = {}
        self._buffered: dict[str, dict[int, Row]] = {}  # id → row still in a buffer
        self._pending: dict[str, list[tuple[int, Row]]] = {}  # updates of written rows
        self.counts: Counter[str] = Counter()

    def _template(self, table: Table) -> Row:
        """Every column with its default, so that all rows of a table have the same keys."""
        row: Row = {}
        for col in table.columns:
            default = col.default
            if default is None:
                row[col.key] = None
            elif getattr(default, "is_scalar", False):
                row[col.key] = default.arg  # type: ignore[attr-defined]
            else:  # created_at / updated_at: a fixed stamp keeps the data set reproducible
                row[col.key] = self._stamp
        return row

    def next_id(self, table_name: str) -> int:
        if table_name not in self._next_id:
            table = self._tables[table_name]
            current = self.session.scalar(select(func.max(table.c.id)))
            self._next_id[table_name] = (current or 0) + 1
        value = self._next_id[table_name]
        self._next_id[table_name] = value + 1
        return value

    def add(self, table_name: str, **values: Any) -> int:
        """Buffer one row (id assigned unless given) and return its id."""
        template = self._templates.get(table_name)
        if template is None:
            template = self._templates[table_name] = self._template(self._tables[table_name])
        row = template.copy()
        row.update(values)
        if row.get("id") is None:
            row["id"] = self.next_id(table_name)
        buffer = self._buffers.setdefault(table_name, [])
        buffer.append(row)
        self._buffered.setdefault(table_name, {})[row["id"]] = row
        if len(buffer) >= self._chunk:
            self.flush(table_name)
        return int(row["id"])

    def flush(self, table_name: str | None = None) -> None:
        """Write ``table_name`` (and, first, every table it may depend on); None: all."""
        limit = self._order[table_name] if table_name else len(self._order)
        for name in sorted(self._buffers, key=self._order.__getitem__):
            if self._order[name] > limit:
                break
            rows = self._buffers[name]
            if not rows:
                continue
            if self._on_write is not None:
                self._on_write()
            self.session.execute(insert(self._tables[name]), rows)
            self.counts[name] += len(rows)
            self._buffers[name] = []
            self._buffered[name] = {}

    def update_later(self, table_name: str, row_id: int, **values: Any) -> None:
        """Change a row added earlier: in its buffer if it is still there, else by an
        ``UPDATE`` batched until ``finish``."""
        row = self._buffered.get(table_name, {}).get(row_id)
        if row is not None:
            row.update(values)
        else:
            self._pending.setdefault(table_name, []).append((row_id, values))

    def finish(self) -> None:
        """Write everything still buffered, then the batched updates."""
        self.flush()
        for name, updates in self._pending.items():
            table = self._tables[name]
            by_keys: dict[tuple[str, ...], list[Row]] = {}
            for row_id, values in updates:
                params = {"_id": row_id, **{f"v_{k}": v for k, v in values.items()}}
                by_keys.setdefault(tuple(sorted(values)), []).append(params)
            for keys, rows in by_keys.items():
                stmt = (
                    table.update()
                    .where(table.c.id == bindparam("_id"))
                    .values({k: bindparam(f"v_{k}") for k in keys})
                )
                self.session.execute(stmt, rows)
        self._pending.clear()

    def update(self, table_name: str, row_id: int, **values: Any) -> None:
        """Change an already written (or buffered) row."""
        self.flush()
        table = self._tables[table_name]
        self.session.execute(table.update().where(table.c.id == row_id).values(**values))

    def fix_sequences(self) -> None:
        """PostgreSQL: explicit ids do not advance serial sequences; catch them up."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for name in self.counts:
            self.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT max(id) FROM {name}))"
                )
            )
