"""Optimistic locking in the services, on SQLite and on PostgreSQL.

A write without the version it read is refused (a programming error: ``TypeError``); a write
on a version another clerk has replaced is a ``ConflictError`` naming the record and its
current version, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.engine import Database
from app.domain.enums import CommitteeLevel, ForwardLevel, RefList
from app.errors import ConflictError
from app.models import AuditEntry, CommitteeSettings, OpinionReport, RefValue
from app.services.events import EventService
from app.services.members import MemberService
from app.services.opinions import OpinionService
from app.services.org import SectorService, UnitService
from app.services.proposals import ProposalService
from app.services.refdata import RefValueService
from app.services.terms import CommitteeService
from tests.services.locking_support import ACTOR, Records, make_records, open_scratch, scratch_url


@pytest.fixture
def locked(request: pytest.FixtureRequest, backend: str, tmp_path: Path
           ) -> Iterator[tuple[Database, Records]]:
    """On each backend (``backend``: conftest parametrises every test that uses it)."""
    with scratch_url(request, backend, tmp_path) as url:
        db = open_scratch(url)
        try:
            yield db, make_records(db, guests=3)
        finally:
            db.dispose()


def _rows(db: Database) -> tuple[int, ...]:
    """What a refused write must leave alone: the audit log and every record's version."""
    with db.reader() as s:
        audit = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        from app.models import Event, Member, Proposal
        versions = tuple(s.scalars(select(m.version).order_by(m.id))
                         for m in (Member, Proposal, Event, OpinionReport))
    return (audit, *(v for vs in versions for v in vs))


def test_writes_without_a_version_are_refused(locked: tuple[Database, Records]) -> None:
    db, r = locked
    members, proposals, events = MemberService(db), ProposalService(db), EventService(db)
    before = _rows(db)
    refusals: list[Any] = [
        lambda: members.update(ACTOR, r.member_id, {"notes": "x"}),  # type: ignore[call-arg]
        lambda: members.update(ACTOR, r.member_id, {"notes": "x"}, version=None),  # type: ignore[arg-type]
        lambda: members.delete(ACTOR, [r.member_id]),
        lambda: members.restore(ACTOR, [r.member_id]),
        lambda: members.delete(ACTOR, {r.member_id: None}),
        lambda: proposals.set_cosigners(ACTOR, r.proposal_id, []),  # type: ignore[call-arg]
        lambda: proposals.add_supervision(ACTOR, r.proposal_id, "党政领导领衔督办",  # type: ignore[call-arg]
                                          "2024-06-01"),
        lambda: proposals.close(ACTOR, r.proposal_id, "2024-07-01", version="3"),  # type: ignore[arg-type]
        lambda: events.add_participants(ACTOR, r.event_id, r.guests[:1]),  # type: ignore[call-arg]
        lambda: events.set_participants(ACTOR, r.event_id, []),  # type: ignore[call-arg]
        lambda: CommitteeService(db).update(ACTOR, {"region": "长子县"}),  # type: ignore[call-arg]
    ]
    for refuse in refusals:
        with pytest.raises(TypeError):
            refuse()
    assert _rows(db) == before


def test_a_stale_update_delete_restore_or_step_is_a_conflict(
        locked: tuple[Database, Records]) -> None:
    db, r = locked
    members, proposals = MemberService(db), ProposalService(db)
    opened = members.get(r.member_id)
    members.update(ACTOR, r.member_id, {"notes": "第一位录入员"}, version=opened.version)
    before = _rows(db)
    with pytest.raises(ConflictError) as info:
        members.update(ACTOR, r.member_id, {"notes": "第二位录入员"}, version=opened.version)
    assert "该委员“张琳”已被其他用户修改（当前版本2，您打开的是版本1）" in str(info.value)
    assert (info.value.entity, info.value.record_id, info.value.current_version) == (
        "members", r.member_id, 2)
    with pytest.raises(ConflictError, match="已被其他用户修改"):
        members.delete(ACTOR, {r.member_id: opened.version})
    assert _rows(db) == before
    assert members.get(r.member_id).notes == "第一位录入员"

    members.delete(ACTOR, {r.member_id: 2})
    with pytest.raises(ConflictError, match="已被其他用户删除（已在回收站中）"):
        members.update(ACTOR, r.member_id, {"notes": "x"}, version=2)
    with pytest.raises(ConflictError):
        members.restore(ACTOR, {r.member_id: 2})
    with pytest.raises(ConflictError):  # purged on what the record was before it was deleted
        members.purge(ACTOR, {r.member_id: 2})
    members.restore(ACTOR, {r.member_id: 3})
    assert members.get(r.member_id).version == 4
    members.delete(ACTOR, {r.member_id: 4})
    with pytest.raises(ConflictError, match="已被其他用户删除（已在回收站中）（当前版本5"):
        members.purge(ACTOR, {r.member_id: 4})  # the bin was looked at before the restore
    members.purge(ACTOR, {r.member_id: 5})
    with pytest.raises(ConflictError, match="已被其他用户彻底删除"):
        members.update(ACTOR, r.member_id, {"notes": "x"}, version=5)

    p = proposals.get(r.proposal_id)
    proposals.update(ACTOR, p.id, {"body": "正文"}, version=p.version)
    before = _rows(db)
    with pytest.raises(ConflictError, match=r"该提案“.*”已被其他用户修改"):
        proposals.add_supervision(ACTOR, p.id, "党政领导领衔督办", "2024-06-01",
                                  version=p.version)
    with pytest.raises(ConflictError):
        proposals.set_key(ACTOR, p.id, True, version=p.version)
    assert _rows(db) == before and proposals.get(p.id).supervisions == []


def test_child_rows_advance_the_parent_version(locked: tuple[Database, Records]) -> None:
    """Participants, supervisions, forwards and submitters are written through the parent:
    a clerk who opened the parent before them cannot overwrite them."""
    db, r = locked
    events, proposals, opinions = EventService(db), ProposalService(db), OpinionService(db)
    e = events.get(r.event_id)
    events.add_participants(ACTOR, e.id, r.guests[:2], version=e.version)
    with pytest.raises(ConflictError):
        events.update(ACTOR, e.id, {"participants": []}, version=e.version)
    assert {p.member_id for p in events.get(e.id).participations} == set(r.guests[:2])
    e2 = events.get(e.id)
    events.save_outcome(ACTOR, e.id, {"kind": "调研报告", "title": "饮水调研"},
                        version=e2.version)
    outcome = events.get(e.id).outcomes[0]
    with pytest.raises(ConflictError):
        events.delete_outcome(ACTOR, outcome.id, version=e2.version)

    p = proposals.get(r.proposal_id)
    proposals.add_supervision(ACTOR, p.id, "党政领导领衔督办", "2024-06-01", version=p.version)
    assert proposals.get(p.id).version == p.version + 1

    report = opinions.create(ACTOR, {"title": "关于农村养老的建议",
                                     "received_on": dt.date(2024, 2, 1)}).value
    opinions.set_submitters(ACTOR, report.id, [{"name": "王某"}], version=report.version)
    with pytest.raises(ConflictError, match="社情民意信息"):
        opinions.forward(ACTOR, report.id, ForwardLevel.CITY, "2024-02-03",
                         version=report.version)
    fresh = opinions.get(report.id)
    opinions.forward(ACTOR, report.id, ForwardLevel.CITY, "2024-02-03", version=fresh.version)
    with pytest.raises(ConflictError):
        opinions.withdraw_forward(ACTOR, report.id, ForwardLevel.CITY, version=fresh.version)

    unit = UnitService(db).create(ACTOR, {"name": "提案委员会", "kind": "专门委员会"}).value
    UnitService(db).set_member(ACTOR, unit.id, r.member_id, version=unit.version)
    with pytest.raises(ConflictError):
        UnitService(db).remove_member(ACTOR, unit.id, r.member_id, version=unit.version)


def test_settings_and_reference_values_are_versioned(
        locked: tuple[Database, Records]) -> None:
    db, _r = locked
    with db.session() as s:
        s.add(CommitteeSettings(region="本县", level=CommitteeLevel.COUNTY))
        s.add(RefValue(list_name=RefList.PARTY, label="民盟", sort_order=1))
    committee = CommitteeService(db)
    first = committee.get()
    committee.update(ACTOR, {"region": "长子县"}, version=first.version)
    with pytest.raises(ConflictError) as info:
        committee.update(ACTOR, {"region": "屯留区"}, version=first.version)
    assert "政协基本信息已被其他用户修改（当前版本2，您打开的是版本1）" in str(info.value)
    assert committee.get().region == "长子县"

    refs = RefValueService(db)
    [value] = refs.values(RefList.PARTY)
    refs.set_retired(ACTOR, value.id, True, version=value.version)
    with pytest.raises(ConflictError, match="“民盟”已被其他用户修改"):
        refs.delete(ACTOR, value.id, version=value.version)
    assert refs.values(RefList.PARTY, include_retired=True)[0].retired is True

    sectors = SectorService(db)
    a = sectors.create(ACTOR, {"name": "农业界", "sort_order": 1}).value
    b = sectors.create(ACTOR, {"name": "教育界", "sort_order": 2}).value
    sectors.update(ACTOR, b.id, {"short_name": "教育"}, version=b.version)
    with pytest.raises(ConflictError):
        sectors.reorder(ACTOR, [b.id, a.id], versions={a.id: a.version, b.id: b.version})
    assert [s.id for s in sectors.fetch(sectors.ids())] == [a.id, b.id]
