"""Date arithmetic the generator needs: months, years, weekdays, random days."""

from __future__ import annotations

import calendar
import datetime as dt
import random


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (1-31 → 4-30)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def weekday_near(day: dt.date) -> dt.date:
    """``day``, or the Monday after it if it falls on a weekend: offices meet on weekdays."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def random_day(
    rng: random.Random, start: dt.date, end: dt.date, *, weekday: bool = True
) -> dt.date:
    """A day in [start, end]; a weekday unless there is none in the range."""
    span = (end - start).days
    if span < 0:
        return start
    for _ in range(8):
        day = start + dt.timedelta(days=rng.randint(0, span))
        if not weekday or day.weekday() < 5:
            return day
    return day


def clamp(day: dt.date, start: dt.date, end: dt.date) -> dt.date:
    return max(start, min(day, end))
