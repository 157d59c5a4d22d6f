"""The operation log's hash chain: tamper evidence for an append-only table.

Each entry stores ``prev_hash`` (the digest of the entry before it, by id) and ``entry_hash``
(SHA-256 over its own content and ``prev_hash``). Editing an entry's content, deleting one from
the middle, or inserting one breaks the chain at that entry, and ``python main.py check`` names
the first entry that does not match.

Ordering: the chain follows the id order, so two transactions must never link to the same
predecessor. On PostgreSQL a transaction-scoped advisory lock is taken *before* the entry is
inserted (ids are then allocated in lock order); on SQLite the insert itself takes the
database's single write lock, which is held until commit.

What it cannot do: anyone who can write the file can also recompute every digest, and dropping
the newest entries leaves a valid shorter chain. It makes casual edits with a SQLite tool
evident; it is not a signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from app.models import AuditEntry
from app.services.batch_rows import insert_rows

# Any constant works: it only has to be the same for every client of one database.
_PG_LOCK_KEY = 0x7A786C7A  # "zxlz"
_BATCH = 2000
# Ids of the entries this program appended, per engine: ``RemoteChanges`` leaves them out,
# since the program announced its own writes already (``context.publish``). Another engine
# on the same database — another clerk's program — is somebody else.
_OWN_KEPT = 10_000
_own_ids: WeakKeyDictionary[Any, set[int]] = WeakKeyDictionary()


# ``json.dumps(…, ensure_ascii=False, separators=(",", ":"))`` with one encoder (same text)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _plain_action(action: Any) -> str:
    return str(getattr(action, "value", action))


def digest(prev_hash: str, at: dt.datetime, username: str, action: Any, entity: str,
           entity_id: int | None, summary: str, detail: str) -> str:
    """SHA-256 (hex) of one entry's content and its predecessor's digest."""
    payload = _JSON.encode(
        [prev_hash, at.isoformat(sep=" "), username, _plain_action(action), entity,
         entity_id, summary, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_digest(entry: AuditEntry) -> str:
    return digest(entry.prev_hash, entry.at, entry.username, entry.action, entry.entity,
                  entry.entity_id, entry.summary, entry.detail)


_TAIL = "audit_chain.tail"  # session.info: (transaction, the entry it appended last)
_PENDING = "audit_chain.pending"  # session.info: entries appended but not yet flushed


def append(session: Session, entry: AuditEntry) -> None:
    """Insert ``entry`` at the end of the chain, in the session's transaction.

    The first entry of a transaction takes the chain lock (PostgreSQL: the advisory lock;
    SQLite: the write lock its insert takes), is flushed and links to the newest entry. The
    lock is held until the transaction ends, so the transaction's further entries link to the
    one it appended before, without a flush or a query each: they are inserted in the order
    they were added (the ORM inserts a table's new rows in that order, and asks for their
    ids in parameter order), so their ids follow the chain. An import of 2,000 rows thus
    writes its 2,000 entries with the batches of rows instead of 2,000 flushes.
    """
    transaction = session.get_transaction()
    previous = _tail_hash(session)
    if previous is not None:
        entry.prev_hash = previous
        entry.entry_hash = entry_digest(entry)
        session.add(entry)
        session.info.setdefault(_PENDING, []).append(entry)
        session.info[_TAIL] = (transaction, entry)
        return
    _append_first(session, entry)
    session.info[_TAIL] = (transaction, entry)


def _tail_hash(session: Session) -> str | None:
    """The digest of the entry this transaction appended last (None: it appended none yet,
    and does not hold the chain lock). The tail is an entry object, or the digest of the
    last entry ``append_many`` inserted."""
    tail = session.info.get(_TAIL)
    if tail is None or tail[0] is not session.get_transaction():
        return None
    if isinstance(tail[1], str):
        return tail[1]
    return tail[1].entry_hash if tail[1] in session else None


def append_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert entries (column values without id and digests) at the end of the chain, in
    the given order, with one INSERT: each gets its id, ``prev_hash`` and ``entry_hash``
    here, so that the digests of a batch are computed in one pass (an import's 2,000
    entries). Takes the chain lock like ``append`` when the transaction holds none yet."""
    if not rows:
        return
    from app.services.row_ids import reserve_ids  # row_ids needs the models, as this does

    session.flush()  # entries added one by one come first, with the ids they get now
    previous = _tail_hash(session)
    if previous is None:  # the chain lock, then the newest entry
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        ids = reserve_ids(session, AuditEntry, len(rows))  # SQLite: takes the write lock
        previous = session.execute(
            select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
        ).scalar() or ""
    else:
        ids = reserve_ids(session, AuditEntry, len(rows))
    for row, entry_id in zip(rows, ids, strict=True):
        row["id"] = entry_id
        row["prev_hash"] = previous
        row["entry_hash"] = previous = digest(
            previous, row["at"], row["username"], row["action"], row["entity"],
            row["entity_id"], row["summary"], row["detail"])
    insert_rows(session, AuditEntry, rows)
    session.info[_TAIL] = (session.get_transaction(), previous)
    _remember(session, ids)


@event.listens_for(Session, "after_flush_postexec")
def _note_own_ids(session: Session, _context: Any) -> None:
    """Entries appended without a flush have their ids now: they are this program's own."""
    pending = session.info.pop(_PENDING, None)
    if pending:
        _remember(session, [e.id for e in pending if e.id is not None])


def _remember(session: Session, ids: list[int]) -> None:
    own = _own_ids.setdefault(session.get_bind().engine, set())
    own.update(ids)
    if len(own) > _OWN_KEPT:  # polls only look ahead: the oldest ids are no longer needed
        for old in sorted(own)[: _OWN_KEPT // 2]:
            own.discard(old)


def _append_first(session: Session, entry: AuditEntry) -> None:
    """Take the chain lock, insert ``entry`` and link it to the newest entry."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    entry.prev_hash = ""
    entry.entry_hash = ""
    session.add(entry)
    session.flush()
    previous = session.execute(
        select(AuditEntry.entry_hash).where(AuditEntry.id < entry.id)
        .order_by(AuditEntry.id.desc()).limit(1)
    ).scalar()
    entry.prev_hash = previous or ""
    entry.entry_hash = entry_digest(entry)
    _remember(session, [entry.id])


def is_own(session: Session, entry_id: int) -> bool:
    """Whether this program (this engine) appended the entry: announced here already."""
    return entry_id in _own_ids.get(session.get_bind().engine, ())


@dataclass(frozen=True)
class ChainBreak:
    """The first entry whose digest or link does not match."""

    entry_id: int
    at: dt.datetime
    username: str
    summary: str
    reason: str

    def message(self) -> str:
        return (f"操作日志第 {self.entry_id} 条（{self.at:%Y-%m-%d %H:%M}，{self.username}，"
                f"“{self.summary[:30]}”）{self.reason}：操作日志可能被程序以外的工具改动过。"
                "请保留数据库文件副本并报告管理员。")


def _entries(session: Session) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        batch = session.execute(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)
            .limit(_BATCH)
        ).scalars().all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
        session.expunge_all()


def verify(session: Session) -> ChainBreak | None:
    """Walk the whole log in id order; the first break, or None when the chain holds."""
    expected_prev = ""
    for entry in _entries(session):
        if entry.prev_hash != expected_prev:
            reason = ("与前一条记录的链接不一致（前面的记录被删除、插入或改动）"
                      if expected_prev or entry.prev_hash else "缺少校验值")
            return ChainBreak(entry.id, entry.at, entry.username, entry.summary, reason)
        if entry.entry_hash != entry_digest(entry):
            return ChainBreak(entry.id, entry.at, entry.username, entry.summary,
                              "的内容与校验值不一致（记录被改动）")
        expected_prev = entry.entry_hash
    return None
