"""Checking a template before anything is rendered: tag syntax, and every field against the
kind's context (``tagschema``). Each problem names the paragraph it is in, so a clerk can find
it in Word or WPS, and unknown fields come with the nearest known ones."""

from __future__ import annotations

import difflib
import html
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from jinja2 import Environment, TemplateSyntaxError, nodes
from lxml import etree

from app.reports.filters import FILTERS, environment
from app.reports.tagcheck import TemplatePart, locate, tag_issues, template_parts
from app.reports.tagsafety import FORBIDDEN_NAMES, unsafe_attribute, unsafe_nodes, unsafe_tokens
from app.reports.tagschema import Node, kind_roots

JINJA_GLOBALS = {"range", "dict", "namespace", "loop", "true", "false", "none", "True", "False",
                 "None"}
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class TemplateProblem:
    kind: str  # 语法错误 | 未知字段 | 不安全 | 文件
    where: str  # 正文 / 页眉页脚 / 脚注 / 文档属性
    paragraph: str  # the text of the paragraph, as the clerk sees it
    message: str
    suggestions: tuple[str, ...] = ()
    number: int | None = None  # the paragraph's place in its part (1-based), when known

    def __str__(self) -> str:
        nth = f"第{self.number}段" if self.number else "段落"
        place = f"{self.where}{nth}“{_short(self.paragraph)}”" if self.paragraph else self.where
        tip = f"是否应为：{'、'.join(self.suggestions)}？" if self.suggestions else ""
        return f"{place}：{self.message}{tip}"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def template_sources(path: Path) -> list[tuple[str, str]]:
    """(where, Jinja source) of the body, each header/footer, the footnotes and the document
    properties, one paragraph per line — exactly what docxtpl renders."""
    return [(part.where, part.source) for part in template_parts(path)]


def _at(part: TemplatePart, lineno: int | None) -> tuple[str, int | None]:
    """The paragraph (as the clerk wrote it) and its number, for a line of the source."""
    text = source_paragraph(part.source, lineno)
    found = locate(part, text, lineno)
    return (found.text, found.number) if found is not None else (text, None)


def source_paragraph(src: str, lineno: int | None) -> str:
    lines = src.splitlines()
    if not lineno or lineno > len(lines):
        return ""
    return html.unescape(_TAGS.sub("", lines[lineno - 1]))


_SYNTAX: list[tuple[re.Pattern[str], Callable[..., str]]] = [
    (re.compile(r"unexpected '}'"), lambda: "“}}”或“%}”多余，或前面的“{{”“{%”没有写完整"),
    (re.compile(r"unexpected end of template", re.I), lambda: "有“{% for %}”或“{% if %}”没有结束"),
    (re.compile(r"Encountered unknown tag '(end\w+)'"),
     lambda tag: f"“{{% {tag} %}}”找不到对应的开始标记"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), lambda tag: f"不认识的标记“{tag}”"),
    (re.compile(r"expected token '([^']+)', got '([^']*)'"),
     lambda _want, got: f"标记写法有误（在“{got}”附近）"),
    (re.compile(r"unexpected char '(.)'"), lambda ch: f"标记中有不允许的字符“{ch}”"),
    (re.compile(r"no filter named '(\w+)'"), lambda name: f"没有名为“{name}”的写法（过滤器）"),
]
_BLOCK = re.compile(r"{%-?\s*(?:p |tr |tc |r )?\s*(for|if|endfor|endif)\b")


def _unclosed(src: str) -> int | None:
    """Line of the innermost block tag that is never closed."""
    stack: list[tuple[str, int]] = []
    for lineno, line in enumerate(src.splitlines(), 1):
        for m in _BLOCK.finditer(line):
            word = m.group(1)
            if word.startswith("end"):
                if stack and stack[-1][0] == word[3:]:
                    stack.pop()
            else:
                stack.append((word, lineno))
    return stack[-1][1] if stack else None


def _syntax_problem(part: TemplatePart, exc: TemplateSyntaxError) -> TemplateProblem:
    text = str(exc.message or exc)
    message = "标记写法有误"
    for pattern, chinese in _SYNTAX:
        m = pattern.search(text)
        if m:
            message = chinese(*m.groups())
            break
    lineno = exc.lineno
    if "end of template" in text.lower():
        lineno = _unclosed(part.source) or lineno
        message += "（缺少对应的 {% endfor %} 或 {% endif %}）"
    paragraph, number = _at(part, lineno)
    return TemplateProblem("语法错误", part.where, paragraph, f"{message}。（技术信息：{text}）",
                           number=number)


@dataclass
class _Walker:
    part: TemplatePart
    roots: dict[str, Node]
    problems: list[TemplateProblem] = field(default_factory=list)
    keys: dict[str, None] = field(default_factory=dict)  # figures and breakdowns, as met

    def found(self, node: Node | None) -> Node | None:
        """Note a figure or breakdown the template names (its registry key)."""
        if node is not None and node.key and node.kind in ("figure", "breakdown"):
            self.keys.setdefault(node.key, None)
        return node

    def add(self, kind: str, node: nodes.Node, message: str,
            suggestions: tuple[str, ...] = ()) -> None:
        paragraph, number = _at(self.part, node.lineno)
        self.problems.append(TemplateProblem(kind, self.part.where, paragraph, message,
                                             suggestions, number))

    def problem(self, node: nodes.Node, path: str, choices: dict[str, Node], prefix: str
                ) -> None:
        name = path.rsplit(".", 1)[-1]
        close = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.6)
        if not close and prefix == "":  # a bare "accepted": look inside the figure groups
            close = [f"{g}.{n}" for g, sub in self.roots.items() for n in sub.children
                     if n == name][:3]
        hints = tuple(f"{prefix}{c}（{_label(choices, c, self.roots)}）" for c in close)
        self.add("未知字段", node, f"没有“{path}”这个字段", hints)

    def resolve(self, node: nodes.Node, scope: dict[str, Node | None]) -> Node | None:
        """The schema node an expression stands for; None when unknown (not checked)."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.roots:
                return self.found(self.roots[node.name])
            if node.name not in JINJA_GLOBALS and node.name not in FORBIDDEN_NAMES:
                self.problem(node, node.name, self.roots, "")
            return None
        if isinstance(node, nodes.Getattr):
            base = self.resolve(node.node, scope)
            if unsafe_attribute(node.attr):  # refused as 不安全, not as an unknown field
                return None
            if base is None or base.kind in ("value", "function", "method"):
                return None
            children = base.children
            if node.attr in children:
                return self.found(children[node.attr])
            if base.kind == "list" and node.attr in ("count",):
                return None
            self.problem(node, f"{_path(node.node)}.{node.attr}", children,
                         f"{_path(node.node)}.")
            return None
        if isinstance(node, nodes.Getitem):
            base = self.resolve(node.node, scope)
            self.visit(node.arg, scope)
            return base.item if base is not None and base.kind in ("list", "breakdown") else None
        if isinstance(node, nodes.Call):
            target = self.resolve(node.node, scope)
            for child in [*node.args, *(k.value for k in node.kwargs)]:
                self.visit(child, scope)
            return target.returns if target is not None else None
        if isinstance(node, nodes.Filter):
            if node.node is not None:
                self.visit(node.node, scope)
            if node.name not in FILTERS and node.name not in environment().filters:
                self.add("未知字段", node, f"没有名为“{node.name}”的写法（过滤器）",
                         tuple(difflib.get_close_matches(node.name, list(FILTERS), n=3)))
            for child in node.args:
                self.visit(child, scope)
            return None
        self.visit(node, scope)
        return None

    def visit(self, node: nodes.Node, scope: dict[str, Node | None]) -> None:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem | nodes.Call |
                      nodes.Filter):
            self.resolve(node, scope)
            return
        if isinstance(node, nodes.For):
            iterable = self.resolve(node.iter, scope)
            inner = dict(scope, loop=None)
            for target in _names(node.target):
                inner[target] = iterable.item if iterable is not None else None
            if node.test is not None:
                self.visit(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            for name in _names(node.target):
                scope[name] = None
            body = [node.node] if isinstance(node, nodes.Assign) else node.body
            for child in body:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope, **{a.name: None for a in getattr(node, "args", [])},
                         caller=None, varargs=None, kwargs=None)
            if isinstance(node, nodes.Macro):
                scope[node.name] = None
            for child in node.body:
                self.visit(child, inner)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def _names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    if isinstance(target, nodes.Tuple):
        return [n for item in target.items for n in _names(item)]
    return []


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_path(node.node)}[…]"
    return "…"


def _label(choices: dict[str, Node], name: str, roots: dict[str, Node]) -> str:
    if "." in name:
        group, rest = name.split(".", 1)
        return roots[group].children[rest].label
    return choices[name].label


def _unsafe(part: TemplatePart, tree: nodes.Template) -> list[TemplateProblem]:
    """One problem per paragraph that reaches for the program's internals."""
    found: dict[int, list[str]] = {}
    for lineno, what in unsafe_nodes(tree):
        whats = found.setdefault(lineno, [])
        if what not in whats:
            whats.append(what)
    problems = []
    for lineno, whats in found.items():
        paragraph, number = _at(part, lineno)
        problems.append(TemplateProblem("不安全", part.where, paragraph, _unsafe_message(whats),
                                        number=number))
    return problems


def _unsafe_by_tokens(env: Environment, part: TemplatePart) -> list[TemplateProblem]:
    out = []
    for p in part.paragraphs:
        whats = unsafe_tokens(env, p.text.replace("“", '"').replace("”", '"'))
        if whats:
            out.append(TemplateProblem("不安全", part.where, p.text, _unsafe_message(whats),
                                       number=p.number))
    return out


def _unsafe_message(whats: list[str]) -> str:
    return (f"用到了{'、'.join(whats)}：这是程序内部的东西，不是字段说明中的字段，"
            "可能被用来读取或改动电脑上的文件、执行命令，模板中不允许使用")


def validate_template(path: Path, kind: str) -> list[TemplateProblem]:
    """Every problem of the template at ``path`` for documents of ``kind`` (empty: fine):
    broken or misplaced tags (paragraph by paragraph), Jinja syntax, expressions that reach
    the program's internals, and fields the kind does not have."""
    try:
        parts = template_parts(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        return [TemplateProblem("文件", "文件", "", f"不是有效的 Word 文档（.docx）：{exc}")]
    env = environment()
    roots = kind_roots(kind)
    problems: list[TemplateProblem] = []
    for part in parts:
        found = _part_problems(part, env, roots)
        problems.extend(sorted(found, key=lambda p: p.number or 1_000_000))
    return problems


def template_keys(path: Path, kind: str) -> list[str]:
    """The registry keys of every figure and breakdown the template at ``path`` names, in the
    order they first appear — wherever they are (a condition, a loop over units, a macro):
    what a document from it can use. A template that does not parse names none."""
    env = environment()
    roots = kind_roots(kind)
    keys: dict[str, None] = {}
    for part in template_parts(path):
        try:
            tree = env.parse(part.source)
        except TemplateSyntaxError:
            continue
        walker = _Walker(part, roots)
        walker.visit(tree, {})
        keys.update(walker.keys)
    return list(keys)


def _part_problems(part: TemplatePart, env: Environment, roots: dict[str, Node]
                   ) -> list[TemplateProblem]:
    """The problems of one part (body, headers and footers …)."""
    problems: list[TemplateProblem] = []
    issues = tag_issues([part])
    problems.extend(TemplateProblem("语法错误", i.where, i.paragraph.text, f"{i.message}。",
                                    number=i.paragraph.number) for i in issues)
    if issues:  # broken tags glue paragraphs together: whatever else Jinja says follows
        problems.extend(_unsafe_by_tokens(env, part))
        return problems
    try:
        tree = env.parse(part.source)
    except TemplateSyntaxError as exc:
        problems.append(_syntax_problem(part, exc))
        problems.extend(_unsafe_by_tokens(env, part))
        return problems
    problems.extend(_unsafe(part, tree))
    walker = _Walker(part, roots)
    walker.visit(tree, {})
    problems.extend(walker.problems)
    return problems
