"""``batch_rows.insert_rows`` (issue 15, import speed): on SQLite the rows go to the driver
as parameter tuples built a column at a time (``_Positional``); what the table then holds
is exactly what SQLAlchemy's own ``executemany`` of the same rows stores — dates, enums,
booleans, NULLs, the defaults of columns the rows leave out (scalar and callable) — read
back raw, without the ORM's types. Runs on SQLite and PostgreSQL (which keeps
SQLAlchemy's path: the comparison holds there too)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, text

from app.domain.enums import AuditAction, CppccPost, Gender, TermOrigin
from app.models import AuditEntry, Member, MemberTerm
from app.services import batch_rows
from app.services.batch_rows import insert_rows
from app.services.row_ids import reserve_ids


def _members(first_id: int, n: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        row: dict[str, Any] = {
            "id": first_id + i, "name": f"批量{i}",
            "gender": (Gender.MALE, Gender.FEMALE, None)[i % 3],
            "birth_date": dt.date(1970 + i, 1 + i % 12, 1 + i) if i % 4 else None,
            "mobile": f"139{i:08d}", "stroke_key": f"k{i}", "search_key": f"pl{i}"}
        if i % 2:  # a key only some rows have: the others get the column default (汉族)
            row["ethnicity"] = "回族"
        rows.append(row)
    return rows


def _raw(session: Any, table: str, ids: list[int], skip: set[str]) -> list[dict[str, Any]]:
    """The rows as stored, without the ORM's types (the text SQLite keeps for a date…)."""
    result = session.execute(text(f"SELECT * FROM {table} WHERE id IN "
                                  f"({','.join(map(str, ids))}) ORDER BY id"))
    return [{k: v for k, v in row._mapping.items() if k not in skip} for row in result]


def _core(session: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    """The same rows through SQLAlchemy's executemany (what ``insert_rows`` did before)."""
    session.connection().execute(model.__table__.insert(),
                                 batch_rows.uniform_rows(model, rows))


def test_driver_tuples_store_what_sqlalchemy_stores(db: Any, world: Any) -> None:
    with db.session() as session:
        fast_ids = reserve_ids(session, Member, 6)
        insert_rows(session, Member, _members(fast_ids[0], 6))
        core_ids = reserve_ids(session, Member, 6)
        core = _members(core_ids[0], 6)
        for row in core:
            row["name"] += "甲"
        _core(session, Member, core)
        seats = [{"id": None, "member_id": mid, "term_id": world.term_id,
                  "post": (CppccPost.MEMBER, CppccPost.STANDING)[k % 2],
                  "is_standing": bool(k % 2), "origin": TermOrigin.ADDITION if k % 3 else None,
                  "joined_on": dt.date(2022, 1, 1 + k)}
                 for k, mid in enumerate(fast_ids)]
        for seat in seats:
            if seat["origin"] is None:  # a missing key: the column default (换届产生)
                del seat["origin"]
        seat_ids = reserve_ids(session, MemberTerm, 12)
        fast_seats = [dict(s, id=i) for s, i in zip(seats, seat_ids[:6], strict=True)]
        core_seats = [dict(s, id=i, member_id=m) for s, i, m
                      in zip(seats, seat_ids[6:], core_ids, strict=True)]
        insert_rows(session, MemberTerm, fast_seats)
        _core(session, MemberTerm, core_seats)
    skip = {"id", "name", "created_at", "updated_at"}
    with db.reader() as session:
        fast = _raw(session, "members", fast_ids, skip)
        slow = _raw(session, "members", core_ids, skip)
        assert fast == slow
        assert [r["ethnicity"] for r in fast] == ["汉族", "回族"] * 3
        stamps = session.execute(select(Member.created_at, Member.updated_at, Member.version)
                                 .where(Member.id.in_(fast_ids))).all()
        assert all(isinstance(c, dt.datetime) and isinstance(u, dt.datetime)
                   for c, u, _v in stamps)  # the callable defaults, called per row
        assert {v for _c, _u, v in stamps} == {1}
        fast_seats_read = _raw(session, "member_terms", seat_ids[:6], {"id", "member_id"})
        slow_seats_read = _raw(session, "member_terms", seat_ids[6:], {"id", "member_id"})
        assert fast_seats_read == slow_seats_read
        members = session.scalars(select(Member).where(Member.id.in_(fast_ids))
                                  .order_by(Member.id)).all()
        assert [m.gender for m in members] == [Gender.MALE, Gender.FEMALE, None] * 2
        assert members[1].birth_date == dt.date(1971, 2, 2) and members[0].birth_date is None
        terms = session.scalars(select(MemberTerm).where(MemberTerm.id.in_(seat_ids[:6]))
                                .order_by(MemberTerm.id)).all()
        assert [t.origin for t in terms] == [TermOrigin.ELECTION, TermOrigin.ADDITION,
                                             TermOrigin.ADDITION, TermOrigin.ELECTION,
                                             TermOrigin.ADDITION, TermOrigin.ADDITION]
        assert [t.is_standing for t in terms] == [False, True] * 3


def test_the_driver_path_is_taken_on_sqlite_only(db: Any) -> None:
    with db.session() as session:
        dialect = session.connection().dialect
        statement = batch_rows._positional(dialect, AuditEntry.__table__,
                                           ("at", "username", "action", "entity"))
    if db.is_sqlite:
        assert statement is not None and statement.sql.startswith("INSERT INTO audit_log")
        values = statement.parameters([{"at": dt.datetime(2026, 1, 2, 3, 4, 5),
                                        "username": "u", "action": AuditAction.IMPORT,
                                        "entity": "members"}])
        # the types' bind processors: a datetime as SQLite's text, an enum as stored
        assert values[0][:4] == ("2026-01-02 03:04:05.000000", "u", "import", "members")
    else:
        assert statement is None  # PostgreSQL: SQLAlchemy's own batching
