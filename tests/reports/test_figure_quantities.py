"""The 服务为民 / 联谊 / 委员之家 quantity sums come from one pass over the period's events
(defs_activities._quantities, issue 15); each must still equal its own query — value, and the
contributing events in date order — for the committee and for one unit, on SQLite and
PostgreSQL, on the values path and the per-figure (ids) path."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from app.domain.enums import EventFamily, UnitKind
from app.models import Event, EventKind, Unit
from app.reports.figures import compute
from app.reports.period import Period, Scope
from tests.reports.conftest import ReportDemo, event_selects

COLUMNS: dict[str, tuple[Any, EventFamily | None]] = {
    "service.people": (Event.people_served, None),
    "service.deeds": (Event.deeds_done, None),
    "service.funds": (Event.funds_raised, None),
    "service.beneficiaries": (Event.beneficiaries, None),
    "activities.fellowship_guests": (Event.guests, EventFamily.OUTREACH),
}
KEYS = [*COLUMNS, "homes.people_served"]


def _expected(demo: ReportDemo, period: Period, unit_id: int | None
              ) -> dict[str, tuple[object, list[int]]]:
    """Each sum from its own query: the definitions before the pass."""
    events, homes = event_selects(period, unit_id)
    out: dict[str, tuple[object, list[int]]] = {}
    with demo.db.reader() as s:
        for key, (column, family) in COLUMNS.items():
            stmt = select(Event.id, column).where(Event.id.in_(events), column > 0)
            if family is not None:
                stmt = stmt.join(EventKind).where(EventKind.family == family)
            rows = s.execute(stmt.order_by(Event.start_on, Event.id)).all()
            total = sum((r[1] for r in rows), start=0)
            if key == "service.funds":
                total = Decimal(total) / Decimal(10000)
            out[key] = (total, [r[0] for r in rows])
        rows = s.execute(select(Event.id, Event.people_served).where(
            Event.id.in_(homes), Event.people_served > 0)
            .order_by(Event.start_on, Event.id)).all()
        out["homes.people_served"] = (sum(r[1] for r in rows), [r[0] for r in rows])
    return out


def _check(demo: ReportDemo, period: Period, scope: Scope) -> None:
    expected = _expected(demo, period, scope.unit_id)
    for ids in (False, True):
        values = compute(demo.db, KEYS, period, scope, ids=ids)
        for key, (value, records) in expected.items():
            got = values[key]
            assert list(got.ids) == records, (key, ids)
            assert got.value == value, (key, ids)
            assert type(got.value) is type(value), (key, ids)


def test_quantity_sums_match_their_own_queries(report_demo: ReportDemo) -> None:
    period = Period.year(2025)
    values = compute(report_demo.db, KEYS, period)
    assert values["service.people"].value > 0
    assert values["homes.people_served"].value > 0
    _check(report_demo, period, Scope())
    _check(report_demo, Period.year(2024), Scope())


def test_quantity_sums_of_one_unit(report_demo: ReportDemo) -> None:
    period = Period.year(2025)
    with report_demo.db.reader() as s:
        # the unit organising most events with people served, and a unit with 委员之家 under it
        busiest = s.execute(select(Event.organizer_id).where(
            Event.start_on.between(period.start, period.end), Event.organizer_id.is_not(None),
            Event.people_served > 0)
            .group_by(Event.organizer_id).order_by(func.count().desc()).limit(1)).scalar_one()
        parent = s.scalars(select(Unit.parent_id).where(
            Unit.kind == UnitKind.MEMBER_HOME, Unit.parent_id.is_not(None)).limit(1)).first()
    _check(report_demo, period, Scope(unit_id=busiest))
    if parent is not None:
        _check(report_demo, period, Scope(unit_id=parent))
