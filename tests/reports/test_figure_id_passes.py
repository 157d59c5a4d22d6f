"""The ids passes (``figures.ids_of``, issue 15): the per-figure path reads the period's
events, participations, proposals, outcomes, forwards and opinion reports once each and
splits them into the figures' ids, on SQLite and PostgreSQL. Every figure a pass answers must
have the value its own definition gives (same type of number) and the same ids — in the same
order on SQLite, where the definition's order is its plan's; PostgreSQL lists a SELECT
without ORDER BY in any order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import String, event, select, type_coerce

from app.domain.enums import UnitKind
from app.models import Event, Participation, Unit
from app.reports.figures import IDS_PASSES, compute, figures
from app.reports.period import Period, Scope
from app.scoring.queries import offer_participations, participation_groups
from tests.reports.conftest import ReportDemo

PERIODS = [Period.year(2024), Period.year(2025),
           Period.between(dt.date(2025, 3, 15), dt.date(2025, 9, 30))]
figures()  # loads the definitions, and with them the passes
PASSES = sorted({fn.__name__: fn for fn in IDS_PASSES.values()}.items())
PASS_KEYS = list(IDS_PASSES)


def _definition(demo: ReportDemo, key: str, period: Period, scope: Scope) -> Any:
    """The figure computed with its own definition only (one key: no pass runs)."""
    return compute(demo.db, [key], period, scope, ids=True)[key]


def test_every_pass_is_registered() -> None:
    assert {name for name, _ in PASSES} == {"event_ids", "cohort_ids", "outcome_ids",
                                            "forward_ids", "report_ids", "participation_ids",
                                            "kind_ids", "submitter_ids",
                                            "quantity_ids", "media_ids", "publication_ids",
                                            "session_ids"}
    assert len([k for k in PASS_KEYS if k.startswith("events.")]) == 10
    assert {"proposals.received", "proposals.reply_rate", "proposals.withdrawn",
            "outcomes.items", "opinions.adopted_national", "opinions.bulletin_issues"} <= set(
        PASS_KEYS)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
@pytest.mark.parametrize(("name", "run"), PASSES, ids=[name for name, _ in PASSES])
def test_a_pass_gives_each_figure_its_own_definitions_ids(
        report_demo: ReportDemo, backend: str, period: Period, name: str, run: Any) -> None:
    with report_demo.db.reader() as session:
        passed = run(session, period, Scope())
    assert passed is not None
    assert set(passed) == {k for k, fn in IDS_PASSES.items() if fn is run}
    nonzero = 0
    for key, (value, ids) in passed.items():
        own = _definition(report_demo, key, period, Scope())
        assert value == own.value, (key, period.label, value, own.value)
        assert isinstance(value, Decimal) == isinstance(own.value, Decimal), key
        if backend == "sqlite":
            assert tuple(ids) == own.ids, (key, period.label)
        else:
            assert sorted(ids) == sorted(own.ids), (key, period.label)
        nonzero += bool(value)
    assert nonzero >= len(passed) // 2  # about real numbers, not zeros


def test_the_per_figure_path_uses_one_read_for_the_figures_of_a_pass(
        report_demo: ReportDemo) -> None:
    period, keys = Period.year(2025), PASS_KEYS
    own = {key: _definition(report_demo, key, period, Scope()) for key in keys}
    statements: list[str] = []

    def note(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        statements.append(sql)

    engine = report_demo.db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        together = compute(report_demo.db, keys, period, ids=True)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    # one read per pass — the kinds' and the quantities' share the events' (the kinds' reads
    # the kind names and the units' kinds); 本级编发's is the issued reports'; the 采用率's the
    # seated members' — instead of one statement per figure
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == len(
        PASSES) + 2 < len(keys) // 5
    for key in keys:
        assert together[key].value == own[key].value, key
        assert sorted(together[key].ids) == sorted(own[key].ids), key


def test_a_unit_or_a_session_period_runs_the_definitions(report_demo: ReportDemo) -> None:
    with report_demo.db.reader() as s:
        unit = s.scalar(select(Unit.id).where(Unit.kind == UnitKind.SPECIAL_COMMITTEE))
    session_period = Period.since_session("十届四次会议", dt.date(2025, 2, 14),
                                          dt.date(2025, 12, 31))
    cases = [(Period.year(2025), Scope(unit_id=unit)), (session_period, Scope())]
    with report_demo.db.reader() as session:
        assert IDS_PASSES["events.total"](session, *cases[0]) is None
        assert IDS_PASSES["proposals.received"](session, *cases[0]) is None
        assert IDS_PASSES["proposals.received"](session, *cases[1]) is None
    for period, scope in cases:
        keys = ["events.total", "events.meeting", "proposals.received", "proposals.accepted"]
        together = compute(report_demo.db, keys, period, scope, ids=True)
        for key in keys:
            own = _definition(report_demo, key, period, scope)
            assert (together[key].value, sorted(together[key].ids)) == (
                own.value, sorted(own.ids)), key


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_offered_participations_give_the_groups_of_the_group_by(
        report_demo: ReportDemo, period: Period) -> None:
    """The 履职考核 groups counted from the participations the figures have read
    (``offer_participations``) are the GROUP BY's groups."""
    with report_demo.db.reader() as s:
        queried = participation_groups(s, period.start, period.end)
    with report_demo.db.reader() as s:
        rows = s.execute(select(
            Participation.member_id, Event.kind_id, Event.organizer_id,
            type_coerce(Participation.attendance, String),
            type_coerce(Participation.role, String))
            .join(Event, Event.id == Participation.event_id)
            .where(Event.deleted_at.is_(None),
                   Event.start_on.between(period.start, period.end))).all()
        offer_participations(s, period.start, period.end, lambda: (tuple(r) for r in rows))
        counted = participation_groups(s, period.start, period.end)
    assert len(queried) > 50
    assert sorted(counted, key=repr) == sorted(queried, key=repr)


def test_the_scoring_figures_count_the_participations_the_pass_read(
        report_demo: ReportDemo) -> None:
    """With the participation figures in the call, the per-figure path reads the
    participations first and the 履职考核 engine counts them: no GROUP BY of the
    participations is sent, and every figure is what it is on its own."""
    period = Period.year(2025)
    scoring = [f.key for f in figures("履职考核")]
    keys = [*scoring, "participations.present", "participations.members"]
    statements: list[str] = []

    def note(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        statements.append(sql)

    def grouped() -> list[str]:
        return [sql for sql in statements if "GROUP BY participations.member_id" in sql]

    engine = report_demo.db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        alone = compute(report_demo.db, scoring, period, ids=True)
        assert len(grouped()) == 1  # on its own, the engine sends its GROUP BY
        statements.clear()
        together = compute(report_demo.db, keys, period, ids=True)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert grouped() == []
    assert any("participations.role" in sql for sql in statements)
    for key in scoring:
        assert together[key].value == alone[key].value, key
        assert together[key].ids == alone[key].ids, key
    assert together["scoring.assessed"].value > 0
