"""Reading one record type: a record by id, and the lists the record pages show (ids in
display order, counts per filter value, rows by id). ``RecordService`` (app/services/crud.py)
adds the writes; every service inherits both."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from app.db.base import Base
from app.db.engine import Database
from app.domain.schema import RecordType
from app.errors import NotFoundError

M = TypeVar("M", bound=Base)

FilterFn = Callable[[Any], ColumnElement[bool]]
SortFn = Callable[[], Sequence[Any]]  # columns or expressions to ORDER BY


@dataclass
class ListQuery:
    """What a list page asks for: search text, filters, one sort key, one page."""

    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False
    offset: int = 0
    limit: int | None = None
    deleted: bool = False  # True: the recycle bin


@dataclass
class Page(Generic[M]):
    items: list[M]
    total: int


class RecordReads(Generic[M]):
    """Get and list one record type. Subclasses declare the model, the record type (fields
    and labels), search columns, filters and sorts."""

    model: ClassVar[Any]  # the ORM class
    rtype: ClassVar[RecordType]
    search_columns: ClassVar[tuple[Any, ...]] = ()
    default_sort: ClassVar[str] = "id"
    soft_delete: ClassVar[bool] = True

    def __init__(self, db: Database) -> None:
        self.db = db

    # ----- hooks ---------------------------------------------------------------------
    def filters(self) -> dict[str, FilterFn]:
        return {}

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [self.model.id]}

    def search_condition(self, text: str) -> ColumnElement[bool] | None:
        """The WHERE condition for search text (lowercased); default: LIKE on search_columns."""
        if not self.search_columns:
            return None
        pattern = f"%{text}%"
        return or_(*(func.lower(c).like(pattern) for c in self.search_columns))

    def tally_groups(self) -> dict[str, ColumnElement[Any]]:
        """Per filter name, an SQL expression whose value on a row is the filter value that
        row matches (e.g. a proposal's stage): ``tally`` counts a list per value with it in
        one GROUP BY. Each row must match exactly one value. Values come back as ``tally_value``
        gives them."""
        return {}

    def tally_value(self, key: str, raw: Any) -> Any:
        """The filter value of ``raw``, a value of ``tally_groups()[key]`` as read."""
        return raw

    def load(self, stmt: Select[Any]) -> Select[Any]:
        """Eager-load what views need from a detached record (relationships)."""
        return stmt

    # ----- reads ---------------------------------------------------------------------
    def get(self, record_id: int, *, include_deleted: bool = False) -> M:
        with self.db.reader() as session:
            return self._get(session, record_id, include_deleted=include_deleted, eager=True)

    def _get(
        self,
        session: Session,
        record_id: int,
        *,
        include_deleted: bool = False,
        eager: bool = False,
    ) -> Any:
        stmt = select(self.model).where(self.model.id == record_id)
        if eager:
            stmt = self.load(stmt)
        obj = session.scalars(stmt).first()
        if obj is None or (
            not include_deleted and getattr(obj, "deleted_at", None) is not None
        ):
            raise NotFoundError(f"{self.rtype.label}（编号{record_id}）不存在或已删除。")
        return obj

    def get_in(self, session: Session, record_id: int) -> Any:
        """The live record ``record_id`` in the caller's session (an import's transaction), or
        ``NotFoundError``."""
        return self._get(session, record_id)

    def _base_select(self, query: ListQuery) -> Select[Any]:
        stmt = select(self.model.id)
        if self.soft_delete:
            deleted = self.model.deleted_at
            stmt = stmt.where(deleted.is_not(None) if query.deleted else deleted.is_(None))
        available = self.filters()
        for name, value in query.filters.items():
            if value is None or value == "":
                continue
            if name not in available:
                raise KeyError(f"{self.rtype.entity} has no filter {name!r}")
            stmt = stmt.where(available[name](value))
        text = query.search.strip().lower().replace("%", "").replace("_", "")
        condition = self.search_condition(text) if text else None
        if condition is not None:
            stmt = stmt.where(condition)
        return stmt

    def ids(self, query: ListQuery | None = None) -> list[int]:
        """Ids in display order: what a lazy table model holds for a long list."""
        query = query or ListQuery()
        stmt = self._base_select(query)
        sorts = self.sorts()
        order = sorts.get(query.sort or self.default_sort, sorts["id"])()
        stmt = stmt.order_by(*[c.desc() if query.descending else c for c in order])
        stmt = stmt.order_by(self.model.id)
        if query.offset:
            stmt = stmt.offset(query.offset)
        if query.limit is not None:
            stmt = stmt.limit(query.limit)
        with self.db.reader() as session:  # plain ids: no ORM loading (50,000 rows)
            return session.connection().execute(stmt).scalars().all()  # type: ignore[return-value]

    def count(self, query: ListQuery | None = None) -> int:
        stmt = self._base_select(query or ListQuery())
        with self.db.reader() as session:
            return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    def tally(self, query: ListQuery, key: str, values: Sequence[Any]) -> list[int]:
        """The list of ``query`` counted without filter ``key`` (全部), then with ``key`` set
        to each of ``values``: one GROUP BY query when the service groups by ``key``
        (``tally_groups``), else one count per value."""
        others = replace(query, filters={k: v for k, v in query.filters.items() if k != key})
        group = self.tally_groups().get(key)
        if group is None:
            return [self.count(others)] + [
                self.count(replace(others, filters={**others.filters, key: v})) for v in values]
        stmt = (self._base_select(others).with_only_columns(group, func.count())
                .group_by(group))
        with self.db.reader() as session:
            counts: dict[Any, int] = {}
            for raw, n in session.connection().execute(stmt):
                value = self.tally_value(key, raw)
                counts[value] = counts.get(value, 0) + n
        return [sum(counts.values())] + [counts.get(v, 0) for v in values]

    def fetch(self, ids: Iterable[int]) -> list[M]:
        """Detached records for ``ids``, in the order given (missing ids are skipped)."""
        wanted = list(ids)
        if not wanted:
            return []
        with self.db.reader() as session:
            rows: dict[int, M] = {}
            for chunk_start in range(0, len(wanted), 500):
                chunk = wanted[chunk_start : chunk_start + 500]
                stmt = self.load(select(self.model).where(self.model.id.in_(chunk)))
                rows.update({o.id: o for o in session.scalars(stmt)})
        return [rows[i] for i in wanted if i in rows]

    def list_rows(self, ids: Iterable[int]) -> list[Any]:
        """What a list page shows of ``ids``, in the order given: the full records here;
        services with heavy records return plain rows instead (``app.services.list_rows``)."""
        return self.fetch(ids)

    def query(self, query: ListQuery | None = None) -> Page[M]:
        query = query or ListQuery()
        return Page(self.fetch(self.ids(query)), self.count(query))
