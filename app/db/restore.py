"""Restoring a SQLite database from a backup, after a safety copy of the current file.

Split from :mod:`app.db.backup` (which makes, lists, rotates and verifies backups); the
final file move is :func:`app.db.backup.move_into_place` for both.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

from app import config, fileio
from app.db.backup import (
    SQLITE_TIMEOUT,
    PendingBackup,
    free_name,
    integrity_problems,
    move_into_place,
    online_copy,
    prepare_backup,
    sqlite_uri,
    unlink_quietly,
    verify_backup,
)
from app.db.engine import check_local_path
from app.db.health import diagnose
from app.db.watch import NO_WATCH, BackupCancelledError, Watch
from app.domain.enums import BackupKind
from app.errors import AppError, StorageError

log = logging.getLogger(__name__)


def restore_backup(
    backup_path: Path, db_path: Path, *, safety_dir: Path | None = None,
    watch: Watch = NO_WATCH,
) -> Path | None:
    """Replace the SQLite file ``db_path`` by the backup ``backup_path``.

    The backup is verified first; then the current file, if any, is itself backed up
    (reason ``before-restore``, into ``safety_dir`` or ``config.backup_dir()``), and only then
    replaced. Returns the path of that safety backup (None when there was no current file).

    Everything up to the replacement only makes temporary copies: 取消 (``watch``) or a
    failure there leaves the database and the backup folder as they were. The safety copy
    gets its backup name, and the restored file its place, in the last step, which cannot
    be cancelled (``watch.final``).

    Callers must have disposed every engine on ``db_path`` first (``Database.dispose()``):
    the file is swapped underneath, and a connection left open would keep writing into the
    old file or its ``-wal``. A database still open elsewhere (another window or program)
    is detected through its ``-wal`` file and refused.
    """
    backup_path = Path(backup_path)
    db_path = Path(db_path)
    check_local_path(db_path)
    watch.step("正在校验要恢复的备份……", 0.0)
    verify_backup(backup_path, watch)
    if backup_path.resolve() == db_path.resolve():
        raise StorageError("要恢复的备份就是当前数据库文件本身。")

    pending: PendingBackup | None = None  # the safety copy, named in the last step
    safety: Path | None = None
    temp = db_path.with_name(f"{db_path.name}.{os.getpid()}.restoring")
    try:
        if db_path.exists():
            watch.step("正在另存当前数据库（“恢复前”备份）……", 0.3)
            damage = diagnose(db_path)
            if damage is None:
                _checkpoint_and_check_unused(db_path)
                pending, safety = _safety_copy(db_path, safety_dir, watch.part(0.3, 0.6))
            else:  # keep the damaged file exactly as found: no checkpoint of a foreign -wal
                log.warning("restoring over damaged %s: %s", db_path, damage)
                safety = _raw_copy(db_path, safety_dir)
        copying = "正在复制备份中的数据……"
        watch.step(copying, 0.6)
        online_copy(backup_path, temp, watch.part(0.6, 0.7), copying)
        watch.step("正在校验复制的数据……", 0.7)
        problems = integrity_problems(temp, watch)
        if problems:
            raise StorageError(f"恢复时复制的数据未通过完整性检查：{'；'.join(problems[:5])}")
        watch.final("正在替换数据库文件（这一步不能取消）……", 0.9)
        if pending is not None:
            safety = pending.publish()
            pending = None
        for leftover in _sidecars(db_path):  # a stale -wal would be replayed into the new file
            leftover.unlink(missing_ok=True)
        move_into_place(temp, db_path)
    except sqlite3.Error as exc:
        _drop_safety(pending, safety, watch)
        raise StorageError(f"从备份“{backup_path}”恢复失败：{exc}") from exc
    except OSError as exc:
        _drop_safety(pending, safety, watch)
        raise StorageError(
            f"无法替换数据库文件“{db_path}”：{exc}。请关闭正在使用它的程序后重试。"
        ) from exc
    except BaseException:
        _drop_safety(pending, safety, watch)
        raise
    finally:
        unlink_quietly(temp)
        unlink_quietly(Path(f"{temp}-journal"))
    log.info("restored %s from %s (previous file saved as %s)", db_path, backup_path, safety)
    return safety


def _drop_safety(pending: PendingBackup | None, safety: Path | None, watch: Watch) -> None:
    """Before the last step nothing changed: the safety copy not yet named is deleted, and
    a raw copy of a damaged file too when the clerk cancelled (a failure keeps it: the
    damaged file may yet be lost another way)."""
    if pending is not None:
        pending.discard()
    elif safety is not None and not watch.final_reached and watch.cancelled():
        unlink_quietly(safety)
        unlink_quietly(Path(f"{safety}-wal"))




def _sidecars(db_path: Path) -> list[Path]:
    return [Path(f"{db_path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def _checkpoint_and_check_unused(db_path: Path) -> None:
    """Fold the ``-wal`` into the file and make sure nobody else has the database open.

    When the last connection to a WAL database closes, SQLite checkpoints and deletes the
    ``-wal`` file; if it is still there after our own open and close, someone else holds
    the database.
    """
    wal = Path(f"{db_path}-wal")
    try:
        con = sqlite3.connect(sqlite_uri(db_path, "rw"), uri=True, timeout=SQLITE_TIMEOUT)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    except sqlite3.Error as exc:  # a damaged file: nothing to fold in, restore anyway
        log.warning("checkpoint of %s before restore failed: %s", db_path, exc)
        return
    if wal.exists():
        raise StorageError(
            f"数据库“{db_path}”正被其他窗口或程序使用，不能恢复。请先关闭它们后重试。"
        )


def _safety_copy(db_path: Path, safety_dir: Path | None, watch: Watch
                 ) -> tuple[PendingBackup | None, Path | None]:
    """A verified copy of the file about to be replaced, to be named when it is replaced
    (pending, None); a file that fails verification is kept as a raw copy (None, path)."""
    try:
        return prepare_backup(db_path, BackupKind.BEFORE_RESTORE.value, safety_dir,
                              watch=watch), None
    except BackupCancelledError:
        raise
    except StorageError as exc:
        log.warning("verified backup of %s failed (%s); keeping a raw copy", db_path, exc)
    return None, _raw_copy(db_path, safety_dir)


def _raw_copy(db_path: Path, safety_dir: Path | None) -> Path:
    """The file byte for byte (with its ``-wal``), for a damaged database about to be
    replaced: a specialist may still recover data from it."""
    dest_dir = Path(safety_dir) if safety_dir is not None else config.backup_dir()
    # Not a verified copy, so it must not carry a backup name (list_backups ignores it).
    target = free_name(dest_dir, "before-restore", dt.datetime.now()).with_suffix(".damaged")
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        fileio.copy_file(db_path, target)
        wal = Path(f"{db_path}-wal")
        if wal.exists():
            fileio.copy_file(wal, Path(f"{target}-wal"))
    except (OSError, AppError) as exc:
        raise StorageError(f"无法保存当前数据库“{db_path}”的副本，未恢复：{exc}") from exc
    return target


