"""Numbers as report writers print them: Chinese numerals, dates, approximate figures, money.

Rounding conventions follow the office's reports (DOMAIN.md §1c):

* "N余" (at least N): below 1,000 round down to tens, from 1,000 to 9,999 down to hundreds, from
  10,000 in 万 with one decimal (floor), from 1亿 in 亿 with one decimal (floor). "余" is dropped
  when the value already is the round number (1300 → "1300"); values under 10 stay exact.
* "近N" (just under N): N is the next multiple of the value's leading unit (10, 100, 1000 …) and
  the value is at least 94 % of it, so 470–499 → "近500"; otherwise the exact value is printed.
* "约N万": nearest 万, half up (below 5,000 the exact value). "超N亿": floor in 亿 (below 1亿
  "超N万", below 1万 the exact value). Unlike "余", "约" and "超" are kept even when the value
  is exactly round: 1,600,000 → "约160万", 21,300,000,000 → "超213亿".
* Money: 万元 to 1 decimal, 亿元 to 2 decimals, rounded half up; percentages half up.

All rounding is done on exact decimals: no binary floating-point error, no banker's rounding.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = [
    "approx",
    "cn_date",
    "cn_month",
    "cn_number",
    "cn_ordinal_heading",
    "cn_paren_heading",
    "percent",
    "small_cn",
    "wan",
    "yi",
]

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_MAX_CN = 10**16
_WAN = 10_000
_YI = 100_000_000
_JIN_PERCENT = 94  # "近N" when the value is at least 94 % of N: 470 → 近500


def _section(n: int) -> str:
    """Chinese numeral for 1–9999 with inner zeros ("一千零一", "一百一十")."""
    out: list[str] = []
    zero_pending = False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[digit] + _SMALL_UNITS[power])
    return "".join(out)


def _below_yi(n: int) -> str:
    """Chinese numeral for 1 to 99,999,999 (no 一十 shortening)."""
    high, low = divmod(n, _WAN)
    text = _section(high) + "万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + _section(low)
    return text


def cn_number(n: int) -> str:
    """Chinese numeral: 0 "零", 10 "十", 12 "十二", 105 "一百零五", 110 "一百一十", 10000 "一万".

    Zeros follow the school rule: zeros at the end of a four-digit group are not read, other
    runs of zeros are read as one 零 (一千万一千, 十万零一百, 一亿零一千). Negative numbers
    get "负". Supported up to (but excluding) 10**16; 10**12 is read 一万亿.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"cn_number需要整数，实际为{n!r}")
    if n < 0:
        return "负" + cn_number(-n)
    if n == 0:
        return "零"
    if n >= _MAX_CN:
        raise ValueError(f"数值{n}太大，中文数字只支持到一亿亿以下")
    high, low = divmod(n, _YI)
    text = _below_yi(high) + "亿" if high else ""
    if low:
        text += ("零" if high and low < _YI // 10 else "") + _below_yi(low)
    return text[1:] if text.startswith("一十") else text


def cn_ordinal_heading(n: int) -> str:
    """First-level heading number: 1 → "一、"."""
    _check_positive(n)
    return cn_number(n) + "、"


def cn_paren_heading(n: int) -> str:
    """Second-level heading number: 1 → "（一）"."""
    _check_positive(n)
    return f"（{cn_number(n)}）"


def _check_positive(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"标题序号应为正整数，实际为{n!r}")


def cn_date(d: dt.date) -> str:
    """ "2024年4月23日" (no zero padding, as in 公文)."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month(d: dt.date) -> str:
    """ "2024年4月"."""
    return f"{d.year}年{d.month}月"


def small_cn(n: int) -> str:
    """Small counts in running text: 1–10 as Chinese numerals with 两 for 2, else Arabic digits."""
    if 1 <= n <= 10:
        return "两" if n == 2 else cn_number(n)
    return str(n)


def _decimal(value: int | float) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"需要数值，实际为{value!r}")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"数值{value}无效")
        return Decimal(repr(value))  # the shortest repr, so 0.1 stays 0.1
    return Decimal(value)


def _plain(value: Decimal) -> str:
    """Decimal without exponent and without trailing zeros: 236, 4.4, 0.25."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _floor_to(value: Decimal, step: int) -> Decimal:
    return (value / step).to_integral_value(ROUND_FLOOR) * step


def _scaled(value: Decimal, unit: int, rounding: str, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return (value / unit).quantize(quantum, rounding=rounding)


def _yu(value: Decimal) -> str:
    if value < 10:
        return _plain(value)
    if value >= _WAN:
        unit, suffix = (_YI, "亿") if value >= _YI else (_WAN, "万")
        shown = _scaled(value, unit, ROUND_FLOOR, 1)
        text = _plain(shown) + suffix
        return text if shown * unit == value else text + "余"
    rounded = _floor_to(value, 10 if value < 1000 else 100)
    return _plain(rounded) if rounded == value else f"{_plain(rounded)}余"


def _round_label(n: int) -> str:
    """A round number as printed: 500, 1000, 5万, 50万, 3亿."""
    if n >= _YI and n % _YI == 0:
        return f"{n // _YI}亿"
    if n >= _WAN and n % _WAN == 0:
        return f"{n // _WAN}万"
    return str(n)


def _jin(value: Decimal) -> str:
    if value < 10 or value != value.to_integral_value():
        return _plain(value)
    n = int(value)
    unit = 10 ** (len(str(n)) - 1)
    target = -(-n // unit) * unit  # next multiple of the leading unit
    if target == n or n * 100 < target * _JIN_PERCENT:
        return _plain(value)
    return f"近{_round_label(target)}"


def _yue_wan(value: Decimal) -> str:
    rounded = _scaled(value, _WAN, ROUND_HALF_UP, 0)
    if rounded == 0:
        return _plain(value)
    return f"约{_plain(rounded)}万"


def _chao_yi(value: Decimal) -> str:
    if value < _WAN:
        return _plain(value)
    unit, suffix = (_YI, "亿") if value >= _YI else (_WAN, "万")
    return f"超{_plain(_scaled(value, unit, ROUND_FLOOR, 0))}{suffix}"


_STYLES = {"yu": _yu, "jin": _jin, "yue_wan": _yue_wan, "chao_yi": _chao_yi}


def approx(n: int | float, style: str = "yu") -> str:
    """A figure written the way reports round it.

    Styles: "exact" (236), "yu" (230余, 2000余, 4.4万余), "jin" (近500), "yue_wan" (约160万),
    "chao_yi" (超213亿; below 1亿 it falls back to 超N万, below 1万 to the exact value).
    Approximate styles need a value of at least 0.
    """
    value = _decimal(n)
    if style == "exact":
        return _plain(value)
    formatter = _STYLES.get(style)
    if formatter is None:
        names = "、".join(["exact", *_STYLES])
        raise ValueError(f"未知的约数写法“{style}”，可选：{names}")
    if value < 0:
        raise ValueError(f"约数写法“{style}”只适用于非负数值，实际为{_plain(value)}")
    return formatter(value)


def wan(amount_yuan: float, decimals: int = 1) -> str:
    """Amount in 万 (half up, fixed decimals): 843000 → "84.3万"."""
    return f"{_scaled(_decimal(amount_yuan), _WAN, ROUND_HALF_UP, decimals)}万"


def yi(amount_yuan: float, decimals: int = 2) -> str:
    """Amount in 亿 (half up, fixed decimals): 2602000000 → "26.02亿"."""
    return f"{_scaled(_decimal(amount_yuan), _YI, ROUND_HALF_UP, decimals)}亿"


def percent(numerator: int, denominator: int, decimals: int = 1) -> str:
    """Percentage with fixed decimals, half up: 464/546 → "85.0%"; denominator 0 → "—"."""
    if denominator == 0:
        return "—"
    ratio = Fraction(numerator) * 100 / Fraction(denominator)
    value = Decimal(ratio.numerator) / Decimal(ratio.denominator)
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded}%"
