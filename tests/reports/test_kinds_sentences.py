"""The 常委会工作报告 writes the 协商议事, 文史资料 and 媒体报道 figures where the records hold
them, instead of 【待补充】 (seed 1: "参与协商议事活动110余次"; seed 2: "被20余家中央和省级主流媒体
报道85次")."""

from __future__ import annotations

from app.reports.figures import compute
from app.reports.period import Period
from app.text.numerals import approx
from tests.reports.test_numbers import prose


def publication_titles(report_demo, year: int) -> list[str]:
    import datetime as dt

    from sqlalchemy import select

    from app.models import Publication

    with report_demo.db.reader() as s:
        return list(s.scalars(select(Publication.title).where(
            Publication.deleted_at.is_(None),
            Publication.published_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .order_by(Publication.published_on, Publication.id)))


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
    # the titles (three at most, then 等) stand before the count, each in 书名号 once
    titles = publication_titles(report_demo, 2025)[:3]
    assert titles
    shown = "、".join(t if "《" in t else f"《{t}》" for t in titles)
    if not any("《" in t for t in titles):
        shown = shown.replace("、", "")
    assert (f"编印{shown}{'等' if len(publication_titles(report_demo, 2025)) > 3 else ''}"
            f"文史资料{v['publications.count']}部{v['publications.volumes']}册") in text
    assert "《《" not in text
    assert f"{words}万字" in text
    assert f"各级媒体报道本会工作和委员履职{v['media.reports']}次" in text
    if v["media.higher"]:
        assert f"其中中央和省级媒体报道{v['media.higher']}次" in text
    assert "本系统未登记" not in text and "协商议事平台的建设和活动情况" not in text
