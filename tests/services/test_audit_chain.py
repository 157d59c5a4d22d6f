"""The operation log's hash chain: intact after writes, broken by any edit, named by ``check``."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.db.engine import Database
from app.models import AuditEntry
from app.services import audit_chain
from app.services.maintenance import check_database
from app.services.members import MemberService
from app.services.opening import open_database

ROOT = Path(__file__).resolve().parents[2]


def _write_some(db: Database, actor: object, n: int = 5) -> list[int]:
    svc = MemberService(db)
    made = [svc.create(actor, {"name": f"张{'一二三四五六七八九十'[i % 10]}"}).value
            for i in range(n)]
    svc.delete(actor, {made[0].id: made[0].version})
    return [m.id for m in made]


def _entry_ids(db: Database) -> list[int]:
    with db.reader() as s:
        return list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def _verify(db: Database) -> audit_chain.ChainBreak | None:
    with db.reader() as s:
        return audit_chain.verify(s)


def test_chain_holds_after_service_writes(db: Database, actor: object) -> None:
    _write_some(db, actor)
    with db.reader() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert len(entries) >= 6
    assert entries[0].prev_hash == ""
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash
        assert len(after.entry_hash) == 64
    assert _verify(db) is None
    assert not [p for p in check_database(db) if "操作日志" in p]


@pytest.mark.parametrize("tamper", ["edit", "delete", "insert", "relink"])
def test_any_tampering_is_named(db: Database, actor: object, tamper: str) -> None:
    _write_some(db, actor)
    ids = _entry_ids(db)
    target = ids[2]
    with db.session() as s:
        if tamper == "edit":
            s.execute(text("UPDATE audit_log SET username = 'someone' WHERE id = :i"),
                      {"i": target})
            expected = target
        elif tamper == "delete":
            s.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": target})
            expected = ids[3]
        elif tamper == "insert":
            row = s.get(AuditEntry, target)
            assert row is not None
            s.execute(text(
                "INSERT INTO audit_log (id, at, username, action, entity, entity_id, summary,"
                " detail, prev_hash, entry_hash) SELECT :new, at, username, action, entity,"
                " entity_id, '伪造的记录', detail, prev_hash, entry_hash FROM audit_log"
                " WHERE id = :i"), {"new": max(ids) + 10, "i": ids[-1]})
            expected = max(ids) + 10
        else:  # point an entry at another predecessor
            s.execute(text("UPDATE audit_log SET prev_hash = 'x' WHERE id = :i"), {"i": target})
            expected = target
    broken = _verify(db)
    assert broken is not None
    assert broken.entry_id == expected
    problems = check_database(db)
    assert any(f"操作日志第 {expected} 条" in p for p in problems), problems


def test_concurrent_writers_keep_one_chain(db: Database, actor: object) -> None:
    """Four clerks writing at once never link two entries to the same predecessor."""
    errors: list[BaseException] = []

    def clerk(k: int) -> None:
        svc = MemberService(db)
        try:
            for i in range(8):
                svc.create(actor, {"name": f"王{'甲乙丙丁'[k]}{'一二三四五六七八'[i]}"})
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=clerk, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) >= 32
    assert _verify(db) is None


def test_check_command_names_the_tampered_entry(tmp_path: Path, actor: object) -> None:
    path = tmp_path / "cli.sqlite"
    db = open_database(path)
    _write_some(db, actor)
    target = _entry_ids(db)[1]
    with db.session() as s:
        s.execute(text("UPDATE audit_log SET summary = '改过' WHERE id = :i"), {"i": target})
    db.dispose()
    done = subprocess.run([sys.executable, "main.py", "check", "--db", str(path)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode != 0
    assert f"操作日志第 {target} 条" in done.stdout + done.stderr
