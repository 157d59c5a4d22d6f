"""领导批示 from Excel (issue 11, item 2): 批示 on proposals (by full 提案号), opinion reports (by
登记号, or date and title) and outcomes (by their event's date and name and the outcome's
title); messy workbooks, a refused import writes nothing, export → import reproduces them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.enums import LeaderLevel
from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.plan import analyse
from app.models import Instruction, OpinionReport, Outcome, Proposal
from tests.exchange.reimport import assert_reimports_exactly


def problems(plan: Any) -> list[str]:
    return [str(p) for p in plan.all_problems() if not p.warning]


@pytest.fixture
def records(db, world, book, actor) -> None:
    """A proposal (十届四次会议第001号), two opinion reports and an outcome."""
    import_file(db, book("p.xlsx", [
        ["提案号", "会议", "案由", "提案人", "提交日期"],
        [1, "十届四次会议", "关于学前教育的建议", "赵敏", "2024-04-22"]]), "proposals", actor)
    import_file(db, book("o.xlsx", [["登记号", "标题", "收到日期", "报送人"],
                                    ["2024-007", "关于农村养老的建议", "2024-03-01", "张琳"],
                                    [None, "关于停车难的反映", "2024-05-06", "李强"]]),
                "opinions", actor)
    import_file(db, book("e.xlsx", [
        ["名称", "类型", "开始日期"],
        ["县域经济发展专题调研", "调研", "2024-05-08"]]), "events", actor)
    import_file(db, book("r.xlsx", [
        ["活动日期", "活动名称", "成果标题", "成果类型"],
        ["2024-05-08", "县域经济发展专题调研", "调研报告甲", "调研报告"]]), "outcomes", actor)


def _instructions(db: Any) -> set[Any]:
    with db.reader() as s:
        def on(i: Instruction) -> Any:
            if i.proposal_id:
                return ("提案", s.get(Proposal, i.proposal_id).title)
            if i.opinion_id:
                return ("信息", s.get(OpinionReport, i.opinion_id).title)
            return ("成果", s.get(Outcome, i.outcome_id).title)
        return {(on(i), i.level, i.leader, i.instructed_on, i.gist)
                for i in s.scalars(select(Instruction))}


INSTRUCTIONS = [
    ["2024年领导批示情况"],
    ["批示类型", "提案号", "登记号", "标题", "收到日期", "所属活动", "领导级别", "批示人",
     "批示时间", "批示内容"],
    ["提案", "十届四次会议第001号", None, None, None, None, "县级领导", "县长李某", "2024年6月1日",
     "请教育局认真研究"],
    ["社情民意", None, "2024-007", None, None, None, "市级领导", "副市长张某", "2024.04.10", None],
    ["信息", None, None, "关于停车难的反映", "2024-05-06", None, "县级", None, 45455, "阅"],
    ["成果", None, None, "调研报告甲", "2024-05-08", "县域经济发展专题调研", "县级领导",
     "县委书记王某", "2024-07-01", "很好"],
]


def test_instructions_on_proposals_opinions_and_outcomes(db, records, book, actor) -> None:
    path = book("i.xlsx", INSTRUCTIONS, merges=["A1:J1"])
    plan = analyse(db, path, "领导批示")
    assert plan.ok and problems(plan) == []
    assert len(apply(db, plan, actor).created) == 4
    assert _instructions(db) == {
        (("提案", "关于学前教育的建议"), LeaderLevel.COUNTY, "县长李某", dt.date(2024, 6, 1),
         "请教育局认真研究"),
        (("信息", "关于农村养老的建议"), LeaderLevel.CITY, "副市长张某", dt.date(2024, 4, 10), ""),
        (("信息", "关于停车难的反映"), LeaderLevel.COUNTY, "", dt.date(2024, 6, 12), "阅"),
        (("成果", "调研报告甲"), LeaderLevel.COUNTY, "县委书记王某", dt.date(2024, 7, 1), "很好"),
    }
    again = import_file(db, path, "instructions", actor)
    assert not again.created and not again.updated and len(again.unchanged) == 4


def test_bad_instructions_are_refused_and_nothing_is_written(db, records, book, actor,
                                                             snapshot) -> None:
    path = book("i.xlsx", [
        ["批示对象", "提案号", "登记号", "对象标题", "对象日期", "活动名称", "领导层级", "批示领导",
         "批示日期"],
        ["提案", "十届四次会议第002号", None, None, None, None, "县级领导", "甲", "2024-06-01"],
        ["提案", None, None, None, None, None, "县级领导", "乙", "2024-06-01"],
        ["信息", None, "2024-999", None, None, None, "县级领导", "丙", "2024-06-01"],
        ["成果", None, None, "调研报告甲", "2024-05-09", "县域经济发展专题调研", "县级领导", "丁",
         "2024-06-01"],
        ["批件", None, None, None, None, None, "县级领导", "戊", "2024-06-01"],
        ["提案", "十届四次会议第001号", None, None, None, None, "乡级领导", "己", "2024-06-01"],
        ["提案", "十届四次会议第001号", None, None, None, None, "县级领导", "庚", None],
    ])
    before = snapshot()
    plan = analyse(db, path, "instructions")
    found = problems(plan)
    assert [p.split("：", 1)[0] for p in found] == [
        "第2行“提案号”列的值“十届四次会议第002号”",
        "第3行“提案号”列为空",
        "第4行“登记号”列的值“2024-999”",
        "第5行“对象标题”列的值“调研报告甲”",
        "第6行“批示对象”列的值“批件”",
        "第7行“领导层级”列的值“乡级领导”",
        "第8行“批示日期”列为空",
    ]
    assert "没有找到提案“十届四次会议第002号”" in found[0]
    assert "批示对象是提案时必须填写“提案号”" in found[1]
    with pytest.raises(ImportRefusedError):
        apply(db, plan, actor)
    assert snapshot() == before


def test_export_then_import_reproduces_instructions(db, records, book, actor,
                                                    tmp_path: Path) -> None:
    import_file(db, book("i.xlsx", INSTRUCTIONS), "instructions", actor)
    assert_reimports_exactly(db, actor, "instructions", Instruction, 4, _instructions, tmp_path)
