"""Moving the data folder (database, backups, templates, settings) to another place.

Offices move it to D: when drive C: is reset at every reboot (还原卡) or is small. The move
copies everything, checks every copy (the database with SQLite's integrity check and the row
count of every table, other files byte for byte), and only then switches: the pointer file
``data-location.txt`` in the default data folder names the new place, and ``app.config``
reads it at the next start. The old folder is left as it was, with a note saying where the
data went; a move that fails removes what it copied and changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app import config, fileio
from app.db.backup import integrity_problems
from app.db.engine import Database, is_network_path
from app.errors import AppError, FileWriteError, StorageError, clip
from app.paths import check_length, longest_inside, sync_folder_of
from app.services.context import Actor

log = logging.getLogger(__name__)

#: the folder created inside a chosen folder that already holds other things
SUBFOLDER = "政协履职工作台数据"
NOTE_NAME = "数据已移走.txt"
DB_NAME = "zxlz.sqlite"
_SKIP_SUFFIXES = ("-wal", "-shm", "-journal", ".part", ".tmp")
_SKIP_DIRS = {"logs"}

Progress = Callable[[str, float], None]


class SyncFolderError(AppError):
    """The target is inside a sync folder: the clerk must confirm (``accept_sync=True``)."""

    def __init__(self, message: str, client: str) -> None:
        super().__init__(message)
        self.client = client


@dataclass
class MovePlan:
    source: Path
    target: Path
    files: list[Path] = field(default_factory=list)  # relative to source, database excluded
    database: Path | None = None  # the open SQLite file, when it lives in the data folder
    size: int = 0
    sync_client: str | None = None


@dataclass
class MoveResult:
    target: Path
    files: int
    size: int
    database: Path | None


def sync_warning(folder: Path, client: str) -> str:
    return (f"“{clip(folder, 60)}”在{client}的同步文件夹中。同步程序会在本程序写入时上传和锁定"
            "文件，可能使保存失败，甚至产生数据库的冲突副本而丢失录入的内容。建议选择不同步的"
            "文件夹（如 D:\\政协资料）。")


def current_warning() -> str | None:
    """A warning when the data folder in use sits in a sync folder (shown in 系统设置)."""
    folder = config.data_dir()
    client = sync_folder_of(folder)
    return sync_warning(folder, client) if client else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _table_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=30)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: int(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
    finally:
        con.close()


def _is_empty(folder: Path) -> bool:
    """Nothing in ``folder`` but the pointer, the note, logs and leftover temporaries."""
    return all(child.name in (config.POINTER_NAME, NOTE_NAME, *_SKIP_DIRS)
               or child.name.startswith(fileio.PREFIX) for child in folder.iterdir())


class DataFolderService:
    """Where the data folder is, and moving it (administrators only)."""

    def __init__(self, db: Database | None) -> None:
        self.db = db

    @staticmethod
    def current() -> Path:
        return config.data_dir()

    @staticmethod
    def is_moved() -> bool:
        return config.moved_data_dir() is not None

    def plan(self, chosen: Path | str) -> MovePlan:
        """Check a target and list what would be copied; an AppError names any refusal."""
        chosen = Path(chosen)
        if not chosen.is_absolute():
            raise AppError(f"请选择一个完整的文件夹位置（如 D:\\政协资料），"
                           f"而不是“{clip(chosen)}”。")
        source = self.current().resolve()
        target = chosen.resolve()
        if target.exists() and not target.is_dir():
            raise AppError(f"“{clip(target, 60)}”是一个文件，不是文件夹。")
        if target == source:
            raise AppError("选择的就是现在的数据文件夹，不用移动。")
        home = config.default_data_dir().resolve()
        if target == home and not _is_empty(target):
            raise AppError(f"默认数据文件夹“{clip(target, 60)}”中还有以前的数据。请先把其中的"
                           "文件移到别处（或删除），再移回这里。")
        if target.is_dir() and not _is_empty(target):
            target = target / SUBFOLDER
            if target.exists() and (not target.is_dir() or not _is_empty(target)):
                raise AppError(f"“{clip(target, 60)}”已存在且不是空文件夹。请选一个空文件夹。")
        if source in target.parents:
            raise AppError(f"不能移到现在的数据文件夹里面（{clip(source, 60)}）。请选另一个位置。")
        if is_network_path(target):
            raise AppError(f"“{clip(target, 60)}”位于网络共享位置。数据库放在网络驱动器上可能损坏，"
                           "请选择本机磁盘上的文件夹。")
        plan = MovePlan(source=source, target=target, sync_client=sync_folder_of(target))
        db_file = self.db.file_path if self.db is not None and self.db.is_sqlite else None
        if db_file is not None and db_file.resolve().parent == source:
            plan.database = db_file.resolve()
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source)
            if (not path.is_file() or path.is_symlink() or rel.parts[0] in _SKIP_DIRS
                    or path.name.startswith(fileio.PREFIX) or path.name.endswith(_SKIP_SUFFIXES)
                    or rel == Path(config.POINTER_NAME) or rel == Path(NOTE_NAME)
                    or (plan.database is not None and path == plan.database)):
                continue
            plan.files.append(rel)
            plan.size += path.stat().st_size
        if plan.database is not None:
            plan.size += plan.database.stat().st_size
        check_length(longest_inside(target, [*plan.files, Path(DB_NAME)]), "移动数据")
        self._check_room(plan)
        return plan

    @staticmethod
    def _check_room(plan: MovePlan) -> None:
        existing = plan.target
        while not existing.exists():
            existing = existing.parent
        if not fileio.writable(existing):
            raise AppError(f"不能在“{clip(existing, 60)}”中建立文件（没有写入权限或是只读的位置），"
                           "请选另一个文件夹。")
        need = int(plan.size * 1.1) + 20_000_000
        free = shutil.disk_usage(existing).free
        if free < need:
            raise AppError(f"“{clip(existing, 60)}”所在磁盘只剩 {free / 1e6:.0f} MB，"
                           f"数据需要约 {need / 1e6:.0f} MB。请清理磁盘或换一个位置。")

    def move(self, chosen: Path | str, actor: Actor, *, accept_sync: bool = False,
             progress: Progress | None = None) -> MoveResult:
        """Copy, verify, switch. Takes effect at the next start (the caller restarts)."""
        actor.require_admin("移动数据文件夹")
        plan = self.plan(chosen)
        if plan.sync_client and not accept_sync:
            raise SyncFolderError(sync_warning(plan.target, plan.sync_client), plan.sync_client)
        report = progress or (lambda _m, _f: None)
        created = not plan.target.exists()
        try:
            plan.target.mkdir(parents=True, exist_ok=True)
            self._copy(plan, report)
            if plan.target == config.default_data_dir().resolve():
                config.pointer_file().unlink(missing_ok=True)  # back home: no pointer
            else:
                fileio.write_text(config.pointer_file(), f"{plan.target}\n")
        except BaseException:
            self._undo(plan, created)
            raise
        self._leave_note(plan)
        log.info("data folder moved by %s: %s -> %s (%d files, %d bytes)", actor.username,
                 plan.source, plan.target, len(plan.files), plan.size)
        return MoveResult(plan.target, len(plan.files), plan.size,
                          plan.target / DB_NAME if plan.database is not None else None)

    def _copy(self, plan: MovePlan, report: Progress) -> None:
        done = 0
        total = max(plan.size, 1)
        if plan.database is not None:
            report("正在复制数据库……", 0.0)
            self._copy_database(plan.database, plan.target / DB_NAME)
            done += plan.database.stat().st_size
        for rel in plan.files:
            src, dst = plan.source / rel, plan.target / rel
            report(f"正在复制 {rel.as_posix()}", done / total)
            try:
                dst.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise fileio.file_error(exc, dst.parent, "建立") from exc
            fileio.copy_file(src, dst)
            if _sha256(src) != _sha256(dst):
                raise StorageError(f"复制后的“{clip(dst, 60)}”与原文件不一致，数据文件夹没有移动。")
            done += src.stat().st_size
        report("已复制并核对全部文件。", 1.0)

    @staticmethod
    def _copy_database(source: Path, dest: Path) -> None:
        part = fileio.temp_path(dest)
        try:
            src = sqlite3.connect(f"file:{source.as_posix()}?mode=rw", uri=True, timeout=30)
            try:
                out = sqlite3.connect(part, timeout=30)
                try:
                    src.backup(out)  # a consistent snapshot, while the program has it open
                    out.execute("PRAGMA journal_mode=DELETE")
                    out.commit()
                finally:
                    out.close()
            finally:
                src.close()
            problems = integrity_problems(part)
            if problems:
                raise StorageError("复制的数据库未通过完整性检查，数据文件夹没有移动："
                                   + "；".join(problems[:3]))
            if _table_counts(part) != _table_counts(source):
                raise StorageError("复制的数据库与原数据库的记录数不一致，数据文件夹没有移动。")
            fileio.replace_file(part, dest, "复制")
        except sqlite3.Error as exc:
            raise StorageError(f"复制数据库失败，数据文件夹没有移动：{exc}") from exc
        except OSError as exc:
            raise fileio.file_error(exc, dest, "复制") from exc
        finally:
            if part.exists():
                part.unlink()

    @staticmethod
    def _undo(plan: MovePlan, created: bool) -> None:
        """Remove what this move copied (the target was new or empty)."""
        if created:
            shutil.rmtree(plan.target, ignore_errors=True)
            return
        for rel in [*plan.files, Path(DB_NAME)]:
            (plan.target / rel).unlink(missing_ok=True)
        for folder in sorted((p for p in plan.target.rglob("*") if p.is_dir()),
                             key=lambda p: len(p.parts), reverse=True):
            if not any(folder.iterdir()):  # made by this move (the target held no folders)
                folder.rmdir()

    @staticmethod
    def _leave_note(plan: MovePlan) -> None:
        try:
            fileio.write_text(plan.source / NOTE_NAME,
                              f"本程序的数据已移到：\n{plan.target}\n\n这个文件夹中的旧文件没有删除，"
                              "确认新位置的数据完好后可以删除。\n")
        except (AppError, FileWriteError, OSError) as exc:  # only a courtesy note
            log.warning("could not leave a note in %s: %s", plan.source, exc)
