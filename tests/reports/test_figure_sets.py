"""The set-based registry (issue 15) against the per-figure path, on SQLite and PostgreSQL.

``compute`` answers most figures with a few aggregate statements and GROUP BY passes
(``figures.values_of``) and reads each figure's ids only when asked; ``compute(ids=True)``
runs every definition on its own, with its ids, as before. For the demo's years, a part-year
period, a "since session" period, units and one member, every figure must have the same value
(same type of number too) and the same ids, both ways.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.domain.enums import UnitKind
from app.models import Event, Participation, Unit
from app.reports.figures import (
    REGISTRY,
    SUBJECT_FIGURES,
    VALUE_PASSES,
    compute,
    figures,
    load_ids,
    subject_figures,
)
from app.reports.period import Period, Scope
from tests.reports.conftest import ReportDemo, first_member

PERIODS = [Period.year(2024), Period.year(2025),
           Period.between(dt.date(2025, 3, 15), dt.date(2025, 9, 30)),
           Period.since_session("十届四次会议", dt.date(2025, 2, 14), dt.date(2025, 12, 31))]


def _same(demo: ReportDemo, keys: list[str], period: Period, scope: Scope) -> int:
    """Both paths agree on every key; returns how many figures are not zero."""
    fast = compute(demo.db, keys, period, scope)
    slow = compute(demo.db, keys, period, scope, ids=True)
    assert list(fast) == list(slow) == keys
    for key in keys:
        a, b = fast[key], slow[key]
        assert a.value == b.value, (key, period.label, scope, a.value, b.value)
        # 236 and Decimal("236") print alike, but a percentage must stay a Decimal
        assert isinstance(a.value, Decimal) == isinstance(b.value, Decimal), key
        # the same records (a SELECT without ORDER BY may list them in another order on
        # PostgreSQL, run to run, on either path)
        assert sorted(a.ids) == sorted(b.ids), (key, period.label, scope)
        assert (a.label, a.unit, a.entity, a.definition) == (b.label, b.unit, b.entity,
                                                              b.definition)
    return sum(1 for v in slow.values() if v.value)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_every_figure_agrees_with_its_own_query(report_demo: ReportDemo, period: Period
                                                ) -> None:
    keys = [f.key for f in figures()]
    nonzero = _same(report_demo, keys, period, Scope())
    assert nonzero > len(keys) // 2  # the comparison is about real numbers, not zeros


def test_units_agree(report_demo: ReportDemo) -> None:
    period = Period.year(2025)
    with report_demo.db.reader() as s:
        busiest = s.execute(select(Event.organizer_id).where(
            Event.start_on.between(period.start, period.end), Event.organizer_id.is_not(None))
            .group_by(Event.organizer_id).order_by(func.count().desc()).limit(1)).scalar_one()
        parent = s.scalars(select(Unit.parent_id).where(
            Unit.kind == UnitKind.MEMBER_HOME, Unit.parent_id.is_not(None)).limit(1)).first()
    keys = [f.key for f in figures()]
    assert _same(report_demo, keys, period, Scope(unit_id=busiest)) > 10
    if parent is not None:
        _same(report_demo, keys, period, Scope(unit_id=parent))


def test_one_members_figures_agree(report_demo: ReportDemo) -> None:
    keys = [f.key for f in subject_figures("member")]
    period = Period.year(2025)
    with report_demo.db.reader() as s:  # the member who attended most in 2025
        busiest = s.execute(select(Participation.member_id).join(Event).where(
            Event.start_on.between(period.start, period.end))
            .group_by(Participation.member_id).order_by(func.count().desc()).limit(1)
        ).scalar_one()
    assert _same(report_demo, keys, period, Scope(member_id=busiest)) > 3
    _same(report_demo, keys, period, Scope(member_id=first_member(report_demo)))


def test_ids_are_read_only_when_asked_for(report_demo: ReportDemo) -> None:
    period = Period.year(2025)
    keys = ["events.total", "participations.present", "outcomes.items", "opinions.adopted"]
    values = compute(report_demo.db, keys, period)
    assert not any(v.ids_loaded for v in values.values())
    assert values["events.total"].ids  # one figure on its own …
    assert values["events.total"].ids_loaded and not values["outcomes.items"].ids_loaded
    load_ids(report_demo.db, values.values())  # … and the rest in one session
    assert all(v.ids_loaded for v in values.values())
    eager = compute(report_demo.db, keys, period, ids=True)
    for key in keys:
        assert values[key].value == eager[key].value
        assert sorted(values[key].ids) == sorted(eager[key].ids)


def test_every_pass_names_registered_figures(report_demo: ReportDemo) -> None:
    figures()  # loads the definitions
    unknown = [key for key in VALUE_PASSES if key not in REGISTRY and key not in SUBJECT_FIGURES]
    assert not unknown
    period, scope = Period.year(2025), Scope()
    with report_demo.db.reader() as s:
        for run in set(VALUE_PASSES.values()):
            given = run(s, period, scope)
            assert given is not None
            # a pass gives exactly the figures it is registered for
            assert set(given) == {k for k, r in VALUE_PASSES.items() if r is run}
