"""Chinese numerals, dates and the rounding conventions of the office's reports."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.text.numerals import (
    approx,
    cn_date,
    cn_month,
    cn_number,
    cn_ordinal_heading,
    cn_paren_heading,
    percent,
    small_cn,
    wan,
    yi,
)

DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
SMALL = {"十": 10, "百": 100, "千": 1000}


def parse_cn(text: str) -> int:
    """Independent reader of Chinese numerals (for checking cn_number)."""
    if text.startswith("负"):
        return -parse_cn(text[1:])
    for unit, value in (("亿", 10**8), ("万", 10**4)):
        if unit in text:
            high, _, low = text.rpartition(unit) if unit == "亿" else text.partition(unit)
            return parse_cn(high) * value + parse_cn(low)
    total = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (digit or 1) * SMALL[ch]
            digit = 0
    return total + digit


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (236, "二百三十六"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (10000, "一万"),
        (10010, "一万零一十"),
        (100100, "十万零一百"),
        (110000, "十一万"),
        (1001000, "一百万一千"),  # zeros at the end of a group are not read
        (10001000, "一千万一千"),
        (4000300, "四百万零三百"),
        (20060000, "二千零六万"),
        (100001000, "一亿零一千"),
        (1_0001_0000_0000, "一万零一亿"),
        (100000001, "一亿零一"),
        (100010000, "一亿零一万"),
        (1000000000, "十亿"),
        (2_130_000_0000, "二百一十三亿"),
        (10**12, "一万亿"),
        (-5, "负五"),
        (-110, "负一百一十"),
    ],
)
def test_cn_number(n: int, text: str) -> None:
    assert cn_number(n) == text
    assert parse_cn(text) == n


def test_cn_number_rejects_bad_input() -> None:
    with pytest.raises(TypeError):
        cn_number(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="太大"):
        cn_number(10**16)


def test_headings_and_dates() -> None:
    assert cn_ordinal_heading(1) == "一、"
    assert cn_ordinal_heading(12) == "十二、"
    assert cn_paren_heading(1) == "（一）"
    assert cn_paren_heading(10) == "（十）"
    with pytest.raises(ValueError, match="正整数"):
        cn_paren_heading(0)
    assert cn_date(dt.date(2024, 4, 23)) == "2024年4月23日"
    assert cn_date(dt.date(2024, 1, 5)) == "2024年1月5日"
    assert cn_month(dt.date(2025, 12, 31)) == "2025年12月"


@pytest.mark.parametrize(
    ("n", "style", "text"),
    [
        (236, "exact", "236"),
        (236.0, "exact", "236"),
        (9, "yu", "9"),
        (13, "yu", "10余"),
        (40, "yu", "40"),
        (110, "yu", "110"),
        (112, "yu", "110余"),
        (236, "yu", "230余"),
        (999, "yu", "990余"),
        (1300, "yu", "1300"),
        (1350, "yu", "1300余"),
        (2034, "yu", "2000余"),
        (40000, "yu", "4万"),
        (44000, "yu", "4.4万"),
        (44321, "yu", "4.4万余"),
        (123_456_789, "yu", "1.2亿余"),
        (470, "jin", "近500"),
        (499, "jin", "近500"),
        (469, "jin", "469"),
        (500, "jin", "500"),
        (47, "jin", "近50"),
        (9400, "jin", "近1万"),
        (48000, "jin", "近5万"),
        (1_600_000, "yue_wan", "约160万"),
        (1_594_999, "yue_wan", "约159万"),
        (1_595_000, "yue_wan", "约160万"),
        (4999, "yue_wan", "4999"),
        (21_300_000_000, "chao_yi", "超213亿"),
        (21_399_999_999, "chao_yi", "超213亿"),
        (5_000_000, "chao_yi", "超500万"),
        (999, "chao_yi", "999"),
    ],
)
def test_approx_examples(n: float, style: str, text: str) -> None:
    assert approx(n, style) == text


def test_approx_rejects_unknown_style_and_negative_values() -> None:
    with pytest.raises(ValueError, match="未知的约数写法“about”"):
        approx(10, "about")
    with pytest.raises(ValueError, match="-5"):
        approx(-5, "yu")
    assert approx(-5, "exact") == "-5"
    with pytest.raises(ValueError, match="无效"):
        approx(float("nan"))
    with pytest.raises(TypeError):
        approx("12")  # type: ignore[arg-type]


def test_money_and_percent() -> None:
    assert wan(843_000) == "84.3万"
    assert wan(842_950) == "84.3万"  # half up
    assert wan(842_949) == "84.3万"
    assert wan(840_000) == "84.0万"
    assert wan(843_000, decimals=0) == "84万"
    assert yi(2_602_000_000) == "26.02亿"
    assert yi(2_602_500_000) == "26.03亿"  # exact half rounds up, not to even
    assert percent(464, 546) == "85.0%"
    assert percent(441, 928) == "47.5%"
    assert percent(1, 16) == "6.3%"
    assert percent(1, 3, decimals=2) == "33.33%"
    assert percent(5, 5) == "100.0%"
    assert percent(0, 0) == "—"
    assert percent(3, 0) == "—"


def test_small_cn() -> None:
    assert [small_cn(n) for n in range(1, 11)] == list("一两三四五六七八九十")
    assert small_cn(11) == "11"
    assert small_cn(0) == "0"


# --- properties -----------------------------------------------------------------------------


def test_cn_number_is_injective_up_to_100000() -> None:
    texts = {cn_number(n) for n in range(100_001)}
    assert len(texts) == 100_001


@given(st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1))
def test_cn_number_reads_back(n: int) -> None:
    text = cn_number(n)
    assert parse_cn(text) == n
    assert ("零零" not in text and not text.endswith("零")) or n == 0


def _value(text: str) -> Decimal:
    match = re.fullmatch(r"[约近超]?([\d.]+)(万|亿)?余?", text)
    assert match, text
    unit = {"万": 10_000, "亿": 100_000_000, None: 1}[match.group(2)]
    return Decimal(match.group(1)) * unit


counts = st.integers(min_value=0, max_value=10**12)


@given(counts)
def test_yu_is_a_lower_bound_within_one_step(n: int) -> None:
    text = approx(n, "yu")
    shown = _value(text)
    if n < 10:
        assert text == str(n)
        return
    step = 10 if n < 1000 else 100 if n < 10_000 else 1000 if n < 10**8 else 10**7
    assert shown <= n < shown + step
    assert text.endswith("余") == (shown != n)


@given(counts)
def test_jin_is_just_below_a_round_number_or_exact(n: int) -> None:
    text = approx(n, "jin")
    if text.startswith("近"):
        target = _value(text)
        assert target * Decimal("0.94") <= n < target
    else:
        assert text == str(n)


@given(counts)
def test_yue_wan_is_the_nearest_wan(n: int) -> None:
    text = approx(n, "yue_wan")
    if text.startswith("约"):
        assert abs(_value(text) - n) <= 5000
    else:
        assert text == str(n) and n < 5000


@given(counts)
def test_chao_is_a_floor(n: int) -> None:
    text = approx(n, "chao_yi")
    if n < 10_000:
        assert text == str(n)
        return
    step = 10**8 if n >= 10**8 else 10_000
    assert text.startswith("超")
    assert _value(text) <= n < _value(text) + step


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_percent_is_half_up(numerator: int, denominator: int) -> None:
    text = percent(numerator, denominator)
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    assert abs(Decimal(text[:-1]) - exact) <= Decimal("0.05")
    assert re.fullmatch(r"\d+\.\d%", text)
