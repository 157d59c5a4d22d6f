"""Value passes (``figures.values_of``): the values of the event and participation figures
of one period in two or three GROUP BY queries instead of one query per figure.

Each pass mirrors the definitions it stands for (defs_events.py, defs_activities.py), and
tests/reports/test_figure_sets.py checks every value against the definition's own ids. The ids
are never read here: a figure's ids come from its definition when they are asked for.
With a unit in scope the 委员之家/委员工作室 figures (organised by the unit *or the units under
it*) are left to their definitions.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import ColumnElement, String, and_, case, distinct, func, select, type_coerce
from sqlalchemy.orm import Session

from app.domain.enums import Attendance, EventFamily, UnitKind
from app.models import Event, EventKind, Participation, Unit
from app.reports.defs_activities import KIND_FIGURES
from app.reports.defs_events import KIND_RATES
from app.reports.figures import Number, built, ratio, values_of
from app.reports.period import Period, Scope
from app.scoring.queries import ParticipationGroup, cached_participation_groups, unit_kinds

HOME_FIGURES = ("homes.activities", "studios.activities")
EVENT_KEYS = ("events.total", *(f"events.{f.value}" for f in EventFamily), *KIND_FIGURES,
              *HOME_FIGURES)


def _period_events(period: Period, scope: Scope) -> list[ColumnElement[bool]]:
    """The conditions of ``defs_events.events_in``."""
    where: list[ColumnElement[bool]] = [Event.deleted_at.is_(None),
                                        Event.start_on.between(period.start, period.end)]
    if scope.unit_id is not None:
        where.append(Event.organizer_id == scope.unit_id)
    return where


@values_of(*EVENT_KEYS)
def event_counts(session: Session, period: Period, scope: Scope) -> dict[str, Number]:
    """Events of the period by (kind, family, organiser's kind): every count figure of the
    会议活动 groups is a sum of some of these groups."""
    stmt = built(("event counts", period, scope), lambda: (
        select(EventKind.name, EventKind.family, Unit.kind, func.count(Event.id))
        .select_from(Event)
        .outerjoin(EventKind, EventKind.id == Event.kind_id)
        .outerjoin(Unit, Unit.id == Event.organizer_id)
        .where(*_period_events(period, scope))
        .group_by(EventKind.name, EventKind.family, Unit.kind)))
    groups = session.connection().execute(stmt).all()
    out: Counter[str] = Counter()
    for name, family, organizer, n in groups:  # family and organizer come back as enums
        out["events.total"] += n
        if family is not None:
            out[f"events.{family.value}"] += n
        if organizer is UnitKind.MEMBER_HOME:
            out["homes.activities"] += n
        elif organizer is UnitKind.MEMBER_STUDIO:
            out["studios.activities"] += n
        for key, (wanted, organizers) in KIND_FIGURES.items():
            if name == wanted and (not organizers or organizer in organizers):
                out[key] += n
    values: dict[str, Number] = {key: out[key] for key in EVENT_KEYS}
    if scope.unit_id is not None:
        for key in HOME_FIGURES:
            del values[key]
    return values


PARTICIPATION_KEYS = ("participations.present", "participations.excused",
                      "participations.absent", "participations.attendance_rate",
                      "participations.members", "study.attendance", "homes.participants",
                      "homes.members", *(key for _name, key in KIND_RATES))


@values_of(*PARTICIPATION_KEYS)
def participation_counts(session: Session, period: Period, scope: Scope
                         ) -> dict[str, Number]:
    """The period's participations counted by status, study events and 委员之家 events,
    the distinct members who attended (all, and at 委员之家), and the attendance rates of the
    全体会议 and 常委会议, in one query — or from the participation groups the 履职考核 totals
    of the same call have read already (``figures.compute`` runs the passes after the other
    definitions)."""
    groups = cached_participation_groups(session, period.start, period.end)
    if groups is not None:
        values = _from_groups(session, groups, scope)
    else:
        values = _aggregate(session, period, scope)
    if scope.unit_id is not None:
        del values["homes.participants"], values["homes.members"]
    return values


def _aggregate(session: Session, period: Period, scope: Scope) -> dict[str, Number]:
    status = type_coerce(Participation.attendance, String)
    present = status == Attendance.PRESENT.value
    study = EventKind.family == EventFamily.STUDY
    home = Unit.kind == UnitKind.MEMBER_HOME

    def count_if(*conditions: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    rates = [count for name, _key in KIND_RATES
             for count in (count_if(EventKind.name == name),
                           count_if(present, EventKind.name == name))]
    stmt = (select(func.count(Participation.id), count_if(present),
                   count_if(status == Attendance.EXCUSED.value),
                   count_if(status == Attendance.ABSENT.value),
                   count_if(present, study), count_if(present, home),
                   func.count(distinct(case((present, Participation.member_id)))),
                   func.count(distinct(case((present & home, Participation.member_id)))),
                   *rates)
            .select_from(Participation)
            .join(Event, Event.id == Participation.event_id)
            .outerjoin(EventKind, EventKind.id == Event.kind_id)
            .outerjoin(Unit, Unit.id == Event.organizer_id)
            .where(*_period_events(period, scope)))
    invited, n_present, excused, absent, n_study, n_home, members, home_members, *kinds = (
        int(v or 0) for v in session.connection().execute(stmt).one())
    values = _values(invited, n_present, excused, absent, n_study, n_home, members,
                     home_members)
    for i, (_name, key) in enumerate(KIND_RATES):
        values[key] = ratio(kinds[2 * i + 1], kinds[2 * i])
    return values


def _from_groups(session: Session, groups: list[ParticipationGroup], scope: Scope
                 ) -> dict[str, Number]:
    """The same counts from (member, kind, organiser, attendance, role, n) groups."""
    kinds = session.connection().execute(select(EventKind.id, EventKind.family,
                                                EventKind.name)).all()
    study = {kid for kid, family, _name in kinds if family is EventFamily.STUDY}
    named = {name: {kid for kid, _family, kind in kinds if kind == name}
             for name, _key in KIND_RATES}
    homes = {uid for uid, kind in unit_kinds(session).items()
             if kind == UnitKind.MEMBER_HOME.value}
    present = Attendance.PRESENT.value
    if scope.unit_id is not None:
        groups = [g for g in groups if g[2] == scope.unit_id]
    attended = [g for g in groups if g[3] == present]
    by_status: Counter[str] = Counter()
    for g in groups:
        by_status[g[3]] += g[5]
    at_home = [g for g in attended if g[2] in homes]
    values = _values(sum(by_status.values()), by_status[present],
                     by_status[Attendance.EXCUSED.value], by_status[Attendance.ABSENT.value],
                     sum(g[5] for g in attended if g[1] in study),
                     sum(g[5] for g in at_home), len({g[0] for g in attended}),
                     len({g[0] for g in at_home}))
    for name, key in KIND_RATES:
        wanted = named[name]
        values[key] = ratio(sum(g[5] for g in attended if g[1] in wanted),
                            sum(g[5] for g in groups if g[1] in wanted))
    return values


def _values(invited: int, n_present: int, excused: int, absent: int, n_study: int,
            n_home: int, members: int, home_members: int) -> dict[str, Number]:
    return {
        "participations.present": n_present, "participations.excused": excused,
        "participations.absent": absent,
        "participations.attendance_rate": ratio(n_present, invited),
        "participations.members": members, "study.attendance": n_study,
        "homes.participants": n_home, "homes.members": home_members}
