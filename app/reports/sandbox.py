"""The environment every template renders in: Jinja's immutable sandbox, made stricter.

A template is data a clerk may have received from anywhere, so it must not be able to run
anything. Jinja's ``ImmutableSandboxedEnvironment`` already refuses attributes that start with
``_`` (``__class__``, ``__globals__`` …), Python internals (``func_globals``, ``gi_frame``,
``mro``) and methods that change lists and dicts. On top of that:

- objects that lead to the program itself are out of reach, whichever attribute names them: the
  database, the figure tracker and its sources, the docxtpl/python-docx document, sessions,
  engines, modules, classes and paths (``proposals.accepted.tracker.db`` is refused);
- ``cycler``, ``lipsum`` and ``joiner`` are not offered (no built-in template needs them);
  ``range`` is capped at a thousand items; ``*`` and ``**`` cannot build huge values, nor can
  a call or a filter with a huge number (``'x'.ljust(10**9)``, ``|center(10**9)``) or a huge
  width in a format (``'%0999999999d' % 1``, ``'{:>999999999}'.format(1)``);
- reaching for an unsafe attribute fails at once, even where Jinja would only have returned an
  undefined value (``x.__class__ is defined``, ``|map(attribute='__class__')``);
- every value a ``{{ … }}`` prints is noted when it carries template tag characters, so that the
  leftover-tag scan after rendering (``render_check``) can tell data from a broken tag.
"""

from __future__ import annotations

import functools
import operator
import os
import re
import types
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_ITEMS = 1000  # range(…) and list repetition
MAX_TEXT = 100_000  # characters a * may build
MAX_EXPONENT = 64
MAX_WIDTH = 1000  # field width or precision in a format string
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d*)(?:\.(\*|\d*))?")
_BRACE_SPEC = re.compile(r"{[^{}]*:([^{}]*)}|{[^{}]*{")
_SIZED_FILTERS = ("center", "indent", "wordwrap", "truncate", "format", "filesizeformat")
TAG_MARKS = ("{{", "}}", "{%", "%}", "｛｛", "｝｝", "｛％", "％｝")
REMOVED_GLOBALS = ("cycler", "lipsum", "joiner")


def _blocked_types() -> tuple[type, ...]:
    """Types whose instances a template may neither reach nor look into."""
    from docx.document import Document as DocxDocument
    from docxtpl import DocxTemplate
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from app.db.engine import Database
    from app.reports.context import Build
    from app.reports.figure_text import Source, Tracker

    return (types.ModuleType, type, types.FrameType, types.CodeType, types.TracebackType,
            os.PathLike, Database, Tracker, Source, Build, DocxTemplate, DocxDocument,
            Session, Engine, Connection)


def small_range(*args: int) -> range:
    """``range`` for templates: at most ``MAX_ITEMS`` numbers."""
    rng = range(*args)
    if len(rng) > MAX_ITEMS:
        raise SecurityError(f"range 最多只能产生{MAX_ITEMS}个数")
    return rng


def check_format(fmt: str) -> None:
    """Refuse a format string whose width or precision would build a huge text."""
    for m in _PERCENT_SPEC.finditer(fmt):
        for number in m.groups():
            if number == "*" or (number and int(number) > MAX_WIDTH):
                raise SecurityError(f"格式中的宽度或精度不能超过{MAX_WIDTH}")
    for m in _BRACE_SPEC.finditer(fmt):
        spec = m.group(1)
        if spec is None or any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec)):
            raise SecurityError(f"格式中的宽度或精度不能超过{MAX_WIDTH}")


def _check_numbers(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
            raise SecurityError(f"数太大（{value}），不能用作长度或次数")


def _sized(name: str, f: Any) -> Any:
    @functools.wraps(f)
    def checked(*args: Any, **kwargs: Any) -> Any:
        _check_numbers(args, kwargs)
        if name == "format":
            values = [a for a in args if isinstance(a, str)]
            if values:
                check_format(values[0])
        return f(*args, **kwargs)

    return checked


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


class ReportEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, autoescaped, strict about undefined names; see the module docstring."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=self._note)
        for name in REMOVED_GLOBALS:
            self.globals.pop(name, None)
        self.globals["range"] = small_range
        for name in _SIZED_FILTERS:
            if name in self.filters:
                self.filters[name] = _sized(name, self.filters[name])
        self.blocked = _blocked_types()
        self.tagged_values: set[str] = set()  # printed values that contain tag characters

    def _note(self, value: Any) -> Any:
        if isinstance(value, str) and any(mark in value for mark in TAG_MARKS):
            self.tagged_values.add(str(value))
        return value

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not isinstance(obj, self.blocked) and not isinstance(value, self.blocked)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Fail at once (Jinja would return an undefined value that fails only when printed,
        so ``x.__class__ is defined`` or a ``|map(attribute=…)`` would pass silently)."""
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} "
                            "object is unsafe.")

    def is_safe_callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        if owner is not None and isinstance(owner, self.blocked):
            return False
        return super().is_safe_callable(obj)

    def call(__self, __context: Any, __obj: Any, *args: Any,  # noqa: N805 - as in Jinja
             **kwargs: Any) -> Any:
        _check_numbers(args, kwargs)
        wrapped = getattr(__obj, "__wrapped__", None)  # str.format, as the sandbox wraps it
        owner = getattr(wrapped, "__self__", None)
        if isinstance(owner, str):
            check_format(owner)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "%":
            if isinstance(left, str):
                check_format(left)
            return operator.mod(left, right)
        if operator_ == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"乘方的指数不能超过{MAX_EXPONENT}")
            return operator.pow(left, right)
        for seq, times in ((left, right), (right, left)):
            size = _size(seq)
            if size is not None and isinstance(times, int):
                limit = MAX_TEXT if isinstance(seq, str) else MAX_ITEMS
                if size * times > limit:
                    raise SecurityError("用 * 重复文字或列表得到的结果太长")
        return operator.mul(left, right)
