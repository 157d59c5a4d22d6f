"""The figures registry: each figure defined once, computed with the records behind it.

A figure is a key (``proposals.accepted``), a Chinese label, a unit (件, 篇, 次 …), a
definition a reviewer can read, and a function that returns the value and the ids of the
records that make it up. The dashboard, the CLI, report templates and the evidence workbook
all compute numbers only through here, so every printed number can be traced to records.

``compute`` gives the values set-based — value passes (``values_of``: one GROUP BY per record
family) and one aggregate statement for the other definitions (``figure_sets``) — and reads a
figure's ids from its own definition when they are first asked for; ``compute(ids=True)``
runs each definition with its ids (the per-figure path), except the figures an ids pass
answers (``ids_of``: one read of a record family split into several figures' ids, in their
definitions' order). Both give the same numbers and ids (tests/reports/test_figure_sets.py,
test_figure_id_passes.py).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import Executable, Select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.errors import AppError
from app.reports.period import Period, Scope

Number = int | Decimal | float


@dataclass(frozen=True)
class Summed:
    """A figure that is a sum: a SELECT of (id, amount) rows — the value is the sum of the
    amounts (0 when there is no row), the ids the rows' ids in the SELECT's order."""

    rows: Select[Any]


FigureResult = Select[Any] | Summed | tuple[Number, Sequence[int]]
# A breakdown returns a SELECT of (label, id) rows (value = count of distinct ids per label,
# labels in the order first met) or a list of (label, value, ids).
# a (label, record id) query, or the rows themselves
BreakdownResult = Select[Any, Any] | list[tuple[str, Number, Sequence[int]]]

T = TypeVar("T")
log = logging.getLogger(__name__)
_MEMO = "zxlz.figures.memo"

# Figures about one member, one event or one plenary session need that subject in the scope.
SUBJECTS = {"member": ("member_id", "委员"), "event": ("event_id", "会议活动"),
            "session": ("session_id", "全体会议")}


class FigureValue:
    """A computed figure. ``ids`` are the records behind the value; ``compute`` may leave them
    to be read on first use (``ids_loaded``) from the same query that gave the count, so a
    caller that only shows numbers (stats, 首页) does not fetch thousands of ids."""

    __slots__ = ("_ids", "definition", "entity", "key", "label", "unit", "value")

    def __init__(self, key: str, label: str, unit: str, value: Number, entity: str,
                 ids: Sequence[int] | Callable[[], Sequence[int]] = (),
                 definition: str = "") -> None:
        self.key, self.label, self.unit, self.value = key, label, unit, value
        self.entity, self.definition = entity, definition
        self._ids: tuple[int, ...] | Callable[[], Sequence[int]] = (
            ids if callable(ids) else tuple(ids))

    @property
    def ids(self) -> tuple[int, ...]:
        if callable(self._ids):
            self._ids = tuple(self._ids())
        return self._ids

    @property
    def ids_loaded(self) -> bool:
        return not callable(self._ids)

    def _fields(self) -> tuple[object, ...]:
        return (self.key, self.label, self.unit, self.value, self.entity, self.ids,
                self.definition)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FigureValue):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        ids = f"{len(self._ids)} ids" if isinstance(self._ids, tuple) else "ids not loaded"
        return f"FigureValue({self.key!r}, value={self.value!r}, {ids})"


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
    # the definition itself: a SELECT of ids, a ``Summed`` or a computed (value, ids)
    query: Callable[[Session, Period, Scope], FigureResult] | None = None


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
            return _evaluate(session, fn(session, period, scope))

        target = SUBJECT_FIGURES if subject else REGISTRY
        target[key] = Figure(key, label, unit, entity, definition, compute, group,
                             subject=subject, query=fn)
        return fn

    return register


_LOADED: list[bool] = []  # the definitions are imported (a statement per lookup otherwise)


def _load_definitions() -> None:
    if _LOADED:
        return
    from app.reports import (  # noqa: F401
        defs_activities,
        defs_breakdowns,
        defs_event_passes,
        defs_events,
        defs_handling,
        defs_members,
        defs_opinions,
        defs_outcomes,
        defs_passes,
        defs_platforms,
        defs_proposals,
        defs_publicity,
        defs_scoring,
        defs_subjects,
        defs_todo,
    )
    _LOADED.append(True)


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


def _evaluate(session: Session, result: FigureResult) -> tuple[Number, Sequence[int]]:
    """A definition's result as (value, ids): the per-figure path."""
    if isinstance(result, Select):
        # Core execution: ids need no ORM row processing (twice as fast on 50k rows)
        ids = list(dict.fromkeys(session.connection().execute(result).scalars().all()))
        return len(ids), ids
    if isinstance(result, Summed):
        rows = session.connection().execute(result.rows).all()
        return sum((r[1] for r in rows), start=0), [r[0] for r in rows]
    return result


def driver_rows(session: Session, stmt: Executable) -> list[tuple[Any, ...]]:
    """The rows of ``stmt`` as the database driver gives them (plain tuples), for the large
    reads of the passes: SQLAlchemy's ``Row`` objects cost more than the query itself for
    60,000 participations. Only for columns the driver already gives in their final form
    (integers, text — an enum read through ``type_coerce(…, String)``), since no result
    processing (enums, dates on SQLite, decimals) is applied."""
    result = session.connection().execute(stmt)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


# ----- built statements, kept across calls ------------------------------------------------
class _Probe:
    """Stands in for the session while a definition builds its statement: notes whether the
    definition used the session (read records, a pass, the memo) — then its statement may
    depend on the data and is not kept."""

    def __init__(self, session: Session) -> None:
        self._session, self.used = session, False

    def __getattr__(self, name: str) -> Any:
        self.used = True
        return getattr(self._session, name)


_BUILT: OrderedDict[Hashable, Any] = OrderedDict()
_BUILT_MAX = 4096  # statements (a call builds ~50–150; a document or the 首页 a few periods)
_BUILT_LOCK = threading.Lock()


def built(key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` once per ``key`` for the process (least recently used dropped first).
    SQLAlchemy statements are immutable and keep their cache key once computed, so a kept
    statement costs neither building nor keying again."""
    with _BUILT_LOCK:
        if key in _BUILT:
            _BUILT.move_to_end(key)
            return _BUILT[key]  # type: ignore[no-any-return]
    value = build()
    with _BUILT_LOCK:
        _BUILT[key] = value
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    return value


def _definition(fig: Figure, session: Session, period: Period, scope: Scope) -> FigureResult:
    """The figure's definition for this period and scope. A definition that builds its SELECT
    without touching the session (a pure function of period and scope, as most are) is built
    once per process; one that reads anything is run every time."""
    if fig.query is None:
        return fig.compute(session, period, scope)
    key = ("definition", fig.key, period, scope)
    with _BUILT_LOCK:
        kept = _BUILT.get(key)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    probe = _Probe(session)
    result = fig.query(cast(Session, probe), period, scope)
    if isinstance(result, Select | Summed) and not probe.used:
        built(key, lambda: result)
    return result


def is_built(fig: Figure, period: Period, scope: Scope) -> bool:
    """Whether the figure's statement for this period and scope is kept (``_definition``)."""
    with _BUILT_LOCK:
        return ("definition", fig.key, period, scope) in _BUILT


# ----- values without ids: passes and set-based aggregates ----------------------------------
ValuePass = Callable[[Session, Period, Scope], "dict[str, Number] | None"]
VALUE_PASSES: dict[str, ValuePass] = {}
_PASS = "value pass"  # memo key of a pass's result: (_PASS, the pass)
FEW = 3  # up to this many count/sum figures in a call are read with their ids, one by one


def values_of(*keys: str) -> Callable[[ValuePass], ValuePass]:
    """Register a pass computing the values (not the ids) of several figures in one query,
    e.g. 出席/请假/缺席/出席率 from one GROUP BY. The pass returns ``{key: value}``, or None for
    a scope it does not handle (the figures are then computed one by one). The ids come from
    each figure's own definition when they are asked for; tests/reports/test_figure_sets.py
    checks that both agree."""

    def register(fn: ValuePass) -> ValuePass:
        for key in keys:
            if key in VALUE_PASSES:
                raise ValueError(f"figure {key!r} has two value passes")
            VALUE_PASSES[key] = fn
        return fn

    return register


class _LazyIds:
    """The ids of one figure, read when first asked for: the definition's SELECT again, or
    (for a value from a pass) the figure's own computation, in a session of their own."""

    def __init__(self, db: Database, fig: Figure, period: Period, scope: Scope,
                 value: Number, stmt: Select[Any] | Summed | None = None) -> None:
        self.db, self.fig, self.period, self.scope = db, fig, period, scope
        self.value, self.stmt = value, stmt

    def load(self, session: Session) -> Sequence[int]:
        if self.stmt is not None:
            value, ids = _evaluate(session, self.stmt)
        else:
            value, ids = self.fig.compute(session, self.period, self.scope)
        if value != self.value:  # the records changed since the value was computed
            log.warning("figure %s: value %s, but %s when its records were read", self.fig.key,
                        self.value, value)
        return ids

    def __call__(self) -> Sequence[int]:
        with self.db.reader() as session:
            try:
                return self.load(session)
            finally:
                session.info.pop(_MEMO, None)


def load_ids(db: Database, values: Iterable[FigureValue]) -> None:
    """Read the ids of every value not loaded yet, in one session: cheaper than one session
    per figure when a caller that showed the numbers first needs the records of many."""
    waiting = [v for v in values if not v.ids_loaded]
    if not waiting:
        return
    with db.reader() as session:
        try:
            for v in waiting:
                lazy = v._ids
                if isinstance(lazy, _LazyIds):
                    v._ids = tuple(lazy.load(session))
        finally:
            session.info.pop(_MEMO, None)


# ----- ids passes: several figures' ids from one read of their record family -------------
IdsPass = Callable[[Session, Period, Scope],
                   "dict[str, tuple[Number, Sequence[int]]] | None"]
IDS_PASSES: dict[str, IdsPass] = {}
_IDS_PASS = "ids pass"  # memo key of an ids pass's result: (_IDS_PASS, the pass)


IdsWorth = Callable[[frozenset[str]], bool]  # whether a pass is worth running for these keys
IDS_WORTH: dict[IdsPass, IdsWorth] = {}


def ids_of(*keys: str, worth: IdsWorth | None = None) -> Callable[[IdsPass], IdsPass]:
    """Register a pass giving the values AND the ids of several figures from one read of
    their record family (the period's events with their family, the period's proposals with
    their state), split in Python: the per-figure path (``compute(ids=True)``) uses it when
    two or more of its figures are asked for, instead of one statement per figure. The pass
    returns ``{key: (value, ids)}`` with each figure's ids in the order its own definition
    gives them, or None for a period or scope it does not handle (the definitions are then
    run one by one); tests/reports/test_figure_id_passes.py checks both agree.

    ``worth``: whether the pass reads less than the asked figures' own statements, given the
    keys of the pass a call asks for (default: two or more of them)."""

    def register(fn: IdsPass) -> IdsPass:
        for key in keys:
            if key in IDS_PASSES:
                raise ValueError(f"figure {key!r} has two ids passes")
            IDS_PASSES[key] = fn
        if worth is not None:
            IDS_WORTH[fn] = worth
        return fn

    return register


def _ids_passes_worth_running(keys: list[str]) -> dict[str, IdsPass]:
    """The ids pass of each key whose pass is worth running for the keys asked (its
    ``worth``; by default two or more of them: for one figure alone its own statement reads
    less than the pass)."""
    wanted: dict[IdsPass, set[str]] = {}
    for key in keys:
        found = IDS_PASSES.get(key)
        if found is not None:
            wanted.setdefault(found, set()).add(key)
    running = {fn for fn, asked in wanted.items()
               if (IDS_WORTH[fn](frozenset(asked)) if fn in IDS_WORTH else len(asked) >= 2)}
    return {key: fn for key in keys if (fn := IDS_PASSES.get(key)) in running}


def _from_ids_pass(session: Session, found: IdsPass | None, key: str, period: Period,
                   scope: Scope) -> tuple[Number, Sequence[int]] | None:
    if found is None:
        return None
    passed = memo(session, (_IDS_PASS, found), lambda: found(session, period, scope))
    return None if passed is None else passed.get(key)


def compute(
    db: Database, keys: Iterable[str], period: Period, scope: Scope | None = None,
    *, ids: bool = False,
) -> dict[str, FigureValue]:
    """Compute the figures named by ``keys`` for one period and scope, in one session.

    The values come from a few set-based statements (passes and aggregates); each figure's
    ids are read from its own definition when first asked for (``FigureValue.ids``,
    ``load_ids``). With ``ids=True`` every figure is computed with its ids, one by one, in the
    same session: the per-figure path (what a caller that needs every id anyway should use:
    one query per figure instead of the values and then the ids)."""
    _load_definitions()
    scope = scope or Scope()
    out: dict[str, FigureValue] = {}
    with db.reader() as session:
        try:
            if ids:
                wanted = list(keys)
                passes = _ids_passes_worth_running(wanted)
                # the passes first: a pass may read rows a definition then reuses (the
                # participations, which the 履职考核 engine counts instead of its GROUP BY)
                for key, ids_pass in passes.items():
                    _from_ids_pass(session, ids_pass, key, period, scope)
                for key in wanted:
                    fig = lookup(key)
                    _check_subject(fig, scope)
                    got = _from_ids_pass(session, passes.get(key), key, period, scope)
                    value, found = got if got is not None else _evaluate(
                        session, _definition(fig, session, period, scope))
                    out[key] = FigureValue(key, fig.label, fig.unit, value, fig.entity,
                                           found, fig.definition)
                return out
            out = _compute_values(db, session, list(keys), period, scope)
        finally:
            session.info.pop(_MEMO, None)
    return out


def _compute_values(db: Database, session: Session, keys: list[str], period: Period,
                    scope: Scope) -> dict[str, FigureValue]:
    from app.reports.figure_sets import run, statements

    done: dict[str, FigureValue] = {}
    waiting: list[tuple[Figure, Select[Any] | Summed]] = []
    seen: set[str] = set()
    # The passes last: a pass may reuse rows a definition has read (the participation groups
    # of the 履职考核 totals: ``defs_passes.participation_counts``).
    for key in sorted(keys, key=lambda k: k in VALUE_PASSES):
        fig = lookup(key)
        _check_subject(fig, scope)
        if key in seen:
            continue
        seen.add(key)
        found = VALUE_PASSES.get(key)
        if found is not None:
            passed = memo(session, (_PASS, found),
                          lambda run=found: run(session, period, scope))  # type: ignore[misc]
            if passed is not None and key in passed:
                value = passed[key]
                done[key] = FigureValue(key, fig.label, fig.unit, value, fig.entity,
                                        _LazyIds(db, fig, period, scope, value),
                                        fig.definition)
                continue
        result = _definition(fig, session, period, scope) if fig.query else None
        # a subject's figures (one member, event, session) are small indexed queries: the
        # ids cost no more than a count, so they are read at once
        if isinstance(result, Select | Summed) and not fig.subject:
            waiting.append((fig, result))
            continue
        value, found_ids = (fig.compute(session, period, scope) if result is None
                            else _evaluate(session, result))
        done[key] = FigureValue(key, fig.label, fig.unit, value, fig.entity, found_ids,
                                fig.definition)
    if len(waiting) <= FEW:  # one query each either way: take the ids along
        for fig, result in waiting:
            value, found_ids = _evaluate(session, result)
            done[fig.key] = FigureValue(fig.key, fig.label, fig.unit, value, fig.entity,
                                        found_ids, fig.definition)
        waiting = []
    # The definitions kept across calls make one aggregate statement, kept too (neither built
    # nor keyed again); the few that read the session (a setting, the event kinds) another,
    # built every call, so that one of them does not make the whole statement new each time.
    kept: list[tuple[Figure, Select[Any] | Summed]] = []
    fresh: list[tuple[Figure, Select[Any] | Summed]] = []
    for item in waiting:
        (kept if is_built(item[0], period, scope) else fresh).append(item)
    chunks: list[Select[Any]] = []
    if kept:
        chunks = built(("aggregates", tuple(fig.key for fig, _ in kept), period, scope),
                       lambda: statements(_aggregates(kept)))
    if fresh:
        chunks = [*chunks, *statements(_aggregates(fresh))]
    for (fig, result), value in zip([*kept, *fresh], run(session, chunks), strict=True):
        done[fig.key] = FigureValue(fig.key, fig.label, fig.unit, value, fig.entity,
                                    _LazyIds(db, fig, period, scope, value, result),
                                    fig.definition)
    return {key: done[key] for key in keys}


def _aggregates(waiting: list[tuple[Figure, Select[Any] | Summed]]
                ) -> list[tuple[str, Select[Any]]]:
    return [("count", r) if isinstance(r, Select) else ("sum", r.rows) for _, r in waiting]


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
