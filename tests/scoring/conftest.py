"""A hand-made committee for the scoring tests, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db.engine import Database
from app.domain.enums import (
    Attendance,
    ForwardLevel,
    HonorLevel,
    LeaderLevel,
    ParticipationRole,
    ProposalType,
    ReviewStatus,
    UnitKind,
    UnitRole,
)
from app.models import (
    Event,
    EventKind,
    Honor,
    Instruction,
    Member,
    MemberTerm,
    OpinionForward,
    OpinionReport,
    OpinionSubmitter,
    Participation,
    Proposal,
    ProposalCosigner,
    Sector,
    Term,
    Unit,
    UnitMembership,
)
from app.services.opening import open_database

YEAR = 2025
NAMES = ("王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = open_database(tmp_path / "scoring.sqlite")
    else:
        from tests.conftest import reset_pg

        url = request.getfixturevalue("pg_url")
        reset_pg(url)
        database = open_database(url)
    yield database
    database.dispose()


@dataclass
class Committee:
    """Ids of the hand-made records, by short names the tests use."""

    m: dict[str, int]  # 王一 … 赵七
    events: dict[str, int]
    proposals: dict[str, int]
    opinions: dict[str, int]
    instructions: dict[str, int]
    honors: dict[str, int]
    committee_id: int
    group_id: int


def _day(month: int, day: int = 10, year: int = YEAR) -> dt.date:
    return dt.date(year, month, day)


def build_committee(db: Database) -> Committee:
    """Seven members; 王一 is a 常委 on the 经济科技委员会, 李二 left in 2024 … see each test."""
    with db.session() as s:
        kinds = {k.name: k.id for k in s.scalars(select(EventKind))}
        units = {u.name: u for u in s.scalars(select(Unit))}
        committee = next(u for u in units.values() if u.kind == UnitKind.SPECIAL_COMMITTEE)
        sector = s.scalars(select(Sector).where(Sector.name == "经济界")).one()
        term = Term(number=10, start_on=dt.date(2021, 12, 20))
        s.add(term)
        s.flush()
        members = {n: Member(name=n, stroke_key=f"{i:02d}") for i, n in enumerate(NAMES)}
        s.add_all(members.values())
        s.flush()
        m = {n: x.id for n, x in members.items()}
        for name, mid in m.items():
            s.add(MemberTerm(member_id=mid, term_id=term.id, sector_id=sector.id,
                             is_standing=name == "王一"))
        s.add(UnitMembership(unit_id=committee.id, member_id=m["王一"], role=UnitRole.MEMBER))
        s.add(UnitMembership(unit_id=committee.id, member_id=m["李二"], role=UnitRole.DIRECTOR))

        def event(key: str, kind: str, month: int, organizer: Unit | None = None) -> Event:
            e = Event(title=key, kind_id=kinds[kind], start_on=_day(month),
                      organizer_id=organizer.id if organizer else None)
            s.add(e)
            return e

        group = s.get(Unit, sector.group_id)
        assert group is not None
        ev = {
            "plenary": event("全会", "全体会议", 1),
            "standing": event("常委会议", "常委会议", 3),
            "committee": event("专委会调研", "调研", 4, committee),
            "group": event("界别组学习", "专题学习", 5, group),
            "inspect": event("视察", "视察", 6),
            "inspect2": event("视察二", "视察", 7),
            "inspect3": event("视察三", "视察", 8),
            "last_year": event("去年全会", "全体会议", 1),
        }
        ev["last_year"].start_on = _day(1, year=YEAR - 1)
        s.flush()
        P, E, A = Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT  # noqa: N806

        def attend(key: str, name: str, att: Attendance,
                   role: ParticipationRole = ParticipationRole.PARTICIPANT) -> None:
            s.add(Participation(event_id=ev[key].id, member_id=m[name], attendance=att,
                                role=role, leave_reason="出差" if att == E else "",
                                leave_approver="政协主席" if att == E else ""))

        attend("plenary", "王一", P, ParticipationRole.SPEAKER)
        attend("plenary", "李二", E)
        attend("plenary", "张三", A)
        attend("plenary", "刘四", P, ParticipationRole.WRITTEN_SPEECH)
        attend("plenary", "陈五", P)
        attend("plenary", "杨六", P)
        attend("standing", "王一", E)
        attend("committee", "王一", P)
        attend("committee", "李二", A)
        attend("group", "王一", P)
        attend("group", "张三", A)
        attend("inspect", "王一", P)
        attend("inspect", "张三", A)
        for key in ("committee", "group", "inspect", "inspect2", "inspect3"):
            attend(key, "陈五", P)
        attend("last_year", "王一", P)

        def proposal(key: str, number: int, lead: str | None, ptype: ProposalType,
                     status: ReviewStatus = ReviewStatus.PENDING, year: int = YEAR,
                     **flags: Any) -> Proposal:
            p = Proposal(term_id=term.id, number=number, title=key, type=ptype,
                         lead_member_id=m[lead] if lead else None, collective_proposer="",
                         submitted_on=_day(2, year=year), review_status=status, **flags)
            s.add(p)
            return p

        pr = {
            "star": proposal("立案重点优秀", 1, "王一", ProposalType.INDIVIDUAL,
                             ReviewStatus.ACCEPTED, is_key=True, is_excellent=True),
            "joint": proposal("联名", 2, "王一", ProposalType.JOINT),
            "collective": proposal("集体", 3, "张三", ProposalType.COLLECTIVE,
                                   ReviewStatus.ACCEPTED),
            "converted": proposal("转信息", 4, "刘四", ProposalType.INDIVIDUAL,
                                  ReviewStatus.CONVERTED),
            "withdrawn": proposal("撤案", 5, "杨六", ProposalType.INDIVIDUAL,
                                  ReviewStatus.WITHDRAWN),
            "old": proposal("前年", 6, "陈五", ProposalType.INDIVIDUAL, year=YEAR - 2),
        }
        s.flush()
        s.add(ProposalCosigner(proposal_id=pr["joint"].id, member_id=m["李二"], position=1))
        for pos, name in enumerate(("刘四", "陈五", "杨六"), 1):
            s.add(ProposalCosigner(proposal_id=pr["collective"].id, member_id=m[name],
                                   position=pos))

        def opinion(key: str, *names: str, issued: bool = False) -> OpinionReport:
            o = OpinionReport(title=key, received_on=_day(3),
                              issued_on=_day(4) if issued else None)
            s.add(o)
            s.flush()
            for pos, name in enumerate(names):
                s.add(OpinionSubmitter(opinion_id=o.id, member_id=m[name], position=pos))
            return o

        op = {"two": opinion("两人合写", "王一", "李二", issued=True),
              "one": opinion("一人", "王一")}
        s.add(OpinionForward(opinion_id=op["two"].id, level=ForwardLevel.CITY,
                             forwarded_on=_day(5), adopted=True, adopted_on=_day(6)))
        s.add(OpinionForward(opinion_id=op["two"].id, level=ForwardLevel.NATIONAL,
                             forwarded_on=_day(5), adopted=True, adopted_on=_day(7)))
        s.add(OpinionForward(opinion_id=op["one"].id, level=ForwardLevel.PROVINCE,
                             forwarded_on=_day(5), adopted=False))
        ins = {"opinion": Instruction(opinion_id=op["two"].id, level=LeaderLevel.COUNTY,
                                      instructed_on=_day(8)),
               "proposal": Instruction(proposal_id=pr["star"].id, level=LeaderLevel.CITY,
                                       instructed_on=_day(8))}
        s.add_all(ins.values())
        hon = {"national": Honor(member_id=m["王一"], title="全国优秀", level=HonorLevel.NATIONAL,
                                 awarded_on=_day(9)),
               "county": Honor(member_id=m["杨六"], title="县优秀", level=HonorLevel.COUNTY,
                               awarded_on=_day(9)),
               "old": Honor(member_id=m["杨六"], title="去年", level=HonorLevel.CITY,
                            awarded_on=_day(9, year=YEAR - 1))}
        s.add_all(hon.values())
        s.flush()
        return Committee(m, {k: e.id for k, e in ev.items()}, {k: p.id for k, p in pr.items()},
                         {k: o.id for k, o in op.items()}, {k: i.id for k, i in ins.items()},
                         {k: h.id for k, h in hon.items()}, committee.id, group.id)


@pytest.fixture
def committee(any_db: Database) -> Committee:
    return build_committee(any_db)
