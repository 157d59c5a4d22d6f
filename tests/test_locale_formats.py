"""No locale-dependent date formats: ``strftime("%Y年%m月%d日")`` fails on a PC whose locale
is not Chinese (Windows encodes the format in the locale's code page). Dates in Chinese are
written with ``app.text.numerals.cn_date``/``cn_month`` instead; this check walks the source of
``app/`` and ``ui/`` and fails on a strftime/strptime format, or a ``f"{day:%Y年…}"`` format
spec, that contains a non-ASCII character."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORMAT_CALLS = ("strftime", "strptime")


def _literal(node: ast.AST | None) -> str:
    """The constant text of ``node`` (string parts of an f-string included)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_literal(v) for v in node.values)
    return ""


def locale_formats(source: str, filename: str = "<string>") -> list[str]:
    """``line: format`` of every non-ASCII date format in ``source``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in FORMAT_CALLS:
                continue
            # datetime.strptime(text, fmt) / time.strptime(text, fmt) / d.strftime(fmt);
            # time.strftime(fmt, t) and datetime.strftime(d, fmt) put it elsewhere: check all.
            texts = [_literal(arg) for arg in node.args]
            texts += [_literal(k.value) for k in node.keywords if k.arg == "format"]
            found += [f"{node.lineno}: {t}" for t in texts if "%" in t and not t.isascii()]
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = _literal(node.format_spec)
            if "%" in spec and not spec.isascii():
                found.append(f"{node.lineno}: {spec}")
    return found


def test_the_check_finds_each_form_of_locale_format() -> None:
    source = (
        'import datetime as dt, time\n'
        'a = dt.date.today().strftime("%Y年%m月%d日")\n'
        'b = dt.datetime.strptime("2024年1月2日", "%Y年%m月%d日")\n'
        'c = f"{dt.date.today():%Y年%m月}"\n'
        'd = time.strftime("%Y-%m-%d")\n'
        'e = f"{dt.date.today():%Y-%m-%d}（导出）"\n'
        'f = dt.date.today().strftime(format="%m月")\n'
    )
    assert sorted(int(line.split(":")[0]) for line in locale_formats(source)) == [2, 3, 4, 7]


@pytest.mark.parametrize("package", ["app", "ui"])
def test_no_non_ascii_date_format_in_the_source(package: str) -> None:
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT)
        problems += [f"{rel}:{p}" for p in locale_formats(path.read_text(encoding="utf-8"),
                                                            str(rel))]
    assert not problems, ("日期格式含中文，非中文系统上会出错；请改用 app.text.numerals.cn_date："
                          + "；".join(problems))
