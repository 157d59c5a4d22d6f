"""SQLite backups: online copy, verification, rotation, restore round trip."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.db import backup
from app.db.backup import (
    backup_database,
    integrity_problems,
    list_backups,
    quick_check,
)
from app.db.engine import Database
from app.db.restore import restore_backup
from app.domain.enums import BackupKind
from app.errors import StorageError
from app.models import Term
from app.services.opening import open_database

NAME_RE = re.compile(r"zxlz-\d{8}-\d{6}-(?P<reason>[a-z0-9-]+)\.sqlite")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    folder = tmp_path / "政协 数据"  # the clerk's own folder names are Chinese
    folder.mkdir()
    database = open_database(folder / "履职.sqlite", seed=False)
    yield database
    database.dispose()


def _add_terms(db: Database, *numbers: int) -> None:
    with db.session() as session:
        for number in numbers:
            session.add(Term(number=number, start_on=dt.date(2000 + number, 1, 1)))


def _terms(db: Database) -> list[tuple[int, dt.date]]:
    with db.reader() as session:
        rows = session.execute(select(Term.number, Term.start_on).order_by(Term.number))
        return [tuple(row) for row in rows]


def _file_terms(path: Path) -> list[int]:
    con = sqlite3.connect(path)
    try:
        return [row[0] for row in con.execute("SELECT number FROM terms ORDER BY number")]
    finally:
        con.close()


def test_round_trip_backup_while_in_use_then_restore(db: Database, zxlz_home: Path) -> None:
    _add_terms(db, 8, 9, 10)
    expected = _terms(db)
    live = db.file_path
    assert live is not None

    with db.reader() as reading, db.session() as writing:
        reading.execute(select(Term)).all()
        writing.add(Term(number=11, start_on=dt.date(2021, 1, 1)))
        writing.flush()  # an open write transaction holds the write lock
        copy = backup_database(db, "before-import")
    assert _terms(db)[-1][0] == 11  # the write committed after the backup

    # a database other than the user's default one keeps its backups beside it
    assert copy.parent == live.parent / "backups"
    assert NAME_RE.fullmatch(copy.name)["reason"] == "before-import"
    assert integrity_problems(copy) == []
    assert _file_terms(copy) == [8, 9, 10]  # committed data only, a consistent snapshot
    assert not Path(f"{copy}-wal").exists()
    con = sqlite3.connect(copy)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    con.close()

    with db.session() as session:
        session.execute(text("DELETE FROM terms"))
    db.dispose()

    safety = restore_backup(copy, live)

    assert safety is not None and NAME_RE.fullmatch(safety.name)["reason"] == "before-restore"
    assert _file_terms(safety) == []  # the state just before the restore is kept
    reopened = open_database(live, seed=False)
    try:
        assert _terms(reopened) == expected
        assert quick_check(reopened) == "ok"
    finally:
        reopened.dispose()


def test_file_names_with_uri_characters(tmp_path: Path) -> None:
    """The online copy opens files through a ``file:`` URI: ``#``, ``?`` and ``%`` must survive."""
    # "?" is not allowed in Windows file names; "&" and "=" also mean something in a URI
    odd = tmp_path / ("备份 #1 ?50%" if os.name == "posix" else "备份 #1 &50%=") / "x.sqlite"
    odd.parent.mkdir()
    con = sqlite3.connect(odd)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    con.commit()
    con.close()
    copy = backup.backup_file(odd, "manual", odd.parent / "备份")
    assert integrity_problems(copy) == []
    assert restore_backup(copy, odd.parent / "还原 #2.sqlite") is None
    assert not (tmp_path / "备份 #1 ").exists()  # no stray file from a mis-parsed URI


def test_quick_check_is_ok_on_a_sound_database(db: Database) -> None:
    assert quick_check(db) == "ok"


def test_failed_verification_leaves_no_file(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "backups"
    monkeypatch.setattr(backup, "integrity_problems", lambda path, *_watch: ["第 3 页损坏"])
    with pytest.raises(StorageError, match=r"未通过完整性检查.*第 3 页损坏"):
        backup_database(db, "daily", dest)
    assert list(dest.iterdir()) == []


def test_integrity_check_finds_a_damaged_file(db: Database, tmp_path: Path) -> None:
    _add_terms(db, *range(1, 60))
    copy = backup_database(db, "manual", tmp_path / "b", keep=None)
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(copy.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over every page after the first: the b-trees no longer parse.
    for start in range(page_size, len(data), page_size):
        data[start + 8 : start + 40] = b"\xa5" * 32
    damaged.write_bytes(bytes(data))
    assert integrity_problems(damaged) != []


def test_restore_refuses_a_damaged_backup(db: Database, tmp_path: Path) -> None:
    _add_terms(db, 10)
    bad = tmp_path / "zxlz-20260101-000000-manual.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    live = db.file_path
    assert live is not None
    db.dispose()
    before = live.read_bytes()
    with pytest.raises(StorageError, match="已损坏，不能使用"):
        restore_backup(bad, live)
    assert live.read_bytes() == before


def test_restore_refuses_a_database_of_another_program(db: Database, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    live = db.file_path
    assert live is not None
    db.dispose()
    with pytest.raises(StorageError, match="不是本程序的数据库备份"):
        restore_backup(other, live)


def test_restore_refuses_while_the_database_is_open(db: Database, tmp_path: Path) -> None:
    _add_terms(db, 10)
    copy = backup_database(db, "manual", tmp_path / "b")
    _add_terms(db, 11)  # db is not disposed: its pooled connection keeps the -wal alive
    live = db.file_path
    assert live is not None
    with pytest.raises(StorageError, match="正被其他窗口或程序使用"):
        restore_backup(copy, live)
    assert [n for n, _ in _terms(db)] == [10, 11]


def test_restore_into_a_missing_file_needs_no_safety_copy(db: Database, tmp_path: Path) -> None:
    _add_terms(db, 10)
    copy = backup_database(db, "manual", tmp_path / "b")
    target = tmp_path / "restored.sqlite"
    assert restore_backup(copy, target) is None
    assert _file_terms(target) == [10]


def test_rotation_rule_per_kind(db: Database, tmp_path: Path) -> None:
    """Daily backups rotate at 14; pre-import and pre-restore keep the 10 newest, so the
    newest of each survives any burst of other kinds; upgrade and manual ones stay."""
    dest = tmp_path / "backups"
    upgrade = backup_database(db, "before-migration-0001", dest)
    manual = [backup_database(db, "manual", dest) for _ in range(2)]
    imports = [backup_database(db, "before-import", dest) for _ in range(12)]
    restores = [backup_database(db, "before-restore", dest) for _ in range(11)]
    daily = [backup_database(db, "daily", dest) for _ in range(16)]

    listed = list_backups(dest)
    by_reason = lambda reason: [i.path for i in listed if i.reason == reason]  # noqa: E731
    assert backup.RETENTION[BackupKind.DAILY] == 14
    assert by_reason("daily") == list(reversed(daily[-14:]))
    assert by_reason("before-import") == list(reversed(imports[-10:]))
    assert by_reason("before-restore") == list(reversed(restores[-10:]))
    assert imports[-1].exists() and restores[-1].exists()  # the newest of each kind
    assert upgrade.exists() and all(p.exists() for p in manual)
    assert all(not p.exists() for p in daily[:2] + imports[:2] + restores[:1])
    assert {i.kind for i in listed} == {BackupKind.BEFORE_MIGRATION, BackupKind.MANUAL,
                                       BackupKind.BEFORE_IMPORT, BackupKind.BEFORE_RESTORE,
                                       BackupKind.DAILY}


def test_names_are_unique_and_sort_by_time(db: Database, tmp_path: Path) -> None:
    dest = tmp_path / "backups"
    (dest / "notes.txt").parent.mkdir()
    (dest / "notes.txt").write_text("not a backup", encoding="utf-8")
    made = [backup_database(db, reason, dest, keep=None) for reason in ("b", "a", "b", "c")]
    assert len(set(made)) == 4
    assert sorted(p.name for p in made) == [p.name for p in made]  # name order = time order
    listed = list_backups(dest)
    assert [info.path for info in listed] == list(reversed(made))  # newest first
    assert [info.created for info in listed] == sorted(
        (info.created for info in listed), reverse=True
    )
    assert all(info.size > 0 for info in listed)


def test_keep_none_keeps_everything(db: Database, tmp_path: Path) -> None:
    dest = tmp_path / "backups"
    backup_database(db, "manual", dest, keep=1)
    backup_database(db, "manual", dest, keep=None)
    backup_database(db, "manual", dest, keep=None)
    assert len(list_backups(dest)) == 3


def test_names_after_a_clock_set_back_tell_the_real_time(tmp_path: Path) -> None:
    dest = tmp_path / "backups"
    dest.mkdir()
    (dest / "zxlz-20300101-120000-daily.sqlite").write_bytes(b"x")
    now = dt.datetime(2026, 11, 24, 10, 15, 0, 500)
    assert backup.free_name(dest, "daily", now).name == "zxlz-20261124-101500-daily.sqlite"
    # within a burst, the next name follows the newest one
    (dest / "zxlz-20261124-101502-startup.sqlite").write_bytes(b"x")
    assert backup.free_name(dest, "daily", now).name == "zxlz-20261124-101503-daily.sqlite"


def test_reason_must_be_a_short_code(db: Database) -> None:
    with pytest.raises(ValueError):
        backup_database(db, "升级前")


def test_in_memory_database_cannot_be_backed_up() -> None:
    memory = open_database("sqlite://", seed=False)
    try:
        with pytest.raises(StorageError, match="内存"):
            backup_database(memory, "manual")
    finally:
        memory.dispose()


@pytest.mark.postgres
def test_postgres_is_not_backed_up_by_file(pg_empty_url: str) -> None:
    pg = open_database(pg_empty_url, seed=False)
    try:
        with pytest.raises(StorageError, match="pg_dump"):
            backup_database(pg, "manual")
        assert quick_check(pg) == "ok"
    finally:
        pg.dispose()


def test_daily_backup_once_a_day_beside_a_non_default_database(tmp_path) -> None:
    from app.db.backup import backup_dir_for, daily_backup
    from app.services.opening import open_database

    db = open_database(tmp_path / "office.sqlite")
    try:
        first = daily_backup(db)
        assert first is not None and first.parent == tmp_path / "backups"
        assert backup_dir_for(db) == tmp_path / "backups"
        assert daily_backup(db) is None  # already done today
    finally:
        db.dispose()


@pytest.mark.postgres
def test_postgres_backups_are_the_servers_everywhere(pg_empty_url: str, capsys) -> None:
    """Service, CLI and start-up all say that PostgreSQL is backed up by the server."""
    from app.cli import main
    from app.db.backup import daily_backup
    from app.services.backups import Backups

    pg = open_database(pg_empty_url, seed=False)
    try:
        with pytest.raises(StorageError, match="pg_dump"):
            Backups.for_database(pg)
        assert daily_backup(pg) is None  # the client's daily backup skips it quietly
    finally:
        pg.dispose()
    assert main(["backup", "create", "--db", pg_empty_url]) == 2
    err = capsys.readouterr().err
    assert "pg_dump" in err and err.count("\n") == 1
    assert main(["check", "--db", pg_empty_url]) == 0  # no file checks on a server database


def test_health_of_a_sound_database_and_of_damaged_ones(db: Database, tmp_path: Path) -> None:
    from app.db.health import diagnose, header_problem

    _add_terms(db, 9)
    live = db.file_path
    assert live is not None
    db.dispose()
    assert diagnose(live) is None and diagnose(live, full=True) is None
    assert diagnose(tmp_path / "missing.sqlite") is None  # missing is not damaged
    data = live.read_bytes()
    cases = {
        "empty.sqlite": (b"", "0 字节"),
        "header.sqlite": (b"SQLite format 3\x00" + b"\xff\xff" + data[18:], "页大小"),
        "short.sqlite": (data[:4096], "截断"),
        "odd.sqlite": (data[:5000], "整数倍"),
        "tiny.sqlite": (b"SQLite", "标志"),
    }
    for name, (content, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        problem = header_problem(path)
        assert problem is not None and words in problem, (name, problem)
        assert diagnose(path) == problem


def test_backup_dir_that_is_a_file_is_a_clear_message(db: Database) -> None:
    from app.db.backup import daily_backup

    live = db.file_path
    assert live is not None
    (live.parent / "backups").write_text("x")
    with pytest.raises(StorageError, match="同名的文件"):
        daily_backup(db)


def test_copy_backup_verifies_the_copy_and_leaves_nothing_on_failure(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.db.backup import copy_backup

    made = backup_database(db, "manual", tmp_path / "backups", keep=None)
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = copy_backup(made, usb)
    assert copy == usb / made.name and copy.read_bytes() == made.read_bytes()
    with pytest.raises(StorageError, match="就是备份所在"):
        copy_backup(made, made.parent)
    # a copy that reads back wrong (a failing USB stick) is not kept under the backup's name
    other = tmp_path / "usb2"
    other.mkdir()
    real = backup.integrity_problems
    monkeypatch.setattr(backup, "integrity_problems",
                        lambda path, *watch: ["第 7 页损坏"] if path.parent == other
                        else real(path, *watch))
    with pytest.raises(StorageError, match="读回校验未通过"):
        copy_backup(made, other)
    assert list(other.iterdir()) == []


def test_a_watched_copy_tells_whether_the_source_changed_since_its_snapshot(
        db: Database, tmp_path: Path) -> None:
    """``watch``: a copy made ahead of the writer's lock (an import) can tell whether another
    connection committed after its snapshot, and the copy is that snapshot."""
    _add_terms(db, 8)
    live = db.file_path
    assert live is not None
    quiet = backup.prepare_backup(live, "before-import", tmp_path / "b1", quick=True,
                                  track_source=True)
    try:
        assert not quiet.source_changed()
        with db.reader() as session:  # reading changes nothing
            session.execute(select(Term)).all()
        assert not quiet.source_changed()
        _add_terms(db, 9)  # another connection commits
        assert quiet.source_changed()
        assert _file_terms(quiet.part) == [8]
    finally:
        quiet.discard()
    assert list((tmp_path / "b1").iterdir()) == []
    unwatched = backup.prepare_backup(live, "before-import", tmp_path / "b2", quick=True)
    _add_terms(db, 10)
    assert not unwatched.source_changed()  # made without watching: it cannot tell
    made = unwatched.publish()
    assert _file_terms(made) == [8, 9] and integrity_problems(made) == []


def test_a_quick_checked_copy_that_fails_its_check_leaves_no_file(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live = db.file_path
    assert live is not None
    monkeypatch.setattr(backup, "copy_problems", lambda path, watch=None: ["第 5 页损坏"])
    with pytest.raises(StorageError, match=r"未通过完整性检查.*第 5 页损坏"):
        backup.prepare_backup(live, "before-import", tmp_path / "b", quick=True,
                              track_source=True)
    assert list((tmp_path / "b").iterdir()) == []


def test_copy_problems_finds_a_damaged_file(db: Database, tmp_path: Path) -> None:
    _add_terms(db, *range(1, 60))
    copy = backup_database(db, "manual", tmp_path / "b", keep=None)
    assert backup.copy_problems(copy) == []
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(copy.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for start in range(page_size, len(data), page_size):  # as in the test above
        data[start + 8 : start + 40] = b"\xa5" * 32
    damaged.write_bytes(bytes(data))
    assert backup.copy_problems(damaged) != []
