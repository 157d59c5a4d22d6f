"""当前届次 has one owner (app/services/terms.py) with its two meanings: the term set in 系统设置
(``configured_term_id``, for writes) and that term or else the latest (``current_term_id``,
for what is shown)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.db.engine import Database
from app.models import CommitteeSettings, Term
from app.services.terms import CommitteeService, configured_term_id, current_term_id


def _terms(db: Database, *numbers: int) -> dict[int, int]:
    with db.session() as s:
        rows = [Term(number=n, start_on=dt.date(2000 + 5 * n, 1, 1)) for n in numbers]
        s.add_all(rows)
        s.flush()
        return {t.number: t.id for t in rows}


def _set_current(db: Database, term_id: int | None) -> None:
    with db.session() as s:
        settings = s.scalars(select(CommitteeSettings)).one()
        settings.current_term_id = term_id


def test_without_any_term_there_is_no_current_term(db: Database) -> None:
    _set_current(db, None)
    with db.reader() as s:
        assert (configured_term_id(s), current_term_id(s)) == (None, None)
    svc = CommitteeService(db)
    assert (svc.configured_term_id(), svc.current_term_id()) == (None, None)


def test_the_latest_live_term_stands_in_only_for_what_is_shown(db: Database) -> None:
    _set_current(db, None)
    ids = _terms(db, 8, 10, 9)
    with db.reader() as s:
        assert configured_term_id(s) is None  # a write never guesses
        assert current_term_id(s) == ids[10]  # highest 届次, not the last inserted
    with db.session() as s:
        s.get(Term, ids[10]).deleted_at = dt.datetime(2026, 1, 1)
    assert CommitteeService(db).current_term_id() == ids[9]


def test_the_term_set_in_the_settings_wins(db: Database) -> None:
    ids = _terms(db, 8, 9)
    _set_current(db, ids[8])
    with db.reader() as s:
        assert (configured_term_id(s), current_term_id(s)) == (ids[8], ids[8])
    svc = CommitteeService(db)
    assert (svc.configured_term_id(), svc.current_term_id()) == (ids[8], ids[8])
