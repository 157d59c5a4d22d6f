"""The version a write carries: every update, delete, restore, purge and workflow step says
which version of the record it read (optimistic locking, see ``RecordService._locked``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

Versions = Mapping[int, int]  # record id → the version the caller read


def require_version(version: Any) -> int:
    """Refuse a write that does not say which version of the record it read.

    Every update, delete, restore and workflow step carries that version, so a write made
    on stale data is refused instead of silently overwriting another clerk's change.
    A missing version is a programming error, not a clerk's: ``TypeError``.
    """
    if isinstance(version, bool) or not isinstance(version, int):
        raise TypeError("a write must pass the version of the record it read "
                        f"(version=record.version), got {version!r}")
    return version


def require_versions(versions: Any) -> dict[int, int]:
    """``{id: version}`` for a write on several records (delete, restore)."""
    if not isinstance(versions, Mapping):
        raise TypeError("pass the version of each record: {record.id: record.version, …}, "
                        f"got {type(versions).__name__}")
    return {int(k): require_version(v) for k, v in versions.items()}


def versions_of(records: Iterable[Any]) -> dict[int, int]:
    """``{id: version}`` of records a caller read (for ``delete`` and ``restore``)."""
    return {r.id: r.version for r in records}


def write_lock(session: Session) -> None:
    """On SQLite, start the write transaction now (BEGIN IMMEDIATE, waiting up to the busy
    timeout for another writer), so that the version check and every read of the write see
    one state no other program can change before the commit. Python's sqlite3 module would
    otherwise begin only at the first INSERT/UPDATE, and the reads before it could mix two
    clerks' commits (a record at its old version with child rows already changed).
    PostgreSQL locks the record's row instead (``RecordService._locked``)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    raw = session.connection().connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        raw.execute("BEGIN IMMEDIATE")


__all__ = ["Versions", "require_version", "require_versions", "versions_of", "write_lock"]
