"""Quotation marks inside quotations (GB/T 15834) and the short names of CPPCC committees."""

from __future__ import annotations

import pytest

from app.reports.filters import q
from app.text.quotes import inner_quotes, quoted, short_cppcc


@pytest.mark.parametrize(("text", "want"), [
    ("全市“三八红旗手”", "“全市‘三八红旗手’”"),
    ("优秀政协委员", "“优秀政协委员”"),
    ("“先进集体”", "“先进集体”"),  # already quoted: not quoted twice
    ('全省"扫黄打非"先进个人', "“全省‘扫黄打非’先进个人”"),
])
def test_quoted(text: str, want: str) -> None:
    assert quoted(text) == want
    assert q(text) == want


def test_inner_quotes_leave_other_text() -> None:
    assert inner_quotes("没有引号") == "没有引号"


@pytest.mark.parametrize(("name", "short"), [
    ("政协示范市委员会", "市政协"), ("政协山西省委员会", "省政协"),
    ("中国人民政治协商会议全国委员会", "全国政协"), ("政协第十届示范县委员会", "县政协"),
    ("中共示范市委统战部", "中共示范市委统战部"), ("示范市人民政府", "示范市人民政府"),
])
def test_short_cppcc(name: str, short: str) -> None:
    assert short_cppcc(name) == short
