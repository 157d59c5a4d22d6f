"""届次 and 全体会议 from Excel (issue 11, item 2): an empty database takes a whole history
from two workbooks — messy ones (title rows, merged headers, aliases, every date form) — a
refused import writes nothing, and export → import reproduces the records exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.export import export_records
from app.exchange.plan import analyse
from app.exchange.templates import write_template
from app.models import PlenarySession, Term
from app.services.opening import open_database


def problems(plan: Any) -> list[str]:
    return [str(p) for p in plan.all_problems() if not p.warning]


def _history(db: Any) -> tuple[set[Any], set[Any]]:
    with db.reader() as s:
        number = {t.id: t.number for t in s.scalars(select(Term))}
        terms = {(t.number, t.start_on, t.end_on, t.notes) for t in s.scalars(select(Term))}
        sessions = {(number[p.term_id], p.number, p.start_on, p.end_on, p.place)
                    for p in s.scalars(select(PlenarySession))}
    return terms, sessions


TERMS = [
    ["政协示范县委员会历届情况"],
    ["届次信息", None, None, None],
    ["届别", "届开始日期", "届结束日期", "说明"],
    ["第九届", "2016年12月18日", "2021.12.19", None],
    ["十届", 44550, None, "现任"],  # an Excel date: 2021-12-20
    ["合计", None, None, None],
]
SESSIONS = [
    ["历次全体会议"],
    ["届次", "会议名称", "开幕时间", "闭幕时间", "会议地点"],
    ["第九届", "一次会议", "2016-12-18", "2016-12-21", "县会议中心"],
    [None, "九届五次会议", "2021.03.02", None, None],
    ["第十届", "第1次会议", "2021年12月20日", "2021年12月23日", "县会议中心"],
    [None, "十届二次全体会议", dt.datetime(2023, 3, 1), None, "县会议中心"],
    ["10", 3, "2024-04-22", None, None],
]


def test_an_empty_database_takes_a_history_of_terms_and_sessions(db, book, actor) -> None:
    terms = book("terms.xlsx", TERMS, merges=["A1:D1", "A2:D2"])
    plan = analyse(db, terms, "届次")
    assert plan.ok and problems(plan) == []
    result = apply(db, plan, actor)
    assert len(result.created) == 2
    sessions = book("sessions.xlsx", SESSIONS, merges=["A1:E1"])
    plan = analyse(db, sessions, "全体会议")
    assert plan.ok and problems(plan) == []
    result = apply(db, plan, actor)
    assert len(result.created) == 5
    assert _history(db) == (
        {(9, dt.date(2016, 12, 18), dt.date(2021, 12, 19), ""),
         (10, dt.date(2021, 12, 20), None, "现任")},
        {(9, 1, dt.date(2016, 12, 18), dt.date(2016, 12, 21), "县会议中心"),
         (9, 5, dt.date(2021, 3, 2), None, ""),
         (10, 1, dt.date(2021, 12, 20), dt.date(2021, 12, 23), "县会议中心"),
         (10, 2, dt.date(2023, 3, 1), None, "县会议中心"),
         (10, 3, dt.date(2024, 4, 22), None, "")})
    # the same files again change nothing
    assert len(import_file(db, terms, "terms", actor).unchanged) == 2
    assert len(import_file(db, sessions, "plenary_sessions", actor).unchanged) == 5


def test_bad_terms_and_sessions_are_refused_and_nothing_is_written(db, book, actor,
                                                                     snapshot) -> None:
    terms = book("terms.xlsx", [
        ["届次", "开始日期", "结束日期"],
        ["第十届", "2021-12-20", "2020-01-01"],  # ends before it starts
        ["第十二届", "明年", None],
        ["第十一届", "2026-12-20", None],
        ["第十一届", "2026-12-21", None],  # the same term again, another date
        ["第X届", "2026-12-20", None],
    ])
    before = snapshot()
    plan = analyse(db, terms, "terms")
    assert problems(plan) == [
        "第2行“结束日期”列的值“2020-01-01”：早于开始日期2021-12-20",
        "第3行“开始日期”列的值“明年”：" + problems(plan)[1].split("：", 1)[1],
        "第5行：与第4行是同一记录（届次相同），但内容不同：“开始日期”（第4行为“2026-12-20”，"
        "本行为“2026-12-21”）。同一记录只能出现一次，请核对后只保留一行",
        "第6行“届次”列的值“第X届”：应写成“第十届”“十届”或“10”的形式",
    ]
    with pytest.raises(ImportRefusedError):
        apply(db, plan, actor)
    assert snapshot() == before
    import_file(db, book("ok.xlsx", [["届次", "开始日期"], ["第十届", "2021-12-20"]]),
                "terms", actor)
    sessions = book("sessions.xlsx", [
        ["届次", "会议", "开幕日期"],
        [None, "三次会议", "2024-04-22"],  # no term anywhere
        ["第九届", "三次会议", "2019-03-01"],  # no such term
        ["第十届", "十一届一次会议", "2026-12-20"],  # the two cells disagree
        ["第十届", "第三次", "2024-04-22"],
        ["第十届", "会议", "2024-04-22"],
    ])
    before = snapshot()
    plan = analyse(db, sessions, "plenary_sessions")
    assert problems(plan) == [
        "第2行“会议”列的值“三次会议”：没有写届次：请填写“届次”列，或把会议写成“十届三次会议”的形式",
        "第3行“届次”列的值“第九届”：本会没有第九届的记录（已有：第十届）；请先在“届次和会议”中添加",
        "第4行“会议”列的值“十一届一次会议”：本会没有第十一届的记录（已有：第十届）；"
        "请先在“届次和会议”中添加",
        "第6行“会议”列的值“会议”：应写成“十届三次会议”“三次会议”“第3次会议”或“3”的形式",
    ]
    with pytest.raises(ImportRefusedError):
        apply(db, plan, actor)
    assert snapshot() == before
    result = apply(db, plan, actor, skip_invalid=True)
    assert len(result.created) == 1


def test_export_then_import_reproduces_terms_and_sessions(db, book, actor, tmp_path) -> None:
    source = open_database(tmp_path / "source.sqlite")
    import_file(source, book("terms.xlsx", TERMS), "terms", actor)
    import_file(source, book("sessions.xlsx", SESSIONS), "plenary_sessions", actor)
    expected = _history(source)
    files = {kind: export_records(source, kind, tmp_path / f"{kind}.xlsx")[0]
             for kind in ("terms", "plenary_sessions")}
    source.dispose()
    for kind in ("terms", "plenary_sessions"):  # into an empty database (SQLite or PostgreSQL)
        result = import_file(db, files[kind], kind, actor)
        assert not result.updated and result.created
    assert _history(db) == expected
    for kind in ("terms", "plenary_sessions"):  # and again: nothing changes
        result = import_file(db, files[kind], kind, actor)
        assert not result.created and not result.updated and result.unchanged


def test_blank_templates_of_terms_and_sessions(db, actor, book, tmp_path: Path) -> None:
    import_file(db, book("terms.xlsx", TERMS), "terms", actor)
    path = write_template(db, "plenary_sessions", tmp_path / "s.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[2]]
    assert headers == ["届次", "会议", "开幕日期", "闭幕日期", "地点"]
    assert ws.cell(2, 2).comment is not None and "十届三次会议" in ws.cell(2, 2).comment.text
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert lists  # 届次 has a drop-down of the terms imported
