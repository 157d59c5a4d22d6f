"""The generic record service every record type builds on: validate, write, audit, announce."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app.db.base import Base, now
from app.db.engine import Database
from app.domain.enums import AuditAction
from app.domain.schema import RecordType
from app.errors import ConflictError, FieldProblem, NotFoundError, ValidationError
from app.services import audit
from app.services.context import Actor, Changes, Result, publish
from app.services.validation import clean

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


class RecordService(Generic[M]):
    """Create, update, soft delete, restore, purge, get and query one record type.

    Subclasses declare the model, the record type (fields and labels), search columns,
    filters and sorts, and override the hooks for cross-field rules and derived columns.
    """

    model: ClassVar[Any]  # the ORM class
    rtype: ClassVar[RecordType]
    search_columns: ClassVar[tuple[Any, ...]] = ()
    default_sort: ClassVar[str] = "id"
    owned_children: ClassVar[frozenset[str]] = frozenset()  # tables purged with the record
    soft_delete: ClassVar[bool] = True
    # Keys of ``data`` that are not fields of the record but child rows written with it
    # (e.g. a proposal's ``cosigner_ids``): see ``check_extra`` and ``write_extra``.
    extra_keys: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, db: Database) -> None:
        self.db = db

    # ----- hooks ---------------------------------------------------------------------
    def filters(self) -> dict[str, FilterFn]:
        return {}

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [self.model.id]}

    def check(
        self, session: Session, values: dict[str, Any], current: M | None
    ) -> list[FieldProblem]:
        """Cross-field and uniqueness rules; ``values`` are already typed."""
        return []

    def check_extra(
        self, session: Session, values: dict[str, Any], extra: dict[str, Any], current: M | None
    ) -> list[FieldProblem]:
        """Validate the child rows in ``extra`` before anything is written."""
        return []

    def write_extra(self, session: Session, obj: M, extra: dict[str, Any]) -> audit.Diff:
        """Write the child rows in ``extra`` (the record is flushed); returns the audit diff."""
        return {}

    def related_changes(self, session: Session, obj: M, extra: dict[str, Any],
                        before: Any) -> Changes:
        """Other records a write concerns, announced with it in one broadcast (e.g. the
        members whose 履职档案 a proposal write changes). ``before`` is what
        ``snapshot_related`` returned before the write (None on create)."""
        return Changes()

    def snapshot_related(self, session: Session, obj: M) -> Any:
        """State needed by ``related_changes`` taken before an update (e.g. old cosigners)."""
        return None

    def search_condition(self, text: str) -> ColumnElement[bool] | None:
        """The WHERE condition for search text (lowercased); default: LIKE on search_columns."""
        if not self.search_columns:
            return None
        pattern = f"%{text}%"
        return or_(*(func.lower(c).like(pattern) for c in self.search_columns))

    def derive(self, session: Session, obj: M) -> None:
        """Fill derived columns (search keys, numbers) before the flush."""

    def describe(self, obj: Any) -> str:
        return str(getattr(obj, "name", None) or getattr(obj, "title", None) or obj.id)

    def check_delete(self, session: Session, obj: Any) -> str | None:
        """Why this record may not go to the recycle bin, or None when it may."""
        return None

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
        with self.db.reader() as session:
            return list(session.scalars(stmt))

    def count(self, query: ListQuery | None = None) -> int:
        stmt = self._base_select(query or ListQuery())
        with self.db.reader() as session:
            return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

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

    def query(self, query: ListQuery | None = None) -> Page[M]:
        query = query or ListQuery()
        return Page(self.fetch(self.ids(query)), self.count(query))

    # ----- writes --------------------------------------------------------------------
    def create(self, actor: Actor, data: dict[str, Any]) -> Result[M]:
        actor.require_write()
        data, extra = self._split_extra(data)
        try:
            obj, changes = self._create(actor, data, extra)
        except IntegrityError as exc:
            raise self._integrity_conflict() from exc
        publish(changes)
        return Result(self.get(obj.id), changes)

    def _create(self, actor: Actor, data: dict[str, Any], extra: dict[str, Any]
                ) -> tuple[Any, Changes]:
        with self.db.session() as session:
            values, problems = clean(session, self.rtype, data)
            problems += self.check(session, values, None)
            problems += self.check_extra(session, values, extra, None)
            self._raise(problems)
            obj = self.model(**values)
            self.derive(session, obj)
            session.add(obj)
            session.flush()
            diff = {k: (None, v) for k, v in values.items() if v not in (None, "", False)}
            diff.update(self.write_extra(session, obj, extra))
            session.flush()
            audit.record(
                session, actor, AuditAction.CREATE, self.rtype, obj.id,
                f"新增{self.rtype.label}“{self.describe(obj)}”", diff,
            )
            changes = Changes.of(self.rtype.entity, [obj.id])
            changes.merge(self.related_changes(session, obj, extra, None))
        return obj, changes

    def update(
        self, actor: Actor, record_id: int, data: dict[str, Any], *, version: int | None = None
    ) -> Result[M]:
        """Change fields of one record; ``version`` is the version the editor opened."""
        actor.require_write()
        data, extra = self._split_extra(data)
        try:
            with self.db.session() as session:
                obj = self._get(session, record_id)
                self._check_version(obj, version)
                before = self.snapshot_related(session, obj)
                values, problems = clean(session, self.rtype, data, current=obj)
                problems += self.check(session, values, obj)
                problems += self.check_extra(session, values, extra, obj)
                self._raise(problems)
                diff = {
                    k: (getattr(obj, k), v) for k, v in values.items() if getattr(obj, k) != v
                }
                for name, value in values.items():
                    setattr(obj, name, value)
                self.derive(session, obj)
                child_diff = self.write_extra(session, obj, extra)
                if child_diff:
                    diff.update(child_diff)
                    self.touch(obj)
                changes = Changes()
                if diff:
                    session.flush()
                    audit.record(
                        session, actor, AuditAction.UPDATE, self.rtype, record_id,
                        f"修改{self.rtype.label}“{self.describe(obj)}”", diff,
                    )
                    changes = Changes.of(self.rtype.entity, [record_id])
                    changes.merge(self.related_changes(session, obj, extra, before))
        except StaleDataError as exc:
            raise self._conflict(record_id) from exc
        except IntegrityError as exc:
            raise self._integrity_conflict() from exc
        publish(changes)
        return Result(self.get(record_id), changes)

    def delete(self, actor: Actor, ids: Iterable[int]) -> Changes:
        """Move records to the recycle bin (nothing referencing them is touched)."""
        return self._set_deleted(actor, list(ids), deleted=True)

    def restore(self, actor: Actor, ids: Iterable[int]) -> Changes:
        return self._set_deleted(actor, list(ids), deleted=False)

    def _set_deleted(self, actor: Actor, ids: list[int], *, deleted: bool) -> Changes:
        actor.require_write()
        action = AuditAction.DELETE if deleted else AuditAction.RESTORE
        with self.db.session() as session:
            for record_id in ids:
                obj = self._get(session, record_id, include_deleted=True)
                if (obj.deleted_at is not None) == deleted:
                    continue
                refusal = self.check_delete(session, obj) if deleted else None
                if refusal:
                    raise ValidationError(
                        [FieldProblem("id", self.rtype.label, self.describe(obj), refusal)],
                        self.rtype.label,
                    )
                obj.deleted_at = now() if deleted else None
                self.touch(obj)
                audit.record(
                    session, actor, action, self.rtype, record_id,
                    f"{action.label}{self.rtype.label}“{self.describe(obj)}”",
                )
        changes = Changes.of(self.rtype.entity, ids)
        publish(changes)
        return changes

    def purge(self, actor: Actor, ids: Iterable[int]) -> Changes:
        """Delete records from the recycle bin for good; refused while anything refers to them."""
        actor.require_admin("彻底删除记录")
        ids = list(ids)
        with self.db.session() as session:
            for record_id in ids:
                obj = self._get(session, record_id, include_deleted=True)
                if self.soft_delete and obj.deleted_at is None:
                    raise ValidationError(
                        [FieldProblem("id", "记录", self.describe(obj), "须先删除到回收站")],
                        self.rtype.label,
                    )
                users = self.referenced_by(session, record_id)
                if users:
                    raise ValidationError(
                        [FieldProblem("id", "记录", self.describe(obj),
                                      "仍被以下记录引用，不能彻底删除：" + "、".join(users))],
                        self.rtype.label,
                    )
                audit.record(
                    session, actor, AuditAction.PURGE, self.rtype, record_id,
                    f"彻底删除{self.rtype.label}“{self.describe(obj)}”",
                )
                session.delete(obj)
        changes = Changes.of(self.rtype.entity, ids)
        publish(changes)
        return changes

    def referenced_by(self, session: Session, record_id: int) -> list[str]:
        """Descriptions such as "参加人员 12条" of rows in other tables that point here."""
        from app.domain.schema import RECORD_TYPES

        table = self.model.__table__
        found: list[str] = []
        for other in Base.metadata.sorted_tables:
            if other.name in self.owned_children or other.name == "audit_log":
                continue
            for fk in other.foreign_keys:
                if fk.column.table is not table:
                    continue
                col = fk.parent
                n = session.scalar(select(func.count()).select_from(other).where(col == record_id))
                if n:
                    rtype = RECORD_TYPES.get(other.name)
                    label = rtype.label if rtype else other.name
                    found.append(f"{label}{n}条")
        return found

    # ----- helpers -------------------------------------------------------------------
    @staticmethod
    def touch(obj: Any) -> None:
        """Mark the record itself changed so its version advances (child rows changed).

        ``flag_modified`` forces the UPDATE even when ``updated_at`` keeps the same second.
        """
        obj.updated_at = now()
        flag_modified(obj, "updated_at")

    def _split_extra(self, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        fields = {k: v for k, v in data.items() if k not in self.extra_keys}
        return fields, {k: v for k, v in data.items() if k in self.extra_keys}

    def _check_version(self, obj: Any, version: int | None) -> None:
        if version is not None and obj.version != version:
            raise self._conflict(obj.id)

    def _conflict(self, record_id: int) -> ConflictError:
        return ConflictError(
            f"{self.rtype.label}（编号{record_id}）已被其他用户修改。为免覆盖对方的修改，"
            "本次修改未保存，请刷新后重新编辑。"
        )

    def _integrity_conflict(self) -> ConflictError:
        """A uniqueness rule of the database refused the write: almost always another user
        saved the same number or name a moment earlier (the checks before it had passed)."""
        return ConflictError(
            f"{self.rtype.label}未保存：另一位用户刚刚保存了编号或名称相同的记录。"
            "请刷新后检查编号、名称是否重复，再重新保存。"
        )

    def _raise(self, problems: list[FieldProblem]) -> None:
        if problems:
            raise ValidationError(problems, self.rtype.label)
