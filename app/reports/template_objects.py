"""The objects a template walks through besides figures: ``proposals`` (a group of figures),
a member, event or session with its own fields and figures, record lists, plain rows, and
numbers that are fields of one record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.reports.figure_text import Source, Tracker, Used
from app.reports.figures import BREAKDOWNS, REGISTRY, SUBJECT_FIGURES
from app.text.numerals import approx, cn_number, small_cn


class Num:
    """A number that is a field of one record (a report's 4方面13条): prints like a figure,
    and in trace mode names the record it came from."""

    def __init__(self, tracker: Tracker | None, value: int, origin: str) -> None:
        self.tracker, self.number, self.origin = tracker, value, origin

    def __str__(self) -> str:
        text = str(self.number)
        return self.tracker.mark(f"rec:{self.origin}", self.number, text) if self.tracker \
            else text

    @property
    def value(self) -> int:
        return self.number

    @property
    def cn(self) -> str:
        text = cn_number(self.number)
        return self.tracker.mark(f"rec:{self.origin}#cn", self.number, text) if self.tracker \
            else text

    @property
    def small(self) -> str:
        text = small_cn(self.number)
        return self.tracker.mark(f"rec:{self.origin}#small", self.number, text) \
            if self.tracker else text

    @property
    def approx(self) -> str:
        """30余, 50余 (exact below 10 and for round numbers), like a figure's ``.approx``."""
        text = approx(self.number, "yu")
        return self.tracker.mark(f"rec:{self.origin}#yu", self.number, text) \
            if self.tracker else text

    def __bool__(self) -> bool:
        return bool(self.number)

    def __int__(self) -> int:
        return self.number

    def __gt__(self, other: object) -> bool:
        return bool(self.number > int(other))  # type: ignore[call-overload]

    def __lt__(self, other: object) -> bool:
        return bool(self.number < int(other))  # type: ignore[call-overload]


class FigureGroup:
    """``proposals`` in ``{{ proposals.accepted }}``: the figures whose key starts so."""

    def __init__(self, source: Source, prefix: str) -> None:
        self._source, self._prefix = source, prefix

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        key = f"{self._prefix}.{name}"
        if key in REGISTRY or key in SUBJECT_FIGURES:
            return self._source.figure(key)
        if key in BREAKDOWNS:
            return self._source.breakdown(key)
        raise AttributeError(name)


def group_parts(group: FigureGroup) -> tuple[Source, str]:
    """The source and key prefix of a figure group (``prefetch``: the figures a template
    names are computed together before it is rendered)."""
    return group._source, group._prefix


class Subject:
    """A member, event or plenary session in a template: its own fields (name, date …) and
    the figures about it (``session.received``, ``m.present``)."""

    def __init__(self, fields: dict[str, Any], source: Source | None, prefix: str) -> None:
        self._fields, self._source, self._prefix = fields, source, prefix

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._fields:
            return self._fields[name]
        if self._source is not None:
            return getattr(FigureGroup(self._source, self._prefix), name)
        raise AttributeError(name)


class RecordList(list[Any]):
    """Rows of records a template loops over; using it lists its records in 数据底稿."""

    def __init__(self, tracker: Tracker, key: str, label: str, entity: str,
                 rows: list[Any], ids: list[int], scope: str = "全会", period: str = "") -> None:
        super().__init__(rows)
        self._tracker, self.key, self.label, self.entity = tracker, key, label, entity
        self.ids, self.scope, self.period = tuple(ids), scope, period

    def _use(self) -> None:
        self._tracker.use(Used(self.key, self.label, "条", str(len(self.ids)), self.entity,
                               self.ids, f"文稿中列出的{self.label}。", self.scope, self.period,
                               "清单", len(self.ids)))

    def __iter__(self) -> Any:
        self._use()
        return super().__iter__()

    def __bool__(self) -> bool:
        self._use()
        return len(self) > 0

    @property  # ``{{ x.count }}`` in a template: shadows list.count on purpose
    def count(self) -> Num:  # type: ignore[override]
        return Num(self._tracker, len(self), f"{self.key}.count")


def row(**fields: Any) -> Subject:
    """A record row for a template (attributes only, no figures)."""
    return Subject(fields, None, "")


def cn_day(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
