"""数字核对 (app/reports/reconcile.py): the year's three drafts and last year's recorded drafts
side by side on the demo, every difference explained; the sheet written atomically."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.demo import generate_demo
from app.errors import AppError
from app.reports.engine import generate
from app.reports.figure_text import exact_text
from app.reports.figures import compute
from app.reports.kinds import ReportRequest
from app.reports.period import Period
from app.reports.reconcile import (
    COMMITTEE,
    DOCUMENTS,
    EXPLAINED,
    MISMATCH,
    SAME,
    cohort,
    reconcile,
    write_sheet,
)
from app.services.documents import DocumentService
from app.services.proposals import ProposalService
from tests.versions import versions


@pytest.fixture
def demo(db):
    generate_demo(db, scale="county", seed=2025)
    return db


def _line(result, key: str, scope: str = COMMITTEE, period: str = "2025年"):
    found = [ln for ln in result.lines if (ln.key, ln.scope, ln.period) == (key, scope, period)]
    assert len(found) == 1, (key, scope, period)
    return found[0]


def test_the_years_drafts_and_last_years_draft_side_by_side(demo, actor, tmp_path) -> None:
    # last year's work report, recorded in the history as the client or CLI records it
    generate(demo, ReportRequest("work-report", tmp_path / "2024.docx", Period.year(2024)),
             actor=actor, evidence=False)
    last = DocumentService(demo).history(kind="work-report")[0]
    # the history keeps the draft's own year: 2024's figures, not 2023's used for 比上年
    now_2024 = compute(demo, ["proposals.received", "opinions.received"], Period.year(2024))
    for key, fv in now_2024.items():
        assert last.figures[key] == exact_text(fv.value, fv.unit), key

    # a 2024 proposal deleted after last year's draft was written
    svc = ProposalService(demo)
    from app.models import Proposal

    with demo.reader() as s:
        gone = s.scalars(select(Proposal.id).where(
            Proposal.submitted_on.between(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
            Proposal.deleted_at.is_(None)).order_by(Proposal.id).limit(1)).one()
    svc.delete(actor, versions(svc, [gone]))

    result = reconcile(demo, 2025)
    assert not result.unexplained
    assert [d.kind for d in result.history] == ["work-report"]
    this_year = compute(demo, ["proposals.received", "proposals.accepted"], Period.year(2025))

    # the same figure, same scope and period: the same number in all three drafts
    received = _line(result, "proposals.received")
    assert set(received.cells) == {k for k, _ in DOCUMENTS}
    assert {c.split("（")[0] for c in received.cells.values()} == {
        str(this_year["proposals.received"].value)}
    # last year's column comes from the history, and differs by period
    assert received.last_year == last.figures["proposals.received"]
    assert received.status == EXPLAINED and "期间不同" in received.explanation

    # the 2024 figure this year's 比上年 uses: the records changed since last year's draft
    before = _line(result, "proposals.received", period="2024年")
    assert before.last_year == str(now_2024["proposals.received"].value)
    assert "上年文稿生成后记录有增删改" in before.explanation
    assert f"重算为{now_2024['proposals.received'].value - 1}" in before.explanation

    # the review's sections: another scope, explained with the unit's own definition
    scoped = [ln for ln in result.lines if ln.scope != COMMITTEE]
    assert scoped and all(ln.status == EXPLAINED and "范围不同" in ln.explanation
                          for ln in scoped)
    assert any("只计归口该单位" in ln.explanation or "只计该单位" in ln.explanation
               for ln in scoped)
    # every line says something; only lines that agree are 一致
    for ln in result.lines:
        assert ln.explanation, ln.key
        assert ln.status in (SAME, EXPLAINED)
        if ln.status == SAME:
            assert ln.scope == COMMITTEE and ln.period == "2025年"
    # figures easily confused: values and why they differ (cohort from the definitions)
    pair = next(p for p in result.pairs if p.second == "proposals.supervision_visits")
    assert "统计的批次不同" in pair.short and "按督办日期" in pair.short
    accepted = next(p for p in result.pairs if p.second == "proposals.accepted")
    assert accepted.second_value == f"{this_year['proposals.accepted'].value}件"

    out = write_sheet(result, tmp_path / "核对.xlsx", database="demo")
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames == ["说明", "数字核对", "口径对照"]
    rows = list(wb["数字核对"].iter_rows(values_only=True))
    assert rows[0][:5] == ("指标代号", "指标名称", "单位", "范围", "统计期间")
    assert len(rows) == len(result.lines) + 1
    by_key = {(r[0], r[3], r[4]): r for r in rows[1:]}
    assert by_key[("proposals.received", COMMITTEE, "2025年")][-1].startswith("按提出（收到）计")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~zxlz")]


def test_without_last_years_drafts_the_sheet_says_so(demo, tmp_path) -> None:
    result = reconcile(demo, 2025)
    assert not result.history
    assert any("没有2024年" in n for n in result.notes)
    assert all(not ln.last_year for ln in result.lines)
    # nothing recorded: the reconciliation's own renders are not history
    assert DocumentService(demo).history() == []


def test_the_sheet_is_refused_outside_an_existing_folder_or_as_another_type(demo, tmp_path
                                                                            ) -> None:
    result = reconcile(demo, 2025)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(AppError, match="不存在"):
        write_sheet(result, folder / "无此文件夹" / "核对.xlsx")
    with pytest.raises(AppError, match=r"\.xlsx"):
        write_sheet(result, folder / "核对.docx")
    assert list(folder.iterdir()) == []


def test_a_mismatch_is_flagged_not_hidden() -> None:
    from app.reports.reconcile import Line, _explain

    line = Line("proposals.received", "收到提案", "件", COMMITTEE, "2025年", "定义",
                {"work-report": "245", "proposal-report": "244", "year-review": "245"})
    _explain(line, 2025, dict(DOCUMENTS), None)
    assert line.status == MISMATCH and "请重新生成" in line.explanation


@pytest.mark.parametrize(("definition", "expected"), [
    ("提交日期在统计期间内的提案件数", "按提出（收到）计"),
    ("统计期间内开展的督办次数，按督办日期", "按督办日期"),
    ("统计期间内开始的、类型属于“会议”类的会议活动次数。", "按活动开始日期"),
    ("已办复件数 ÷ 立案件数 × 100", "比率"),
])
def test_cohort_is_read_from_the_definition(definition: str, expected: str) -> None:
    assert expected in cohort(definition)


def test_the_cli_writes_the_sheet(demo, db_url, tmp_path, capsys) -> None:
    from app.cli import main

    out = tmp_path / "2025年数字核对表.xlsx"
    assert main(["reconcile", "--year", "2025", "--db", db_url, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "口径对照：督办提案" in printed and "数字核对表已保存" in printed
    assert "没有2024年" in printed
    assert len(list(load_workbook(out, read_only=True)["数字核对"].iter_rows())) > 50
    assert main(["reconcile", "--year", "2025", "--db", db_url,
                 "--out", str(tmp_path / "x.csv")]) == 2
    assert "应保存为 .xlsx" in capsys.readouterr().err


def test_history_keeps_only_the_drafts_own_period(demo, actor, tmp_path) -> None:
    result = generate(demo, ReportRequest("proposal-report", tmp_path / "p.docx",
                                          Period.year(2025)), actor=actor, evidence=False)
    fv = compute(demo, ["proposals.received"], Period.year(2025))["proposals.received"]
    assert result.values["proposals.received"] == str(fv.value)
    # the draft used 2024's too (比上年减少…), but not under this year's key
    assert any(u.key == "proposals.received" and u.period == "2024年" for u in result.used)
    entry = DocumentService(demo).history()[0]
    assert entry.figures["proposals.received"] == str(fv.value)
