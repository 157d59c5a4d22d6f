"""Several processes edit, delete, restore and run workflow steps on the same records at once.

Each try reads a record, waits a few milliseconds and writes with the version it read. Nothing
may be lost: every write that returned success is in the database, exactly once and from a
version no other successful write started from; every other try raised ``ConflictError``.
PostgreSQL (row locks, READ COMMITTED) is the case that matters for an office; SQLite (one
writer at a time, the version checked by the UPDATE) runs the same test, smaller.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import (
    AuditEntry,
    Event,
    Member,
    OpinionForward,
    OpinionReport,
    Participation,
    Proposal,
    SupervisionRecord,
)
from tests.services.locking_support import (
    Outcome,
    Records,
    make_records,
    open_scratch,
    scratch_url,
    worker,
)

GROUPS = {
    "member": ({"edit_member", "delete_member", "restore_member"}, Member, ("members",)),
    "proposal": ({"edit_proposal", "supervise"}, Proposal, ("proposals",)),
    "event": ({"edit_event", "invite"}, Event, ("events", "participations")),
    "opinion": ({"forward", "withdraw"}, OpinionReport, ("opinion_reports",)),
}


@pytest.mark.slow
@pytest.mark.parametrize(("engine_kind", "processes", "tries"), [
    pytest.param("postgresql", 4, 50, marks=pytest.mark.postgres),
    ("sqlite", 4, 25)])
def test_concurrent_conflicting_writes_lose_nothing(engine_kind: str, processes: int, tries: int,
                                                    tmp_path: Path,
                                                    request: pytest.FixtureRequest) -> None:
    with scratch_url(request, engine_kind, tmp_path) as url:
        db = open_scratch(url)
        try:
            records = make_records(db, guests=processes * tries)
            before = _versions(db, records)
            outcomes = _run(url, records, processes, tries)
            _verify(db, records, before, outcomes, processes * tries)
        finally:
            db.dispose()


def _run(url: str, records: Records, processes: int, tries: int) -> list[Outcome]:
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(processes)
        with context.Pool(processes) as pool:
            parts = pool.starmap(worker, [(url, records, n, tries, start)
                                          for n in range(processes)])
    return [o for part in parts for o in part]


def _versions(db, records: Records) -> dict[str, int]:
    with db.reader() as s:
        return {"member": s.get(Member, records.member_id).version,
                "proposal": s.get(Proposal, records.proposal_id).version,
                "event": s.get(Event, records.event_id).version,
                "opinion": s.get(OpinionReport, records.opinion_id).version}


def _verify(db, records: Records, before: dict[str, int], outcomes: list[Outcome],
            total: int) -> None:
    errors = [o for o in outcomes if o[3].startswith("error")]
    assert errors == [], errors[:5]
    ok = [o for o in outcomes if o[3] == "ok"]
    conflicts = [o for o in outcomes if o[3] == "conflict"]
    assert len(outcomes) == total and len(ok) + len(conflicts) == total
    print(f"\n{total} tries: {len(ok)} written, {len(conflicts)} refused as conflicts")
    assert conflicts, "the processes never collided: the test proves nothing"
    assert ok
    after = _versions(db, records)
    ids = {"member": records.member_id, "proposal": records.proposal_id,
           "event": records.event_id, "opinion": records.opinion_id}
    for name, (ops, _model, table) in GROUPS.items():
        mine = sorted((o for o in ok if o[0] in ops), key=lambda o: o[4])
        # every success started from a different version, one after another: none of them
        # overwrote another's write, and the stored version counts every one of them
        assert [o[4] for o in mine] == list(range(before[name], before[name] + len(mine))), name
        assert after[name] == before[name] + len(mine), name
        with db.reader() as s:
            audited = s.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.entity.in_(table), AuditEntry.entity_id == ids[name]))
        assert audited == len(mine), name
    _verify_contents(db, records, ok)


def _last(ok: list[Outcome], op: str) -> Outcome | None:
    found = sorted((o for o in ok if o[0] == op), key=lambda o: o[4])
    return found[-1] if found else None


def _verify_contents(db, records: Records, ok: list[Outcome]) -> None:
    with db.reader() as s:
        member = s.get(Member, records.member_id)
        proposal = s.get(Proposal, records.proposal_id)
        event = s.get(Event, records.event_id)
        supervisors = set(s.scalars(select(SupervisionRecord.leader).where(
            SupervisionRecord.proposal_id == proposal.id)))
        invited = set(s.scalars(select(Participation.member_id).where(
            Participation.event_id == event.id)))
        forwarded = s.scalar(select(func.count()).select_from(OpinionForward).where(
            OpinionForward.opinion_id == records.opinion_id))
    edits = _last(ok, "edit_member")
    assert member.notes == (edits[2] if edits else "")
    state = max((o for o in ok if o[0] in GROUPS["member"][0]), key=lambda o: o[4])
    assert (member.deleted_at is not None) == (state[0] == "delete_member")
    assert supervisors == {o[2] for o in ok if o[0] == "supervise"}
    body = _last(ok, "edit_proposal")
    assert proposal.body == (body[2] if body else "")
    assert invited == {int(o[2]) for o in ok if o[0] == "invite"}
    summary = _last(ok, "edit_event")
    assert event.summary == (summary[2] if summary else "")
    # 上报 and its undo alternate strictly: each one acted on the state the previous left
    steps = [o[0] for o in sorted((o for o in ok if o[0] in ("forward", "withdraw")),
                                  key=lambda o: o[4])]
    assert steps == ["forward", "withdraw"] * (len(steps) // 2) + ["forward"] * (len(steps) % 2)
    assert forwarded == len(steps) % 2
