""""已损坏" only for a damaged file: a full disk, a read-only or missing folder and a locked
file each get their own message when the database cannot be opened."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.db import faults
from app.db.engine import open_database
from app.errors import StorageError


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
    mount = tmp_path / "disk"
    mount.mkdir()
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("tmpfs needs Linux")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); covered by the injected codes")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=False)  # a file still open


def test_a_full_disk_says_full(tiny_disk: Path) -> None:
    with pytest.raises(StorageError, match="磁盘空间不足") as info:
        open_database(tiny_disk / "zxlz.sqlite")
    assert "损坏" not in str(info.value)
