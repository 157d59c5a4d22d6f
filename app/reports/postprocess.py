"""After rendering: highlight every 【待补充：…】 placeholder, put the font scheme in, apply the
configured margins, and count what a person still has to write."""

from __future__ import annotations

import copy
from collections.abc import Iterator

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from app.reports.fonts import FontChoice, replacements
from app.reports.gongwen import PLACEHOLDER, Margins, highlight

W_R, W_T, W_RPR = qn("w:r"), qn("w:t"), qn("w:rPr")


def _parts(doc: Document) -> Iterator[etree._Element]:
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
    for element in (doc.element, *list(_parts(doc))[2:]):
        for r in list(element.iter(W_R)):
            _split_run(r)
        for p in element.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(W_T))
            count += len(PLACEHOLDER.findall(text))
    return count


def apply_fonts(doc: Document, scheme: dict[str, FontChoice]) -> None:
    """Write the chosen font of each role wherever a template names that role's font."""
    mapping = replacements(scheme)
    attrs = [qn(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")]
    for element in _parts(doc):
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
    for section in doc.sections:
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)


def finish(doc: Document, scheme: dict[str, FontChoice], margins: Margins | None) -> int:
    """All post-processing; returns the number of placeholders left to fill."""
    count = highlight_placeholders(doc)
    apply_fonts(doc, scheme)
    if margins is not None:
        apply_margins(doc, margins)
    return count
