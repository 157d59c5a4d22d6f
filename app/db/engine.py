"""Opening a database: URL resolution, SQLite pragmas, network-drive refusal, sessions."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app import config
from app.errors import StorageError


def resolve_url(path_or_url: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from what the user typed: nothing, a file path, or a URL."""
    if path_or_url is None or str(path_or_url) == "":
        return f"sqlite:///{config.default_db_path()}"
    text = str(path_or_url)
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


def _is_network_path(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0]
        if drive:
            drive_remote = 4
            return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)
    return False


def check_local_path(path: Path) -> None:
    """SQLite locking is unsafe on network file systems (sqlite.org/useovernet.html)."""
    if _is_network_path(path):
        raise StorageError(
            f"数据库文件“{path}”位于网络共享位置。SQLite 数据库在网络驱动器上可能损坏，"
            "请把数据库放在本机磁盘上；多人共用数据请改用 PostgreSQL 服务器。"
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
            from app.db.faults import write_failure

            message = write_failure(exc, self.display_location())
            if message is None:
                raise
            raise StorageError(message) from exc

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reading only."""
        with self._factory() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    path_or_url: str | os.PathLike[str] | None = None,
    *,
    migrate: bool = True,
    seed: bool = True,
) -> Database:
    """Open (creating if needed) a database, bring its schema to the head revision with a
    backup first, and seed the reference lists of a new database."""
    from app.db.migrate import ensure_schema

    url = resolve_url(path_or_url)
    db = Database(url, make_engine(url))
    if migrate:
        ensure_schema(db)
    if seed:
        from app.services.seed import ensure_reference_data

        ensure_reference_data(db)
    return db
