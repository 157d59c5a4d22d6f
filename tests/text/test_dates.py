"""The one parser of dates written as text (app/text/dates.py) and the two front doors that
use it: the Excel import (month allowed, Excel numbers) and the services (a full date)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exchange.normalize import CellError
from app.exchange.normalize import parse_date as cell_date
from app.services.validation import InvalidValueError
from app.services.validation import parse_date as field_date
from app.text.dates import DateTextError, MonthDate, parse_date_text

DAYS = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def written(day: dt.date) -> list[str]:
    return [f"{day:%Y-%m-%d}", f"{day.year}/{day.month}/{day.day}",
            f"{day.year}.{day.month}.{day.day}", f"{day.year}年{day.month}月{day.day}日",
            f"{day.year}年{day.month}月{day.day}号", f"{day:%Y%m%d}",
            f" {day:%Y-%m-%d}\u3000".translate(FULL_WIDTH), f"\u200b{day:%Y-%m-%d}"]


@given(DAYS)
def test_every_way_of_writing_a_day_reads_the_same_everywhere(day: dt.date) -> None:
    for text in written(day):
        assert parse_date_text(text) == day, text
        assert not isinstance(parse_date_text(text), MonthDate)
        assert cell_date(text) == day, text
        assert field_date(text) == day, text


@given(DAYS)
def test_a_month_without_its_day(day: dt.date) -> None:
    for text in (f"{day.year}.{day.month:02d}", f"{day.year}年{day.month}月",
                 f"{day.year}{day.month:02d}"):
        got = parse_date_text(text)
        assert isinstance(got, MonthDate) and (got.year, got.month, got.day) == (
            day.year, day.month, 1)
        assert isinstance(cell_date(text), MonthDate)
        with pytest.raises(InvalidValueError, match="缺少日"):
            field_date(text)  # a record's date field wants the day


@given(st.text(max_size=16))
def test_any_text_is_a_date_or_a_chinese_reason(text: str) -> None:
    try:
        got = parse_date_text(text)
    except DateTextError as exc:
        assert str(exc) and not str(exc).isascii()
        with pytest.raises(CellError):
            cell_date(text)
        with pytest.raises(InvalidValueError):
            field_date(text)
    else:
        assert got is None or dt.date(1900, 1, 1) <= got <= dt.date(2100, 12, 31)


def test_the_reasons_name_the_value() -> None:
    with pytest.raises(DateTextError, match="“2025-02-30”不是有效的日期：2025年2月没有30日"):
        parse_date_text("2025-02-30")
    with pytest.raises(DateTextError, match="只有年份"):
        parse_date_text("1975")
    with pytest.raises(DateTextError, match="“1800-01-01”不是有效的日期：年份1800不合理"):
        parse_date_text("1800-01-01")
    with pytest.raises(InvalidValueError, match="“2024-13-01”不是有效的日期：月份13无效"):
        field_date("2024-13-01")
    with pytest.raises(InvalidValueError, match=r"^日期格式应为 2024-04-23 或 2024年4月23日$"):
        field_date("去年三月")
    assert parse_date_text(" \u200b ") is None
    assert field_date("") is None and field_date(None) is None
