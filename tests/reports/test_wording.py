"""Every built-in document, rendered for the demo's years, a part-year period, a since-session
period and a unit scope, follows the wording rules on its extracted text: 全年 only for a
calendar year, one 截至 date (the period's end), no year-on-year against an empty period, no
printed zero counts, no dangling punctuation, no leftover tags, no nested “ ”, Arabic numerals
for counts, no clause twice in a row."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from app.models import Unit
from app.reports.meta import find_session, since_session_period
from app.reports.period import Period
from tests.reports.conftest import ReportDemo, first_member, plenary_event, render

UNITS = "件|次|篇|名|人次|人|项|期|批次|家|方面|条|个"
ZERO_COUNT = re.compile(rf"(?<![\d.])0(?:{UNITS})")
CN_COUNT = re.compile(rf"(?<![届第])[一二两三四五六七八九十百千]+(?:{UNITS})(?!会议)")
AS_OF = re.compile(r"截至(\d{4}年\d{1,2}月\d{1,2}日)")
DANGLING = ("。，", "，。", "；。", "，，", "。。", "：。", "其中，。", "其中。", "、。", "，；",
            "（）")
LEFTOVER = ("{{", "}}", "{%", "%}", "⟦", "⟧", "{#", "#}")


@dataclass
class Draft:
    name: str
    text: str  # paragraphs, then table rows (cells joined with " | ")
    period: Period | None


def text_of(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(" | ".join(c.text for c in row.cells) for row in table.rows)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def drafts(report_demo: ReportDemo) -> dict[str, Draft]:
    demo = report_demo
    session = find_session(demo.db, "十届四次")
    periods = {
        "2024": Period.year(2024), "2025": Period.year(2025),
        "part": Period.between(dt.date(2025, 3, 1), dt.date(2025, 6, 30)),
        "part-first": Period.between(dt.date(2024, 3, 1), dt.date(2024, 6, 30)),
        "since": since_session_period(demo.db, session, dt.date(2026, 1, 7)),
        "empty": Period.year(2023),  # before the demo's records: every sentence drops out
    }  # fmt: skip
    with demo.db.reader() as s:
        unit = s.scalar(select(Unit.id).where(Unit.name == "提案委员会"))
    out: dict[str, Draft] = {}
    for kind in ("work-report", "year-review", "proposal-report"):
        for label, period in periods.items():
            name = f"w-{kind}-{label}.docx"
            out[name] = Draft(name, text_of(render(demo, kind, name, period=period)), period)
        name = f"w-{kind}-scope.docx"
        out[name] = Draft(name, text_of(render(demo, kind, name, period=periods["2025"],
                                                unit_id=unit)), periods["2025"])
    for label in ("2024", "2025", "part"):
        name = f"w-dossier-{label}.docx"
        out[name] = Draft(name, text_of(render(demo, "member-dossier", name,
                                                period=periods[label],
                                                member_id=first_member(demo))), periods[label])
    out["w-compilation.docx"] = Draft("w-compilation.docx", text_of(render(
        demo, "proposal-compilation", "w-compilation.docx", session_id=session.id)), None)
    out["w-signin.docx"] = Draft("w-signin.docx", text_of(render(
        demo, "sign-in", "w-signin.docx", event_id=plenary_event(demo))), None)
    return out


def prose(draft: Draft) -> str:
    """The draft without its 【待补充：…】 placeholders (the clerk's part)."""
    return re.sub(r"【待补充：[^】]*】", "", draft.text)


def test_every_kind_and_period_was_rendered(drafts: dict[str, Draft]) -> None:
    assert len(drafts) == 26
    assert all(len(d.text) > 200 for d in drafts.values())


def test_quannian_only_for_a_calendar_year(drafts: dict[str, Draft]) -> None:
    for d in drafts.values():
        if d.period is not None and d.period.kind != "year":
            assert "全年" not in d.text, d.name
    assert "全年" in drafts["w-work-report-2025.docx"].text  # the rule is not vacuous
    assert "期间共收到提案" in drafts["w-work-report-part.docx"].text
    assert "十届四次会议以来共收到提案" in drafts["w-work-report-since.docx"].text


def test_one_as_of_date_the_period_end(drafts: dict[str, Draft]) -> None:
    from app.reports.template_objects import cn_day

    seen = 0
    for d in drafts.values():
        dates = set(AS_OF.findall(d.text))
        assert len(dates) <= 1, (d.name, dates)
        if dates and d.period is not None:
            assert dates == {cn_day(d.period.end)}, (d.name, dates)
            seen += 1
    assert seen >= 12


def test_no_year_on_year_against_an_empty_period(drafts: dict[str, Draft]) -> None:
    # the demo starts in 2024: nothing to compare 2024 (or its spring) with
    for name in ("w-work-report-2024.docx", "w-proposal-report-2024.docx",
                 "w-work-report-empty.docx", "w-year-review-empty.docx",
                 "w-work-report-part-first.docx", "w-proposal-report-part-first.docx"):
        assert "比上年" not in drafts[name].text and "与上年" not in drafts[name].text, name
    assert "比上年" in drafts["w-work-report-2025.docx"].text
    assert "比上年同期" in drafts["w-proposal-report-part.docx"].text


def test_no_printed_zero_counts(drafts: dict[str, Draft]) -> None:
    for d in drafts.values():
        # the dossier's count table may hold 0次; its prose may not
        body = d.text.split("履职情况统计")[0] if d.name.startswith("w-dossier") else d.text
        assert not ZERO_COUNT.findall(body), (d.name, ZERO_COUNT.findall(body))
        for line in d.text.splitlines():
            if line.startswith("合计"):
                assert not re.match(r"合计 \| 0 \|", line), (d.name, line)


def test_no_dangling_punctuation_or_leftover_tags(drafts: dict[str, Draft]) -> None:
    for d in drafts.values():
        for bad in (*DANGLING, *LEFTOVER):
            assert bad not in d.text, (d.name, bad, d.text[max(0, d.text.find(bad) - 40):
                                                             d.text.find(bad) + 40])


def test_no_nested_double_quotes(drafts: dict[str, Draft]) -> None:
    for d in drafts.values():
        depth = 0
        for ch in d.text:
            if ch == "“":
                depth += 1
                assert depth == 1, d.name
            elif ch == "”":
                depth = max(depth - 1, 0)


def test_one_cohort_per_sentence(drafts: dict[str, Draft]) -> None:
    """督办提案 are among the period's accepted proposals (the part-year defect: 立案17件……
    督办提案89件); received and handled 社情民意 figures are in different sentences."""
    proposals = re.compile(r"共收到(?:归口本单位的)?提案(\d+)件(?:（[^）]*）)?，立案(\d+)件[^。]*"
                           r"督办提案(\d+)件")
    seen = 0
    for d in drafts.values():
        for sentence in d.text.replace("\n", "。").split("。"):
            found = proposals.search(sentence)
            if found:
                received, accepted, supervised = (int(x) for x in found.groups())
                assert supervised <= accepted <= received, (d.name, sentence)
                assert "开展督办" not in sentence, (d.name, sentence)
                seen += 1
            if "收集社情民意信息" in sentence or "征集社情民意信息" in sentence:
                assert "编发" not in sentence and "上报" not in sentence, (d.name, sentence)
    assert seen >= 8


def test_short_names_of_committees(drafts: dict[str, Draft]) -> None:
    """市政协, not 政协示范市委员会, in running text (the seeds' wording)."""
    for d in drafts.values():
        for line in prose(d).splitlines():
            assert not re.search(r"被政协\S+委员会", line), (d.name, line)
    assert "被市政协表彰为" in drafts["w-work-report-since.docx"].text


def test_arabic_numerals_for_counts(drafts: dict[str, Draft]) -> None:
    for d in drafts.values():
        found = CN_COUNT.findall(prose(d))
        assert not found, (d.name, found)


def test_no_clause_twice_in_a_row(drafts: dict[str, Draft]) -> None:
    for d in drafts.values():
        for line in prose(d).splitlines():
            clauses = [c.strip() for c in re.split(r"[，；。：]", line) if len(c.strip()) > 3]
            for a, b in itertools.pairwise(clauses):
                assert a != b, (d.name, a)


def test_scoped_review_keeps_committee_figures_committee_wide(
        drafts: dict[str, Draft]) -> None:
    whole = drafts["w-year-review-2025.docx"].text
    scoped = drafts["w-year-review-scope.docx"].text
    sentence = re.compile(r"县政协全年共收到提案(\d+)件（其中归口本委(\d+)件）")
    assert sentence.search(whole) is not None
    assert sentence.search(scoped).groups() == sentence.search(whole).groups()
    total, share = (int(x) for x in sentence.search(whole).groups())
    assert 0 < share < total


def test_scoped_work_report_names_its_unit(drafts: dict[str, Draft]) -> None:
    text = drafts["w-work-report-scope.docx"].text
    assert "提案委员会2025年工作回顾" in text
    assert "共收到归口本单位的提案" in text
    assert re.search(r"提案委员会共有委员\d+名", text)
