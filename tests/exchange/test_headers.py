"""Header detection: title rows, headers over two rows with merged group titles, marks and
notes in header cells, repeated headers, and the same file imported twice."""

from __future__ import annotations

import pytest

from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.headers import IGNORE, header_key
from app.exchange.plan import analyse, column_choices, header_keys


def test_header_text_is_reduced_for_matching() -> None:
    assert header_key(" *姓 名（必填）") == "姓名"
    assert header_key("出生年月\n(如1975.03)") == "出生年月（如1975.03）"


def test_a_group_title_merged_over_the_columns_below_it(db, world, book) -> None:
    path = book("grouped.xlsx", [
        ["委员基本情况统计表", None, None, None, None, None],
        ["填报单位：政协办公室", None, None, None, None, None],
        ["姓名", "基本情况", None, "届次信息", None, "备注说明"],
        [None, "性别", "出生日期（如1975.03）", "界别", "政协职务", None],
        ["张  琳", "女", "1975.03", "医卫界", "常委", "示例"],
        ["姓名", "性别", "出生日期", "界别", "政协职务", "备注"],  # the header printed again
        ["李强", "男", "1968年5月", "中共", "委员", None],
    ], merges=["A1:F1", "B3:C3", "D3:E3", "A3:A4", "F3:F4"])
    plan = analyse(db, path, "members")
    assert plan.header.data_start == 5
    assert header_keys(plan) == {"姓名": "name", "性别": "gender",
                                 "出生日期（如1975.03）": "birth_date", "界别": "seat.sector_id",
                                 "政协职务": "seat.post", "备注说明": IGNORE}
    assert plan.unrecognised == ["备注说明"]
    assert plan.skipped_rows == [(6, "重复的表头行")]
    assert [e.row for e in plan.duplicates] == [5, 7] and plan.ok
    assert ("seat.sector_id", "界别") in column_choices("members")


def test_a_mapping_chosen_by_hand_overrides_what_was_recognised(db, world, book) -> None:
    path = book("x.xlsx", [["姓名", "单位", "手机"], ["陈晨", "县一中", "13900001111"]])
    plan = analyse(db, path, "members", mapping={"单位": "work_unit_post", "手机": ""})
    assert plan.labels == {"name": "姓名", "work_unit_post": "单位"}
    assert plan.entries[0].values["work_unit_post"] == "县一中"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db, world, book,
                                                                       actor, snapshot) -> None:
    events = book("e.xlsx", [["名称", "类型", "开始日期", "出席委员", "请假委员"],
                             ["座谈会", "座谈会", "2024-05-06", "张琳（发言）", "李强（出差）"]])
    proposals = book("p.xlsx", [["案由", "提案人", "提交日期", "审查结果", "立案日期", "承办单位",
                                 "交办日期"],
                                ["关于养老的建议", "赵敏", "2024-04-22", "立案", "2024-04-25",
                                 "县教科局", "2024-05-01"]])
    opinions = book("o.xlsx", [["标题", "收到日期", "报送人", "上报层级", "上报日期"],
                               ["关于物业的建议", "2024-01-05", "张琳、王某（非委员）", "市政协",
                                "2024-01-08"]])
    for path, kind in ((events, "events"), (proposals, "proposals"), (opinions, "opinions")):
        assert len(import_file(db, path, kind, actor).created) == 1
    before = snapshot()
    for path, kind in ((events, "events"), (opinions, "opinions")):
        result = import_file(db, path, kind, actor)
        assert len(result.unchanged) == 1 and not result.created and not result.updated
    # a proposal row without 提案号 only *may* be the stored one: the command line refuses it
    with pytest.raises(ImportRefusedError) as refused:
        import_file(db, proposals, "proposals", actor, error_book=False)
    assert "可能就是已有的提案“十届闭会期间第001号 关于养老的建议”（编号1）" in str(
        refused.value.problems[0])
    plan = analyse(db, proposals, "proposals")  # a clerk chose 更新该记录 in the wizard
    assert [d.existing_id for d in plan.undecided[0].possible] == [1]
    plan.entries[0].action = "update"
    result = apply(db, plan, actor)
    assert len(result.unchanged) == 1 and not result.created and not result.updated
    after = snapshot()
    assert {k: v for k, v in after.items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}
