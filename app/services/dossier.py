"""A member's 履职档案: seats, units, attendance, proposals, opinion reports, honors, by year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from app.db.engine import Database
from app.domain.enums import Attendance, ForwardLevel
from app.models import Honor, Member, MemberTerm, Proposal, Sector, Term, Unit, UnitMembership
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


SCORED_YEARS = 2  # the 履职考核 of the member's latest years with records (each scores a year)

_ATTENDANCE_FIELD = {Attendance.PRESENT: "present", Attendance.EXCUSED: "excused",
                     Attendance.ABSENT: "absent"}


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
        submitted = dict(session.execute(select(Proposal.id, Proposal.submitted_on).where(
            Proposal.id.in_([p.proposal_id for p in proposals]))).all())
    years: dict[int, YearCounts] = {}

    def year(y: int) -> YearCounts:
        return years.setdefault(y, YearCounts(y))

    for p in participations:
        counts = year(p.start_on.year)
        counts.invited += 1
        name = _ATTENDANCE_FIELD[p.attendance]
        setattr(counts, name, getattr(counts, name) + 1)
    for p in proposals:
        counts = year(submitted[p.proposal_id].year)
        if p.role == "lead":
            counts.proposals_lead += 1
        else:
            counts.proposals_cosigned += 1
    for o in opinions:
        counts = year(o.received_on.year)
        counts.opinions += 1
        counts.opinions_adopted += bool(set(o.adopted_levels) & set(ForwardLevel))
    for h in honors:
        year(h.awarded_on.year).honors += 1
    ordered = sorted(years.values(), key=lambda c: c.year, reverse=True)
    scores = member_scores(db, member_id, [c.year for c in ordered[:SCORED_YEARS]], scores_of)
    return Dossier(member, seats, units, participations, proposals, opinions, honors, ordered,
                   scores)
