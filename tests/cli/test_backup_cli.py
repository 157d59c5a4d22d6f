"""``check`` on damaged databases and the ``backup`` commands: one Chinese line, exit codes,
the round trip create → damage → check fails → restore → check passes with the data back."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.db.backup import list_backups
from app.db.health import diagnose

PAGE = 4096


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    assert main(["demo", "--db", str(path)]) == 0
    return path


@pytest.fixture
def live(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database (no -wal beside it)."""
    path = tmp_path / "政协 数据" / "履职.sqlite"
    path.parent.mkdir()
    shutil.copyfile(demo_db, path)
    return path


def _members(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM members").fetchone()[0])
    finally:
        con.close()


def _wal_of_another_database(folder: Path) -> bytes:
    """The -wal of a small, unrelated database, captured while it is still open."""
    other = folder / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE notes(x)")
    con.executemany("INSERT INTO notes VALUES (?)", [(os.urandom(300),) for _ in range(100)])
    con.commit()
    data = Path(f"{other}-wal").read_bytes()
    con.close()
    return data


def _damage(path: Path, kind: str) -> None:
    data = path.read_bytes()
    pages = len(data) // PAGE
    if kind == "zero-length":
        path.write_bytes(b"")
    elif kind == "garbage-header":
        path.write_bytes(b"\x00garbage!" * 12 + data[108:])
    elif kind == "random-pages":  # random bytes over pages in the middle of the file
        rng = random.Random(7)
        middle = bytearray(data)
        for page in range(pages // 3, pages // 3 + 12):
            middle[page * PAGE:(page + 1) * PAGE] = rng.randbytes(PAGE)
        path.write_bytes(bytes(middle))
    elif kind == "truncated":
        path.write_bytes(data[: (pages // 2) * PAGE])
    elif kind == "truncated-mid-page":
        path.write_bytes(data[: len(data) // 2 + 123])
    elif kind == "text-file":
        path.write_text("委员名单\n张三,李四\n这不是数据库。\n", encoding="utf-8")
    elif kind == "foreign-wal":
        Path(f"{path}-wal").write_bytes(_wal_of_another_database(path.parent))
    else:  # pragma: no cover
        raise AssertionError(kind)


DAMAGES = ["zero-length", "garbage-header", "random-pages", "truncated", "truncated-mid-page",
           "text-file", "foreign-wal"]


@pytest.mark.parametrize("kind", DAMAGES)
def test_check_names_every_kind_of_damage_in_one_line(live: Path, kind: str, capsys) -> None:
    assert main(["check", "--db", str(live)]) == 0
    capsys.readouterr()
    _damage(live, kind)
    before = live.read_bytes()
    assert main(["check", "--db", str(live)]) == 1
    out, err = capsys.readouterr()
    assert err == "" and out.count("\n") == 1, (out, err)
    assert "已损坏" in out and str(live) in out
    assert "backup list" in out and "backup restore" in out
    assert "程序内部错误" not in out and "Traceback" not in out
    assert live.read_bytes() == before  # checking never writes into the damaged file
    assert diagnose(live) is not None


def test_foreign_wal_is_caught_before_sqlite_replays_it(live: Path) -> None:
    _damage(live, "foreign-wal")
    assert "不属于这个数据库" in (diagnose(live) or "")
    # what SQLite alone would have done: the other database's tables replace ours
    con = sqlite3.connect(f"{live.resolve().as_uri()}?mode=ro", uri=True)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == {"notes"}


def test_other_commands_on_a_damaged_database_say_so_in_one_line(live: Path, capsys) -> None:
    _damage(live, "random-pages")
    assert main(["stats", "--year", "2025", "--db", str(live)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "数据库已损坏" in err and "程序内部错误" not in err


def test_round_trip_create_damage_check_restore(live: Path, tmp_path: Path, capsys) -> None:
    members = _members(live)
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert main(["backup", "create", "--db", str(live), "--to", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "已备份并校验" in out and "已复制到" in out
    folder = live.parent / "backups"
    (made,) = list_backups(folder)
    assert made.reason == "manual" and (usb / made.name).read_bytes() == made.path.read_bytes()

    assert main(["backup", "list", "--db", str(live), "--check"]) == 0
    out = capsys.readouterr().out
    assert made.name in out and "手动" in out and "完好" in out and "MB" in out

    _damage(live, "random-pages")
    damaged = live.read_bytes()
    assert main(["check", "--db", str(live)]) == 1
    assert "已损坏" in capsys.readouterr().out

    assert main(["backup", "restore", made.name, "--db", str(live), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已从备份恢复并校验通过" in out and ".damaged" in out
    assert main(["check", "--db", str(live)]) == 0
    assert "检查通过" in capsys.readouterr().out
    assert _members(live) == members
    kept = [p for p in folder.iterdir() if p.suffix == ".damaged"]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # the damaged file, as found


def test_restore_asks_first_and_a_no_changes_nothing(live: Path, monkeypatch, capsys) -> None:
    assert main(["backup", "create", "--db", str(live)]) == 0
    (made,) = list_backups(live.parent / "backups")
    _damage(live, "garbage-header")
    before = live.read_bytes()
    monkeypatch.setattr("builtins.input", lambda: "n")
    assert main(["backup", "restore", str(made.path), "--db", str(live)]) == 1
    out, err = capsys.readouterr()
    assert "当前数据库已损坏" in out and "已取消" in err and live.read_bytes() == before

    monkeypatch.setattr("builtins.input", lambda: "是")
    assert main(["backup", "restore", str(made.path), "--db", str(live)]) == 0
    assert diagnose(live, full=True) is None


def test_restore_of_a_sound_database_keeps_a_verified_safety_backup(live: Path, capsys) -> None:
    assert main(["backup", "create", "--db", str(live)]) == 0
    con = sqlite3.connect(live)
    con.execute("DELETE FROM participations")
    con.commit()
    con.close()
    (made,) = list_backups(live.parent / "backups")
    assert main(["backup", "restore", made.name, "--db", str(live), "--yes"]) == 0
    kinds = {info.reason for info in list_backups(live.parent / "backups")}
    assert kinds == {"manual", "before-restore"}
    assert "恢复前的数据库已另存为" in capsys.readouterr().out


def test_verify_on_a_corrupted_backup_fails_cleanly(live: Path, capsys) -> None:
    assert main(["backup", "create", "--db", str(live)]) == 0
    (made,) = list_backups(live.parent / "backups")
    assert main(["backup", "verify", made.name, "--db", str(live)]) == 0
    assert "校验通过" in capsys.readouterr().out
    _damage(made.path, "random-pages")
    assert main(["backup", "verify", str(made.path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and err.count("\n") == 1 and "已损坏" in err
    # and a damaged backup is never restored
    before = live.read_bytes()
    assert main(["backup", "restore", str(made.path), "--db", str(live), "--yes"]) == 2
    assert live.read_bytes() == before
    assert main(["backup", "list", "--db", str(live), "--check"]) == 1
    assert "已损坏" in capsys.readouterr().out


def test_missing_backup_and_missing_folder_are_one_line(live: Path, tmp_path: Path,
                                                        capsys) -> None:
    assert main(["backup", "verify", "zxlz-20200101-000000-daily.sqlite", "--db", str(live)]) == 2
    assert "找不到备份文件" in capsys.readouterr().err
    assert main(["backup", "create", "--db", str(live), "--to", str(tmp_path / "没有")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "不存在" in err


def test_postgres_backups_are_the_servers(capsys) -> None:
    url = "postgresql://zxlz:secret@db.example/zxlz"
    for args in (["list"], ["create"], ["restore", "x.sqlite", "--yes"]):
        assert main(["backup", *args, "--db", url]) == 2
        err = capsys.readouterr().err
        assert "pg_dump" in err and "secret" not in err and err.count("\n") == 1


def test_backup_help_is_chinese(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["backup", "--help"])
    out = capsys.readouterr().out
    assert "用法：" in out and "restore" in out and "从备份恢复" in out and "usage" not in out


def test_a_wal_left_by_a_crash_is_not_damage(live: Path, tmp_path: Path, capsys) -> None:
    """A program killed mid-work leaves its own -wal: that is normal and must not be reported
    (restoring would throw the last changes away)."""
    import subprocess
    import sys

    code = ("import os, sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL')\n"
            "c.execute('PRAGMA wal_autocheckpoint=0')\n"
            "c.execute(\"UPDATE members SET name = name || '' WHERE id = 1\")\n"
            "c.execute(\"DELETE FROM participations WHERE id = 1\"); c.commit()\n"
            "os._exit(0)\n")  # killed: no checkpoint, -wal and -shm stay
    subprocess.run([sys.executable, "-c", code, str(live)], check=True, timeout=60)
    assert Path(f"{live}-wal").stat().st_size > 0
    Path(f"{live}-shm").unlink(missing_ok=True)
    assert diagnose(live, full=True) is None
    assert main(["check", "--db", str(live)]) == 0
    assert "检查通过" in capsys.readouterr().out
    con = sqlite3.connect(live)
    assert con.execute("SELECT count(*) FROM participations WHERE id = 1").fetchone() == (0,)
    con.close()
