"""Another clerk's write (another process on the same database) reaches this process as a
change broadcast; this process's own writes are not announced twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.db.engine import Database
from app.services.members import MemberService
from app.services.remote_changes import RemoteChanges

ROOT = Path(__file__).resolve().parents[2]
OTHER_CLERK = (
    "import sys; from app.services.opening import open_database; "
    "from app.services.context import Actor; from app.services.members import MemberService; "
    "db = open_database(sys.argv[1]); "
    "print(MemberService(db).create(Actor('lihua'), {'name': sys.argv[2]}).value.id)")


@pytest.fixture
def target(db: Database, db_url: str) -> tuple[Database, str]:
    """The test database and the address another clerk's program opens it by."""
    return db, db_url


def other_clerk_adds(where: str, name: str) -> int:
    done = subprocess.run([sys.executable, "-c", OTHER_CLERK, where, name], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


def test_other_process_writes_are_announced_once(target, actor) -> None:
    db, where = target
    remote = RemoteChanges(db)
    MemberService(db).create(actor, {"name": "本机写的"})
    assert not remote.poll()  # announced by this process already
    other = other_clerk_adds(where, "别人写的")
    changes = remote.poll()
    assert changes.entities == {"members": {other}}
    assert not remote.poll()  # each entry once


def test_a_shorter_log_after_a_restore_is_followed(target, actor) -> None:
    db, where = target
    MemberService(db).create(actor, {"name": "甲"})
    remote = RemoteChanges(db)
    remote.last_id += 100  # as if the log had been longer before a backup was restored
    assert not remote.poll()
    other = other_clerk_adds(where, "乙")
    assert remote.poll().entities == {"members": {other}}
