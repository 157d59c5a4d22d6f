"""Databases and worker processes for the optimistic-locking tests (``test_locking*.py``).

``scratch_url`` gives an empty database: a SQLite file, or a new database on conftest's
PostgreSQL test server (``pg_server``: it skips, or fails under ``ZXLZ_REQUIRE_PG=1``, as every
PostgreSQL test does); ``open_scratch`` migrates it; ``make_records`` adds the records the
tests fight over directly to the tables (no reference data needed); ``worker`` is the body
of one process of the concurrency test: it reads a record, waits a moment, writes with the
version it read, and reports every outcome.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.db.engine import Database
from app.domain.enums import (
    EventFamily,
    ForwardLevel,
    ProposalType,
    ReviewStatus,
    SupervisionLevel,
    UserRole,
)
from app.errors import ConflictError
from app.models import Event, EventKind, Member, OpinionReport, Proposal, Term
from app.services.context import Actor
from app.services.events import EventService
from app.services.members import MemberService
from app.services.opening import open_database
from app.services.opinions import OpinionService
from app.services.proposals import ProposalService

ACTOR = Actor("tester", UserRole.ADMIN, "测试员")


@contextmanager
def scratch_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database (not the seeded copy of ``db``: these tests add their own
    records straight to the tables): a SQLite file, or a new database on the PostgreSQL
    test server of tests/conftest.py (``pg_server``), dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'locking.sqlite'}"
        return
    server = request.getfixturevalue("pg_server")
    name = server.create("zxlz_lock")
    try:
        yield server.url(name)
    finally:
        server.drop_later(name)


def open_scratch(url: str) -> Database:
    """The database at ``url``, migrated, without the seeded reference lists."""
    return open_database(url, seed=False)


@dataclass
class Records:
    member_id: int
    proposal_id: int
    event_id: int
    opinion_id: int
    guests: list[int]  # members free to be added to the event, one per try


def make_records(db: Database, guests: int = 0) -> Records:
    """One member, one accepted proposal and one event to fight over, and ``guests`` members."""
    with db.session() as session:
        term = Term(number=10, start_on=dt.date(2021, 12, 20))
        kind = EventKind(name="视察", family=next(iter(EventFamily)))
        member = Member(name="张琳")
        people = [Member(name=f"委员{n:03d}") for n in range(guests)]
        session.add_all([term, kind, member, *people])
        session.flush()
        proposal = Proposal(term_id=term.id, number=1, title="关于加强农村饮水安全的建议",
                            type=ProposalType.COLLECTIVE, collective_proposer="农业界别",
                            submitted_on=dt.date(2024, 3, 1),
                            review_status=ReviewStatus.ACCEPTED,
                            reviewed_on=dt.date(2024, 3, 10))
        event = Event(title="视察农村饮水工程", kind_id=kind.id, start_on=dt.date(2024, 5, 6))
        opinion = OpinionReport(title="关于农村养老服务的建议", received_on=dt.date(2024, 2, 1))
        session.add_all([proposal, event, opinion])
        session.flush()
        return Records(member.id, proposal.id, event.id, opinion.id, [p.id for p in people])


# ----- one process of the concurrency test ---------------------------------------------------
# Each try: (record, operation, token, "ok" | "conflict" | "error: …", version read).
Outcome = tuple[str, str, str, str, int]

SUPERVISION = next(iter(SupervisionLevel))


def _attempt(db: Database, records: Records, op: str, token: str, guest: int | None
             ) -> tuple[str, int]:
    """Read the record, wait a moment (another clerk may write meanwhile), write with the
    version read. Returns the record name and the version read."""
    if op in ("edit_member", "delete_member", "restore_member"):
        members = MemberService(db)
        m = members.get(records.member_id, include_deleted=True)
        time.sleep(random.uniform(0, 0.004))
        if m.deleted_at is not None:  # a deleted member can only be restored
            members.restore(ACTOR, {m.id: m.version})
            return "restore_member", m.version
        if op == "delete_member":
            members.delete(ACTOR, {m.id: m.version})
        else:
            members.update(ACTOR, m.id, {"notes": token}, version=m.version)
        return ("delete_member" if op == "delete_member" else "edit_member"), m.version
    if op in ("edit_proposal", "supervise"):
        proposals = ProposalService(db)
        p = proposals.get(records.proposal_id)
        time.sleep(random.uniform(0, 0.004))
        if op == "supervise":
            proposals.add_supervision(ACTOR, p.id, SUPERVISION, "2024-06-01", leader=token,
                                      version=p.version)
        else:
            proposals.update(ACTOR, p.id, {"body": token}, version=p.version)
        return op, p.version
    if op == "forward":  # 上报 to the 市政协, or undo it when it is there: a workflow toggle
        opinions = OpinionService(db)
        o = opinions.get(records.opinion_id)
        time.sleep(random.uniform(0, 0.004))
        if any(f.level == ForwardLevel.CITY for f in o.forwards):
            opinions.withdraw_forward(ACTOR, o.id, ForwardLevel.CITY, version=o.version)
            return "withdraw", o.version
        opinions.forward(ACTOR, o.id, ForwardLevel.CITY, "2024-02-03", version=o.version)
        return "forward", o.version
    events = EventService(db)
    e = events.get(records.event_id)
    time.sleep(random.uniform(0, 0.004))
    if op == "invite":
        assert guest is not None
        events.add_participants(ACTOR, e.id, [guest], version=e.version)
    else:
        events.update(ACTOR, e.id, {"summary": token}, version=e.version)
    return op, e.version


OPS = ("edit_member", "delete_member", "edit_proposal", "supervise", "edit_event", "invite",
       "forward")


def worker(url: str, records: Records, number: int, tries: int, start: Any) -> list[Outcome]:
    """Run ``tries`` conflicting writes from this process; every outcome is reported."""
    db = open_database(url, migrate=False, seed=False)
    random.seed(number)
    outcomes: list[Outcome] = []
    start.wait()  # every process begins together
    try:
        for n in range(tries):
            op = OPS[(number * 5 + n) % len(OPS)]
            token = f"w{number}-{n}"
            guest = records.guests[number * tries + n] if op == "invite" else None
            try:
                done, version = _attempt(db, records, op, token, guest)
                outcomes.append((done, op, token if guest is None else str(guest), "ok",
                                 version))
            except ConflictError as exc:
                assert "已被其他用户" in str(exc), str(exc)
                outcomes.append(("", op, token, "conflict", -1))
            except Exception as exc:
                outcomes.append(("", op, token, f"error: {type(exc).__name__}: {exc}", -1))
    finally:
        db.dispose()
    return outcomes
