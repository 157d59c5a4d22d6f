"""The figures registry: each figure defined once, computed with the records behind it.

A figure is a key (``proposals.accepted``), a Chinese label, a unit (件, 篇, 次 …), a
definition a reviewer can read, and a function that returns the value and the ids of the
records that make it up. The dashboard, the CLI, report templates and the evidence workbook
all compute numbers only through here, so every printed number can be traced to records.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.errors import AppError
from app.reports.period import Period, Scope

Number = int | Decimal | float
FigureResult = Select[Any] | tuple[Number, Sequence[int]]
# A breakdown returns a SELECT of (label, id) rows (value = count of distinct ids per label,
# labels in the order first met) or a list of (label, value, ids).
BreakdownResult = Select[Any] | list[tuple[str, Number, Sequence[int]]]

T = TypeVar("T")
_MEMO = "zxlz.figures.memo"

# Figures about one member, one event or one plenary session need that subject in the scope.
SUBJECTS = {"member": ("member_id", "委员"), "event": ("event_id", "会议活动"),
            "session": ("session_id", "全体会议")}


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
    subject: str = ""  # "" (the committee or a unit), "member", "event" or "session"


REGISTRY: dict[str, Figure] = {}  # figures about the committee (or one unit of it)
SUBJECT_FIGURES: dict[str, Figure] = {}  # figures about one member, event or session


def _taken(key: str) -> bool:
    return key in REGISTRY or key in SUBJECT_FIGURES or key in BREAKDOWNS


def figure(key: str, label: str, unit: str, entity: str, definition: str, group: str = "",
           *, subject: str = ""
           ) -> Callable[[Callable[[Session, Period, Scope], Any]], Callable[..., Any]]:
    """Register a figure. The function returns either a SELECT of ids (the value is their
    count) or a ``(value, ids)`` pair for sums and ratios. ``subject`` marks a figure about
    one member, event or session (the id comes in the scope)."""

    def register(fn: Callable[[Session, Period, Scope], Any]) -> Callable[..., Any]:
        if _taken(key):
            raise ValueError(f"figure {key!r} defined twice")
        if subject and subject not in SUBJECTS:
            raise ValueError(f"unknown subject {subject!r}")

        def compute(session: Session, period: Period, scope: Scope
                    ) -> tuple[Number, Sequence[int]]:
            result = fn(session, period, scope)
            if isinstance(result, Select):
                # Core execution: ids need no ORM row processing (twice as fast on 50k rows)
                ids = list(dict.fromkeys(session.connection().execute(result).scalars().all()))
                return len(ids), ids
            return result

        target = SUBJECT_FIGURES if subject else REGISTRY
        target[key] = Figure(key, label, unit, entity, definition, compute, group,
                             subject=subject)
        return fn

    return register


def _load_definitions() -> None:
    from app.reports import (  # noqa: F401
        defs_activities,
        defs_breakdowns,
        defs_events,
        defs_handling,
        defs_members,
        defs_opinions,
        defs_outcomes,
        defs_platforms,
        defs_proposals,
        defs_publicity,
        defs_scoring,
        defs_subjects,
        defs_todo,
    )


def figures(group: str | None = None) -> list[Figure]:
    """The committee's figures (those ``stats`` prints), optionally of one group."""
    _load_definitions()
    return [f for f in REGISTRY.values() if group is None or f.group == group]


def subject_figures(subject: str | None = None) -> list[Figure]:
    """Figures about one member, event or plenary session."""
    _load_definitions()
    return [f for f in SUBJECT_FIGURES.values() if subject is None or f.subject == subject]


def lookup(key: str) -> Figure:
    """The figure named ``key`` (committee or subject figure); AppError when there is none."""
    _load_definitions()
    fig = REGISTRY.get(key) or SUBJECT_FIGURES.get(key)
    if fig is None:
        raise AppError(f"没有名为“{key}”的统计指标。")
    return fig


def memo(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    """``load()`` once per ``compute``/``compute_breakdowns`` call: the record families' passes.

    Many figures are slices of the same rows (出席/请假/缺席/出席率/参加的委员 are all the
    period's participations), so a definition asks for one pass over its record family and
    filters it in Python instead of sending one query per figure. The memo lives in the
    session's ``info`` and is dropped when the call ends, so no figure sees stale rows."""
    cache: dict[Hashable, Any] = session.info.setdefault(_MEMO, {})
    if key not in cache:
        cache[key] = load()
    return cache[key]  # type: ignore[no-any-return]


def memoized(session: Session, key: Hashable) -> bool:
    """Whether this call has already loaded ``key`` (a pass worth filtering)."""
    return key in session.info.get(_MEMO, {})


def _check_subject(fig: Figure, scope: Scope) -> None:
    if fig.subject:
        attr, what = SUBJECTS[fig.subject]
        if getattr(scope, attr) is None:
            raise AppError(f"统计指标“{fig.label}”（{fig.key}）需要指定{what}。")


def compute(
    db: Database, keys: Iterable[str], period: Period, scope: Scope | None = None
) -> dict[str, FigureValue]:
    """Compute the figures named by ``keys`` for one period and scope, in one session."""
    _load_definitions()
    scope = scope or Scope()
    out: dict[str, FigureValue] = {}
    with db.reader() as session:
        try:
            for key in keys:
                fig = lookup(key)
                _check_subject(fig, scope)
                value, ids = fig.compute(session, period, scope)
                out[key] = FigureValue(key, fig.label, fig.unit, value, fig.entity,
                                       tuple(ids), fig.definition)
        finally:
            session.info.pop(_MEMO, None)
    return out


def ratio(numerator: int, denominator: int) -> Decimal:
    """A percentage with one decimal, 0 when there is nothing to divide."""
    if denominator == 0:
        return Decimal(0)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))


# ----- breakdowns: one figure split by category, level, department … ------------------------
@dataclass(frozen=True)
class BreakdownRow:
    label: str
    value: Number
    ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class BreakdownValue:
    key: str
    label: str
    unit: str
    entity: str
    definition: str
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    unit: str
    entity: str
    definition: str
    compute: Callable[[Session, Period, Scope], list[BreakdownRow]]
    group: str = ""


BREAKDOWNS: dict[str, Breakdown] = {}


def breakdown(key: str, label: str, unit: str, entity: str, definition: str, group: str = "",
              *, by_count: bool = True
              ) -> Callable[[Callable[[Session, Period, Scope], Any]], Callable[..., Any]]:
    """Register a breakdown. The function returns a SELECT of (label, id) rows or a list of
    (label, value, ids). With ``by_count`` the rows are ordered largest first (ties keep the
    order the query gave); otherwise in the order given."""

    def register(fn: Callable[[Session, Period, Scope], Any]) -> Callable[..., Any]:
        if _taken(key):
            raise ValueError(f"breakdown {key!r} defined twice")

        def compute(session: Session, period: Period, scope: Scope) -> list[BreakdownRow]:
            result = fn(session, period, scope)
            if isinstance(result, Select):
                groups: dict[str, dict[int, None]] = {}
                for row_label, record_id in session.connection().execute(result):
                    groups.setdefault(str(row_label or "未填"), {})[record_id] = None
                rows = [BreakdownRow(lbl, len(ids), tuple(ids)) for lbl, ids in groups.items()]
            else:
                rows = [BreakdownRow(lbl, value, tuple(ids)) for lbl, value, ids in result]
            if by_count:
                rows.sort(key=lambda r: -r.value)
            return rows

        BREAKDOWNS[key] = Breakdown(key, label, unit, entity, definition, compute, group)
        return fn

    return register


def breakdowns(group: str | None = None) -> list[Breakdown]:
    _load_definitions()
    return [b for b in BREAKDOWNS.values() if group is None or b.group == group]


def compute_breakdowns(db: Database, keys: Iterable[str], period: Period,
                       scope: Scope | None = None) -> dict[str, BreakdownValue]:
    """Compute the breakdowns named by ``keys`` for one period and scope, in one session."""
    _load_definitions()
    scope = scope or Scope()
    out: dict[str, BreakdownValue] = {}
    with db.reader() as session:
        try:
            for key in keys:
                b = BREAKDOWNS.get(key)
                if b is None:
                    raise AppError(f"没有名为“{key}”的分类统计。")
                out[key] = BreakdownValue(key, b.label, b.unit, b.entity, b.definition,
                                          tuple(b.compute(session, period, scope)))
        finally:
            session.info.pop(_MEMO, None)
    return out
