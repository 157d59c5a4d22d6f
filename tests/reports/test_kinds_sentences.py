"""The 常委会工作报告 writes the 协商议事, 文史资料 and 媒体报道 figures where the records hold
them, instead of 【待补充】 (seed 1: "参与协商议事活动110余次"; seed 2: "被20余家中央和省级主流媒体
报道85次")."""

from __future__ import annotations

import re

from app.reports.figures import compute
from app.reports.period import Period
from app.text.numerals import approx
from tests.reports.test_numbers import prose


def test_work_report_writes_platforms_publications_and_media(documents, report_demo) -> None:
    text = prose(documents["work-report"])
    v = {k: f.value for k, f in compute(report_demo.db, [
        "platforms.count", "platforms.sessions", "platforms.member_times", "platforms.results",
        "publications.count", "publications.volumes", "publications.words", "media.reports",
        "media.higher"], Period.year(2025)).items()}
    assert all(v[k] for k in ("platforms.sessions", "publications.count", "media.reports"))
    assert (f"依托{v['platforms.count']}个“有事来商量”等协商议事平台开展协商议事活动"
            f"{v['platforms.sessions']}次，委员参与协商议事活动"
            f"{approx(v['platforms.member_times'])}次") in text
    if v["platforms.results"]:
        assert f"落实协商结果{v['platforms.results']}件" in text
    words = f"{v['publications.words']}".rstrip("0").rstrip(".")
    # the titles (three at most, then 等) stand before the count
    assert re.search(rf"编印(《[^》]+》){{1,3}}(等)?文史资料{v['publications.count']}部"
                     rf"{v['publications.volumes']}册", text)
    assert f"{words}万字" in text
    assert f"各级媒体报道本会工作和委员履职{v['media.reports']}次" in text
    if v["media.higher"]:
        assert f"其中中央和省级媒体报道{v['media.higher']}次" in text
    assert "本系统未登记" not in text and "协商议事平台的建设和活动情况" not in text
