"""Option values shared by every command, parsed one way everywhere.

Dates: every date option of every command (``stats``, ``report``, ``export``, ``setup`` …) goes
through :func:`parse_cli_date`, which uses the Excel import's parser
(:func:`app.exchange.normalize.parse_date`), so ``2025-01-01``, ``2025/1/1``, ``2025.1.1``,
``20250101``, ``2025年1月1日`` and full-width digits are accepted by all of them alike. A date
without its day (``2025-03``) is refused on the command line: for ``--to`` it would silently
mean the 1st. A refusal is one Chinese sentence naming the option and the value.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

DATE_FORMS = "2025-01-01、2025/1/1、2025.1.1、20250101 或 2025年1月1日"


class DateOptionError(ValueError):
    """A date option value that is not a full date; ``str()`` is the message for the clerk."""


def parse_cli_date(option: str, text: str) -> dt.date:
    """The date ``text`` given for ``option``; raises :class:`DateOptionError`."""
    from app.exchange.normalize import CellError, MonthDate, parse_date

    try:
        value = parse_date(text)
    except CellError as exc:
        reason = str(exc).split("；")[0].removeprefix(f"“{text}”不是有效的日期：")
        raise DateOptionError(f"选项 {option} 的值“{text}”不是有效的日期（{reason}），"
                              f"应为 {DATE_FORMS}") from None
    if value is None:
        if text.strip():  # only marks the import drops (control, zero-width): name them by code
            codes = "、".join(f"U+{ord(c):04X}" for c in dict.fromkeys(text) if not c.isspace())
            raise DateOptionError(f"选项 {option} 的值只有不可见的字符（{clip_codes(codes)}），"
                                  f"应为日期，如 {DATE_FORMS}")
        raise DateOptionError(f"选项 {option} 的值为空，应为日期，如 {DATE_FORMS}")
    if isinstance(value, MonthDate):
        raise DateOptionError(f"选项 {option} 的值“{text}”缺少日，应写成完整日期，如 {DATE_FORMS}")
    return dt.date(value.year, value.month, value.day)


def clip_codes(codes: str, limit: int = 60) -> str:
    """``codes`` cut to ``limit`` characters with an ellipsis (a pasted blob stays one line)."""
    return codes if len(codes) <= limit else codes[:limit] + "…"


def date_option(option: str) -> Callable[[str], dt.date]:
    """An argparse ``type=`` for the date option ``option`` (e.g. ``"--from"``)."""

    def convert(text: str) -> dt.date:
        try:
            return parse_cli_date(option, text)
        except DateOptionError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = "date"
    return convert
