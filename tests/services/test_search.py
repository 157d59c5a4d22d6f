"""Global search (Ctrl+K): members by name and pinyin, proposals by 案由 and number, 社情民意 by
title and 登记号, events by title; limited per group; the recycle bin left out."""

from __future__ import annotations

from app.services.events import EventService
from app.services.members import MemberService
from app.services.opinions import OpinionService
from app.services.proposals import ProposalService
from app.services.search import global_search
from tests.versions import versions


def _titles(groups, label: str) -> list[str]:
    return [h.title for g in groups if g.label == label for h in g.hits]


def test_each_kind_is_found_by_its_fields(db, actor, world) -> None:
    members = MemberService(db)
    zhang = members.create(actor, {"name": "张琳", "work_unit_post": "示范县一中校长"}).value
    members.create(actor, {"name": "欧阳修"})
    proposals = ProposalService(db)
    road = proposals.create(actor, {
        "term_id": world.term_id, "session_id": world.session3_id, "type": "个人",
        "title": "关于改善农村道路的建议", "lead_member_id": zhang.id,
        "submitted_on": "2023-03-02"}).value
    opinion = OpinionService(db).create(actor, {"title": "关于农村养老的建议",
                                                "received_on": "2024-03-01",
                                                "serial_no": "2024-077"}).value
    event = EventService(db).create(actor, {"title": "农村人居环境视察",
                                            "kind_id": world.meeting_kind_id,
                                            "start_on": "2024-05-06"}).value

    by_initials = global_search(db, "ZL")
    assert [(g.label, g.page) for g in by_initials] == [("委员", "members")]
    hit = next(h for h in by_initials[0].hits if h.id == zhang.id)
    assert (hit.title, hit.detail) == ("张琳", "示范县一中校长")
    assert _titles(global_search(db, "ouyang"), "委员") == ["欧阳修"]
    assert "张琳" in _titles(global_search(db, "琳"), "委员")

    rural = global_search(db, "农村")
    assert [g.label for g in rural] == ["提案", "社情民意", "会议活动"]
    assert _titles(rural, "提案") == ["关于改善农村道路的建议"]
    assert rural[0].hits[0].id == road.id and "十届三次会议第001号" in rural[0].hits[0].detail
    assert rural[1].hits[0].id == opinion.id and rural[1].page == "opinions"
    assert rural[2].hits[0].id == event.id and rural[2].page == "events"
    assert global_search(db, "第1号")[0].hits[0].id == road.id
    assert [g.label for g in global_search(db, "2024-077")] == ["社情民意"]


def test_limited_per_group_and_recycle_bin_left_out(db, actor, world) -> None:
    svc = OpinionService(db)
    ids = [svc.create(actor, {"title": f"关于河道治理的建议之{i}",
                              "received_on": f"2024-03-{i + 1:02d}"}).value.id
           for i in range(5)]
    (group,) = global_search(db, "河道", limit=3)
    assert [h.id for h in group.hits] == ids[:-4:-1] and group.more  # newest first
    svc.delete(actor, versions(svc, [ids[4]]))
    (group,) = global_search(db, "河道", limit=4)
    assert [h.id for h in group.hits] == ids[3::-1] and not group.more


def test_blank_and_wildcard_text_match_nothing_special(db, actor, world) -> None:
    EventService(db).create(actor, {"title": "学习会", "kind_id": world.study_kind_id,
                                    "start_on": "2024-05-06"})
    assert global_search(db, "   ") == []
    assert global_search(db, "%") == [] and global_search(db, "_") == []
    assert _titles(global_search(db, "  学习 "), "会议活动") == ["学习会"]
