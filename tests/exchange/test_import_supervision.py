"""督办 from a workbook (issue 11, item 8 of the brief): a proposal imported with 督办层级 and
督办领导 is a 督办提案 — the import records the supervision through the proposal service's
``supervise``, as the proposal page's 登记督办 does, so the figure counts it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.exchange.apply import import_file
from app.exchange.plan import analyse
from app.models import Proposal, SupervisionRecord
from app.reports.figures import compute
from app.reports.period import Period, Scope

HEADER = ["提案号", "会议", "案由", "提案人", "提交日期", "审查结果", "立案日期", "承办单位",
          "交办日期", "督办层级", "督办领导"]


def _rows(n: int) -> list[list[Any]]:
    return [HEADER] + [[i + 1, "十届四次会议", f"关于第{i + 1}件事的建议", "赵敏", "2024-04-22",
                        "立案", "2024-04-25", "县教科局", "2024-05-01",
                        "政协领导督办" if i % 2 else "党政领导领衔督办", "县委副书记王某"]
                       for i in range(n)]


def _supervised(db: Any, year: int) -> int:
    return int(compute(db, ["proposals.supervised"], Period.year(year), Scope())[
        "proposals.supervised"].value)


def test_imported_supervised_proposals_count_as_supervised(db: Any, world: Any, actor: Any,
                                                           book: Callable[..., Path]) -> None:
    path = book("p.xlsx", _rows(8))
    plan = analyse(db, path, "proposals")
    assert plan.ok
    warnings = [str(p) for p in plan.all_problems() if p.warning]
    assert len(warnings) == 8 and "按交办日期2024-05-01登记为一次督办" in warnings[0]
    result = import_file(db, path, "proposals", actor)
    assert len(result.created) == 8
    assert _supervised(db, 2024) == 8 and _supervised(db, 2023) == 0
    with db.reader() as session:
        records = session.scalars(select(SupervisionRecord)).all()
        assert {(r.supervised_on, r.leader) for r in records} == {
            (dt.date(2024, 5, 1), "县委副书记王某")}
        proposal = session.scalars(select(Proposal).where(Proposal.number == 2)).one()
        # not 重点 (the 重点提案 step alone sets the proposal's own level): one 督办 at it
        assert proposal.supervision_level is None and not proposal.is_key
        assert [r.level.label for r in proposal.supervisions] == ["政协领导督办"]
    again = import_file(db, path, "proposals", actor)  # the same file again adds no 督办
    assert len(again.unchanged) == 8
    with db.reader() as session:
        assert len(session.scalars(select(SupervisionRecord)).all()) == 8


def test_a_supervision_date_and_form_and_the_rules_of_the_proposal_page(
        db: Any, world: Any, actor: Any, book: Callable[..., Path]) -> None:
    header = [*HEADER, "督办日期", "督办形式"]
    rows = [header,
            [1, "十届四次会议", "关于甲的建议", "赵敏", "2024-04-22", "立案", "2024-04-25", None,
             None, "政协领导督办", "王某", "2024年6月3日", "实地督办"],
            [2, "十届四次会议", "关于乙的建议", "赵敏", "2024-04-22", None, None, None, None,
             "政协领导督办", "王某", None, None],
            [3, "十届四次会议", "关于丙的建议", "赵敏", "2024-04-22", "立案", "2024-04-25", None,
             None, None, None, "2024-06-03", None]]
    plan = analyse(db, book("p.xlsx", rows), "proposals")
    messages = [str(p) for p in plan.all_problems() if not p.warning]
    assert messages == [
        "第3行“督办层级”列的值“政协领导督办”：提案“十届四次会议第002号 关于乙的建议”当前为"
        "“待审查”，只有立案的提案才能登记督办。",  # the refusal of the 登记督办 step itself
        "第4行“督办日期”列的值“2024-06-03”：填写了督办日期，但没有填写督办层级"]
    plan.entries = plan.entries[:1]
    plan.lines = plan.lines[:1]
    from app.exchange.apply import apply
    apply(db, plan, actor)
    with db.reader() as session:
        [record] = session.scalars(select(SupervisionRecord)).all()
        assert (record.supervised_on, record.form) == (dt.date(2024, 6, 3), "实地督办")
