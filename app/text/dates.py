"""Dates as clerks write them: the one parser of a date written as text.

``2024-04-23``, ``2024/4/23``, ``2024.4.23``, ``2024年4月23日`` (also ``23号``), ``20240423``,
full-width digits and stray spaces; a month without its day (``1975.03``, ``1975年3月``,
``197503``) is a :class:`MonthDate`, the 1st of the month marked as such. The Excel import
(``app.exchange.normalize.parse_date``, which adds Excel's own date cells and serial numbers),
the CLI date options and the services (``app.services.validation.parse_date``, which wants
the day) all read text through :func:`parse_date_text`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["DATE_HINT", "FIRST_YEAR", "LAST_YEAR", "DateTextError", "MonthDate", "compact",
           "make_date", "parse_date_text"]

FIRST_YEAR, LAST_YEAR = 1900, 2100
DATE_HINT = "日期可写成1975.03、1975年3月、197503、1975-3、1975-03-15或1975年3月15日"

# Invisible characters a value may carry: zero-width marks, and control characters other than
# tab and line ends (a NUL from a .csv would be refused by PostgreSQL as a database error).
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\s\u3000]+")
_FULL = re.compile(r"^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTH = re.compile(r"^(\d{4})[.\-/年](\d{1,2})月?$")


class DateTextError(ValueError):
    """Text that is not a date; ``str()`` says why and how to write it, in Chinese.

    ``unrecognised``: the text is no way of writing a date at all (the message then lists the
    forms), as opposed to a date form with an impossible year, month or day."""

    def __init__(self, message: str, *, unrecognised: bool = False) -> None:
        super().__init__(message)
        self.unrecognised = unrecognised


class MonthDate(dt.date):
    """A date written without its day (1975.03): the 1st of the month, marked as such."""


def compact(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII; every whitespace and invisible
    character removed."""
    return _SPACES.sub("", ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", text)))


def make_date(year: int, month: int, day: int, text: str, *, month_only: bool = False
              ) -> dt.date:
    """The date, or :class:`DateTextError` naming ``text`` (the value as written)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateTextError(f"“{text}”不是有效的日期：年份{year}不合理，"
                            f"应在{FIRST_YEAR}至{LAST_YEAR}之间")
    if not 1 <= month <= 12:
        raise DateTextError(f"“{text}”不是有效的日期：月份{month}无效，应为1至12")
    try:
        return MonthDate(year, month, 1) if month_only else dt.date(year, month, day)
    except ValueError:
        raise DateTextError(f"“{text}”不是有效的日期：{year}年{month}月没有{day}日") from None


def date_from_digits(digits: str, text: str) -> dt.date:
    """``20240423`` or ``197503`` (a month); ``text`` is the value as written."""
    if len(digits) == 8:
        return make_date(int(digits[:4]), int(digits[4:6]), int(digits[6:]), text)
    if len(digits) == 6:
        return make_date(int(digits[:4]), int(digits[4:]), 1, text, month_only=True)
    if len(digits) == 4:
        raise DateTextError(f"只有年份，缺少月份；{DATE_HINT}", unrecognised=True)
    raise DateTextError(f"不是日期；{DATE_HINT}", unrecognised=True)


def parse_date_text(raw: str) -> dt.date | None:
    """The date written in ``raw`` (a :class:`MonthDate` when it has no day); None when only
    spaces or invisible characters; :class:`DateTextError` otherwise."""
    text = compact(raw).replace("号", "日")
    if not text:
        return None
    shown = raw.strip()
    if match := _FULL.match(text):
        return make_date(int(match[1]), int(match[2]), int(match[3]), shown)
    if match := _MONTH.match(text):
        return make_date(int(match[1]), int(match[2]), 1, shown, month_only=True)
    if text.isascii() and text.isdigit():
        return date_from_digits(text, shown)
    if re.fullmatch(r"\d{4}年?", text):
        raise DateTextError(f"只有年份，缺少月份；{DATE_HINT}", unrecognised=True)
    raise DateTextError(f"无法识别为日期；{DATE_HINT}", unrecognised=True)
