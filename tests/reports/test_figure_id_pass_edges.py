"""The ids passes of branch ids4 on hand-built records that hit their edges, on SQLite and
PostgreSQL: the attendance figures of a set of events (学习培训, 委员之家, 全体会议/常委会议
rates) and 委员之家/委员工作室活动 from the period's events, the event quantities' sums, and the
proposal cohort's 答复 classes, 已评价 and 满意度. Deleted events, units and proposals, records
on the period's first and last day and just outside it, events with no participation, a member
in two groups, a proposal with two answering units of different classes and judgements. Each
figure of a pass must equal the figure computed alone (its own definition): value, type of
number, ids — in order on SQLite, as a set on PostgreSQL (a SELECT without ORDER BY)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.enums import (
    AssignmentRole,
    Attendance,
    EventFamily,
    ParticipationRole,
    ProposalType,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    UnitKind,
)
from app.models import (
    Department,
    Event,
    EventKind,
    Member,
    Participation,
    Proposal,
    ProposalAssignment,
    Term,
    Unit,
    UnitMembership,
)
from app.reports.figures import IDS_PASSES, compute, figures
from app.reports.period import Period, Scope

D = dt.date
GONE = dt.datetime(2025, 6, 1, 9, 0)
PERIODS = [Period.year(2025), Period.between(D(2025, 1, 1), D(2025, 6, 30)), Period.year(2024)]
figures()  # loads the definitions and their passes
NEW_PASSES = ("participation_ids", "kind_ids", "quantity_ids", "cohort_ids")


@pytest.fixture
def edges(db: Any) -> dict[str, Any]:
    with db.session() as s:
        kinds = {k.name: k for k in s.scalars(select(EventKind))}
        outreach = next(k for k in kinds.values() if k.family == EventFamily.OUTREACH)
        term, dept, other_dept = (Term(number=10, start_on=D(2021, 12, 20)),
                                  Department(name="示范县住建局"), Department(name="示范县教育局"))
        home = Unit(name="城关委员之家", kind=UnitKind.MEMBER_HOME)
        old_home = Unit(name="已删的委员之家", kind=UnitKind.MEMBER_HOME, deleted_at=GONE)
        studio = Unit(name="张琳委员工作室", kind=UnitKind.MEMBER_STUDIO)
        group = Unit(name="经济界别组", kind=UnitKind.SECTOR_GROUP)
        committee = Unit(name="提案委员会", kind=UnitKind.SPECIAL_COMMITTEE)
        members = [Member(name=n, stroke_key=n, search_key=n) for n in ("张琳", "李强", "王芳",
                                                                         "赵敏")]
        s.add_all([term, dept, other_dept, home, old_home, studio, group, committee, *members])
        s.flush()
        a, b, c, d = (m.id for m in members)
        # 赵敏 is in two groups, and attends what each of them organises
        s.add_all([UnitMembership(unit_id=group.id, member_id=d),
                   UnitMembership(unit_id=committee.id, member_id=d)])

        def event(title: str, kind: EventKind, on: dt.date, organizer: Unit | None = None,
                  **kw: Any) -> Event:
            return Event(title=title, kind_id=kind.id, start_on=on,
                         organizer_id=None if organizer is None else organizer.id, **kw)

        plenary, standing, study = kinds["全体会议"], kinds["常委会议"], kinds["专题学习"]
        ev = [
            event("全会（首日）", plenary, D(2025, 1, 1)),
            event("常委会（末日）", standing, D(2025, 12, 31)),
            event("之家学习", study, D(2025, 6, 1), home),
            event("已删之家的学习", study, D(2025, 7, 1), old_home),
            event("工作室活动（无人参加）", outreach, D(2025, 3, 3), studio),
            event("已删除的全会", plenary, D(2025, 5, 1), deleted_at=GONE,
                  guests=9, funds_raised=Decimal("99.00")),
            event("去年的全会", plenary, D(2024, 12, 31), guests=3),
            event("明年的常委会", standing, D(2026, 1, 1)),
            event("之家联谊", outreach, D(2025, 8, 8), home, guests=5, people_served=10,
                  funds_raised=Decimal("1234.56"), beneficiaries=2),
            event("同日联谊", outreach, D(2025, 8, 8), None, guests=1, deeds_done=3),
            event("界别组活动", study, D(2025, 9, 9), group),
            event("专委会活动", outreach, D(2025, 9, 9), committee, people_served=4),
            event("同日全会", plenary, D(2025, 1, 1)),
        ]
        s.add_all(ev)
        s.flush()
        e = [x.id for x in ev]

        def took(event_id: int, member_id: int, attendance: Attendance = Attendance.PRESENT,
                 role: ParticipationRole = ParticipationRole.PARTICIPANT) -> Participation:
            return Participation(event_id=event_id, member_id=member_id, attendance=attendance,
                                 role=role)

        s.add_all([
            took(e[0], a, role=ParticipationRole.SPEAKER), took(e[0], b, Attendance.EXCUSED),
            took(e[0], c, Attendance.ABSENT), took(e[12], b), took(e[12], c, Attendance.EXCUSED),
            took(e[1], a), took(e[1], d, Attendance.ABSENT),
            took(e[2], a), took(e[2], b), took(e[2], d, Attendance.EXCUSED),
            took(e[3], c), took(e[5], a), took(e[6], a), took(e[7], b),
            took(e[8], a, role=ParticipationRole.WRITTEN_SPEECH), took(e[8], d),
            took(e[10], d), took(e[11], d, role=ParticipationRole.HOST), took(e[11], a),
        ])

        def proposal(n: int, on: dt.date, status: ReviewStatus = ReviewStatus.ACCEPTED,
                     **kw: Any) -> Proposal:
            return Proposal(term_id=term.id, number=n, title=f"关于第{n}件事的建议",
                            type=kw.pop("type", ProposalType.INDIVIDUAL), lead_member_id=a,
                            submitted_on=on, review_status=status, **kw)

        props = [
            proposal(1, D(2025, 1, 1)),  # two answering units: 满意 and 基本满意
            proposal(2, D(2025, 12, 31)),  # replied and judged after the year
            proposal(3, D(2025, 4, 4), is_key=True, supervisor="李副主席", is_excellent=True,
                     closed_on=D(2025, 10, 1)),  # 不满意
            proposal(4, D(2025, 4, 4), deleted_at=GONE),
            proposal(5, D(2024, 12, 31)),
            proposal(6, D(2025, 5, 5), ReviewStatus.REJECTED),
            proposal(7, D(2025, 5, 5), type=ProposalType.JOINT, is_key=True),  # no unit
            proposal(8, D(2025, 2, 2), ReviewStatus.WITHDRAWN),
            proposal(9, D(2025, 3, 3), closed_on=D(2026, 2, 1)),  # D类, not judged
            proposal(10, D(2025, 3, 3)),  # an assisting unit only
        ]
        s.add_all(props)
        s.flush()
        p = [x.id for x in props]

        def unit(proposal_id: int, role: AssignmentRole, reply: ReplyClass | None = None,
                 replied: dt.date | None = None, judged: Satisfaction | None = None,
                 judged_on: dt.date | None = None, department: Department = dept
                 ) -> ProposalAssignment:
            return ProposalAssignment(proposal_id=proposal_id, department_id=department.id,
                                      role=role, assigned_on=D(2025, 1, 10),
                                      due_on=D(2025, 4, 10), replied_on=replied,
                                      reply_class=reply, satisfaction=judged,
                                      evaluated_on=judged_on)

        s.add_all([
            unit(p[0], AssignmentRole.LEAD, ReplyClass.A, D(2025, 3, 1), Satisfaction.SATISFIED,
                 D(2025, 4, 1)),
            unit(p[0], AssignmentRole.SEPARATE, ReplyClass.B, D(2025, 3, 2),
                 Satisfaction.BASICALLY, D(2025, 4, 2), other_dept),
            unit(p[1], AssignmentRole.LEAD, ReplyClass.C, D(2026, 1, 5), Satisfaction.SATISFIED,
                 D(2026, 1, 20)),
            unit(p[2], AssignmentRole.LEAD, ReplyClass.A, D(2025, 5, 1),
                 Satisfaction.UNSATISFIED, D(2025, 6, 1)),
            unit(p[2], AssignmentRole.ASSIST, ReplyClass.B, D(2025, 5, 1), Satisfaction.SATISFIED,
                 D(2025, 6, 1), other_dept),
            unit(p[3], AssignmentRole.LEAD, ReplyClass.A, D(2025, 5, 1), Satisfaction.SATISFIED,
                 D(2025, 6, 1)),
            unit(p[8], AssignmentRole.LEAD, ReplyClass.D, D(2025, 6, 6)),
            unit(p[9], AssignmentRole.ASSIST, ReplyClass.A, D(2025, 6, 6),
                 Satisfaction.SATISFIED, D(2025, 7, 7)),
        ])
    # the statistics a database has once opened with its records (``open_database``): the
    # definitions' order is their plan's, and the passes follow the plans of real data
    db.refresh_statistics()
    return {"events": e, "members": (a, b, c, d), "proposals": p}


def _alone(db: Any, key: str, period: Period) -> Any:
    return compute(db, [key], period, Scope(), ids=True)[key]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
@pytest.mark.parametrize("name", NEW_PASSES)
def test_each_figure_of_a_pass_is_its_definition(db: Any, edges: dict[str, Any], backend: str,
                                                 period: Period, name: str) -> None:
    run = next(fn for fn in IDS_PASSES.values() if fn.__name__ == name)
    with db.reader() as session:
        passed = run(session, period, Scope())
    assert passed is not None
    assert set(passed) == {key for key, fn in IDS_PASSES.items() if fn is run}
    for key, (value, ids) in passed.items():
        own = _alone(db, key, period)
        assert value == own.value, (key, period.label, value, own.value)
        assert type(value) is type(own.value), key
        if backend == "sqlite":
            assert tuple(ids) == own.ids, (key, period.label)
        else:
            assert sorted(ids) == sorted(own.ids), (key, period.label)
    # and through the per-figure path, every figure of the pass asked together
    together = compute(db, list(passed), period, Scope(), ids=True)
    for key, (value, ids) in passed.items():
        assert (together[key].value, sorted(together[key].ids)) == (value, sorted(ids)), key


def test_the_edges_give_the_numbers_a_reader_would_count(db: Any,
                                                         edges: dict[str, Any]) -> None:
    """What the records above mean, counted by hand for 2025: the deleted event, the events
    of 2024 and 2026 and the deleted proposal count nowhere; the 委员之家 that was deleted
    still organised its event; the studio's event has no participation."""
    e, (a, b, c, d), p = edges["events"], edges["members"], edges["proposals"]
    keys = [key for key, fn in IDS_PASSES.items() if fn.__name__ in NEW_PASSES]
    got = compute(db, keys, Period.year(2025), ids=True)

    def ids(key: str) -> set[int]:
        return set(got[key].ids)

    assert got["participations.present"].value == 11
    assert got["participations.excused"].value == 3 and got["participations.absent"].value == 2
    assert set(got["participations.members"].ids) == {a, b, c, d}
    assert got["participations.attendance_rate"].value == Decimal("68.8")  # 11 of 16
    assert got["study.attendance"].value == 4  # 之家学习 a, b; 已删之家 c; 界别组 d
    assert got["homes.participants"].value == 5  # 之家学习 a, b; 已删之家 c; 之家联谊 a, d
    assert ids("homes.members") == {a, b, c, d}
    assert got["participations.plenary_rate"].value == Decimal("40.0")  # 2 of 5
    assert got["participations.standing_rate"].value == Decimal("50.0")  # 1 of 2
    assert ids("homes.activities") == {e[2], e[3], e[8]}
    assert ids("studios.activities") == {e[4]}
    assert got["activities.fellowship_guests"].value == 6
    assert ids("activities.fellowship_guests") == {e[8], e[9]}
    assert got["service.funds"].value == Decimal("0.123456")
    assert got["service.people"].value == 14 and got["homes.people_served"].value == 10
    assert ids("proposals.class_a") == {p[0], p[2]}
    assert ids("proposals.class_b") == {p[0]} and ids("proposals.class_d") == {p[8]}
    assert got["proposals.class_c"].value == 0  # replied after the year
    assert ids("proposals.evaluated") == {p[0], p[2]}
    assert ids("proposals.basically_satisfied") == {p[0]}
    assert ids("proposals.unsatisfied") == {p[2]} and got["proposals.satisfied"].value == 0
    assert got["proposals.satisfaction_rate"].value == Decimal("50.0")
    assert ids("proposals.key_supervised") == {p[2]}
    assert ids("proposals.excellent") == {p[2]} and ids("proposals.closed") == {p[2]}


def test_the_participation_pass_reads_the_period_only_for_a_whole_period_figure(
        db: Any, edges: dict[str, Any], backend: str) -> None:
    """A work report asks for the figures of a set of events (学习培训, 委员之家, the 全体会议
    rates) without any figure of every participation: those read only their events'
    participations, one by one, not the whole period's (61,000 rows of a city's year). With
    one whole-period figure among them the pass runs. Same numbers and ids either way."""
    from app.reports.defs_event_passes import ATTENDANCE_SET_KEYS
    from app.reports.figures import IDS_WORTH

    run = next(fn for fn in IDS_PASSES.values() if fn.__name__ == "participation_ids")
    assert not IDS_WORTH[run](frozenset(ATTENDANCE_SET_KEYS))
    assert IDS_WORTH[run](frozenset({"participations.present", "study.attendance"}))
    period = Period.year(2025)
    sets_only = compute(db, list(ATTENDANCE_SET_KEYS), period, Scope(), ids=True)
    with_pass = compute(db, [*ATTENDANCE_SET_KEYS, "participations.present"], period, Scope(),
                        ids=True)
    for key in ATTENDANCE_SET_KEYS:
        assert sets_only[key].value == with_pass[key].value, key
        if backend == "sqlite":
            assert sets_only[key].ids == with_pass[key].ids, key
        else:
            assert sorted(sets_only[key].ids) == sorted(with_pass[key].ids), key
