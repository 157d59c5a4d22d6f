"""Figures about one member, defined once as rows for a set of members.

A member figure (``member.present``) is written as a query of ``(member id, record id, …)``
rows for some members, or for every member (``None``), plus how one member's rows make the
value (by default: the number of distinct records). The registry's single-member figure runs
that query for one id; ``compute_members`` runs it once for a whole set (every member's
履职档案 of a year: a dozen queries instead of a dozen per member). Both paths share the
definition and the reduction, so a member's number is the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.reports.figures import FigureValue, Number, figure, lookup, subject_figures
from app.reports.period import Period, Scope

RowsQuery = Select[*tuple[Any, ...]]  # (member id, record id, extra columns …)
Rows = Callable[[Period, Sequence[int] | None], RowsQuery]
Reduce = Callable[[list[tuple[Any, ...]]], tuple[Number, Sequence[int]]]


def distinct_records(rows: list[tuple[Any, ...]]) -> tuple[Number, Sequence[int]]:
    """The default reduction: the member's distinct records, counted."""
    ids = list(dict.fromkeys(r[0] for r in rows))
    return len(ids), ids


@dataclass(frozen=True)
class MemberFigure:
    key: str
    rows: Rows  # (member id, record id, extra columns …); member ids None = every member
    reduce: Reduce  # one member's rows without the member id -> (value, ids)


MEMBER_FIGURES: dict[str, MemberFigure] = {}


def member_figure(key: str, label: str, unit: str, entity: str, definition: str, group: str,
                  reduce: Reduce = distinct_records) -> Callable[[Rows], Rows]:
    """Register ``key`` as a member figure (``subject="member"``) defined by its rows."""

    def register(rows: Rows) -> Rows:
        MEMBER_FIGURES[key] = MemberFigure(key, rows, reduce)

        @figure(key, label, unit, entity, definition, group, subject="member")
        def one(session: Session, period: Period, scope: Scope
                ) -> tuple[Number, Sequence[int]]:
            assert scope.member_id is not None  # compute() checks the subject first
            found = session.connection().execute(rows(period, [scope.member_id])).all()
            return reduce([tuple(r[1:]) for r in found])

        return rows

    return register


def batch_keys() -> list[str]:
    """The member figures defined by rows (``compute_members`` takes them); any other member
    figure is computed one member at a time, when a template asks for it."""
    subject_figures("member")  # loads every definition
    return list(MEMBER_FIGURES)


def compute_members(db: Database, keys: Iterable[str], period: Period,
                    member_ids: Sequence[int]) -> dict[int, dict[str, FigureValue]]:
    """The member figures ``keys`` of every member in ``member_ids``, one query per figure.

    Each query reads the period's rows of every member (no long ``IN`` list) and keeps the
    wanted ones: the values equal ``compute(db, keys, period, Scope(member_id=…))``."""
    wanted = set(member_ids)
    out: dict[int, dict[str, FigureValue]] = {m: {} for m in member_ids}
    with db.reader() as session:
        conn = session.connection()
        for key in keys:
            fig = lookup(key)
            spec = MEMBER_FIGURES.get(key)
            if spec is None:
                raise ValueError(f"{key} is not a member figure")
            by_member: dict[int, list[tuple[Any, ...]]] = {m: [] for m in member_ids}
            for r in conn.execute(spec.rows(period, None)):
                if r[0] in wanted:
                    by_member[r[0]].append(tuple(r[1:]))
            for member_id, rows in by_member.items():
                value, ids = spec.reduce(rows)
                out[member_id][key] = FigureValue(key, fig.label, fig.unit, value, fig.entity,
                                                  tuple(ids), fig.definition)
    return out
