"""Changes made by another clerk are found by polling the audit log (``RemoteChanges``): each
once, never this program's own, never a rolled-back write; on PostgreSQL also a write that
commits after a later one. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from app.db.engine import Database
from app.domain.enums import AuditAction
from app.domain.schema import MEMBER
from app.errors import ValidationError
from app.models import Member
from app.services import audit
from app.services.members import MemberService
from app.services.opening import open_database
from app.services.remote_changes import RemoteChanges


@pytest.fixture
def other(db_url: str, db: Database) -> Iterator[Database]:
    """The same database opened by another clerk's program (its own engine)."""
    database = open_database(db_url)
    yield database
    database.dispose()


def test_another_clerks_changes_are_found_once(db, other, actor) -> None:
    mine, theirs = MemberService(db), MemberService(other)
    before = theirs.create(actor, {"name": "张琳"}).value  # history when the client opened
    remote = RemoteChanges(db)
    assert not remote.poll()
    zhao = theirs.create(actor, {"name": "赵敏"}).value
    theirs.update(actor, before.id, {"notes": "调任"}, version=before.version)
    mine.create(actor, {"name": "李强"})  # announced locally already: not news
    changes = remote.poll()
    assert changes.entities == {"members": {zhao.id, before.id}}
    assert not remote.poll()  # reported once
    theirs.delete(actor, {zhao.id: zhao.version})
    assert remote.poll().entities == {"members": {zhao.id}}


def test_refused_and_rolled_back_writes_are_not_news(db, other, actor) -> None:
    remote = RemoteChanges(db)
    with pytest.raises(ValidationError):
        MemberService(other).create(actor, {"name": ""})
    with pytest.raises(RuntimeError), other.session() as session:
        session.add(Member(name="未保存"))
        session.flush()
        audit.record(session, actor, AuditAction.CREATE, MEMBER, 1, "新增委员“未保存”")
        raise RuntimeError("rolled back")
    assert not remote.poll()


def test_log_entries_commit_in_id_order(db, other, actor) -> None:
    """The operation log's chain lock: a clerk whose entry would take a later id waits until
    the earlier transaction commits, so a poll reading ``id > last`` never skips one."""
    remote = RemoteChanges(db)
    third = open_database(other.url)
    finished = threading.Event()
    late_ids: list[int] = []

    def later_clerk() -> None:
        late_ids.append(MemberService(third).create(actor, {"name": "后录入"}).value.id)
        finished.set()

    try:
        with other.session() as slow:
            early = Member(name="先录入")
            slow.add(early)
            slow.flush()
            audit.record(slow, actor, AuditAction.CREATE, MEMBER, early.id, "新增委员“先录入”")
            slow.flush()
            worker = threading.Thread(target=later_clerk)
            worker.start()
            assert not finished.wait(0.5)  # held back by the first transaction
            assert not remote.poll()  # nothing committed yet: nothing to find
        worker.join(30)
        assert finished.is_set()
        assert remote.poll().entities == {"members": {early.id, late_ids[0]}}
    finally:
        third.dispose()
