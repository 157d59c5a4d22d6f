"""GB/T 9704-2012 公文 layout with python-docx: A4 with the 版心 margins, a 22-line grid,
仿宋 三号 body, 小标宋 title, 黑体/楷体 headings and ``— N —`` page numbers on odd and even pages.

python-docx has no API for east-Asian fonts, the document grid, fields or character-based
indents, so those are written as XML here (TECH_NOTES §1). ``scripts/build_templates.py`` builds
the built-in templates with these helpers; the field reference export uses them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from docx import Document as new_docx  # noqa: N813 - a function, not the class
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

# Font names as Word and WPS know them; the rendering engine swaps in the installed variants
# (仿宋_GB2312, 方正小标宋简体 …) according to the font scheme (app.reports.fonts).
TITLE_FONT, BODY_FONT, HEI, KAI, SONG = "方正小标宋简体", "仿宋", "黑体", "楷体", "宋体"
LATIN = "Times New Roman"
LINE_PITCH = 579  # twips: 22 lines on a 225 mm 版心 (28.95 pt)
CHARS_PER_LINE = 28  # GB/T 9704: 28 characters of 三号 a line
BODY_SPACING = -5  # twentieths of a point between body characters (see setup_styles)
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14  # 三号, 二号, 四号
PLACEHOLDER = re.compile(r"(【待补充[：:][^】]*】)")


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres (GB/T 9704: 天头 37, 订口 28; some local rules differ)."""

    top: float = 37
    bottom: float = 35
    left: float = 28
    right: float = 26


def _set(element: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """The child ``tag`` of ``element`` (created if missing) with ``attrs`` set."""
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        element.append(child)
    for name, value in attrs.items():
        child.set(qn(f"w:{name}"), value)
    return child


def set_fonts(rpr: etree._Element, east_asia: str, latin: str | None = None) -> None:
    """East-Asian and Latin fonts on a run or style ``w:rPr`` (theme fonts removed)."""
    fonts = _set(rpr, "w:rFonts")
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    latin = latin or east_asia
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia),
                       ("cs", latin)):
        fonts.set(qn(f"w:{attr}"), name)
    # python-docx expects rPr children in schema order; rFonts must come first
    rpr.remove(fonts)
    rpr.insert(0, fonts)


def _style(doc: Document, name: str, base: str | None = "Normal") -> ParagraphStyle:
    styles = doc.styles
    try:
        return cast(ParagraphStyle, styles[name])  # python-docx types every style as BaseStyle
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
        style.quick_style = True
        return style


def _paragraph_style(doc: Document, name: str, font: str, size: float, *,
                     base: str | None = "Normal", bold: bool = False,
                     align: WD_ALIGN_PARAGRAPH | None = None, indent_chars: int | None = 0,
                     line: int | None = LINE_PITCH, right_chars: int = 0,
                     keep_next: bool = False, latin: str | None = None) -> ParagraphStyle:
    """A paragraph style. No style snaps to the character grid (``w:snapToGrid="0"``): the
    grid (28 characters, 22 lines) is what Word's and WPS's 页面设置 show, while the text keeps
    its own widths — body characters 0.25 pt narrower than 三号 fill a line with exactly 28
    (see ``setup_styles``), titles and tables keep theirs. Snapped, LibreOffice gives each
    character wider than a grid cell two cells and spreads the lines."""
    style = _style(doc, name, base)
    f = style.font
    f.size, f.bold, f.italic = Pt(size), bold, False
    f.color.rgb = None
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, font, latin)
    for tag in ("w:color",):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
    pf = style.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.keep_with_next = keep_next
    if align is not None:
        pf.alignment = align
    ppr = style.element.get_or_add_pPr()
    if line:
        _set(ppr, "w:spacing", line=str(line), lineRule="exact", before="0", after="0")
    else:
        _set(ppr, "w:spacing", line="240", lineRule="auto", before="0", after="0")
    _set(ppr, "w:snapToGrid", val="0")
    if indent_chars is not None:
        ind = _set(ppr, "w:ind", firstLineChars=str(indent_chars * 100),
                   firstLine=str(indent_chars * int(size * 20)))
        ind.set(qn("w:rightChars"), str(right_chars * 100))
        ind.set(qn("w:right"), str(right_chars * int(size * 20)))
    return style


def setup_styles(doc: Document) -> None:
    """Normal is the 公文 body; the rest are the levels and parts a report needs."""
    center, right, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, \
        WD_ALIGN_PARAGRAPH.LEFT
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_fonts(rpr, BODY_FONT, LATIN)
        _set(rpr, "w:sz", val=str(BODY_PT * 2))
        _set(rpr, "w:szCs", val=str(BODY_PT * 2))
        _set(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    _paragraph_style(doc, "Normal", BODY_FONT, BODY_PT, base=None, indent_chars=2,
                     align=WD_ALIGN_PARAGRAPH.JUSTIFY, latin=LATIN)
    # 28 × 16 pt is 448 pt, the 版心 442.2 pt: −0.25 pt of character spacing fits exactly 28
    # on a line in Word, WPS and LibreOffice alike (28 × 15.75 = 441 pt; 29 do not fit)
    _set(doc.styles["Normal"].element.get_or_add_rPr(), "w:spacing", val=str(BODY_SPACING))
    _paragraph_style(doc, "Title", TITLE_FONT, TITLE_PT, align=center, line=700)
    _paragraph_style(doc, "Subtitle", KAI, BODY_PT, align=center)
    _paragraph_style(doc, "Heading 1", HEI, BODY_PT, indent_chars=2, keep_next=True)
    _paragraph_style(doc, "Heading 2", KAI, BODY_PT, indent_chars=2, keep_next=True)
    _paragraph_style(doc, "Heading 3", BODY_FONT, BODY_PT, indent_chars=2, bold=True,
                     keep_next=True, latin=LATIN)
    _paragraph_style(doc, "部分标题", HEI, BODY_PT, align=center, keep_next=True)
    _paragraph_style(doc, "署名", KAI, BODY_PT, align=center)
    _paragraph_style(doc, "称谓", BODY_FONT, BODY_PT, align=left, latin=LATIN)
    _paragraph_style(doc, "落款", BODY_FONT, BODY_PT, align=right, right_chars=4, latin=LATIN)
    _paragraph_style(doc, "栏目", HEI, BODY_PT, align=left, keep_next=True)
    _paragraph_style(doc, "分节标题", TITLE_FONT, 18, align=center, line=620, keep_next=True)
    _paragraph_style(doc, "居中", BODY_FONT, BODY_PT, align=center, latin=LATIN)
    _paragraph_style(doc, "居中连排", BODY_FONT, BODY_PT, align=center, latin=LATIN,
                     keep_next=True)
    _paragraph_style(doc, "信息行", BODY_FONT, BODY_PT, align=left, latin=LATIN,
                     keep_next=True)
    _paragraph_style(doc, "图表", BODY_FONT, BODY_PT, align=center, line=None)
    _paragraph_style(doc, "表格文字", BODY_FONT, 12, align=left, line=None, latin=LATIN)
    _paragraph_style(doc, "表格文字大", BODY_FONT, 14, align=left, line=None, latin=LATIN)
    _paragraph_style(doc, "表头", HEI, 12, align=center, line=None)
    _paragraph_style(doc, "页码", SONG, PAGE_NUMBER_PT, line=None)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        ppr = doc.styles[name].element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)


def setup_page(doc: Document, margins: Margins = Margins()) -> None:
    """A4 portrait, the 版心 margins, the line grid, odd/even footers with page numbers."""
    for section in doc.sections:
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(23)  # the number sits about 7 mm below the 版心
        set_grid(section._sectPr, margins)
        section.different_first_page_header_footer = False
        _page_number(section.footer.paragraphs[0], odd=True)
        _page_number(section.even_page_footer.paragraphs[0], odd=False)
    doc.settings.odd_and_even_pages_header_footer = True


def char_space(margins: Margins, chars: int = CHARS_PER_LINE, size_pt: float = BODY_PT) -> int:
    """``w:charSpace`` for ``chars`` characters a line: the pitch in 1/4096 pt added to the
    Normal style's font size (negative when the 版心 is narrower than 28 full 三号 characters:
    156 mm is 442.2 pt, 28 × 16 pt would be 448 pt)."""
    width_pt = (210 - margins.left - margins.right) / 25.4 * 72
    return round((width_pt / chars - size_pt) * 4096)


def set_grid(sect_pr: etree._Element, margins: Margins) -> None:
    """The document grid: 22 lines (linePitch) and 28 characters (charSpace) a page line."""
    _set(sect_pr, "w:docGrid", type="linesAndChars", linePitch=str(LINE_PITCH),
         charSpace=str(char_space(margins)))


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """— N —: odd pages on the right, even pages on the left, one character in."""
    paragraph.style = "页码"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    ppr = paragraph._p.get_or_add_pPr()
    one_char = str(PAGE_NUMBER_PT * 20)
    _set(ppr, "w:ind", **({"right": one_char, "rightChars": "100"} if odd
                          else {"left": one_char, "leftChars": "100"}),
         firstLine="0", firstLineChars="0")
    for text in ("— ", None, " —"):
        run = paragraph.add_run()
        set_fonts(run._r.get_or_add_rPr(), SONG)
        run.font.size = Pt(PAGE_NUMBER_PT)
        if text is not None:
            run.text = text
            continue
        for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None),
                            (None, "1"), ("end", None)):
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif instr == " PAGE ":
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = instr
                run._r.append(it)
            else:
                t = OxmlElement("w:t")
                t.text = instr
                run._r.append(t)


def new_document(margins: Margins = Margins()) -> Document:
    doc = new_docx()
    setup_styles(doc)
    setup_page(doc, margins)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
    """Add ``text`` as runs; 【待补充：…】 placeholders become highlighted runs of their own."""
    for part in PLACEHOLDER.split(text):
        if not part:
            continue
        run = paragraph.add_run(part)
        run.bold = bold or None
        if PLACEHOLDER.fullmatch(part):
            highlight(run._r)


def highlight(r: CT_R) -> None:
    rpr = r.get_or_add_rPr()
    _set(rpr, "w:highlight", val="yellow")


def para(doc: Document, text: str = "", style: str = "Normal", *, bold: bool = False
         ) -> Paragraph:
    p = doc.add_paragraph(style=style)
    add_text(p, text, bold=bold)
    return p


def page_break(doc: Document) -> Paragraph:
    p = doc.add_paragraph(style="图表")
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


def restart_page_numbers(sect_pr: etree._Element) -> None:
    """Page numbers of this section start again at 1."""
    _set(sect_pr, "w:pgNumType", start="1")
    # schema order: pgNumType comes before cols/docGrid … (after pgMar/pgBorders/lnNumType)
    num = sect_pr.find(qn("w:pgNumType"))
    sect_pr.remove(num)
    anchor = next((sect_pr.find(qn(t)) for t in ("w:cols", "w:formProt", "w:vAlign",
                                                  "w:noEndnote", "w:titlePg",
                                                  "w:textDirection", "w:bidi", "w:rtlGutter",
                                                  "w:docGrid") if sect_pr.find(qn(t)) is not None),
                  None)
    if anchor is None:
        sect_pr.append(num)
    else:
        anchor.addprevious(num)


def section_break(doc: Document, *, restart: bool = True) -> Paragraph:
    """An empty paragraph ending a section (next page) with the document's page setup and
    footers; ``restart`` starts the page numbers of the section before it and of the one after
    it at 1 (one 履职档案 per member, each numbered from 1)."""
    import copy

    body_sect = doc.sections[-1]._sectPr
    if restart:
        restart_page_numbers(body_sect)
    p = doc.add_paragraph(style="图表")
    ppr = p._p.get_or_add_pPr()
    ppr.append(copy.deepcopy(body_sect))
    return p


def cover_section(doc: Document) -> Paragraph:
    """End the cover: the pages so far form a section without a page number, and numbering
    starts at 1 on the page after it (the cover has an empty first-page footer)."""
    section = doc.sections[-1]
    section.different_first_page_header_footer = True
    section.first_page_footer.is_linked_to_previous = False  # an empty footer of its own
    p = section_break(doc, restart=True)
    doc.sections[-1].different_first_page_header_footer = False
    return p


def toc_field(doc: Document, levels: str = "1-2", note: str = "") -> Paragraph:
    """A table of contents (``TOC \\o``, hyperlinked, page numbers) of the paragraphs with an
    outline level; Word and WPS fill it in when the document is opened (``updateFields``)."""
    p = doc.add_paragraph(style="Normal")
    for kind, text in (("begin", None), (None, f' TOC \\o "{levels}" \\h \\z \\u '),
                       ("separate", None), ("text", note), ("end", None)):
        r = p.add_run()
        if kind in ("begin", "separate", "end"):
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                fld.set(qn("w:dirty"), "true")
            r._r.append(fld)
        elif kind == "text":
            r.text = text or ""
        else:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            r._r.append(it)
    setting(doc.settings.element, "w:updateFields").set(qn("w:val"), "true")
    return p


# w:settings children that come after updateFields and themeFontLang (CT_Settings order:
# Word refuses a settings part whose children are out of order)
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                        "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                        "w:themeFontLang")
_AFTER_THEME_LANG = ("w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                     "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                     "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
                     "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def setting(settings: etree._Element, tag: str) -> etree._Element:
    """The ``tag`` child of w:settings, created in its schema position if missing."""
    found = settings.find(qn(tag))
    if found is not None:
        return found
    after = {"w:updateFields": _AFTER_UPDATE_FIELDS,
             "w:themeFontLang": _AFTER_THEME_LANG}.get(tag, ())
    child = OxmlElement(tag)
    anchor = next((settings.find(qn(t)) for t in after if settings.find(qn(t)) is not None),
                  None)
    if anchor is None:
        settings.append(child)
    else:
        anchor.addprevious(child)
    return child


def outline(paragraph: Paragraph, level: int) -> None:
    """Put the paragraph at outline ``level`` (0 = level 1) for the table of contents."""
    _set(paragraph._p.get_or_add_pPr(), "w:outlineLvl", val=str(level))


def table(doc: Document, widths_mm: list[float], header: list[str] | None = None,
          *, header_repeat: bool = True) -> Table:
    """A grid table of fixed column widths; the header row repeats on every page."""
    t = doc.add_table(rows=0, cols=len(widths_mm))
    t.style = doc.styles["Table Grid"]
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    _set(tbl_pr, "w:jc", val="center")
    _set(tbl_pr, "w:tblLayout", type="fixed")
    for column, width in zip(t.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid: LibreOffice and WPS lay out by it
    if header:
        row = t.add_row()
        for cell, text, width in zip(row.cells, header, widths_mm, strict=True):
            cell.width = Mm(width)
            cell.paragraphs[0].style = doc.styles["表头"]
            add_text(cell.paragraphs[0], text)
        if header_repeat:
            _set(row._tr.get_or_add_trPr(), "w:tblHeader", val="true")
    return t


def add_row(doc: Document, t: Table, cells: list[str], widths_mm: list[float], *,
            style: str = "表格文字", center: tuple[int, ...] = (), height_mm: float = 0,
            merge: bool = False) -> None:
    """One row; ``merge`` spans the first cell over the whole row (loop tags, group rows)."""
    row = t.add_row()
    _set(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")  # a row never breaks over pages
    if height_mm:
        row.height = Mm(height_mm)
    if merge:
        first = row.cells[0].merge(row.cells[-1])
        first.paragraphs[0].style = doc.styles[style]
        add_text(first.paragraphs[0], cells[0])
        return
    for i, (cell, text, width) in enumerate(zip(row.cells, cells, widths_mm, strict=True)):
        cell.width = Mm(width)
        p = cell.paragraphs[0]
        p.style = doc.styles[style]
        if i in center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(p, text)


# Where a title may turn to a new line: after these words, or before these. Anywhere else a
# break would split a word ("…委员 / 会常务委员会…"); GB/T 9704 asks for lines whole in meaning.
BREAK_AFTER = ("会议", "委员会", "以来", "、", "，", "：", "》")
BREAK_BEFORE = ("关于", "——", "在")


def text_width(text: str) -> float:
    """Width in full-width characters: Latin letters and digits count half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def title_lines(text: str, per_line: int) -> list[str]:
    """``text`` broken into the fewest lines of at most ``per_line`` characters, only at word
    boundaries (``BREAK_AFTER``/``BREAK_BEFORE``), the lines as even as possible; ``[text]``
    when it fits on one line or no such breaks exist."""
    if text_width(text) <= per_line:
        return [text]
    cuts = sorted({i + len(w) for w in BREAK_AFTER for i in _find_all(text, w)}
                  | {i for w in BREAK_BEFORE for i in _find_all(text, w)})
    cuts = [c for c in cuts if 0 < c < len(text)]
    best: list[str] | None = None
    best_key: tuple[float, float] | None = None

    def walk(start: int, lines: list[str]) -> None:
        nonlocal best, best_key
        rest = text[start:]
        if text_width(rest) <= per_line:
            done = [*lines, rest]
            widths = [text_width(x) for x in done]
            key = (len(done), max(widths) - min(widths))
            if best_key is None or key < best_key:
                best, best_key = done, key
            return
        if len(lines) >= 3:
            return
        for c in cuts:
            if c > start and text_width(text[start:c]) <= per_line:
                walk(c, [*lines, text[start:c]])

    walk(0, [])
    return best or [text]


def _find_all(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out
