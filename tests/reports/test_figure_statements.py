"""A figure definition that builds its SELECT without reading the session is built once per
process (``figures._definition``, issue 15); its value still follows the records, and a
definition that reads the session (the 履职考核 engine, a pass) is run every time — on SQLite
and PostgreSQL, on the values path and the per-figure (ids) path."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.domain.enums import UnitKind
from app.models import Unit
from app.reports.figures import compute, is_built, lookup
from app.reports.period import Period, Scope

# Figures answered by the aggregate statement (SELECTs built from period and scope alone).
PURE = ["homes.count", "studios.count", "proposals.accepted"]


def test_kept_statements_still_follow_the_records(db: Any) -> None:
    period = Period.year(2025)
    for ids in (False, True):
        before = compute(db, [*PURE, "scoring.average"], period, ids=ids)
        assert all(is_built(lookup(key), period, Scope()) for key in PURE)
        assert not is_built(lookup("scoring.average"), period, Scope())
        with db.session() as s:
            s.add(Unit(name=f"新建委员之家{int(ids)}", kind=UnitKind.MEMBER_HOME,
                       sort_order=990))
        after = compute(db, PURE, period, ids=ids)
        assert after["homes.count"].value == before["homes.count"].value + 1
        assert len(after["homes.count"].ids) == len(before["homes.count"].ids) + 1
        assert after["studios.count"].value == before["studios.count"].value
        with db.reader() as s:
            new = s.scalar(select(Unit.id).where(Unit.name == f"新建委员之家{int(ids)}"))
        assert new in after["homes.count"].ids


def test_each_period_and_scope_has_its_own_statement(db: Any) -> None:
    with db.reader() as s:
        unit = s.scalar(select(Unit.id).where(Unit.kind == UnitKind.SPECIAL_COMMITTEE))
    whole = compute(db, ["proposals.accepted"], Period.year(2025), ids=True)
    scoped = compute(db, ["proposals.accepted"], Period.year(2025), Scope(unit_id=unit),
                     ids=True)
    other = compute(db, ["proposals.accepted"], Period.year(2024), ids=True)
    assert set(scoped["proposals.accepted"].ids) <= set(whole["proposals.accepted"].ids)
    assert set(other["proposals.accepted"].ids).isdisjoint(whole["proposals.accepted"].ids)
    again = compute(db, ["proposals.accepted"], Period.year(2025), Scope(unit_id=unit))
    assert again["proposals.accepted"].value == scoped["proposals.accepted"].value
