"""``reports.live.live``: the “not deleted” condition that SQLite may not look up in the
``deleted_at`` index (the sampled statistics make that index look selective while nearly
every row is NULL) — rendered ``+column IS NULL`` on SQLite, plainly on PostgreSQL, kept by
SQLAlchemy's statement cache, and still leaving the deleted rows out, on both backends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from app.domain.enums import OutcomeKind
from app.models import Event, EventKind, Outcome
from app.reports.defs_outcomes import outcomes_in
from app.reports.figures import compute
from app.reports.live import live
from app.reports.period import Period, Scope


def test_rendering_per_backend() -> None:
    stmt = select(Outcome.id).join(Event).where(live(Event.deleted_at))
    assert "WHERE +events.deleted_at IS NULL" in str(stmt.compile(dialect=sqlite.dialect()))
    pg = str(stmt.compile(dialect=postgresql.dialect()))
    assert "WHERE events.deleted_at IS NULL" in pg and "+" not in pg
    # the same statement built twice has one cache key (compiled once per process) …
    key = select(Outcome.id).join(Event).where(live(Event.deleted_at))._generate_cache_key()
    other = select(Outcome.id).join(Event).where(live(Event.deleted_at))._generate_cache_key()
    assert key is not None and other is not None and key.key == other.key
    # … and another column another one
    start = select(Outcome.id).join(Event).where(live(Event.start_on))._generate_cache_key()
    assert start is not None and start.key != key.key


def test_deleted_records_stay_out(db: Any) -> None:
    day = dt.date(2025, 5, 6)
    period = Period.year(2025)
    with db.session() as s:
        kind = s.execute(select(EventKind.id).limit(1)).scalar_one()
        kept = Event(title="留下的活动", kind_id=kind, start_on=day)
        gone = Event(title="删除的活动", kind_id=kind, start_on=day,
                     deleted_at=dt.datetime(2025, 6, 1, 9, 0))
        for event in (kept, gone):
            event.outcomes.append(Outcome(kind=OutcomeKind.SUGGESTION, title="建议", items=2))
        s.add_all([kept, gone])
        s.flush()
        wanted = kept.outcomes[0].id
    with db.reader() as s:
        found = s.scalars(outcomes_in(period, Scope())).all()
    assert wanted in found and len(found) == 1
    for ids in (False, True):
        values = compute(db, ["outcomes.total", "outcomes.suggestions", "outcomes.items"],
                         period, ids=ids)
        assert values["outcomes.total"].value == 1
        assert values["outcomes.suggestions"].ids == (wanted,)
        assert values["outcomes.items"].value == 2
