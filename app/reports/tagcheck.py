"""Tags checked paragraph by paragraph, on the document as the clerk wrote it.

docxtpl glues the text of a template together before Jinja sees it, so a tag left open in one
paragraph (``{{ proposals.accepted 件``) swallows the paragraphs after it and may even parse.
Here every paragraph is checked on its own: each ``{{ … }}``, ``{% … %}`` and ``{# … #}`` opens
and closes inside it, no full-width braces (｛｛ ｝｝ ｛％ ％｝) pretend to be tags, and a
paragraph tag (``{%p … %}``, ``{%tr … %}``, ``{%tc … %}``) stands alone in its paragraph, row or
cell — docxtpl replaces the whole paragraph, row or cell by the tag, so anything beside it
would silently disappear.

Paragraphs are numbered in document order within their part (body, headers and footers,
footnotes), counting empty paragraphs and those in tables and text boxes, so a problem can be
named as “正文第12段“……””.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _T, _TR, _TC = f"{{{W}}}p", f"{{{W}}}t", f"{{{W}}}tr", f"{{{W}}}tc"
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# Printed, but docxtpl does not fill it in: a tag there would reach the draft as written.
ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
# The core properties docxtpl renders as templates too (DocxTemplate.render_properties).
PROPERTIES = {"title": "标题", "subject": "主题", "author": "作者", "comments": "备注",
              "identifier": "标识", "language": "语言"}

_TOKEN = re.compile(r"{{|}}|{%|%}|{#|#}")
_FULL_WIDTH = re.compile(r"[｛{][｛％]|｛[{%]|[｝％]}|[}%｝％]｝")
_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_MARKS = ("{{", "}}", "{%", "%}", "｛｛", "｝｝", "｛％", "％｝")
_LEVEL_TAG = re.compile(r"({%|{{|{#)(p|tr|tc) ")
_LEVEL_NAMES = {"p": ("段", "一段"), "tr": ("表格行", "表格的一行"),
                "tc": ("表格单元格", "一个单元格")}


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, document order within the part
    text: str
    element: etree._Element | None = field(default=None, compare=False, repr=False)


@dataclass
class TemplatePart:
    """One part of a template: where it is, its paragraphs as written, and the Jinja source
    docxtpl renders (one paragraph a line)."""

    where: str  # 正文 | 页眉页脚 | 脚注 | 尾注 | 文档属性
    paragraphs: list[Paragraph]
    source: str
    rendered: bool = True  # False: docxtpl leaves this part as it is (endnotes)

    def by_line(self, lineno: int) -> Paragraph | None:
        """The paragraph line ``lineno`` of the source starts with: line 1 holds what comes
        before the first paragraph, then one line per paragraph docxtpl keeps (it replaces
        the paragraphs of ``{%p %}`` tags and the rows and cells of ``{%tr %}``/``{%tc %}``
        by their tags, which join the line before)."""
        kept = [p for p in self.paragraphs if p.element is not None and not _replaced(p)]
        return kept[lineno - 2] if 2 <= lineno < len(kept) + 2 else None


@dataclass(frozen=True)
class TagIssue:
    where: str
    paragraph: Paragraph
    message: str


def own_text(p: etree._Element) -> str:
    """The text of a paragraph without the paragraphs nested in it (text boxes)."""
    return "".join(t.text or "" for t in p.iter(_T)
                   if next(t.iterancestors(_P), None) is p)


def paragraphs(root: etree._Element) -> list[Paragraph]:
    return [Paragraph(n, own_text(p), p) for n, p in enumerate(root.iter(_P), 1)]


def _split_lines(src: str) -> str:
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", src)


def template_parts(path: Path) -> list[TemplatePart]:
    """Every part of the template docxtpl renders, with its paragraphs and its source."""
    tpl = DocxTemplate(str(path))
    doc = tpl.get_docx()
    parts = [TemplatePart("正文", paragraphs(doc.element.body),
                          _split_lines(tpl.patch_xml(tpl.get_xml())))]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _key, part in tpl.get_headers_footers(uri):
            xml = tpl.get_part_xml(part)
            parts.append(TemplatePart("页眉页脚", paragraphs(etree.fromstring(part.blob)),
                                      _split_lines(tpl.patch_xml(xml))))
    for part in doc.part.package.parts:
        if part.content_type not in (FOOTNOTES, ENDNOTES):
            continue
        blob = part.blob if isinstance(part.blob, bytes) else part.blob.encode()
        if part.content_type == FOOTNOTES:
            parts.append(TemplatePart("脚注", paragraphs(etree.fromstring(blob)),
                                      _split_lines(tpl.patch_xml(blob.decode("utf-8")))))
        else:
            parts.append(TemplatePart("尾注", paragraphs(etree.fromstring(blob)), "", False))
    props = doc.core_properties
    values = [(label, " ".join((getattr(props, name) or "").split()))
              for name, label in PROPERTIES.items()]
    parts.append(TemplatePart("文档属性", [Paragraph(n, f"{label}：{text}") for n, (label, text)
                                         in enumerate(values, 1)],
                              "\n".join(text for _label, text in values)))
    return parts


def _replaced(p: Paragraph) -> bool:
    """Whether docxtpl replaces this paragraph (or its row or cell) by a tag."""
    if p.element is None:
        return False
    m = _LEVEL_TAG.search(p.text)
    if m is not None and m.group(2) == "p":
        return True
    for tag, level in ((_TR, "tr"), (_TC, "tc")):
        container = next(p.element.iterancestors(tag), None)
        if container is not None and any(
                (found := _LEVEL_TAG.search(own_text(q))) and found.group(2) == level
                for q in container.iter(_P)):
            return True
    return False


def _balance(text: str) -> str | None:
    """Why the tags of one paragraph do not open and close in it (None: they do)."""
    if _FULL_WIDTH.search(text):
        mark = _FULL_WIDTH.search(text).group(0)  # type: ignore[union-attr]
        return (f"“{mark}”用了全角（中文）的括号或百分号，程序不会把它当作标记；"
                "标记应使用英文半角的“{{ }}”“{% %}”")
    opened: str | None = None
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if token in _PAIRS:
            if opened is not None:
                return (f"“{opened}”还没有用“{_PAIRS[opened]}”结束，又出现了“{token}”"
                        "（标记要在同一段内写完整）")
            opened = token
        elif opened is None:
            return f"多了一个“{token}”（前面没有对应的开始标记）"
        elif _PAIRS[opened] != token:
            return f"“{opened}”应以“{_PAIRS[opened]}”结束，这里却是“{token}”"
        else:
            opened = None
    if opened is not None:
        return (f"“{opened}”没有对应的“{_PAIRS[opened]}”：标记要在同一段内写完整，"
                "否则后面的文字会被吞掉")
    return None


def _container_text(p: etree._Element, tag: str) -> tuple[bool, str]:
    container = next(p.iterancestors(tag), None)
    if container is None:
        return False, ""
    return True, "".join(own_text(q) for q in container.iter(_P))


def _placement(p: Paragraph) -> str | None:
    """Why a paragraph/row/cell tag would eat its neighbours (None: it stands alone)."""
    m = _LEVEL_TAG.search(p.text)
    if m is None or p.element is None:
        return None
    level = m.group(2)
    tag = f"{m.group(0).strip()} … {_PAIRS[m.group(1)]}"
    name, alone_in = _LEVEL_NAMES[level]
    if level == "p":
        alone, text = True, p.text
    else:
        alone, text = _container_text(p.element, _TR if level == "tr" else _TC)
        if not alone:
            return f"“{tag}”只能写在表格中（它代表整个{name}），这里不在表格里"
    rest = _TOKEN.sub("", re.sub(r"({%|{{|{#).*?(%}|}}|#})", "", text, count=1))
    if rest.strip():
        return (f"“{tag}”必须单独占{alone_in}：生成时整个{name}会换成这个标记，"
                f"同一{name}中的其他文字（“{_short(rest.strip(), 20)}”）会被删掉")
    return None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def tag_issues(parts: list[TemplatePart]) -> list[TagIssue]:
    """Broken, full-width and misplaced tags, each with its paragraph."""
    issues: list[TagIssue] = []
    for part in parts:
        for p in part.paragraphs:
            text = p.text.split("：", 1)[1] if part.where == "文档属性" else p.text
            if not part.rendered:
                marks = [m for m in _MARKS if m in text]
                if marks:
                    issues.append(TagIssue(part.where, p, f"{part.where}中的内容不会被填写，"
                                           f"这里的“{marks[0]}”会原样留在文稿中；"
                                           "请把标记移到正文里"))
                continue
            why = _balance(text)
            if why is None and part.where != "文档属性":
                why = _placement(p)
            if why is not None:
                issues.append(TagIssue(part.where, p, why))
    return issues


def locate(part: TemplatePart, line_text: str, lineno: int | None = None) -> Paragraph | None:
    """The paragraph of ``part`` a line of its Jinja source stands for: by its place
    (``TemplatePart.by_line``) when its text agrees, else by its text alone — among
    paragraphs with the same text, the first from line ``n - 1`` on (docxtpl only ever drops
    paragraphs, so line ``n`` is paragraph ``n - 1`` or a later one)."""
    wanted = " ".join(html.unescape(line_text).split())
    if not wanted:
        return None
    plain = wanted.replace("“", '"').replace("”", '"')
    if lineno is not None:
        exact = part.by_line(lineno)
        if exact is not None and plain.startswith(
                " ".join(exact.text.split()).replace("“", '"').replace("”", '"')):
            return exact
    same = [p for p in part.paragraphs
            if (text := " ".join(p.text.split())) == wanted
            or text.replace("“", '"').replace("”", '"') == plain]
    if not same:  # the tags of {%p %} paragraphs docxtpl removed are glued to the line
        same = [p for p in part.paragraphs
                if (text := " ".join(p.text.split())) and plain.startswith(
                    text.replace("“", '"').replace("”", '"'))]
    if not same:
        same = [p for p in part.paragraphs if wanted in " ".join(p.text.split())]
    if not same:
        return None
    later = [p for p in same if lineno is None or p.number >= lineno - 1]
    return later[0] if later else same[-1]
