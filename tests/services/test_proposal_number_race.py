"""The database itself keeps proposal numbers unique per series, and a race is a clear conflict."""

from __future__ import annotations

import pytest

from app.errors import ConflictError
from app.services.proposals import ProposalService
from tests.versions import versions


def individual(world, number: int, session_id=None) -> dict:
    return {"term_id": world.term_id, "session_id": session_id, "number": number,
            "title": f"关于第{number}件事的建议", "type": "个人",
            "lead_member_id": world.members[0], "submitted_on": "2024-04-22"}


def test_two_clerks_taking_the_same_number_is_a_conflict_not_a_crash(
        db, actor, world, snapshot, monkeypatch) -> None:
    svc = ProposalService(db)
    svc.create(actor, individual(world, 1, world.session4_id))
    # The second clerk's check ran before the first clerk committed: simulate by skipping it.
    monkeypatch.setattr(ProposalService, "check", lambda self, session, values, current: [])
    before = snapshot()
    with pytest.raises(ConflictError, match="另一位用户刚刚保存了编号或名称相同的记录"):
        svc.create(actor, individual(world, 1, world.session4_id))
    assert snapshot() == before


def test_numbers_are_unique_per_series_but_repeat_across_series(db, actor, world) -> None:
    svc = ProposalService(db)
    svc.create(actor, individual(world, 1, world.session3_id))
    svc.create(actor, individual(world, 1, world.session4_id))
    svc.create(actor, individual(world, 1, None))  # the term's 闭会期间 series
    third_session = next(i for i in svc.ids() if svc.get(i).session_id == world.session3_id)
    svc.delete(actor, versions(svc, [third_session]))
    # a number freed by the recycle bin may be taken again
    svc.create(actor, individual(world, 1, world.session3_id))
    assert svc.count() == 3
