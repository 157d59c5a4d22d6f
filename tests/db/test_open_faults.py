""""已损坏" only for a damaged file: a full disk, a read-only or missing folder and a locked
file each get their own message when the database cannot be opened — and a write the
disk refuses is a plain message, not an internal error, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from app.db import faults
from app.errors import StorageError
from app.services.opening import open_database
from tests.disks import tiny_tmpfs


def sqlite_error(code: int, text: str) -> OperationalError:
    orig = sqlite3.OperationalError(text)
    orig.sqlite_errorcode = code  # type: ignore[misc]
    return OperationalError("SELECT 1", {}, orig)


@pytest.mark.parametrize(("code", "text", "words"), [
    (11, "database disk image is malformed", "已损坏"),
    (26, "file is not a database", "已损坏"),
    (13, "database or disk is full", "磁盘空间不足"),
    (8, "attempt to write a readonly database", "只读"),
    (14, "unable to open database file", "没有读写该文件夹的权限"),
    (5, "database is locked", "正被其他程序锁定"),
    (10 | (4 << 8), "disk I/O error", "磁盘出错"),
])
def test_each_fault_is_named(code: int, text: str, words: str) -> None:
    message = faults.open_failure(sqlite_error(code, text), "/no/such/folder/zxlz.sqlite")
    assert words in message
    assert ("损坏" in message) == (code in (11, 26))
    assert "\n" not in message


def test_a_damaged_file_says_damaged(tmp_path: Path) -> None:
    path = tmp_path / "zxlz.sqlite"
    path.write_bytes(b"\x00garbage" * 1024)
    with pytest.raises(StorageError, match="已损坏或不是本程序的数据库"):
        open_database(path)


def test_a_folder_that_cannot_be_opened_is_not_called_damaged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root ignores permissions: the refusal is injected where SQLite opens the file."""
    import sqlite3.dbapi2 as driver  # what SQLAlchemy's pysqlite dialect calls

    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        exc = sqlite3.OperationalError("unable to open database file")
        exc.sqlite_errorcode = 14  # type: ignore[misc]
        raise exc

    monkeypatch.setattr(driver, "connect", refuse)
    with pytest.raises(StorageError) as info:
        open_database(tmp_path / "zxlz.sqlite")
    assert "损坏" not in str(info.value) and "权限" in str(info.value)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    with tiny_tmpfs(tmp_path / "disk", "32k") as disk:
        yield disk


def test_a_full_disk_says_full(tiny_disk: Path) -> None:
    with pytest.raises(StorageError, match="磁盘空间不足") as info:
        open_database(tiny_disk / "zxlz.sqlite")
    assert "损坏" not in str(info.value)


# ------------------------------------------------------------------ writes the disk refuses


def _open(request: pytest.FixtureRequest, kind: str, tmp_path: Path) -> Iterator[Any]:
    if kind == "sqlite":
        db = open_database(tmp_path / "w.sqlite", seed=False)
        yield db
        db.dispose()
        return
    server = request.getfixturevalue("pg_server")
    name = server.create("zxlz_faults")
    try:
        db = open_database(server.url(name), seed=False)
        yield db
        db.dispose()
    finally:
        server.drop_later(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    yield from _open(request, request.param, tmp_path)


def _disk_full(db: Any) -> Exception:
    if db.is_sqlite:
        orig: Exception = sqlite3.OperationalError("database or disk is full")
        orig.sqlite_errorcode = 13  # type: ignore[attr-defined]
    else:
        import psycopg.errors

        orig = psycopg.errors.DiskFull("could not extend file: No space left on device")
    return OperationalError("INSERT", {}, orig)


def test_a_write_on_a_full_disk_is_a_plain_message(any_db: Any) -> None:
    from sqlalchemy import event, func, select

    from app.models import Member
    from app.services.context import SYSTEM
    from app.services.members import MemberService

    def full(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            raise _disk_full(any_db)

    event.listen(any_db.engine, "before_cursor_execute", full)
    try:
        with pytest.raises(StorageError, match="磁盘空间不足，刚才的修改没有保存") as info:
            MemberService(any_db).create(SYSTEM, {"name": "张琳"})
    finally:
        event.remove(any_db.engine, "before_cursor_execute", full)
    assert "损坏" not in str(info.value)
    with any_db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0


def test_other_database_errors_are_not_disguised(any_db: Any) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    with pytest.raises((OperationalError, ProgrammingError)), any_db.session() as session:
        session.execute(text("SELECT * FROM no_such_table"))


def test_a_real_full_disk_while_saving(tiny_disk_1m: Path) -> None:
    from app.services.context import SYSTEM
    from app.services.members import MemberService

    db = open_database(tiny_disk_1m / "zxlz.sqlite", seed=False)
    try:
        with open(tiny_disk_1m / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        with pytest.raises(StorageError, match="磁盘空间不足"):
            for i in range(50):
                MemberService(db).create(SYSTEM, {"name": f"张{i}", "resume": "简历" * 3000})
    finally:
        db.dispose()


@pytest.fixture
def tiny_disk_1m(tmp_path: Path) -> Iterator[Path]:
    with tiny_tmpfs(tmp_path / "disk1m", "1m") as disk:
        yield disk
