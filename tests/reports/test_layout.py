"""Every built-in document renders from the demo, reopens with python-docx, and is laid out
to GB/T 9704: A4, the 版心 margins, the 22-line grid, 仿宋 三号 body, 小标宋 (or bold 宋体)
title, 黑体 and 楷体 headings, and ``— N —`` page numbers in the odd and even footers."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

KINDS = ["work-report", "year-review", "proposal-report", "proposal-compilation",
         "member-dossier", "sign-in"]


def east_asian_font(style) -> str:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


@pytest.mark.parametrize("kind", KINDS)
def test_page_setup_and_footers(documents: dict[str, Path], kind: str) -> None:
    doc = Document(str(documents[kind]))
    assert doc.paragraphs, kind
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)  # A4, stored in twips
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    for got, mm in ((section.top_margin, 37), (section.bottom_margin, 35),
                    (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(got - Mm(mm)) < Mm(0.1), kind
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in "".join(t.text or "" for t in p._p.iter(qn("w:instrText")))
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment.name.lower() == align
        assert 'w:eastAsia="宋体"' in xml and 'w:val="28"' in xml  # 四号 宋体


def test_body_title_and_heading_fonts(documents: dict[str, Path]) -> None:
    doc = Document(str(documents["work-report"]))
    styles = doc.styles
    normal = styles["Normal"]
    assert east_asian_font(normal) == "仿宋" and normal.font.size == Pt(16)
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    spacing = normal.element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    title = styles["Title"]
    # no 小标宋 installed here: the scheme falls back to bold 宋体 (TECH_NOTES §1)
    assert east_asian_font(title) == "宋体" and title.font.size == Pt(22)
    assert title.font.bold
    assert title.paragraph_format.alignment.name == "CENTER"
    assert east_asian_font(styles["Heading 1"]) == "黑体"
    assert east_asian_font(styles["Heading 2"]) == "楷体"
    for name in ("Heading 1", "Heading 2"):
        assert styles[name].font.size == Pt(16)
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Normal", "部分标题"} <= used
    first = doc.paragraphs[0]
    assert first.style.name == "Title"
    # broken at a word boundary
    assert first.text == "中国人民政治协商会议\n第十届示范县委员会常务委员会工作报告"


def test_installed_fonts_are_preferred(report_demo, monkeypatch) -> None:
    import app.reports.fonts as fonts
    from tests.reports.conftest import render

    monkeypatch.setattr(fonts, "installed_fonts",
                        lambda: frozenset({"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"}))
    from app.reports.period import Period

    path = render(report_demo, "sign-in", "fonts.docx", period=Period.year(2025),
                  event_id=1)
    styles = Document(str(path)).styles
    assert east_asian_font(styles["Title"]) == "方正小标宋简体"
    assert not styles["Title"].font.bold
    assert east_asian_font(styles["Normal"]) == "仿宋_GB2312"
    assert east_asian_font(styles["Heading 2"]) == "楷体_GB2312"


def test_placeholders_are_highlighted(documents: dict[str, Path]) -> None:
    doc = Document(str(documents["work-report"]))
    marked = [r for p in doc.paragraphs for r in p.runs if "【待补充" in r.text]
    assert len(marked) >= 20
    for run in marked:
        assert run.text.startswith("【待补充") and run.text.endswith("】")
        assert run._r.rPr.find(qn("w:highlight")).get(qn("w:val")) == "yellow"
    unmarked = [r for p in doc.paragraphs for r in p.runs
                if "待补充" not in r.text and r._r.rPr is not None
                and r._r.rPr.find(qn("w:highlight")) is not None]
    assert unmarked == []


def test_no_template_tag_is_left(documents: dict[str, Path]) -> None:
    for kind, path in documents.items():
        doc = Document(str(path))
        texts = [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        leftover = [t for t in texts if "{{" in t or "{%" in t or "⟦" in t]
        assert leftover == [], kind


def test_tables_and_lists(documents: dict[str, Path], report_demo) -> None:
    from sqlalchemy import func, select

    from app.domain.enums import Attendance
    from app.models import Participation
    from tests.reports.conftest import plenary_event

    doc = Document(str(documents["sign-in"]))
    rows = doc.tables[0].rows
    assert [c.text for c in rows[0].cells] == ["序号", "姓名", "界别", "签　名", "备注"]
    event_id = plenary_event(report_demo)
    with report_demo.db.reader() as s:
        invited = s.scalar(select(func.count()).where(Participation.event_id == event_id))
        excused = s.scalar(select(func.count()).where(
            Participation.event_id == event_id, Participation.attendance == Attendance.EXCUSED))
    assert len(rows) == invited + 1 and excused > 0
    assert sum(r.cells[4].text == "请假" for r in rows[1:]) == excused
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    assert f"应到{invited}人" in doc.paragraphs[-1].text
    assert f"请假{excused}人" in doc.paragraphs[-1].text
    compilation = Document(str(documents["proposal-compilation"]))
    toc = compilation.tables[0]
    assert [c.text for c in toc.rows[0].cells] == ["提案号", "案由", "提案人", "承办单位"]
    assert any("件）" in r.cells[0].text for r in toc.rows[1:])  # category group rows


def test_placeholders_found_through_their_opening_bracket() -> None:
    """``highlight_placeholders`` looks only at text holding 【: every placeholder starts so;
    one inside a run is split off and marked, one spread over runs is counted, unmarked."""
    from app.reports.gongwen import PLACEHOLDER
    from app.reports.postprocess import PLACEHOLDER_OPENING, highlight_placeholders

    assert PLACEHOLDER.pattern.startswith(f"({PLACEHOLDER_OPENING}")
    doc = Document()
    doc.add_paragraph("甲【待补充：一】乙【待补充：二】丙")  # one run holding two
    spread = doc.add_paragraph()
    spread.add_run("【待补充：")
    spread.add_run("三】")
    doc.add_paragraph("【括号】里没有待补充")
    assert highlight_placeholders(doc) == 3
    first = [r.text for r in doc.paragraphs[0].runs]
    assert first == ["甲", "【待补充：一】", "乙", "【待补充：二】", "丙"]
    marked = [r.text for p in doc.paragraphs for r in p.runs if r._r.rPr is not None
              and r._r.rPr.find(qn("w:highlight")) is not None]
    assert marked == ["【待补充：一】", "【待补充：二】"]
