"""The figures registry: values and the records behind them, on hand-built records, on SQLite
and PostgreSQL (the definitions are SQL; both must give the same answer)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.domain.enums import (
    AssignmentRole,
    Attendance,
    EventFamily,
    ForwardLevel,
    LeaderLevel,
    ProposalType,
    ReplyClass,
    ReviewStatus,
    SupervisionLevel,
    TermOrigin,
)
from app.errors import AppError
from app.models import (
    Department,
    Event,
    EventKind,
    Instruction,
    Member,
    MemberTerm,
    OpinionForward,
    OpinionReport,
    Participation,
    Proposal,
    ProposalAssignment,
    SupervisionRecord,
    Term,
)
from app.reports.figures import REGISTRY, compute, figures
from app.reports.period import Period

D = dt.date
Y2025 = Period.year(2025)


@pytest.fixture
def records(db):
    """A tiny committee: 3 members (one added in 2025, one who left), events, proposals,
    opinion reports, with records on both sides of the year's boundaries."""
    with db.session() as s:
        term = Term(number=10, start_on=D(2021, 12, 20))
        kinds = {k.family: k for k in s.scalars(select(EventKind))}
        dept = Department(name="示范县住建局")
        s.add_all([term, dept])
        s.flush()
        members = [Member(name=n, stroke_key=n, search_key=n) for n in ("张琳", "李科杰", "王芳")]
        s.add_all(members)
        s.flush()
        s.add_all([
            MemberTerm(member_id=members[0].id, term_id=term.id, is_standing=True),
            MemberTerm(member_id=members[1].id, term_id=term.id, origin=TermOrigin.ADDITION,
                       joined_on=D(2025, 3, 1)),
            MemberTerm(member_id=members[2].id, term_id=term.id, left_on=D(2025, 6, 1)),
        ])
        ev = [
            Event(title="常委会议", kind_id=kinds[EventFamily.MEETING].id, start_on=D(2025, 1, 1)),
            Event(title="视察", kind_id=kinds[EventFamily.INSPECTION].id, start_on=D(2025, 12, 31)),
            Event(title="去年", kind_id=kinds[EventFamily.INSPECTION].id, start_on=D(2024, 12, 31)),
            Event(title="已删除", kind_id=kinds[EventFamily.MEETING].id, start_on=D(2025, 5, 1),
                  deleted_at=dt.datetime(2025, 6, 1)),
        ]
        s.add_all(ev)
        s.flush()
        s.add_all([
            Participation(event_id=ev[0].id, member_id=members[0].id),
            Participation(event_id=ev[0].id, member_id=members[1].id,
                          attendance=Attendance.EXCUSED),
            Participation(event_id=ev[1].id, member_id=members[0].id),
            Participation(event_id=ev[2].id, member_id=members[0].id),
        ])

        def proposal(n: int, status: ReviewStatus, on: dt.date, **kw) -> Proposal:
            return Proposal(term_id=term.id, number=n, title=f"关于第{n}件事的建议",
                            type=ProposalType.INDIVIDUAL, lead_member_id=members[0].id,
                            submitted_on=on, review_status=status, **kw)

        props = [
            proposal(1, ReviewStatus.ACCEPTED, D(2025, 2, 20), is_key=True),
            proposal(2, ReviewStatus.ACCEPTED, D(2025, 2, 20)),
            proposal(3, ReviewStatus.REJECTED, D(2025, 2, 20)),
            proposal(4, ReviewStatus.ACCEPTED, D(2024, 2, 20), is_key=True),
        ]
        s.add_all(props)
        s.flush()
        s.add_all([
            ProposalAssignment(proposal_id=props[0].id, department_id=dept.id,
                               role=AssignmentRole.LEAD, assigned_on=D(2025, 3, 20),
                               due_on=D(2025, 6, 20), replied_on=D(2025, 5, 1),
                               reply_class=ReplyClass.B),
            ProposalAssignment(proposal_id=props[1].id, department_id=dept.id,
                               role=AssignmentRole.LEAD, assigned_on=D(2025, 3, 20),
                               due_on=D(2025, 6, 20)),
            SupervisionRecord(proposal_id=props[0].id, level=SupervisionLevel.CPPCC_LEADER,
                              supervised_on=D(2025, 4, 1)),
            SupervisionRecord(proposal_id=props[0].id, level=SupervisionLevel.CPPCC_LEADER,
                              supervised_on=D(2025, 5, 1)),
            SupervisionRecord(proposal_id=props[3].id, level=SupervisionLevel.CPPCC_LEADER,
                              supervised_on=D(2025, 5, 1)),
        ])
        ops = [OpinionReport(title=f"信息{i}", received_on=D(2025, 1 + i, 1)) for i in range(3)]
        ops.append(OpinionReport(title="去年的信息", received_on=D(2024, 11, 1),
                                 issued_on=D(2025, 1, 5)))
        s.add_all(ops)
        s.flush()
        s.add_all([
            OpinionForward(opinion_id=ops[0].id, level=ForwardLevel.CITY,
                           forwarded_on=D(2025, 2, 1), adopted=True, adopted_on=D(2025, 3, 1)),
            OpinionForward(opinion_id=ops[0].id, level=ForwardLevel.PROVINCE,
                           forwarded_on=D(2025, 2, 1)),
            OpinionForward(opinion_id=ops[3].id, level=ForwardLevel.CITY,
                           forwarded_on=D(2024, 12, 1), adopted=True, adopted_on=D(2025, 1, 10)),
            Instruction(opinion_id=ops[0].id, level=LeaderLevel.COUNTY,
                        instructed_on=D(2025, 3, 3)),
        ])
    return {"members": [m.id for m in members], "events": [e.id for e in ev],
            "proposals": [p.id for p in props], "opinions": [o.id for o in ops]}


def values(db, period=Y2025):
    return compute(db, [f.key for f in figures()], period)


def test_member_figures(db, records) -> None:
    v = values(db)
    m = records["members"]
    assert set(v["members.total"].ids) == {m[0], m[1]}  # 王芳 left before the year's end
    assert v["members.standing"].ids == (m[0],)
    assert v["members.added"].ids == (m[1],)
    assert compute(db, ["members.total"], Period.year(2024))["members.total"].value == 2


def test_event_figures_count_by_family_within_the_period(db, records) -> None:
    v = values(db)
    e = records["events"]
    assert v["events.meeting"].ids == (e[0],)  # the deleted meeting is not counted
    assert v["events.inspection"].ids == (e[1],)  # 31 December counts, 2024 does not
    assert v["events.total"].value == 2
    assert v["participations.present"].value == 2  # the excused member is not 出席


def test_proposal_figures(db, records) -> None:
    v = values(db)
    p = records["proposals"]
    assert v["proposals.received"].value == 3
    assert set(v["proposals.accepted"].ids) == {p[0], p[1]}
    assert v["proposals.key"].ids == (p[0],)
    # 督办提案 are among this period's proposals (p[3], from 2024, was supervised in 2025 but
    # belongs to 2024's cohort); supervised twice counts once; the visits count by date
    assert v["proposals.supervised"].ids == (p[0],)
    assert v["proposals.supervision_visits"].value == 3
    assert v["proposals.replied"].ids == (p[0],)
    assert v["proposals.reply_rate"].value == Decimal("50.0")
    assert v["proposals.class_b"].ids == (p[0],) and v["proposals.class_a"].value == 0


def test_supervised_means_level_leader_or_visit(db, records) -> None:
    """One meaning of 督办提案: a level or leader set (as the import sets 督办层级/督办领导),
    or a visit recorded by the period's end."""
    p = records["proposals"]
    with db.session() as s:
        s.get(Proposal, p[1]).supervisor = "县委副书记王某某"
    assert set(values(db)["proposals.supervised"].ids) == {p[0], p[1]}
    with db.session() as s:
        s.get(Proposal, p[1]).supervisor = ""
        s.get(Proposal, p[1]).supervision_level = SupervisionLevel.PARTY_GOV_LEADER
    assert set(values(db)["proposals.supervised"].ids) == {p[0], p[1]}
    # 2024's cohort: p[3] was first supervised in May 2025, after that period's end
    assert compute(db, ["proposals.supervised"], Period.year(2024))[
        "proposals.supervised"].value == 0


def test_proposal_state_is_taken_at_the_period_end(db, records) -> None:
    """办复 counts replies made by the period's end: the one 截至 date a draft prints."""
    p = records["proposals"]
    early = compute(db, ["proposals.replied", "proposals.supervised", "proposals.class_b"],
                    Period.between(D(2025, 1, 1), D(2025, 4, 15)))
    assert early["proposals.replied"].value == 0  # replied on 1 May
    assert early["proposals.class_b"].value == 0
    assert early["proposals.supervised"].ids == (p[0],)  # first visit on 1 April
    assert compute(db, ["proposals.supervised"], Period.between(D(2025, 1, 1), D(2025, 3, 31))
                   )["proposals.supervised"].value == 0


def test_opinion_figures_keep_forwarding_and_adoption_apart(db, records) -> None:
    v = values(db)
    o = records["opinions"]
    assert v["opinions.received"].value == 3
    assert v["opinions.issued"].ids == (o[3],)  # issued in 2025 although received in 2024
    assert v["opinions.forwarded_city"].ids == (o[0],)
    assert v["opinions.forwarded_province"].ids == (o[0],)
    assert v["opinions.adopted_province"].value == 0
    assert set(v["opinions.adopted_city"].ids) == {o[0], o[3]}
    assert v["opinions.instructions"].ids == (o[0],)


def test_every_figure_is_documented_and_counts_match_ids(db, records) -> None:
    v = values(db)
    assert len(v) == len(REGISTRY) >= 25
    for key, fv in v.items():
        fig = REGISTRY[key]
        assert fig.label and fig.unit and fig.definition and fig.group, key
        if fig.unit not in ("%", "分"):  # rates and average scores are not counts
            assert fv.value == len(fv.ids), key


def test_unknown_figure_and_bad_period_are_clear_errors(db) -> None:
    with pytest.raises(AppError, match="没有名为"):
        compute(db, ["no.such"], Y2025)
    with pytest.raises(AppError, match="早于开始日期"):
        Period.between(D(2025, 2, 1), D(2025, 1, 1))
