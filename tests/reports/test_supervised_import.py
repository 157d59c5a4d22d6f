"""A year entered through the Excel import with 督办层级 and 督办领导 reports its 督办提案
(the defect: 80 such proposals reported as 督办提案0件)."""

from __future__ import annotations

from app.exchange.apply import apply
from app.exchange.plan import analyse
from app.reports.figures import compute
from app.reports.period import Period
from tests.exchange.conftest import book, world  # noqa: F401  (fixtures)

HEADER = ["提案号", "案由", "提案人", "提交日期", "审查结果", "立案日期", "是否重点提案",
          "督办层级", "督办领导"]


def test_imported_supervision_makes_a_supervised_proposal(db, world, book, actor  # noqa: F811
                                                          ) -> None:
    path = book("proposals.xlsx", [
        ["示范县政协十届三次会议提案一览表"], HEADER,
        ["十届三次会议第001号", "关于农村公路养护的建议", "张琳", "2023-03-02", "立案",
         "2023-03-10", "是", "党政领导领衔督办", "县委副书记王某某"],
        [2, "关于发展职业教育的建议", "李强", "2023-03-03", "立案", "2023-03-10", "否",
         "政协领导督办", "县政协副主席李某"],
        [3, "关于城区停车的建议", "赵敏", "2023-03-04", "立案", "2023-03-10", "否", None, None],
    ], merges=["A1:I1"])
    plan = analyse(db, path, "proposals")
    assert not [p for p in plan.all_problems() if not str(p).startswith("（提示）")]
    apply(db, plan, actor)
    v = compute(db, ["proposals.accepted", "proposals.supervised", "proposals.key",
                     "proposals.key_supervised"], Period.year(2023))
    assert v["proposals.accepted"].value == 3
    assert v["proposals.supervised"].value == 2  # level and leader set, no visit recorded
    assert v["proposals.key_supervised"].value == 1 and v["proposals.key"].value == 1
