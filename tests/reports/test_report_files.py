"""A draft and its 数据底稿 are replaced both-or-neither, and a generation reported as failed
leaves no file and no history entry — on SQLite and on PostgreSQL."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import fileio
from app.db.engine import Database
from app.errors import AppError
from app.reports.engine import ReportResult, generate
from app.reports.kinds import ReportRequest
from app.reports.period import Period
from app.reports.settings import ReportSettings
from app.services.documents import DocumentService
from app.services.opening import open_database


def opened(url: str | Path) -> Database:
    """An empty database with only 政协基本信息 (these tests are about files and the history
    table; the full seed is tested elsewhere)."""
    from app.domain.enums import CommitteeLevel
    from app.models import CommitteeSettings

    database = open_database(url, seed=False)
    with database.session() as session:
        session.add(CommitteeSettings(region="本县", level=CommitteeLevel.COUNTY))
    return database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = opened(tmp_path / "files.sqlite")
        yield database
        database.dispose()
        return
    server = request.getfixturevalue("pg_server")
    name = server.create("zxlz_files")
    try:
        database = opened(server.url(name))
        yield database
        database.dispose()
    finally:
        server.drop_later(name)


def make(db: Database, out: Path) -> ReportResult:
    return generate(db, ReportRequest("work-report", out, Period.year(2025)),
                    settings=ReportSettings())


def history(db: Database) -> int:
    return len(DocumentService(db).history(limit=10_000))


def temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(fileio.PREFIX)]


@pytest.fixture
def old_pair(db: Database, tmp_path: Path) -> tuple[Path, Path, bytes, bytes]:
    out = tmp_path / "out" / "工作报告.docx"
    out.parent.mkdir()
    result = make(db, out)
    assert result.evidence is not None
    return out, result.evidence, out.read_bytes(), result.evidence.read_bytes()


def test_pair_is_replaced_and_recorded(db: Database, old_pair: tuple[Path, Path, bytes, bytes]
                                       ) -> None:
    out, evidence, _, _ = old_pair
    before = history(db)
    files = (out.stat().st_ino, evidence.stat().st_ino)
    result = make(db, out)
    assert result.document_id is not None and history(db) == before + 1
    assert (out.stat().st_ino, evidence.stat().st_ino) != files  # both new files
    assert out.stat().st_ino != files[0] and evidence.stat().st_ino != files[1]
    assert temps(out.parent) == []


def evidence_disk_full(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    import app.reports.engine as engine

    real = engine.write_evidence

    def full(path: Path, *args: object) -> None:
        real(path, *args)  # type: ignore[arg-type]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(engine, "write_evidence", full)


def evidence_open_in_wps(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    real = os.replace

    def locked(src: object, dst: object) -> None:
        if Path(str(src)).name.endswith("数据底稿.xlsx"):  # moving the old one aside
            exc = PermissionError(errno.EACCES, "sharing violation")
            exc.winerror = 32  # type: ignore[attr-defined]
            raise exc
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio, "RETRY_DELAYS", ())
    monkeypatch.setattr(fileio.os, "replace", locked)


def folder_read_only(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    """Root ignores chmod: the read-only medium is simulated at the rename."""
    real = os.replace

    def refuse(src: object, dst: object) -> None:
        if Path(str(dst)).parent == out.parent:
            raise OSError(errno.EROFS, "Read-only file system")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio.os, "replace", refuse)


def history_fails(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    def broken(self: object, *args: object, **kwargs: object) -> None:
        raise AppError("历史记录写入失败。")

    monkeypatch.setattr(DocumentService, "record", broken)


FAULTS: dict[str, tuple[Callable[[pytest.MonkeyPatch, Path], None], str]] = {
    "evidence_disk_full": (evidence_disk_full, "磁盘空间不足"),
    "evidence_open_in_wps": (evidence_open_in_wps,
                             "请先在 WPS/Excel 中关闭“工作报告-数据底稿.xlsx”"),
    "folder_read_only": (folder_read_only, "只读"),
    "history_fails": (history_fails, "历史记录写入失败"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_failure_keeps_the_old_pair_and_writes_no_history(
        db: Database, old_pair: tuple[Path, Path, bytes, bytes],
        monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    out, evidence, old_docx, old_evidence = old_pair
    before = history(db)
    files = (out.stat().st_ino, evidence.stat().st_ino)
    inject, words = FAULTS[fault]
    inject(monkeypatch, out)
    with pytest.raises(AppError) as info:
        make(db, out)
    assert words in str(info.value)
    assert "可能已损坏" not in str(info.value)
    assert out.read_bytes() == old_docx
    assert evidence.read_bytes() == old_evidence
    assert (out.stat().st_ino, evidence.stat().st_ino) == files  # the very same files
    assert temps(out.parent) == []
    assert history(db) == before


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_failed_first_generation_leaves_nothing(db: Database, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                fault: str) -> None:
    out = tmp_path / "new" / "工作报告.docx"
    out.parent.mkdir()
    inject, _ = FAULTS[fault]
    inject(monkeypatch, out)
    before = history(db)
    if fault == "evidence_open_in_wps":  # no old workbook to be held: it succeeds
        make(db, out)
        assert history(db) == before + 1
        return
    with pytest.raises(AppError):
        make(db, out)
    assert list(out.parent.iterdir()) == []
    assert history(db) == before
