"""Exchange files under faults: an export that cannot be written keeps the previous workbook,
the error workbook finds a folder it can really write (and says where), and a committed
"只导入没有问题的行" is reported as a success even when no error workbook could be written."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app import config, fileio
from app.cli import main
from app.errors import FileWriteError
from app.exchange import errors_book
from app.exchange.apply import ImportRefusedError, apply
from app.exchange.plan import analyse
from app.models import Member
from tests.disks import tiny_tmpfs


def _messy(book: Any) -> Path:
    return book("roster.xlsx", [["姓名", "出生年月", "界别", "身份证号"],
                                ["陈晨", "1990.01", "航天界", None],
                                ["孙立", "1975.03", "农业", None]])


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(fileio.PREFIX)]


def _refuse_replace(monkeypatch: pytest.MonkeyPatch, make: Callable[[], OSError]) -> None:
    def refuse(src: object, dst: object) -> None:
        raise make()

    monkeypatch.setattr(fileio, "RETRY_DELAYS", ())
    monkeypatch.setattr(fileio.os, "replace", refuse)


def _in_use() -> OSError:
    exc = PermissionError(errno.EACCES, "sharing violation")
    exc.winerror = 32  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(("fault", "words"), [
    (lambda: OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
    (_in_use, "请先在 WPS/Excel 中关闭“名册.xlsx”后再试"),
    (lambda: OSError(errno.EROFS, "Read-only file system"), "只读"),
])
def test_cli_export_that_fails_keeps_the_old_workbook(db: Any, world: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: Any, fault: Any,
                                                      words: str) -> None:
    out = tmp_path / "名册.xlsx"
    assert main(["export", "roster", "--out", str(out), "--db", db.url]) == 0
    before = out.read_bytes()
    capsys.readouterr()
    _refuse_replace(monkeypatch, fault)
    assert main(["export", "roster", "--out", str(out), "--db", db.url]) == 2
    err = capsys.readouterr().err
    assert words in err and "程序内部错误" not in err and "损坏" not in err
    assert len(err.strip().splitlines()) == 1
    assert out.read_bytes() == before
    assert _temps(tmp_path) == []


def test_cli_cleans_leftovers_at_start(db: Any, world: Any, tmp_path: Path) -> None:
    home = config.data_dir()
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    leftover = home / f"{fileio.PREFIX}{proc.pid}-abcdef-import_mappings.json.tmp"
    leftover.write_text("{", encoding="utf-8")
    assert main(["template-xlsx", "members", "--out", str(tmp_path / "t.xlsx"),
                 "--db", db.url]) == 0
    assert not leftover.exists()


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    with tiny_tmpfs(tmp_path / "disk", "256k") as disk:
        yield disk


def test_export_on_a_really_full_disk_keeps_the_old_workbook(db: Any, world: Any,
                                                              tiny_disk: Path,
                                                              capsys: Any) -> None:
    out = tiny_disk / "委员.xlsx"
    assert main(["export", "members", "--out", str(out), "--db", db.url]) == 0
    before = out.read_bytes()
    with open(tiny_disk / "filler", "wb", buffering=0) as filler:  # fill it to the last block
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass
    capsys.readouterr()
    assert main(["export", "members", "--out", str(out), "--db", db.url]) == 2
    assert "磁盘空间不足" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert _temps(tiny_disk) == []


# ------------------------------------------------------------------ error workbooks


def test_error_workbook_falls_back_when_the_folder_cannot_be_written(
        db: Any, world: Any, book: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows: ``os.access`` says yes, creating a file is refused; the probe sees it."""
    path = _messy(book)
    plan = analyse(db, path, "members")
    monkeypatch.setattr(os, "access", lambda *a, **k: True)
    real = fileio.writable
    monkeypatch.setattr(fileio, "writable", lambda folder: Path(folder) != path.parent
                        and real(folder))
    written, note = errors_book.save_error_book(plan, plan.invalid)
    assert written is not None and written.parent == config.data_dir() / "导入错误"
    assert str(path.parent) in note and str(written) in note
    assert [r[0] for r in load_workbook(written).active.iter_rows(  # type: ignore[union-attr]
        min_row=2, values_only=True)] == ["陈晨"]


def test_error_workbook_written_elsewhere_when_saving_it_fails(
        db: Any, world: Any, book: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _messy(book)
    plan = analyse(db, path, "members")
    real = errors_book.write_error_book

    def full_beside(plan: Any, entries: Any, target: Path | None = None,
                    fates: Any = ()) -> Path:
        assert target is not None
        if target.parent == path.parent:
            raise fileio.file_error(OSError(errno.ENOSPC, "full"), target)
        return real(plan, entries, target, fates)

    monkeypatch.setattr(errors_book, "write_error_book", full_beside)
    written, note = errors_book.save_error_book(plan, plan.invalid)
    assert written is not None and written.parent.name == "导入错误"
    assert "磁盘空间不足" in note and "已改存到" in note
    assert not [p for p in path.parent.iterdir() if "未导入的行" in p.name]
    assert _temps(path.parent) == []


def _no_error_workbook_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(plan: Any, entries: Any, target: Path | None = None, fates: Any = ()) -> Path:
        raise fileio.file_error(OSError(errno.EROFS, "read-only"), target or Path("x.xlsx"))

    monkeypatch.setattr(errors_book, "write_error_book", fail)


def test_valid_rows_import_is_a_success_when_the_error_workbook_fails(
        db: Any, world: Any, actor: Any, book: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _messy(book)
    plan = analyse(db, path, "members")
    _no_error_workbook_anywhere(monkeypatch)
    result = apply(db, plan, actor, skip_invalid=True)  # no exception: the rows are written
    assert len(result.created) == 1 and len(result.rejected) == 1
    assert result.error_book is None
    assert "没能另存为错误工作簿" in result.error_book_note and "只读" in result.error_book_note
    with db.reader() as session:
        assert session.get(Member, result.created[0]).name == "孙立"


def test_cli_valid_rows_import_reports_what_was_written(db: Any, world: Any, book: Any,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: Any) -> None:
    path = _messy(book)
    _no_error_workbook_anywhere(monkeypatch)
    code = main(["import", "members", str(path), "--skip-invalid", "--db", db.url])
    out, err = capsys.readouterr()
    assert code == 1  # some rows were left out, as before; not an error exit
    assert "导入完成：新增1条" in out
    assert "没能另存为错误工作簿" in err and "错误：" not in err


def test_refused_import_still_refuses_when_the_error_workbook_fails(
        db: Any, world: Any, actor: Any, book: Any, snapshot: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = _messy(book)
    plan = analyse(db, path, "members")
    before = snapshot()
    _no_error_workbook_anywhere(monkeypatch)
    with pytest.raises(ImportRefusedError) as info:
        apply(db, plan, actor)
    assert info.value.error_book is None
    assert "没能另存为错误工作簿" in info.value.error_book_note
    assert snapshot() == before


def test_field_problem_messages_cut_long_cells(db: Any, world: Any, book: Any) -> None:
    long = "很" * 32767
    path = book("long.xlsx", [["姓名", "界别", "工作单位及职务"], ["周正", long, "县医院"]])
    plan = analyse(db, path, "members")
    text = "；".join(str(p) for p in plan.all_problems())
    assert "共32767字" in text
    assert len(text) < 400


def test_export_view_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    from app.exchange.view_export import export_view

    out = tmp_path / "列表.xlsx"
    export_view(out, "委员", ["姓名"], [["张琳"]])
    before = out.read_bytes()
    _refuse_replace(monkeypatch, _in_use)
    with pytest.raises(FileWriteError, match="请先在 WPS/Excel 中关闭"):
        export_view(out, "委员", ["姓名"], [["李强"]])
    assert out.read_bytes() == before and _temps(tmp_path) == []


def test_a_mapping_that_cannot_be_remembered_does_not_stop_the_import(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.exchange import mappings

    assert mappings.remember("members", "sig", {"名字": "name"})
    path = config.data_dir() / mappings.FILE_NAME
    before = path.read_bytes()
    _refuse_replace(monkeypatch, lambda: OSError(errno.ENOSPC, "No space left on device"))
    assert mappings.remember("members", "sig2", {"姓名": "name"}) is False
    assert path.read_bytes() == before and _temps(path.parent) == []
    assert mappings.remembered("members", "sig") == {"名字": "name"}
