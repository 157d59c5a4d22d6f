"""Templates, the field reference and the report settings under faults: Word holding the
template, a full disk, a file open in WPS — a plain message, the previous file unchanged."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from app import fileio
from app.errors import FileWriteError
from app.reports import templates
from app.reports.field_reference import export_reference, reference_rows
from app.reports.kinds import get_kind
from app.reports.settings import ReportSettings, load_settings, save_settings


def held() -> OSError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file")
    exc.winerror = 32  # type: ignore[attr-defined]
    return exc


def refuse_replace(monkeypatch: pytest.MonkeyPatch, make: Callable[[], OSError]) -> None:
    def refuse(src: object, dst: object) -> None:
        raise make()

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0.0,))
    monkeypatch.setattr(fileio.os, "replace", refuse)


def temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(fileio.PREFIX)]


def test_restore_while_word_holds_the_template(monkeypatch: pytest.MonkeyPatch) -> None:
    kind = get_kind("work-report")
    own = templates.customize(kind.key)
    before = own.read_bytes()
    refuse_replace(monkeypatch, held)
    with pytest.raises(FileWriteError) as info:
        templates.restore_builtin(kind.key)
    text = str(info.value)
    assert f"请先在 WPS/Word 中关闭“{own.name}”后再试" in text
    assert "PermissionError" not in text and "意外错误" not in text
    assert own.read_bytes() == before
    assert [p.name for p in own.parent.iterdir()] == [own.name]


def test_restore_retries_a_brief_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    kind = get_kind("work-report")
    own = templates.customize(kind.key)
    real = os.replace
    holds = [held()]

    def scanner(src: object, dst: object) -> None:
        if holds:
            raise holds.pop()
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0.0,))
    monkeypatch.setattr(fileio.os, "replace", scanner)
    backup = templates.restore_builtin(kind.key)
    assert backup is not None and backup.exists() and not own.exists()


@pytest.mark.parametrize("fault", [
    lambda: OSError(errno.ENOSPC, "No space left on device"),
    lambda: OSError(errno.EROFS, "Read-only file system"),
])
def test_customize_and_add_on_a_failing_disk_leave_nothing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fault: Callable[[], OSError]) -> None:
    kind = get_kind("work-report")
    folder = templates.user_dir(kind)
    source = tmp_path / "我的报告.docx"
    source.write_bytes(templates.builtin_template(kind).read_bytes())
    refuse_replace(monkeypatch, fault)
    with pytest.raises(FileWriteError):
        templates.customize(kind.key)
    with pytest.raises(FileWriteError):
        templates.add_template(kind.key, source)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_field_reference_onto_an_open_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           suffix: str) -> None:
    out = tmp_path / f"字段说明{suffix}"
    rows = reference_rows("work-report")[:5]
    export_reference(out, rows)
    before = out.read_bytes()
    refuse_replace(monkeypatch, held)
    with pytest.raises(FileWriteError, match=r"请先在 WPS/(Excel|Word) 中关闭“字段说明"):
        export_reference(out, rows)
    assert out.read_bytes() == before and temps(tmp_path) == []


def test_settings_survive_a_full_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "report_settings.json"
    save_settings(ReportSettings(fonts={"body": "仿宋_GB2312"}), path)
    refuse_replace(monkeypatch, lambda: OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(FileWriteError, match="磁盘空间不足"):
        save_settings(ReportSettings(fonts={"body": "宋体"}), path)
    assert load_settings(path).fonts == {"body": "仿宋_GB2312"}
    assert temps(tmp_path) == []
