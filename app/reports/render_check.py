"""Rendering a template and checking what came out, before anything is saved.

``CheckedTemplate`` is docxtpl's ``DocxTemplate`` keeping, for every part it renders (body,
headers and footers, footnotes), the template's paragraphs, the Jinja source and the result.
From those:

- ``lost_paragraphs``: every piece of text the clerk wrote outside the tags must reach the
  draft, unless a tag that may remove it (``{% if %}``, ``{% for %}``, ``{%p if %}`` …)
  encloses it. A tag left open swallows the paragraphs after it; this is where it shows.
- ``leftover_tags``: the finished draft holds no ``{{ }} {% %}`` (nor full-width
  ｛｛ ｝｝ ｛％ ％｝)
  in its body, tables, text boxes, headers, footers or footnotes — except where the data
  itself printed them (a title that contains “{{”).

Either finding is an ``AppError`` naming the place; the engine then saves nothing.
"""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from types import CodeType
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import Environment, Template, TemplateSyntaxError, nodes
from lxml import etree

from app.errors import AppError
from app.reports.prefetch import FigurePath, figure_paths, prefetch
from app.reports.sandbox import TAG_MARKS
from app.reports.streamed_body import RenderedXml, tables_need_fixing
from app.reports.tagcheck import (
    ENDNOTES,
    FOOTNOTES,
    PROPERTIES,
    Paragraph,
    TemplatePart,
    W,
    own_text,
    paragraphs,
)

_P = f"{{{W}}}p"
BODY = "正文"
_TAGS = re.compile(r"<[^>]+>")
_FIELD_CODE = re.compile(r"<w:(instrText|delText)\b[^>]*>.*?</w:\1>", re.DOTALL)
_TAG_SPAN = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}|(?:{{|{%|{#).*$")
_CONDITIONAL = (nodes.If, nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock,
                nodes.AssignBlock)
_PARSER = etree.XMLParser(recover=True, huge_tree=True)
_DATA_BREAKS = re.compile(r"[\n\a\t\f]")


class CompiledSources:
    """Jinja sources compiled once and kept (the few most recent): a template's body is
    several hundred KB of XML whose compilation took as long as rendering it, on every draft.

    What is kept is the compiled Python code, keyed by the source and every setting of the
    environment the compiler reads; each render binds it to that render's own environment
    (its filters, globals and the values it notes), exactly as ``from_string`` would."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._code: OrderedDict[tuple[Any, ...], CodeType] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(env: Environment, source: str) -> tuple[Any, ...]:
        return (type(env), env.autoescape, env.optimized, env.finalize is not None,
                env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string,
                env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                tuple(sorted(env.extensions)), tuple(sorted(env.filters)),
                tuple(sorted(env.tests)), source)

    def template(self, env: Environment, source: str) -> Template:
        key = self._key(env, source)
        with self._lock:
            code = self._code.get(key)
            if code is not None:
                self._code.move_to_end(key)
        if code is None:
            code = env.compile(source)  # a syntax error propagates; nothing is kept
            with self._lock:
                self._code[key] = code
                while len(self._code) > self.size:
                    self._code.popitem(last=False)
        return env.template_class.from_code(env, code, env.make_globals(None), None)

    def clear(self) -> None:
        with self._lock:
            self._code.clear()


COMPILED = CompiledSources()


class _CachingEnvironment:
    """What docxtpl's ``render_xml_part`` sees of the environment: ``from_string`` through
    ``COMPILED``, everything else the render's own environment."""

    def __init__(self, env: Environment) -> None:
        self._env = env

    def from_string(self, source: str) -> Template:
        return COMPILED.template(self._env, source)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)


@dataclass
class RenderedPart:
    where: str
    template: list[Paragraph]  # as the clerk wrote them
    source: str  # Jinja source, one paragraph a line
    result: str = ""  # the rendered XML (not the body's: its tree is the document's)

    def as_template(self) -> TemplatePart:
        return TemplatePart(self.where, self.template, self.source)


class CheckedTemplate(DocxTemplate):
    """A ``DocxTemplate`` that remembers each part's template paragraphs, source and result."""

    def __init__(self, template_file: Any) -> None:
        super().__init__(template_file)
        self.rendered: list[RenderedPart] = []
        self.current: RenderedPart | None = None

    def render_init(self) -> None:
        super().render_init()
        self.rendered = []
        self.current = None

    def _where(self, part: Any) -> tuple[str, etree._Element]:
        if part is self.docx._part:
            return BODY, self.docx.element.body
        blob = part.blob if isinstance(part.blob, bytes) else part.blob.encode("utf-8")
        where = "脚注" if part.content_type == FOOTNOTES else "页眉页脚"
        return where, etree.fromstring(blob, _PARSER)

    def render_properties(self, context: dict[str, Any],
                          jinja_env: Environment | None = None) -> None:
        """docxtpl's, one property at a time, so that an error names the property."""
        from app.reports.filters import environment

        env = jinja_env or environment()  # never docxtpl's unsandboxed default
        props = self.docx.core_properties
        for n, (name, label) in enumerate(PROPERTIES.items(), 1):
            value = getattr(props, name) or ""
            self.current = RenderedPart("文档属性", [Paragraph(n, f"{label}：{value}")], value)
            setattr(props, name, env.from_string(value).render(context))
        self.current = None

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any],
                        jinja_env: Environment | None = None) -> str:
        where, root = self._where(part)
        self.current = RenderedPart(where, paragraphs(root),
                                    re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml))
        env = _CachingEnvironment(jinja_env) if jinja_env is not None else None
        if jinja_env is not None:
            try:
                facts = source_facts(jinja_env, self.current.source)
            except TemplateSyntaxError:
                facts = None  # rendering raises it, as it did before any prefetch
            if facts is not None:  # the figures it names, together (prefetch.py)
                prefetch(context, facts.figures)
        result: str = super().render_xml_part(src_xml, part, context, env)
        if where != BODY:  # the body is checked on the tree it is parsed into: keeping its
            self.current.result = result  # XML too held 2 bytes a character, all along
        self.rendered.append(self.current)
        return result

    def build_xml(self, context: dict[str, Any], jinja_env: Environment | None = None
                  ) -> RenderedXml:
        """The body rendered, as slices for ``fix_tables`` (streamed_body.py): docxtpl's
        ``render`` holds what this returns until it ends, beside the tree."""
        return RenderedXml(super().build_xml(context, jinja_env))

    def fix_tables(self, xml: Any) -> etree._Element:
        if not isinstance(xml, RenderedXml):
            return super().fix_tables(xml)  # type: ignore[no-any-return]
        tree = xml.parse()
        if tables_need_fixing(tree):  # rare: docxtpl's own pass, on the same text
            return super().fix_tables(etree.tostring(tree, encoding="unicode"))  # type: ignore[no-any-return]
        return tree

    def release(self) -> None:
        """Free the rendered document once it is saved. The body of an all-members 履职档案
        of a city is a tree of three million elements (660 MB); freeing its nodes here, not
        whenever the collector reaches the package's reference cycles, lets the reopening
        of the saved file reuse that memory instead of doubling the peak."""
        self.rendered = []
        self.current = None
        if self.docx is not None:
            body = self.docx.element.body
            if body is not None:
                body.clear()


def _text_lines(xml: str) -> list[str]:
    return [html.unescape(_TAGS.sub("", line))
            for line in _FIELD_CODE.sub("", xml).splitlines()]


@dataclass(frozen=True)
class SourceFacts:
    """What is read from a part's parsed source, once per source: the text a tag may leave
    out (``lost_paragraphs``) and the figures it names (``prefetch``)."""

    conditional: tuple[str, ...]
    figures: tuple[FigurePath, ...]


_FACTS: OrderedDict[tuple[type, str], SourceFacts] = OrderedDict()
_FACTS_LOCK = threading.Lock()


def source_facts(env: Environment, source: str) -> SourceFacts:
    """The facts of a part's source, kept for the few most recent sources (the same
    template is rendered and checked on every draft). A syntax error propagates."""
    key = (type(env), source)
    with _FACTS_LOCK:
        found = _FACTS.get(key)
    if found is None:
        tree = env.parse(source)
        found = SourceFacts(tuple(_conditional_text(tree)), figure_paths(tree))
        with _FACTS_LOCK:
            _FACTS[key] = found
            while len(_FACTS) > 16:
                _FACTS.popitem(last=False)
    return found


def conditional_text(env: Environment, source: str) -> tuple[str, ...]:
    """``_conditional_text`` of a part's source (kept: ``source_facts``)."""
    return source_facts(env, source).conditional


def _conditional_text(tree: nodes.Template) -> list[str]:
    """The text, line by line, that a tag may legitimately leave out of the draft."""
    out: list[str] = []

    def walk(node: nodes.Node, inside: bool) -> None:
        if isinstance(node, nodes.TemplateData):
            if inside:
                out.extend(t.strip() for t in _text_lines(node.data) if t.strip())
            return
        inside = inside or isinstance(node, _CONDITIONAL)
        for child in node.iter_child_nodes():
            walk(child, inside)

    walk(tree, False)
    return out


def _segments(text: str) -> list[str]:
    """The pieces of a template paragraph written outside any tag."""
    return [s.strip() for s in _TAG_SPAN.split(text) if s.strip()]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def lost_paragraphs(tpl: CheckedTemplate, env: Environment) -> list[str]:
    """Where template text vanished from the draft without a tag that removes it."""
    problems: list[str] = []
    for part in tpl.rendered:
        conditional = conditional_text(env, part.source)
        # the body docxtpl has just parsed into the document (fix_tables and the drawing
        # ids change no text); headers, footers and footnotes are small and parsed here
        root = (tpl.docx.element.body if part.where == BODY and tpl.is_rendered
                else etree.fromstring(part.result.encode("utf-8"), _PARSER))
        output = "\n".join(own_text(p) for p in root.iter(_P)) if root is not None else ""
        cursor = 0
        for p in part.template:
            for segment in _segments(p.text):
                if any(segment in piece for piece in conditional):
                    continue
                found = output.find(segment, cursor)
                if found < 0:
                    problems.append(f"{part.where}第{p.number}段“{_short(p.text)}”中的"
                                    f"“{_short(segment, 20)}”")
                    break
                cursor = found + len(segment)
    return problems


def _final_parts(tpl: DocxTemplate) -> list[tuple[str, etree._Element]]:
    doc = tpl.docx
    out: list[tuple[str, etree._Element]] = [(BODY, doc.element.body)]
    for rel in doc.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            if element is None:
                element = etree.fromstring(rel.target_part.blob, _PARSER)
            out.append(("页眉页脚", element))
    for part in doc.part.package.parts:
        if part.content_type in (FOOTNOTES, ENDNOTES):
            blob = part.blob if isinstance(part.blob, bytes) else part.blob.encode("utf-8")
            where = "脚注" if part.content_type == FOOTNOTES else "尾注"
            out.append((where, etree.fromstring(blob, _PARSER)))
    return out


_BRACES = frozenset(ch for mark in TAG_MARKS for ch in mark if ch in "{}｛｝")
assert all(any(ch in _BRACES for ch in mark) for mark in TAG_MARKS)


def _has_braces(root: etree._Element) -> bool:
    """Whether any text of the part holds a brace (all its text at once, in C: a superset
    of the paragraphs' own text, so ``False`` means no paragraph can hold a tag mark)."""
    text = etree.tostring(root, method="text", encoding=str)
    return any(ch in text for ch in _BRACES)


def leftover_tags(tpl: DocxTemplate, data: set[str]) -> list[str]:
    """Paragraphs of the finished draft that still hold a tag (data that printed tag
    characters excepted)."""
    pieces = sorted({piece for value in data for piece in _DATA_BREAKS.split(value)
                     if any(mark in piece for mark in TAG_MARKS)}, key=len, reverse=True)
    problems: list[str] = []
    for where, root in _final_parts(tpl):
        if not _has_braces(root):  # every tag mark has one: no paragraph can hold a tag
            continue
        for p in root.iter(_P):
            text = own_text(p)
            rest = text
            for piece in pieces:
                rest = rest.replace(piece, "")
            marks = [m for m in TAG_MARKS if m in rest]
            if marks:
                problems.append(f"{where}中的段落“{_short(text)}”（留有“{marks[0]}”）")
    return problems


def check_rendered(tpl: CheckedTemplate, env: Environment) -> None:
    """Raise ``AppError`` when a template paragraph went missing from the draft."""
    lost = lost_paragraphs(tpl, env)
    if lost:
        raise AppError("填写模板后，下列模板文字没有出现在文稿中（多半是前面有没写完整的标记，"
                       "把后面的段落吞掉了），没有写入任何文件：\n  "
                       + "\n  ".join(lost[:8]) + (f"\n  ……另有{len(lost) - 8}处"
                                                  if len(lost) > 8 else ""))


def check_finished(tpl: DocxTemplate, data: set[str]) -> None:
    """Raise ``AppError`` when the finished draft still holds template tags."""
    left = leftover_tags(tpl, data)
    if left:
        raise AppError("生成的文稿中还留有模板标记，没有写入任何文件。请检查模板中的这些地方"
                       "（标记要用英文半角、在同一段内写完整）：\n  " + "\n  ".join(left[:8])
                       + (f"\n  ……另有{len(left) - 8}处" if len(left) > 8 else ""))
