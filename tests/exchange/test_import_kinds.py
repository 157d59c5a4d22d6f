"""Importing 表彰, 协商议事平台 and their 议事活动, 文史资料 and 媒体报道 from messy workbooks
(title rows, aliases, date forms, namesakes, repeated rows, unknown names), all or nothing;
and export → import of each kind reproducing the demo's records."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.demo import generate_demo
from app.domain.enums import HonorLevel, MediaLevel, PlatformLevel
from app.exchange.apply import ImportRefusedError, apply, import_file
from app.exchange.export import export_records
from app.exchange.plan import analyse
from app.models import Honor, MediaReport, Member, Platform, PlatformSession, Publication
from app.services.context import SYSTEM
from app.services.opening import open_database

NEW_KINDS = ("honors", "platforms", "platform_sessions", "publications", "media_reports")


def problems(plan: Any) -> list[str]:
    return [str(p) for p in plan.all_problems()]


def test_honors_of_members_and_units(db, world, book, actor, snapshot) -> None:
    path = book("honors.xlsx", [
        ["2024年表彰情况统计表"],
        ["序号", "姓名", "受表彰集体", "荣誉称号", "级别", "表彰时间", "颁发单位"],
        [1, "张琳", None, "优秀政协委员", "县级", "2024年1月20日", "政协示范县委员会"],
        [2, "王伟（1982.11）", None, "全市优秀教师", "市级", "2024.09.10", None],
        [3, None, "示范县政协办公室", "全市社情民意信息工作先进单位", "市级", 45291, None],
        [4, "王伟", None, "先进个人", "省级", "2024-03-01", None],
        [5, "无名氏", None, "先进个人", "县级", "2024-03-01", None],
        [6, None, None, "无人的表彰", "区级", "2024-03-01", None],
        [7, "张琳", None, "优秀政协委员", "县级", "2024-01-20", None],
    ], merges=["A1:G1"])
    before = snapshot()
    plan = analyse(db, path, "表彰")
    assert problems(plan) == [
        "第6行“姓名”列的值“王伟”：有2位名为“王伟”的委员，请在姓名后用括号注明出生年月，"
        "如“王伟（1975.03）”，或身份证尾号，如“王伟（尾号002X）”",
        "第7行“姓名”列的值“无名氏”：未找到名为“无名氏”的委员；请先导入或录入该委员，"
        "或检查姓名是否有误",
        "第8行“级别”列的值“区级”：应为以下之一：国家级、省级、市级、县级、政协内部",
        "第8行“姓名”列为空：表彰“无人的表彰”须选择受表彰的委员，或填写受表彰单位",
        "第9行：与第3行是同一记录（受表彰者、荣誉名称和表彰日期相同），但内容不同："
        "“颁发单位”（第3行为“政协示范县委员会”，本行为“空”）。同一记录只能出现一次，"
        "请核对后只保留一行",
    ]
    with pytest.raises(ImportRefusedError):
        apply(db, plan, actor)
    assert snapshot() == before  # refused: nothing written
    result = apply(db, plan, actor, skip_invalid=True)
    assert len(result.created) == 3
    with db.reader() as session:
        rows = {(h.member_id, h.recipient, h.title): (h.level, h.awarded_on, h.awarding_body)
                for h in session.scalars(select(Honor))}
    assert rows == {
        (world.members["张琳"], "", "优秀政协委员"): (HonorLevel.COUNTY, dt.date(2024, 1, 20),
                                                 "政协示范县委员会"),
        (world.members["王伟198211"], "", "全市优秀教师"): (HonorLevel.CITY, dt.date(2024, 9, 10),
                                                      ""),
        (None, "示范县政协办公室", "全市社情民意信息工作先进单位"): (
            HonorLevel.CITY, dt.date(2023, 12, 31), ""),
    }
    # the same file again: the three rows match what is stored and change nothing
    again = analyse(db, path, "honors")
    result = apply(db, again, actor, skip_invalid=True)
    assert not result.created and len(result.unchanged) == 3


def test_platforms_and_sessions(db, world, book, actor, snapshot) -> None:
    platforms = book("platforms.xlsx", [
        ["名称", "层级", "乡镇", "成立时间"],
        ["东关村协商议事室", "村", "城关镇", "2023/3/1"],
        ["东关村协商议事室", "村", "龙泉镇", None],
        ["城关镇协商议事会", "乡镇（街道）", "城关镇", "2022年5月1日"],
        ["西街社区协商议事室", "街道", "城关镇", None],
    ])
    plan = analyse(db, platforms, "platforms")
    assert problems(plan) == [
        "第5行“层级”列的值“街道”：应为以下之一：乡镇（街道）、村、社区、委员之家"]
    assert len(apply(db, plan, actor, skip_invalid=True).created) == 3

    sessions = book("sessions.xlsx", [
        ["平台", "日期", "议题", "参加人数", "参加委员", "办成实事"],
        ["东关村协商议事室（城关镇）", "2024-05-08", "村道硬化", 30, "张琳、王伟（1970.02）", 2],
        ["城关镇协商议事会", "2024年6月1日", "集市管理", None, "李强", None],
        ["东关村协商议事室", "2024-07-01", "垃圾分类", 10, None, None],
        ["不存在的议事室", "2024-07-01", "议题", None, None, None],
        ["城关镇协商议事会", "2022-01-01", "早于成立", 1, "张琳、李强", None],
        ["城关镇协商议事会", "2024-08-01", "重复列入", None, "张琳、张琳", None],
    ])
    before = snapshot()
    plan = analyse(db, sessions, "协商议事活动")
    assert problems(plan) == [
        "第4行“平台”列的值“东关村协商议事室”：有2个名为“东关村协商议事室”的平台（城关镇、龙泉镇），"
        "请在名称后用括号注明乡镇，如“东关村协商议事室（城关镇）”",
        "第5行“平台”列的值“不存在的议事室”：没有名为“不存在的议事室”的协商议事平台；"
        "请先在“协商议事—协商议事平台”中登记或导入平台",
        "第6行“日期”列的值“2022-01-01”：早于“城关镇协商议事会”的建立日期2022-05-01",
        "第6行“参加人数”列的值“1”：少于所列参加委员人数（2人）；参加人数应包括委员和其他参加者",
        "第7行“参加委员”列的值“张琳”：该委员已列入，不能重复列入",
    ]
    with pytest.raises(ImportRefusedError):
        apply(db, plan, actor)
    assert snapshot() == before
    result = apply(db, plan, actor, skip_invalid=True)
    assert len(result.created) == 2 and [e.row for e in result.rejected] == [4, 5, 6, 7]
    with db.reader() as session:
        stored = {s.topic: (s.held_on, s.participants, s.results_done,
                            [m.member_id for m in s.members])
                  for s in session.scalars(select(PlatformSession))}
        levels = {p.name + p.town: p.level for p in session.scalars(select(Platform))}
    assert stored["村道硬化"] == (dt.date(2024, 5, 8), 30, 2,
                              [world.members["张琳"], world.members["王伟197002"]])
    assert stored["集市管理"] == (dt.date(2024, 6, 1), None, None, [world.members["李强"]])
    assert set(stored) == {"村道硬化", "集市管理"}
    assert levels["城关镇协商议事会城关镇"] == PlatformLevel.TOWNSHIP


def test_publications_and_media_reports(db, world, book, actor) -> None:
    path = book("publications.xlsx", [
        ["书名", "册", "字数", "出版时间", "编辑单位"],
        ["《长治文史》第30辑", 1, "20.5", "2024-04-01", "文化文史和学习委员会"],
        ["近十年政协文史资料汇编", "三", None, "2024-10-01", None],
        ["乡土志", "若干", None, "2024-11-01", None],
    ])
    plan = analyse(db, path, "文史资料")
    assert problems(plan) == ["第4行“册”列的值“若干”：应为整数"]
    assert len(apply(db, plan, actor, skip_invalid=True).created) == 2
    path = book("media.xlsx", [
        ["标题", "媒体", "级别", "日期", "版面"],
        ["委员之家里的协商", "《人民政协报》", "中央级", "2024-06-01", "第3版"],
        ["委员之家里的协商", "人民政协报", "中央级", "2024年6月1日", None],
        ["民主监督助推民生实事", "上党晚报", "乡级", "2024-03-01", None],
    ])
    plan = analyse(db, path, "媒体报道")
    assert problems(plan) == [
        "第3行：与第2行是同一记录（报道标题、媒体名称和报道日期相同），但内容不同："
        "“媒体”（第2行为“《人民政协报》”，本行为“人民政协报”）；“版面”（第2行为“第3版”，"
        "本行为“空”）。同一记录只能出现一次，请核对后只保留一行",
        "第4行“级别”列的值“乡级”：应为以下之一：中央级、省级、市级、县级",
    ]
    assert len(apply(db, plan, actor, skip_invalid=True).created) == 1
    with db.reader() as session:
        book_row = session.scalars(select(Publication).where(Publication.volumes == 1)).one()
        assert session.scalars(select(Publication.volumes).where(
            Publication.title == "近十年政协文史资料汇编")).one() == 3  # 三 read as 3
        report = session.scalars(select(MediaReport)).one()
    assert (book_row.volumes, book_row.words) == (1, Decimal("20.5"))
    assert (report.outlet, report.level, report.link) == ("人民政协报", MediaLevel.CENTRAL,
                                                          "第3版")


def _project(db: Any) -> dict[str, set[Any]]:
    """The new kinds' records with ids replaced by what names them."""
    with db.reader() as s:
        who = {m.id: (m.name, m.id_number) for m in s.scalars(select(Member))}
        place = {p.id: (p.name, p.town) for p in s.scalars(select(Platform))}
        return {
            "honors": {(who.get(h.member_id), h.recipient, h.title, h.level, h.awarded_on,
                        h.awarding_body) for h in s.scalars(select(Honor))},
            "platforms": {(p.name, p.level, p.town, p.unit_id, p.established_on, p.notes)
                          for p in s.scalars(select(Platform))},
            "platform_sessions": {(place[x.platform_id], x.held_on, x.topic, x.participants,
                                   x.results_done, tuple(who[m.member_id] for m in x.members))
                                  for x in s.scalars(select(PlatformSession))},
            "publications": {(p.title, p.volumes, p.words, p.published_on, p.editor_unit)
                             for p in s.scalars(select(Publication))},
            "media_reports": {(r.title, r.outlet, r.level, r.reported_on, r.link)
                              for r in s.scalars(select(MediaReport))},
        }


def test_export_then_import_reproduces_the_new_kinds(tmp_path: Path) -> None:
    source_path = tmp_path / "demo.sqlite"
    source = open_database(source_path)
    generate_demo(source, scale="county", seed=5)
    books = {kind: export_records(source, kind, tmp_path / f"{kind}.xlsx")[0]
             for kind in NEW_KINDS}
    expected = _project(source)
    assert all(expected.values())
    source.dispose()
    target_path = tmp_path / "target.sqlite"
    shutil.copy(source_path, target_path)
    con = sqlite3.connect(target_path)
    for table in ("platform_session_members", "platform_sessions", "platforms", "honors",
                  "publications", "media_reports"):
        con.execute(f"DELETE FROM {table}")
    con.commit()
    con.close()
    target = open_database(target_path)
    for kind in NEW_KINDS:
        result = import_file(target, books[kind], kind, SYSTEM)
        assert len(result.created) == len(expected[kind]), result.summary()
    assert _project(target) == expected
    target.dispose()
