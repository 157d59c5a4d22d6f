"""承办单位 from Excel (issue #10: seed 1's proposals name 住建、农业、教育, and a proposals file
could only name departments already entered by hand): a messy list, the proposals that name
them by short name, a bad row that writes nothing, export → import reproducing the list."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.export import export_records
from app.exchange.plan import analyse
from app.models import Department, ProposalAssignment

LIST = [
    ["长子县提案承办单位名单（2023年）"],
    ["序号", "承办单位名称", "单位简称", "部门类型", "联系人"],
    [1, "长子县农业农村局", "农业", "政府部门", "王某"],
    [None, None, None, None, None],
    [2, " 长子县教育局 ", "教育", "政府部门", None],
    ["合计", "2个", None, None, None],
]


def problems(plan: Any) -> list[str]:
    return [str(p) for p in plan.all_problems() if not p.warning]


def departments(db: Any) -> dict[str, tuple[str, str, str]]:
    with db.reader() as s:
        return {d.name: (d.short_name, d.kind, d.contact) for d in s.scalars(
            select(Department).where(Department.deleted_at.is_(None)))}


def test_a_list_then_proposals_that_name_them_by_short_name(db, world, book, actor) -> None:
    plan = analyse(db, book("承办单位.xlsx", LIST, merges=["A1:E1"]), "承办单位")
    assert problems(plan) == []
    apply(db, plan, actor)
    found = departments(db)
    assert found["长子县农业农村局"] == ("农业", "政府部门", "王某")
    assert found["长子县教育局"] == ("教育", "政府部门", "")
    import_file(db, book("p.xlsx", [
        ["提案号", "会议", "案由", "提案人", "提交日期", "审查结果", "审查日期", "承办单位",
         "交办日期"],
        [1, "十届三次会议", "关于高标准农田的建议", "张琳", "2023-03-02", "立案", "2023-03-10",
         "农业", "2023-03-20"],
        [2, "十届三次会议", "关于课后服务的建议", "李强", "2023-03-02", "立案", "2023-03-10",
         "长子县教育局", "2023-03-20"]]),
        "proposals", actor)
    with db.reader() as s:
        names = sorted(s.scalars(select(Department.short_name).join(
            ProposalAssignment, ProposalAssignment.department_id == Department.id)))
    assert names == ["农业", "教育"]

    again = analyse(db, book("again.xlsx", [LIST[1], [1, "长子县农业农村局", "农业农村", None,
                                                      None]]), "departments")
    assert problems(again) == []
    apply(db, again, actor)  # known by its name: the short name is updated, the rest kept
    assert departments(db)["长子县农业农村局"] == ("农业农村", "政府部门", "王某")
    assert len(departments(db)) == len(found)


def test_a_row_without_a_name_is_named_and_nothing_is_written(db, world, book, actor,
                                                              snapshot) -> None:
    before = snapshot()
    plan = analyse(db, book("bad.xlsx", [["承办单位", "单位简称", "排序"],
                                         ["长子县应急管理局", "应急", 1],
                                         [None, "文旅", "第x位"]]), "departments")
    found = problems(plan)
    assert any("第3行" in p and "承办单位" in p and "必须填写" in p for p in found), found
    assert any("排序" in p and "第x位" in p for p in found), found
    with pytest.raises(ImportRefusedError):
        apply(db, plan, actor)
    assert snapshot() == before


def test_a_list_of_one_known_column_is_read(db, world, book, actor) -> None:
    """“序号 | 承办单位” is the whole header of many lists: one known header is enough."""
    plan = analyse(db, book("名单.xlsx", [["承办单位名单"], ["序号", "承办单位"],
                                          [1, "长子县应急管理局"], [2, "长子县文化和旅游局"]]),
                   "departments")
    assert problems(plan) == [] and len(plan.entries) == 2


def test_export_then_import_changes_nothing(db, world, book, actor, tmp_path) -> None:
    import_file(db, book("承办单位.xlsx", LIST), "departments", actor)
    before = departments(db)
    path, count = export_records(db, "departments", tmp_path / "导出.xlsx")
    assert count == len(before)
    plan = analyse(db, path, "departments")
    assert problems(plan) == []
    apply(db, plan, actor)
    assert departments(db) == before
