"""The quick check of the database file that the client begins before it imports SQLAlchemy
(``app.db.precheck``, issue 15): the same diagnosis as before, for the same file, begun earlier."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import config
from app.db import location
from app.db.location import local_sqlite_file
from app.db.precheck import database_file, start_damage_check
from app.errors import StorageError
from app.services.opening import open_database

ROOT = Path(__file__).resolve().parents[2]


def _sound(path: Path) -> Path:
    open_database(path).dispose()
    return path


def test_a_sound_file_and_a_missing_one_are_not_damaged(tmp_path: Path) -> None:
    assert start_damage_check(str(_sound(tmp_path / "zxlz.sqlite")))() is None
    missing = tmp_path / "new.sqlite"
    assert start_damage_check(str(missing))() is None
    assert not missing.exists()  # the check never creates the file


def test_a_damaged_file_is_named_by_the_early_check(tmp_path: Path) -> None:
    path = _sound(tmp_path / "zxlz.sqlite")
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size - 4096 - 100)  # not a whole number of pages any more
    problem = start_damage_check(str(path))()
    assert problem is not None and "不完整" in problem
    path.write_bytes(b"not a database at all" * 300)
    problem = start_damage_check(str(path))()
    assert problem is not None and "SQLite" in problem


def test_paths_and_urls_name_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "zxlz.sqlite"
    assert local_sqlite_file(str(path)) == path.resolve()
    assert database_file(f"sqlite:///{path}") == path  # a URL: SQLAlchemy parses it
    assert local_sqlite_file(f"sqlite:///{path}") is None
    assert database_file("postgresql://u:p@localhost/zxlz") is None
    assert database_file(None) == config.default_db_path().resolve()


def test_a_network_share_is_refused_before_any_read(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "mountinfo"
    fake.write_text(f"27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                    f"40 27 0:40 / {tmp_path} rw - cifs //s/d rw\n", encoding="utf-8")
    monkeypatch.setattr(location, "MOUNTINFO", fake)
    monkeypatch.setattr(location.sys, "platform", "linux")
    with pytest.raises(StorageError, match="网络共享位置"):
        start_damage_check(str(tmp_path / "zxlz.sqlite"))


def test_the_early_check_and_the_client_start_import_no_sqlalchemy() -> None:
    """So the check (SQLite, without the interpreter's lock) runs while the rest loads."""
    code = ("import sys, app.db.precheck, ui.app; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
