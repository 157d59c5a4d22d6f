"""社情民意信息: round trip, submitters, 编发, 上报 and 采用 per level, instructions."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.enums import AuditAction, ForwardLevel, OpinionStatus
from app.errors import ConflictError, TransitionError, ValidationError
from app.services.crud import ListQuery
from app.services.opinions import OpinionService
from tests.versions import instruction_now, now, versions

D = dt.date


def _new(db, actor, world, submitters=None, **data):
    svc = OpinionService(db)
    base = {"title": "关于解决农村留守老人就医难的建议", "received_on": "2024-03-01",
            "category": "医疗卫生", "serial_no": "2024-015"}
    report = svc.create(actor, base | data).value
    rows = submitters if submitters is not None else [{"member_id": world.members[0]}]
    return svc.set_submitters(actor, report.id, rows, version=now(svc, report.id)).value


def test_round_trip_filters_sorts_and_recycle_bin(db, actor, world, audit_log) -> None:
    svc = OpinionService(db)
    a = _new(db, actor, world, channel_unit_id=world.unit_id)
    b = _new(db, actor, world, [{"name": "特邀信息员赵明"}], title="关于规范校外培训的建议",
             received_on="2023-10-09", category="教育", serial_no="2023-101")
    assert a.status == OpinionStatus.RECEIVED and [s.member_id for s in a.submitters] == [
        world.members[0]]
    got = svc.get(a.id)
    changed = svc.update(actor, a.id, {"title": "关于解决农村留守老人看病难的建议"},
                         version=got.version).value
    assert changed.version == got.version + 1
    svc.issue(actor, a.id, "2024-03-15", 2024, 6, version=now(svc, a.id))
    svc.forward(actor, a.id, ForwardLevel.CITY, "2024-03-20", version=now(svc, a.id))
    svc.forward(actor, a.id, "省政协", "2024-03-25", version=now(svc, a.id))
    svc.record_adoption(actor, a.id, ForwardLevel.PROVINCE, "2024-04-10", outlet="《社情民意专报》",
                        version=now(svc, a.id))
    svc.archive(actor, b.id, "内容与已编发信息重复", version=now(svc, b.id))

    def ids(**filters):
        return set(svc.ids(ListQuery(filters=filters)))

    assert ids(year=2024) == {a.id} and ids(year=2023) == {b.id}
    assert ids(category="教育") == {b.id}
    assert ids(status=OpinionStatus.ARCHIVED) == {b.id}
    assert ids(channel_unit_id=world.unit_id) == {a.id}
    assert ids(member_id=world.members[0]) == {a.id}
    assert ids(forwarded_level=ForwardLevel.CITY) == {a.id}
    assert ids(adopted_level=ForwardLevel.PROVINCE) == {a.id}
    assert ids(adopted_level=ForwardLevel.CITY) == set()
    assert ids(issued=True) == {a.id} and ids(issued=False) == {b.id}
    assert svc.ids(ListQuery(search="赵明")) == [b.id]  # informant name
    assert svc.ids(ListQuery(search=world.names[world.members[0]])) == [a.id]  # member name
    assert svc.ids(ListQuery(search="2023-101")) == [b.id]
    assert svc.ids(ListQuery(sort="received_on")) == [b.id, a.id]
    assert svc.ids(ListQuery(sort="received_on", descending=True)) == [a.id, b.id]
    assert svc.ids(ListQuery(sort="title")) == sorted([a.id, b.id],
                                                      key=lambda i: svc.get(i).title)
    svc.delete(actor, versions(svc, [b.id]))
    assert svc.ids() == [a.id] and svc.ids(ListQuery(deleted=True)) == [b.id]
    svc.restore(actor, versions(svc, [b.id]))
    assert svc.count() == 2
    actions = [e.action for e in audit_log("opinion_reports", b.id)]
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.UPDATE,
                       AuditAction.DELETE, AuditAction.RESTORE]


def test_invalid_input_and_stale_version_write_nothing(db, actor, world, snapshot) -> None:
    svc = OpinionService(db)
    report = _new(db, actor, world)
    svc.update(actor, report.id, {"notes": "已核实"}, version=now(svc, report.id))
    before = snapshot()
    with pytest.raises(ValidationError) as info:
        svc.create(actor, {"title": "", "received_on": "2024-02-30", "category": "天气"})
    fields = {p.field: str(p) for p in info.value.problems}
    assert set(fields) == {"title", "received_on", "category"}
    assert "2024-02-30" in fields["received_on"] and "天气" in fields["category"]
    with pytest.raises(ConflictError):
        svc.update(actor, report.id, {"notes": "覆盖"}, version=report.version)
    with pytest.raises(ValidationError) as info:
        svc.issue(actor, report.id, "2024-02-01", 2024, 0, version=now(svc, report.id))
    assert {p.field for p in info.value.problems} == {"issued_on", "bulletin_no"}
    assert "早于收到日期2024-03-01" in str(info.value)
    assert snapshot() == before


def test_submitters_members_and_informants(db, actor, world, snapshot, published) -> None:
    svc = OpinionService(db)
    report = _new(db, actor, world)
    first, second = world.members[0], world.members[1]
    result = svc.set_submitters(actor, report.id, [{"member_id": second}, {"name": "李 信息员"},
                                                   {"member_id": first}],
                                version=now(svc, report.id))
    assert [(s.member_id, s.name, s.position) for s in result.value.submitters] == [
        (second, "", 1), (None, "李信息员", 2), (first, "", 3)]
    assert result.changes.entities == {"opinion_reports": {report.id}, "members": {second}}
    assert published[-1] is result.changes
    before = snapshot()
    with pytest.raises(ValidationError, match="至少需要一位报送人"):
        svc.set_submitters(actor, report.id, [], version=now(svc, report.id))
    with pytest.raises(ValidationError) as info:
        svc.set_submitters(actor, report.id, [{"member_id": first}, {"member_id": first},
                                              {"name": "王五"}, {"name": "王五"}, {}],
                           version=now(svc, report.id))
    messages = [(p.field, str(p)) for p in info.value.problems]
    assert any(f == "member_id" and "重复列入" in m and world.names[first] in m
               for f, m in messages)
    assert ("name", "第4位报送人“王五”：报送人“王五”重复列入") in messages
    assert any(f == "name" and "第5位报送人" in m for f, m in messages)
    assert snapshot() == before


def test_forwarding_and_adoption_by_level(db, actor, world, snapshot, audit_log) -> None:
    svc = OpinionService(db)
    report = _new(db, actor, world)
    svc.forward(actor, report.id, ForwardLevel.CITY, "2024-03-05", version=now(svc, report.id))
    svc.forward(actor, report.id, ForwardLevel.PROVINCE, "2024-03-06", version=now(svc, report.id))
    adopted = svc.record_adoption(actor, report.id, "省政协", "2024-04-01", "《政协信息》",
                                  version=now(svc, report.id)).value
    levels = {f.level: (f.adopted, f.adopted_on, f.outlet) for f in adopted.forwards}
    assert levels == {ForwardLevel.CITY: (False, None, ""),
                      ForwardLevel.PROVINCE: (True, D(2024, 4, 1), "《政协信息》")}
    before = snapshot()
    with pytest.raises(TransitionError) as info:
        svc.record_adoption(actor, report.id, ForwardLevel.NATIONAL, "2024-05-01",
                            version=now(svc, report.id))
    assert "尚未上报全国政协，不能登记全国政协采用" in str(info.value)
    assert "关于解决农村留守老人就医难的建议" in str(info.value)
    with pytest.raises(TransitionError, match="已于2024-03-05上报市政协，不能重复上报"):
        svc.forward(actor, report.id, ForwardLevel.CITY, "2024-03-09", version=now(svc, report.id))
    with pytest.raises(ValidationError, match="早于上报日期2024-03-05"):
        svc.record_adoption(actor, report.id, ForwardLevel.CITY, "2024-03-01",
                            version=now(svc, report.id))
    with pytest.raises(ValidationError, match="早于收到日期2024-03-01"):
        svc.forward(actor, report.id, ForwardLevel.NATIONAL, "2024-02-01",
                    version=now(svc, report.id))
    with pytest.raises(TransitionError, match="已被省政协采用，不能撤销上报"):
        svc.withdraw_forward(actor, report.id, ForwardLevel.PROVINCE, version=now(svc, report.id))
    with pytest.raises(TransitionError, match="已编发或上报，不能存档不采用"):
        svc.archive(actor, report.id, "重复", version=now(svc, report.id))
    assert snapshot() == before
    withdrawn = svc.withdraw_forward(actor, report.id, "市政协", version=now(svc, report.id)).value
    assert [f.level for f in withdrawn.forwards] == [ForwardLevel.PROVINCE]
    summaries = [e.summary for e in audit_log("opinion_reports", report.id)]
    assert any("被省政协采用" in s for s in summaries) and "撤销" in summaries[-1]


def test_issue_archive_and_instructions(db, actor, world, published) -> None:
    svc = OpinionService(db)
    report = _new(db, actor, world)
    issued = svc.issue(actor, report.id, "2024-03-10", 2024, 5, version=now(svc, report.id)).value
    assert (issued.status, issued.bulletin_year, issued.bulletin_no) == (
        OpinionStatus.ISSUED, 2024, 5)
    with pytest.raises(TransitionError, match="已于2024-03-10编发在《社情民意》2024年第5期"):
        svc.issue(actor, report.id, "2024-03-11", 2024, 6, version=now(svc, report.id))
    other = _new(db, actor, world, title="关于城区停车难的建议")
    with pytest.raises(ValidationError, match="必须填写理由"):
        svc.archive(actor, other.id, "  ", version=now(svc, other.id))
    archived = svc.archive(actor, other.id, "与第5期内容重复", version=now(svc, other.id)).value
    assert archived.status == OpinionStatus.ARCHIVED and "与第5期内容重复" in archived.notes
    with pytest.raises(TransitionError, match="已存档不采用，不能上报"):
        svc.forward(actor, other.id, ForwardLevel.CITY, "2024-03-20", version=now(svc, other.id))
    svc.add_instruction(actor, report.id, "市级领导", "刘市长", "2024-04-02", "请卫健委研究",
                        version=now(svc, report.id))
    result = svc.add_instruction(actor, report.id, "县级领导", "", "2024-04-03",
                                 version=now(svc, report.id))
    assert result.changes.entities == {"opinion_reports": {report.id},
                                       "members": {world.members[0]}}
    rows = svc.instructions(report.id)
    assert [r.leader for r in rows] == ["刘市长", ""]
    svc.delete_instruction(actor, rows[0].id, version=instruction_now(svc, rows[0].id))
    assert len(svc.instructions(report.id)) == 1


def test_opinions_of_member(db, actor, world) -> None:
    svc = OpinionService(db)
    member = world.members[4]
    a = _new(db, actor, world, [{"member_id": member}, {"member_id": world.members[5]}],
             received_on="2024-01-05")
    b = _new(db, actor, world, [{"member_id": member}], title="关于改善农贸市场环境的建议",
             received_on="2024-02-05")
    _new(db, actor, world, [{"member_id": world.members[5]}], title="别人的信息")
    svc.forward(actor, a.id, ForwardLevel.CITY, "2024-01-10", version=now(svc, a.id))
    svc.forward(actor, a.id, ForwardLevel.NATIONAL, "2024-01-12", version=now(svc, a.id))
    svc.record_adoption(actor, a.id, ForwardLevel.NATIONAL, "2024-02-01", "《每日社情》",
                        version=now(svc, a.id))
    svc.add_instruction(actor, a.id, "省级领导", "某副省长", "2024-02-10", version=now(svc, a.id))
    rows = svc.opinions_of_member(member)
    assert [(r.opinion_id, r.received_on, r.forwarded_levels, r.adopted_levels,
             r.instruction_count) for r in rows] == [
        (a.id, D(2024, 1, 5), (ForwardLevel.CITY, ForwardLevel.NATIONAL),
         (ForwardLevel.NATIONAL,), 1),
        (b.id, D(2024, 2, 5), (), (), 0)]
    assert rows[1].title == "关于改善农贸市场环境的建议"
    assert svc.opinions_of_member(world.members[20]) == []


def test_status_issued_goes_with_the_bulletin(db, actor, world) -> None:
    """处理状态 “已编发” and 本级编发 (编发日期, 期号) agree in every write: 已编发 without a
    编发日期 is refused with the reason, a 编发日期 alone makes it 已编发, and another status
    chosen together with a 编发日期 is refused. Nothing is written when refused."""
    svc = OpinionService(db)
    before = svc.count(ListQuery())
    with pytest.raises(ValidationError, match="须同时填写编发日期和期号") as refused:
        svc.create(actor, {"title": "关于加强学校周边交通管理的建议", "received_on": "2024-03-01",
                           "status": OpinionStatus.ISSUED})
    assert [p.field for p in refused.value.problems] == ["status"]
    assert svc.count(ListQuery()) == before
    issued = svc.create(actor, {"title": "关于加强学校周边交通管理的建议",
                                "received_on": "2024-03-01", "issued_on": "2024-03-09",
                                "bulletin_year": 2024, "bulletin_no": 3}).value
    assert issued.status == OpinionStatus.ISSUED
    with pytest.raises(ValidationError, match="处理状态应为“已编发”"):
        svc.update(actor, issued.id, {"status": OpinionStatus.EDITING},
                   version=now(svc, issued.id))
    assert svc.get(issued.id).status == OpinionStatus.ISSUED
    forwarded = _new(db, actor, world, title="关于规范农村建房的建议")
    svc.forward(actor, forwarded.id, ForwardLevel.CITY, "2024-03-12",
                version=now(svc, forwarded.id))
    assert svc.get(forwarded.id).status == OpinionStatus.RECEIVED  # 上报 is not 本级编发
    with pytest.raises(ValidationError, match="只上报上级的信息请选“编辑中”"):
        svc.update(actor, forwarded.id, {"status": OpinionStatus.ISSUED},
                   version=now(svc, forwarded.id))
    edited = svc.update(actor, forwarded.id, {"status": OpinionStatus.EDITING},
                        version=now(svc, forwarded.id)).value
    assert edited.status == OpinionStatus.EDITING
