"""The values of ``main.py setup`` as the clerk writes them, in options, the setup file or
the prompts: 届次 and 次 (十 / 第十届 / 10), a plenary session (一次:2021-12-20), the 界别
preset."""

from __future__ import annotations

import re
from typing import Any

from app.cli.options import DateOptionError, parse_cli_date
from app.errors import AppError

SECTOR_ALIASES = {"county": "county", "县": "county", "县级": "county", "区": "county",
                  "city": "city", "市": "city", "市级": "city",
                  "none": "none", "无": "none", "不预置": "none"}
_ORDINAL = re.compile(r"^第?(.+?)(?:届|次(?:会议)?|次全体会议)?$")


def ordinal(text: Any, what: str) -> int:
    """十 / 第十届 / 10 / 一次 / 第一次会议 → the number; the message names ``what``."""
    from app.exchange.normalize import cn_int

    raw = str(text if text is not None else "").strip()
    raw = re.sub(r"^[^届]*届(?=.*次)", "", raw)  # 十届一次 → 一次
    match = _ORDINAL.match(raw)
    number = cn_int(match[1]) if match else None
    if not number or number < 1:
        raise AppError(f"{what}“{text}”无效，应写成如“十”“第十届”或“10”的形式。"
                       if what == "届次" else
                       f"{what}“{text}”无效，应写成如“一次”或“1”的形式。")
    return number


def session_spec(text: str, option: str = "--session") -> Any:
    """一次:2021-12-20[:2021-12-23[:地点]] → PlenaryPlan."""
    from app.services.setup import PlenaryPlan

    parts = [p.strip() for p in re.split(r"[:：]", str(text))]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise AppError(f"{option} 的值“{text}”无效，应写成“一次:2021-12-20”"
                       "（次、开幕日期，可再加“:闭幕日期”）。")
    number = ordinal(parts[0], "全体会议的次数")
    try:
        start = parse_cli_date(option, parts[1])
        end = parse_cli_date(option, parts[2]) if len(parts) > 2 and parts[2] else None
    except DateOptionError as exc:
        raise AppError(str(exc)) from None
    place = "：".join(parts[3:]) if len(parts) > 3 else ""
    return PlenaryPlan(number, start, end, place)


def sector_choice(text: Any) -> str:
    key = str(text).strip().lower()
    if key not in SECTOR_ALIASES:
        raise AppError(f"界别预置“{text}”无效，"
                       "应为 county（县级）、city（市级）或 none（不预置）。")
    return SECTOR_ALIASES[key]
