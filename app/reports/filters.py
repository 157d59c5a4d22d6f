"""Chinese filters for templates (``{{ x|cn }}``) and the Jinja environment documents render in.

Figures already carry their forms as attributes (``proposals.accepted.cn``); the filters do the
same for any number or date a template computes itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.reports.figure_text import FigureText
from app.reports.template_objects import Num, cn_day
from app.text import numerals
from app.text.quotes import quoted

if TYPE_CHECKING:
    from app.reports.sandbox import ReportEnvironment


def _number(value: Any) -> Any:
    if isinstance(value, FigureText | Num):
        return value.value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


def cn(value: Any) -> str:
    """236 → 二百三十六"""
    if isinstance(value, FigureText | Num):
        return value.cn
    return numerals.cn_number(int(_number(value)))


def small(value: Any) -> str:
    """2 → 两, 3 → 三 … 10 → 十, 11 → 11"""
    if isinstance(value, FigureText | Num):
        return value.small
    return numerals.small_cn(int(_number(value)))


def approx(value: Any, style: str = "yu") -> str:
    """236 → 230余; style jin (近500), yue_wan (约160万), chao_yi (超213亿)."""
    if isinstance(value, FigureText):
        return value._approx(style)
    number = _number(value)
    return numerals.approx(float(number) if isinstance(number, Decimal) else number, style)


def percent(value: Any, whole: Any, decimals: int = 1) -> str:
    """{{ a|percent(b) }} → 50.7%"""
    if isinstance(value, FigureText) and isinstance(whole, FigureText) and decimals == 1:
        return value.percent_of(whole)
    return numerals.percent(int(_number(value)), int(_number(whole)), decimals)


def cn_date(value: Any) -> str:
    """date → 2024年4月23日"""
    if isinstance(value, dt.date):
        return cn_day(value)
    return str(value)


def wan(value: Any, decimals: int = 1) -> str:
    """843000 (元) → 84.3万"""
    return numerals.wan(float(_number(value)), decimals)


def yoy(value: Any) -> str:
    """{{ proposals.received|yoy }} → 比上年增加12件"""
    if isinstance(value, FigureText):
        return value.yoy
    raise TypeError("yoy 只能用于统计指标")


def q(value: Any) -> str:
    """Quote a name: 全市“三八红旗手” → “全市‘三八红旗手’” (quotation marks inside become
    single ones, GB/T 15834)."""
    return quoted(str(value))


FILTERS = {"cn": cn, "small": small, "approx": approx, "percent": percent, "cn_date": cn_date,
           "wan": wan, "yoy": yoy, "q": q}


def environment() -> ReportEnvironment:
    """A fresh sandboxed environment (see ``sandbox``) with the Chinese filters: autoescaped
    (``& < >`` in data cannot break the XML), strict about undefined names."""
    from app.reports.sandbox import ReportEnvironment

    env = ReportEnvironment()
    env.filters.update(FILTERS)
    return env
