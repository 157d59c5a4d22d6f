"""Figures as a template sees them: ``{{ proposals.accepted }}`` prints 236, and
``.approx`` (230余), ``.cn`` (二百三十六), ``.yoy`` (比上年增加12件) … print its other forms.

Everything a rendering touches is recorded in a ``Tracker``: every figure (with its records),
breakdown and record list, so that 数据底稿 lists exactly what the document used. In trace mode
every printed number is wrapped as ``⟦key=raw|text⟧`` so that tests can check that each number
in a document comes from the registry (or from a named record field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.db.engine import Database
from app.reports.figures import (
    BreakdownValue,
    FigureValue,
    Number,
    compute,
    compute_breakdowns,
)
from app.reports.period import Period, Scope
from app.text.numerals import approx, cn_number, percent, small_cn

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


@dataclass
class Used:
    """One figure, breakdown row or record list a document used, for 数据底稿."""

    key: str
    label: str
    unit: str
    value: str
    entity: str
    ids: tuple[int, ...]
    definition: str
    scope: str
    period: str
    kind: str = "指标"  # 指标 | 分类 | 清单
    exact: Number | None = None  # the unrounded value (108.78 where 108.8 is printed)
    # what the document printed for it, in order ("1.1万余", "六", "比上年增加12件"); empty
    # when the figure only decided whether a sentence is written ({% if %})
    printed: list[str] = field(default_factory=list)


@dataclass
class Tracker:
    db: Database
    trace: bool = False
    used: dict[tuple[str, str, str], Used] = field(default_factory=dict)
    _sources: dict[tuple[Period, Scope], Source] = field(default_factory=dict)

    def source(self, period: Period, scope: Scope) -> Source:
        key = (period, scope)
        if key not in self._sources:
            self._sources[key] = Source(self, period, scope)
        return self._sources[key]

    def use(self, entry: Used) -> None:
        self.used.setdefault((entry.scope, entry.period, entry.key), entry)

    def note(self, scope: str, period: str, key: str, shown: str) -> None:
        """Record the text a figure was printed as (for 数据底稿's 文稿中的写法)."""
        entry = self.used.get((scope, period, key))
        if entry is not None and shown not in entry.printed:
            entry.printed.append(shown)

    def mark(self, key: str, raw: object, text: str) -> str:
        return f"{MARK_OPEN}{key}={raw}|{text}{MARK_CLOSE}" if self.trace else text


class Source:
    """The figures of one period and scope, each computed on first use and kept."""

    def __init__(self, tracker: Tracker, period: Period, scope: Scope) -> None:
        self.tracker, self.period, self.scope = tracker, period, scope
        self._figures: dict[str, FigureText] = {}
        self._breakdowns: dict[str, BreakdownText] = {}

    def prefetch(self, keys: list[str]) -> None:
        """Compute several figures in one session (what the template is known to use), each
        with its ids: 数据底稿 lists them all, and reading them with the value is cheaper than
        the set-based values followed by the ids."""
        wanted = [k for k in keys if k not in self._figures]
        if wanted:
            for key, value in compute(self.tracker.db, wanted, self.period, self.scope,
                                      ids=True).items():
                self._figures[key] = FigureText(self, value)

    def preload(self, values: dict[str, FigureValue]) -> None:
        """Start with figures computed elsewhere for this period and scope (every member's
        figures at once, ``member_figures.compute_members``); used only when asked for."""
        for key, value in values.items():
            self._figures.setdefault(key, FigureText(self, value))

    def figure(self, key: str) -> FigureText:
        if key not in self._figures:
            self.prefetch([key])
        fig = self._figures[key]
        self.tracker.use(Used(key, fig.label, fig.unit, fig.text, fig.fv.entity, fig.fv.ids,
                              fig.definition, self.scope.label, self.period.label,
                              exact=fig.fv.value))
        return fig

    def breakdown(self, key: str) -> BreakdownText:
        if key not in self._breakdowns:
            value = compute_breakdowns(self.tracker.db, [key], self.period, self.scope)[key]
            self._breakdowns[key] = BreakdownText(self, value)
        b = self._breakdowns[key]
        for row in b.rows:
            self.tracker.use(Used(row.key, row.label, row.unit, row.text, row.fv.entity,
                                  row.fv.ids, b.bv.definition, self.scope.label,
                                  self.period.label, "分类", row.fv.value))
        return b

    def previous(self) -> Source:
        return self.tracker.source(self.period.previous_year(), self.scope)


def where(scope: Scope, period: Period) -> str:
    """``@u3~2025-01-01..2025-12-31``: the scope and period of a traced number."""
    ids = [f"{c}{v}" for c, v in (("u", scope.unit_id), ("m", scope.member_id),
                                  ("e", scope.event_id), ("s", scope.session_id)) if v]
    return f"@{','.join(ids)}~{period.start}..{period.end}"


def exact_text(value: Number, unit: str) -> str:
    """The exact figure as printed: 236; 98.6%; money in 万元 with one decimal (84.3)."""
    if unit == "%":
        return f"{value}%"
    if unit == "万元":
        return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


class FigureText:
    """A computed figure in a template; ``str()`` is the exact value without its unit."""

    def __init__(self, source: Source | None, fv: FigureValue, tracker: Tracker | None = None
                 ) -> None:
        self.source, self.fv = source, fv
        self.tracker = tracker or (source.tracker if source else None)

    # --- what a template prints ---------------------------------------------------------
    def _mark(self, variant: str, raw: object, text: str, shown: str | None = None) -> str:
        """``text`` as printed (wrapped in trace mode); ``shown`` is what 数据底稿 records as
        printed when it is more than ``text`` (比上年增加12件 rather than 12)."""
        if self.tracker is not None and self.source is not None:
            self.tracker.note(self.source.scope.label, self.source.period.label, self.fv.key,
                              shown or text)
        if not self.tracker or not self.tracker.trace:
            return text
        key = self.fv.key + (f"#{variant}" if variant else "")
        if self.source is not None:
            key += where(self.source.scope, self.source.period)
        return self.tracker.mark(key, raw, text)

    def __str__(self) -> str:
        return self._mark("", self.fv.value, self.text)

    @property
    def text(self) -> str:
        return exact_text(self.fv.value, self.fv.unit)

    @property
    def value(self) -> Number:
        return self.fv.value

    @property
    def key(self) -> str:
        return self.fv.key

    @property
    def label(self) -> str:
        return self.fv.label

    @property
    def unit(self) -> str:
        return self.fv.unit

    @property
    def definition(self) -> str:
        return self.fv.definition

    @property
    def with_unit(self) -> str:
        suffix = "" if self.fv.unit == "%" else self.fv.unit
        return self._mark("", self.fv.value, self.text) + suffix

    def _approx(self, style: str) -> str:
        value = self.fv.value
        shown = approx(int(value) if isinstance(value, int) else float(value), style)
        return self._mark(style, value, shown)

    @property
    def approx(self) -> str:
        """230余, 2000余, 4.4万余 (exact below 10 and for round numbers)."""
        return self._approx("yu")

    @property
    def jin(self) -> str:
        return self._approx("jin")

    @property
    def yue_wan(self) -> str:
        return self._approx("yue_wan")

    @property
    def chao(self) -> str:
        return self._approx("chao_yi")

    @property
    def cn(self) -> str:
        """二百三十六 (integers only)."""
        return self._mark("cn", self.fv.value, cn_number(int(self.fv.value)))

    @property
    def small(self) -> str:
        """两, 三 … 十 for 1–10, digits above (small counts in running text)."""
        return self._mark("small", self.fv.value, small_cn(int(self.fv.value)))

    # --- comparison with the previous period ----------------------------------------------
    @property
    def prev(self) -> FigureText:
        if self.source is None:
            raise AttributeError("prev")
        return self.source.previous().figure(self.fv.key)

    @property
    def change(self) -> Number:
        return self.fv.value - self.prev.value  # type: ignore[operator]

    @property
    def has_prev(self) -> bool:
        """Whether a comparison with the previous period means anything: the previous period
        has records of this figure. A zero there is taken as "not entered yet" (offices start
        the program mid-way), so no "比上年增加416篇" against an empty year."""
        if self.source is None:
            return False
        return bool(self.prev.value)

    def _compared_with(self) -> str:
        """比上年 for a year or a since-session period, 比上年同期 for a date range."""
        kind = self.source.period.kind if self.source is not None else "year"
        return "比上年同期" if kind == "range" else "比上年"

    @property
    def yoy(self) -> str:
        """比上年增加12件 / 比上年减少3件 / 与上年持平 (percentages: 提高/降低 N个百分点);
        empty when the previous period has no records (see ``has_prev``)."""
        if not self.has_prev:
            return ""
        diff = self.change
        unit = "个百分点" if self.fv.unit == "%" else self.fv.unit
        word = self._compared_with()
        if diff == 0:
            return self._mark("yoy", 0, "与上年持平" if word == "比上年" else "与上年同期持平")
        verb = ("提高" if diff > 0 else "降低") if self.fv.unit == "%" else (
            "增加" if diff > 0 else "减少")
        size = -diff if diff < 0 else diff
        amount = exact_text(size, "" if self.fv.unit == "%" else self.fv.unit)
        return word + verb + self._mark("yoy", diff, amount, word + verb + amount + unit) + unit

    @property
    def yoy_pct(self) -> str:
        """增长5.4% / 下降2.0% / 持平 (relative change); empty when the previous period has no
        records."""
        if not self.has_prev:
            return ""
        prev = self.prev.value
        diff = self.change
        if diff == 0:
            return self._mark("yoy_pct", 0, "持平")
        text = percent(int(abs(diff) * 10), int(prev * 10))  # type: ignore[operator]
        verb = "增长" if diff > 0 else "下降"
        return verb + self._mark("yoy_pct", f"{diff}/{prev}", text, verb + text)

    def percent_of(self, other: FigureText | BreakdownRowText) -> str:
        """This figure as a share of another: class_a.percent_of(proposals.replied) → 50.7%."""
        whole = other.fv.value
        text = percent(int(self.fv.value), int(whole))
        return self._mark(f"share:{other.fv.key}", f"{self.fv.value}/{whole}", text,
                          f"占{other.fv.label}的{text}")

    # --- so that {% if %} and comparisons work ------------------------------------------
    def __bool__(self) -> bool:
        return bool(self.fv.value)

    def _other(self, other: object) -> Any:
        return other.fv.value if isinstance(other, FigureText) else other

    def __eq__(self, other: object) -> bool:
        return bool(self.fv.value == self._other(other))

    def __hash__(self) -> int:
        return hash((self.fv.key, self.fv.value))

    def __lt__(self, other: object) -> bool:
        return bool(self.fv.value < self._other(other))

    def __le__(self, other: object) -> bool:
        return bool(self.fv.value <= self._other(other))

    def __gt__(self, other: object) -> bool:
        return bool(self.fv.value > self._other(other))

    def __ge__(self, other: object) -> bool:
        return bool(self.fv.value >= self._other(other))

    def __int__(self) -> int:
        return int(self.fv.value)

    def __float__(self) -> float:
        return float(self.fv.value)

    def __repr__(self) -> str:
        return f"<{self.fv.key}={self.fv.value}>"


class BreakdownRowText(FigureText):
    """One row of a breakdown: a figure with its share of the breakdown's total."""

    def __init__(self, source: Source, fv: FigureValue, row_label: str, total: Number) -> None:
        super().__init__(source, fv)
        self.row_label, self.total = row_label, total

    @property
    def share(self) -> str:
        text = percent(int(self.fv.value), int(self.total))
        return self._mark("share", f"{self.fv.value}/{self.total}", text, f"占{text}")

    @property
    def phrase(self) -> str:
        """市政协105篇"""
        return f"{self.row_label}{self}{self.fv.unit}"

    @property
    def prev(self) -> FigureText:
        raise AttributeError("prev")


class BreakdownText:
    """A breakdown in a template: iterate its rows, or print ``.phrases`` / ``.top(3)``."""

    def __init__(self, source: Source, bv: BreakdownValue) -> None:
        self.source, self.bv = source, bv
        total = sum((r.value for r in bv.rows), start=0)
        self.rows = [BreakdownRowText(
            source, FigureValue(f"{bv.key}[{r.label}]", r.label, bv.unit, r.value, bv.entity,
                                r.ids, bv.definition), r.label, total) for r in bv.rows]
        self.total_value = total

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __getitem__(self, label: str) -> BreakdownRowText:
        for row in self.rows:
            if row.row_label == label:
                return row
        names = "、".join(r.row_label for r in self.rows) or "（无）"
        raise KeyError(f"“{self.bv.label}”中没有“{label}”这一项，现有：{names}")

    @property
    def label(self) -> str:
        return self.bv.label

    @property
    def phrases(self) -> str:
        """市政协105篇、省政协42篇、全国政协15篇 (rows with a value only)."""
        return "、".join(r.phrase for r in self.rows if r)

    def top(self, n: int = 3) -> str:
        """The labels of the first ``n`` rows, joined with 、 (住建、农业、教育)."""
        return "、".join(r.row_label for r in self.rows[:n])

    @property
    def total(self) -> FigureText:
        ids = tuple(dict.fromkeys(i for r in self.rows for i in r.fv.ids))
        return FigureText(self.source, FigureValue(f"{self.bv.key}[*]", f"{self.bv.label}合计",
                                                   self.bv.unit, self.total_value,
                                                   self.bv.entity, ids, self.bv.definition))
