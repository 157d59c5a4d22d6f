"""Document-level settings every generated draft gets, whatever template it came from:
the theme's East Asian language (zh-CN, so theme fonts resolve to 宋体 rather than MS 明朝),
the East Asian fonts in the font table (charset GB2312 and their English names, so Word and WPS
substitute sensibly where a font is missing), and core properties describing the draft — its
title and generation time, not the template's description."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from app.reports.gongwen import setting

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# name → (English name, panose, family, pitch). charset 86 = GB2312 for all of them.
EAST_ASIAN_FONTS: dict[str, tuple[str, str, str, str]] = {
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed"),
    "仿宋": ("FangSong", "02010609060101010101", "modern", "fixed"),
    "楷体": ("KaiTi", "02010609060101010101", "modern", "fixed"),
    "仿宋_GB2312": ("FangSong_GB2312", "02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": ("KaiTi_GB2312", "02010609030101010101", "modern", "fixed"),
    "华文中宋": ("STZhongsong", "02010600040101010101", "auto", "variable"),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "02000000000000000000", "auto", "variable"),
    "方正小标宋_GBK": ("FZXiaoBiaoSong-B05", "02000000000000000000", "auto", "variable"),
    "方正仿宋_GBK": ("FZFangSong-Z02", "02000000000000000000", "auto", "variable"),
    "方正黑体_GBK": ("FZHei-B01", "02000000000000000000", "auto", "variable"),
    "方正楷体_GBK": ("FZKai-Z03", "02000000000000000000", "auto", "variable"),
}


def set_east_asian_language(doc: Document) -> None:
    """``w:themeFontLang`` eastAsia=zh-CN (python-docx's default template says ja-JP)."""
    lang = setting(doc.settings.element, "w:themeFontLang")
    if lang.get(qn("w:val")) is None:
        lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def used_fonts(doc: Document) -> list[str]:
    """East Asian font names the document's body, styles, headers and footers name."""
    from app.reports.postprocess import xml_parts

    found: dict[str, None] = {}
    for element in xml_parts(doc):
        for fonts in element.iter(qn("w:rFonts")):
            name = fonts.get(qn("w:eastAsia"))
            if name:
                found[name] = None
    return list(found)


def add_font_table(doc: Document, names: Iterable[str]) -> None:
    """Entries in word/fontTable.xml for the East Asian fonts (existing entries kept)."""
    part = next((rel.target_part for rel in doc.part.rels.values()
                 if rel.reltype == RT.FONT_TABLE and not rel.is_external), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    present = {f.get(qn("w:name")) for f in root.iter(qn("w:font"))}
    for name in names:
        if name in present:
            continue
        english, panose, family, pitch = EAST_ASIAN_FONTS.get(
            name, ("", "02000000000000000000", "auto", "variable"))
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if english:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), english)
        for tag, value in (("panose1", panose), ("charset", "86"), ("family", family),
                           ("pitch", pitch)):
            etree.SubElement(font, qn(f"w:{tag}")).set(qn("w:val"), value)
        present.add(name)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def set_core_properties(doc: Document, title: str, when: dt.datetime) -> None:
    """Title, author and times of the draft; the template's description and keywords go."""
    props = doc.core_properties
    props.title = title[:255]
    props.author = "政协履职工作台"
    props.last_modified_by = "政协履职工作台"
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.category = ""
    props.revision = 1
    # the package stores UTC ("…Z") and python-docx writes the value as given: convert
    stamp = when.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    props.created = stamp
    props.modified = stamp


def finish_document(doc: Document, title: str, when: dt.datetime) -> None:
    set_east_asian_language(doc)
    add_font_table(doc, [n for n in used_fonts(doc) if any("\u4e00" <= c <= "\u9fff"
                                                             for c in n)])
    set_core_properties(doc, title, when)
