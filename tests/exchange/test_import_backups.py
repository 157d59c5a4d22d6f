"""The pre-import backup (issue 11, item 8): taken only once every check has passed, so a
refused, failed, cancelled or dry-run import takes none, and the backup holds the database
as it was before the import."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.db.backup import backup_dir_for, list_backups
from app.exchange import apply as apply_module
from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.plan import analyse

GOOD = [["姓名", "出生年月", "界别"], ["陈晨", "1990.01", "经济界"], ["刘洋", "1980-05", "教育界"]]
BAD = [["姓名", "出生年月", "界别"], ["陈晨", "1990.01", "航天界"], ["刘洋", "1980-05", "教育界"]]


def _imports(db: Any) -> list[Path]:
    """The pre-import backups (none on PostgreSQL: a server is backed up with pg_dump)."""
    if not db.is_sqlite:
        return []
    return [b.path for b in list_backups(backup_dir_for(db)) if b.reason == "before-import"]


def test_refused_dry_run_and_missing_file_imports_take_no_backup(
        db: Any, world: Any, book: Callable[..., Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = db.url
    bad, good = book("bad.xlsx", BAD), book("good.xlsx", GOOD)
    for _ in range(3):
        assert main(["import", "members", str(tmp_path / "无此文件.xlsx"), "--db", target]) == 2
        assert main(["import", "members", str(bad), "--db", target]) == 2
        assert main(["import", "members", str(bad), "--dry-run", "--db", target]) == 2
        assert main(["import", "members", str(good), "--dry-run", "--db", target]) == 0
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(good.read_bytes()[:300])
    assert main(["import", "members", str(damaged), "--db", target]) == 2
    assert _imports(db) == []
    capsys.readouterr()
    assert main(["import", "members", str(good), "--db", target]) == 0
    assert ("导入前已备份数据库" in capsys.readouterr().out) == db.is_sqlite
    assert len(_imports(db)) == (1 if db.is_sqlite else 0)


def test_the_backup_holds_the_database_before_the_import(db: Any, world: Any, actor: Any,
                                                         book: Callable[..., Path]) -> None:
    result = import_file(db, book("good.xlsx", GOOD), "members", actor)
    assert len(result.created) == 2
    if not db.is_sqlite:  # no file copy of a server database
        assert result.backup is None
        return
    assert result.backup is not None
    with sqlite3.connect(result.backup) as copy:
        names = {r[0] for r in copy.execute("select name from members")}
    assert names == {"张琳", "李强", "王伟", "赵敏"}  # the five members of ``world``, no 陈晨


def test_a_refused_preview_a_cancelled_and_a_failed_import_take_no_backup(
        db: Any, world: Any, actor: Any, book: Callable[..., Path],
        snapshot: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot()
    with pytest.raises(ImportRefusedError):
        apply(db, analyse(db, book("bad.xlsx", BAD), "members"), actor, error_book=False)
    plan = analyse(db, book("good.xlsx", GOOD), "members")
    assert apply(db, plan, actor, should_cancel=lambda: True).cancelled

    class BrokenDiskError(RuntimeError):
        pass

    real = apply_module.kind_class

    def broken_kind(name: str) -> Any:
        kind = real(name)

        class Failing(kind):  # type: ignore[misc, valid-type]
            def write(self, *args: Any, **kwargs: Any) -> Any:
                raise BrokenDiskError("disk full")
        return Failing

    monkeypatch.setattr(apply_module, "kind_class", broken_kind)
    with pytest.raises(BrokenDiskError):
        apply(db, plan, actor)
    assert _imports(db) == [] and snapshot() == before
    if db.is_sqlite:  # the copies started while the rows were checked were deleted
        assert list(backup_dir_for(db).iterdir()) == []


def test_a_save_between_the_early_copy_and_the_import_is_in_the_backup(
        db: Any, world: Any, actor: Any, book: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy is made while the file is read, before the import takes the write lock:
    a member another clerk saves in between is committed before the import, so the backup
    must hold it — the copy is made again, and the first one leaves no file behind."""
    from app.exchange import plan as plan_module
    from app.services.members import MemberService

    copied = threading.Event()
    made: list[Any] = []
    real_prepare = apply_module.prepare_database_backup

    def prepare_then_another_clerk_saves(*args: Any, **kwargs: Any) -> Any:
        pending = real_prepare(*args, **kwargs)
        made.append(pending)
        if len(made) == 1:
            MemberService(db).create(actor, {"name": "周新"})  # committed after the copy
            copied.set()
        return pending

    real_analyse = plan_module.analyse

    def analyse_after_the_save(*args: Any, **kwargs: Any) -> Any:
        copied.wait(30)
        return real_analyse(*args, **kwargs)

    monkeypatch.setattr(apply_module, "prepare_database_backup", prepare_then_another_clerk_saves)
    monkeypatch.setattr(plan_module, "analyse", analyse_after_the_save)
    if not db.is_sqlite:  # no copy is made of a server database: nothing waits for one
        copied.set()
    result = import_file(db, book("good.xlsx", GOOD), "members", actor)
    assert len(result.created) == 2
    if not db.is_sqlite:
        assert result.backup is None and made == []
        return
    assert len(made) == 2 and result.backup is not None
    with sqlite3.connect(result.backup) as copy:
        names = {r[0] for r in copy.execute("select name from members")}
    assert "周新" in names and "陈晨" not in names
    assert sorted(p.name for p in backup_dir_for(db).iterdir()) == [result.backup.name]
