"""The list pages' plain rows (``list_rows``) say what the full records say: the same column
values, child rows, stage, number text, names and attendance counts (issue 15)."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace
from typing import Any

from app.demo import generate_demo
from app.services.common import member_names
from app.services.crud import ListQuery
from app.services.events import EventService
from app.services.members import MemberService
from app.services.opinions import OpinionService
from app.services.org import DepartmentService
from app.services.proposal_stage import number_text, stage
from app.services.proposals import ProposalService


def same_scalars(row: SimpleNamespace, record: Any) -> None:
    for name, value in vars(row).items():
        if isinstance(value, list | SimpleNamespace | dict):
            continue
        if hasattr(type(record), name):
            assert getattr(record, name) == value, (record.id, name)


def sample(svc: Any, n: int = 120) -> list[int]:
    """Live ids and some from the recycle bin, in list order."""
    return svc.ids(ListQuery(limit=n)) + svc.ids(ListQuery(deleted=True, limit=10))


def test_plain_rows_match_the_records(db) -> None:
    generate_demo(db, scale="county", seed=3)
    rows: list[Any]
    records: list[Any]

    proposals = ProposalService(db)
    ids = [*sample(proposals), 10**9]  # an id no longer there is skipped
    rows, records = proposals.list_rows(ids), proposals.fetch(ids)
    assert [r.id for r in rows] == [p.id for p in records] and len(rows) > 100
    names = member_names(db, [p.lead_member_id or 0 for p in records])
    departments = {d.id: d.name for d in DepartmentService(db).fetch(
        [a.department_id for p in records for a in p.assignments])}
    for row, p in zip(rows, records, strict=True):
        same_scalars(row, p)
        assert stage(row) == stage(p) and number_text(row) == number_text(p)
        assert row.lead_name == names.get(p.lead_member_id or 0)
        assert row.cosigner_count == len(p.cosigners)
        assert [(a.department_id, a.role, a.due_on, a.replied_on, a.satisfaction,
                 a.department_name) for a in row.assignments] == [
            (a.department_id, a.role, a.due_on, a.replied_on, a.satisfaction,
             departments[a.department_id]) for a in p.assignments]
    assert any(r.assignments for r in rows) and any(r.cosigner_count for r in rows)

    opinions = OpinionService(db)
    ids = sample(opinions)
    rows, records = opinions.list_rows(ids), opinions.fetch(ids)
    assert [r.id for r in rows] == [o.id for o in records] and rows
    names = member_names(db, [s.member_id or 0 for o in records for s in o.submitters])
    for row, o in zip(rows, records, strict=True):
        same_scalars(row, o)
        assert [(s.member_id, s.name, s.member_name) for s in row.submitters] == [
            (s.member_id, s.name, names.get(s.member_id or 0)) for s in o.submitters]
        assert [(f.level, f.adopted) for f in row.forwards] == [
            (f.level, f.adopted) for f in o.forwards]
    assert any(r.forwards for r in rows)

    events = EventService(db)
    ids = sample(events)
    rows, records = events.list_rows(ids), events.fetch(ids)
    assert [r.id for r in rows] == [e.id for e in records] and rows
    for row, e in zip(rows, records, strict=True):
        same_scalars(row, e)
        assert row.kind.name == e.kind.name
        assert row.attendance == Counter(p.attendance for p in e.participations)
    assert any(r.attendance for r in rows)

    members = MemberService(db)
    ids = sample(members)
    rows, records = members.list_rows(ids), members.fetch(ids)
    assert [r.id for r in rows] == [m.id for m in records] and rows
    for row, m in zip(rows, records, strict=True):
        same_scalars(row, m)
        assert [(t.term_id, t.sector_id, t.post, t.left_on, t.left_reason)
                for t in row.terms] == [(t.term_id, t.sector_id, t.post, t.left_on,
                                         t.left_reason) for t in m.terms]
    assert members.list_rows([]) == []
