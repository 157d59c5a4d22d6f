"""Figures about particular kinds of events: study, consultation and oversight, meetings,
service to the people (with its recorded quantities) and the 委员之家 / 委员工作室.

Event kinds are user-extensible and named; the figures here count the kinds the program seeds
(专题学习, 委员讲坛 …) by name, and each definition names the kind it counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, String, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.domain.enums import Attendance, EventFamily, UnitKind
from app.models import Event, EventKind, Unit
from app.reports.defs_events import (
    EVENT_QUANTITIES,
    events_in,
    period_events,
    period_participations,
)
from app.reports.figures import FigureResult, Number, built, figure, ids_of, memo
from app.reports.period import Period, Scope
from app.scoring.queries import unit_kinds

OFFICE_KINDS = (UnitKind.OFFICE, UnitKind.RESEARCH_CENTER)  # 政协机关


def of_kinds(period: Period, scope: Scope, *names: str) -> Select:  # type: ignore[type-arg]
    return events_in(period, scope).join(EventKind).where(EventKind.name.in_(names))


def by_organizer(stmt: Select, *kinds: UnitKind) -> Select:  # type: ignore[type-arg]
    return stmt.join(Unit, Unit.id == Event.organizer_id).where(Unit.kind.in_(kinds))


# key → (event kind, organiser kinds): what ``defs_passes`` counts in one GROUP BY
KIND_FIGURES: dict[str, tuple[str, tuple[UnitKind, ...]]] = {}


def _kind_figure(key: str, kind: str, label: str, group: str, unit: str = "次",
                 organizers: tuple[UnitKind, ...] = (), who: str = "") -> None:
    by = f"由{who}组织的、" if who else ""
    KIND_FIGURES[key] = (kind, organizers)

    @figure(key, label, unit, "events",
            f"统计期间内开始的、{by}类型为“{kind}”的活动{unit}数。", group)
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        stmt = of_kinds(period, scope, kind)
        return by_organizer(stmt, *organizers) if organizers else stmt


STUDY = "学习活动"
_kind_figure("study.sessions", "专题学习", "专题学习", STUDY)
_kind_figure("study.office", "专题学习", "机关专题学习", STUDY,
             organizers=OFFICE_KINDS, who="政协机关（办公室、研究室）")
_kind_figure("study.groups", "专题学习", "界别组专题学习", STUDY,
             organizers=(UnitKind.SECTOR_GROUP,), who="各界别组")
_kind_figure("study.committees", "专题学习", "专委会专题学习", STUDY,
             organizers=(UnitKind.SPECIAL_COMMITTEE,), who="各专门委员会")
_kind_figure("study.lectures", "委员讲坛", "委员讲坛", STUDY, unit="期")
_kind_figure("study.reading", "读书活动", "读书活动", STUDY)
_kind_figure("study.training", "培训", "培训", STUDY)


@figure("study.training_full", "全体委员参加的培训", "次", "events",
        "统计期间内开始的、类型为“培训”的活动中，活动当天在任的委员全部登记为出席的次数"
        "（“举办全体委员参加的……培训班”）；按单位统计时不计。", STUDY)
def study_training_full(session: Session, period: Period, scope: Scope) -> FigureResult:
    from sqlalchemy import and_, or_

    from app.models import Member, MemberTerm, Participation

    if scope.unit_id is not None:  # 全体委员 is the committee's
        return 0, []
    day = Event.start_on
    seated = and_(MemberTerm.member_id == Member.id, Member.deleted_at.is_(None),
                  or_(MemberTerm.joined_on.is_(None), MemberTerm.joined_on <= day),
                  or_(MemberTerm.left_on.is_(None), MemberTerm.left_on > day))
    present = select(Participation.id).where(
        Participation.event_id == Event.id, Participation.member_id == MemberTerm.member_id,
        Participation.attendance == Attendance.PRESENT).correlate(Event, MemberTerm).exists()
    absent = select(MemberTerm.id).join(Member, Member.id == MemberTerm.member_id).where(
        seated, ~present).correlate(Event).exists()
    anyone = select(MemberTerm.id).join(Member, Member.id == MemberTerm.member_id).where(
        seated).correlate(Event).exists()
    stmt = of_kinds(period, scope, "培训").where(anyone, ~absent).order_by(Event.id)
    full = list(session.scalars(stmt))
    return len(full), full


@figure("study.attendance", "参加学习培训", "人次", "participations",
        "统计期间内学习培训类活动中出席状态为“出席”的委员人次。", STUDY)
def study_attendance(session: Session, period: Period, scope: Scope) -> FigureResult:
    events = events_in(period, scope).join(EventKind).where(
        EventKind.family == EventFamily.STUDY)
    rows = period_participations(session, period, events, Attendance.PRESENT)
    return len(rows), [r[0] for r in rows]


DUTY = "协商监督"
_kind_figure("activities.special_consultations", "专题协商会", "专题协商会", DUTY)
_kind_figure("activities.counterpart_consultations", "对口协商会", "对口协商会", DUTY)
_kind_figure("activities.sector_consultations", "界别协商会", "界别协商会", DUTY)
_kind_figure("activities.proposal_consultations", "提案办理协商会", "提案办理协商会", DUTY)
_kind_figure("activities.online_consultations", "网络议政会", "网络议政会", DUTY)
_kind_figure("activities.inspections", "视察", "视察", DUTY)
_kind_figure("activities.research", "调研", "调研", DUTY)
_kind_figure("activities.appraisals", "民主评议", "民主评议", DUTY)
_kind_figure("activities.oversight", "专项民主监督", "专项民主监督", DUTY)

MEETING = "会议"
_kind_figure("activities.plenary", "全体会议", "全体会议", MEETING)
_kind_figure("activities.standing_meetings", "常委会议", "常委会议", MEETING)
_kind_figure("activities.chair_meetings", "主席会议", "主席会议", MEETING)
_kind_figure("activities.symposia", "座谈会", "座谈会", MEETING)
_kind_figure("activities.promotion_meetings", "观摩推进会", "观摩推进会", MEETING)
_kind_figure("activities.receptions", "接待", "接待来访考察", MEETING, unit="批次")
_kind_figure("activities.fellowship", "联谊", "联谊活动", MEETING)


@figure("activities.fellowship_guests", "联谊活动参加的各界人士", "人", "events",
        "统计期间内联谊宣传类活动记录的非委员参加人数之和（活动的“非委员参加人数”）。", MEETING)
def fellowship_guests(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _event_sum(session, period, scope, "guests", EventFamily.OUTREACH)


SERVICE = "服务为民"
_kind_figure("service.people_activities", "服务为民", "“服务为民”专项活动", SERVICE)
_kind_figure("service.grassroots", "进基层联系群众", "进基层联系群众", SERVICE)
_kind_figure("service.law", "送法下基层", "送法下基层", SERVICE)


# The event quantities the 服务为民 figures add up; ``_quantities`` has each at 3 + its index.
QUANTITIES = EVENT_QUANTITIES


def _quantities(session: Session, period: Period, scope: Scope) -> list[Any]:
    """The period's events (``events_in``) with any quantity recorded, in date order: rows of
    (id, family code, organiser's kind code, *QUANTITIES). One query per call (``figures.memo``) for
    every sum below instead of one query each."""
    def load() -> list[Any]:
        columns = [getattr(Event, name) for name in QUANTITIES]
        # family and organiser's kind as their codes (no enum conversion per row); the
        # events' own conditions, not ``id IN (events_in)``: the date index gives the order
        stmt = built(("event quantities", period, scope), lambda: (
            events_in(period, scope)
            .with_only_columns(Event.id, type_coerce(EventKind.family, String),
                               type_coerce(Unit.kind, String), *columns)
            .outerjoin(EventKind, EventKind.id == Event.kind_id)
            .outerjoin(Unit, Unit.id == Event.organizer_id)
            .where(or_(*(column > 0 for column in columns)))
            .order_by(Event.start_on, Event.id)))
        return list(session.connection().execute(stmt).all())

    return memo(session, quantities_key(period, scope), load)


def quantities_key(period: Period, scope: Scope) -> tuple[Any, ...]:
    """The memo key of ``_quantities``' rows (``defs_event_passes.quantity_ids`` fills it)."""
    return ("event quantities", period.start, period.end, scope.unit_id)


def _event_sum(session: Session, period: Period, scope: Scope, quantity: str,
               family: EventFamily | None = None) -> tuple[int | Decimal, list[int]]:
    """Sum of an event quantity (one of QUANTITIES), and the events that contributed to it
    (value > 0), in date order."""
    at = 3 + QUANTITIES.index(quantity)
    code = None if family is None else family.value
    rows = [(r[0], r[at]) for r in _quantities(session, period, scope)
            if r[at] > 0 and (code is None or r[1] == code)]
    return sum((value for _, value in rows), start=0), [rid for rid, _ in rows]


@figure("service.people", "服务群众", "人次", "events",
        "统计期间内各项活动记录的“服务群众（人次）”之和；明细为有服务人次的活动。", SERVICE)
def service_people(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _event_sum(session, period, scope, "people_served")


@figure("service.deeds", "办好事实事", "件", "events",
        "统计期间内各项活动记录的“办好事（件）”之和。", SERVICE)
def service_deeds(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _event_sum(session, period, scope, "deeds_done")


@figure("service.funds", "筹集资金", "万元", "events",
        "统计期间内各项活动记录的“筹集资金（元）”之和，折算为万元（不四舍五入，行文时保留一位小数）。",
        SERVICE)
def service_funds(session: Session, period: Period, scope: Scope) -> FigureResult:
    total, ids = _event_sum(session, period, scope, "funds_raised")
    return Decimal(total) / Decimal(10000), ids


@figure("service.beneficiaries", "受益（资助）人数", "人", "events",
        "统计期间内各项活动记录的“受益人数”之和。", SERVICE)
def service_beneficiaries(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _event_sum(session, period, scope, "beneficiaries")


HOMES = "委员之家"


def _units_of(kind: UnitKind, scope: Scope) -> Select:  # type: ignore[type-arg]
    stmt = select(Unit.id).where(Unit.kind == kind, Unit.deleted_at.is_(None),
                                 Unit.retired.is_(False))
    if scope.unit_id is not None:
        stmt = stmt.where(or_(Unit.id == scope.unit_id, Unit.parent_id == scope.unit_id))
    return stmt


def _organized_by(kind: UnitKind, period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    """Events of the period organised by units of ``kind``; with a scope, by that unit or by
    the units under it (a liaison group's 委员之家)."""
    organizer = aliased(Unit)
    stmt = (select(Event.id).join(organizer, organizer.id == Event.organizer_id)
            .where(Event.deleted_at.is_(None), organizer.kind == kind,
                   Event.start_on.between(period.start, period.end)))
    if scope.unit_id is not None:
        stmt = stmt.where(or_(organizer.id == scope.unit_id,
                              organizer.parent_id == scope.unit_id))
    return stmt


@figure("homes.count", "委员之家", "个", "units",
        "在用（未停用、未删除）的“委员之家”个数；指定单位时为该单位及其下属的委员之家。", HOMES)
def homes_count(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _units_of(UnitKind.MEMBER_HOME, scope)


@figure("homes.activities", "委员之家活动", "次", "events",
        "统计期间内由“委员之家”组织的活动次数。", HOMES)
def homes_activities(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _organized_by(UnitKind.MEMBER_HOME, period, scope)


@figure("homes.participants", "委员之家活动参与", "人次", "participations",
        "统计期间内“委员之家”活动中出席的委员人次（一人多次参加按多次计）。", HOMES)
def homes_participants(session: Session, period: Period, scope: Scope) -> FigureResult:
    rows = period_participations(session, period, _organized_by(UnitKind.MEMBER_HOME, period,
                                                                scope), Attendance.PRESENT)
    return len(rows), [r[0] for r in rows]


@figure("homes.members", "参与委员之家活动的委员", "人", "members",
        "统计期间内至少出席过一次“委员之家”活动的委员人数（一人只计一次）。", HOMES)
def homes_members(session: Session, period: Period, scope: Scope) -> FigureResult:
    rows = period_participations(session, period, _organized_by(UnitKind.MEMBER_HOME, period,
                                                                scope), Attendance.PRESENT)
    members = sorted({r[2] for r in rows})
    return len(members), members


@figure("studios.count", "委员工作室", "个", "units",
        "在用（未停用、未删除）的“委员工作室”个数。", HOMES)
def studios_count(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _units_of(UnitKind.MEMBER_STUDIO, scope)


@figure("studios.activities", "委员工作室活动", "次", "events",
        "统计期间内由“委员工作室”组织的活动次数。", HOMES)
def studios_activities(session: Session, period: Period, scope: Scope) -> FigureResult:
    return _organized_by(UnitKind.MEMBER_STUDIO, period, scope)


@figure("homes.people_served", "委员之家服务群众", "人次", "events",
        "统计期间内“委员之家”组织的活动记录的“服务群众（人次）”之和。", HOMES)
def homes_people(session: Session, period: Period, scope: Scope) -> FigureResult:
    if scope.unit_id is None:  # the period's events organised by a 委员之家: from the pass
        at = 3 + QUANTITIES.index("people_served")
        found = [(r[0], r[at]) for r in _quantities(session, period, scope)
                 if r[at] > 0 and r[2] == UnitKind.MEMBER_HOME.value]
        return sum(value for _, value in found), [rid for rid, _ in found]
    rows = session.execute(
        select(Event.id, Event.people_served).where(
            Event.id.in_(_organized_by(UnitKind.MEMBER_HOME, period, scope)),
            Event.people_served > 0).order_by(Event.start_on, Event.id)).all()
    return sum(r[1] for r in rows), [r[0] for r in rows]


# ----- the ids of the figures of one kind in one read (figures.ids_of) -------------------
def kind_names(session: Session) -> dict[str, set[int]]:
    """Every event kind's ids by name (a name is unique; a set all the same), read once per
    call (``figures.memo``) for the ids passes."""
    def load() -> dict[str, set[int]]:
        named: dict[str, set[int]] = {}
        for kind_id, name in session.connection().execute(
                built(("kind names",), lambda: select(EventKind.id, EventKind.name))):
            named.setdefault(name, set()).add(kind_id)
        return named

    return memo(session, ("kind names",), load)


def organizer_kinds(session: Session) -> dict[int, str]:
    """Every unit's kind code by id (deleted units too, as the definitions' joins), read
    once per call."""
    return memo(session, ("unit kinds",), lambda: unit_kinds(session))


ORGANIZED_KEYS = {"homes.activities": UnitKind.MEMBER_HOME.value,
                  "studios.activities": UnitKind.MEMBER_STUDIO.value}


@ids_of(*KIND_FIGURES, *ORGANIZED_KEYS)
def kind_ids(session: Session, period: Period, scope: Scope
             ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """The figures of one named kind (and organiser kinds) and the activities of the
    委员之家/委员工作室 from the period's events read once (``defs_events.period_events``),
    in the order of their own statements: the kind's events by (date, id) (the kind-and-date
    index; a kind's name is unique); the events organised by a unit of that kind by
    (date, id) (the date index, each event's organiser looked up; any unit of the kind, as
    ``_organized_by``'s join). For the committee only: a unit's statements may choose
    another index."""
    if scope.unit_id is not None:
        return None
    events = period_events(session, period)
    by_kind: dict[int, list[tuple[int, int | None]]] = {}
    for event_id, _day, kind_id, _family, organizer_id, *_quantities in events:
        by_kind.setdefault(kind_id, []).append((event_id, organizer_id))
    named, organizers_of = kind_names(session), organizer_kinds(session)
    out: dict[str, tuple[Number, Sequence[int]]] = {}
    for key, (kind, organizers) in KIND_FIGURES.items():
        wanted = {o.value for o in organizers}
        found = [event_id for kind_id in sorted(named.get(kind, ()))
                 for event_id, organizer_id in by_kind.get(kind_id, ())
                 if not wanted or (organizer_id is not None
                                   and organizers_of.get(organizer_id) in wanted)]
        out[key] = (len(found), found)
    for key, unit_kind in ORGANIZED_KEYS.items():
        found = [r[0] for r in events
                 if r[4] is not None and organizers_of.get(r[4]) == unit_kind]
        out[key] = (len(found), found)
    return out
