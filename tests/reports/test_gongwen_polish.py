"""公文 polish on the generated .docx (XML checks): 28 characters a line on the grid, titles
broken at word boundaries, zh-CN theme language, East Asian fonts in the font table, the
draft's own core properties, the 提案汇编's cover and TOC, page numbers per member."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from app.reports.fonts import _names, font_scheme
from app.reports.gongwen import Margins, char_space, text_width, title_lines
from app.reports.period import Period
from tests.reports.conftest import render

DRAFTS = ("work-report", "proposal-report", "year-review", "proposal-compilation",
          "member-dossier", "sign-in")


def test_char_space_gives_28_characters_on_the_gbt_9704_line() -> None:
    space = char_space(Margins())
    pitch_pt = 16 + space / 4096
    assert space == -848
    assert abs(pitch_pt * 28 - (210 - 28 - 26) / 25.4 * 72) < 0.05
    # other margins: still 28 a line
    wide = char_space(Margins(left=25, right=25))
    assert abs((16 + wide / 4096) * 28 - 160 / 25.4 * 72) < 0.05


@pytest.mark.parametrize("kind", DRAFTS)
def test_the_grid_language_fonts_and_properties(documents: dict[str, Path], kind: str) -> None:
    doc = Document(str(documents[kind]))
    for section in doc.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "linesAndChars", kind
        assert grid.get(qn("w:charSpace")) == str(char_space(Margins()))
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    table = next(r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE)
    fonts = {f.get(qn("w:name")): f for f in etree.fromstring(table.blob).iter(qn("w:font"))}
    for name in ("仿宋", "宋体"):
        assert fonts[name].find(qn("w:charset")).get(qn("w:val")) == "86", name
    assert fonts["仿宋"].find(qn("w:altName")).get(qn("w:val")) == "FangSong"
    props = doc.core_properties
    assert props.comments == "" and "内置模板" not in (props.comments or "")
    assert props.created is not None
    created = props.created.replace(tzinfo=dt.UTC)
    assert abs(created - dt.datetime.now(dt.UTC)) < dt.timedelta(hours=2)  # not 2013
    assert (props.title and props.title != "常委会工作报告") or kind == "sign-in"


def test_body_characters_fill_a_line_with_28(documents: dict[str, Path]) -> None:
    doc = Document(str(documents["work-report"]))
    rpr = doc.styles["Normal"].element.rPr
    spacing = int(rpr.find(qn("w:spacing")).get(qn("w:val")))
    pitch = 16 + char_space(Margins()) / 4096
    assert 16 + spacing / 20 <= pitch  # 28 fit on a line
    assert (16 + spacing / 20) * 29 > (210 - 54) / 25.4 * 72  # and 29 do not fit
    for name in ("Normal", "Title", "表格文字", "页码"):  # text keeps its own widths
        snap = doc.styles[name].element.pPr.find(qn("w:snapToGrid"))
        assert snap is not None and snap.get(qn("w:val")) == "0", name


@pytest.mark.parametrize(("text", "expected"), [
    ("中国人民政治协商会议第十届示范县委员会常务委员会工作报告",
     ["中国人民政治协商会议", "第十届示范县委员会常务委员会工作报告"]),
    ("政协第十届示范县委员会常务委员会关于2025年提案工作情况的报告",
     ["政协第十届示范县委员会常务委员会", "关于2025年提案工作情况的报告"]),
    ("政协第十届示范县委员会常务委员会工作报告", ["政协第十届示范县委员会常务委员会工作报告"]),
])
def test_titles_break_at_word_boundaries(text: str, expected: list[str]) -> None:
    lines = title_lines(text, 20)
    assert lines == expected
    assert all(text_width(line) <= 20 for line in lines)
    assert not any(a.endswith("委员") and b.startswith("会")
                   for a, b in itertools.pairwise(lines))


def test_a_title_without_word_boundaries_is_left_to_the_word_processor() -> None:
    assert title_lines("一二三四五六七八九十一二三四五六七八九十一二", 20) == [
        "一二三四五六七八九十一二三四五六七八九十一二"]


def test_the_drafts_titles_carry_the_breaks(documents: dict[str, Path]) -> None:
    doc = Document(str(documents["proposal-report"]))
    title = doc.paragraphs[0]
    assert title.style.name == "Title"
    assert title.text.split("\n") == ["政协第十届示范县委员会常务委员会",
                                      "关于2025年提案工作情况的报告"]


def test_gbk_fonts_are_candidates() -> None:
    have = frozenset({"方正小标宋_GBK", "方正仿宋_GBK", "方正黑体_GBK", "方正楷体_GBK"})
    scheme = font_scheme(installed=have)
    assert {k: v.name for k, v in scheme.items()} == {
        "title": "方正小标宋_GBK", "body": "方正仿宋_GBK", "heading1": "方正黑体_GBK",
        "heading2": "方正楷体_GBK", "number": "宋体"}
    assert "方正仿宋_GBK" in _names("FZFangSong-Z02")  # as fontconfig reports it on UOS/Kylin


def _footer_texts(doc: Document, sect_pr: etree._Element, kind: str) -> str:
    ref = next(r for r in sect_pr.findall(qn("w:footerReference")) if r.get(qn("w:type")) == kind)
    part = doc.part.related_parts[ref.get(qn("r:id"))]
    return "".join(part.element.itertext()) + "".join(
        t.text or "" for t in part.element.iter(qn("w:instrText")))


def test_compilation_cover_without_number_and_a_toc(documents: dict[str, Path]) -> None:
    doc = Document(str(documents["proposal-compilation"]))
    body = doc.element.body
    cover = next(p for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
                 is not None)
    cover_sect = cover.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    assert cover_sect.find(qn("w:titlePg")) is not None
    assert "PAGE" not in _footer_texts(doc, cover_sect, "first")  # the cover: no number
    # the cover is one page: nothing but its lines before the break
    before = [p for p in body.iter(qn("w:p"))][: list(body.iter(qn("w:p"))).index(cover)]
    assert "提案汇编" in "".join(t.text or "" for p in before for t in p.iter(qn("w:t")))
    main = body.find(qn("w:sectPr"))
    assert main.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert main.find(qn("w:titlePg")) is None
    instr = "".join(t.text or "" for t in body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-2"' in instr
    update = doc.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    levels = {p.text: p._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val"))
              for p in doc.paragraphs
              if p._p.pPr is not None and p._p.pPr.find(qn("w:outlineLvl")) is not None}
    assert "0" in levels.values() and "1" in levels.values()
    assert len([v for v in levels.values() if v == "1"]) > 20  # each proposal in the 目录


def test_all_member_dossier_restarts_page_numbers_per_member(report_demo) -> None:
    from sqlalchemy import func, select

    from app.models import Member

    path = render(report_demo, "member-dossier", "dossier-all.docx", period=Period.year(2025))
    doc = Document(str(path))
    sects = list(doc.element.body.iter(qn("w:sectPr")))
    with report_demo.db.reader() as s:
        members = s.scalar(select(func.count(Member.id)).where(Member.deleted_at.is_(None)))
    titles = [p for p in doc.paragraphs if p.text == "委员履职档案"]
    assert len(sects) == len(titles) and len(titles) >= min(members, 100) // 2
    for sect in sects:
        assert sect.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert {r.get(qn("w:type")) for r in sect.findall(qn("w:footerReference"))} >= {
            "default", "even"}
        assert "PAGE" in _footer_texts(doc, sect, "default")
