"""Units, sectors, departments, terms and reference lists."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.enums import RefList, UnitKind, UnitRole
from app.errors import ValidationError
from app.models import Sector, Unit
from app.services.crud import ListQuery
from app.services.members import MemberService
from app.services.org import DepartmentService, SectorService, UnitService
from app.services.refdata import EventKindService, RefValueService
from app.services.terms import CommitteeService, SessionService, TermService
from tests.versions import now, ref_now, versions


def test_units_with_members_and_roles(db, actor) -> None:
    units = UnitService(db)
    unit = units.create(actor, {"name": "第一联络组", "kind": "乡镇联络组"}).value
    assert unit.kind == UnitKind.LIAISON_GROUP
    member = MemberService(db).create(actor, {"name": "张琳"}).value
    units.set_member(actor, unit.id, member.id, {"role": "组长"}, version=now(units, unit.id))
    assert [(m.member_id, m.role) for m in units.get(unit.id).memberships] == [
        (member.id, UnitRole.GROUP_LEADER)]
    assert MemberService(db).ids(ListQuery(filters={"unit_id": unit.id})) == [member.id]
    units.remove_member(actor, unit.id, member.id, version=now(units, unit.id))
    assert units.get(unit.id).memberships == []
    with pytest.raises(ValidationError, match="已存在同名记录"):
        units.create(actor, {"name": "第一联络组", "kind": "乡镇联络组"})


def test_sector_must_belong_to_a_sector_group_and_can_be_reordered(db, actor) -> None:
    sectors = SectorService(db)
    office = UnitService(db).of_kind(UnitKind.OFFICE)[0]
    with pytest.raises(ValidationError, match="不是界别组"):
        sectors.create(actor, {"name": "新界别", "group_id": office.id})
    ids = sectors.ids()
    sectors.reorder(actor, list(reversed(ids)), versions=versions(sectors, list(reversed(ids))))
    assert sectors.ids() == list(reversed(ids))


def test_reorder_bumps_only_the_sectors_that_moved(db, actor, audit_log) -> None:
    """A clerk with another 界别 open saves it after someone reordered: only the moved
    sectors' versions advance; an order that moves nothing writes nothing."""
    sectors = SectorService(db)
    for name in ("甲界", "乙界", "丙界", "丁界"):
        sectors.create(actor, {"name": name, "sort_order": sectors.next_order()})
    ids = sectors.ids()
    assert len(ids) >= 4
    seen = versions(sectors, ids)  # what both clerks opened
    entries = len(audit_log("sectors"))
    order = [ids[1], ids[0], *ids[2:]]  # the first two swap places; the rest stay
    changes = sectors.reorder(actor, order, versions=seen)
    assert sectors.ids() == order
    assert changes.entities == {"sectors": {ids[0], ids[1]}}
    after = versions(sectors, ids)
    assert [after[i] > seen[i] for i in ids] == [True, True] + [False] * (len(ids) - 2)
    assert len(audit_log("sectors")) == entries + 1
    # the other clerk's edit of a sector that did not move saves with the version they saw
    sectors.update(actor, ids[2], {"short_name": "科技"}, version=seen[ids[2]])
    assert sectors.get(ids[2]).short_name == "科技"
    # the same order again moves nothing: no write, no audit entry, no version change
    again, logged = versions(sectors, ids), len(audit_log("sectors"))
    assert not sectors.reorder(actor, order, versions=again)
    assert versions(sectors, ids) == again and len(audit_log("sectors")) == logged


def test_departments_unique_by_name(db, actor) -> None:
    deps = DepartmentService(db)
    deps.create(actor, {"name": "示范县住房和城乡建设管理局", "short_name": "住建局"})
    with pytest.raises(ValidationError) as info:
        deps.create(actor, {"name": "示范县住房和城乡建设管理局"})
    assert info.value.problems[0].field == "name"


def test_terms_sessions_and_committee_name(db, actor) -> None:
    terms = TermService(db)
    term = terms.create(actor, {"number": 10, "start_on": "2021-12-20"}).value
    with pytest.raises(ValidationError, match="该届次已存在"):
        terms.create(actor, {"number": 10, "start_on": "2021-12-20"})
    with pytest.raises(ValidationError, match="早于开始日期"):
        terms.create(actor, {"number": 11, "start_on": "2026-12-20", "end_on": "2026-01-01"})
    sessions = SessionService(db)
    s4 = sessions.create(actor, {"term_id": term.id, "number": 4, "start_on": "2024-04-22"})
    assert sessions.describe(sessions.get(s4.value.id)) == "十届四次会议"
    committee = CommitteeService(db)
    committee.update(actor, {"region": "长子县", "current_term_id": term.id},
                     version=now(committee))
    assert committee.committee_name(term) == "政协第十届长子县委员会"


def test_reference_value_in_use_can_be_retired_not_deleted(db, actor) -> None:
    refs = RefValueService(db)
    MemberService(db).create(actor, {"name": "张琳", "party": "民盟"})
    minmeng = next(v for v in refs.values(RefList.PARTY) if v.label == "民盟")
    with pytest.raises(ValidationError, match="已有1条记录使用"):
        refs.delete(actor, minmeng.id, version=ref_now(refs, minmeng.id))
    refs.set_retired(actor, minmeng.id, True, version=ref_now(refs, minmeng.id))
    assert "民盟" not in refs.labels(RefList.PARTY)
    with pytest.raises(ValidationError, match="已停用"):
        MemberService(db).create(actor, {"name": "李四", "party": "民盟"})
    refs.add(actor, RefList.PARTY, "测试党派")
    new = next(v for v in refs.values(RefList.PARTY) if v.label == "测试党派")
    refs.delete(actor, new.id, version=ref_now(refs, new.id))
    assert "测试党派" not in refs.labels(RefList.PARTY)


def test_event_kind_in_use_cannot_be_deleted(db, actor) -> None:
    from app.services.events import EventService

    kinds = EventKindService(db)
    kind_id = kinds.ids()[0]
    EventService(db).create(actor, {"title": "调研", "kind_id": kind_id, "start_on": "2025-03-01"})
    with pytest.raises(ValidationError, match="只能停用"):
        kinds.delete(actor, versions(kinds, [kind_id]))
    kinds.update(actor, kind_id, {"retired": True}, version=now(kinds, kind_id))
    assert kinds.get(kind_id).retired


def test_seeded_groups_hold_every_sector(db) -> None:
    with db.reader() as s:
        sectors = list(s.scalars(select(Sector)))
        groups = {u.id for u in s.scalars(select(Unit).where(Unit.kind == UnitKind.SECTOR_GROUP))}
    assert sectors and all(x.group_id in groups for x in sectors)
