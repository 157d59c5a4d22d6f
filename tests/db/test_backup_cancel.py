"""Progress and 取消 of backup, copy and restore (``app.db.watch``): every step reports in
order, 取消 after any step — including in the middle of SQLite's integrity check — stops
with nothing changed and no file left, and the last step of a restore ignores 取消."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.db.engine import Database
from app.db.watch import BackupCancelledError, Watch
from app.models import Term
from app.services.backups import Backups, restore_open_database
from app.services.opening import open_database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    folder = tmp_path / "政协 数据"
    folder.mkdir()
    database = open_database(folder / "履职.sqlite", seed=False)
    with database.session() as session:
        session.add(Term(number=9, start_on=dt.date(2009, 1, 1)))
    yield database
    database.dispose()


def _terms(db: Database) -> int:
    from sqlalchemy import func, select

    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(Term)) or 0)


class Recorder:
    """A watch that records the steps and presses 取消 right after the first report whose
    message starts with ``cancel_after``."""

    def __init__(self, cancel_after: str | None = None) -> None:
        self.cancel_after = cancel_after
        self.reports: list[tuple[str, float]] = []
        self.pressed = False
        self.watch = Watch(self.report, self.should_cancel)

    def report(self, message: str, fraction: float) -> None:
        self.reports.append((message, fraction))
        if self.cancel_after is not None and message.startswith(self.cancel_after):
            self.pressed = True

    def should_cancel(self) -> bool:
        return self.pressed


def _files(*folders: Path) -> dict[str, list[str]]:
    """The files in ``folders``, but SQLite's own -wal/-shm beside the database (they come
    and go with its connections, a read-only check's included)."""
    return {str(f): sorted(p.name for p in f.iterdir()
                           if not p.name.endswith(("-wal", "-shm")))
            for f in folders if f.exists()}


def _create(db: Database, _tmp: Path) -> Callable[[Watch], object]:
    backups = Backups.for_database(db)
    return backups.create


def _copy(db: Database, tmp: Path) -> Callable[[Watch], object]:
    backups = Backups.for_database(db)
    made = backups.create()
    usb = tmp / "U盘"
    usb.mkdir(exist_ok=True)
    return lambda watch: backups.copy_to(made, usb, watch)


def _restore(db: Database, _tmp: Path) -> Callable[[Watch], object]:
    backups = Backups.for_database(db)
    made = backups.create()
    with db.session() as session:
        session.add(Term(number=10, start_on=dt.date(2010, 1, 1)))
    return lambda watch: restore_open_database(db, made, watch)


OPERATIONS = {"create": _create, "copy": _copy, "restore": _restore}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_steps_are_reported_in_order(db, tmp_path, name) -> None:
    run = OPERATIONS[name](db, tmp_path)
    recorder = Recorder()
    run(recorder.watch)
    fractions = [abs(f) for _, f in recorder.reports]
    assert fractions == sorted(fractions) and all(0 <= f <= 1 for f in fractions)
    final = [m for m, f in recorder.reports if f < 0]
    if name == "restore":  # the last step and the reopening say they cannot be cancelled
        assert final == ["正在替换数据库文件（这一步不能取消）……", "正在重新打开数据库……"]
        assert _terms(db) == 1
    else:
        assert final == []


def _cancel_points(name: str) -> list[str]:
    """Every step of the operation before its last step (those 取消 can stop)."""
    steps = {
        "create": ["正在检查数据库……", "正在复制数据库……", "正在校验备份的完整性……"],
        "copy": ["正在校验要复制的备份……", "正在复制到", "正在读回校验复制的备份……"],
        "restore": ["正在关闭数据库连接……", "正在校验要恢复的备份……",
                    "正在另存当前数据库（“恢复前”备份）……", "正在复制数据库……",
                    "正在校验备份的完整性……", "正在复制备份中的数据……",
                    "正在校验复制的数据……"],
    }
    return steps[name]


@pytest.mark.parametrize(("name", "point"), [(n, p) for n in sorted(OPERATIONS)
                                             for p in _cancel_points(n)])
def test_cancel_after_any_step_changes_nothing(db, tmp_path, name, point) -> None:
    run = OPERATIONS[name](db, tmp_path)
    folders = [db.file_path.parent, Backups.for_database(db).folder, tmp_path / "U盘"]
    terms = _terms(db)
    db.dispose()  # its -wal comes and goes with its connections: compare the files alone
    before = _files(*folders)
    recorder = Recorder(point)
    with pytest.raises(BackupCancelledError):
        run(recorder.watch)
    assert recorder.pressed
    db.dispose()
    assert _files(*folders) == before  # no backup, no copy, no temporary file
    assert _terms(db) == terms  # the database as it was (and it opens)


def test_the_integrity_check_itself_is_interrupted(db, tmp_path, monkeypatch) -> None:
    """取消 pressed while SQLite checks the copy stops the check (the progress handler),
    not only at the next step."""
    import app.db.watch as watch_module

    monkeypatch.setattr(watch_module, "CHECK_EVERY", 100)
    backups = Backups.for_database(db)
    checks: list[bool] = []

    class Mid(Recorder):
        def should_cancel(self) -> bool:
            if self.pressed:
                checks.append(True)
            return self.pressed and len(checks) > 3  # several looks inside the check

    recorder = Mid("正在校验备份的完整性……")
    with pytest.raises(BackupCancelledError):
        backups.create(recorder.watch)
    assert len(checks) > 3 and list(backups.folder.iterdir()) == []


def test_the_restores_last_step_ignores_cancel(db, tmp_path) -> None:
    run = _restore(db, tmp_path)

    class Late(Recorder):
        def report(self, message: str, fraction: float) -> None:
            super().report(message, fraction)
            if fraction < 0:
                self.pressed = True  # pressed during the switch: too late to stop

    recorder = Late()
    result = run(recorder.watch)
    assert recorder.pressed and _terms(db) == 1
    assert result.safety_copy is not None and result.safety_copy.exists()
