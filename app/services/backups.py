"""Backups and restore for the CLI and the client (系统设置 → 备份与恢复).

Works on the database *file*, so that a damaged database that cannot be opened can still be
listed and restored. PostgreSQL databases are backed up by the server (``pg_dump``); every
entry point says so instead of pretending.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.db.backup import (
    BackupInfo,
    backup_dir_for_path,
    backup_file,
    copy_backup,
    latest_sound_backup,
    list_backups,
    verify_backup,
)
from app.db.engine import Database, resolve_url, sqlite_path
from app.db.health import diagnose
from app.db.restore import restore_backup
from app.db.watch import NO_WATCH, Watch
from app.domain.enums import BackupKind
from app.errors import StorageError

log = logging.getLogger(__name__)


def postgres_message(location: str) -> str:
    return (f"数据库“{location}”在 PostgreSQL 服务器上：它的备份和恢复由服务器负责，"
            "请由服务器管理员用 pg_dump 备份、用 pg_restore 恢复。本程序只备份本机的数据库文件。")


def size_text(size: int) -> str:
    """1.8 MB, 640 KB: sizes the way a file manager shows them."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


@dataclass(frozen=True)
class BackupRow:
    """One backup as a clerk sees it."""

    info: BackupInfo

    @property
    def path(self) -> Path:
        return self.info.path

    @property
    def when(self) -> str:
        return self.info.created.strftime("%Y-%m-%d %H:%M:%S")

    @property
    def kind(self) -> str:
        return self.info.kind.label

    @property
    def size(self) -> str:
        return size_text(self.info.size)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None


class Backups:
    """The backups of one SQLite database file (which need not open)."""

    def __init__(self, db_file: Path) -> None:
        self.db_file = Path(db_file)

    @classmethod
    def for_location(cls, path_or_url: str | None) -> Backups:
        """For ``--db`` as typed (None: the default database); refuses PostgreSQL."""
        url = resolve_url(path_or_url)
        path = sqlite_path(url)
        if path is None:
            if url.startswith("sqlite"):
                raise StorageError("内存中的临时数据库没有备份。")
            from sqlalchemy.engine import make_url

            raise StorageError(postgres_message(make_url(url).render_as_string(
                hide_password=True)))
        return cls(path)

    @classmethod
    def for_database(cls, db: Database) -> Backups:
        if not db.is_sqlite or db.file_path is None:
            raise StorageError(postgres_message(db.display_location()) if not db.is_sqlite
                               else "内存中的临时数据库没有备份。")
        return cls(db.file_path)

    @property
    def folder(self) -> Path:
        return backup_dir_for_path(self.db_file)

    def rows(self) -> list[BackupRow]:
        """The backups, newest first."""
        return [BackupRow(info) for info in list_backups(self.folder)]

    def damage(self, *, full: bool = False) -> str | None:
        """What is wrong with the database file now (None: sound or not there)."""
        return diagnose(self.db_file, full=full)

    def create(self, watch: Watch = NO_WATCH) -> Path:
        """A verified backup a person asked for (never rotated away). ``watch``: progress
        and 取消 (``BackupCancelledError``, no file left)."""
        if not self.db_file.is_file():
            raise StorageError(f"数据库文件“{self.db_file}”不存在，无法备份。")
        watch.step("正在检查数据库……", 0.0)
        damage = self.damage()
        if damage is not None:
            raise StorageError(f"数据库“{self.db_file}”已损坏，不能备份：{damage}。")
        return backup_file(self.db_file, BackupKind.MANUAL.value, self.folder, keep=None,
                           watch=watch)

    def copy_to(self, backup: Path, folder: Path, watch: Watch = NO_WATCH) -> Path:
        """A verified copy of ``backup`` in ``folder`` (a USB drive, say); cancelled by
        ``watch``, nothing is left in ``folder``."""
        return copy_backup(self.find(backup), folder, watch=watch)

    def verify(self, backup: Path) -> None:
        verify_backup(self.find(backup))

    def latest_sound(self) -> BackupInfo | None:
        return latest_sound_backup(self.folder)

    def find(self, backup: Path | str) -> Path:
        """A backup given by its path, or by its bare file name in the backup folder."""
        path = Path(backup).expanduser()
        if path.is_file():
            return path
        if path.name == str(backup):
            in_folder = self.folder / path.name
            if in_folder.is_file():
                return in_folder
        raise StorageError(f"找不到备份文件“{backup}”。可以用 backup list 查看已有的备份。")

    def restore(self, backup: Path | str, watch: Watch = NO_WATCH) -> RestoreResult:
        """Replace the (closed) database file by ``backup``, after a safety copy; the result
        is checked again before this returns. Cancelled by ``watch`` before the last step,
        the database and the backup folder are as they were."""
        source = self.find(backup)
        safety = restore_backup(source, self.db_file, safety_dir=self.folder, watch=watch)
        damage = diagnose(self.db_file)  # restore_backup ran integrity_check on the copy
        if damage is not None:  # pragma: no cover - a disk failing right now
            raise StorageError(f"恢复后的数据库未通过检查：{damage}。当前文件的副本在“{safety}”。")
        return RestoreResult(source, safety)


RETURN_WAIT = 5.0  # seconds a query running elsewhere gets to finish before a restore


@contextmanager
def closed_to_other_threads(db: Database) -> Iterator[None]:
    """While the file is swapped, no connection stays open or opens to it: the client
    restores in a worker while its GUI thread keeps running, and a connection open meanwhile
    would hold the old file or leave a ``-wal`` beside the new one.

    A connection another thread asks for waits until the swap is done (and then opens the
    new file); one returned meanwhile (a query that was running) is closed, not kept in
    the pool. The calling thread connects as usual."""
    from sqlalchemy import event

    owner = threading.get_ident()
    done = threading.Event()

    def wait(*_args: Any) -> None:  # before the driver connects
        if threading.get_ident() != owner:
            done.wait()

    def close(_dbapi: Any, record: Any) -> None:
        if not done.is_set() and record is not None:
            record.invalidate()  # closed now; the record reconnects when next used

    event.listen(db.engine, "do_connect", wait)
    event.listen(db.engine, "checkin", close)
    try:
        yield
    finally:
        done.set()
        event.remove(db.engine, "do_connect", wait)
        event.remove(db.engine, "checkin", close)


def close_every_connection(db: Database, wait: float = RETURN_WAIT,
                           watch: Watch = NO_WATCH) -> None:
    """Inside :func:`closed_to_other_threads`: close the idle connections now and wait (at
    most ``wait`` seconds) for those other threads are using to come back and be closed;
    SQLite removes the ``-wal`` when the last one closes. A database still open after that
    (another program) is refused by the restore itself."""
    watch.step("正在关闭数据库连接……", 0.0)
    db.dispose()
    path = db.file_path
    if path is None:
        return
    wal = Path(f"{path}-wal")
    deadline = time.monotonic() + wait
    while wal.exists() and time.monotonic() < deadline:
        watch.check()
        time.sleep(0.02)


def restore_open_database(db: Database, backup: Path | str,
                          watch: Watch = NO_WATCH) -> RestoreResult:
    """Restore the database the client has open: close its connections, replace the file,
    reopen (bringing an older backup's schema up to date) and tell every page to reload.
    Cancelled by ``watch`` before the file is replaced, nothing changed."""
    from app.db.base import Base
    from app.db.migrate import ensure_schema
    from app.services.context import Changes, publish
    from app.services.seed import ensure_reference_data

    backups = Backups.for_database(db)
    with closed_to_other_threads(db):
        close_every_connection(db, watch=watch)  # the last one closed removes the -wal
        try:
            result = backups.restore(backup, watch)
        finally:
            db.dispose()  # cancelled or failed too: the next query opens the file afresh
        watch.report("正在重新打开数据库……", -0.95)
        ensure_schema(db)
        ensure_reference_data(db)
    publish(Changes({name: set() for name in Base.metadata.tables}))
    log.info("restored open database %s from %s", db.display_location(), result.restored_from)
    return result


def daily_backup_message(exc: Exception, db: Database) -> str:
    """What the clerk is told when the automatic daily backup fails."""
    return (f"今天的自动备份没有完成：{exc}\n\n数据库本身未受影响。请在“系统设置 → 备份与恢复”中"
            f"点“立即备份”重试；如果仍然失败，请检查磁盘空间，或把情况告诉技术支持人员。"
            f"\n数据库：{db.display_location()}")


def stamp_text(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
