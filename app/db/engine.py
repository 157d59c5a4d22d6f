"""Opening a database: URL resolution, SQLite pragmas, network-drive refusal, sessions."""

from __future__ import annotations

import ntpath
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app import config
from app.db.faults import write_failure
from app.errors import StorageError


def resolve_url(path_or_url: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from what the user typed: nothing, a file path, or a URL."""
    if path_or_url is None or str(path_or_url) == "":
        return f"sqlite:///{config.default_db_path()}"
    text = str(path_or_url)
    if "://" not in text:
        check_local_path(text)  # before Path() turns //server/share into /server/share
    if "://" in text:
        if text.startswith("postgresql://"):  # psycopg 3 is the driver we ship
            text = "postgresql+psycopg://" + text.removeprefix("postgresql://")
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "ncpfs", "9p", "afs", "ceph", "coda",
    "glusterfs", "lustre", "gpfs", "davfs", "ocfs2", "gfs2", "fuse.sshfs", "sshfs",
    "fuse.glusterfs", "fuse.cephfs", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.rclone",
    "fuse.s3fs", "fuse.smbnetfs", "fuse.curlftpfs",
})
"""Filesystem types (``/proc/self/mountinfo``) whose locking SQLite cannot rely on."""

MOUNTINFO = Path("/proc/self/mountinfo")
DRIVE_REMOTE = 4  # GetDriveTypeW


def is_unc_path(text: str) -> bool:
    r"""``\\server\share``, ``//server/share`` or ``\\?\UNC\…``, before any normalisation."""
    if text.startswith(("\\\\?\\", "//?/")):
        return text[4:].upper().startswith("UNC")
    return len(text) > 2 and text[:2] in ("\\\\", "//", "\\/", "/\\") and text[2] not in "/\\"


def _read_mountinfo() -> str:
    try:
        return MOUNTINFO.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _unescape_mount(text: str) -> str:
    """Mount points in mountinfo escape space, tab, newline and backslash as ``\\ooo``."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def mount_filesystem(path: Path, mountinfo: str) -> str | None:
    """The filesystem type of the mount holding ``path`` (longest mount-point prefix)."""
    best: tuple[int, str] | None = None
    target = str(path)
    for line in mountinfo.splitlines():
        fields = line.split(" ")
        if "-" not in fields[6:]:
            continue
        sep = fields.index("-", 6)
        if len(fields) <= sep + 1 or len(fields) < 5:
            continue
        point = _unescape_mount(fields[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), fields[sep + 1])  # later mounts over the same point win
    return best[1] if best else None


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def is_network_path(
    path: Path | str,
    *,
    platform: str | None = None,
    read_mountinfo: Callable[[], str] | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> bool:
    """Whether ``path`` is on a network share: a UNC path, a mapped network drive (Windows),
    or a network filesystem mount (Linux). ``read_mountinfo`` and ``drive_type`` are
    parameters so tests can pretend to be on a mounted share or on Windows."""
    text = os.fspath(path)
    platform = platform or sys.platform
    if is_unc_path(text):
        return True
    if platform == "win32":
        drive = ntpath.splitdrive(text if ntpath.isabs(text) else str(Path(text).resolve()))[0]
        if is_unc_path(drive):
            return True
        if len(drive) == 2 and drive[1] == ":":
            probe = drive_type or _windows_drive_type
            return probe(drive + "\\") == DRIVE_REMOTE
        return False
    if platform.startswith("linux"):
        mounts = (read_mountinfo or _read_mountinfo)()
        fstype = mount_filesystem(Path(text).resolve(), mounts)  # symlinks followed
        return fstype is not None and fstype.lower() in NETWORK_FILESYSTEMS
    return False


def check_local_path(path: Path | str) -> None:
    """SQLite locking is unsafe on network file systems (sqlite.org/useovernet.html)."""
    if is_network_path(path):
        raise StorageError(
            f"数据库文件“{path}”位于网络共享位置。SQLite 数据库放在网络驱动器上可能损坏，"
            "请把数据库放在本机磁盘上；多人共用数据请改用 PostgreSQL 服务器"
            "（用 --db postgresql://用户名:密码@服务器/数据库名 打开）。"
        )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Switching a new file to WAL needs a moment of exclusive access; two programs opening a
    # brand-new file at once can collide, so only switch when needed and retry briefly.
    for attempt in range(20):
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() in ("wal", "memory"):
            break
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if attempt == 19:
                raise
            time.sleep(0.05)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        check_local_path(path)
        if not path.parent.exists():
            raise StorageError(f"数据库所在的文件夹“{path.parent}”不存在。")
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("sqlite"):
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Database:
    """An open database: the engine and a session factory whose objects stay usable detached."""

    url: str
    engine: Engine

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def file_path(self) -> Path | None:
        return sqlite_path(self.url)

    def display_location(self) -> str:
        """Where the data is, for the status bar and messages (passwords hidden)."""
        path = self.file_path
        if path is not None:
            return str(path)
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error. A write the disk
        refuses (full, read-only) becomes a ``StorageError`` with a plain message."""
        try:
            with self._factory() as session, session.begin():
                yield session
        except DBAPIError as exc:
            message = write_failure(exc, self.display_location())
            if message is None:
                raise
            raise StorageError(message) from exc

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reading only."""
        with self._factory() as session:
            yield session

    def refresh_statistics(self) -> None:
        """Refresh SQLite's query-planner statistics (``ANALYZE``, sampled).

        Without them SQLite picks ``ix_events_deleted_at`` (almost every row) over
        ``ix_events_start_on`` for “live events of 2025”, and each period query scans every
        event: three times slower at city scale (issue 15). With ``analysis_limit`` the
        refresh samples each index and takes about 15 ms on the city-decade database.
        PostgreSQL keeps its own statistics (autovacuum). A database that is busy or
        read-only keeps its old statistics: this is only an optimisation."""
        if not self.is_sqlite:
            return
        try:
            with self.engine.connect() as conn:
                waited = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
                conn.exec_driver_sql("PRAGMA busy_timeout=100")  # never hold up the opening
                try:
                    conn.exec_driver_sql("PRAGMA analysis_limit=1000")
                    conn.exec_driver_sql("ANALYZE")
                    conn.commit()
                finally:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(waited or 0)}")
        except DBAPIError:
            pass

    def dispose(self) -> None:
        self.engine.dispose()


def connect_database(path_or_url: str | os.PathLike[str] | None = None) -> Database:
    """A ``Database`` on the path or URL, as it is: no schema change, no reference data.

    Opening for work (schema brought to the head revision, reference lists seeded) is
    ``app.services.opening.open_database``, which starts with this."""
    url = resolve_url(path_or_url)
    return Database(url, make_engine(url))
