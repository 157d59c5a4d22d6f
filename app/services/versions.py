"""The version a write carries: every update, delete, restore, purge and workflow step says
which version of the record it read (optimistic locking, see ``RecordService._locked``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

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


__all__ = ["Versions", "require_version", "require_versions", "versions_of"]
