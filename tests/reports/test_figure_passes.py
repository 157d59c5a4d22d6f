"""The participation figures come from one pass over the period's participations (issue 15);
each must still equal its own query, ids included, for the committee and for one unit, on
SQLite and PostgreSQL — and the pass must not outlive the ``compute`` call."""

from __future__ import annotations

from sqlalchemy import func, select

from app.domain.enums import Attendance, EventFamily, UnitKind
from app.models import Event, EventKind, Participation, Unit
from app.reports.defs_passes import participation_counts
from app.reports.figures import compute, ratio
from app.reports.period import Period, Scope
from app.scoring.queries import cached_participation_groups, participation_groups
from tests.reports.conftest import ReportDemo, event_selects

KEYS = ["participations.present", "participations.excused", "participations.absent",
        "participations.attendance_rate", "participations.members", "study.attendance",
        "homes.participants", "homes.members"]


def _expected(demo: ReportDemo, period: Period, unit_id: int | None
              ) -> dict[str, tuple[object, set[int]]]:
    """The same figures, each from its own query (the definitions before the pass)."""
    events, homes = event_selects(period, unit_id)
    study = events.join(EventKind).where(EventKind.family == EventFamily.STUDY)

    def ids(column: object, among: object, status: Attendance) -> set[int]:
        with demo.db.reader() as s:
            return set(s.scalars(select(column).where(  # type: ignore[call-overload]
                Participation.event_id.in_(among), Participation.attendance == status)))

    present = ids(Participation.id, events, Attendance.PRESENT)
    with demo.db.reader() as s:
        invited = s.scalar(select(func.count(Participation.id)).where(
            Participation.event_id.in_(events))) or 0
    members = ids(Participation.member_id, events, Attendance.PRESENT)
    home_members = ids(Participation.member_id, homes, Attendance.PRESENT)
    return {
        "participations.present": (len(present), present),
        "participations.excused": (None, ids(Participation.id, events, Attendance.EXCUSED)),
        "participations.absent": (None, ids(Participation.id, events, Attendance.ABSENT)),
        "participations.attendance_rate": (ratio(len(present), invited), present),
        "participations.members": (len(members), members),
        "study.attendance": (None, ids(Participation.id, study, Attendance.PRESENT)),
        "homes.participants": (None, ids(Participation.id, homes, Attendance.PRESENT)),
        "homes.members": (len(home_members), home_members),
    }


def _check(demo: ReportDemo, period: Period, scope: Scope) -> None:
    values = compute(demo.db, KEYS, period, scope)
    for key, (value, ids) in _expected(demo, period, scope.unit_id).items():
        got = values[key]
        assert set(got.ids) == ids, key
        assert len(got.ids) == len(ids), key  # no id twice
        assert got.value == (len(ids) if value is None else value), key


def test_participation_figures_match_their_own_queries(report_demo: ReportDemo) -> None:
    period = Period.year(2025)
    values = compute(report_demo.db, KEYS, period)
    assert values["participations.present"].value > 0
    assert values["homes.participants"].value > 0
    assert values["participations.excused"].value > 0
    _check(report_demo, period, Scope())


def test_participation_figures_of_one_unit(report_demo: ReportDemo) -> None:
    period = Period.year(2025)
    with report_demo.db.reader() as s:
        # the unit organising most events, and a unit with 委员之家 under it
        busiest = s.execute(select(Event.organizer_id).where(
            Event.start_on.between(period.start, period.end), Event.organizer_id.is_not(None))
            .group_by(Event.organizer_id).order_by(func.count().desc()).limit(1)).scalar_one()
        parent = s.scalars(select(Unit.parent_id).where(
            Unit.kind == UnitKind.MEMBER_HOME, Unit.parent_id.is_not(None)).limit(1)).first()
    _check(report_demo, period, Scope(unit_id=busiest))
    if parent is not None:
        _check(report_demo, period, Scope(unit_id=parent))


def test_the_pass_does_not_outlive_the_call(report_demo: ReportDemo) -> None:
    """Two periods in a row, and the session's memo is gone after each call."""
    first = compute(report_demo.db, ["participations.present"], Period.year(2024))
    second = compute(report_demo.db, ["participations.present"], Period.year(2025))
    assert set(first["participations.present"].ids).isdisjoint(
        second["participations.present"].ids)
    _check(report_demo, Period.year(2024), Scope())


def test_the_pass_from_the_scoring_totals_groups(report_demo: ReportDemo) -> None:
    """With a 履职考核 figure in the same call, the pass counts the participation groups the
    totals have read (``scoring.queries.participation_groups``) instead of its own aggregate:
    the same values, for the committee and for each organiser of the year."""
    period = Period.year(2025)
    with report_demo.db.reader() as s:
        units = s.scalars(select(Event.organizer_id).where(
            Event.start_on.between(period.start, period.end), Event.organizer_id.is_not(None))
            .distinct()).all()
        for scope in [Scope(), *(Scope(unit_id=u) for u in units)]:
            alone = participation_counts(s, period, scope)
            assert cached_participation_groups(s, period.start, period.end) is None
            participation_groups(s, period.start, period.end)
            shared = participation_counts(s, period, scope)
            s.info.clear()
            assert shared is not None and alone is not None
            assert shared == alone, scope
            assert all(isinstance(shared[k], type(alone[k])) for k in alone)
    assert len(units) > 5
    # through ``compute``: the scoring figure first or last, the same values either way
    for keys in (["scoring.assessed", *KEYS], [*KEYS, "scoring.assessed"]):
        values = compute(report_demo.db, keys, period)
        assert values["scoring.assessed"].value > 0
    _check(report_demo, period, Scope())
    both = compute(report_demo.db, [*KEYS, "scoring.assessed"], period)
    alone_values = compute(report_demo.db, KEYS, period)
    assert {k: both[k].value for k in KEYS} == {k: v.value for k, v in alone_values.items()}
    assert {k: sorted(both[k].ids) for k in KEYS} == {
        k: sorted(v.ids) for k, v in alone_values.items()}
