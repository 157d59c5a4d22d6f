"""Every member's score of a year, explained item by item, from the records in a handful of
set-based queries (one per kind of record, not one per member).

Nothing here is stored: scores are derived whenever they are asked for, so a corrected record
or an edited rule shows at once. Each item names its rule, its points and the ids of the
records behind it; the items of a member add up to the member's total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import String, and_, case, cast, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.enums import (
    Attendance,
    CppccPost,
    ForwardLevel,
    HonorLevel,
    LeaderLevel,
    ParticipationRole,
    ProposalType,
    ReviewStatus,
    ScoreGrade,
    UnitKind,
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
    ScoreAdjustment,
    Sector,
    Term,
    Unit,
    UnitMembership,
)
from app.scoring.catalog import (
    ADJUSTMENT_ITEM,
    ADJUSTMENT_LABEL,
    BASE_ITEM,
    BASE_LABEL,
    CAP_ITEM_PREFIX,
    CATEGORIES,
    CATEGORY_LABELS,
    PLENARY_KIND,
    STANDING_KIND,
    category_of,
    fmt_points,
)
from app.scoring.grading import assign_grades
from app.scoring.rules import RuleSet, RuleSetService, preview_rule_set
from app.services.context import SYSTEM, Actor

# Which entity the record ids of each rule's item belong to (for drill-down).
EVENTS, PROPOSALS, OPINIONS = "events", "proposals", "opinion_reports"
ENTITY_OF_PREFIX = (
    ("attend_", EVENTS), ("excused_", EVENTS), ("absent_", EVENTS), ("speech", EVENTS),
    ("written_speech", EVENTS), ("proposal_", PROPOSALS), ("opinion_", OPINIONS),
    ("instruction_", "instructions"), ("honor_", "honors"),
)
COLLECTIVE_AUTHORS = 3  # 桐城: a collective proposal credits up to 3 main authors
SCOPES = ("plenary", "standing", "committee", "sector_group", "activity")
ATTENDANCE_RULE = {
    (scope, att): f"{prefix}_{scope}"
    for scope in SCOPES
    for att, prefix in ((Attendance.PRESENT, "attend"), (Attendance.EXCUSED, "excused"),
                        (Attendance.ABSENT, "absent"))
}
ATTENDANCE_RULE[("activity", Attendance.ABSENT)] = "absent_unexcused"
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


def entity_of(rule: str) -> str:
    if rule == ADJUSTMENT_ITEM:
        return "score_adjustments"
    for prefix, entity in ENTITY_OF_PREFIX:
        if rule.startswith(prefix):
            return entity
    return ""


@dataclass(frozen=True)
class ScoreItem:
    """One line of an explained score: rule, how many records, points, and the records."""

    rule: str
    label: str
    category: str
    points: Decimal
    count: int = 0
    unit_points: Decimal | None = None
    records: tuple[int, ...] = ()
    note: str = ""

    @property
    def entity(self) -> str:
        return entity_of(self.rule)


@dataclass
class MemberScore:
    member_id: int
    name: str
    stroke_key: str
    sort_number: int | None
    sector_id: int | None
    sector: str
    group_id: int | None
    group: str
    standing: bool
    committees: tuple[tuple[int, str], ...] = ()
    items: list[ScoreItem] = field(default_factory=list)
    total: Decimal = Decimal(0)
    grade: ScoreGrade = ScoreGrade.COMPETENT
    rank: int = 0
    missing: tuple[str, ...] = ()  # minimum duties not met, in words
    warnings: tuple[str, ...] = ()  # e.g. no proposal for two years
    counts: dict[str, int] = field(default_factory=dict)  # plenary/proposals/opinions/activities

    @property
    def minimum_met(self) -> bool:
        return not self.missing

    def category_points(self, category: str) -> Decimal:
        return sum((i.points for i in self.items if i.category == category), Decimal(0))


@dataclass
class GroupResult:
    unit_id: int
    name: str
    members: int
    average: Decimal
    excellent: int
    below_minimum: int
    rank: int = 0


@dataclass
class YearScores:
    year: int
    rule_set: RuleSet
    members: list[MemberScore]

    def by_member(self, member_id: int) -> MemberScore | None:
        for score in self.members:
            if score.member_id == member_id:
                return score
        return None

    @property
    def average(self) -> Decimal:
        if not self.members:
            return Decimal(0)
        return (sum((m.total for m in self.members), Decimal(0)) / len(self.members)).quantize(
            Decimal("0.01"))

    def grade_counts(self) -> dict[ScoreGrade, int]:
        counts = dict.fromkeys(ScoreGrade, 0)
        for m in self.members:
            counts[m.grade] += 1
        return counts

    def groups(self, kind: str) -> list[GroupResult]:
        """Averages and ranking of 界别组 (``kind="sector_group"``) or 专委会 (``"committee"``)."""
        buckets: dict[tuple[int, str], list[MemberScore]] = defaultdict(list)
        for m in self.members:
            if kind == "sector_group":
                if m.group_id is not None:
                    buckets[(m.group_id, m.group)].append(m)
            else:
                for unit in m.committees:
                    buckets[unit].append(m)
        results = [
            GroupResult(uid, name, len(ms),
                        (sum((m.total for m in ms), Decimal(0)) / len(ms)).quantize(
                            Decimal("0.01")),
                        sum(1 for m in ms if m.grade is ScoreGrade.EXCELLENT),
                        sum(1 for m in ms if not m.minimum_met))
            for (uid, name), ms in buckets.items()
        ]
        results.sort(key=lambda g: (-g.average, g.name))
        for i, g in enumerate(results, 1):
            g.rank = i
        return results


def compute_scores(db: Database, year: int, actor: Actor = SYSTEM) -> YearScores:
    """Every member's explained score of ``year`` under that year's rules."""
    rule_set = RuleSetService(db).load(year, actor)
    with db.reader() as s:
        return _compute(s, year, rule_set)


def scores_in(session: Session, year: int) -> YearScores:
    """The year's scores computed in an open (read-only) session, once per session: what the
    figures registry uses, so several figures of one document share one computation."""
    cache: dict[int, YearScores] = session.info.setdefault("zxlz_year_scores", {})
    if year not in cache:
        cache[year] = _compute(session, year, preview_rule_set(session, year))
    return cache[year]


def year_scores(db: Database, year: int) -> YearScores:
    """The year's scores without writing anything (a year without its own rule set is scored
    with the rules it would get): for views that only look, like the 履职档案."""
    with db.reader() as s:
        return scores_in(s, year)


def member_scores(db: Database, member_id: int, years: Iterable[int],
                  scores_of: Callable[[int], YearScores] | None = None
                  ) -> list[tuple[int, MemberScore]]:
    """One member's scores of the given years, newest first. ``scores_of`` lets a caller that
    keeps the year's scores (the client, until the next change) supply them."""
    get = scores_of or (lambda year: year_scores(db, year))
    out: list[tuple[int, MemberScore]] = []
    for year in sorted(set(years), reverse=True):
        score = get(year).by_member(member_id)
        if score is not None:
            out.append((year, score))
    return out


# ── Queries ─────────────────────────────────────────────────────────────────────────────────

def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _population(s: Session, year: int) -> dict[int, MemberScore]:
    """Members seated at some time in the year, with 界别, 界别组 and whether 常委."""
    start, end = _bounds(year)
    group_unit = Unit.__table__.alias("group_unit")
    rows = s.execute(
        select(Member.id, Member.name, Member.stroke_key, Member.sort_number, MemberTerm.sector_id,
               Sector.name, Sector.group_id, group_unit.c.name, MemberTerm.is_standing,
               MemberTerm.post)
        .join(MemberTerm, MemberTerm.member_id == Member.id)
        .join(Term, Term.id == MemberTerm.term_id)
        .outerjoin(Sector, Sector.id == MemberTerm.sector_id)
        .outerjoin(group_unit, group_unit.c.id == Sector.group_id)
        .where(Member.deleted_at.is_(None), Term.deleted_at.is_(None), Term.start_on <= end,
               or_(Term.end_on.is_(None), Term.end_on >= start),
               or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= end),
               or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > start))
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


def _committees(s: Session, year: int) -> dict[int, list[tuple[int, str]]]:
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


class _Tally:
    """Record ids per (member, rule), each counted once."""

    def __init__(self) -> None:
        self.ids: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.seen: set[tuple[int, str, int]] = set()

    def add(self, member_id: int | None, rule: str, record_id: int) -> None:
        if member_id is None or (member_id, rule, record_id) in self.seen:
            return
        self.seen.add((member_id, rule, record_id))
        self.ids[member_id][rule].append(record_id)

    def add_all(self, member_ids: Iterable[int], rule: str, record_id: int) -> None:
        for mid in member_ids:
            self.add(mid, rule, record_id)


def _attendance(s: Session, year: int, rule_set: RuleSet, tally: _Tally) -> None:
    """The year's participations, classified in SQL by scope; the largest query by far, so it
    runs on the connection with plain strings (no ORM rows, no enum conversion)."""
    start, end = _bounds(year)
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
    attendance = type_coerce(Participation.attendance, String)
    role = type_coerce(Participation.role, String)
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
    rule_of = {(sc, att.value): code for (sc, att), code in ATTENDANCE_RULE.items()}
    ids = tally.ids
    for mid, where, att, extra, joined in rows:  # (event, member) is unique: no dedupe
        events = [int(x) for x in joined.split(",")]
        member = ids[mid]
        member[rule_of[(where, att)]].extend(events)
        if extra:
            member[extra].extend(events)


def _proposals(s: Session, year: int, tally: _Tally) -> None:
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


def _opinions(s: Session, year: int, tally: _Tally) -> dict[int, list[int]]:
    """Credits 社情民意 items; returns each opinion's member submitters (for 批示)."""
    start, end = _bounds(year)
    live = and_(OpinionReport.deleted_at.is_(None), OpinionReport.received_on >= start,
                OpinionReport.received_on <= end)
    submitters: dict[int, list[int]] = defaultdict(list)
    for oid, mid, issued in s.execute(
        select(OpinionSubmitter.opinion_id, OpinionSubmitter.member_id, OpinionReport.issued_on)
        .join(OpinionReport, OpinionReport.id == OpinionSubmitter.opinion_id)
        .where(live, OpinionSubmitter.member_id.is_not(None))
    ).all():
        submitters[oid].append(mid)
        tally.add(mid, "opinion_submitted", oid)
        if issued is not None:
            tally.add(mid, "opinion_issued", oid)
    for oid, level in s.execute(
        select(OpinionForward.opinion_id, OpinionForward.level)
        .join(OpinionReport, OpinionReport.id == OpinionForward.opinion_id)
        .where(live, OpinionForward.adopted.is_(True))
    ).all():
        tally.add_all(submitters.get(oid, ()), ADOPTED_RULE[level], oid)
    return submitters


def _instructions(s: Session, year: int, tally: _Tally, submitters: dict[int, list[int]]) -> None:
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


def _honors(s: Session, year: int, tally: _Tally) -> None:
    start, end = _bounds(year)
    for hid, mid, level in s.execute(
        select(Honor.id, Honor.member_id, Honor.level)
        .where(Honor.deleted_at.is_(None), Honor.member_id.is_not(None),
               Honor.awarded_on >= start, Honor.awarded_on <= end)
    ).all():
        tally.add(mid, HONOR_RULE[level], hid)


def _adjustments(s: Session, year: int) -> dict[int, list[tuple[int, Decimal, str]]]:
    out: dict[int, list[tuple[int, Decimal, str]]] = defaultdict(list)
    for aid, mid, points, reason, body in s.execute(
        select(ScoreAdjustment.id, ScoreAdjustment.member_id, ScoreAdjustment.points,
               ScoreAdjustment.reason, ScoreAdjustment.decided_by)
        .where(ScoreAdjustment.year == year, ScoreAdjustment.deleted_at.is_(None))
        .order_by(ScoreAdjustment.id)
    ).all():
        out[mid].append((aid, points, f"{body.label}决定：{reason}"))
    return out


def _proposers(s: Session, year: int) -> set[int]:
    """Members with any proposal (lead or co-signer) submitted in the year."""
    start, end = _bounds(year)
    live = and_(Proposal.deleted_at.is_(None), Proposal.submitted_on >= start,
                Proposal.submitted_on <= end, Proposal.review_status != ReviewStatus.WITHDRAWN)
    leads = set(s.scalars(select(Proposal.lead_member_id).where(live)))
    cos = set(s.scalars(select(ProposalCosigner.member_id)
                        .join(Proposal, Proposal.id == ProposalCosigner.proposal_id).where(live)))
    return (leads | cos) - {None}


# ── Items, caps, minimum duties ────────────────────────────────────────────────────────────

def _items(rule_set: RuleSet, ids: dict[str, list[int]]) -> list[ScoreItem]:
    items: list[ScoreItem] = []
    if rule_set.base_score:
        items.append(ScoreItem(BASE_ITEM, BASE_LABEL, "", rule_set.base_score))
    for category, label in CATEGORIES:
        positive = Decimal(0)
        for rule in rule_set.rules:
            if rule.category != category or not rule.active or not ids.get(rule.code):
                continue
            records = tuple(sorted(ids[rule.code]))
            raw = rule.points * len(records)
            points, note = raw, f"{len(records)}项×{fmt_points(rule.points)}分"
            if rule.cap is not None and abs(raw) > rule.cap:
                points = rule.cap if raw > 0 else -rule.cap
                note += f"，本项上限{fmt_points(rule.cap)}分"
            if points > 0:
                positive += points
            items.append(ScoreItem(rule.code, rule.label, category, points, len(records),
                                   rule.points, records, note))
        cap = rule_set.category_caps.get(category)
        if cap is not None and positive > cap:
            items.append(ScoreItem(f"{CAP_ITEM_PREFIX}{category}", f"{label}类封顶",
                                   category, cap - positive,
                                   note=f"{label}类加分{fmt_points(positive)}分，"
                                        f"上限{fmt_points(cap)}分"))
    return items


def _missing(
    rule_set: RuleSet, ids: dict[str, list[int]]
) -> tuple[tuple[str, ...], dict[str, int]]:
    counts = {
        "plenary": len(ids.get("attend_plenary", ())),
        "proposals": sum(len(ids.get(c, ())) for c in
                         ("proposal_lead", "proposal_cosign", "proposal_collective")),
        "opinions": len(ids.get("opinion_submitted", ())),
        "activities": sum(len(ids.get(c, ())) for c in
                          ("attend_committee", "attend_sector_group", "attend_activity")),
    }
    missing: list[str] = []
    if rule_set.require_plenary and (ids.get("absent_plenary") or not (
            counts["plenary"] or ids.get("excused_plenary"))):
        missing.append("未出席全体会议")
    if counts["proposals"] < rule_set.min_proposals:
        missing.append(f"提案{counts['proposals']}件（应不少于{rule_set.min_proposals}件）")
    if counts["opinions"] < rule_set.min_opinions:
        missing.append(f"社情民意信息{counts['opinions']}篇（应不少于{rule_set.min_opinions}篇）")
    if counts["activities"] < rule_set.min_activities:
        missing.append(f"其他履职活动{counts['activities']}次（应不少于{rule_set.min_activities}次）")
    return tuple(missing), counts


def _compute(s: Session, year: int, rule_set: RuleSet) -> YearScores:
    members = _population(s, year)
    committees = _committees(s, year)
    tally = _Tally()
    _attendance(s, year, rule_set, tally)
    _proposals(s, year, tally)
    submitters = _opinions(s, year, tally)
    _instructions(s, year, tally, submitters)
    _honors(s, year, tally)
    adjustments = _adjustments(s, year)
    silent = set(_population(s, year - 1)) - _proposers(s, year) - _proposers(s, year - 1)
    for mid, score in members.items():
        ids = tally.ids.get(mid, {})
        score.committees = tuple(committees.get(mid, ()))
        score.items = _items(rule_set, ids)
        for aid, points, reason in adjustments.get(mid, ()):
            score.items.append(ScoreItem(ADJUSTMENT_ITEM, f"{ADJUSTMENT_LABEL}：{reason}", "",
                                         points, 1, None, (aid,)))
        score.total = sum((i.points for i in score.items), Decimal(0))
        score.missing, score.counts = _missing(rule_set, ids)
        if mid in silent:
            score.warnings = ("连续两年未提交提案",)
    ordered = sorted(members.values(), key=lambda m: (-m.total, m.stroke_key, m.member_id))
    assign_grades(rule_set, ordered)
    return YearScores(year, rule_set, ordered)


__all__ = ["CATEGORY_LABELS", "GroupResult", "MemberScore", "ScoreItem", "YearScores",
           "category_of", "compute_scores"]
