"""The 首页's to-do list: each waiting step counted through the figures registry."""

from __future__ import annotations

import datetime as dt

from app.domain.enums import ForwardLevel, ReviewStatus
from app.reports.figures import lookup
from app.reports.todo import todo_list
from app.services.events import EventService
from app.services.members import MemberService
from app.services.opinions import OpinionService
from app.services.proposals import ProposalService
from tests.versions import now

TODAY = dt.date(2024, 6, 12)  # a Wednesday


def _proposal(db, actor, world, title: str, submitted_on: str = "2024-04-23"):
    return ProposalService(db).create(actor, {
        "term_id": world.term_id, "session_id": world.session4_id, "title": title,
        "type": "个人", "lead_member_id": world.members[0], "submitted_on": submitted_on,
        "category": "农业农村"}).value


def _accepted(db, actor, world, title: str, submitted_on: str = "2024-04-23"):
    svc = ProposalService(db)
    p = _proposal(db, actor, world, title, submitted_on)
    svc.review(actor, p.id, ReviewStatus.ACCEPTED, submitted_on, version=now(svc, p.id))
    return p


def _assigned(db, actor, world, title: str, due_on: str):
    svc = ProposalService(db)
    p = _accepted(db, actor, world, title)
    svc.assign(actor, p.id, world.departments["示范县住建局"], "主办", "2024-04-30",
               due_on=due_on, version=now(svc, p.id))
    return p


def _opinion(db, actor, title: str, received_on: str = "2024-05-06"):
    return OpinionService(db).create(actor, {"title": title, "received_on": received_on,
                                             "category": "医疗卫生"}).value


def test_each_waiting_step_with_its_records(db, actor, world) -> None:
    svc = ProposalService(db)
    pending = _proposal(db, actor, world, "关于待审查的建议")
    unassigned = _accepted(db, actor, world, "关于待交办的建议")
    overdue = _assigned(db, actor, world, "关于逾期未答复的建议", "2024-06-01")
    due_soon = _assigned(db, actor, world, "关于即将到期的建议", "2024-06-20")
    later = _assigned(db, actor, world, "关于期限尚远的建议", "2024-07-30")
    replied = _assigned(db, actor, world, "关于已答复待评价的建议", "2024-06-01")
    housing = world.departments["示范县住建局"]
    svc.reply(actor, replied.id, housing, "2024-05-20", "A", version=now(svc, replied.id))
    done = _assigned(db, actor, world, "关于已评价的建议", "2024-06-01")
    svc.reply(actor, done.id, housing, "2024-05-20", "A", version=now(svc, done.id))
    svc.evaluate(actor, done.id, housing, "满意", "2024-05-25", version=now(svc, done.id))
    _proposal(db, actor, world, "关于两年前的建议", submitted_on="2022-03-01")  # before 2023

    opinions = OpinionService(db)
    received = _opinion(db, actor, "关于待编发的信息")
    issued = _opinion(db, actor, "关于已编发的信息")
    opinions.issue(actor, issued.id, "2024-05-10", 2024, 3, version=now(opinions, issued.id))
    forwarded = _opinion(db, actor, "关于已上报的信息")
    opinions.issue(actor, forwarded.id, "2024-05-10", 2024, 4,
                   version=now(opinions, forwarded.id))
    opinions.forward(actor, forwarded.id, ForwardLevel.CITY, "2024-05-12",
                     version=now(opinions, forwarded.id))
    adopted = _opinion(db, actor, "关于已采用的信息")
    opinions.issue(actor, adopted.id, "2024-05-10", 2024, 5, version=now(opinions, adopted.id))
    opinions.forward(actor, adopted.id, ForwardLevel.CITY, "2024-05-12",
                     version=now(opinions, adopted.id))
    opinions.record_adoption(actor, adopted.id, ForwardLevel.CITY, "2024-05-20",
                             version=now(opinions, adopted.id))

    events = EventService(db)
    base = {"kind_id": world.meeting_kind_id, "place": "县政协会议室",
            "organizer_id": world.unit_id}
    this_week = events.create(actor, base | {"title": "本周的常委会议",
                                             "start_on": "2024-06-14"}).value
    events.create(actor, base | {"title": "下周的座谈会", "start_on": "2024-06-17"})

    got = {item.key: item for item in todo_list(db, TODAY).items}
    assert {k: set(v.ids) for k, v in got.items()} == {
        "todo.replies_overdue": {overdue.id},
        "todo.replies_due": {due_soon.id},
        "proposals.pending": {pending.id},
        "todo.proposals_assign": {unassigned.id},
        "todo.proposals_reply": {overdue.id, due_soon.id, later.id},
        "todo.proposals_evaluate": {replied.id},
        "todo.opinions_issue": {received.id},
        "todo.opinions_forward": {issued.id},
        "todo.opinions_adoption": {forwarded.id},
        "events.total": {this_week.id},
    }
    assert all(item.count == len(item.ids) for item in got.values())
    overdue_item = got["todo.replies_overdue"]
    assert overdue_item.urgent and overdue_item.page == "proposals"
    assert overdue_item.text == "超过答复期限未答复　1件"
    assert overdue_item.definition.startswith("统计范围：2023年1月1日至2024年6月12日。")
    assert lookup("todo.replies_overdue").definition in overdue_item.definition
    assert got["events.total"].label == "本周会议活动" and got["events.total"].page == "events"
    assert "2024年6月10日至2024年6月16日" in got["events.total"].definition
    assert got["todo.opinions_issue"].page == "opinions"
    order = [item.key for item in todo_list(db, TODAY).items]
    assert order[:2] == ["todo.replies_overdue", "todo.replies_due"]


def test_members_below_their_minimum_duties(db, actor, world) -> None:
    member = MemberService(db).create(actor, {"name": "钱学勤",
                                              "seat": {"term_id": world.term_id}}).value
    items = {item.key: item for item in todo_list(db, TODAY).items}
    below = items["scoring.below_minimum"]
    assert below.ids == (member.id,) and below.page == "members"
    # no records yet: the year of ``TODAY`` (with records, the year every page opens on)
    assert below.label == "2024年未完成最低履职要求的委员" and "2024年" in below.definition


def test_nothing_waiting_gives_an_empty_list(db, world) -> None:
    result = todo_list(db, TODAY)
    assert result.items == () and result.since == dt.date(2023, 1, 1)
