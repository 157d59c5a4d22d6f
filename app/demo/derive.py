"""Columns derived from what a person types. The member service will own this; the demo
generator calls it so that demo rows look exactly like rows entered through the program."""

from __future__ import annotations

import datetime as dt

from app.text.idcard import check_character
from app.text.pinyin import search_key
from app.text.strokes import stroke_key


def member_keys(name: str) -> dict[str, str]:
    """``stroke_key`` (姓氏笔画 order) and ``search_key`` ("zl|zhanglin") for a member row."""
    return {"stroke_key": stroke_key(name), "search_key": search_key(name)}


def id_number(area_code: str, birth: dt.date, sequence: int) -> str:
    """An 18-character resident ID (GB 11643): the sequence's parity encodes the gender
    (odd 男, even 女) and the last character is the computed check character."""
    first17 = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
