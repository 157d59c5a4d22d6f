"""The set-based queries behind the scores: one per kind of record for the whole year, each
tallying record ids per member and rule (never one query per member)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Executable,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
    type_coerce,
    union,
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
# by the level's code (the column read as text)
ADOPTED_RULE = {ForwardLevel.CITY.value: "opinion_adopted_city",
                ForwardLevel.PROVINCE.value: "opinion_adopted_province",
                ForwardLevel.NATIONAL.value: "opinion_adopted_national"}
HONOR_RULE = {HonorLevel.NATIONAL.value: "honor_national",
              HonorLevel.PROVINCIAL.value: "honor_provincial",
              HonorLevel.CITY.value: "honor_city", HonorLevel.COUNTY.value: "honor_county",
              HonorLevel.INTERNAL.value: "honor_internal"}


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# The statements below are built once per process (``cache``), with the year's dates as
# parameters: building a SELECT and computing its cache key cost more than running it on a
# county's year. Executed as Core (no ORM row processing); enum columns are read as their
# codes (``type_coerce(…, String)``), the same text on SQLite and PostgreSQL.
_START = bindparam("start", type_=Date)
_END = bindparam("end", type_=Date)


def _dates(year: int) -> dict[str, dt.date]:
    start, end = _bounds(year)
    return {"start": start, "end": end}


def _code(column: Any) -> ColumnElement[str]:
    return type_coerce(column, String)


def _seated_in() -> list[ColumnElement[bool]]:
    """Members (joined with their terms) seated at some time between ``:start`` and ``:end``."""
    return [Member.deleted_at.is_(None), Term.deleted_at.is_(None), Term.start_on <= _END,
            or_(Term.end_on.is_(None), Term.end_on >= _START),
            or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= _END),
            or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > _START)]


@cache
def _seated_sql() -> Executable:
    return (select(Member.id).join(MemberTerm, MemberTerm.member_id == Member.id)
            .join(Term, Term.id == MemberTerm.term_id).where(*_seated_in()))


def seated(s: Session, year: int) -> set[int]:
    """The ids of ``population(s, year)``, without building the scores."""
    return set(s.connection().execute(_seated_sql(), _dates(year)).scalars())


@cache
def _population_sql() -> Executable:
    group_unit = Unit.__table__.alias("group_unit")
    return (
        select(Member.id, Member.name, Member.stroke_key, Member.sort_number, MemberTerm.sector_id,
               Sector.name, Sector.group_id, group_unit.c.name, MemberTerm.is_standing,
               _code(MemberTerm.post))
        .join(MemberTerm, MemberTerm.member_id == Member.id)
        .join(Term, Term.id == MemberTerm.term_id)
        .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
        .outerjoin(group_unit, group_unit.c.id == Sector.group_id)
        .where(*_seated_in())
        .order_by(Member.id, MemberTerm.term_id))


def population(s: Session, year: int) -> dict[int, MemberScore]:
    """Members seated at some time in the year, with 界别, 界别组 and whether 常委."""
    rows = s.connection().execute(_population_sql(), _dates(year)).all()
    out: dict[int, MemberScore] = {}
    member = CppccPost.MEMBER.value
    for mid, name, stroke, sort_no, sector_id, sector, group_id, group, standing, post in rows:
        is_standing = bool(standing) or post not in (member, None)
        previous = out.get(mid)
        out[mid] = MemberScore(mid, name, stroke or "", sort_no, sector_id, sector or "",
                               group_id, group or "",
                               is_standing or (previous is not None and previous.standing))
    return out


@cache
def _committees_sql() -> Executable:
    return (
        select(UnitMembership.member_id, Unit.id, Unit.short_name, Unit.name)
        .join(Unit, Unit.id == UnitMembership.unit_id)
        .where(Unit.kind == UnitKind.SPECIAL_COMMITTEE, Unit.deleted_at.is_(None),
               or_(UnitMembership.since.is_(None), UnitMembership.since <= _END),
               or_(UnitMembership.until.is_(None), UnitMembership.until > _START))
        .order_by(Unit.sort_order, Unit.id))


def committees(s: Session, year: int) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for mid, uid, short, name in s.connection().execute(_committees_sql(), _dates(year)):
        out[mid].append((uid, short or name))
    return out


@cache
def _kind_by_name_sql() -> Executable:
    return select(EventKind.id).where(EventKind.name == bindparam("name"))


def _kind_ids(s: Session, rule_set: RuleSet, scope: str, default_name: str) -> set[int]:
    """The event kinds of the plenary or the 常委会议: the rules' event kind, else by name."""
    ids = {r.event_kind_id for r in rule_set.rules
           if r.code.endswith(f"_{scope}") and r.event_kind_id is not None}
    if not ids:
        ids = set(s.connection().execute(_kind_by_name_sql(), {"name": default_name}).scalars())
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


@cache
def _attendance_sql() -> Executable:
    """The year's participations grouped by member, scope, attendance and speech, with the
    event ids of each group joined into one string (no ORM rows, no enum conversion)."""
    unit_kind = type_coerce(Unit.kind, String)
    scope = case(
        (Event.kind_id.in_(bindparam("plenary", expanding=True)), "plenary"),
        (Event.kind_id.in_(bindparam("standing", expanding=True)), "standing"),
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
    return (
        select(Participation.member_id, scope.label("scope"), attendance.label("att"),
               speech.label("extra"),
               func.aggregate_strings(cast(Participation.event_id, String), ","))
        .join(Event, Event.id == Participation.event_id)
        .outerjoin(Unit, Unit.id == Event.organizer_id)
        .where(Event.deleted_at.is_(None), Event.start_on >= _START, Event.start_on <= _END)
        # by label: PostgreSQL would not match two CASE expressions with separate parameters
        .group_by(Participation.member_id, "scope", "att", "extra"))


def tally_attendance(s: Session, year: int, rule_set: RuleSet, tally: Tally,
                     *, with_ids: bool = True) -> None:
    """The year's participations by scope. With ids, classified in SQL with the event ids of
    each group joined into one string (no ORM rows, no enum conversion); without, only the
    number of events per member and rule (``tally.counts``), from ``participation_groups``."""
    start, end = _bounds(year)
    if not with_ids:
        _count_attendance(s, start, end, rule_set, tally)
        return
    params = {"start": start, "end": end,
              "plenary": sorted(_kind_ids(s, rule_set, "plenary", PLENARY_KIND) or {-1}),
              "standing": sorted(_kind_ids(s, rule_set, "standing", STANDING_KIND) or {-1})}
    result = s.connection().execute(_attendance_sql(), params)
    try:
        rows = result.cursor.fetchall()  # ints and text: nothing for SQLAlchemy to convert
    finally:
        result.close()
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


def _live_proposal() -> ColumnElement[bool]:
    return and_(Proposal.deleted_at.is_(None), Proposal.submitted_on >= _START,
                Proposal.submitted_on <= _END, Proposal.review_status != ReviewStatus.WITHDRAWN)


@cache
def _proposals_sql() -> tuple[Executable, Executable]:
    proposals = select(Proposal.id, Proposal.lead_member_id, _code(Proposal.type),
                       _code(Proposal.review_status), Proposal.is_key,
                       Proposal.is_excellent).where(_live_proposal())
    cosigners = (
        select(ProposalCosigner.proposal_id, ProposalCosigner.member_id, _code(Proposal.type),
               Proposal.lead_member_id)
        .join(Proposal, Proposal.id == ProposalCosigner.proposal_id).where(_live_proposal())
        .order_by(ProposalCosigner.proposal_id, ProposalCosigner.position, ProposalCosigner.id))
    return proposals, cosigners


def tally_proposals(s: Session, year: int, tally: Tally) -> None:
    proposals_sql, cosigners_sql = _proposals_sql()
    conn, dates = s.connection(), _dates(year)
    collective = ProposalType.COLLECTIVE.value
    accepted, converted = ReviewStatus.ACCEPTED.value, ReviewStatus.CONVERTED.value
    add = tally.add
    # booleans as the driver gives them (0/1 on SQLite, bool on PostgreSQL): only their truth
    for pid, lead, ptype, status, is_key, is_excellent in driver_rows(conn, proposals_sql,
                                                                       dates):
        add(lead, "proposal_collective" if ptype == collective else "proposal_lead", pid)
        if status == accepted:
            add(lead, "proposal_accepted", pid)
        if is_key:
            add(lead, "proposal_key", pid)
        if is_excellent:
            add(lead, "proposal_excellent", pid)
        if status == converted:
            add(lead, "proposal_converted", pid)
    credited: dict[int, int] = defaultdict(int)
    for pid, mid, ptype, lead in driver_rows(conn, cosigners_sql, dates):
        if ptype == collective:
            credited[pid] += 1
            if credited[pid] < COLLECTIVE_AUTHORS + (0 if lead is not None else 1):
                add(mid, "proposal_collective", pid)
        else:
            add(mid, "proposal_cosign", pid)


def _live_opinion() -> ColumnElement[bool]:
    return and_(OpinionReport.deleted_at.is_(None), OpinionReport.received_on >= _START,
                OpinionReport.received_on <= _END)


@cache
def _opinions_sql() -> tuple[Executable, Executable]:
    # whether issued, not the date: no date parsing for thousands of rows
    issued = case((OpinionReport.issued_on.is_(None), 0), else_=1)
    submitted = (
        select(OpinionSubmitter.opinion_id, OpinionSubmitter.member_id, issued)
        .join(OpinionReport, OpinionReport.id == OpinionSubmitter.opinion_id)
        .where(_live_opinion(), OpinionSubmitter.member_id.is_not(None)))
    adopted = (
        select(OpinionForward.opinion_id, _code(OpinionForward.level))
        .join(OpinionReport, OpinionReport.id == OpinionForward.opinion_id)
        .where(_live_opinion(), OpinionForward.adopted.is_(True)))
    return submitted, adopted


def tally_opinions(s: Session, year: int, tally: Tally) -> dict[int, list[int]]:
    """Credits 社情民意 items; returns each opinion's member submitters (for 批示)."""
    submitted_sql, adopted_sql = _opinions_sql()
    conn, dates = s.connection(), _dates(year)
    submitters: dict[int, list[int]] = defaultdict(list)
    add = tally.add
    for oid, mid, was_issued in driver_rows(conn, submitted_sql, dates):
        submitters[oid].append(mid)
        add(mid, "opinion_submitted", oid)
        if was_issued:
            add(mid, "opinion_issued", oid)
    for oid, level in driver_rows(conn, adopted_sql, dates):
        tally.add_all(submitters.get(oid, ()), ADOPTED_RULE[level], oid)
    return submitters


@cache
def _instructions_sql() -> Executable:
    return (
        select(Instruction.id, _code(Instruction.level), Instruction.opinion_id,
               Proposal.lead_member_id)
        .outerjoin(OpinionReport, OpinionReport.id == Instruction.opinion_id)
        .outerjoin(Proposal, Proposal.id == Instruction.proposal_id)
        .where(or_(
            _live_opinion(),
            and_(Proposal.deleted_at.is_(None), Proposal.submitted_on >= _START,
                 Proposal.submitted_on <= _END))))


def tally_instructions(s: Session, year: int, tally: Tally,
                       submitters: dict[int, list[int]]) -> None:
    county = LeaderLevel.COUNTY.value
    for iid, level, oid, lead in driver_rows(s.connection(), _instructions_sql(), _dates(year)):
        rule = "instruction_county" if level == county else "instruction_higher"
        if oid is not None:
            tally.add_all(submitters.get(oid, ()), rule, iid)
        else:
            tally.add(lead, rule, iid)


@cache
def _honors_sql() -> Executable:
    return (select(Honor.id, Honor.member_id, _code(Honor.level))
            .where(Honor.deleted_at.is_(None), Honor.member_id.is_not(None),
                   Honor.awarded_on >= _START, Honor.awarded_on <= _END))


def tally_honors(s: Session, year: int, tally: Tally) -> None:
    for hid, mid, level in driver_rows(s.connection(), _honors_sql(), _dates(year)):
        tally.add(mid, HONOR_RULE[level], hid)


@cache
def _adjustments_sql() -> Executable:
    return (select(ScoreAdjustment.id, ScoreAdjustment.member_id, ScoreAdjustment.points,
                   ScoreAdjustment.reason, ScoreAdjustment.decided_by)
            .where(ScoreAdjustment.year == bindparam("year"),
                   ScoreAdjustment.deleted_at.is_(None))
            .order_by(ScoreAdjustment.id))


def adjustments_by_member(s: Session, year: int) -> dict[int, list[tuple[int, Decimal, str]]]:
    out: dict[int, list[tuple[int, Decimal, str]]] = defaultdict(list)
    # through SQLAlchemy's result processing: the points are decimals, the body an enum
    for aid, mid, points, reason, body in s.connection().execute(_adjustments_sql(),
                                                                 {"year": year}):
        out[mid].append((aid, points, f"{body.label}决定：{reason}"))
    return out


@cache
def _proposers_sql() -> Executable:
    live = _live_proposal()
    return union(select(Proposal.lead_member_id).where(live),
                 select(ProposalCosigner.member_id)
                 .join(Proposal, Proposal.id == ProposalCosigner.proposal_id).where(live))


def proposers(s: Session, first: int, last: int | None = None) -> set[int]:
    """Members with any proposal (lead or co-signer) submitted in the years ``first`` to
    ``last`` (only ``first`` when not given)."""
    dates = {"start": _bounds(first)[0], "end": _bounds(first if last is None else last)[1]}
    return {m for (m,) in driver_rows(s.connection(), _proposers_sql(), dates)
            if m is not None}


def driver_rows(conn: Connection, stmt: Executable, params: dict[str, Any]
                ) -> list[tuple[Any, ...]]:
    """The rows of ``stmt`` as the database driver gives them (plain tuples): only for
    columns already in their final form (integers, text, an enum read as its code), since no
    result processing is applied."""
    result = conn.execute(stmt, params)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()
