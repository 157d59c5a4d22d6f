"""After rendering: highlight every 【待补充：…】 placeholder, put the font scheme in, apply the
configured margins, and count what a person still has to write."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from app.reports.fonts import FontChoice, replacements
from app.reports.gongwen import PLACEHOLDER, Margins, highlight, set_grid, title_lines

W_R, W_T, W_RPR = qn("w:r"), qn("w:t"), qn("w:rPr")
PLACEHOLDER_OPENING = "【"  # every ``PLACEHOLDER`` starts with it (tests/reports/test_layout.py)


def xml_parts(doc: Document) -> Iterator[etree._Element]:
    """The XML of the body, the styles, and every header and footer."""
    yield doc.element
    yield doc.styles.element
    for rel in doc.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            if element is not None:
                yield element


def _split_run(r: etree._Element) -> None:
    """A run whose text holds a placeholder becomes runs of its own, the placeholder marked."""
    children = [c for c in r if c.tag != W_RPR]
    if not children or any(c.tag != W_T for c in children):
        return
    text = "".join(c.text or "" for c in children)
    parts = [p for p in PLACEHOLDER.split(text) if p]
    if not any(PLACEHOLDER.fullmatch(p) for p in parts):
        return
    rpr = r.find(W_RPR)
    parent = r.getparent()
    index = parent.index(r)
    for offset, part in enumerate(parts):
        new = OxmlElement("w:r")
        if rpr is not None:
            new.append(copy.deepcopy(rpr))
        t = OxmlElement("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = part
        new.append(t)
        if PLACEHOLDER.fullmatch(part):
            highlight(new)
        parent.insert(index + offset, new)
    parent.remove(r)


def highlight_placeholders(doc: Document) -> int:
    """Mark every placeholder yellow; returns how many there are."""
    count = 0
    w_p = qn("w:p")
    for element in (doc.element, *list(xml_parts(doc))[2:]):
        # every placeholder starts with 【: only the runs and paragraphs holding one are
        # looked at (a 5,000-paragraph 履职档案 has a few hundred of them)
        for r in dict.fromkeys(t.getparent() for t in _opening(element)):
            if r is not None and r.tag == W_R:
                _split_run(r)
        holding = dict.fromkeys(p for t in _opening(element) for p in t.iterancestors(w_p))
        for p in holding:
            text = "".join(t.text or "" for t in p.iter(W_T))
            count += len(PLACEHOLDER.findall(text))
    return count


def _opening(element: etree._Element) -> list[etree._Element]:
    """The text elements that hold the opening bracket of a placeholder."""
    return [t for t in element.iter(W_T) if t.text and PLACEHOLDER_OPENING in t.text]


def apply_fonts(doc: Document, scheme: dict[str, FontChoice]) -> None:
    """Write the chosen font of each role wherever a template names that role's font."""
    mapping = replacements(scheme)
    attrs = [qn(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")]
    for element in xml_parts(doc):
        for fonts in element.iter(qn("w:rFonts")):
            east = fonts.get(qn("w:eastAsia"))
            for attr in attrs:
                name = fonts.get(attr)
                if name in mapping:
                    fonts.set(attr, mapping[name].name)
            choice = mapping.get(east or "")
            if choice is not None and choice.bold:  # 宋体 standing in for 小标宋: make it bold
                rpr = fonts.getparent()
                bold = rpr.find(qn("w:b"))
                if bold is None:
                    rpr.insert(rpr.index(fonts) + 1, OxmlElement("w:b"))
                else:
                    bold.attrib.pop(qn("w:val"), None)


def apply_margins(doc: Document, margins: Margins) -> None:
    """The configured margins, and the character grid recomputed for the new line width
    (28 characters a line whatever the margins); a template without a grid keeps none."""
    for section in doc.sections:
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        if section._sectPr.find(qn("w:docGrid")) is not None:
            set_grid(section._sectPr, margins)


TITLE_STYLES = ("Title", "分节标题")


def _title_styles(doc: Document) -> tuple[dict[str, Any], set[str]]:
    """(title style id -> style, every paragraph style id): python-docx gives a paragraph
    with an unknown style id the default style."""
    titles: dict[str, Any] = {}
    known: set[str] = set()
    for style in doc.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            known.add(style.style_id)
            if style.name in TITLE_STYLES:
                titles[style.style_id] = style
    return titles, known


def break_titles(doc: Document) -> int:
    """Titles too long for one line get explicit line breaks at word boundaries
    (``gongwen.title_lines``), so Word never wraps them inside a word. Only titles made of
    plain text runs are touched (not placeholders, fields or pictures). Returns how many."""
    section = doc.sections[0]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if page is None or left is None or right is None:  # a template without a page size
        return 0
    width_pt = (page - left - right) / 12700
    changed = 0
    titles, known = _title_styles(doc)
    default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    for p in doc.paragraphs:
        # python-docx's ``p.style`` scans every style (twice without a pStyle) per paragraph:
        # seconds for an all-members 履职档案 of 5,000 paragraphs
        style_id = p._p.style
        style = titles.get(style_id) if style_id is not None else None
        if style_id is None or (style is None and style_id not in known):
            style = default if default is not None and default.name in TITLE_STYLES else None
        if style is None:
            continue
        runs = p._p.findall(W_R)
        if not runs or any(c.tag not in (W_T, W_RPR) for r in runs for c in r):
            continue
        text = "".join(t.text or "" for r in runs for t in r.iter(W_T))
        size = style.font.size.pt if style.font.size is not None else 22
        lines = title_lines(text, int(width_pt // size))
        if len(lines) < 2 or PLACEHOLDER.search(text):
            continue
        rpr = runs[0].find(W_RPR)
        for r in runs:
            p._p.remove(r)
        for i, line in enumerate(lines):
            r = OxmlElement("w:r")
            if rpr is not None:
                r.append(copy.deepcopy(rpr))
            if i:
                r.append(OxmlElement("w:br"))
            t = OxmlElement("w:t")
            t.text = line
            r.append(t)
            p._p.append(r)
        changed += 1
    return changed


def finish(doc: Document, scheme: dict[str, FontChoice], margins: Margins | None) -> int:
    """All post-processing; returns the number of placeholders left to fill."""
    count = highlight_placeholders(doc)
    apply_fonts(doc, scheme)
    if margins is not None:
        apply_margins(doc, margins)
    break_titles(doc)
    return count
