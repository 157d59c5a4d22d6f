"""Expressions a template may not contain, found before anything is rendered.

Rendering is sandboxed (``sandbox``), so none of these can run; the check refuses them up front
so that ``template check`` and ``template add`` say so plainly instead of a template that fails
at every generation. Refused: Python internals (``__class__``, ``__globals__``, ``mro``,
``func_globals``, ``gi_frame`` …), the objects behind the figures (``tracker``, ``db`` …), the
names Jinja or other template engines use to reach the program (``self``, ``config``,
``request``, ``cycler``, ``lipsum``, ``joiner``), attribute names built at run time
(``x|attr(name)``, ``x['__cl' ~ 'ass__']``), and ``import``/``include``/``extends``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jinja2 import Environment, TemplateSyntaxError, nodes

FORBIDDEN_NAMES = frozenset({"self", "config", "request", "cycler", "lipsum", "joiner",
                             "environment", "context", "varargs", "kwargs"})
INTERNAL_ATTRS = frozenset({
    "mro", "func_globals", "func_code", "func_closure", "func_defaults", "func_dict",
    "f_globals", "f_locals", "f_builtins", "f_back", "f_code", "gi_frame", "gi_code",
    "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "ag_frame", "ag_code", "tb_frame",
    "tb_next", "co_code", "im_func", "im_self", "im_class", "globals", "builtins",
    "subclasses", "modules", "environment", "import_module", "popen", "system", "eval", "exec",
    # the objects behind the figures and the chart maker
    "tracker", "source", "db", "tpl", "fv", "bv", "blocked",
})
_IDENTIFIER_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_FORMAT_FIELD = re.compile(r"{[^{}]*[.\[]_[^{}]*}")  # "{0.__class__}".format(x)
_WHOLE_TAG = re.compile(r"{{.*?}}|{%.*?%}")
_ATTRIBUTE_FILTERS = frozenset({"map", "selectattr", "rejectattr", "sort", "groupby", "sum",
                                "unique", "min", "max"})


def unsafe_attribute(name: str) -> bool:
    """``__class__``, ``_source``, ``func_globals`` … (not a plain run of underscores)."""
    return (name.startswith("_") and name.strip("_") != "") or name in INTERNAL_ATTRS


def _unsafe_path(text: str) -> str | None:
    if not _IDENTIFIER_PATH.fullmatch(text):
        return None
    return next((part for part in text.split(".") if unsafe_attribute(part)), None)


def _why(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name) and node.name in FORBIDDEN_NAMES:
        return f"“{node.name}”"
    if isinstance(node, nodes.Getattr) and unsafe_attribute(node.attr):
        return f"“.{node.attr}”"
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        part = _unsafe_path(node.value)
        if part is not None:
            return f"“{part}”"
        field = _FORMAT_FIELD.search(node.value)
        if field is not None:
            return f"格式字符串中的“{field.group(0)}”"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Concat | nodes.Filter |
                                                      nodes.Call):
        return "拼接出来的属性名"
    if isinstance(node, nodes.Filter) and node.name == "attr" and not (
            len(node.args) == 1 and isinstance(node.args[0], nodes.Const)):
        return "“attr(…)”取拼接出来的属性名"
    if isinstance(node, nodes.Filter) and node.name in _ATTRIBUTE_FILTERS:
        for kw in node.kwargs:
            if kw.key == "attribute" and not isinstance(kw.value, nodes.Const):
                return f"“{node.name}(attribute=…)”取拼接出来的属性名"
    if isinstance(node, nodes.Import | nodes.FromImport | nodes.Include | nodes.Extends):
        return "“import / include / extends”（模板不能引用其他文件）"
    return None


def unsafe_tokens(env: Environment, text: str) -> list[str]:
    """What a paragraph's tags reach for, found from their tokens alone — for a template that
    does not parse as a whole (a broken tag elsewhere must not hide an unsafe one)."""
    found: list[str] = []
    for tag in _WHOLE_TAG.findall(text):
        try:
            tokens = list(env.lexer.tokeniter(tag, None))
        except TemplateSyntaxError:
            continue
        previous = ""
        for _line, kind, value in tokens:
            what = None
            if kind == "name" and previous == "." and unsafe_attribute(value):
                what = f"“.{value}”"
            elif kind == "name" and previous != "." and value in FORBIDDEN_NAMES:
                what = f"“{value}”"
            elif kind == "string" and _FORMAT_FIELD.search(value):
                what = f"格式字符串中的“{_FORMAT_FIELD.search(value).group(0)}”"  # type: ignore
            elif kind == "string":
                part = _unsafe_path(value.strip("'\""))
                what = f"“{part}”" if part else None
            if what and what not in found:
                found.append(what)
            previous = value if kind == "operator" else ""
    return found


def unsafe_nodes(tree: nodes.Node) -> Iterator[tuple[int, str]]:
    """(line, what) of every expression the template may not contain."""
    for node in tree.find_all(nodes.Node):
        why = _why(node)
        if why is not None:
            yield node.lineno, why
