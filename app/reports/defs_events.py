"""Figures about meetings, consultations and activities, their attendance and outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, String, select, type_coerce
from sqlalchemy.orm import Session

from app.domain.enums import Attendance, EventFamily
from app.models import Event, EventKind, Participation
from app.reports.figures import (
    FigureResult,
    Number,
    built,
    driver_rows,
    figure,
    ids_of,
    memo,
    memoized,
)
from app.reports.period import Period, Scope
from app.scoring.queries import offer_participations

# One participation of the period: (id, event_id, member_id, attendance, and what the
# 履职考核 groups count it by: the event's kind, its organiser, the role)
ParticipationRow = tuple[int, int, int, str, int, int | None, str]


def events_in(period: Period, scope: Scope) -> Select:  # type: ignore[type-arg]
    stmt = select(Event.id).where(
        Event.deleted_at.is_(None), Event.start_on.between(period.start, period.end)
    )
    if scope.unit_id is not None:
        stmt = stmt.where(Event.organizer_id == scope.unit_id)
    return stmt


def period_participations(session: Session, period: Period,
                          events: Select | None = None,  # type: ignore[type-arg]
                          attendance: Attendance | None = None) -> list[ParticipationRow]:
    """The participations in the period's live events — one pass, shared by every figure of
    the call (see ``figures.memo``) — optionally only those of ``events`` (a SELECT of event
    ids, run once per call too) and of one attendance status, in id order.

    A few events (委员之家, 学习) asked for before the whole pass is loaded are read on
    their own: a report asking for one such figure per call must not pay for the pass."""
    whole = ("participations", period.start, period.end)
    use_pass = events is None or memoized(session, whole)
    rows: list[ParticipationRow] = []
    if use_pass:
        rows = memo(session, whole, lambda: _participations(session, period))
        if attendance is not None:  # the pass split by status once, not filtered per figure
            rows = memo(session, (*whole, "by status"), lambda: _by_status(rows)).get(
                attendance.value, [])
            attendance = None
    if events is not None:
        compiled = events.compile()
        key = (compiled.string, tuple(compiled.params.items()))
        if use_pass:
            wanted: frozenset[int] = memo(
                session, ("event ids", *key),
                lambda: frozenset(session.connection().execute(events).scalars()))
            rows = [r for r in rows if r[1] in wanted]
        else:
            rows = memo(session, ("participations of", *key),
                        lambda: _participations(session, period, events))
    if attendance is not None:
        status = attendance.value
        rows = [r for r in rows if r[3] == status]
    return rows


def _by_status(rows: list[ParticipationRow]) -> dict[str, list[ParticipationRow]]:
    """The rows of each attendance status, each list in the rows' (id) order."""
    out: dict[str, list[ParticipationRow]] = {}
    for row in rows:
        out.setdefault(row[3], []).append(row)
    return out


def _participations(session: Session, period: Period,
                    events: Select | None = None,  # type: ignore[type-arg]
                    ) -> list[ParticipationRow]:
    # the stored status as text: no enum conversion for 600,000 rows (compared with .value)
    stmt = (select(Participation.id, Participation.event_id, Participation.member_id,
                   type_coerce(Participation.attendance, String), Event.kind_id,
                   Event.organizer_id, type_coerce(Participation.role, String))
            .join(Event, Event.id == Participation.event_id)
            .where(Event.deleted_at.is_(None), Event.start_on.between(period.start, period.end)))
    if events is not None:
        stmt = stmt.where(Participation.event_id.in_(events))
    # In id order, sorted here: the rows come nearly sorted (by event), which Python sorts
    # in a few ms where SQLite's ORDER BY built a temporary B-tree (12 ms for a city's year).
    rows: list[ParticipationRow] = driver_rows(session, stmt)  # type: ignore[assignment]
    rows.sort()
    if events is None:  # every participation of the period: the 履职考核 groups need no query
        offer_participations(session, period.start, period.end,
                             lambda: map(itemgetter(2, 4, 5, 3, 6), rows))
    return rows


def _scoped_events(period: Period, scope: Scope) -> Select | None:  # type: ignore[type-arg]
    """None for the whole committee (every event of the period), else the unit's events."""
    return None if scope.unit_id is None else events_in(period, scope)


def _family_figure(family: EventFamily) -> None:
    @figure(f"events.{family.value}", f"{family.label}活动", "次", "events",
            f"统计期间内开始的、类型属于“{family.label}”类的会议活动次数。", "会议活动")
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        return events_in(period, scope).join(EventKind).where(EventKind.family == family)


for _family in EventFamily:
    _family_figure(_family)


@figure("events.total", "会议活动总数", "次", "events",
        "统计期间内开始的全部会议、协商和履职活动次数。", "会议活动")
def events_total(session: Session, period: Period, scope: Scope) -> FigureResult:
    return events_in(period, scope)


# The quantities an event records (what the 服务为民 figures add up), in this order
EVENT_QUANTITIES = ("guests", "people_served", "deeds_done", "funds_raised", "beneficiaries")
# One event of the period: (id, start date as the driver gives it, kind id, family code,
# organiser id, *EVENT_QUANTITIES as the driver gives them)
EventRow = tuple[Any, ...]


def period_events(session: Session, period: Period) -> list[EventRow]:
    """The period's live events with their kind, family, organiser and quantities, in
    (date, id) order — the date index's order, which the committee's event statements give
    — read once per call (``figures.memo``) for the ids passes of the event figures."""
    def load() -> list[EventRow]:
        stmt = built(("period events", period), lambda: (
            select(Event.id, Event.start_on, Event.kind_id,
                   type_coerce(EventKind.family, String), Event.organizer_id,
                   *(getattr(Event, name) for name in EVENT_QUANTITIES))
            .outerjoin(EventKind, EventKind.id == Event.kind_id)
            .where(Event.deleted_at.is_(None),
                   Event.start_on.between(period.start, period.end))))
        rows: list[EventRow] = driver_rows(session, stmt)  # type: ignore[assignment]
        rows.sort(key=itemgetter(1, 0))
        return rows

    return memo(session, ("period events", period.start, period.end), load)


@ids_of("events.total", *(f"events.{family.value}" for family in EventFamily))
def event_ids(session: Session, period: Period, scope: Scope
              ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """The period's events read once (``period_events``), split into 会议活动总数 and each
    family's figure — in the order their own statements give: the date index's (date, id)
    for the total; each family's kinds in id order, each kind's events by (date, id) for a
    family (the kind-and-date index). For the committee only: a unit's statements choose
    their own index."""
    if scope.unit_id is not None:
        return None
    rows = period_events(session, period)
    out: dict[str, tuple[Number, Sequence[int]]] = {
        "events.total": (len(rows), [r[0] for r in rows])}
    by_family: dict[str, list[tuple[int, int]]] = {f.value: [] for f in EventFamily}
    for event_id, _day, kind_id, family, *_rest in rows:
        if family in by_family:
            by_family[family].append((kind_id, event_id))
    for family, found in by_family.items():
        found.sort(key=lambda r: r[0])  # stable: each kind's events stay in (date, id) order
        out[f"events.{family}"] = (len(found), [event_id for _kind, event_id in found])
    return out


@figure("participations.present", "委员出席", "人次", "participations",
        "统计期间内会议活动中出席状态为“出席”的委员人次。", "会议活动")
def participations_present(session: Session, period: Period, scope: Scope) -> FigureResult:
    rows = period_participations(session, period, _scoped_events(period, scope),
                                 Attendance.PRESENT)
    return len(rows), [r[0] for r in rows]


@figure("outcomes.reports", "形成报告", "篇", "outcomes",
        "统计期间内会议活动形成的协商报告、调研报告、视察报告篇数（按形成日期，缺省按活动日期）。",
        "会议活动")
def outcomes_reports(session: Session, period: Period, scope: Scope) -> FigureResult:
    from app.reports.defs_outcomes import REPORT_KINDS, outcomes_in

    return outcomes_in(period, scope, *REPORT_KINDS)


# ----- attendance ----------------------------------------------------------------------------
ATTENDANCE = "出勤"


def _attendance_figure(status: Attendance, key: str) -> None:
    @figure(f"participations.{key}", f"委员{status.label}", "人次", "participations",
            f"统计期间内会议活动中出席状态为“{status.label}”的委员人次。", ATTENDANCE)
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        rows = period_participations(session, period, _scoped_events(period, scope), status)
        return len(rows), [r[0] for r in rows]


_attendance_figure(Attendance.EXCUSED, "excused")
_attendance_figure(Attendance.ABSENT, "absent")


@figure("participations.attendance_rate", "出席率", "%", "participations",
        "出席人次 ÷（出席 + 请假 + 缺席人次）× 100，保留一位小数；明细为出席的参加记录。",
        ATTENDANCE)
def attendance_rate(session: Session, period: Period, scope: Scope) -> FigureResult:
    from app.reports.figures import ratio

    invited = period_participations(session, period, _scoped_events(period, scope))
    status = Attendance.PRESENT.value
    present = [r[0] for r in invited if r[3] == status]
    return ratio(len(present), len(invited)), present


def _kind_rate(kind: str, key: str, who: str) -> None:
    """The attendance rate of one kind of meeting (全体会议, 常委会议): the rate a work report
    gives for the meetings every member (or every 常委) is expected at."""
    @figure(f"participations.{key}", f"{kind}出席率", "%", "participations",
            f"统计期间内类型为“{kind}”的会议中，{who}出席人次 ÷（出席 + 请假 + 缺席人次）× 100，"
            "保留一位小数；明细为出席的参加记录。", ATTENDANCE)
    def compute(session: Session, period: Period, scope: Scope) -> FigureResult:
        from app.reports.figures import ratio

        events = events_in(period, scope).join(EventKind).where(EventKind.name == kind)
        invited = period_participations(session, period, events)
        present = [r[0] for r in invited if r[3] == Attendance.PRESENT.value]
        return ratio(len(present), len(invited)), present


# (kind of meeting, key): the value pass (defs_passes.participation_counts) counts them too
KIND_RATES = (("全体会议", "participations.plenary_rate"),
              ("常委会议", "participations.standing_rate"))
_kind_rate("全体会议", "plenary_rate", "委员")
_kind_rate("常委会议", "standing_rate", "常委")


@figure("participations.members", "参加履职活动的委员", "人", "members",
        "统计期间内至少出席过一次会议活动的委员人数（一人只计一次）。", ATTENDANCE)
def participations_members(session: Session, period: Period, scope: Scope) -> FigureResult:
    rows = period_participations(session, period, _scoped_events(period, scope),
                                 Attendance.PRESENT)
    members = sorted({r[2] for r in rows})
    return len(members), members


PARTICIPATION_KEYS = ("participations.present", "participations.excused",
                      "participations.absent", "participations.attendance_rate",
                      "participations.members")
