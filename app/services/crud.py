"""The generic record service every record type builds on: validate, write, audit, announce.

Its reads (a record by id, the lists of the record pages) are ``RecordReads``
(app/services/record_reads.py); ``ListQuery``, ``Page``, ``FilterFn`` and ``SortFn`` are
named here too, where the services import them from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, ClassVar, Generic

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app.db.base import Base, now
from app.domain.enums import AuditAction
from app.errors import ConflictError, FieldProblem, NotFoundError, ValidationError
from app.services import audit
from app.services.batch_rows import NewRecord, insert_rows
from app.services.context import Actor, Changes, Result, publish
from app.services.record_reads import FilterFn as FilterFn
from app.services.record_reads import ListQuery as ListQuery
from app.services.record_reads import M, RecordReads
from app.services.record_reads import Page as Page
from app.services.record_reads import SortFn as SortFn
from app.services.row_ids import reserve_ids
from app.services.validation import RefCache, clean
from app.services.versions import Versions, require_version, require_versions, write_lock


@dataclass
class Written(Generic[M]):
    """What ``write_in`` wrote: the record (its id comes with the flush), whether it is new,
    whether anything changed (known once its child rows are written), and the records to
    announce."""

    obj: M
    created: bool
    changed: bool = False
    changes: Changes = field(default_factory=Changes)


class RecordService(RecordReads[M]):
    """Create, update, soft delete, restore, purge, get and query one record type.

    Subclasses declare the model, the record type (fields and labels), search columns,
    filters and sorts, and override the hooks for cross-field rules and derived columns.
    """

    owned_children: ClassVar[frozenset[str]] = frozenset()  # tables purged with the record
    # Keys of ``data`` that are not fields of the record but child rows written with it
    # (e.g. a proposal's ``cosigner_ids``): see ``check_extra`` and ``write_extra``.
    extra_keys: ClassVar[frozenset[str]] = frozenset()

    # ----- hooks ---------------------------------------------------------------------
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

    def derive(self, session: Session, obj: M) -> None:
        """Fill derived columns (search keys, numbers) before the flush."""

    def derived_values(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """The derived columns of a new record from its values, for ``create_many_in``:
        None when the service cannot work them out without the record object (then
        ``create_many_in`` is not available for it). Keep it the same as ``derive``."""
        return None

    def new_extra_rows(self, record_id: int, extra: dict[str, Any]
                       ) -> tuple[list[tuple[Any, dict[str, Any]]], audit.Diff] | None:
        """The child rows ``write_extra`` adds for ``extra`` to a new record, as (model,
        column values) pairs, and their audit diff, for ``create_many_in``; None when the
        service cannot say without the record object."""
        return ([], {}) if not extra else None

    def describe(self, obj: Any) -> str:
        return str(getattr(obj, "name", None) or getattr(obj, "title", None) or obj.id)

    def check_delete(self, session: Session, obj: Any) -> str | None:
        """Why this record may not go to the recycle bin, or None when it may."""
        return None

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
            values, problems = self.check_in(session, data, extra, None)
            self._raise(problems)
            written = self.write_in(session, actor, values, extra, None)
        return written.obj, written.changes

    def update(
        self, actor: Actor, record_id: int, data: dict[str, Any], *, version: int
    ) -> Result[M]:
        """Change fields of one record; ``version`` is the version the editor opened (required:
        a stale version or a concurrent write raises ``ConflictError``, nothing is written)."""
        actor.require_write()
        require_version(version)
        data, extra = self._split_extra(data)
        try:
            with self._guard({record_id: version}), self.db.session() as session:
                obj = self._locked(session, record_id, version)
                before = self.snapshot_related(session, obj)
                values, problems = self.check_in(session, data, extra, obj)
                self._raise(problems)
                changes = self.write_in(session, actor, values, extra, obj,
                                        before=before).changes
        except IntegrityError as exc:
            raise self._integrity_conflict() from exc
        publish(changes)
        return Result(self.get(record_id), changes)

    # ----- the one write path (the client's create and update, and the import) ---------
    def check_in(self, session: Session, data: dict[str, Any], extra: dict[str, Any],
                 current: M | None, *, ref_cache: RefCache | None = None
                 ) -> tuple[dict[str, Any], list[FieldProblem]]:
        """Every rule of ``create`` / ``update`` (``clean``, ``check``, ``check_extra``) in the
        caller's session, without writing: the typed values and every problem. An import
        checks all its rows this way before it writes any; ``ref_cache`` (see ``clean``)
        checks each reference-list value once per import."""
        values, problems = clean(session, self.rtype, data, current=current,
                                 ref_cache=ref_cache)
        problems += self.check(session, values, current)
        problems += self.check_extra(session, values, extra, current)
        return values, problems

    def write_in(self, session: Session, actor: Actor, values: dict[str, Any],
                 extra: dict[str, Any], current: M | None, *,
                 action: AuditAction | None = None, before: Any = None,
                 children: Callable[[M], audit.Diff] | None = None,
                 also: Callable[[M], audit.Diff] | None = None,
                 later: list[Callable[[], None]] | None = None) -> Written[M]:
        """Write values ``check_in`` accepted, in the caller's transaction: a new record
        (``current`` None) or ``current`` changed; then the child rows of ``extra``
        (``write_extra``) and the rows a caller adds with the record (an import's seats,
        participants, 专委会): ``children`` right away, before the flush (rows added through
        the record's relationships: a new record's collections are known to be empty, so
        no query loads them), ``also`` once the record has its id; both return their audit
        diff. Then the audit entry and the records the write concerns.

        ``create`` and ``update`` write through here, and so does the import (``action`` =
        导入). A new record is flushed at once unless ``later`` is given: then what needs
        its id (child rows, audit entry) is appended to ``later`` for the caller to run after
        its next flush, so a batch of records is inserted in one flush.
        """
        created = current is None
        if current is None:
            obj: Any = self.model(**values)
            self.derive(session, obj)
            session.add(obj)
            diff: audit.Diff = {k: (None, v) for k, v in values.items()
                                if v not in (None, "", False)}
        else:
            obj = current
            diff = {k: (getattr(obj, k), v) for k, v in values.items() if getattr(obj, k) != v}
            for name, value in values.items():
                setattr(obj, name, value)
            self.derive(session, obj)
        written: Written[M] = Written(obj, created, changed=created)
        early = dict(children(obj)) if children else {}

        def finish() -> None:
            child = dict(early)
            child.update(self.write_extra(session, obj, extra) if extra else {})
            child.update(also(obj) if also else {})
            if child and not created:
                self.touch(obj)
            diff.update(child)
            written.changed = created or bool(diff)
            if not written.changed:
                return
            if later is None:
                session.flush()
            imported = action == AuditAction.IMPORT
            what = ("导入新增" if imported else "新增") if created else (
                "导入更新" if imported else "修改")
            default = AuditAction.CREATE if created else AuditAction.UPDATE
            audit.record(session, actor, action or default, self.rtype, obj.id,
                         f"{what}{self.rtype.label}“{self.describe(obj)}”", diff)
            if not imported:  # an import announces what it wrote once, at its end
                written.changes = Changes.of(self.rtype.entity, [obj.id])
                written.changes.merge(self.related_changes(session, obj, extra, before))

        if created and later is not None:
            later.append(finish)
        else:
            if created:
                session.flush()
            finish()
        return written

    def create_many_in(self, session: Session, actor: Actor, records: list[NewRecord], *,
                       action: AuditAction | None = None) -> None:
        """Write new records ``check_in`` accepted, as ``write_in`` writes each — the same
        columns, derived columns, child rows (``new_extra_rows``, the rows ``write_extra``
        adds) and audit entry with the same diff — but with one INSERT per table for the
        whole batch instead of an ORM object and a statement per row (an import of a
        roster). Each record gets its id (``record.id``); no ORM objects are loaded, so the
        session does not know the rows (a caller reads them back by id when it needs them).
        """
        if not records:
            return
        session.flush()  # what is pending comes first, with the ids it gets now
        ids = reserve_ids(session, self.model, len(records))
        rows: list[dict[str, Any]] = []
        children: dict[Any, list[dict[str, Any]]] = {}
        entries: list[dict[str, Any]] = []
        imported = action == AuditAction.IMPORT
        what = "导入新增" if imported else "新增"
        for record, record_id in zip(records, ids, strict=True):
            record.id = record_id
            row = dict(record.values)
            row.update(self.derived_values(row) or {})
            row["id"] = record_id
            rows.append(row)
            diff: audit.Diff = {k: (None, v) for k, v in record.values.items()
                                if v not in (None, "", False)}
            for extra in record.extras:
                made = self.new_extra_rows(record_id, extra)
                if made is None:
                    raise TypeError(f"{type(self).__name__} cannot write {extra!r} in a batch")
                for model, values in made[0]:
                    children.setdefault(model, []).append(values)
                diff.update(made[1])
            entries.append(audit.entry_values(
                actor, action or AuditAction.CREATE, self.rtype, record_id,
                f"{what}{self.rtype.label}“{self.describe(SimpleNamespace(**row))}”", diff))
        insert_rows(session, self.model, rows)
        for model, values_list in children.items():
            insert_rows(session, model, values_list)
        audit.record_many(session, entries)

    def delete(self, actor: Actor, versions: Versions) -> Changes:
        """Move records to the recycle bin (nothing referencing them is touched).

        ``versions`` maps each id to the version the clerk saw (``versions_of(records)``):
        a record changed since is a ``ConflictError`` and none of them is deleted."""
        return self._set_deleted(actor, require_versions(versions), deleted=True)

    def restore(self, actor: Actor, versions: Versions) -> Changes:
        """Bring records back from the recycle bin; ``versions`` as for ``delete``."""
        return self._set_deleted(actor, require_versions(versions), deleted=False)

    def _set_deleted(self, actor: Actor, versions: dict[int, int], *, deleted: bool) -> Changes:
        actor.require_write()
        action = AuditAction.DELETE if deleted else AuditAction.RESTORE
        ids = sorted(versions)  # one lock order for every writer
        with self._guard(versions), self.db.session() as session:
            for record_id in ids:
                obj = self._locked(session, record_id, versions[record_id],
                                   include_deleted=True)
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

    def purge(self, actor: Actor, versions: Versions) -> Changes:
        """Delete records from the recycle bin for good; refused while anything refers to them.

        ``versions`` as for ``delete``: a record another clerk restored or changed since the
        administrator looked is a ``ConflictError``, and nothing is purged."""
        actor.require_admin("彻底删除记录")
        versions = require_versions(versions)
        ids = sorted(versions)
        with self._guard(versions), self.db.session() as session:
            for record_id in ids:
                obj = self._locked(session, record_id, versions[record_id],
                                   include_deleted=True)
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
        return ({k: v for k, v in data.items() if k not in self.extra_keys},
                {k: v for k, v in data.items() if k in self.extra_keys})

    # ----- optimistic locking --------------------------------------------------------
    def _locked(self, session: Session, record_id: int, version: int, *,
                include_deleted: bool = False) -> Any:
        """The record for a write, still at ``version``, else ``ConflictError``.

        On PostgreSQL the row is locked for the transaction (SELECT … FOR NO KEY UPDATE: the
        key never changes, so rows of other tables may still refer to it meanwhile), the check
        sees the latest committed version and a second writer waits for the first. SQLite has
        no row locks: the transaction takes the database's write lock first (``write_lock``).
        Either way the flush's UPDATE … WHERE version = read version (``version_id_col``)
        would still refuse a write that lost a race (``StaleDataError``).
        """
        require_version(version)
        write_lock(session)
        stmt = (select(self.model).where(self.model.id == record_id)
                .with_for_update(of=self.model, key_share=True)
                .execution_options(populate_existing=True))
        obj = session.scalars(stmt).first()
        if obj is None or obj.version != version:
            raise self._conflict_error(record_id, obj, version)
        if not include_deleted and getattr(obj, "deleted_at", None) is not None:
            raise NotFoundError(f"{self.rtype.label}（编号{record_id}）不存在或已删除。")
        return obj

    @contextmanager
    def _step(self, actor: Actor, record_id: int, version: int, *,
              include_deleted: bool = False) -> Iterator[tuple[Session, Any]]:
        """One write on a record and its child rows: permission, the version it was read at,
        one transaction. Every step that changes child rows (participants, assignments,
        forwards …) ``touch``es the record, so its version advances and the flush refuses a
        write on a parent another clerk changed meanwhile."""
        actor.require_write()
        require_version(version)
        with self._guard({record_id: version}), self.db.session() as session:
            yield session, self._locked(session, record_id, version,
                                        include_deleted=include_deleted)

    @contextmanager
    def _guard(self, versions: Versions) -> Iterator[None]:
        """A write that lost a race becomes ``ConflictError``: the flush found the record at
        another version (``StaleDataError``), or — on SQLite, where the child rows may be
        flushed before the record — a unique index refused a child row another clerk wrote
        first while the record's version moved on."""
        try:
            yield
        except StaleDataError as exc:
            conflict = self._stale_conflict(versions, always=True)
            assert conflict is not None  # ``always``: the first record when none moved on
            raise conflict from exc
        except IntegrityError as exc:
            conflict = self._stale_conflict(versions)
            if conflict is None:
                raise
            raise conflict from exc

    def _stale_conflict(self, versions: Versions, *, always: bool = False
                        ) -> ConflictError | None:
        """The conflict after a lost race, naming the first record whose version moved on;
        when every record is still at the version given: None, or (``always``) the first."""
        with self.db.reader() as session:
            found = []
            for record_id, version in versions.items():
                obj = session.scalars(self.load(
                    select(self.model).where(self.model.id == record_id))).first()
                if obj is None or obj.version != version:
                    return self._conflict_error(record_id, obj, version)
                found.append((record_id, obj, version))
            return self._conflict_error(*found[0]) if always and found else None

    def _conflict_error(self, record_id: int, current: Any | None,
                        yours: int | None) -> ConflictError:
        """"该提案“…”已被其他用户修改（当前版本5，您打开的是版本4）…"; ``current`` is the
        record as stored now (None when it was deleted for good)."""
        label = self.rtype.label
        if current is None:
            return ConflictError(
                f"该{label}（编号{record_id}）已被其他用户彻底删除，本次操作未保存。"
                "请重新载入后再操作。", entity=self.rtype.entity, record_id=record_id,
                your_version=yours)
        what = "删除（已在回收站中）" if getattr(current, "deleted_at", None) else "修改"
        opened = f"，您打开的是版本{yours}" if yours is not None else ""
        return ConflictError(
            f"该{label}“{self.describe(current)}”已被其他用户{what}（当前版本"
            f"{current.version}{opened}）。为免覆盖对方的修改，本次操作未保存，"
            "请重新载入后再操作。", entity=self.rtype.entity, record_id=record_id,
            current_version=current.version, your_version=yours)

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
