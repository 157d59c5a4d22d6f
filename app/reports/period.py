"""Reporting periods (a calendar year, a date range, "since plenary session X") and scopes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.errors import AppError


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise AppError(f"统计期间的结束日期{end:%Y-%m-%d}早于开始日期{start:%Y-%m-%d}。")
        return cls(start, end, f"{start:%Y年%-m月%-d日}至{end:%Y年%-m月%-d日}")

    def previous_year(self) -> Period:
        """The same span one year earlier, for year-over-year change."""

        def back(d: dt.date) -> dt.date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # 29 February
                return d.replace(year=d.year - 1, day=28)

        return Period(back(self.start), back(self.end), f"上年同期（{self.label}）")

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class Scope:
    """The whole committee (``unit_id`` None) or one unit's own work."""

    unit_id: int | None = None
    label: str = "全会"
