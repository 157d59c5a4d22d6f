"""Importing events with their attendance, proposals with co-signers and 承办单位 on merged
continuation rows, and 社情民意信息 with 上报 and 采用."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.enums import (
    AssignmentRole,
    Attendance,
    ForwardLevel,
    OpinionStatus,
    ParticipationRole,
    ProposalType,
    ReplyClass,
    ReviewStatus,
)
from app.exchange.apply import ImportRefusedError, apply
from app.exchange.plan import analyse
from app.models import Event, OpinionReport, Proposal
from app.services.context import SYSTEM


def problems(plan: Any) -> list[str]:
    return [str(p) for p in plan.all_problems()]


def test_events_with_attendance_notes_and_namesakes(db, world, book, actor) -> None:
    path = book("events.xlsx", [
        ["2024年会议活动台账"],
        ["会议名称", "活动类型", "日期", "地点", "牵头单位", "参加委员", "请假委员", "缺席委员"],
        ["十届第五次常委会议", "常委会议", "2024年3月5日", "常委会议室", "办公室",
         "张琳（主持）、李强、王伟（1982.11）", "赵敏（出差）", None],
        ["视察农村公路", "视察", "2024-04-01", None, "提案委", "张琳、无名氏", None, None],
        ["读书会", "读书活动", "2024.05.06", None, None, "王伟", None, None],
        ["联谊活动", "联谊", 45413, None, None, "李强", "李强（病假）", None],
        ["十届第五次常委会议", "常委会议", "2024-03-05", None, None, None, None, "张琳"],
        ["调研", "调研考察", "2024-06-01", None, None, None, None, None],
    ], merges=["A1:H1"])
    plan = analyse(db, path, "events")
    assert problems(plan) == [
        "第4行“参加委员”列的值“无名氏”：未找到名为“无名氏”的委员；请先导入或录入该委员，"
        "或检查姓名是否有误",
        "第5行“参加委员”列的值“王伟”：有2位名为“王伟”的委员，请在姓名后用括号注明出生年月，"
        "如“王伟（1975.03）”，或身份证尾号，如“王伟（尾号002X）”",
        "第6行“请假委员”列的值“李强（病假）”：该委员已列入“参加委员”，不能重复列入",
        "第7行：与第3行是同一记录（名称、开始日期和活动类型相同），但内容不同：“地点”（第3行为"
        "“常委会议室”，本行为“空”）；“牵头单位”（第3行为“办公室”，本行为“空”）；“参加委员”"
        "（第3行为“张琳（主持）、李强、王伟（1982.11）”，本行为“空”）；“请假委员”（第3行为"
        "“赵敏（出差）”，本行为“空”）；“缺席委员”（第3行为“空”，本行为“张琳”）。"
        "同一记录只能出现一次，请核对后只保留一行",
        "第8行“活动类型”列的值“调研考察”：不是已有的活动类型。可选：全体会议、常委会议、主席会议、"
        "秘书长会议、座谈会、交办会、观摩推进会、专题协商会、对口协商会、界别协商会、提案办理协商会、"
        "网络议政会、视察、调研、民主评议、专项民主监督、专题学习、读书活动、委员讲坛、培训、服务为民、"
        "进基层联系群众、送法下基层、文史研究、联谊、接待",
    ]
    result = apply(db, plan, actor, skip_invalid=True)
    assert len(result.created) == 1
    with db.reader() as session:
        event = session.scalars(select(Event)).one()
        assert event.start_on == dt.date(2024, 3, 5) and event.place == "常委会议室"
        rows = {p.member_id: (p.role, p.attendance, p.leave_reason)
                for p in event.participations}
    assert rows == {
        world.members["张琳"]: (ParticipationRole.HOST, Attendance.PRESENT, ""),
        world.members["李强"]: (ParticipationRole.PARTICIPANT, Attendance.PRESENT, ""),
        world.members["王伟198211"]: (ParticipationRole.PARTICIPANT, Attendance.PRESENT, ""),
        world.members["赵敏"]: (ParticipationRole.PARTICIPANT, Attendance.EXCUSED, "出差"),
    }


PROPOSAL_HEADER = ["提案号", "案由", "提案人", "联名人", "提交日期", "审查结果", "立案日期",
                   "并入提案", "承办单位", "承办方式", "交办日期", "答复日期", "办理结果", "满意度",
                   "评价日期", "办结日期"]


def test_proposals_with_continuation_rows_and_workflow_rules(db, world, book, actor) -> None:
    path = book("proposals.xlsx", [
        ["示范县政协十届三次会议提案办理情况一览表"],
        PROPOSAL_HEADER,
        ["十届三次会议第001号", "关于农村公路养护的建议", "张琳", "李强、赵敏", "2023-03-02",
         "立案", "2023-03-10", None, "县住建局", "主办", "2023-03-15", "2023-05-01", "A类", "满意",
         "2023-05-10", "2023-06-01"],
        [None, None, None, None, None, None, None, None, "县交通局", "协办", "2023-03-15",
         "2023-04-20", None, None, None, None],
        [2, "关于发展职业教育的建议", "民盟示范县委员会", None, "2023.3.3", None, None, None,
         None, None, None, None, None, None, None, None],
        [3, "关于城区停车的建议", "王伟", None, "2023-03-04", None, None, None, None, None, None,
         None, None, None, None, None],
        [4, "关于供热的建议", "李强", None, "2023-03-04", "不予立案", "2023-03-10", None, None,
         None, None, None, None, None, None, None],
        [5, "关于校车安全的建议", "赵敏", None, "2023-03-05", "立案", "2023-03-10", None,
         "县教科局（主办）、县交通局（协办）", None, "2023-03-20", None, None, None, None, None],
        [6, "关于乡村公路的建议", "张琳", None, "2023-03-06", "并案", "2023-03-10",
         "十届三次会议第1号", None, None, None, None, None, None, None, None],
        [7, "关于学前教育的建议", "赵敏", None, "2023-03-06", None, None, None, "县教科局",
         None, "2023-03-20", None, None, None, None, None],
    ], merges=["A1:P1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "H3:H4",
               "P3:P4"])
    plan = analyse(db, path, "proposals")
    assert problems(plan) == [
        "（提示）第5行“提案人”列的值“民盟示范县委员会”：“民盟示范县委员会”不是本会委员，"
        "按集体提案的提案单位登记",
        "第6行“提案人”列的值“王伟”：有2位名为“王伟”的委员，请在姓名后用括号注明出生年月，"
        "如“王伟（1975.03）”，或身份证尾号，如“王伟（尾号002X）”",
        "第7行：表中没有“审查意见”列：审查结果为“不予立案”时必须填写理由",  # the service's wording
        "第10行“承办单位”列的值“县教科局”：提案“十届闭会期间第007号 关于学前教育的建议”当前为"
        "“待审查”，只有立案的提案才能交办。",  # the refusal of the workflow's 交办 step itself
    ]
    assert [len(e.lines) for e in plan.entries] == [2, 1, 1, 1, 1, 1, 1]
    result = apply(db, plan, actor, skip_invalid=True)
    assert len(result.created) == 4
    with db.reader() as session:
        by_title = {p.title: p for p in session.scalars(select(Proposal))}
        first = by_title["关于农村公路养护的建议"]
        assert (first.session_id, first.number) == (world.session3_id, 1)
        assert first.type == ProposalType.JOINT and first.closed_on == dt.date(2023, 6, 1)
        assert [c.member_id for c in first.cosigners] == [world.members["李强"],
                                                          world.members["赵敏"]]
        assert [(a.department_id, a.role, a.reply_class, a.due_on) for a in first.assignments] \
            == [(world.departments["县住房和城乡建设管理局"], AssignmentRole.LEAD, ReplyClass.A,
                 dt.date(2023, 6, 15)),
                (world.departments["县交通运输局"], AssignmentRole.ASSIST, None,
                 dt.date(2023, 6, 15))]
        collective = by_title["关于发展职业教育的建议"]
        assert collective.type == ProposalType.COLLECTIVE
        assert collective.collective_proposer == "民盟示范县委员会"
        assert collective.review_status == ReviewStatus.PENDING
        two = by_title["关于校车安全的建议"]
        assert [a.role for a in two.assignments] == [AssignmentRole.LEAD, AssignmentRole.ASSIST]
        merged = by_title["关于乡村公路的建议"]
        assert merged.merged_into_id == first.id and merged.number == 6


def test_opinions_with_forwarding_adoption_and_informants(db, world, book, actor) -> None:
    header = ["登记号", "标题", "收到日期", "报送人", "处理状态", "编发日期", "刊物年份", "期号",
              "上报层级", "上报日期", "是否采用", "采用日期", "采用刊物", "备注"]
    path = book("opinions.xlsx", [
        header,
        ["2024-001", "关于农村饮水安全的建议", "2024-01-05", "张琳、王某", None, "2024-01-10",
         2024, 1, "市政协", "2024-01-12", "是", "2024-02-01", "《每日社情》", None],
        [None, None, None, None, None, None, None, None, "省", "2024-01-15", None, None, None,
         None],
        ["2024-002", "关于停车难的建议", "2024-01-06", "李强", "不采用", None, None, None, "市",
         "2024-01-10", None, None, None, "不采用：已有同类信息"],
        ["2024-003", "关于物业管理的建议", "2024-01-07", None, None, None, None, None, None,
         None, None, None, None, None],
        ["2024-004", "关于养老服务的建议", "2024-01-08", "赵敏（非委员）", None, None, None, None,
         "全国", "2024-01-05", None, None, None, None],
        ["2024-001", "关于农村饮水安全的建议", "2024-01-05", "张琳", None, None, None, None, None,
         None, None, None, None, None],
    ])
    plan = analyse(db, path, "opinions")
    assert problems(plan) == [
        "（提示）第2行“报送人”列的值“王某”：“王某”不是本会委员，将作为非委员报送人登记"
        "（可写成“王某（非委员）”以免再次提示）",
        # the refusals of the service's own steps (上报) and checks (报送人, as its editor's)
        "第4行“上报层级”列的值“市”：社情民意信息“关于停车难的建议”（当前为“不采用”）"
        "已存档不采用，不能上报。",
        "第5行“报送人”列为空：信息“关于物业管理的建议”至少需要一位报送人",
        "第6行“上报日期”列的值“2024-01-05”：早于收到日期2024-01-08",
        "第7行：与第2行是同一记录（登记号相同），但内容不同：“报送人”（第2行为“张琳、王某”，"
        "本行为“张琳”）；“编发日期”（第2行为“2024-01-10”，本行为“空”）；“刊物年份”（第2行为"
        "“2024”，本行为“空”）；“期号”（第2行为“1”，本行为“空”）；“上报层级”（第2行为“市政协”，"
        "本行为“空”）；“上报日期”（第2行为“2024-01-12”，本行为“空”）；“是否采用”（第2行为“是”，"
        "本行为“空”）；“采用日期”（第2行为“2024-02-01”，本行为“空”）；“采用刊物”（第2行为"
        "“《每日社情》”，本行为“空”）；行数（第2行的记录有2行，本行的记录有1行）。"
        "同一记录只能出现一次，请核对后只保留一行",
    ]
    result = apply(db, plan, actor, skip_invalid=True)
    assert len(result.created) == 1 and len(result.rejected) == 4
    with db.reader() as session:
        report = session.scalars(select(OpinionReport)).one()
        assert report.status == OpinionStatus.ISSUED and report.bulletin_no == 1
        assert [(s.member_id, s.name) for s in report.submitters] == [
            (world.members["张琳"], ""), (None, "王某")]
        assert [(f.level, f.adopted, f.adopted_on, f.outlet) for f in report.forwards] == [
            (ForwardLevel.CITY, True, dt.date(2024, 2, 1), "《每日社情》"),
            (ForwardLevel.PROVINCE, False, None, "")]


def test_an_informant_name_longer_than_its_column_is_a_row_problem(db, world, book, snapshot
                                                                   ) -> None:
    """PostgreSQL would refuse the name (VARCHAR(100)); the import names the row instead."""
    long_name = "信" * 101
    path = book("opinions.xlsx", [
        ["登记号", "标题", "收到日期", "报送人"],
        ["2024-001", "关于农村饮水安全的建议", "2024-01-05", f"{long_name}（非委员）"],
    ])
    plan = analyse(db, path, "opinions")
    assert problems(plan) == [  # the value quoted is cut to a readable length (fileio.clip)
        f"第2行“报送人”列的值“{'信' * 40}…（共106字）”：不能超过100个字（现有101个字）"]
    before = snapshot()
    with pytest.raises(ImportRefusedError):
        apply(db, plan, SYSTEM)
    assert snapshot() == before
