"""Ids passes (``figures.ids_of``) over the period's participations and events: the
attendance figures (出席/请假/缺席/出席率/参加的委员, and those of a set of events — 学习培训,
委员之家, the 全体会议/常委会议 rates) from one read of the participations, and the sums of the
events' quantities from the period's events (``defs_events.period_events``) — instead of one
statement per figure. The definitions stay in defs_events.py and defs_activities.py;
tests/reports/test_figure_id_passes.py and test_figure_id_pass_edges.py check that each figure
of a pass is its definition.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.domain.enums import Attendance, EventFamily, UnitKind
from app.reports.defs_activities import (
    QUANTITIES,
    kind_names,
    organizer_kinds,
    quantities_key,
)
from app.reports.defs_events import (
    KIND_RATES,
    PARTICIPATION_KEYS,
    period_events,
    period_participations,
)
from app.reports.figures import Number, ids_of, memo
from app.reports.period import Period, Scope

# ----- the participation figures in one read (figures.ids_of) ----------------------------
ATTENDANCE_SET_KEYS = ("study.attendance", "homes.participants", "homes.members",
                       *(key for _name, key in KIND_RATES))


def _reads_the_period(asked: frozenset[str]) -> bool:
    """The pass reads every participation of the period: worth it when a figure of the whole
    period is asked. The figures of a set of events alone (a work report's 学习培训,
    委员之家 and 全体会议 rates) read only their events' participations one by one
    (``period_participations(events=…)``), a tenth of the rows of a city's year."""
    return not asked.isdisjoint(PARTICIPATION_KEYS)


@ids_of(*PARTICIPATION_KEYS, *ATTENDANCE_SET_KEYS, worth=_reads_the_period)
def participation_ids(session: Session, period: Period, scope: Scope
                      ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """出席/请假/缺席/出席率/参加的委员 and the figures of a set of the period's events —
    参加学习培训 (study events), 委员之家 (events organised by a 委员之家), the 全体会议/常委会议
    rates (events of that kind) — from one read of the period's participations
    (``period_participations``, in id order: every list below keeps it, which is the
    definitions' order), the events' family, kind and organiser coming from the period's
    events (``period_events``) instead of one statement of event ids per figure. A few
    list comprehensions over the 61,000 rows of a city's year, each a few ms: the rows of the
    special events are picked out once and split. The pass also reads the participations
    before the 履职考核 figures, whose engine then counts those rows instead of sending its
    GROUP BY (``scoring.queries.offer_participations``). For the committee only (a unit's
    figures read the unit's participations)."""
    if scope.unit_id is not None:
        return None
    from app.reports.figures import ratio

    rows = period_participations(session, period)
    status = Attendance.PRESENT.value
    present = [r for r in rows if r[3] == status]
    others = [r for r in rows if r[3] != status] if len(present) < len(rows) else []
    present_ids = [r[0] for r in present]
    members = sorted({r[2] for r in present})
    out: dict[str, tuple[Number, Sequence[int]]] = {
        "participations.present": (len(present_ids), present_ids),
        "participations.attendance_rate": (ratio(len(present_ids), len(rows)), present_ids),
        "participations.members": (len(members), members)}
    for value, key in ((Attendance.EXCUSED.value, "participations.excused"),
                       (Attendance.ABSENT.value, "participations.absent")):
        found = [r[0] for r in others if r[3] == value]
        out[key] = (len(found), found)
    study, homes, of_kind = _attendance_sets(session, period)
    special = study | homes
    picked = [r for r in present if r[1] in special]
    studied = [r[0] for r in picked if r[1] in study]
    at_home = [r for r in picked if r[1] in homes]
    home_members = sorted({r[2] for r in at_home})
    out["study.attendance"] = (len(studied), studied)
    out["homes.participants"] = (len(at_home), [r[0] for r in at_home])
    out["homes.members"] = (len(home_members), home_members)
    rated = set().union(*of_kind.values())
    meetings = [r for r in rows if r[1] in rated]
    for name, key in KIND_RATES:
        events = of_kind[name]
        invited = [r for r in meetings if r[1] in events]
        came = [r[0] for r in invited if r[3] == status]
        out[key] = (ratio(len(came), len(invited)), came)
    return out


def _attendance_sets(session: Session, period: Period
                     ) -> tuple[set[int], set[int], dict[str, set[int]]]:
    """The period's study events (``study.attendance``), events organised by a 委员之家
    (``_organized_by``: any unit of that kind, deleted or not, as the definition's join) and
    the events of each kind of ``KIND_RATES``, from the period's events read once."""
    named, organizers_of = kind_names(session), organizer_kinds(session)
    home, study_family = UnitKind.MEMBER_HOME.value, EventFamily.STUDY.value
    wanted = {name: named.get(name, set()) for name, _key in KIND_RATES}
    study: set[int] = set()
    homes: set[int] = set()
    of_kind: dict[str, set[int]] = {name: set() for name, _key in KIND_RATES}
    for event_id, _day, kind_id, family, organizer_id, *_quantities in period_events(
            session, period):
        if family == study_family:
            study.add(event_id)
        if organizer_id is not None and organizers_of.get(organizer_id) == home:
            homes.add(event_id)
        for name, kinds in wanted.items():
            if kind_id in kinds:
                of_kind[name].add(event_id)
    return study, homes, of_kind


# ----- the quantity figures from the period's events (figures.ids_of) -----------------------
QUANTITY_KEYS = ("activities.fellowship_guests", "service.people", "service.deeds",
                 "service.funds", "service.beneficiaries", "homes.people_served")


@ids_of(*QUANTITY_KEYS)
def quantity_ids(session: Session, period: Period, scope: Scope
                 ) -> dict[str, tuple[Number, Sequence[int]]] | None:
    """The sums of the events' quantities (联谊活动的各界人士, 服务群众, 办好事实事, 筹集资金,
    受益人数, 委员之家服务群众) from their own definitions, the rows of ``_quantities`` (the
    events with any quantity, in (date, id) order, with their family and organiser's kind)
    taken from the period's events read once (``period_events``) instead of their own read.
    筹集资金 comes as SQLAlchemy gives a NUMERIC(14, 2): a Decimal with two places. For the
    committee only (a unit's rows are the unit's events)."""
    if scope.unit_id is not None:
        return None
    from app.reports.figures import lookup

    organizers_of = organizer_kinds(session)
    funds = 5 + QUANTITIES.index("funds_raised")
    rows: list[tuple[Any, ...]] = []
    for r in period_events(session, period):
        if max(r[5:]) > 0:  # any quantity recorded (as ``_quantities``' condition)
            found = list(r[5:])
            found[funds - 5] = _two_places(r[funds])
            rows.append((r[0], r[3], None if r[4] is None else organizers_of.get(r[4]),
                         *found))
    memo(session, quantities_key(period, scope), lambda: rows)
    return {key: lookup(key).compute(session, period, scope) for key in QUANTITY_KEYS}


def _two_places(value: Any) -> Decimal:
    """A NUMERIC(14, 2) as the driver gives it (a Decimal on PostgreSQL, an int or float on
    SQLite) as SQLAlchemy's Numeric gives it: a Decimal with two places."""
    return value if isinstance(value, Decimal) else Decimal(f"{value:.2f}")
