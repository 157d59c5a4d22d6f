"""Chinese quotation marks (GB/T 15834): “…” outside, ‘…’ inside."""

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
