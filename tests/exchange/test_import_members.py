"""Importing a roster as offices keep it: title rows, a header merged over two rows, padded
names, dates in every form, numeric identity numbers, an unknown 界别, duplicates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.enums import AuditAction, Gender, UserRole
from app.errors import PermissionDeniedError
from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.plan import analyse
from app.models import AuditEntry, Member, MemberTerm, UnitMembership
from app.services.context import Actor
from tests.exchange.conftest import id_number

ZHANG = id_number("19750315", 2)  # 张琳, already in the database
LIU = next(n for n in (id_number("19800512", s) for s in range(1, 999, 2)) if n.endswith("X"))
SUN = id_number("19750308", 31)
WU = id_number("19750317", 42)
ZHENG = id_number("19750101", 51)


def roster_rows() -> list[list[Any]]:
    return [
        ["示范县政协第十届委员会委员名册"],
        ["（按姓氏笔画为序）"],
        ["序号", "委员姓名", "性别", "出生年月", "政治面貌", "工作单位及职务", "届次信息", None,
         None, "联系电话", "身份证号", "专委会"],
        [None, None, None, None, None, None, "届次", "界别", "常委", None, None, None],
        [1, "张  琳", "女", "1975.03", "中共党员", "县人民医院院长", "第十届", "医卫界", "是",
         13812345678, ZHANG, "提案委（副主任）"],
        [2, "刘\u3000洋", "男", 29353, "无党派", "县实验中学校长", "十届", "教育", "√",
         "138 1234 5679", LIU.lower(), None],
        [3, "孙立", "男", "1975年3月", "民盟盟员", "县律师事务所主任", 10, "航天界", None, None,
         SUN, None],
        [4, "周杰", "男", "197503", "九三", "县农科所所长", "第十届", "农业界", None, None,
         110105197503151000, None],
        [5, "吴凡", "女", "1975-3", "群众", "县第一中学教师", "第十届", "教育界", None, None,
         WU, None],
        [None] * 12,
        ["小计", None, None, None, None, None, None, None, None, None, None, None],
        [6, "郑好", "男", 1975.1, "中共", "县委办主任", "第十届", "中共", None, None, ZHENG, None],
        [7, "吴凡", "女", "1975-03", "群众", "县第一中学教师", "第十届", "教育界", None, None,
         WU, None],
        [8, "钱多多", "男", "1975-02-30", "中共", "县财政局局长", "第十届", "中共", None, None,
         None, None],
        ["注：本表由政协办公室填报"],
        [9] + [None] * 11,  # a numbered row left empty
    ]


MERGES = ["A1:L1", "A2:L2", "G3:I3", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4",
          "J3:J4", "K3:K4", "L3:L4"]


@pytest.fixture
def roster(book: Any) -> Path:
    return book("roster.xlsx", roster_rows(), MERGES)


def test_the_preview_lists_every_problem_by_row_column_and_value(db, world, roster) -> None:
    plan = analyse(db, roster, "members")
    assert plan.header.data_start == 5  # 序号 … are merged down over row 4
    assert plan.unrecognised == []
    assert [r for r, _ in plan.skipped_rows] == [11, 15]
    assert [str(p) for p in plan.all_problems()] == [
        "第7行“界别”列的值“航天界”：不是本会的界别。本会的界别有：中共、民革、民盟、民建、民进、"
        "农工党、九三学社、无党派人士、共青团和青联、总工会、妇联、科协、工商联、经济界、农业界、"
        "教育界、文化艺术界、新闻出版界、医药卫生界、社会福利和社会保障界、少数民族界、宗教界、"
        "特别邀请人士；如是新设界别，请先在“组织机构—界别”中添加",
        "第8行“身份证号”列的值“110105197503151000”：单元格是18位的数值：Excel的数值只保留15位"
        "有效数字，第16位起已变成0，无法恢复；请把该列设置为文本格式后重新录入",
        "第12行“出生年月”列的值“1975.1”：单元格是数值1975.1，可能是1975年1月，也可能是1975年10月"
        "（表格软件会去掉末尾的0）：请把该列设置为文本格式后按“1975.01”或“1975.10”重新录入",
        "（提示）第13行：与第9行是同一人（身份证号相同），内容相同，已合并",
        "第14行“出生年月”列的值“1975-02-30”：“1975-02-30”不是有效的日期：1975年2月没有30日",
    ]
    # 吴凡's two lines (1975-3 and 1975-03) are the same after normalising: merged, not refused
    assert plan.summary() == ("共7条记录：可新增2条，与已有记录重复1条，有错误4条；"
                              "跳过空行、合计行和说明行2行。文件中的12行：将新增2行，将更新1行，"
                              "合并1行，跳过4行，有错误4行。")
    (dup,) = plan.duplicates
    assert dup.row == 5 and dup.duplicate is not None
    assert dup.duplicate.reason == "身份证号相同"
    assert dup.duplicate.existing_id == world.members["张琳"]


def test_a_refused_import_changes_nothing_and_writes_the_error_book(db, world, roster, actor,
                                                                    snapshot) -> None:
    before = snapshot()
    plan = analyse(db, roster, "members")
    with pytest.raises(ImportRefusedError) as refused:
        apply(db, plan, actor)
    assert snapshot() == before
    assert "4条记录有错误，没有写入任何记录" in str(refused.value)
    assert "文件中的12行：跳过4行，拒绝8行。" in str(refused.value)
    book = refused.value.error_book
    assert book is not None and book.exists()
    ws = load_workbook(book).active
    header = [c.value for c in ws[1]]
    assert header[-1] == "错误原因" and header[1] == "委员姓名"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [3, 4, 6, 8]
    fates = list(load_workbook(book)["每行的处理结果"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in fates] == [
        (5, "拒绝"), (6, "拒绝"), (7, "拒绝"), (8, "拒绝"), (9, "拒绝"), (10, "跳过"),
        (11, "跳过"), (12, "拒绝"), (13, "拒绝"), (14, "拒绝"), (15, "跳过"), (16, "跳过")]
    assert fates[0][2].startswith("本行无误，但文件中有错误的行，整个导入未进行")
    assert "第16位起已变成0" in rows[1][-1]
    assert rows[1][10] == "110105197503151000"  # identity numbers are written as text


def test_skip_invalid_imports_the_rest_in_one_transaction_after_a_backup(db, world, roster,
                                                                         actor) -> None:
    plan = analyse(db, roster, "members")
    seen: list[tuple[int, int]] = []
    result = apply(db, plan, actor, skip_invalid=True, progress=lambda d, n: seen.append((d, n)))
    assert len(result.created) == 2 and len(result.updated) == 1
    if db.is_sqlite:
        assert result.backup is not None and result.backup.exists()
    else:  # a server database is backed up by its administrator (pg_dump), not by a file copy
        assert result.backup is None
    assert [e.row for e in result.rejected] == [7, 8, 12, 14]
    assert [(f.row, f.fate) for f in result.fates] == [
        (5, "更新"), (6, "新增"), (7, "拒绝"), (8, "拒绝"), (9, "新增"), (10, "跳过"),
        (11, "跳过"), (12, "拒绝"), (13, "合并"), (14, "拒绝"), (15, "跳过"), (16, "跳过")]
    assert "文件中的12行：新增2行，更新1行，合并1行，跳过4行，拒绝4行。" in result.summary()
    assert seen[-1] == (7, 7)
    with db.reader() as session:
        liu = session.scalars(select(Member).where(Member.name == "刘洋")).one()
        assert liu.id_number == LIU and liu.id_number.endswith("X")
        assert liu.birth_date == dt.date(1980, 5, 12)  # serial 29353 is 1980-05-12
        assert liu.party == "无党派人士" and liu.gender == Gender.MALE
        assert liu.mobile == "13812345679"
        seat = session.scalars(select(MemberTerm).where(MemberTerm.member_id == liu.id)).one()
        assert seat.term_id == world.term_id and seat.is_standing
        assert seat.sector_id == world.sectors["教育界"]
        zhang = session.get(Member, world.members["张琳"])
        assert zhang.work_unit_post == "县人民医院院长" and zhang.mobile == "13812345678"
        assert zhang.birth_date == dt.date(1975, 3, 15)  # 1975.03 takes its day from the ID
        unit = session.scalars(select(UnitMembership).where(
            UnitMembership.member_id == zhang.id)).one()
        assert unit.role.label == "副主任"
        actions = session.scalars(select(AuditEntry.action)).all()
        assert actions.count(AuditAction.IMPORT) == 4  # three records and the import itself


def test_the_error_book_corrected_imports_again(db, world, roster, actor) -> None:
    plan = analyse(db, roster, "members")
    result = apply(db, plan, actor, skip_invalid=True)
    assert result.error_book is not None
    wb = load_workbook(result.error_book)
    ws = wb.active
    fixes = {3: {"H": "农业界"}, 4: {"K": id_number("19750305", 71)}, 6: {"D": "1975.01"},
             8: {"D": "1975-02-28"}}
    for row in ws.iter_rows(min_row=2):
        number = row[0].value
        for letter, value in fixes.get(number, {}).items():
            ws[f"{letter}{row[0].row}"] = value
    wb.save(result.error_book)  # (the second 吴凡 line was merged, not rejected)
    again = import_file(db, result.error_book, "members", actor)
    assert len(again.created) == 4 and not again.rejected
    with db.reader() as session:
        zheng = session.scalars(select(Member).where(Member.name == "郑好")).one()
        assert zheng.birth_date == dt.date(1975, 1, 1)


def test_duplicates_can_be_skipped_one_by_one(db, world, book, actor) -> None:
    path = book("dup.xlsx", [["姓名", "出生年月", "身份证号", "工作单位及职务"],
                             ["张琳", "1975.03", ZHANG, "新单位"],
                             ["李强", "1968.05", None, "新单位"]])
    plan = analyse(db, path, "members")
    assert [(e.row, e.duplicate.reason) for e in plan.duplicates] == [
        (2, "身份证号相同"), (3, "姓名和出生年月相同")]
    plan.entries[0].action = "skip"
    result = apply(db, plan, actor)
    assert [e.row for e in result.skipped] == [2]
    assert result.updated == [world.members["李强"]]
    with db.reader() as session:
        assert session.get(Member, world.members["张琳"]).work_unit_post == ""
        assert session.get(Member, world.members["李强"]).work_unit_post == "新单位"


def test_namesakes_need_a_birth_month_and_blank_cells_keep_stored_values(db, world, book,
                                                                         actor) -> None:
    path = book("wang.xlsx", [["姓名", "出生日期", "手机号码", "籍贯"],
                              ["王伟", None, None, "山西长子"],
                              ["王伟", "1982年11月", None, "山西长治"]])
    plan = analyse(db, path, "members")
    assert [str(p) for p in plan.all_problems()] == [
        "第2行：本行的委员“王伟”可能就是已有的委员“王伟”（编号3，出生年月1970.02）或委员“王伟”"
        "（编号4，出生年月1982.11）（姓名相同，无法用身份证号或出生年月区分），但不能确定（委员按"
        "身份证号，或姓名和出生年月确认是同一人）。请在本行填写身份证号或出生年月后再导入，"
        "或在客户端的导入向导中为本行选择“新增”“更新该记录”或“跳过”"]
    assert not plan.ok and [e.row for e in plan.undecided] == [2]
    result = apply(db, plan, actor, skip_invalid=True)
    assert result.updated == [world.members["王伟198211"]]
    with db.reader() as session:
        wang = session.get(Member, world.members["王伟198211"])
        assert wang.native_place == "山西长治" and wang.id_number  # the ID was kept


def test_cancel_writes_nothing_and_readers_cannot_import(db, world, roster, actor, reader,
                                                         snapshot) -> None:
    before = snapshot()
    plan = analyse(db, roster, "members")
    result = apply(db, plan, actor, skip_invalid=True, should_cancel=lambda: True)
    assert result.cancelled and snapshot() == before
    with pytest.raises(PermissionDeniedError):
        apply(db, plan, reader, skip_invalid=True)


def test_an_unmapped_layout_asks_for_a_mapping_and_remembers_it(db, world, book, actor) -> None:
    from app.exchange import mappings

    path = book("odd.xlsx", [["人员", "出生年月", "手机号码"], ["陈晨", "1990.01", "13900001111"]])
    plan = analyse(db, path, "members")
    assert plan.needs_mapping and plan.missing == ["姓名"] and plan.unrecognised == ["人员"]
    assert str(plan.problems[0]).startswith("没有找到“姓名”列")
    mappings.remember("members", plan.header.signature, {"人员": "name"})
    again = analyse(db, path, "members")
    assert again.ok and again.labels["name"] == "人员"
    assert len(apply(db, again, actor).created) == 1


def test_a_readonly_user_is_refused(db, world, roster) -> None:
    with pytest.raises(PermissionDeniedError):
        import_file(db, roster, "members", Actor("viewer", UserRole.READONLY))
