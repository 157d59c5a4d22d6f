"""Proposals: numbering, proposer rules, the handling chain and every refused transition."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.enums import (
    AssignmentRole,
    AuditAction,
    ProposalStage,
    ProposalType,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    UserRole,
)
from app.errors import ConflictError, PermissionDeniedError, TransitionError, ValidationError
from app.services.context import Actor
from app.services.crud import ListQuery
from app.services.proposals import INTERIM, ProposalService, add_months, stage
from tests.versions import instruction_now, now, versions

D = dt.date


def _new(db, actor, world, **data):
    base = {"term_id": world.term_id, "session_id": world.session3_id,
            "title": "关于加强农村饮水安全的建议", "type": "个人",
            "lead_member_id": world.members[0], "submitted_on": "2023-03-02",
            "category": "农业农村"}
    return ProposalService(db).create(actor, base | data).value


def _joint(db, actor, world, **data):
    return _new(db, actor, world, type="联名", title="关于推进县域医共体建设的建议",
                cosigner_ids=world.members[1:3], **data)


def _accepted(db, actor, world, **data):
    p = _new(db, actor, world, **data)
    ProposalService(db).review(actor, p.id, ReviewStatus.ACCEPTED, "2023-03-10",
                               version=now(ProposalService(db), p.id))
    return p


def test_round_trip_filters_sorts_and_recycle_bin(db, actor, world, audit_log) -> None:
    svc = ProposalService(db)
    p1 = _new(db, actor, world, is_key="否")
    assert (p1.number, p1.review_status, stage(p1)) == (1, ReviewStatus.PENDING,
                                                        ProposalStage.PENDING)
    p2 = _joint(db, actor, world, category="医疗卫生", submitted_on="2024-04-23",
                session_id=world.session4_id)
    assert [c.member_id for c in p2.cosigners] == world.members[1:3]
    p3 = _new(db, actor, world, type="集体", lead_member_id="",
              collective_proposer="民盟示范县委员会", session_id="",
              title="关于优化营商环境的提案", submitted_on="2023-08-01")
    got = svc.get(p1.id)
    changed = svc.update(actor, p1.id, {"title": "关于保障农村饮水安全的建议"},
                         version=got.version).value
    assert changed.title == "关于保障农村饮水安全的建议" and changed.version == got.version + 1
    svc.review(actor, p2.id, "立案", "2024-04-30", version=now(svc, p2.id))
    svc.review(actor, p3.id, "不予立案", "2023-08-10", note="不属于政协职能范围",
               version=now(svc, p3.id))
    svc.assign(actor, p2.id, world.departments["示范县教育局"], "主办", "2024-05-10",
               version=now(svc, p2.id))
    svc.set_key(actor, p2.id, True, version=now(svc, p2.id))
    svc.set_excellent(actor, p2.id, version=now(svc, p2.id))

    def ids(**filters):
        return set(svc.ids(ListQuery(filters=filters)))

    assert ids(term_id=world.term_id) == {p1.id, p2.id, p3.id}
    assert ids(session_id=world.session3_id) == {p1.id}
    assert ids(session_id=INTERIM) == {p3.id}
    assert ids(category="医疗卫生") == {p2.id}
    assert ids(type=ProposalType.COLLECTIVE) == {p3.id}
    assert ids(review_status=ReviewStatus.REJECTED) == {p3.id}
    assert ids(stage=ProposalStage.ASSIGNED) == {p2.id}
    assert ids(stage="pending") == {p1.id} and ids(stage=ProposalStage.CLOSED) == set()
    assert ids(is_key=True) == {p2.id} and ids(is_excellent=True) == {p2.id}
    assert ids(member_id=world.members[0]) == {p1.id, p2.id}  # lead of both
    assert ids(member_id=world.members[2]) == {p2.id}  # cosigner
    assert ids(department_id=world.departments["示范县教育局"]) == {p2.id}
    assert ids(overdue=True) == {p2.id} and ids(overdue=False) == {p1.id, p3.id}
    assert ids(year=2023) == {p1.id, p3.id}
    assert svc.ids(ListQuery(search="民盟")) == [p3.id]
    assert svc.ids(ListQuery(search=world.names[world.members[0]])) == sorted([p1.id, p2.id])
    assert svc.ids(ListQuery(sort="number")) == [p1.id, p2.id, p3.id]  # 三次, 四次, 闭会期间
    assert svc.ids(ListQuery(sort="number", descending=True)) == [p3.id, p2.id, p1.id]
    assert svc.ids(ListQuery(sort="submitted_on")) == [p1.id, p3.id, p2.id]
    assert len(svc.ids(ListQuery(sort="title"))) == 3

    svc.delete(actor, versions(svc, [p1.id]))
    assert p1.id not in svc.ids() and svc.ids(ListQuery(deleted=True)) == [p1.id]
    svc.restore(actor, versions(svc, [p1.id]))
    assert p1.id in svc.ids()
    assert [e.action for e in audit_log("proposals", p1.id)] == [
        AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.RESTORE]


def test_numbers_per_session_and_interim_series(db, actor, world, snapshot) -> None:
    svc = ProposalService(db)
    s3 = [_new(db, actor, world).number for _ in range(2)]
    s4 = _new(db, actor, world, session_id=world.session4_id).number
    interim = [_new(db, actor, world, session_id=None, submitted_on="2023-07-01").number
               for _ in range(2)]
    assert (s3, s4, interim) == ([1, 2], 1, [1, 2])
    assert _new(db, actor, world, number=7).number == 7
    assert svc.next_number(world.term_id, world.session3_id) == 8
    assert svc.next_number(world.term_id, None) == 3
    assert svc.number_text(svc.get(svc.ids()[0])) == "十届三次会议第001号"
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        _new(db, actor, world, number=2)
    problem = info.value.problems[0]
    assert problem.field == "number" and problem.value == 2
    assert "十届三次会议已有第2号提案" in str(info.value)
    with pytest.raises(ValidationError, match="十届闭会期间已有第1号提案"):
        _new(db, actor, world, session_id=None, number=1)
    assert snapshot() == before
    # a deleted proposal frees its number; restoring it after reuse is refused
    last = svc.ids(ListQuery(filters={"session_id": INTERIM}, sort="number"))[-1]
    svc.delete(actor, versions(svc, [last]))
    reuse = _new(db, actor, world, session_id=None)
    assert reuse.number == 2
    with pytest.raises(ValidationError, match="第2号已被其他提案使用"):
        svc.restore(actor, versions(svc, [last]))
    # moving a proposal to another series without a number gives it the next one there
    moved = svc.update(actor, reuse.id, {"session_id": world.session4_id, "number": ""},
                       version=now(svc, reuse.id)).value
    assert moved.number == 2


def test_proposer_rules_by_type(db, actor, world, snapshot) -> None:
    before = snapshot()
    lead = world.names[world.members[0]]
    cases = [
        ({"type": "个人", "lead_member_id": ""}, "lead_member_id", "个人提案必须填写第一提案人"),
        ({"type": "个人", "cosigner_ids": world.members[1:2]}, "cosigner_ids",
         "个人提案不能有联名人"),
        ({"type": "联名"}, "cosigner_ids", "联名提案至少需要一位联名人"),
        ({"type": "联名", "cosigner_ids": world.members[:2]}, "cosigner_ids",
         f"联名人“{lead}”：第一提案人不能同时作为联名人"),
        ({"type": "集体", "lead_member_id": ""}, "collective_proposer", "集体提案必须填写提案单位"),
        ({"type": "个别"}, "type", "提案类型“个别”：应为以下之一"),
    ]
    for data, field, message in cases:
        with pytest.raises(ValidationError) as info:
            _new(db, actor, world, **data)
        assert [p.field for p in info.value.problems] == [field], data
        assert message in str(info.value)
    with pytest.raises(ValidationError) as info:
        _new(db, actor, world, type="联名", cosigner_ids=[world.members[1], world.members[1]])
    assert info.value.problems[0].field == "cosigner_ids"
    assert f"委员“{world.names[world.members[1]]}”重复列入" in str(info.value)
    assert snapshot() == before
    joint = _joint(db, actor, world)
    with pytest.raises(ValidationError, match="联名提案至少需要一位联名人"):
        ProposalService(db).set_cosigners(actor, joint.id, [],
                                          version=now(ProposalService(db), joint.id))
    swapped = ProposalService(db).set_cosigners(actor, joint.id, world.members[3:1:-1],
                                                version=now(ProposalService(db), joint.id))
    assert [c.member_id for c in swapped.value.cosigners] == [world.members[3], world.members[2]]
    assert swapped.changes.entities["members"] == {world.members[1], world.members[3]}


def test_full_chain_of_a_joint_proposal(db, actor, world, published, audit_log) -> None:
    svc = ProposalService(db)
    p = _joint(db, actor, world)
    housing, education = world.departments["示范县住建局"], world.departments["示范县教育局"]
    assert svc.review(actor, p.id, ReviewStatus.ACCEPTED, "2023-03-10",
                      version=now(svc, p.id)).value.review_status \
        == ReviewStatus.ACCEPTED
    assert stage(svc.get(p.id)) == ProposalStage.ACCEPTED
    published.clear()
    lead = svc.assign(actor, p.id, housing, AssignmentRole.LEAD, "2023-04-15",
                      version=now(svc, p.id))
    assert lead.value.assignments[0].due_on == D(2023, 7, 15)
    assert lead.changes.entities == {"proposals": {p.id}, "departments": {housing},
                                     "members": set(world.members[:3])}
    assert published == [lead.changes]
    svc.assign(actor, p.id, education, "协办", "2023-04-15", due_on="2023-06-30",
               version=now(svc, p.id))
    assert stage(svc.get(p.id)) == ProposalStage.ASSIGNED
    svc.reply(actor, p.id, housing, "2023-06-20", ReplyClass.B, doc_no="示住建函〔2023〕12号",
              version=now(svc, p.id))
    assert stage(svc.get(p.id)) == ProposalStage.REPLIED  # the 协办 unit owes no formal reply
    svc.evaluate(actor, p.id, housing, "满意", "2023-07-01", version=now(svc, p.id))
    assert stage(svc.get(p.id)) == ProposalStage.EVALUATED
    closed = svc.close(actor, p.id, "2023-07-05", version=now(svc, p.id)).value
    assert stage(closed) == ProposalStage.CLOSED and closed.closed_on == D(2023, 7, 5)
    row = closed.assignments[0]
    assert (row.reply_class, row.reply_doc_no, row.satisfaction) == (
        ReplyClass.B, "示住建函〔2023〕12号", Satisfaction.SATISFIED)
    assert svc.ids(ListQuery(filters={"stage": ProposalStage.CLOSED})) == [p.id]
    entries = audit_log("proposals", p.id)
    assert [e.action for e in entries] == [AuditAction.CREATE] + [AuditAction.UPDATE] * 6
    assert "审查为“立案”" in entries[1].summary and "办结" in entries[-1].summary
    assert "十届三次会议第001号" in entries[-1].summary
    with pytest.raises(TransitionError, match="已于2023-07-05办结，不能交办"):
        svc.assign(actor, p.id, world.departments["示范县农业农村局"], "协办", "2023-08-01",
                   version=now(svc, p.id))


def test_invalid_transitions_are_refused_and_write_nothing(db, actor, world, snapshot) -> None:
    svc = ProposalService(db)
    housing = world.departments["示范县住建局"]
    p = _accepted(db, actor, world)
    rejected = _new(db, actor, world, title="关于修建高尔夫球场的建议")
    svc.review(actor, rejected.id, "不予立案", "2023-03-10", note="不符合提案条件",
               version=now(svc, rejected.id))
    before = snapshot()
    with pytest.raises(TransitionError) as info:
        svc.reply(actor, p.id, housing, "2023-05-01", "A", version=now(svc, p.id))
    assert str(info.value) == ("提案“十届三次会议第001号 关于加强农村饮水安全的建议”当前为“立案”，"
                               "尚未交办给“示范县住建局”，不能录入答复。")
    with pytest.raises(TransitionError, match="当前为“不予立案”，只有立案的提案才能交办"):
        svc.assign(actor, rejected.id, housing, "主办", "2023-04-01", version=now(svc, rejected.id))
    with pytest.raises(TransitionError, match="已审查，不能再次审查"):
        svc.review(actor, p.id, "立案", "2023-03-11", version=now(svc, p.id))
    with pytest.raises(TransitionError, match="尚未交办，不能办结"):
        svc.close(actor, p.id, "2023-08-01", version=now(svc, p.id))
    assert snapshot() == before
    svc.assign(actor, p.id, housing, "主办", "2023-04-01", version=now(svc, p.id))
    before = snapshot()
    with pytest.raises(TransitionError, match="“示范县住建局”尚未答复，不能评价"):
        svc.evaluate(actor, p.id, housing, "满意", "2023-05-01", version=now(svc, p.id))
    with pytest.raises(TransitionError, match="尚未答复或尚未评价"):
        svc.close(actor, p.id, "2023-08-01", version=now(svc, p.id))
    assert snapshot() == before
    svc.reply(actor, p.id, housing, "2023-06-01", "C", version=now(svc, p.id))
    svc.evaluate(actor, p.id, housing, Satisfaction.UNSATISFIED, "2023-06-10",
                 version=now(svc, p.id))
    before = snapshot()
    with pytest.raises(TransitionError) as info:
        svc.close(actor, p.id, "2023-06-20", version=now(svc, p.id))
    assert "“示范县住建局”的答复被评价为不满意，应重新办理后再办结" in str(info.value)
    with pytest.raises(TransitionError, match="已评价"):
        svc.reply(actor, p.id, housing, "2023-06-15", "B", version=now(svc, p.id))
    with pytest.raises(TransitionError, match="已答复，不能撤销交办"):
        svc.unassign(actor, p.id, housing, version=now(svc, p.id))
    assert snapshot() == before
    # 重新办理: the reply and evaluation are cleared, then the chain completes
    reopened = svc.reopen_for_rehandling(actor, p.id, housing, version=now(svc, p.id)).value
    assert stage(reopened) == ProposalStage.ASSIGNED and reopened.assignments[0].reply_class is None
    with pytest.raises(TransitionError, match="未被评价为不满意"):
        svc.reopen_for_rehandling(actor, p.id, housing, version=now(svc, p.id))
    svc.reply(actor, p.id, housing, "2023-07-01", "B", version=now(svc, p.id))
    svc.evaluate(actor, p.id, housing, "基本满意", "2023-07-05", version=now(svc, p.id))
    assert stage(svc.close(actor, p.id, "2023-07-06",
                           version=now(svc, p.id)).value) == ProposalStage.CLOSED


def test_review_rules(db, actor, world, snapshot) -> None:
    svc = ProposalService(db)
    target = _accepted(db, actor, world, title="关于治理城区内涝的建议")
    p = _new(db, actor, world, title="关于城区排水改造的建议")
    pending = _new(db, actor, world, title="关于雨污分流的建议")
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        svc.review(actor, p.id, "不予立案", "2023-03-01", note=" ", version=now(svc, p.id))
    assert {x.field for x in info.value.problems} == {"reviewed_on", "review_note"}
    assert "早于提交日期2023-03-02" in str(info.value)
    with pytest.raises(ValidationError, match="不能并入提案自身"):
        svc.review(actor, p.id, "并案", "2023-03-10", merged_into_id=p.id, version=now(svc, p.id))
    with pytest.raises(ValidationError) as info:
        svc.review(actor, p.id, "并案", "2023-03-10", merged_into_id=pending.id,
                   version=now(svc, p.id))
    assert info.value.problems[0].field == "merged_into_id"
    assert "关于雨污分流的建议" in str(info.value) and "只能并入已立案的提案" in str(info.value)
    with pytest.raises(ValidationError, match="应为以下之一"):
        svc.review(actor, p.id, "搁置", "2023-03-10", version=now(svc, p.id))
    with pytest.raises(ValidationError, match="请通过“审查”操作修改"):
        svc.update(actor, p.id, {"review_status": "立案"}, version=now(svc, p.id))
    assert snapshot() == before
    merged = svc.review(actor, p.id, ReviewStatus.MERGED, "2023-03-10",
                        merged_into_id=target.id, version=now(svc, p.id)).value
    assert (stage(merged), merged.merged_into_id) == (ProposalStage.MERGED, target.id)
    with pytest.raises(ValidationError, match="有1件提案并入本提案"):
        svc.delete(actor, versions(svc, [target.id]))
    # a clerk may not undo a review; an admin returns it to 待审查 to correct a mistake
    clerk = Actor("clerk", UserRole.CLERK)
    with pytest.raises(PermissionDeniedError):
        svc.review(clerk, p.id, ReviewStatus.PENDING, None, version=now(svc, p.id))
    back = svc.review(actor, p.id, ReviewStatus.PENDING, None, version=now(svc, p.id)).value
    assert (back.review_status, back.merged_into_id, back.reviewed_on) == (
        ReviewStatus.PENDING, None, None)
    svc.assign(actor, target.id, world.departments["示范县住建局"], "主办", "2023-04-01",
               version=now(svc, target.id))
    with pytest.raises(TransitionError, match="已交办，须先撤销交办"):
        svc.review(actor, target.id, ReviewStatus.PENDING, None, version=now(svc, target.id))


def test_assignment_rules(db, actor, world, snapshot) -> None:
    svc = ProposalService(db)
    housing, education, farming = world.departments.values()
    p = _accepted(db, actor, world)
    before = snapshot()
    with pytest.raises(ValidationError, match="请先交办主办单位，再交办协办单位"):
        svc.assign(actor, p.id, education, "协办", "2023-04-01", version=now(svc, p.id))
    with pytest.raises(ValidationError) as info:
        svc.assign(actor, p.id, 9999, "主办", "2023-03-01", due_on="2023-02-01",
                   version=now(svc, p.id))
    assert {x.field for x in info.value.problems} == {"department_id", "assigned_on", "due_on"}
    assert snapshot() == before
    svc.assign(actor, p.id, housing, "主办", "2023-11-30", version=now(svc, p.id))
    assert svc.get(p.id).assignments[0].due_on == D(2024, 2, 29)  # clipped to the month end
    for dept, role, message in [
            (housing, "协办", "已交办给“示范县住建局”，不能重复交办"),
            (education, "主办", "已有主办单位“示范县住建局”"),
            (education, "分办", "不能再分办")]:
        with pytest.raises(ValidationError, match=message):
            svc.assign(actor, p.id, dept, role, "2023-12-01", version=now(svc, p.id))
    svc.assign(actor, p.id, education, "会办", "2023-12-01", version=now(svc, p.id))
    with pytest.raises(TransitionError, match="须先撤销协办单位的交办"):
        svc.unassign(actor, p.id, housing, version=now(svc, p.id))
    svc.unassign(actor, p.id, education, version=now(svc, p.id))
    svc.unassign(actor, p.id, housing, version=now(svc, p.id))
    assert stage(svc.get(p.id)) == ProposalStage.ACCEPTED
    # 分办: every department replies; all must be evaluated before closing
    svc.assign(actor, p.id, housing, "分办", "2023-12-01", version=now(svc, p.id))
    svc.assign(actor, p.id, farming, "分办", "2023-12-01", version=now(svc, p.id))
    with pytest.raises(ValidationError, match="已按分办交办"):
        svc.assign(actor, p.id, education, "主办", "2023-12-01", version=now(svc, p.id))
    svc.reply(actor, p.id, housing, "2024-01-10", "A", version=now(svc, p.id))
    assert stage(svc.get(p.id)) == ProposalStage.ASSIGNED
    with pytest.raises(ValidationError, match="早于交办日期2023-12-01"):
        svc.reply(actor, p.id, farming, "2023-11-01", "A", version=now(svc, p.id))
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 12, 15), 3) == D(2024, 3, 15)


def test_stale_version_and_key_supervision_instructions(db, actor, world, snapshot,
                                                       published) -> None:
    svc = ProposalService(db)
    p = _accepted(db, actor, world)
    opened = svc.get(p.id)
    svc.set_key(actor, p.id, True, "政协领导督办", supervisor="张主席", version=now(svc, p.id))
    before = snapshot()
    with pytest.raises(ConflictError):
        svc.update(actor, p.id, {"title": "改"}, version=opened.version)
    assert snapshot() == before
    key = svc.get(p.id)
    assert (key.is_key, key.supervision_level.label, key.supervisor) == (True, "政协领导督办",
                                                                        "张主席")
    svc.add_supervision(actor, p.id, "专委会督办", "2023-05-01", leader="李主任", form="实地督办",
                        version=now(svc, p.id))
    assert [s.leader for s in svc.get(p.id).supervisions] == ["李主任"]
    svc.add_instruction(actor, p.id, "县级领导", "王县长", "2023-05-02", "请住建局抓紧落实",
                        version=now(svc, p.id))
    assert [i.leader for i in svc.instructions(p.id)] == ["王县长"]
    with pytest.raises(ValidationError) as info:
        svc.add_instruction(actor, p.id, "乡级", "", "", version=now(svc, p.id))
    assert {x.field for x in info.value.problems} == {"level", "instructed_on"}
    unkey = svc.set_key(actor, p.id, False, version=now(svc, p.id)).value
    assert (unkey.is_key, unkey.supervision_level, unkey.supervisor) == (False, None, "")
    pending = _new(db, actor, world)
    with pytest.raises(TransitionError, match="只有立案的提案才能评为优秀提案"):
        svc.set_excellent(actor, pending.id, version=now(svc, pending.id))
    assert all("proposals" in c.entities for c in published)


def test_proposals_of_member(db, actor, world) -> None:
    svc = ProposalService(db)
    housing = world.departments["示范县住建局"]
    joint = _joint(db, actor, world)
    svc.review(actor, joint.id, "立案", "2023-03-10", version=now(svc, joint.id))
    svc.assign(actor, joint.id, housing, "主办", "2023-04-01", version=now(svc, joint.id))
    svc.reply(actor, joint.id, housing, "2023-05-01", "A", version=now(svc, joint.id))
    own = _new(db, actor, world, lead_member_id=world.members[2], session_id=world.session4_id,
               submitted_on="2024-04-23")
    gone = _new(db, actor, world, lead_member_id=world.members[2])
    svc.delete(actor, versions(svc, [gone.id]))
    rows = svc.proposals_of_member(world.members[2])
    assert [(r.proposal_id, r.number_text, r.role, r.stage, r.stage_label, r.departments,
             r.reply_classes) for r in rows] == [
        (joint.id, "十届三次会议第001号", "cosign", ProposalStage.REPLIED, "答复",
         ("示范县住建局",), ("A",)),
        (own.id, "十届四次会议第001号", "lead", ProposalStage.PENDING, "待审查", (), ())]
    assert rows[1].role_label == "第一提案人" and rows[0].role_label == "联名人"
    assert svc.proposals_of_member(world.members[20]) == []


def test_purge_with_children_and_refusal_while_instructed(db, actor, world, snapshot) -> None:
    svc = ProposalService(db)
    p = _joint(db, actor, world)
    svc.review(actor, p.id, "立案", "2023-03-10", version=now(svc, p.id))
    svc.assign(actor, p.id, world.departments["示范县住建局"], "主办", "2023-04-01",
               version=now(svc, p.id))
    svc.add_supervision(actor, p.id, "提案委日常督办", "2023-05-01", version=now(svc, p.id))
    svc.add_instruction(actor, p.id, "县级领导", "王县长", "2023-05-02", version=now(svc, p.id))
    svc.delete(actor, versions(svc, [p.id]))
    with pytest.raises(ValidationError, match="领导批示1条"):
        svc.purge(actor, versions(svc, [p.id]))
    first = svc.instructions(p.id)[0].id
    svc.delete_instruction(actor, first,
                           version=instruction_now(svc, first))  # then the proposal may go
    svc.purge(actor, versions(svc, [p.id]))
    rows = snapshot()
    assert rows["proposals"] == rows["proposal_cosigners"] == rows["proposal_assignments"] \
        == rows["supervision_records"] == []
