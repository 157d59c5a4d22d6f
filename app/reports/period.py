"""Reporting periods (a calendar year, a date range, "since plenary session X") and scopes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.errors import AppError


def _day(d: dt.date) -> str:
    """2024年4月23日 (no zero padding; ``%-m`` does not exist on Windows)."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str
    kind: str = "range"  # "year" | "range" | "session"
    since: str = ""  # for kind "session": 十届四次会议 (the plenary the period starts at)
    before: Period | None = field(default=None, compare=False, repr=False)  # the period to
    # compare with, when it is not simply one year earlier (the previous session's span)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年", "year")

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise AppError(f"统计期间的结束日期{end:%Y-%m-%d}早于开始日期{start:%Y-%m-%d}。")
        return cls(start, end, f"{_day(start)}至{_day(end)}")

    @classmethod
    def since_session(cls, session_name: str, start: dt.date, end: dt.date,
                      before: Period | None = None) -> Period:
        """From the opening day of a plenary session (十届四次会议以来) to ``end``;
        ``before`` is the span of the previous session, for comparisons."""
        if end < start:
            raise AppError(f"{session_name}于{_day(start)}召开，"
                           f"统计截止日期{_day(end)}早于开幕日期。")
        return cls(start, end, f"{session_name}以来", "session", session_name, before)

    def previous_year(self) -> Period:
        """The same span one year earlier, for year-over-year change."""

        def back(d: dt.date) -> dt.date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year - 1, day=28)

        if self.before is not None:
            return self.before
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        return Period(back(self.start), back(self.end), f"上年同期（{self.label}）", self.kind,
                      self.since)

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def span_text(self) -> str:
        """2025年1月1日至2025年12月31日, whatever the kind."""
        return f"{_day(self.start)}至{_day(self.end)}"


@dataclass(frozen=True)
class Scope:
    """The whole committee (``unit_id`` None) or one unit's own work.

    ``member_id``, ``event_id`` and ``session_id`` name the subject of the figures that
    describe one member (履职档案), one event (签到表) or one plenary session (提案汇编);
    figures about the committee ignore them.
    """

    unit_id: int | None = None
    label: str = "全会"
    member_id: int | None = None
    event_id: int | None = None
    session_id: int | None = None
