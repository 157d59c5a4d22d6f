"""Many operation-log entries in one transaction (an import) link to each other without a
flush each, and still form one chain in id order; they are this program's own entries, and
two importing clerks at once still keep one chain."""

from __future__ import annotations

import itertools
import threading

from sqlalchemy import select

from app.db.engine import Database
from app.domain.enums import AuditAction
from app.domain.schema import MEMBER
from app.models import AuditEntry
from app.services import audit, audit_chain


def _verify(db: Database) -> audit_chain.ChainBreak | None:
    with db.reader() as s:
        return audit_chain.verify(s)


def _entries(db: Database) -> list[AuditEntry]:
    with db.reader() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_entries_of_one_transaction_form_one_chain_in_id_order(db: Database, actor) -> None:
    before = len(_entries(db))
    with db.session() as session:
        for n in range(25):
            audit.record(session, actor, AuditAction.IMPORT, MEMBER, None, f"第{n}条")
        session.flush()
        for n in range(25, 30):  # after a flush the chain goes on from the last entry
            audit.record(session, actor, AuditAction.IMPORT, MEMBER, None, f"第{n}条")
    entries = _entries(db)[before:]
    assert [e.summary for e in entries] == [f"第{n}条" for n in range(30)]
    for earlier, later in itertools.pairwise(entries):
        assert later.prev_hash == earlier.entry_hash
    assert _verify(db) is None
    with db.reader() as s:
        assert all(audit_chain.is_own(s, e.id) for e in entries)


def test_a_rolled_back_transaction_leaves_no_link_behind(db: Database, actor) -> None:
    class RolledBackError(Exception):
        pass

    try:
        with db.session() as session:
            for n in range(3):
                audit.record(session, actor, AuditAction.IMPORT, MEMBER, None, f"撤销{n}")
            raise RolledBackError
    except RolledBackError:
        pass
    with db.session() as session:
        for n in range(3):
            audit.record(session, actor, AuditAction.IMPORT, MEMBER, None, f"保留{n}")
    assert not [e for e in _entries(db) if e.summary.startswith("撤销")]
    assert _verify(db) is None


def test_two_clerks_writing_batches_at_once_keep_one_chain(db: Database, actor) -> None:
    errors: list[BaseException] = []

    def clerk(k: int) -> None:
        try:
            for _ in range(3):
                with db.session() as session:
                    for n in range(20):
                        audit.record(session, actor, AuditAction.IMPORT, MEMBER, None,
                                     f"{k}-{n}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=clerk, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert _verify(db) is None
