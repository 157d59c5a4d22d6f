"""The set-based queries behind the scores: one per kind of record for the whole year, each
tallying record ids per member and rule (never one query per member)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from sqlalchemy import (
    ColumnElement,
    Date,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from app.domain.enums import (
    Attendance,
    CppccPost,
    ForwardLevel,
    HonorLevel,
    LeaderLevel,
    ParticipationRole,
    ProposalType,
    ReviewStatus,
    UnitKind,
)
from app.domain.scoring import PLENARY_KIND, STANDING_KIND
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
    ScoreAdjustment,
    Sector,
    Term,
    Unit,
    UnitMembership,
)
from app.scoring.model import MemberScore
from app.scoring.rules import RuleSet

COLLECTIVE_AUTHORS = 3  # 桐城: a collective proposal credits up to 3 main authors
SCOPES = ("plenary", "standing", "committee", "sector_group", "activity")
ATTENDANCE_RULE = {
    (scope, att): f"{prefix}_{scope}"
    for scope in SCOPES
    for att, prefix in ((Attendance.PRESENT, "attend"), (Attendance.EXCUSED, "excused"),
                        (Attendance.ABSENT, "absent"))
}
ATTENDANCE_RULE[("activity", Attendance.ABSENT)] = "absent_unexcused"
RULE_OF = {(scope, att.value): code for (scope, att), code in ATTENDANCE_RULE.items()}
ADOPTED_RULE = {ForwardLevel.CITY: "opinion_adopted_city",
                ForwardLevel.PROVINCE: "opinion_adopted_province",
                ForwardLevel.NATIONAL: "opinion_adopted_national"}
HONOR_RULE = {HonorLevel.NATIONAL: "honor_national", HonorLevel.PROVINCIAL: "honor_provincial",
              HonorLevel.CITY: "honor_city", HonorLevel.COUNTY: "honor_county",
              HonorLevel.INTERNAL: "honor_internal"}
PROPOSAL_EXTRAS = (("proposal_accepted", lambda p: p.review_status == ReviewStatus.ACCEPTED),
                   ("proposal_key", lambda p: bool(p.is_key)),
                   ("proposal_excellent", lambda p: bool(p.is_excellent)),
                   ("proposal_converted", lambda p: p.review_status == ReviewStatus.CONVERTED))


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _seated_in(year: int) -> list[ColumnElement[bool]]:
    """Members (joined with their terms) seated at some time in the year."""
    start, end = _bounds(year)
    return [Member.deleted_at.is_(None), Term.deleted_at.is_(None), Term.start_on <= end,
            or_(Term.end_on.is_(None), Term.end_on >= start),
            or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= end),
            or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > start)]


def seated(s: Session, year: int) -> set[int]:
    """The ids of ``population(s, year)``, without building the scores."""
    return set(s.scalars(select(Member.id).join(MemberTerm, MemberTerm.member_id == Member.id)
                         .join(Term, Term.id == MemberTerm.term_id).where(*_seated_in(year))))


def population(s: Session, year: int) -> dict[int, MemberScore]:
    """Members seated at some time in the year, with 界别, 界别组 and whether 常委."""
    group_unit = Unit.__table__.alias("group_unit")
    rows = s.execute(
        select(Member.id, Member.name, Member.stroke_key, Member.sort_number, MemberTerm.sector_id,
               Sector.name, Sector.group_id, group_unit.c.name, MemberTerm.is_standing,
               MemberTerm.post)
        .join(MemberTerm, MemberTerm.member_id == Member.id)
        .join(Term, Term.id == MemberTerm.term_id)
        .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
        .outerjoin(group_unit, group_unit.c.id == Sector.group_id)
        .where(*_seated_in(year))
        .order_by(Member.id, MemberTerm.term_id)
    ).all()
    out: dict[int, MemberScore] = {}
    for mid, name, stroke, sort_no, sector_id, sector, group_id, group, standing, post in rows:
        is_standing = bool(standing) or post not in (CppccPost.MEMBER, None)
        previous = out.get(mid)
        out[mid] = MemberScore(mid, name, stroke or "", sort_no, sector_id, sector or "",
                               group_id, group or "",
                               is_standing or (previous is not None and previous.standing))
    return out


def committees(s: Session, year: int) -> dict[int, list[tuple[int, str]]]:
    start, end = _bounds(year)
    rows = s.execute(
        select(UnitMembership.member_id, Unit.id, Unit.short_name, Unit.name)
        .join(Unit, Unit.id == UnitMembership.unit_id)
        .where(Unit.kind == UnitKind.SPECIAL_COMMITTEE, Unit.deleted_at.is_(None),
               or_(UnitMembership.since.is_(None), UnitMembership.since <= end),
               or_(UnitMembership.until.is_(None), UnitMembership.until > start))
        .order_by(Unit.sort_order, Unit.id)
    ).all()
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for mid, uid, short, name in rows:
        out[mid].append((uid, short or name))
    return out


def _kind_ids(s: Session, rule_set: RuleSet, scope: str, default_name: str) -> set[int]:
    """The event kinds of the plenary or the 常委会议: the rules' event kind, else by name."""
    ids = {r.event_kind_id for r in rule_set.rules
           if r.code.endswith(f"_{scope}") and r.event_kind_id is not None}
    if not ids:
        ids = set(s.scalars(select(EventKind.id).where(EventKind.name == default_name)))
    return ids


class Tally:
    """Record ids per (member, rule), each counted once; ``counts`` holds the rules counted
    without their ids (attendance, when only totals are wanted)."""

    def __init__(self) -> None:
        self.ids: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, member_id: int | None, rule: str, record_id: int) -> None:
        if member_id is None:
            return
        found = self.ids[member_id][rule]
        # a member's records under one rule are a few dozen at most: a list lookup is
        # cheaper than a set of (member, rule, record) for every record added
        if record_id not in found:
            found.append(record_id)

    def add_all(self, member_ids: Iterable[int], rule: str, record_id: int) -> None:
        for mid in member_ids:
            self.add(mid, rule, record_id)


# (member, event kind, organiser, attendance, role, number of participations)
ParticipationGroup = tuple[int, int, "int | None", str, str, int]
_GROUPS = "zxlz.participation_groups"
_ATTENDANCE = type_coerce(Participation.attendance, String)
_ROLE = type_coerce(Participation.role, String)
# Built once: the dates are parameters, so SQLAlchemy compiles it once per process.
_GROUPS_SQL = (
    select(Participation.member_id, Event.kind_id, Event.organizer_id, _ATTENDANCE, _ROLE,
           func.count())
    .join(Event, Event.id == Participation.event_id)
    .where(Event.deleted_at.is_(None), Event.start_on >= bindparam("start", type_=Date),
           Event.start_on <= bindparam("end", type_=Date))
    .group_by(Participation.member_id, Event.kind_id, Event.organizer_id, _ATTENDANCE, _ROLE))


_OFFERED = "zxlz.participations_offered"
# one participation as the groups count it: (member, event kind, organiser, attendance, role)
OfferedParticipation = tuple[int, int, "int | None", str, str]


def offer_participations(s: Session, start: dt.date, end: dt.date,
                         rows: Callable[[], Iterable[OfferedParticipation]]) -> None:
    """Tell this session that every participation of the live events between ``start`` and
    ``end`` is already read (the figures' per-figure path reads them all for their ids): a
    later ``participation_groups`` then counts the groups from ``rows()`` in Python instead of
    sending its GROUP BY, which SQLite answers with a sort (~50 ms for a city's year, against
    ~10 ms to count rows already fetched)."""
    s.info.setdefault(_OFFERED, {})[(start, end)] = rows


def participation_groups(s: Session, start: dt.date, end: dt.date
                         ) -> list[ParticipationGroup]:
    """The participations in the live events that start between ``start`` and ``end``,
    counted by member, event kind, organiser, attendance and role (codes, not enums): a city's
    year is 61,000 participations in 14,000 groups. Read once per session, so the 履职考核
    totals and the 出勤 figures of one ``compute`` share the largest query of the year
    (``cached_participation_groups``). Grouped by the organiser's id, not its kind: joining
    the units for every participation made the query a third slower (SQLite)."""
    cache: dict[tuple[dt.date, dt.date], list[ParticipationGroup]] = s.info.setdefault(
        _GROUPS, {})
    offered = s.info.get(_OFFERED, {}).get((start, end))
    if (start, end) not in cache and offered is not None:
        cache[(start, end)] = [(*key, n) for key, n in Counter(offered()).items()]
    if (start, end) not in cache:
        # as the driver gives them (tuples of ints and text: nothing to convert), without
        # SQLAlchemy's Row objects, which cost more than the fetch itself for 14,000 rows
        result = s.connection().execute(_GROUPS_SQL, {"start": start, "end": end})
        try:
            cache[(start, end)] = list(result.cursor.fetchall())
        finally:
            result.close()
    return cache[(start, end)]


def cached_participation_groups(s: Session, start: dt.date, end: dt.date
                                ) -> list[ParticipationGroup] | None:
    """``participation_groups`` if this session has read them already, else None."""
    return s.info.get(_GROUPS, {}).get((start, end))  # type: ignore[no-any-return]


def unit_kinds(s: Session) -> dict[int, str]:
    """Every unit's kind (its code), by id: what an organiser id of the groups is."""
    return dict(s.connection().execute(  # type: ignore[arg-type]
        select(Unit.id, type_coerce(Unit.kind, String))).all())


def _scope_of(s: Session, rule_set: RuleSet) -> Callable[[int, int | None], str]:
    """Where a participation counts (the scope of its attendance rule): the plenary or the
    常委会议 by the event's kind, else by the organiser's kind; the same as
    ``tally_attendance``'s CASE in SQL."""
    plenary = _kind_ids(s, rule_set, "plenary", PLENARY_KIND)
    standing = _kind_ids(s, rule_set, "standing", STANDING_KIND)
    by_unit = {UnitKind.SPECIAL_COMMITTEE.value: "committee",
               UnitKind.SECTOR_GROUP.value: "sector_group"}
    organisers = {uid: by_unit.get(kind, "activity") for uid, kind in unit_kinds(s).items()}

    def scope(kind_id: int, organizer_id: int | None) -> str:
        if kind_id in plenary:
            return "plenary"
        if kind_id in standing:
            return "standing"
        return "activity" if organizer_id is None else organisers.get(organizer_id, "activity")

    return scope


def tally_attendance(s: Session, year: int, rule_set: RuleSet, tally: Tally,
                     *, with_ids: bool = True) -> None:
    """The year's participations by scope. With ids, classified in SQL with the event ids of
    each group joined into one string (no ORM rows, no enum conversion); without, only the
    number of events per member and rule (``tally.counts``), from ``participation_groups``."""
    start, end = _bounds(year)
    if not with_ids:
        _count_attendance(s, start, end, rule_set, tally)
        return
    plenary = _kind_ids(s, rule_set, "plenary", PLENARY_KIND) or {-1}
    standing = _kind_ids(s, rule_set, "standing", STANDING_KIND) or {-1}
    unit_kind = type_coerce(Unit.kind, String)
    scope = case(
        (Event.kind_id.in_(plenary), "plenary"),
        (Event.kind_id.in_(standing), "standing"),
        (unit_kind == UnitKind.SPECIAL_COMMITTEE.value, "committee"),
        (unit_kind == UnitKind.SECTOR_GROUP.value, "sector_group"),
        else_="activity",
    )
    attendance, role = _ATTENDANCE, _ROLE
    speech = case(
        (and_(role == ParticipationRole.SPEAKER.value, attendance == Attendance.PRESENT.value),
         "speech"),
        (role == ParticipationRole.WRITTEN_SPEECH.value, "written_speech"),
        else_="",
    )
    # Grouped in SQL with the event ids joined into one string per group: a few thousand
    # rows for a city's year instead of every participation.
    rows = s.connection().execute(
        select(Participation.member_id, scope.label("scope"), attendance.label("att"),
               speech.label("extra"),
               func.aggregate_strings(cast(Participation.event_id, String), ","))
        .join(Event, Event.id == Participation.event_id)
        .outerjoin(Unit, Unit.id == Event.organizer_id)
        .where(Event.deleted_at.is_(None), Event.start_on >= start, Event.start_on <= end)
        # by label: PostgreSQL would not match two CASE expressions with separate parameters
        .group_by(Participation.member_id, "scope", "att", "extra")
    ).all()
    ids = tally.ids
    for mid, where, att, extra, joined in rows:  # (event, member) is unique: no dedupe
        found = list(map(int, joined.split(",")))
        member = ids[mid]
        member[RULE_OF[(where, att)]].extend(found)
        if extra:
            member[extra].extend(found)


def _count_attendance(s: Session, start: dt.date, end: dt.date, rule_set: RuleSet,
                      tally: Tally) -> None:
    scope = _scope_of(s, rule_set)
    # (kind, organiser, attendance, role) → the rules it counts for: a few hundred keys
    rules: dict[tuple[int, int | None, str, str], tuple[str, ...]] = {}
    speaker, written = ParticipationRole.SPEAKER.value, ParticipationRole.WRITTEN_SPEECH.value
    present = Attendance.PRESENT.value
    counts = tally.counts
    for mid, kind_id, organizer_id, att, role, n in participation_groups(s, start, end):
        key = (kind_id, organizer_id, att, role)
        found = rules.get(key)
        if found is None:
            found = rules[key] = (RULE_OF[(scope(kind_id, organizer_id), att)],) + (
                ("written_speech",) if role == written
                else ("speech",) if role == speaker and att == present else ())
        counted = counts[mid]
        for rule in found:
            counted[rule] += n


def tally_proposals(s: Session, year: int, tally: Tally) -> None:
    start, end = _bounds(year)
    live = and_(Proposal.deleted_at.is_(None), Proposal.submitted_on >= start,
                Proposal.submitted_on <= end, Proposal.review_status != ReviewStatus.WITHDRAWN)
    proposals = s.execute(
        select(Proposal.id, Proposal.lead_member_id, Proposal.type, Proposal.review_status,
               Proposal.is_key, Proposal.is_excellent).where(live)
    ).all()
    for p in proposals:
        role = "proposal_collective" if p.type == ProposalType.COLLECTIVE else "proposal_lead"
        tally.add(p.lead_member_id, role, p.id)
        for rule, applies in PROPOSAL_EXTRAS:
            if applies(p):
                tally.add(p.lead_member_id, rule, p.id)
    cosigners = s.execute(
        select(ProposalCosigner.proposal_id, ProposalCosigner.member_id, Proposal.type,
               Proposal.lead_member_id)
        .join(Proposal, Proposal.id == ProposalCosigner.proposal_id).where(live)
        .order_by(ProposalCosigner.proposal_id, ProposalCosigner.position, ProposalCosigner.id)
    ).all()
    credited: dict[int, int] = defaultdict(int)
    for pid, mid, ptype, lead in cosigners:
        if ptype == ProposalType.COLLECTIVE:
            credited[pid] += 1
            if credited[pid] < COLLECTIVE_AUTHORS + (0 if lead is not None else 1):
                tally.add(mid, "proposal_collective", pid)
        else:
            tally.add(mid, "proposal_cosign", pid)


def tally_opinions(s: Session, year: int, tally: Tally) -> dict[int, list[int]]:
    """Credits 社情民意 items; returns each opinion's member submitters (for 批示)."""
    start, end = _bounds(year)
    live = and_(OpinionReport.deleted_at.is_(None), OpinionReport.received_on >= start,
                OpinionReport.received_on <= end)
    submitters: dict[int, list[int]] = defaultdict(list)
    # whether issued, not the date: no date parsing for thousands of rows (Core rows)
    issued = case((OpinionReport.issued_on.is_(None), 0), else_=1)
    for oid, mid, was_issued in s.connection().execute(
        select(OpinionSubmitter.opinion_id, OpinionSubmitter.member_id, issued)
        .join(OpinionReport, OpinionReport.id == OpinionSubmitter.opinion_id)
        .where(live, OpinionSubmitter.member_id.is_not(None))
    ).all():
        if mid is None:  # excluded by the query; for the type checker
            continue
        submitters[oid].append(mid)
        tally.add(mid, "opinion_submitted", oid)
        if was_issued:
            tally.add(mid, "opinion_issued", oid)
    for oid, level in s.execute(
        select(OpinionForward.opinion_id, OpinionForward.level)
        .join(OpinionReport, OpinionReport.id == OpinionForward.opinion_id)
        .where(live, OpinionForward.adopted.is_(True))
    ).all():
        tally.add_all(submitters.get(oid, ()), ADOPTED_RULE[level], oid)
    return submitters


def tally_instructions(s: Session, year: int, tally: Tally,
                       submitters: dict[int, list[int]]) -> None:
    start, end = _bounds(year)
    rows = s.execute(
        select(Instruction.id, Instruction.level, Instruction.opinion_id, Proposal.lead_member_id)
        .outerjoin(OpinionReport, OpinionReport.id == Instruction.opinion_id)
        .outerjoin(Proposal, Proposal.id == Instruction.proposal_id)
        .where(or_(
            and_(OpinionReport.deleted_at.is_(None), OpinionReport.received_on >= start,
                 OpinionReport.received_on <= end),
            and_(Proposal.deleted_at.is_(None), Proposal.submitted_on >= start,
                 Proposal.submitted_on <= end)))
    ).all()
    for iid, level, oid, lead in rows:
        rule = "instruction_county" if level == LeaderLevel.COUNTY else "instruction_higher"
        if oid is not None:
            tally.add_all(submitters.get(oid, ()), rule, iid)
        else:
            tally.add(lead, rule, iid)


def tally_honors(s: Session, year: int, tally: Tally) -> None:
    start, end = _bounds(year)
    for hid, mid, level in s.execute(
        select(Honor.id, Honor.member_id, Honor.level)
        .where(Honor.deleted_at.is_(None), Honor.member_id.is_not(None),
               Honor.awarded_on >= start, Honor.awarded_on <= end)
    ).all():
        tally.add(mid, HONOR_RULE[level], hid)


def adjustments_by_member(s: Session, year: int) -> dict[int, list[tuple[int, Decimal, str]]]:
    out: dict[int, list[tuple[int, Decimal, str]]] = defaultdict(list)
    for aid, mid, points, reason, body in s.execute(
        select(ScoreAdjustment.id, ScoreAdjustment.member_id, ScoreAdjustment.points,
               ScoreAdjustment.reason, ScoreAdjustment.decided_by)
        .where(ScoreAdjustment.year == year, ScoreAdjustment.deleted_at.is_(None))
        .order_by(ScoreAdjustment.id)
    ).all():
        out[mid].append((aid, points, f"{body.label}决定：{reason}"))
    return out


def proposers(s: Session, year: int) -> set[int]:
    """Members with any proposal (lead or co-signer) submitted in the year."""
    start, end = _bounds(year)
    live = and_(Proposal.deleted_at.is_(None), Proposal.submitted_on >= start,
                Proposal.submitted_on <= end, Proposal.review_status != ReviewStatus.WITHDRAWN)
    leads = set(s.scalars(select(Proposal.lead_member_id).where(live)))
    cos = set(s.scalars(select(ProposalCosigner.member_id)
                        .join(Proposal, Proposal.id == ProposalCosigner.proposal_id).where(live)))
    return {m for m in leads | cos if m is not None}
