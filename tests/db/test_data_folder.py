"""Moving the data folder from 系统设置: copy, verify, switch at the next start; refusals."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app import config
from app.db.engine import Database
from app.errors import AppError, PermissionDeniedError
from app.models import Term
from app.paths import PathTooLongError, check_length, sync_folder_of
from app.services.context import Actor
from app.services.data_folder import NOTE_NAME, SUBFOLDER, DataFolderService, SyncFolderError
from app.services.opening import open_database

ADMIN = Actor("admin")


@pytest.fixture
def home_db(zxlz_home: Path) -> Database:
    """The default database in the data folder, with a term, a backup and a user template."""
    db = open_database(config.default_db_path())
    with db.session() as session:
        session.add(Term(number=10, start_on=dt.date(2023, 1, 1)))
    (zxlz_home / "backups").mkdir(exist_ok=True)
    (zxlz_home / "backups" / "zxlz-20250101-daily.sqlite").write_bytes(b"backup bytes")
    (zxlz_home / "templates" / "工作报告").mkdir(parents=True)
    (zxlz_home / "templates" / "工作报告" / "我的模板.docx").write_bytes(b"PK template")
    (zxlz_home / ".~zxlz-999@host-abc-x.docx.tmp").write_bytes(b"leftover")
    yield db
    db.dispose()


def _terms(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM terms").fetchone()[0])
    finally:
        con.close()


def test_move_copies_verifies_and_switches_at_the_next_start(home_db: Database, zxlz_home: Path,
                                                             tmp_path: Path) -> None:
    target = tmp_path / "D盘" / "政协资料"
    result = DataFolderService(home_db).move(target, ADMIN)
    assert result.target == target.resolve() and result.files == 2
    assert _terms(target / "zxlz.sqlite") == 1
    assert (target / "templates" / "工作报告" / "我的模板.docx").read_bytes() == b"PK template"
    assert (target / "backups" / "zxlz-20250101-daily.sqlite").read_bytes() == b"backup bytes"
    assert not list(target.glob(".~zxlz-*"))  # leftovers are not carried along
    # the switch: what the next start reads
    assert config.pointer_file().read_text("utf-8").strip() == str(target.resolve())
    assert config.data_dir() == target.resolve()
    assert config.default_db_path() == target.resolve() / "zxlz.sqlite"
    assert config.backup_dir() == target.resolve() / "backups"
    # the old folder is as it was, with a note
    assert _terms(zxlz_home / "zxlz.sqlite") == 1
    assert str(target.resolve()) in (zxlz_home / NOTE_NAME).read_text("utf-8")
    moved = open_database(config.default_db_path())
    try:
        assert moved.file_path == target.resolve() / "zxlz.sqlite"
    finally:
        moved.dispose()


def test_moving_back_home_removes_the_pointer(home_db: Database, zxlz_home: Path,
                                             tmp_path: Path) -> None:
    service = DataFolderService(home_db)
    service.move(tmp_path / "elsewhere", ADMIN)
    home_db.dispose()
    at_new = open_database(config.default_db_path())
    try:
        (zxlz_home / "zxlz.sqlite").unlink()
        (zxlz_home / "zxlz.sqlite-wal").unlink(missing_ok=True)
        (zxlz_home / "zxlz.sqlite-shm").unlink(missing_ok=True)
        for child in ("backups", "templates"):
            import shutil

            shutil.rmtree(zxlz_home / child)
        (zxlz_home / NOTE_NAME).unlink()
        DataFolderService(at_new).move(zxlz_home, ADMIN)
    finally:
        at_new.dispose()
    assert not config.pointer_file().exists()
    assert config.data_dir() == zxlz_home


def test_a_folder_with_other_things_gets_a_subfolder(home_db: Database, tmp_path: Path) -> None:
    chosen = tmp_path / "D"
    chosen.mkdir()
    (chosen / "别的资料.txt").write_text("x", encoding="utf-8")
    plan = DataFolderService(home_db).plan(chosen)
    assert plan.target == chosen.resolve() / SUBFOLDER


@pytest.mark.parametrize("client_dir, client", [
    ("OneDrive - 某县政协", "OneDrive"), ("WPS Cloud Files", "WPS 云文档"),
    ("我的坚果云", "坚果云"), ("BaiduSyncdisk", "百度网盘同步空间")])
def test_a_sync_folder_needs_confirmation(home_db: Database, tmp_path: Path, client_dir: str,
                                          client: str) -> None:
    target = tmp_path / client_dir / "政协数据"
    service = DataFolderService(home_db)
    with pytest.raises(SyncFolderError) as caught:
        service.move(target, ADMIN)
    assert caught.value.client == client and "同步" in str(caught.value)
    assert not target.exists() and not config.pointer_file().exists()  # nothing done
    service.move(target, ADMIN, accept_sync=True)
    assert config.data_dir() == target.resolve()


def test_sync_folders_on_windows_paths() -> None:
    env = {"OneDrive": r"C:\Users\wang\OneDrive"}
    assert sync_folder_of(r"C:\Users\wang\OneDrive\文档\数据", env) == "OneDrive"
    assert sync_folder_of(r"C:\Users\wang\onedrive", env) == "OneDrive"
    assert sync_folder_of(r"D:\WPS云文档\政协", {}) == "WPS 云文档"
    assert sync_folder_of(r"D:\政协资料", env) is None
    assert sync_folder_of(r"C:\Users\wang\OneDriveBackup2", {"OneDrive": r"C:\x"}) == "OneDrive"


@pytest.mark.parametrize("make_target, message", [
    (lambda home, tmp: home / "inner", "里面"),
    (lambda home, tmp: Path("相对路径"), "完整的文件夹"),
    (lambda home, tmp: home, "不用移动"),
])
def test_refusals_change_nothing(home_db: Database, zxlz_home: Path, tmp_path: Path,
                                 make_target, message: str) -> None:
    with pytest.raises(AppError) as caught:
        DataFolderService(home_db).move(make_target(zxlz_home, tmp_path), ADMIN)
    assert message in str(caught.value)
    assert not config.pointer_file().exists() and config.data_dir() == zxlz_home


def test_a_full_target_is_refused_before_copying(home_db: Database, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1, 1, 1000))
    with pytest.raises(AppError, match="磁盘只剩"):
        DataFolderService(home_db).move(tmp_path / "小U盘", ADMIN)
    assert not (tmp_path / "小U盘").exists()


def test_a_failed_copy_removes_what_it_copied(home_db: Database, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from app import fileio
    from app.errors import FileWriteError

    real = fileio.copy_file
    calls: list[Path] = []

    def failing(source: Path, target: Path) -> Path:
        calls.append(Path(target))
        if len(calls) == 2:
            raise FileWriteError("磁盘空间不足，“我的模板.docx”没有复制。", Path(target),
                                 "disk_full")
        return real(source, target)

    monkeypatch.setattr(fileio, "copy_file", failing)
    target = tmp_path / "新位置"
    with pytest.raises(FileWriteError):
        DataFolderService(home_db).move(target, ADMIN)
    assert not target.exists() and not config.pointer_file().exists()


def test_only_an_administrator_moves_the_data(home_db: Database, tmp_path: Path) -> None:
    from app.domain.enums import UserRole

    with pytest.raises(PermissionDeniedError):
        DataFolderService(home_db).move(tmp_path / "x", Actor("clerk", UserRole.CLERK))


def test_a_pointer_to_nowhere_sensible_is_ignored(zxlz_home: Path) -> None:
    config.pointer_file().write_text("相对/路径\n", encoding="utf-8")
    assert config.data_dir() == zxlz_home


def test_windows_long_paths_are_refused_with_a_message(home_db: Database,
                                                      tmp_path: Path) -> None:
    long_path = "D:\\" + "\\".join(["政协履职工作台资料文件夹"] * 25)
    with pytest.raises(PathTooLongError) as caught:
        check_length(long_path, "保存", platform="win32")
    assert "路径太长" in str(caught.value) and "259" in str(caught.value)
    check_length(long_path, "保存", platform="linux")  # no such limit elsewhere
    check_length("D:\\政协资料\\报告.docx", "保存", platform="win32")


def test_move_with_postgresql_copies_the_files_only(pg_empty_url: str, zxlz_home: Path,
                                                   tmp_path: Path) -> None:
    db = open_database(pg_empty_url)
    try:
        (zxlz_home / "templates").mkdir()
        (zxlz_home / "templates" / "a.docx").write_bytes(b"PK a")
        result = DataFolderService(db).move(tmp_path / "new", ADMIN)
    finally:
        db.dispose()
    assert result.database is None and result.files == 1
    assert (tmp_path / "new" / "templates" / "a.docx").read_bytes() == b"PK a"
    assert not (tmp_path / "new" / "zxlz.sqlite").exists()


def test_the_installers_pointer_beside_the_program_is_read(zxlz_home: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """``setup.exe /S /DATA=D:\\政协数据`` writes zxlz-data.txt (UTF-16, BOM) beside the exe."""
    import sys

    program = tmp_path / "Programs" / "zxlz-workbench"
    program.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "zxlz-workbench.exe"))
    data = tmp_path / "D盘" / "政协数据"
    (program / config.INSTALL_POINTER_NAME).write_bytes(b"\xff\xfe" + str(data).encode("utf-16-le"))
    assert config.data_dir() == data and data.is_dir()
    # a clerk's own move (pointer in the default folder) wins over the installation's
    own = tmp_path / "自己选的"
    config.pointer_file().write_text(f"{own}\n", encoding="utf-8")
    assert config.data_dir() == own


def test_a_failed_copy_into_an_existing_empty_folder_leaves_it_empty(
        home_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app import fileio
    from app.errors import FileWriteError

    target = tmp_path / "已有的空文件夹"
    target.mkdir()

    def failing(source: Path, dest: Path) -> Path:
        raise FileWriteError("没有权限", Path(dest), "denied")

    monkeypatch.setattr(fileio, "copy_file", failing)
    with pytest.raises(FileWriteError):
        DataFolderService(home_db).move(target, ADMIN)
    assert target.is_dir() and list(target.iterdir()) == []
