"""A member's 履职档案: seats, units, attendance, proposals, opinion reports, honors, by year.

The yearly counts come from the figures registry (``member.*`` figures), so the detail pane,
the 履职档案 draft and ``stats`` print the same number for the same member and year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from app.db.engine import Database
from app.models import Honor, Member, MemberTerm, Proposal, Sector, Term, Unit, UnitMembership
from app.reports.figures import compute
from app.reports.period import Period, Scope
from app.scoring.engine import MemberScore, YearScores, member_scores
from app.services.events import EventService, MemberParticipation
from app.services.members import MemberService
from app.services.opinions import MemberOpinion, OpinionService
from app.services.org import kind_rank
from app.services.proposals import MemberProposal, ProposalService
from app.text.numerals import cn_number


@dataclass(frozen=True)
class SeatLine:
    term: str  # 第十届
    sector: str
    post: str
    standing: bool
    joined_on: dt.date | None
    origin: str
    left_on: dt.date | None
    left_reason: str


@dataclass(frozen=True)
class HonorLine:
    title: str
    level: str
    awarded_on: dt.date
    awarding_body: str


@dataclass
class YearCounts:
    year: int
    invited: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0
    proposals_lead: int = 0
    proposals_cosigned: int = 0
    opinions: int = 0
    opinions_adopted: int = 0
    honors: int = 0


@dataclass(frozen=True)
class Dossier:
    member: Member
    seats: list[SeatLine]
    units: list[tuple[str, str]]  # (unit name, role label)
    participations: list[MemberParticipation]
    proposals: list[MemberProposal]
    opinions: list[MemberOpinion]
    honors: list[HonorLine]
    years: list[YearCounts] = field(default_factory=list)
    scores: list[tuple[int, MemberScore]] = field(default_factory=list)  # 履职考核 by year
    proposal_years: dict[int, int] = field(default_factory=dict)  # proposal id -> 提交年度


# YearCounts field -> registry figure (app/reports/defs_subjects.py)
YEAR_FIGURES = {"invited": "member.invited", "present": "member.present",
                "excused": "member.excused", "absent": "member.absent",
                "proposals_lead": "member.proposals_lead",
                "proposals_cosigned": "member.proposals_cosigned",
                "opinions": "member.opinions", "opinions_adopted": "member.opinions_adopted",
                "honors": "member.honors"}


def year_counts(db: Database, member_id: int, year: int) -> YearCounts:
    """One calendar year of a member's work, computed by the registry's member figures."""
    values = compute(db, YEAR_FIGURES.values(), Period.year(year), Scope(member_id=member_id))
    return YearCounts(year, **{name: int(values[key].value)
                               for name, key in YEAR_FIGURES.items()})


SCORED_YEARS = 2  # the 履职考核 of the member's latest years with records (each scores a year)


def member_dossier(db: Database, member_id: int,
                   scores_of: Callable[[int], YearScores] | None = None) -> Dossier:
    """``scores_of(year)`` may supply the year's 履职考核 scores the caller already has."""
    member = MemberService(db).get(member_id, include_deleted=True)
    participations = EventService(db).participations_of_member(member_id)
    proposals = ProposalService(db).proposals_of_member(member_id)
    opinions = OpinionService(db).opinions_of_member(member_id)
    with db.reader() as session:
        seats = [
            SeatLine(f"第{cn_number(term.number)}届", sector.name if sector else "",
                     seat.post.label, seat.is_standing, seat.joined_on, seat.origin.label,
                     seat.left_on, seat.left_reason.label if seat.left_reason else "")
            for seat, term, sector in session.execute(
                select(MemberTerm, Term, Sector).join(Term, Term.id == MemberTerm.term_id)
                .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
                .where(MemberTerm.member_id == member_id).order_by(Term.number))
        ]
        units = [(u.name, m.role.label) for m, u in session.execute(
            select(UnitMembership, Unit).join(Unit)
            .where(UnitMembership.member_id == member_id, Unit.deleted_at.is_(None))
            .order_by(kind_rank(), Unit.sort_order))]
        honors = [HonorLine(h.title, h.level.label, h.awarded_on, h.awarding_body)
                  for h in session.scalars(select(Honor).where(
                      Honor.member_id == member_id, Honor.deleted_at.is_(None))
                      .order_by(Honor.awarded_on))]
        submitted_on: dict[int, dt.date | None] = {
            pid: day for pid, day in session.execute(select(Proposal.id, Proposal.submitted_on)
                                                     .where(Proposal.id.in_(
                                                         [p.proposal_id for p in proposals])))}
        submitted = list(submitted_on.values())
    record_years = ({p.start_on.year for p in participations}
                    | {d.year for d in submitted if d}
                    | {o.received_on.year for o in opinions} | {h.awarded_on.year for h in honors})
    years = [c for c in (year_counts(db, member_id, y) for y in sorted(record_years, reverse=True))
             if any(getattr(c, name) for name in YEAR_FIGURES)]
    # scored up to the year the client opens on: a session already scheduled for next year
    # is listed, but not assessed as a year of nothing done
    from app.services.status import default_year

    opening = default_year(db) or dt.date.today().year
    scored = [c.year for c in years if c.year <= opening][:SCORED_YEARS]
    scores = member_scores(db, member_id, scored, scores_of)
    proposal_years = {pid: d.year for pid, d in submitted_on.items() if d}
    return Dossier(member, seats, units, participations, proposals, opinions, honors, years,
                   scores, proposal_years)
