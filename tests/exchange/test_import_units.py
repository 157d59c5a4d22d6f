"""机构及成员 from Excel (issue 11, item 2): 专委会, 联络组, 委员之家 with their members, roles and
dates, from messy workbooks (title rows, merged unit cells, a flat list, aliases, date forms);
a refused import writes nothing; export → import reproduces the units exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.enums import UnitKind, UnitRole
from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.export import export_records
from app.exchange.plan import analyse
from app.exchange.templates import write_template
from app.models import Member, Unit
from app.services.members import MemberService
from app.services.opening import open_database


def problems(plan: Any) -> list[str]:
    return [str(p) for p in plan.all_problems() if not p.warning]


def _units(db: Any, names: set[str] | None = None) -> set[Any]:
    """Units (by name) with their members (by name), roles and dates."""
    with db.reader() as s:
        who = {m.id: m.name for m in s.scalars(select(Member))}
        parent = {u.id: u.name for u in s.scalars(select(Unit))}
        return {(u.name, u.short_name, u.kind, parent.get(u.parent_id), u.notes,
                 frozenset((who[m.member_id], m.role, m.since, m.until) for m in u.memberships))
                for u in s.scalars(select(Unit).where(Unit.deleted_at.is_(None)))
                if names is None or u.name in names}


UNITS = [
    ["政协示范县委员会机构及成员名单"],
    ["机构信息", None, None, "成员信息", None, None],
    ["机构", "类型", "简称", "姓名", "担任职务", "加入日期"],
    ["城关镇政协工作联络组", "乡镇联络组", "城关联络组", "张琳", "组长", "2022.01"],
    [None, None, None, "李强", "联络员", None],
    [None, None, None, "赵敏", None, "2022年3月5日"],
    ["东关委员之家", "委员之家", None, "王伟（1982.11）", "（召集人）", None],
    ["东关委员之家", None, None, "赵敏", "成员", None],  # a flat list: the name again
    ["文史研究会", "其他", None, None, None, None],  # a unit without members
]
NAMES = {"城关镇政协工作联络组", "东关委员之家", "文史研究会"}


def test_units_with_members_roles_and_dates(db, world, book, actor) -> None:
    path = book("units.xlsx", UNITS, merges=["A1:F1", "A2:C2", "D2:F2"])
    plan = analyse(db, path, "机构及成员")
    assert plan.ok and problems(plan) == []
    result = apply(db, plan, actor)
    assert len(result.created) == 3
    m = world.members
    assert _units(db, NAMES) == {
        ("城关镇政协工作联络组", "城关联络组", UnitKind.LIAISON_GROUP, None, "", frozenset({
            ("张琳", UnitRole.GROUP_LEADER, dt.date(2022, 1, 1), None),
            ("李强", UnitRole.LIAISON_OFFICER, None, None),
            ("赵敏", UnitRole.MEMBER, dt.date(2022, 3, 5), None)})),
        ("东关委员之家", "", UnitKind.MEMBER_HOME, None, "", frozenset({
            ("王伟", UnitRole.CONVENER, None, None), ("赵敏", UnitRole.MEMBER, None, None)})),
        ("文史研究会", "", UnitKind.OTHER, None, "", frozenset()),
    }
    with db.reader() as s:
        home = s.scalars(select(Unit).where(Unit.name == "东关委员之家")).one()
        assert {x.member_id for x in home.memberships} == {m["王伟198211"], m["赵敏"]}
    again = import_file(db, path, "units", actor)  # the same file again changes nothing
    assert not again.created and not again.updated and len(again.unchanged) == 3


def test_a_unit_keeps_members_the_file_does_not_list_and_updates_roles(db, world, book,
                                                                         actor) -> None:
    import_file(db, book("a.xlsx", UNITS), "units", actor)
    path = book("b.xlsx", [["机构名称", "机构类型", "成员", "职务", "截止日期"],
                           ["城关镇政协工作联络组", None, "李强", "副组长", None],
                           ["城关镇政协工作联络组", None, "李强", "组长", "2024-06-30"]])
    plan = analyse(db, path, "units")
    assert problems(plan) == [
        "第2行“职务”列的值“副组长”：应为以下之一：主任、副主任、召集人、组长、联络员、成员",
        "第3行：与第2行是同一机构的同一位委员，但职务或起止日期不同；"
        "同一位委员在一个机构中只能写一行，请核对后只保留一行",
    ]
    path = book("c.xlsx", [["机构名称", "机构类型", "成员", "职务", "截止日期"],
                           ["城关镇政协工作联络组", None, "李强", "组长", "2024-06-30"]])
    result = import_file(db, path, "units", actor)
    assert len(result.updated) == 1
    (unit,) = [u for u in _units(db) if u[0] == "城关镇政协工作联络组"]
    assert unit[5] == frozenset({
        ("张琳", UnitRole.GROUP_LEADER, dt.date(2022, 1, 1), None),
        ("李强", UnitRole.GROUP_LEADER, None, dt.date(2024, 6, 30)),
        ("赵敏", UnitRole.MEMBER, dt.date(2022, 3, 5), None)})


def test_bad_units_are_refused_and_nothing_is_written(db, world, book, actor, snapshot) -> None:
    path = book("units.xlsx", [
        ["机构名称", "机构类型", "成员", "职务", "起始日期", "截止日期"],
        ["甲联络组", "联络小组", "张琳", None, None, None],  # no such kind
        ["乙委员之家", "委员之家", "无名氏", None, None, None],  # no such member
        [None, None, "王伟", None, None, None],  # namesakes
        [None, None, "赵敏", "主席", None, None],  # no such role
        [None, None, "李强", None, "2024-01-01", "2023-01-01"],  # ends before it starts
        [None, None, None, "成员", None, None],  # a role without a member
        ["丙委员之家", "委员之家", "张琳", "成员", None, None],
        [None, None, "张琳", "召集人", None, None],  # the same member twice, differently
    ])
    before = snapshot()
    plan = analyse(db, path, "units")
    found = problems(plan)
    assert [p.split("：", 1)[0] for p in found] == [
        "第2行“机构类型”列的值“联络小组”",
        "第3行“成员”列的值“无名氏”",
        "第4行“成员”列的值“王伟”",
        "第5行“职务”列的值“主席”",
        "第6行“截止日期”列的值“2023-01-01”",
        "第7行“成员”列为空",
        "第9行",
    ]
    assert "早于起始日期2024-01-01" in found[4] and "没有写委员姓名" in found[5]
    assert "与第8行是同一机构的同一位委员，但职务或起止日期不同" in found[6]
    with pytest.raises(ImportRefusedError):
        apply(db, plan, actor)
    assert snapshot() == before


def test_export_then_import_reproduces_units_and_members(db, world, book, actor,
                                                         tmp_path: Path) -> None:
    source = open_database(tmp_path / "source.sqlite")
    for name, birth in (("张琳", "1975-03-15"), ("李强", "1968-05-01"), ("赵敏", "1979-09-09"),
                        ("王伟", "1970-02-03"), ("王伟", "1982-11-10")):
        MemberService(source).create(actor, {"name": name, "birth_date": birth})
    import_file(source, book("units.xlsx", UNITS), "units", actor)
    expected = _units(source)
    out, n = export_records(source, "units", tmp_path / "units-out.xlsx")
    assert n == len(expected)
    source.dispose()
    result = import_file(db, out, "units", actor)  # SQLite or PostgreSQL
    assert len(result.created) == 3  # the seeded units are the same on both sides
    assert _units(db) == expected
    again = import_file(db, out, "units", actor)
    assert not again.created and not again.updated


def test_blank_template_of_units(db, world, tmp_path: Path) -> None:
    path = write_template(db, "units", tmp_path / "u.xlsx")
    ws = load_workbook(path).worksheets[0]
    assert [c.value for c in ws[2]] == ["机构名称", "简称", "机构类型", "上级机构", "备注",
                                        "委员", "职务", "起始日期", "截止日期"]
    assert "联络组" in ws.cell(2, 1).comment.text
    assert len(ws.data_validations.dataValidation) >= 3  # 机构类型, 上级机构, 职务
