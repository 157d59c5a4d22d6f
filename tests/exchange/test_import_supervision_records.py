"""督办记录 as their own import kind (issue 11, item 2): the proposal found by 届次 + 会议 +
提案号 only, every 督办 written and checked by the proposal service (``supervise``,
``supervision_problems``), all-or-nothing with an error workbook, a blank template with notes
and drop-downs, and a full-record export that re-imports exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.enums import SupervisionLevel
from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.plan import analyse
from app.exchange.templates import write_template
from app.models import Proposal, SupervisionRecord
from app.reports.figures import compute
from app.reports.period import Period, Scope
from tests.exchange.reimport import assert_reimports_exactly

HEADER = ["届次", "会议", "提案号", "督办日期", "督办层级", "督办方式", "督办领导", "督办情况"]
GOOD: list[list[Any]] = [
    ["2024年提案督办情况"],
    HEADER,
    ["第十届", "十届四次会议", "001", "2024年6月3日", "政协领导督办", "实地督办", "王某",
     "到现场察看"],
    [None, "四次会议", "第2号", "2024-06-10", "党政领导领衔督办", "座谈", "县委副书记李某", None],
    ["第十届", "十届四次会议", 1, "2024.07.01", "政协领导督办", "书面", "王某", None],
]


@pytest.fixture
def proposals(db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    """十届四次会议第001、002号 (立案) and 第003号 (待审查)."""
    rows = [["提案号", "会议", "案由", "提案人", "提交日期", "审查结果", "立案日期"],
            [1, "十届四次会议", "关于学前教育的建议", "赵敏", "2024-04-22", "立案", "2024-04-25"],
            [2, "十届四次会议", "关于乡村公路的建议", "张琳", "2024-04-22", "立案", "2024-04-25"],
            [3, "十届四次会议", "关于停车难的建议", "李强", "2024-04-22", None, None]]
    assert len(import_file(db, book("p.xlsx", rows), "proposals", actor).created) == 3


def _records(db: Any) -> set[tuple[Any, ...]]:
    with db.reader() as s:
        return {(s.get(Proposal, r.proposal_id).number, r.supervised_on, r.level, r.form,
                 r.leader, r.notes) for r in s.scalars(select(SupervisionRecord))}


def _supervised(db: Any) -> int:
    return int(compute(db, ["proposals.supervised"], Period.year(2024), Scope())[
        "proposals.supervised"].value)


def test_supervision_records_are_written_by_the_service_and_count_as_supervised(
        db: Any, proposals: None, actor: Any, book: Callable[..., Path]) -> None:
    assert _supervised(db) == 0
    path = book("s.xlsx", GOOD, merges=["A1:H1"])
    plan = analyse(db, path, "督办记录")
    assert plan.ok and [str(p) for p in plan.all_problems()] == []
    result = apply(db, plan, actor)
    assert len(result.created) == 3
    assert _records(db) == {
        (1, dt.date(2024, 6, 3), SupervisionLevel.CPPCC_LEADER, "实地督办", "王某", "到现场察看"),
        (2, dt.date(2024, 6, 10), SupervisionLevel.PARTY_GOV_LEADER, "座谈", "县委副书记李某", ""),
        (1, dt.date(2024, 7, 1), SupervisionLevel.CPPCC_LEADER, "书面", "王某", ""),
    }
    assert _supervised(db) == 2  # two proposals, one meaning of 督办提案
    with db.reader() as s:  # audited on the proposal, as the proposal page's 登记督办
        first = s.scalars(select(Proposal).where(Proposal.number == 1)).one()
        assert first.version > 1
    again = import_file(db, path, "supervisions", actor)
    assert not again.created and not again.updated and len(again.unchanged) == 3
    changed = [row[:] for row in GOOD]
    changed[3][7] = "召开座谈会"
    result = import_file(db, book("s2.xlsx", changed), "supervisions", actor)
    assert len(result.updated) == 1 and len(result.unchanged) == 2
    assert (2, dt.date(2024, 6, 10), SupervisionLevel.PARTY_GOV_LEADER, "座谈", "县委副书记李某",
            "召开座谈会") in _records(db)


def test_bad_rows_are_refused_with_the_services_messages_and_nothing_is_written(
        db: Any, proposals: None, actor: Any, book: Callable[..., Path],
        snapshot: Callable[[], Any], tmp_path: Path) -> None:
    path = book("s.xlsx", [
        HEADER,
        ["第十届", "十届四次会议", "009", "2024-06-03", "政协领导督办", None, "王某", None],
        ["第十届", "十届四次会议", "003", "2024-06-03", "政协领导督办", None, "王某", None],
        ["第十届", "十届四次会议", "001", None, "政协领导督办", None, "王某", None],
        ["第十届", "十届四次会议", "001", "2024-06-03", "乡镇督办", None, "王某", None],
        ["第十届", None, "001", "2024-06-03", "政协领导督办", None, "王某", None],
        ["第十届", "十届四次会议", "001", "2024-06-05", "政协领导督办", "实地督办" * 6, "王某",
         None],
        ["第十届", "十届四次会议", "002", "2024-06-05", "政协领导督办", None, "王某", None],
    ])
    before = snapshot()
    plan = analyse(db, path, "supervisions")
    found = [str(p) for p in plan.all_problems() if not p.warning]
    assert [p.split("：", 1)[0] for p in found] == [
        "第2行“提案号”列的值“009”",
        "第3行“提案号”列的值“003”",
        "第4行“督办日期”列为空",
        "第5行“督办层级”列的值“乡镇督办”",
        "第6行“会议”列为空",
        "第7行“督办方式”列的值“" + "实地督办" * 6 + "”",
    ]
    assert "没有找到十届四次会议第009号提案" in found[0]
    assert "当前为“待审查”，只有立案的提案才能登记督办" in found[1]  # the service's wording
    assert "不能超过20个字" in found[5]
    with pytest.raises(ImportRefusedError) as refused:
        apply(db, plan, actor, error_book=tmp_path / "errors.xlsx")
    assert snapshot() == before  # the valid last row is not written either
    assert refused.value.error_book is not None
    sheet = load_workbook(refused.value.error_book).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("只有立案的提案才能登记督办" in t for t in texts)


def test_blank_template_has_notes_and_drop_downs(db: Any, proposals: None,
                                                 tmp_path: Path) -> None:
    path = write_template(db, "supervisions", tmp_path / "t.xlsx")
    sheet = load_workbook(path).worksheets[0]
    headers = {c.value: c for row in sheet.iter_rows(max_row=5) for c in row if c.value}
    wanted = {"会议", "提案号", "督办日期", "督办层级", "督办方式", "督办领导", "督办情况"}
    assert wanted <= set(headers)
    assert headers["提案号"].comment is not None and "不按案由" in headers["提案号"].comment.text
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert lists, "督办层级 and 届次 offer drop-downs"


def test_export_then_import_reproduces_supervision_records(
        db: Any, proposals: None, actor: Any, book: Callable[..., Path],
        tmp_path: Path) -> None:
    import_file(db, book("s.xlsx", GOOD), "supervisions", actor)
    assert_reimports_exactly(db, actor, "supervisions", SupervisionRecord, 3, _records, tmp_path)
