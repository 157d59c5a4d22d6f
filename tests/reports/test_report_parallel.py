"""数据底稿 is written on a thread of its own while the draft is laid out and saved: the pair is
what it was when written one after the other, a failure or a cancel of the draft discards
both files and waits for the thread, and the workbook's sheets stay plain ASCII XML (every
text in the shared strings) — on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import errno
import threading
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.errors import AppError
from app.reports import engine
from app.reports.engine import ReportCancelledError, ReportResult, generate
from app.reports.evidence_book import BookInfo, EvidenceStoppedError, write_evidence
from app.reports.kinds import ReportRequest
from app.reports.period import Period
from app.reports.settings import ReportSettings
from app.reports.xlsx_writer import Workbook
from tests.reports.conftest import TODAY, ReportDemo

Y2025 = Period.year(2025)


def _generate(demo: ReportDemo, out: Path, **kwargs: object) -> ReportResult:
    return generate(demo.db, ReportRequest("work-report", out, Y2025), today=TODAY,
                    settings=ReportSettings(), record=False, **kwargs)  # type: ignore[arg-type]


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(path)
    return {ws.title: [r for r in ws.iter_rows(values_only=True) if r[0] != "生成时间"]
            for ws in wb.worksheets}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _no_writer_left() -> bool:
    return all(t.name != "数据底稿" for t in threading.enumerate())


def test_the_pair_is_what_one_after_the_other_gives(report_demo: ReportDemo,
                                                    tmp_path: Path) -> None:
    with_book = _generate(report_demo, tmp_path / "a.docx")
    alone = _generate(report_demo, tmp_path / "b.docx", evidence=False)
    assert alone.evidence is None and not (tmp_path / "b-数据底稿.xlsx").exists()
    assert _parts(with_book.path) == _parts(alone.path)  # the draft: byte for byte
    assert with_book.evidence is not None
    direct = tmp_path / "direct.xlsx"  # the same figures, written on this thread
    write_evidence(direct, report_demo.db, list(with_book.used),
                   BookInfo(with_book.title, "常委会工作报告", Y2025.label,
                            str(with_book.template), report_demo.db.display_location(),
                            dt.datetime.now()))
    threaded = _cells(with_book.evidence)
    assert threaded == _cells(direct)
    assert sum(len(rows) for rows in threaded.values()) > 1000  # the county's records
    assert _no_writer_left()


def test_a_draft_that_cannot_be_saved_discards_the_workbook_too(
        report_demo: ReportDemo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "full" / "工作报告.docx"
    out.parent.mkdir()

    def full(self: object, path: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(engine.CheckedTemplate, "save", full)
    with pytest.raises(AppError, match="磁盘空间不足"):
        _generate(report_demo, out)
    assert list(out.parent.iterdir()) == []  # neither file, no temporary left behind
    assert _no_writer_left()


def test_a_cancel_while_the_workbook_is_written_leaves_nothing(
        report_demo: ReportDemo, tmp_path: Path) -> None:
    out = tmp_path / "cancel" / "工作报告.docx"
    out.parent.mkdir()
    said: list[str] = []
    with pytest.raises(ReportCancelledError):
        _generate(report_demo, out, progress=lambda message, _f: said.append(message),
                  should_cancel=lambda: "正在排版……" in said)
    assert said[-1] == "正在排版……"  # cancelled at the next step, the workbook under way
    assert list(out.parent.iterdir()) == []
    assert _no_writer_left()


def test_the_workbook_stops_when_asked(report_demo: ReportDemo, tmp_path: Path) -> None:
    used = list(_generate(report_demo, tmp_path / "c.docx", evidence=False).used)
    info = BookInfo("t", "常委会工作报告", Y2025.label, "t.docx", "db", dt.datetime.now())
    with pytest.raises(EvidenceStoppedError):
        write_evidence(tmp_path / "stopped.xlsx", report_demo.db, used, info, lambda: True)


def test_sheets_are_ascii_and_read_back_as_written(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.add("明细-提案")
    ws.header(["指标代号", "记录"], [10, 20])
    rows: list[list[object]] = [["proposals.total", "十届三次会议第001号　关于“菜篮子”<工程>&"],
                                ["x", "bell\x07gone\tand tab"], [3, 4.5]]
    for row in rows:
        ws.append(row)
    path = tmp_path / "w.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/worksheets/sheet1.xml").isascii()
    got = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert got == [("指标代号", "记录"), ("proposals.total", rows[0][1]),
                   ("x", "bellgone\tand tab"), (3, 4.5)]


def test_every_record_query_reads_what_sqlalchemy_reads(report_demo: ReportDemo) -> None:
    """On SQLite the record queries go through the driver's own rows (text and integers
    only); each gives exactly SQLAlchemy's rows, by ranges and by lists of ids, and one
    selecting a converted column (a ``Numeric``) stays with SQLAlchemy."""
    import random

    from sqlalchemy import select

    import app.reports.evidence as evidence
    from app.models import Event

    queries = {k: v for k, v in vars(evidence).items() if isinstance(v, evidence.ById)}
    assert len(queries) >= 14
    with report_demo.db.reader() as s:
        for name, query in queries.items():
            table = query.ranged.get_final_froms()[0]
            ids = sorted(s.scalars(select(query.ranged.selected_columns[0])
                                   .select_from(table)))
            rng = random.Random(7)
            # a dense run read as a range, scattered ids read as a list, an unknown id
            wanted = ids[: len(ids) // 2] + rng.sample(ids, min(40, len(ids))) + [10**9]
            got = sorted(tuple(r) for r in query.rows(s, wanted))
            plain = sorted(tuple(r) for r in s.execute(
                query.listed, {"ids": sorted(set(wanted))}).all())
            assert got == plain, name
        summed = evidence.ById(select(Event.id, Event.funds_raised), Event.id)
        events = sorted(s.scalars(select(Event.id).where(Event.funds_raised > 0)))
        assert events
        got = sorted(tuple(r) for r in summed.rows(s, events))
        plain = sorted(tuple(r) for r in s.execute(
            select(Event.id, Event.funds_raised).where(Event.id.in_(events))).all())
        assert got == plain  # and of the same types (a Decimal equals a float)
        assert [type(r[1]) for r in got] == [type(r[1]) for r in plain]
