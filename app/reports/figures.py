"""The figures registry: each figure defined once, computed with the records behind it.

A figure is a key (``proposals.accepted``), a Chinese label, a unit (件, 篇, 次 …), a
definition a reviewer can read, and a function that returns the value and the ids of the
records that make it up. The dashboard, the CLI, report templates and the evidence workbook
all compute numbers only through here, so every printed number can be traced to records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.reports.period import Period, Scope

Number = int | Decimal | float
FigureResult = Select[Any] | tuple[Number, Sequence[int]]


@dataclass(frozen=True)
class FigureValue:
    key: str
    label: str
    unit: str
    value: Number
    entity: str  # table of the records behind the figure
    ids: tuple[int, ...] = ()
    definition: str = ""


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    entity: str
    definition: str
    compute: Callable[[Session, Period, Scope], tuple[Number, Sequence[int]]]
    group: str = ""
    depends: tuple[str, ...] = field(default_factory=tuple)


REGISTRY: dict[str, Figure] = {}


def figure(key: str, label: str, unit: str, entity: str, definition: str, group: str = ""
           ) -> Callable[[Callable[[Session, Period, Scope], Any]], Callable[..., Any]]:
    """Register a figure. The function returns either a SELECT of ids (the value is their
    count) or a ``(value, ids)`` pair for sums and ratios."""

    def register(fn: Callable[[Session, Period, Scope], Any]) -> Callable[..., Any]:
        if key in REGISTRY:
            raise ValueError(f"figure {key!r} defined twice")

        def compute(session: Session, period: Period, scope: Scope
                    ) -> tuple[Number, Sequence[int]]:
            result = fn(session, period, scope)
            if isinstance(result, Select):
                ids = list(dict.fromkeys(session.scalars(result)))
                return len(ids), ids
            return result

        REGISTRY[key] = Figure(key, label, unit, entity, definition, compute, group)
        return fn

    return register


def _load_definitions() -> None:
    from app.reports import defs_events, defs_members, defs_opinions, defs_proposals  # noqa: F401


def figures(group: str | None = None) -> list[Figure]:
    _load_definitions()
    return [f for f in REGISTRY.values() if group is None or f.group == group]


def compute(
    db: Database, keys: Iterable[str], period: Period, scope: Scope | None = None
) -> dict[str, FigureValue]:
    """Compute the figures named by ``keys`` for one period and scope, in one session."""
    _load_definitions()
    scope = scope or Scope()
    out: dict[str, FigureValue] = {}
    with db.reader() as session:
        for key in keys:
            if key not in REGISTRY:
                from app.errors import AppError

                raise AppError(f"没有名为“{key}”的统计指标。")
            fig = REGISTRY[key]
            value, ids = fig.compute(session, period, scope)
            out[key] = FigureValue(key, fig.label, fig.unit, value, fig.entity, tuple(ids),
                                   fig.definition)
    return out


def ratio(numerator: int, denominator: int) -> Decimal:
    """A percentage with one decimal, 0 when there is nothing to divide."""
    if denominator == 0:
        return Decimal(0)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))
