"""Opening a database: SQLite pragmas, sessions (URL resolution and the network-drive refusal
are ``app.db.location``'s, re-exported here).

Only SQLAlchemy's Core is imported here: the ORM (``sqlalchemy.orm``, ~80 ms of CPU) loads
with the first session, so the client's start can open the database and sign the clerk in
before it (issue 15, ``app.services.start_reads``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.db.faults import write_failure
from app.db.location import (  # noqa: F401 - re-exported: opening a database checks these
    DRIVE_REMOTE,
    MOUNTINFO,
    NETWORK_FILESYSTEMS,
    check_local_path,
    is_network_path,
    is_unc_path,
    mount_filesystem,
    resolve_url,
)
from app.errors import StorageError

if TYPE_CHECKING:  # the ORM is imported with the first session (see the module's docstring)
    from sqlalchemy.orm import Session, sessionmaker


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


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
        self._sessions: sessionmaker[Session] | None = None

    def _factory(self) -> Session:
        """A new session; the factory (and with it the ORM) is made on the first call."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions()

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
