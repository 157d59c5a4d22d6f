"""The backup's final move into place: retried while a scanner holds the new file, and on a
lasting fault a plain message with nothing left behind (SQLite only: PostgreSQL is backed up
by the server's administrator)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app import fileio
from app.db.backup import backup_file, list_backups
from app.errors import FileWriteError
from app.services.opening import open_database


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "zxlz.sqlite"
    open_database(path, seed=False).dispose()
    return path


def held(code: int) -> PermissionError:
    exc = PermissionError(errno.EACCES, "held by another process")
    exc.winerror = code  # type: ignore[attr-defined]
    return exc


def test_backup_waits_for_a_scanner(monkeypatch: pytest.MonkeyPatch, db_file: Path,
                                    tmp_path: Path) -> None:
    real = os.replace
    refusals = [held(32), held(5), held(33)]

    def scanner(src: object, dst: object) -> None:
        if refusals:
            raise refusals.pop(0)
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0.0,) * 5)
    monkeypatch.setattr(fileio.os, "replace", scanner)
    dest = tmp_path / "backups"
    target = backup_file(db_file, "manual", dest)
    assert target.is_file() and refusals == []
    assert [p.name for p in dest.iterdir()] == [target.name]


@pytest.mark.parametrize(("fault", "words"), [
    (lambda: OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
    (lambda: held(32), "正被其他程序使用"),
])
def test_backup_that_cannot_be_placed_leaves_nothing(monkeypatch: pytest.MonkeyPatch,
                                                     db_file: Path, tmp_path: Path,
                                                     fault: object, words: str) -> None:
    def refuse(src: object, dst: object) -> None:
        raise fault()  # type: ignore[operator]

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0.0,))
    monkeypatch.setattr(fileio.os, "replace", refuse)
    dest = tmp_path / "backups"
    with pytest.raises(FileWriteError, match=words) as info:
        backup_file(db_file, "manual", dest)
    assert "损坏" not in str(info.value)
    assert list(dest.iterdir()) == []
    assert list_backups(dest) == []
