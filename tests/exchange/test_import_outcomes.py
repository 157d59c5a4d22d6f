"""活动成果 from Excel (issue 11, item 2): outcomes with 方面/条/问题, 报送 and 采纳, each tied to
the event it came from by that event's exact date and name; messy workbooks, a refused import
writes nothing, export → import reproduces the outcomes, and the figures count them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.enums import OutcomeKind
from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.export import export_records
from app.exchange.plan import analyse
from app.models import Event, Outcome


def problems(plan: Any) -> list[str]:
    return [str(p) for p in plan.all_problems() if not p.warning]


def _outcomes(db: Any) -> set[Any]:
    with db.reader() as s:
        events = {e.id: (e.start_on, e.title) for e in s.scalars(select(Event))}
        return {(events[o.event_id], o.kind, o.title, o.completed_on, o.aspects, o.items,
                 o.problems, o.submitted_to, o.adopted, o.adoption_note)
                for o in s.scalars(select(Outcome))}


@pytest.fixture
def events(db, world, book, actor) -> Path:
    path = book("events.xlsx", [
        ["名称", "类型", "开始日期"],
        ["县域经济发展专题调研", "调研", "2024-05-08"],
        ["县域经济发展专题调研", "调研", "2024-09-10"],  # the same name, another day
        ["全县教育工作视察", "视察", "2024-06-12"],
    ])
    assert len(import_file(db, path, "events", actor).created) == 3
    return path


OUTCOMES = [
    ["2024年协商调研成果统计表"],
    ["填报单位：县政协办公室"],
    ["序号", "活动时间", "所属活动", "成果名称", "成果形式", "方面", "条", "报送单位", "是否采纳"],
    [1, "2024年5月8日", "县域经济发展专题调研", "关于加快县域经济发展的调研报告", "调研报告",
     "4", "13条", "县委、县政府", "是"],
    [2, "2024.9.10", "县域经济发展专题调研", "关于民营经济的建议", "建议", 2, 6, None, "否"],
    [3, 45455, "全县教育工作视察", "全县教育工作视察报告", "视察", 3, 9, "县政府", "√"],
    ["合计", None, None, None, None, 9, 28, None, None],
]


def test_outcomes_come_in_tied_to_their_events(db, events, book, actor) -> None:
    path = book("outcomes.xlsx", OUTCOMES, merges=["A1:I1"])
    plan = analyse(db, path, "协商调研成果")
    assert plan.ok and problems(plan) == []
    result = apply(db, plan, actor)
    assert len(result.created) == 3
    assert _outcomes(db) == {
        ((dt.date(2024, 5, 8), "县域经济发展专题调研"), OutcomeKind.RESEARCH_REPORT,
         "关于加快县域经济发展的调研报告", None, 4, 13, 0, "县委、县政府", True, ""),
        ((dt.date(2024, 9, 10), "县域经济发展专题调研"), OutcomeKind.SUGGESTION,
         "关于民营经济的建议", None, 2, 6, 0, "", False, ""),
        ((dt.date(2024, 6, 12), "全县教育工作视察"), OutcomeKind.INSPECTION_REPORT,
         "全县教育工作视察报告", None, 3, 9, 0, "县政府", True, ""),
    }
    again = import_file(db, path, "outcomes", actor)
    assert not again.created and not again.updated and len(again.unchanged) == 3
    # an update of one cell changes that outcome only, and keeps the event's other outcome
    change = book("change.xlsx", [["活动日期", "活动名称", "成果标题", "条"],
                                  ["2024-05-08", "县域经济发展专题调研",
                                   "关于加快县域经济发展的调研报告", 15]])
    result = import_file(db, change, "outcomes", actor)
    assert len(result.updated) == 1
    assert {(o[2], o[5]) for o in _outcomes(db)} == {
        ("关于加快县域经济发展的调研报告", 15), ("关于民营经济的建议", 6),
        ("全县教育工作视察报告", 9)}


def test_bad_outcomes_are_refused_and_nothing_is_written(db, events, book, actor,
                                                         snapshot) -> None:
    path = book("outcomes.xlsx", [
        ["活动日期", "活动名称", "成果标题", "成果类型", "建议方面数", "建议条数"],
        ["2024-05-09", "县域经济发展专题调研", "报告甲", "调研报告", 1, 1],  # no event that day
        ["2024-05-08", "县域经济调研", "报告乙", "调研报告", 1, 1],  # no event of that name
        ["2024-05-08", "县域经济发展专题调研", "报告丙", "白皮书", 1, 1],  # no such kind
        ["2024-05-08", "县域经济发展专题调研", "报告丁", "建议", -1, "几条"],
        ["2024-05-08", "县域经济发展专题调研", "报告戊", "建议", 1, 2],
        ["2024-05-08", "县域经济发展专题调研", "报告戊", "建议", 1, 3],  # repeated, differently
        ["2024-05-08", "县域经济发展专题调研", None, "建议", 1, 3],
    ])
    before = snapshot()
    plan = analyse(db, path, "outcomes")
    found = problems(plan)
    assert [p.split("：", 1)[0] for p in found] == [
        "第2行“活动名称”列的值“县域经济发展专题调研”",
        "第3行“活动名称”列的值“县域经济调研”",
        "第4行“成果类型”列的值“白皮书”",
        "第5行“建议条数”列的值“几条”",
        "第5行“建议方面数”列的值“-1”",
        "第7行",
        "第8行“成果标题”列为空",
    ]
    assert "2024-05-09没有名为“县域经济发展专题调研”的会议活动" in found[0]
    assert "与第6行是同一记录" in found[5]
    with pytest.raises(ImportRefusedError):
        apply(db, plan, actor)
    assert snapshot() == before


def test_export_then_import_reproduces_outcomes(db, events, book, actor, tmp_path) -> None:
    import_file(db, book("outcomes.xlsx", OUTCOMES), "outcomes", actor)
    expected = _outcomes(db)
    out, n = export_records(db, "outcomes", tmp_path / "out.xlsx")
    assert n == 3
    with db.session() as s:  # the outcomes are gone; their events stay
        for o in s.scalars(select(Outcome)):
            s.delete(o)
    assert _outcomes(db) == set()
    assert len(import_file(db, out, "outcomes", actor).created) == 3
    assert _outcomes(db) == expected
    again = import_file(db, out, "outcomes", actor)
    assert not again.created and not again.updated


def test_imported_outcomes_count_in_the_figures_of_their_year(db, events, book, actor) -> None:
    from app.reports.figures import compute
    from app.reports.period import Period, Scope

    import_file(db, book("outcomes.xlsx", OUTCOMES), "outcomes", actor)
    keys = ["outcomes.total", "outcomes.aspects", "outcomes.items", "outcomes.adopted"]
    got = compute(db, keys, Period.year(2024), Scope())
    assert [int(got[k].value) for k in keys] == [3, 9, 28, 2]
    got = compute(db, keys, Period.year(2023), Scope())
    assert [int(got[k].value) for k in keys] == [0, 0, 0, 0]
