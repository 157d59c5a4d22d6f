"""Chinese quotation marks (GB/T 15834): “…” outside, ‘…’ inside; and the short form of a
CPPCC committee's name as reports write it (政协示范市委员会 → 市政协)."""

from __future__ import annotations

import re

_DOUBLE = re.compile(r"“([^“”]*)”")
_STRAIGHT = re.compile(r'"([^"]*)"')


def inner_quotes(text: str) -> str:
    """The marks of a text that will itself be quoted: “三八红旗手” → ‘三八红旗手’, and
    straight "…" the same."""
    return _STRAIGHT.sub(r"‘\1’", _DOUBLE.sub(r"‘\1’", text))


def quoted(text: str) -> str:
    """全市“三八红旗手” → “全市‘三八红旗手’”; a text already wholly quoted is not quoted twice."""
    text = text.strip()
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        text = text[1:-1]
    return f"“{inner_quotes(text)}”"


_CPPCC = re.compile(r"^(?:中国人民政治协商会议|政协)(?:第[一二三四五六七八九十]+届)?"
                    r"\S*?(省|自治区|市|自治州|州|盟|县|自治县|区|旗)委员会$")


def short_cppcc(name: str) -> str:
    """政协示范市委员会 → 市政协, 政协山西省委员会 → 省政协, 全国政协 stays; other names as given.
    The reports' own wording (S1: “县政协被表彰为……”, S2: “市政协”) uses the short form."""
    text = name.strip()
    if text in ("中国人民政治协商会议全国委员会", "政协全国委员会"):
        return "全国政协"
    match = _CPPCC.match(text)
    if match is None:
        return text
    level = match.group(1)
    return {"自治区": "自治区", "自治州": "州", "自治县": "县"}.get(level, level) + "政协"
