"""委员年度履职情况通报: renders from the demo with the year's 履职考核 figures, lists the 优秀
members, lists those who missed the minimum duties only when asked, and passes the GB/T 9704
layout checks of the other built-in documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from app.reports.figures import compute, figures
from app.reports.kinds import get_kind
from app.reports.period import Period
from app.scoring.engine import compute_scores
from tests.reports.conftest import ReportDemo, render
from tests.reports.test_layout import test_page_setup_and_footers as check_page_setup


@pytest.fixture(scope="module")
def bulletins(report_demo: ReportDemo) -> dict[str, Path]:
    year = Period.year(2025)
    return {"plain": render(report_demo, "member-bulletin", "bulletin.docx", period=year),
            "missed": render(report_demo, "member-bulletin", "bulletin-missed.docx",
                             period=year, include_below_minimum=True)}


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_kind_is_a_tongbao() -> None:
    kind = get_kind("通报")
    assert kind.key == "member-bulletin" and "通报" in kind.name


def test_bulletin_figures_and_excellent_list(report_demo: ReportDemo,
                                             bulletins: dict[str, Path]) -> None:
    scores = compute_scores(report_demo.db, 2025)
    counts = {g.label: n for g, n in scores.grade_counts().items()}
    text = _text(bulletins["plain"])
    assert f"本年度共有{len(scores.members)}名委员参加履职考核" in text
    assert f"评定优秀{counts['优秀']}名、良好{counts['良好']}名" in text
    assert "{{" not in text and "{%" not in text
    doc = Document(str(bulletins["plain"]))
    excellent = [r.cells[1].text for r in doc.tables[0].rows[1:]]
    assert len(excellent) == counts["优秀"]
    expected = {m.name for m in scores.members if m.grade.label == "优秀"}
    assert set(excellent) == expected
    # the missed list is left out unless the office asks for it
    assert "未完成最低履职要求的委员" not in text and len(doc.tables) == 2  # 优秀, 界别组
    assert "三、有关要求" in text
    groups = [(r.cells[1].text, r.cells[3].text) for r in doc.tables[1].rows[1:]]
    assert [name for name, _ in groups] == [g.name for g in scores.groups("sector_group")]


def test_missed_list_only_when_chosen(report_demo: ReportDemo,
                                      bulletins: dict[str, Path]) -> None:
    scores = compute_scores(report_demo.db, 2025)
    missed = {m.name for m in scores.members if not m.minimum_met}
    doc = Document(str(bulletins["missed"]))
    text = _text(bulletins["missed"])
    assert "三、未完成最低履职要求的委员" in text and "四、有关要求" in text
    assert {r.cells[1].text for r in doc.tables[2].rows[1:]} == missed


def test_bulletin_layout(bulletins: dict[str, Path]) -> None:
    check_page_setup({"member-bulletin": bulletins["missed"]}, "member-bulletin")
    doc = Document(str(bulletins["missed"]))
    assert doc.paragraphs[0].style.name == "Title"
    assert "关于2025年度委员履职情况的通报" in doc.paragraphs[0].text


def test_scoring_figures_are_in_the_registry(report_demo: ReportDemo) -> None:
    keys = [f.key for f in figures("履职考核")]
    assert {"scoring.excellent", "scoring.average", "scoring.minimum_met"} <= set(keys)
    values = compute(report_demo.db, keys, Period.year(2025))
    scores = compute_scores(report_demo.db, 2025)
    assert values["scoring.assessed"].value == len(scores.members)
    assert values["scoring.excellent"].value + values["scoring.good"].value \
        + values["scoring.competent"].value + values["scoring.poor"].value \
        == len(scores.members)
    assert values["scoring.minimum_met"].value + values["scoring.below_minimum"].value \
        == len(scores.members)
    assert set(values["scoring.excellent"].ids) == {
        m.member_id for m in scores.members if m.grade.label == "优秀"}
    assert abs(values["scoring.average"].value - scores.average) < 0.1
