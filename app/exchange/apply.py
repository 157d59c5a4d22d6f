"""``apply``: write an analysed import in one transaction, with a backup once it passed.

Everything is checked again inside the writing transaction (the database may have changed
since the preview): the cells are read again with fresh look-ups, and each record goes
through the service's ``clean``, ``check`` and ``check_extra`` before it is written. Without
``skip_invalid`` one bad record leaves the database exactly as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import nullcontext, suppress
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.db.backup import PendingBackup, prepare_database_backup
from app.db.engine import Database
from app.domain.enums import AuditAction
from app.errors import AppError, ConflictError
from app.exchange.errors_book import save_error_book
from app.exchange.fates import outcome_reason, row_fates
from app.exchange.kinds import Context, ImportKind
from app.exchange.lookups import Lookups
from app.exchange.model import (
    DuplicateAction,
    Entry,
    Fate,
    ImportPlan,
    ImportResult,
    Problem,
    RowFate,
    fates_text,
)
from app.exchange.plan import build_entries, find_current, kind_class, undecided_problem
from app.gc_pause import collector_paused
from app.services import audit
from app.services.context import Actor, Changes, publish
from app.services.members import id_number_conflict, is_live_id_clash
from app.services.row_ids import number_new_rows
from app.services.versions import write_lock

Progress = Callable[[int, int], None]  # (records done, records in all)


class ImportRefusedError(AppError):
    """The import was refused and nothing was written; ``problems`` says why, row by row."""

    def __init__(self, message: str, problems: list[Problem], entries: list[Entry],
                 fates: list[RowFate] | None = None) -> None:
        super().__init__(message)
        self.problems = problems
        self.entries = entries
        self.fates = fates or []  # every row of the file: what became of it, and why
        self.error_book: Path | None = None
        self.error_book_note = ""  # where the error workbook went, when not beside the file


class _CancelledError(Exception):
    pass


_BATCH = 200  # new records written per flush


class _Backup:
    """The backup before an import, made while the import reads and checks the file.

    ``start`` copies the database in a thread as soon as the import begins — before the
    file is read — and verifies the copy with ``quick_check`` (``copy_problems`` says why
    that is sound for a fresh online copy). The copy becomes a backup (named, and counted
    in the rotation) only in ``publish``, once every record has passed its checks: a
    refused, cancelled or failed import discards it, so refusals never push a real
    pre-import backup out of the rotation.

    The copy is the database as last committed when the thread started. The import takes
    SQLite's write lock (``write_lock``) before it reads anything for its checks and holds
    it until it commits, so nothing can be committed between that moment and the import's
    commit; ``publish`` asks whether anything was committed between the copy's snapshot and
    that moment (``data_version``: another clerk saving in the meantime) and, if so, copies
    again — under the lock, so the new copy is exactly the database before the import. The
    import commits only after ``publish``."""

    def __init__(self, db: Database, enabled: bool) -> None:
        self.path: Path | None = None
        self._db = db
        self.enabled = enabled and db.is_sqlite and db.file_path is not None
        self._pending: PendingBackup | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.enabled and self._thread is None and self._pending is None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._pending = self._copy()
        except BaseException as exc:  # handed to the importing thread by ``publish``
            self._error = exc

    def _copy(self) -> PendingBackup:
        return prepare_database_backup(self._db, "before-import", quick=True, track_source=True)

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def publish(self) -> None:
        """Wait for the verified copy and make it the pre-import backup (called under the
        import's write lock)."""
        self._join()
        try:
            if self._error is not None:
                error, self._error = self._error, None
                raise error
            if self._pending is not None and self._pending.source_changed():
                stale, self._pending = self._pending, None
                stale.discard()  # another clerk committed after the copy: copy again
                self._pending = self._copy()
            if self._pending is not None:
                pending, self._pending = self._pending, None
                self.path = pending.publish()
        except AppError as exc:
            raise AppError(f"导入前的备份没有完成，导入未进行：{exc}") from exc

    def discard(self) -> None:
        """The import did not commit: the copy never becomes a backup."""
        self._join()
        self._error = None
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.discard()


def _flush(session: Any, ctx: Context, importer: ImportKind, actor: Actor) -> None:
    """Write the pending records, then what needs their ids (child rows, audit entries);
    each table's new rows in one statement (``write_batch``, ``number_new_rows``)."""
    importer.write_batch(session, actor, ctx)
    number_new_rows(session)
    session.flush()
    pending, ctx.after_flush = ctx.after_flush, []
    for finish in pending:
        finish()
    number_new_rows(session)
    session.flush()


def _refuse(plan: ImportPlan, entries: list[Entry], error_book: bool | Path,
            fates: list[RowFate] | None = None) -> None:
    problems = list(plan.problems) + [p for e in entries for p in e.errors]
    if plan.missing:
        message = "无法导入：" + "；".join(str(p) for p in plan.problems if not p.warning)
    else:
        message = (f"导入未进行：{len(entries)}条记录有错误，没有写入任何记录。请改正后重新导入，"
                   "或选择只导入无误的记录。")
        if fates:
            message += fates_text(fates) + "。"
    exc = ImportRefusedError(message, problems, entries, fates)
    if entries and error_book:
        exc.error_book, exc.error_book_note = save_error_book(
            plan, entries, error_book if isinstance(error_book, Path) else None, fates or [])
    raise exc


def apply(db: Database, plan: ImportPlan, actor: Actor, *, skip_invalid: bool = False,
          duplicates: DuplicateAction = "update", progress: Progress | None = None,
          should_cancel: Callable[[], bool] | None = None, error_book: bool | Path = True,
          backup: bool = True) -> ImportResult:
    """Write the plan's records: all of them, or (``skip_invalid``) the valid ones only.

    A record that repeats an existing one updates it, or is skipped (``duplicates``, or the
    entry's own ``action``). Blank cells never clear stored values on an update. Rejected
    records go to an error workbook (``error_book``: a path, True for one next to the file,
    False for none). Raises ``ImportRefusedError`` when it refuses; returns a cancelled
    result, with nothing written, when ``should_cancel`` answers True.
    """
    actor.require_write()
    return _apply(db, plan, actor, _Backup(db, backup), skip_invalid=skip_invalid,
                  duplicates=duplicates, progress=progress, should_cancel=should_cancel,
                  error_book=error_book)


def _apply(db: Database, plan: ImportPlan, actor: Actor, saving: _Backup, *,
           skip_invalid: bool, duplicates: DuplicateAction, progress: Progress | None,
           should_cancel: Callable[[], bool] | None, error_book: bool | Path) -> ImportResult:
    """``apply`` with the backup made by ``saving`` (started here, or already by
    ``import_file`` before it read the file); ``saving`` is discarded unless it commits."""
    try:
        if plan.missing or (plan.invalid and not skip_invalid):
            _refuse(plan, plan.invalid, error_book,
                    _refused_fates(db, plan) if plan.entries else None)
    except BaseException:
        saving.discard()
        raise
    result = ImportResult()
    importer = kind_class(plan.kind)(db)
    choices = {e.row: (e.action, e.target) for e in plan.entries if e.action}
    changes = Changes()
    failed: list[Entry] = []
    written: list[tuple[Any, bool, Entry]] = []  # (record, created, entry)
    outcomes: list[tuple[Entry, Fate, str]] = []
    total = 0
    saving.start()
    try:
        with db.session() as session:
            if saving.enabled:  # no other writer commits before this import (see _Backup)
                write_lock(session)
            ctx = Context(Lookups(session, keep_members=importer.names_members),
                          dict(plan.labels), actor=actor)
            entries = build_entries(importer, plan.lines, ctx)
            total = len(entries)
            order = sorted(range(len(entries)), key=lambda i: (importer.order(entries[i]), i))
            # new records are flushed in batches: checks must not flush them one by one
            def quiet() -> Any:
                return nullcontext() if importer.flush_each else session.no_autoflush

            for done, index in enumerate(order):
                if should_cancel is not None and should_cancel():
                    raise _CancelledError
                if progress is not None:
                    progress(done, total)
                entry = entries[index]
                entry.action, entry.target = choices.get(entry.row, (None, None))
                with quiet():
                    current = find_current(importer, session, entry, ctx)
                    exact = entry.action if entry.action in ("update", "skip") else duplicates
                    if (entry.duplicate and not entry.possible and exact == "skip") or (
                            entry.possible and entry.action == "skip"):
                        result.skipped.append(entry)
                        outcomes.append((entry, "跳过", outcome_reason(importer, entry, "跳过")))
                        continue
                    if entry.possible and entry.action is None:  # nobody chose: refused
                        entry.problems.append(undecided_problem(importer, entry))
                    prepared = importer.validate(session, entry, ctx, current) \
                        if entry.valid else None
                if not entry.valid:
                    (result.rejected if skip_invalid else failed).append(entry)
                    outcomes.append((entry, "拒绝", outcome_reason(importer, entry, "拒绝")))
                    continue
                if failed:  # the transaction is rolled back; only report the others
                    outcomes.append((entry, "拒绝", outcome_reason(importer, entry, "拒绝",
                                                                   refused=True)))
                    continue
                obj, change = importer.write(session, actor, entry, prepared, current, ctx)
                if current is not None and not ctx.changed:
                    result.unchanged.append(obj.id)
                    outcomes.append((entry, "跳过", outcome_reason(importer, entry, "跳过")))
                    continue
                written.append((obj, current is None, entry))
                changes.merge(change)
                if len(ctx.after_flush) + len(ctx.batch) >= _BATCH:
                    _flush(session, ctx, importer, actor)
            if failed:  # raising inside the transaction rolls every write back
                for _obj, _created, done_entry in written:  # nothing of it is kept
                    outcomes.append((done_entry, "拒绝", outcome_reason(
                        importer, done_entry, "拒绝", refused=True)))
                _refuse(plan, failed, error_book, row_fates(plan, importer, outcomes))
            _flush(session, ctx, importer, actor)
            for obj, created, done_entry in written:
                (result.created if created else result.updated).append(obj.id)
                changes.add(importer.rtype.entity, obj.id)
                fate: Fate = "新增" if created else "更新"
                outcomes.append((done_entry, fate, outcome_reason(importer, done_entry, fate)))
            result.fates = row_fates(plan, importer, outcomes)
            audit.record(session, actor, AuditAction.IMPORT, importer.rtype, None,
                         f"从“{plan.path.name}”导入{importer.label}：新增{len(result.created)}条，"
                         f"更新{len(result.updated)}条，无变化{len(result.unchanged)}条，"
                         f"跳过{len(result.skipped)}条，"
                         f"有错误未导入{len(result.rejected)}条")
            saving.publish()  # every check has passed; the commit follows a verified backup
    except StaleDataError as exc:
        # a record the import updates was changed by another clerk between the moment the
        # import read it and its write (UPDATE … WHERE version = the version read)
        raise ConflictError(
            f"导入未完成：导入过程中其他用户修改了要更新的{importer.label}记录。为免覆盖对方的修改，"
            "本次导入没有写入任何记录，请重新导入。") from exc
    except _CancelledError:
        return ImportResult(cancelled=True)
    except IntegrityError as exc:  # another clerk saved the same record meanwhile
        if is_live_id_clash(exc):
            raise id_number_conflict(db, exc) from exc
        raise ConflictError(f"导入未进行：另一位用户刚刚保存了编号或名称相同的{importer.label}，"
                            "本次没有写入任何记录。请稍后重新导入。") from exc
    finally:
        with suppress(Exception):  # refused, cancelled or failed: the copy is no backup
            saving.discard()
    result.backup = saving.path
    if progress is not None:
        progress(total, total)
    publish(changes)
    if result.rejected and error_book:  # the rows are committed: a file fault is only noted
        result.error_book, result.error_book_note = save_error_book(
            plan, result.rejected, error_book if isinstance(error_book, Path) else None,
            result.fates)
    return result


def _refused_fates(db: Database, plan: ImportPlan) -> list[RowFate]:
    """The fates of a previewed plan refused before writing: nothing is written."""
    importer = kind_class(plan.kind)(db)
    return row_fates(plan, importer, [
        (e, "拒绝", outcome_reason(importer, e, "拒绝", refused=True)) for e in plan.entries])


def import_file(db: Database, path: Path | str, kind: str, actor: Actor, *,
                mapping: dict[str, str] | None = None, skip_invalid: bool = False,
                duplicates: DuplicateAction = "update", progress: Progress | None = None,
                should_cancel: Callable[[], bool] | None = None,
                error_book: bool | Path = True) -> ImportResult:
    """Import a workbook without a preview (the command line): the rows are read once and
    checked once, inside the writing transaction. Refuses like ``apply``."""
    from app.exchange.plan import analyse

    actor.require_write()
    saving = _Backup(db, True)
    with collector_paused():  # see app/gc_pause.py
        saving.start()  # the copy is made while the file is read (see _Backup)
        try:
            plan = analyse(db, path, kind, mapping, check=False)
        except BaseException:
            saving.discard()
            raise
        result = _apply(db, plan, actor, saving, skip_invalid=skip_invalid,
                        duplicates=duplicates, progress=progress,
                        should_cancel=should_cancel, error_book=error_book)
        del plan  # freed before the collector runs again: it then walks only the result
    return result
