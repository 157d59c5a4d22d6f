"""Writes that never destroy: failure injection for every kind of fault, file groups, leftover
cleanup, the writability probe, the messages, and a real full disk (tmpfs) where it can be
mounted."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from app import fileio
from app.errors import AppError, FieldProblem, FileWriteError, clip
from tests.disks import tiny_tmpfs


def win_error(code: int) -> PermissionError:
    """A Windows refusal as Python raises it: errno EACCES with ``winerror`` set."""
    exc = PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。")
    exc.winerror = code  # type: ignore[attr-defined]
    return exc


FAULTS: dict[str, Callable[[], OSError]] = {
    "disk_full": lambda: OSError(errno.ENOSPC, "No space left on device"),
    "in_use": lambda: win_error(32),
    "read_only": lambda: OSError(errno.EROFS, "Read-only file system"),
    "denied": lambda: PermissionError(errno.EACCES, "Permission denied"),
    "too_long": lambda: OSError(errno.ENAMETOOLONG, "File name too long"),
}


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0.0, 0.0, 0.0))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(fileio.PREFIX))


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"previous contents")
    return path


def fail_replace(monkeypatch: pytest.MonkeyPatch, make: Callable[[], OSError]) -> list[int]:
    calls: list[int] = []

    def refuse(src: object, dst: object) -> None:
        calls.append(1)
        raise make()

    monkeypatch.setattr(fileio.os, "replace", refuse)
    return calls


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_failed_replace_keeps_previous_file_and_leaves_no_temp(
        monkeypatch: pytest.MonkeyPatch, old_file: Path, fault: str) -> None:
    fail_replace(monkeypatch, FAULTS[fault])
    with pytest.raises(FileWriteError) as info:
        fileio.write_bytes(old_file, b"new contents")
    assert info.value.fault == fault
    assert old_file.read_bytes() == b"previous contents"
    assert leftovers(old_file.parent) == []
    assert "名册.xlsx" in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_failed_write_keeps_previous_workbook(monkeypatch: pytest.MonkeyPatch, old_file: Path,
                                             fault: str) -> None:
    wb = Workbook()
    original_save = fileio._save_openpyxl

    def save_half(workbook: Workbook, path: Path) -> None:
        original_save(workbook, path)  # the temporary file exists, then the disk gives up
        raise FAULTS[fault]()

    monkeypatch.setattr(fileio, "_save_openpyxl", save_half)
    with pytest.raises(FileWriteError):
        fileio.save_workbook(wb, old_file)
    assert old_file.read_bytes() == b"previous contents"
    assert leftovers(old_file.parent) == []


def test_failed_fsync_is_a_disk_full_error(monkeypatch: pytest.MonkeyPatch,
                                           old_file: Path) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full)
    with pytest.raises(FileWriteError, match="磁盘空间不足"):
        fileio.write_text(old_file, "新内容")
    assert old_file.read_bytes() == b"previous contents"
    assert leftovers(old_file.parent) == []


def test_transient_refusal_is_retried(monkeypatch: pytest.MonkeyPatch, old_file: Path) -> None:
    real = os.replace
    refusals = [win_error(32), win_error(5)]

    def flaky(src: object, dst: object) -> None:
        if refusals:
            raise refusals.pop(0)
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "replace", flaky)
    fileio.write_bytes(old_file, b"new")
    assert old_file.read_bytes() == b"new"
    assert leftovers(old_file.parent) == []


def test_lasting_refusal_gives_up_after_the_retries(monkeypatch: pytest.MonkeyPatch,
                                                    old_file: Path) -> None:
    calls = fail_replace(monkeypatch, lambda: win_error(32))
    with pytest.raises(FileWriteError, match=re.escape("请先在 WPS/Excel 中关闭“名册.xlsx”后再试")):
        fileio.write_bytes(old_file, b"new")
    assert len(calls) == len(fileio.RETRY_DELAYS) + 1
    assert old_file.read_bytes() == b"previous contents"


def test_permanent_errors_are_not_retried(monkeypatch: pytest.MonkeyPatch,
                                          old_file: Path) -> None:
    calls = fail_replace(monkeypatch, FAULTS["disk_full"])
    with pytest.raises(FileWriteError):
        fileio.write_bytes(old_file, b"new")
    assert len(calls) == 1


def test_writers_produce_the_files(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "张琳"  # type: ignore[index]
    fileio.save_workbook(wb, tmp_path / "a.xlsx")
    assert load_workbook(tmp_path / "a.xlsx").active["A1"].value == "张琳"  # type: ignore[index]
    doc = Document()
    doc.add_paragraph("提案")
    fileio.save_document(doc, tmp_path / "b.docx")
    assert Document(str(tmp_path / "b.docx")).paragraphs[0].text == "提案"
    fileio.write_text(tmp_path / "c.json", "{}")
    fileio.copy_file(tmp_path / "c.json", tmp_path / "d.json")
    assert (tmp_path / "d.json").read_text(encoding="utf-8") == "{}"
    assert leftovers(tmp_path) == []


def test_copy_of_a_read_only_file_can_be_edited(tmp_path: Path) -> None:
    source = tmp_path / "内置模板.docx"
    source.write_bytes(b"template")
    os.utime(source, (1_700_000_000, 1_700_000_000))
    source.chmod(0o444)
    target = fileio.copy_file(source, tmp_path / "我的模板.docx")
    assert target.read_bytes() == b"template"
    assert target.stat().st_mode & 0o200  # the owner may write it
    assert target.stat().st_mtime == 1_700_000_000


def test_copy_of_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(AppError, match="不存在"):
        fileio.copy_file(tmp_path / "无.docx", tmp_path / "b.docx")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ groups


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    docx, xlsx = tmp_path / "报告.docx", tmp_path / "报告-数据底稿.xlsx"
    docx.write_bytes(b"old draft")
    xlsx.write_bytes(b"old evidence")
    return docx, xlsx


def write_pair(docx: Path, xlsx: Path) -> None:
    with fileio.FileGroup() as group:
        group.write(docx, lambda p: p.write_bytes(b"new draft"))
        group.write(xlsx, lambda p: p.write_bytes(b"new evidence"))
        group.commit()


def test_group_replaces_both(pair: tuple[Path, Path]) -> None:
    docx, xlsx = pair
    write_pair(docx, xlsx)
    assert (docx.read_bytes(), xlsx.read_bytes()) == (b"new draft", b"new evidence")
    assert leftovers(docx.parent) == []


@pytest.mark.parametrize("failing_call", [1, 2, 3, 4])
def test_group_failure_at_any_rename_keeps_both_old_files(
        monkeypatch: pytest.MonkeyPatch, pair: tuple[Path, Path], failing_call: int) -> None:
    """Calls: 1 old draft aside, 2 old evidence aside, 3 new draft in, 4 new evidence in."""
    docx, xlsx = pair
    real = os.replace
    count = [0]

    def replace(src: object, dst: object) -> None:
        count[0] += 1
        if count[0] == failing_call:
            raise win_error(32)
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio, "RETRY_DELAYS", ())
    monkeypatch.setattr(fileio.os, "replace", replace)
    with pytest.raises(FileWriteError, match="正被其他程序使用"):
        write_pair(docx, xlsx)
    assert (docx.read_bytes(), xlsx.read_bytes()) == (b"old draft", b"old evidence")
    assert leftovers(docx.parent) == []


def test_group_evidence_open_in_wps_names_the_workbook(monkeypatch: pytest.MonkeyPatch,
                                                       pair: tuple[Path, Path]) -> None:
    docx, xlsx = pair
    real = os.replace

    def locked(src: object, dst: object) -> None:
        if Path(str(src)) == xlsx:
            raise win_error(32)
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "replace", locked)
    expected = re.escape("请先在 WPS/Excel 中关闭“报告-数据底稿.xlsx”")
    with pytest.raises(FileWriteError, match=expected):
        write_pair(docx, xlsx)
    assert docx.read_bytes() == b"old draft"


def test_group_without_previous_files_leaves_nothing_on_failure(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    docx, xlsx = tmp_path / "新.docx", tmp_path / "新-数据底稿.xlsx"
    real = os.replace

    def second_fails(src: object, dst: object) -> None:
        if Path(str(dst)) == xlsx:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "replace", second_fails)
    with pytest.raises(FileWriteError, match="磁盘空间不足"):
        write_pair(docx, xlsx)
    assert list(tmp_path.iterdir()) == []


def test_group_left_without_commit_discards_temps(pair: tuple[Path, Path]) -> None:
    docx, _ = pair
    with pytest.raises(RuntimeError), fileio.FileGroup() as group:
        group.path(docx).write_bytes(b"new draft")
        raise RuntimeError("cancelled")
    assert docx.read_bytes() == b"old draft"
    assert leftovers(docx.parent) == []


# ------------------------------------------------------------------ leftovers


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_dead_processes_and_old_ones_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / f"{fileio.PREFIX}{dead_pid()}-abcdef-名册.xlsx.tmp"
    mine = fileio.temp_path(tmp_path / "正在写.xlsx")
    old = tmp_path / f"{fileio.PREFIX}{os.getpid()}-abcdef-旧.xlsx.tmp"
    odd = tmp_path / f"{fileio.PREFIX}garbage.tmp"
    unrelated = tmp_path / "名册.xlsx.tmp"
    for p in (dead, mine, old, odd, unrelated):
        p.write_bytes(b"x")
    day_ago = time.time() - fileio.STALE_AFTER - 60
    os.utime(old, (day_ago, day_ago))
    removed = fileio.clean_leftovers(tmp_path)
    assert sorted(removed) == sorted([dead, old, odd])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, unrelated.name])


def test_leftovers_of_another_pc_are_kept_until_old(tmp_path: Path) -> None:
    """A shared folder: another PC's process list is unknown here, so only age counts."""
    other = tmp_path / f"{fileio.PREFIX}{dead_pid()}@zzzz-abcdef-名册.xlsx.tmp"
    other.write_bytes(b"x")
    assert fileio.clean_leftovers(tmp_path) == [] and other.exists()
    day_ago = time.time() - fileio.STALE_AFTER - 60
    os.utime(other, (day_ago, day_ago))
    assert fileio.clean_leftovers(tmp_path) == [other]


def test_interrupted_group_puts_the_previous_version_back(tmp_path: Path) -> None:
    pid = dead_pid()
    # crash after the old draft was moved aside, before the new one was moved in
    (tmp_path / f"{fileio.PREFIX}{pid}-aaaaaa-报告.docx.prev").write_bytes(b"old draft")
    # crash after both were placed, before the old evidence was deleted
    (tmp_path / "底稿.xlsx").write_bytes(b"new evidence")
    (tmp_path / f"{fileio.PREFIX}{pid}-bbbbbb-底稿.xlsx.prev").write_bytes(b"old evidence")
    fileio.clean_leftovers(tmp_path)
    assert (tmp_path / "报告.docx").read_bytes() == b"old draft"
    assert (tmp_path / "底稿.xlsx").read_bytes() == b"new evidence"
    assert leftovers(tmp_path) == []


CRASHING_CHILD = """
import os, sys
from pathlib import Path
from app import fileio

folder, stop_at = Path(sys.argv[1]), int(sys.argv[2])
calls = [0]
real_replace, real_unlink = os.replace, os.unlink

def counted(real):
    def step(*args, **kwargs):
        calls[0] += 1
        if calls[0] == stop_at:
            os._exit(9)  # killed: no rollback, no finally
        return real(*args, **kwargs)
    return step

os.replace, os.unlink = counted(real_replace), counted(real_unlink)
with fileio.FileGroup() as group:
    group.write(folder / "报告.docx", lambda p: p.write_bytes(b"new draft"))
    group.write(folder / "报告-数据底稿.xlsx", lambda p: p.write_bytes(b"new evidence"))
    group.commit()
"""


@pytest.mark.parametrize("stop_at", range(1, 8))
def test_a_killed_pair_write_is_undone_or_finished_at_the_next_start(
        tmp_path: Path, stop_at: int) -> None:
    """Killed at each rename/delete of a pair: the next start finds the old pair or the new
    pair, never one of each, and no temporary file."""
    docx, xlsx = tmp_path / "报告.docx", tmp_path / "报告-数据底稿.xlsx"
    docx.write_bytes(b"old draft")
    xlsx.write_bytes(b"old evidence")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", CRASHING_CHILD, str(tmp_path), str(stop_at)],
                          cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    fileio.clean_leftovers(tmp_path)
    pair = (docx.read_bytes(), xlsx.read_bytes())
    if done.returncode == 9:
        assert pair in ((b"old draft", b"old evidence"), (b"new draft", b"new evidence"))
    else:  # fewer steps than stop_at: it finished
        assert done.returncode == 0 and pair == (b"new draft", b"new evidence")
    assert leftovers(tmp_path) == []


def test_clean_startup_covers_data_backups_and_templates(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZXLZ_HOME", str(tmp_path))
    pid = dead_pid()
    folders = [tmp_path, tmp_path / "backups", tmp_path / "templates" / "work_report"]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{fileio.PREFIX}{pid}-cccccc-x.docx.tmp").write_bytes(b"x")
    assert len(fileio.clean_startup()) == 3
    assert all(leftovers(folder) == [] for folder in folders)


def test_writing_cleans_the_target_folder(tmp_path: Path) -> None:
    stale = tmp_path / f"{fileio.PREFIX}{dead_pid()}-dddddd-名册.xlsx.tmp"
    stale.write_bytes(b"x")
    fileio.write_bytes(tmp_path / "名册.xlsx", b"new")
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ writability


def test_writable_probe_creates_and_removes_a_file(tmp_path: Path) -> None:
    assert fileio.writable(tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert not fileio.writable(tmp_path / "没有这个文件夹")


def test_writable_probe_sees_what_os_access_does_not(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    """Windows: ``os.access`` says yes, creating a file is refused (ACL, read-only share)."""
    monkeypatch.setattr(os, "access", lambda *a, **k: True)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    assert not fileio.writable(tmp_path)


# ------------------------------------------------------------------ messages


@pytest.mark.parametrize(("exc", "fault", "words"), [
    (OSError(errno.ENOSPC, "x"), "disk_full", "磁盘空间不足"),
    (win_error(112), "disk_full", "磁盘空间不足"),
    (win_error(39), "disk_full", "磁盘空间不足"),
    (PermissionError(errno.EACCES, "x"), "denied", "没有权限"),
    (PermissionError(errno.EPERM, "x"), "denied", "没有权限"),
    (win_error(5), "denied", "没有权限"),
    (win_error(32), "in_use", "请先在 WPS/Word 中关闭“报告.docx”后再试"),
    (win_error(33), "in_use", "正被其他程序使用"),
    (OSError(errno.EROFS, "x"), "read_only", "只读"),
    (win_error(19), "read_only", "只读"),
    (OSError(errno.ENAMETOOLONG, "x"), "too_long", "路径太长"),
    (win_error(206), "too_long", "路径太长"),
    (FileNotFoundError(errno.ENOENT, "x"), "missing_folder", "不存在"),
    (OSError(errno.EIO, "Input/output error"), "other", "Input/output error"),
])
def test_one_plain_line_per_fault(exc: OSError, fault: str, words: str) -> None:
    error = fileio.file_error(exc, Path("/文档/报告.docx"))
    assert error.fault == fault
    assert words in str(error)
    assert "报告.docx" in str(error)
    assert "\n" not in str(error)
    assert "损坏" not in str(error)


def test_each_fault_has_its_own_message() -> None:
    path = Path("/文档/报告.docx")
    texts = {fileio.describe(exc, path) for exc in (
        OSError(errno.ENOSPC, "x"), PermissionError(errno.EACCES, "x"), win_error(32),
        OSError(errno.EROFS, "x"), OSError(errno.ENAMETOOLONG, "x"))}
    assert len(texts) == 5


def test_quoted_values_are_cut() -> None:
    long = "长" * 32767
    assert clip(long) == "长" * 40 + "…（共32767字）"
    assert clip("短") == "短"
    assert clip(None) == ""
    assert clip("一行\n两行") == "一行 两行"
    text = str(FieldProblem("name", "姓名", long, "不能超过20字"))
    assert len(text) < 80 and "共32767字" in text


# ------------------------------------------------------------------ a real full disk


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    with tiny_tmpfs(tmp_path / "disk", "256k") as disk:
        yield disk


def test_full_disk_keeps_the_previous_file(tiny_disk: Path) -> None:
    target = tiny_disk / "名册.xlsx"
    previous = os.urandom(150 * 1024)
    fileio.write_bytes(target, previous)
    with pytest.raises(FileWriteError, match="磁盘空间不足") as info:
        fileio.write_bytes(target, os.urandom(200 * 1024))
    assert info.value.fault == "disk_full"
    assert target.read_bytes() == previous
    assert leftovers(tiny_disk) == []


def test_full_disk_keeps_the_previous_pair(tiny_disk: Path) -> None:
    docx, xlsx = tiny_disk / "报告.docx", tiny_disk / "报告-数据底稿.xlsx"
    docx.write_bytes(b"old draft")
    xlsx.write_bytes(b"old evidence")
    with pytest.raises(FileWriteError, match="磁盘空间不足"), fileio.FileGroup() as group:
        group.write(docx, lambda p: p.write_bytes(os.urandom(100 * 1024)))
        group.write(xlsx, lambda p: p.write_bytes(os.urandom(200 * 1024)))
        group.commit()
    assert (docx.read_bytes(), xlsx.read_bytes()) == (b"old draft", b"old evidence")
    assert leftovers(tiny_disk) == []


def test_full_disk_workbook_closes_its_file(tiny_disk: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl's own save left the zip file open on a full disk (an unraisable error when
    it was collected later; on Windows a temporary file that cannot be deleted)."""
    import gc
    import secrets
    import sys

    from openpyxl import Workbook

    target = tiny_disk / "名册.xlsx"
    fileio.write_bytes(target, b"previous")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for _ in range(1000):
        sheet.append([secrets.token_hex(500)])  # does not compress: more than the disk holds
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with pytest.raises(FileWriteError, match="磁盘空间不足"):
        fileio.save_workbook(book, target)
    gc.collect()
    assert unraisable == []
    assert target.read_bytes() == b"previous"
    assert leftovers(tiny_disk) == []
